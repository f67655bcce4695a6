// The estimator's arithmetic, apart from files and runs: parameters ↔ the unit cube, the weighting matrix, the
// loss, the J-statistic, and the Latin hypercube of the first stage.
import { lhsPermutation, lhsSeedKey } from '../stats/lhs.js';
import { solveLinear } from '../stats/solve.js';
import { chiSquareSurvival } from '../stats/forecast-scores.js';
import { ExperimentError } from '../experiments/errors.js';
import type { SampledParameter } from '../sample/spec.js';

/** A calibrated parameter: a bounded range, searched on a linear or a log scale. */
export interface Bounded {
  readonly path: string;
  readonly lo: number;
  readonly hi: number;
  readonly log: boolean;
  readonly integer: boolean;
}

export function boundedOf(p: SampledParameter, where: string): Bounded {
  const d = p.dist;
  if (d.kind === 'uniform' || d.kind === 'loguniform') return { path: p.path, lo: d.lo, hi: d.hi, log: d.kind === 'loguniform', integer: p.integer };
  throw new ExperimentError(`${where}: ${p.path}=${p.spec}: a calibrated parameter needs a bounded range, uniform(lo,hi) or loguniform(lo,hi)`);
}

/** The value at unit u, rounded to 6 significant digits (and to an integer on integer fields): short, exact in files,
 *  and a revisited point is recognised as the same evaluation. */
export function valueOfUnit(b: Bounded, u: number): number {
  const x = b.log ? Math.exp(Math.log(b.lo) + u * (Math.log(b.hi) - Math.log(b.lo))) : b.lo + u * (b.hi - b.lo);
  const v = Math.min(b.hi, Math.max(b.lo, Number(x.toPrecision(6))));
  return b.integer ? Math.round(v) : v;
}

export function unitOfValue(b: Bounded, v: number): number {
  return b.log ? (Math.log(v) - Math.log(b.lo)) / (Math.log(b.hi) - Math.log(b.lo)) : (v - b.lo) / (b.hi - b.lo);
}

/** n points of a centred Latin hypercube in the unit cube: parameter j of point i sits at the middle of stratum perm_j[i]. */
export function latinHypercube(n: number, paths: readonly string[], seed: string): number[][] {
  const perms = paths.map((p) => lhsPermutation(n, lhsSeedKey(seed, `calibrate|${p}`)));
  return Array.from({ length: n }, (_, i) => perms.map((perm) => (perm[i] + 0.5) / n));
}

/** W = Ω⁻¹ (full) or diag(1/Ω_jj) (diagonal), M × M row-major. */
export function weightMatrix(cov: Float64Array, m: number, kind: 'diagonal' | 'full'): Float64Array {
  if (kind === 'diagonal') {
    const w = new Float64Array(m * m);
    for (let j = 0; j < m; j++) w[j * m + j] = 1 / cov[j * m + j];
    return w;
  }
  const identity = new Float64Array(m * m);
  for (let j = 0; j < m; j++) identity[j * m + j] = 1;
  const inv = solveLinear(cov, identity, m, m);
  if (!inv) throw new ExperimentError('--weighting full: the bootstrap covariance of the moments is singular (two moments move together exactly); use the diagonal weighting or drop a moment');
  return inv;
}

/** gᵀ W g with g = simulated − empirical; +∞ when a simulated moment is undefined. */
export function quadratic(g: ArrayLike<number>, w: Float64Array): number {
  const m = g.length;
  let s = 0;
  for (let i = 0; i < m; i++) {
    if (!Number.isFinite(g[i])) return Number.POSITIVE_INFINITY;
    for (let j = 0; j < m; j++) if (w[i * m + j] !== 0) s += g[i] * w[i * m + j] * g[j];
  }
  return s;
}

/**
 * Hansen's J with the simulation correction of McFadden (1989) / Pakes & Pollard: J = gᵀ [(1 + 1/R) Ω]⁻¹ g, χ² with
 * M − P degrees of freedom at the optimum. Uses the full Ω whatever the weighting (its diagonal when Ω is singular).
 */
export function jStatistic(g: ArrayLike<number>, cov: Float64Array, runs: number, parameters: number): { j: number; df: number; p: number | null } {
  const m = g.length;
  const scaled = cov.map((c) => c * (1 + 1 / runs));
  let w: Float64Array;
  try {
    w = weightMatrix(scaled, m, 'full');
  } catch {
    w = weightMatrix(scaled, m, 'diagonal');
  }
  const j = quadratic(g, w);
  const df = m - parameters;
  return { j, df, p: df > 0 && Number.isFinite(j) ? chiSquareSurvival(j, df) : null };
}

/**
 * The sandwich covariance of the SMM estimator (Gouriéroux & Monfort 1996; McFadden 1989 for the simulation term):
 * (1 + 1/R) (G'WG)⁻¹ G'WΩWG (G'WG)⁻¹, with G the moments' Jacobian (M × P), W the weighting, Ω the bootstrap
 * covariance of the empirical moments. Null when G has an undefined entry or G'WG is singular.
 */
export function sandwich(G: Float64Array, W: Float64Array, omega: Float64Array, M: number, P: number, runs: number): Float64Array | null {
  if (!G.every(Number.isFinite)) return null;
  const mul = (a: Float64Array, b: Float64Array, n: number, k: number, m: number): Float64Array => {
    const out = new Float64Array(n * m);
    for (let i = 0; i < n; i++) for (let l = 0; l < k; l++) { const x = a[i * k + l]; if (x !== 0) for (let j = 0; j < m; j++) out[i * m + j] += x * b[l * m + j]; }
    return out;
  };
  const Gt = new Float64Array(P * M);
  for (let i = 0; i < M; i++) for (let j = 0; j < P; j++) Gt[j * M + i] = G[i * P + j];
  const GtW = mul(Gt, W, P, M, M); // P × M
  const A = mul(GtW, G, P, M, P); // G'WG
  const B = mul(mul(GtW, omega, P, M, M), mul(W, G, M, M, P), P, M, P); // G'WΩWG
  const identity = new Float64Array(P * P);
  for (let j = 0; j < P; j++) identity[j * P + j] = 1;
  const Ainv = solveLinear(A, identity, P, P);
  if (!Ainv) return null;
  return mul(mul(Ainv, B, P, P, P), Ainv, P, P, P).map((v) => v * (1 + 1 / runs));
}
