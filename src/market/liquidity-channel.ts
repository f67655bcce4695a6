// The liquidity channel (issue 15 item 2): who holds the new dollars, and when.
//
// Timing: the new dollars follow a moving average of the reserves' path, not each day's change. Daily reserve swings
// that reverse within weeks — the TGA's tax-day noise, settlement days — reach crypto only as far as they move that
// average; a lasting change (QT, a TGA run-down, a FIMA draw) passes in full over a few half-lives. halfLife null:
// each day's change passes the same day.
//
// Who: with channel 'deposit-share' (the default) the new (or drained) dollars are spread over the depositors in
// proportion to their deposits, the crypto holders' weighted by `tilt` (their propensity per dollar held, against an
// average depositor's 1): crypto's part is tilt·C / (tilt·C + R), C the crypto cohorts' deposits, R everyone else's.
// So a drain reaches a small crypto market in proportion to its size. With 'reserves-inflow' (v1) a fixed `share` of
// the change goes to the funds cohort. Either way the dollars move on the ledger (crypto-flows.ts toCryptoHolder).

export type ChannelKind = 'deposit-share' | 'reserves-inflow';

export interface LiquidityChannel {
  readonly kind: ChannelKind;
  readonly share: number;
  readonly tilt: number;
  readonly keep: number; // 2^(−1/halfLife); 0 passes each day's change at once
  level: number; // Σ ΔReserves since tick 0
  smoothed: number; // the moving average of `level`
}

export function createLiquidityChannel(p: { channel?: ChannelKind; share: number; tilt?: number; halfLife: number | null }): LiquidityChannel {
  return {
    kind: p.channel ?? 'reserves-inflow', share: p.share, tilt: p.tilt ?? 0,
    keep: p.halfLife === null ? 0 : 2 ** (-1 / p.halfLife), level: 0, smoothed: 0,
  };
}

/** Today's step of the smoothed new dollars, USD bn, from today's change in reserves (the timing rule alone). */
export function newDollars(c: LiquidityChannel, reservesChange: number): number {
  if (c.keep === 0) return reservesChange; // exactly the day's change (no rounding of a running sum)
  c.level += reservesChange;
  const next = c.keep * c.smoothed + (1 - c.keep) * c.level;
  const step = next - c.smoothed;
  c.smoothed = next;
  return step;
}

/** The 'reserves-inflow' channel: today's flow into (out of, if negative) the funds' cash, USD bn. */
export function liquidityInflow(c: LiquidityChannel, reservesChange: number): number {
  return c.share * newDollars(c, reservesChange);
}

/** The 'deposit-share' rule: crypto holders' part of new dollars, given their deposits C and everyone else's R. */
export function cryptoShare(tilt: number, cryptoDeposits: number, otherDeposits: number): number {
  const weighted = tilt * Math.max(0, cryptoDeposits);
  return weighted > 0 ? weighted / (weighted + Math.max(0, otherDeposits)) : 0;
}
