// Comparing two batches whose runs are not paired (different seeds or run counts).
import * as ss from 'simple-statistics';
import { kolmogorovSurvival } from './kolmogorov.js';
import { tieSum } from './rank.js';
import { tQuantile } from './student-t.js';

export const MANN_WHITNEY_METHOD = 'Mann–Whitney U (normal approximation with tie correction, two-sided)';
export const KS_METHOD = 'two-sample Kolmogorov–Smirnov (asymptotic Kolmogorov distribution, two-sided)';
export const WELCH_METHOD = 'Welch t-interval (95%, Welch–Satterthwaite df)';

export interface MannWhitney {
  u: number | null;
  z: number | null;
  pValue: number | null;
  method: typeof MANN_WHITNEY_METHOD;
}

export interface KsTwoSample {
  d: number | null;
  pValue: number | null;
  method: typeof KS_METHOD;
}

export interface UnpairedDifference {
  nA: number;
  nB: number;
  meanA: number | null;
  meanB: number | null;
  meanDiff: number | null;
  df: number | null;
  lo: number | null;
  hi: number | null;
  method: typeof WELCH_METHOD;
}

// Two-sided normal tail 2(1 − Φ(|z|)) = erfc(|z|/√2); ss.errorFunction is good to ~1e-7 absolute.
const twoSidedNormal = (z: number): number => 1 - ss.errorFunction(Math.abs(z) / Math.SQRT2);

/** U of a (pairs with a > b, ties counting ½) from the rank sum; z without continuity correction, ties corrected. */
export function mannWhitney(a: ArrayLike<number>, b: ArrayLike<number>): MannWhitney {
  const na = a.length;
  const nb = b.length;
  if (na === 0 || nb === 0) return { u: null, z: null, pValue: null, method: MANN_WHITNEY_METHOD };
  const xs = Array.from(a);
  const ys = Array.from(b);
  const u = ss.wilcoxonRankSum(xs, ys) - (na * (na + 1)) / 2;
  const n = na + nb;
  const variance = ((na * nb) / 12) * (n + 1 - tieSum(xs.concat(ys)) / (n * (n - 1)));
  // Every value tied: no evidence either way.
  if (!(variance > 0)) return { u, z: 0, pValue: 1, method: MANN_WHITNEY_METHOD };
  const z = (u - (na * nb) / 2) / Math.sqrt(variance);
  return { u, z, pValue: twoSidedNormal(z), method: MANN_WHITNEY_METHOD };
}

/** D = sup |F_a − F_b| over the pooled values (ties stepped together); p from the limiting Kolmogorov law. */
export function ksTwoSample(a: ArrayLike<number>, b: ArrayLike<number>): KsTwoSample {
  const na = a.length;
  const nb = b.length;
  if (na === 0 || nb === 0) return { d: null, pValue: null, method: KS_METHOD };
  const sa = Float64Array.from(a).sort();
  const sb = Float64Array.from(b).sort();
  let i = 0;
  let j = 0;
  let d = 0;
  while (i < na && j < nb) {
    const v = Math.min(sa[i], sb[j]);
    while (i < na && sa[i] === v) i++;
    while (j < nb && sb[j] === v) j++;
    d = Math.max(d, Math.abs(i / na - j / nb));
  }
  return { d, pValue: kolmogorovSurvival(Math.sqrt((na * nb) / (na + nb)) * d), method: KS_METHOD };
}

/** Difference of means a − b with a Welch t 95% interval (Welch–Satterthwaite df); no interval if either n < 2. */
export function unpairedDifference(a: ArrayLike<number>, b: ArrayLike<number>): UnpairedDifference {
  const na = a.length;
  const nb = b.length;
  const xs = Array.from(a);
  const ys = Array.from(b);
  const meanA = na > 0 ? ss.mean(xs) : null;
  const meanB = nb > 0 ? ss.mean(ys) : null;
  const meanDiff = meanA === null || meanB === null ? null : meanA - meanB;
  const none: UnpairedDifference = {
    nA: na, nB: nb, meanA, meanB, meanDiff, df: null, lo: null, hi: null, method: WELCH_METHOD,
  };
  if (meanDiff === null || na < 2 || nb < 2) return none;
  const wa = ss.sampleVariance(xs) / na;
  const wb = ss.sampleVariance(ys) / nb;
  const se2 = wa + wb;
  // Both samples constant: the difference is known exactly.
  if (se2 === 0) return { ...none, lo: meanDiff, hi: meanDiff };
  const df = (se2 * se2) / ((wa * wa) / (na - 1) + (wb * wb) / (nb - 1));
  const half = tQuantile(0.975, df) * Math.sqrt(se2);
  return { ...none, df, lo: meanDiff - half, hi: meanDiff + half };
}
