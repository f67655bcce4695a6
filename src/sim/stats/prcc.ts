// Sensitivity of an outcome to sampled parameters (fimasim sample): partial rank correlation and a binned
// first-order index.
import * as ss from 'simple-statistics';
import seedrandom from 'seedrandom';
import { quantilesSorted } from './describe.js';
import { averageRanks } from './rank.js';
import { solveLinear } from './solve.js';

/** Default seed of the PRCC bootstrap: fixed, so a report's intervals are reproducible. */
export const PRCC_BOOTSTRAP_SEED = 'fimasim:prcc';

export interface PrccInterval {
  prcc: number | null;
  lo: number | null;
  hi: number | null;
}

export interface PrccBootstrapOptions {
  resamples?: number;
  seed?: string;
}

// Below this share of its own variance a residual is rounding noise: the variable is a linear function of the others.
const RESIDUAL_TOLERANCE = 1e-10;

function columns(X: readonly (readonly number[])[], y: ArrayLike<number>, rows: ArrayLike<number>): Float64Array[] {
  const p = X.length === 0 ? 0 : X[0].length;
  const cols: Float64Array[] = [];
  for (let j = 0; j <= p; j++) {
    const col = new Float64Array(rows.length);
    for (let i = 0; i < rows.length; i++) col[i] = j < p ? X[rows[i]][j] : y[rows[i]];
    cols.push(averageRanks(col));
  }
  return cols;
}

// PRCC of each of the first m − 1 rank columns with the last. The residuals of x_j and y after least squares on
// the other columns (with intercept, by centring) have cross-products given by the Schur complement of the
// normal equations: C_ab − C_aO C_OO⁻¹ C_Ob. Exactly the residual correlation, without forming residuals.
function prccOfRanks(cols: Float64Array[]): Array<number | null> {
  const m = cols.length;
  const n = cols[0].length;
  const centre = (n + 1) / 2; // the mean of average ranks, ties or not
  const C = new Float64Array(m * m);
  for (let a = 0; a < m; a++) {
    for (let b = a; b < m; b++) {
      let s = 0;
      for (let i = 0; i < n; i++) s += (cols[a][i] - centre) * (cols[b][i] - centre);
      C[a * m + b] = C[b * m + a] = s;
    }
  }
  const yi = m - 1;
  const result: Array<number | null> = [];
  for (let j = 0; j < yi; j++) {
    const others = Array.from({ length: yi }, (_, i) => i).filter((i) => i !== j);
    const k = others.length;
    const S = new Float64Array(k * k);
    const B = new Float64Array(k * 2);
    others.forEach((o, r) => {
      others.forEach((q, c) => (S[r * k + c] = C[o * m + q]));
      B[r * 2] = C[o * m + j];
      B[r * 2 + 1] = C[o * m + yi];
    });
    const sol = solveLinear(S, B, k, 2);
    if (sol === null) {
      result.push(null);
      continue;
    }
    let xx = C[j * m + j];
    let yy = C[yi * m + yi];
    let xy = C[j * m + yi];
    others.forEach((o, r) => {
      xx -= C[j * m + o] * sol[r * 2];
      yy -= C[yi * m + o] * sol[r * 2 + 1];
      xy -= C[j * m + o] * sol[r * 2 + 1];
    });
    const degenerate = !(xx > RESIDUAL_TOLERANCE * C[j * m + j]) || !(yy > RESIDUAL_TOLERANCE * C[yi * m + yi]);
    result.push(degenerate ? null : Math.max(-1, Math.min(1, xy / Math.sqrt(xx * yy))));
  }
  return result;
}

/** Partial rank correlation of y with each column of X (runs × params), average ranks; null if degenerate. */
export function prcc(X: readonly (readonly number[])[], y: ArrayLike<number>): Array<number | null> {
  if (X.length !== y.length) throw new RangeError(`prcc needs one row of X per y (got ${X.length} and ${y.length})`);
  const p = X.length === 0 ? 0 : X[0].length;
  if (X.length < 3) return new Array<number | null>(p).fill(null);
  return prccOfRanks(columns(X, y, Array.from({ length: X.length }, (_, i) => i)));
}

/**
 * PRCC with a percentile 95% bootstrap interval: rows resampled with replacement from alea(seed), ranks
 * recomputed in each resample; resamples where a PRCC is degenerate are left out of that parameter's interval.
 */
export function prccWithBootstrap(
  X: readonly (readonly number[])[],
  y: ArrayLike<number>,
  { resamples = 500, seed = PRCC_BOOTSTRAP_SEED }: PrccBootstrapOptions = {},
): PrccInterval[] {
  const point = prcc(X, y);
  const n = X.length;
  if (n < 3) return point.map((v) => ({ prcc: v, lo: null, hi: null }));
  const rng = seedrandom.alea(seed);
  const draws: number[][] = point.map(() => []);
  const rows = new Int32Array(n);
  for (let r = 0; r < resamples; r++) {
    for (let i = 0; i < n; i++) rows[i] = Math.floor(rng() * n);
    prccOfRanks(columns(X, y, rows)).forEach((v, j) => v !== null && draws[j].push(v));
  }
  return point.map((v, j) => {
    if (draws[j].length === 0) return { prcc: v, lo: null, hi: null };
    const [lo, hi] = quantilesSorted(draws[j].sort((a, b) => a - b), [0.025, 0.975]);
    return { prcc: v, lo, hi };
  });
}

/**
 * First-order sensitivity Var(E[y | bin of x]) / Var(y), with `bins` equal-count bins by rank of x (ties in x
 * ordered by y, so the result does not depend on row order). Biased upwards by about (bins − 1) / n; null when
 * y is constant or there are fewer rows than bins.
 */
export function binnedFirstOrder(x: ArrayLike<number>, y: ArrayLike<number>, bins = 10): number | null {
  if (x.length !== y.length) {
    throw new RangeError(`binnedFirstOrder needs equal lengths (got ${x.length} and ${y.length})`);
  }
  const n = x.length;
  if (n < Math.max(2, bins)) return null;
  // Every sum runs over y in (x, y) order, so even the last bit is independent of the rows' order.
  const order = Array.from({ length: n }, (_, i) => i).sort((i, j) => x[i] - x[j] || y[i] - y[j]);
  const ys = order.map((i) => y[i]);
  const total = ss.variance(ys);
  if (!(total > 0)) return null;
  const grand = ss.mean(ys);
  let between = 0;
  for (let b = 0; b < bins; b++) {
    const members = ys.slice(Math.floor((b * n) / bins), Math.floor(((b + 1) * n) / bins));
    between += members.length * (ss.mean(members) - grand) ** 2;
  }
  return between / n / total;
}
