import { brent } from './root-finder.js';

// The expected short-rate path markets price (issue 14 item 1), a two-factor level/slope path:
//   E_t[r(t+h)] = L_t + S_t·e^(−κh)          (h in years)
// so the average expected short rate over the next n years is  A_n = L + S·(1 − e^(−κn))/(κn).  The 10y is
// A_10 + the term premium (treasury-market.ts). The path opens from the curve (fitCurve: the policy rate is the short
// end, the 3m yield is A_¼, the 2y is A_2 with no term premium) and moves by news (a level and a slope shock each
// tick, from a stream of their own: far-path news moves the level around a fixed short end, short-end news moves the
// near path) and by policy surprises (a change of the policy rate the path did not expect).

export interface RatePath {
  level: number; // L, decimal: the rate the path converges to
  slope: number; // S, decimal: short end minus level
}

export interface RatePathRules {
  readonly kappa: number; // κ, per year
  readonly rollDecay: number; // e^(−κ/252): the slope's roll-down over one tick (a fixed date's expectation stays put)
  readonly levelAnchor: number; // the level the news mean-reverts to (its opening value)
  readonly levelDecay: number; // per tick
  readonly levelSd: number; // decimal per tick: far-path news (the short end stays)
  readonly slopeSd: number; // decimal per tick: short-end news
  readonly surpriseToLevel: number; // θ: share of a policy surprise that moves the level (the rest moves the slope)
}

/** (1 − e^(−κn))/(κn): how much of the slope an n-year average keeps. */
export function slopeLoading(kappa: number, years: number): number {
  const x = kappa * years;
  return x < 1e-12 ? 1 : (1 - Math.exp(-x)) / x;
}

export const shortEnd = (p: RatePath): number => p.level + p.slope;

/** The range of κ (per year) the curve may choose: half-lives from about 3 weeks to 14 years. */
export const KAPPA_RANGE = [0.05, 12] as const;

/** The share of the 2-year average's move away from the short end that the 3-month average shows: (1 − ℓ(κ, ¼))/(1 − ℓ(κ, 2)). */
const frontShare = (kappa: number): number => (1 - slopeLoading(kappa, 0.25)) / (1 - slopeLoading(kappa, 2));

/**
 * The path through the policy rate and the curve: its short end is today's policy rate r0 (the overnight rate), the
 * 3m bill is the average expected rate over 3 months (A_¼) and the 2y over 2 years (A_2, no term premium at 2 years).
 * Three points fix L, S and κ: κ is the one at which the 3 months show the share of the 2-year move the curve shows,
 * (a3m − r0)/(a2 − r0) = (1 − ℓ(κ, ¼))/(1 − ℓ(κ, 2)), a share that rises from ⅛ (κ → 0) to 1 (κ → ∞). When the curve
 * does not identify κ, the path goes through r0 and the 2y at the κ nearest what the curve says: the fastest in
 * KAPPA_RANGE for a front steeper than it allows (the 3m has moved further than that κ moves it, as on 6 Mar 2020
 * before the 100bp cut), else `fallbackKappa` (a 2y within 5bp of r0, a 3m on the other side of r0 from the 2y —
 * the bill–OIS basis at a flat front — or a front flatter than the slowest κ).
 */
export function fitCurve(r0: number, a3m: number, a2: number, fallbackKappa: number): { path: RatePath; kappa: number; identified: boolean } {
  const share = Math.abs(a2 - r0) >= 5e-4 ? (a3m - r0) / (a2 - r0) : NaN;
  const [lo, hi] = KAPPA_RANGE;
  const identified = share > frontShare(lo) && share < frontShare(hi);
  const kappa = identified ? brent((k) => frontShare(k) - share, lo, hi, 1e-10).x : share >= frontShare(hi) ? hi : fallbackKappa;
  const slope = (r0 - a2) / (1 - slopeLoading(kappa, 2));
  return { path: { level: r0 - slope, slope }, kappa, identified };
}

/** A bill's bond-equivalent yield (actual/365, as H.15 quotes DGS3MO) on the money-market basis (actual/360) of the
 *  EFFR and the ON RRP rate. */
export const moneyMarketBasis = (bondEquivalent: number): number => bondEquivalent * 360 / 365;

/** fitCurve on the curve as quoted (decimals): the EFFR, the 3m bill's bond-equivalent yield and the 2y. */
export function fitQuotedCurve(effr: number, bill3m: number, y2: number, fallbackKappa: number): ReturnType<typeof fitCurve> {
  return fitCurve(effr, moneyMarketBasis(bill3m), y2, fallbackKappa);
}

/** Average expected short rate over the next `years` years. */
export function expectedAverage(p: RatePath, kappa: number, years: number): number {
  return p.level + p.slope * slopeLoading(kappa, years);
}

/**
 * One tick: the slope rolls down (no news ⇒ the expected rate for any fixed date is unchanged), then news. Far-path
 * news moves the level and leaves today's short end where it is (the slope takes the opposite move); short-end news
 * moves the slope alone (the near path).
 */
export function stepPath(p: RatePath, r: RatePathRules, levelShock: number, slopeShock: number): void {
  const level = r.levelAnchor + (p.level - r.levelAnchor) * r.levelDecay + r.levelSd * levelShock;
  p.slope = p.slope * r.rollDecay - (level - p.level) + r.slopeSd * slopeShock;
  p.level = level;
}

/**
 * A policy surprise u (decimal): the policy rate moved by u more than the path's short end had moved since the last
 * decision. The short end takes all of it (it must meet the policy rate again), the level θ of it.
 */
export function applySurprise(p: RatePath, u: number, theta: number): void {
  p.level += theta * u;
  p.slope += (1 - theta) * u;
}
