// Comparing two batches run with the same master seed: run i of A is paired with run i of B (common random numbers).
import * as ss from 'simple-statistics';
import { tQuantile } from './student-t.js';

export const PAIRED_METHOD = 't-interval (95%, n−1 df)';

export interface PairedDifference {
  n: number;
  meanA: number | null;
  meanB: number | null;
  meanDiff: number | null;
  sdDiff: number | null;
  lo: number | null;
  hi: number | null;
  method: typeof PAIRED_METHOD;
  pGreater: number | null;
  pEqual: number | null;
  pLess: number | null;
}

/** Mean of a[i] − b[i] with a Student t 95% interval (n − 1 df); shares of pairs with a > b, a = b, a < b. */
export function pairedDifference(a: ArrayLike<number>, b: ArrayLike<number>): PairedDifference {
  if (a.length !== b.length) {
    throw new RangeError(`pairedDifference needs equal lengths (got ${a.length} and ${b.length})`);
  }
  const n = a.length;
  if (n === 0) {
    return { n, meanA: null, meanB: null, meanDiff: null, sdDiff: null, lo: null, hi: null,
      method: PAIRED_METHOD, pGreater: null, pEqual: null, pLess: null };
  }
  const diffs = new Array<number>(n);
  let greater = 0;
  let equal = 0;
  let less = 0;
  for (let i = 0; i < n; i++) {
    diffs[i] = a[i] - b[i];
    if (a[i] > b[i]) greater++;
    else if (a[i] === b[i]) equal++;
    else if (a[i] < b[i]) less++;
  }
  const meanDiff = ss.mean(diffs);
  const sdDiff = n < 2 ? 0 : ss.sampleStandardDeviation(diffs);
  const half = n < 2 ? null : tQuantile(0.975, n - 1) * (sdDiff / Math.sqrt(n));
  return {
    n,
    meanA: ss.mean(Array.from(a)),
    meanB: ss.mean(Array.from(b)),
    meanDiff,
    sdDiff,
    lo: half === null ? null : meanDiff - half,
    hi: half === null ? null : meanDiff + half,
    method: PAIRED_METHOD,
    pGreater: greater / n,
    pEqual: equal / n,
    pLess: less / n,
  };
}
