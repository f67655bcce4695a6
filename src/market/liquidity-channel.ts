// The liquidity channel's timing rule (issue 15 item 2, the TGA-noise part): the funds' cash follows a moving average
// of the reserves' path, not each day's change. Daily reserve swings that reverse within weeks — the TGA's tax-day
// noise, settlement days — reach crypto only as far as they move that average; a lasting change (QT, a TGA run-down)
// passes in full over a few half-lives. The total that passes is the same `share` of the total change: only the
// timing is a rule. halfLife null: each day's change passes the same day (the v1 channel).

export interface LiquidityChannel {
  readonly share: number;
  readonly keep: number; // 2^(−1/halfLife); 0 passes each day's change at once
  level: number; // Σ ΔReserves since tick 0
  smoothed: number; // the moving average of `level`
}

export function createLiquidityChannel(p: { share: number; halfLife: number | null }): LiquidityChannel {
  return { share: p.share, keep: p.halfLife === null ? 0 : 2 ** (-1 / p.halfLife), level: 0, smoothed: 0 };
}

/** Today's flow into (out of, if negative) the funds' cash, USD bn, from today's change in reserves. */
export function liquidityInflow(c: LiquidityChannel, reservesChange: number): number {
  if (c.keep === 0) return c.share * reservesChange; // exactly the v1 channel (no rounding of a running sum)
  c.level += reservesChange;
  const next = c.keep * c.smoothed + (1 - c.keep) * c.level;
  const flow = c.share * (next - c.smoothed);
  c.smoothed = next;
  return flow;
}
