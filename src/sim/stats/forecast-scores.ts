// Scores of probabilistic forecasts against what happened, for rolling-origin backtests (issue #13 item 5): CRPS of
// an ensemble and of the naive benchmark's closed forms, PIT values and their uniformity, interval coverage.
import * as ss from 'simple-statistics';
import { normalCdf } from '../sample/distributions.js';
import { quantilesSorted } from './describe.js';
import { kolmogorovSurvival } from './kolmogorov.js';

/** Fewer consecutive changes than this and a trailing window gives no benchmark scale. */
export const MIN_TRAILING_CHANGES = 10;

const INV_SQRT_PI = 1 / Math.sqrt(Math.PI);
const INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);

/**
 * CRPS of an ensemble (the empirical CDF of its members) for outcome y, exactly, in O(n) on sorted members:
 * CRPS = (1/n)Σ|x_i − y| − (1/(2n²))Σ_iΣ_j|x_i − x_j|, rewritten with Σ_iΣ_j|x_i − x_j| = 2Σ_i(2i − n − 1)x_(i) as
 * (2/n²) Σ_i (x_(i) − y)(n·1{y < x_(i)} − i + ½) (1-based i; Jordan, Krüger & Lerch 2019, scoringRules). Summing
 * x − y rather than x keeps the level of the series (BTC ≈ 1e5) out of the cancellation. `sorted` ascending;
 * NaN when it is empty or y or a member is NaN.
 */
export function crpsEnsembleSorted(sorted: ArrayLike<number>, y: number): number {
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  let s = 0;
  for (let i = 0; i < n; i++) {
    const x = sorted[i];
    s += (x - y) * ((y < x ? n : 0) - i - 0.5); // i is 0-based here: −(i+1) + ½
  }
  return (2 * s) / (n * n);
}

/**
 * The fair CRPS of an ensemble (Ferro 2014; Zamo & Naveau 2018): (1/n)Σ|x_i − y| − (1/(2n(n − 1)))Σ_iΣ_j|x_i − x_j|.
 * For n members drawn from a forecast distribution F its expectation is CRPS(F, y), where crpsEnsembleSorted's is
 * CRPS(F, y) + E|X − X′|/(2n): the empirical CDF of a finite sample is scored, not F. This is the one to set against
 * a benchmark in closed form (crpsRandomWalk). O(n) on sorted members, with Σ_iΣ_j|x_i − x_j| = 2Σ_i(2i − n − 1)x_(i)
 * (1-based i) summed as x − y to keep the series' level out; NaN for fewer than 2 members or a NaN.
 */
export function crpsEnsembleFairSorted(sorted: ArrayLike<number>, y: number): number {
  const n = sorted.length;
  if (n < 2) return Number.NaN;
  let s = 0, d = 0;
  for (let i = 0; i < n; i++) {
    const x = sorted[i] - y;
    s += x * ((y < sorted[i] ? n : 0) - i - 0.5);
    d += (2 * i - n + 1) * x; // 0-based: 2(i+1) − n − 1
  }
  return (2 * s) / (n * n) - d / (n * n * (n - 1));
}

/** crpsEnsembleSorted of a sorted copy; `members` is not changed. */
export function crpsEnsemble(members: ArrayLike<number>, y: number): number {
  return crpsEnsembleSorted(Float64Array.from(members).sort(), y);
}

/**
 * CRPS of N(mu, sigma²) for y in closed form (Gneiting & Raftery 2007): σ[z(2Φ(z) − 1) + 2φ(z) − 1/√π],
 * z = (y − μ)/σ. sigma = 0 is the point forecast: |y − mu|. NaN for sigma < 0.
 */
export function crpsNormal(mu: number, sigma: number, y: number): number {
  if (sigma === 0) return Math.abs(y - mu);
  if (!(sigma > 0)) return Number.NaN;
  const z = (y - mu) / sigma;
  return sigma * (z * (2 * normalCdf(z) - 1) + 2 * INV_SQRT_2PI * Math.exp(-0.5 * z * z) - INV_SQRT_PI);
}

/**
 * CRPS of the log-normal with ln X ~ N(mu, sigma²) for y in closed form (Baran & Lerch 2015):
 * y[2Φ(ω) − 1] − 2e^{μ+σ²/2}[Φ(ω − σ) + Φ(σ/√2) − 1], ω = (ln y − μ)/σ. Meant for y > 0; y ≤ 0 takes the limit
 * ω → −∞ (X is above every such y). sigma = 0 is the point forecast e^mu. NaN for sigma < 0.
 */
export function crpsLogNormal(mu: number, sigma: number, y: number): number {
  if (sigma === 0) return Math.abs(y - Math.exp(mu));
  if (!(sigma > 0)) return Number.NaN;
  const mean = Math.exp(mu + (sigma * sigma) / 2);
  const halfPair = normalCdf(sigma / Math.SQRT2) - 1;
  if (y <= 0) return -y - 2 * mean * halfPair;
  const w = (Math.log(y) - mu) / sigma;
  return y * (2 * normalCdf(w) - 1) - 2 * mean * (normalCdf(w - sigma) + halfPair);
}

/**
 * CRPS of the naive benchmark, a random walk from the last observation whose per-step scale is `sd` (trailingChangeSd):
 * after h steps N(last, sd²h), or with log changes the log-normal ln X ~ N(ln last, sd²h).
 */
export function crpsRandomWalk(last: number, sd: number, horizon: number, log: boolean, y: number): number {
  const sigma = sd * Math.sqrt(horizon);
  return log ? crpsLogNormal(Math.log(last), sigma, y) : crpsNormal(last, sigma, y);
}

// First index in sorted whose value is not below y (strict) or above y (!strict).
function lowerBound(sorted: ArrayLike<number>, y: number, strict: boolean): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (strict ? sorted[mid] < y : sorted[mid] <= y) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * PIT of y in a sorted ensemble, ties at mid-rank: (#{x < y} + ½·#{x = y}) / n. Deterministic (no randomised
 * tie-break), in [0, 1]; an ensemble all equal to y gives ½. NaN when the ensemble is empty or y is NaN.
 */
export function pitSorted(sorted: ArrayLike<number>, y: number): number {
  const n = sorted.length;
  if (n === 0 || Number.isNaN(y)) return Number.NaN;
  const below = lowerBound(sorted, y, true);
  const notAbove = lowerBound(sorted, y, false);
  return (below + 0.5 * (notAbove - below)) / n;
}

function checkBins(bins: number): void {
  if (!(Number.isInteger(bins) && bins >= 1)) throw new RangeError(`bins must be a positive integer (got ${bins})`);
}

/**
 * Counts of PIT values in `bins` equal bins [k/bins, (k+1)/bins) of [0, 1]; 1 goes in the last bin. Values outside
 * [0, 1] (NaN included) are not counted.
 */
export function pitHistogram(pits: ArrayLike<number>, bins = 10): number[] {
  checkBins(bins);
  const counts = new Array<number>(bins).fill(0);
  for (let i = 0; i < pits.length; i++) {
    const p = pits[i];
    if (!(p >= 0 && p <= 1)) continue;
    counts[Math.min(bins - 1, Math.floor(p * bins))]++;
  }
  return counts;
}

export interface PitUniformity {
  /** Pearson's statistic of the pitHistogram counts against n/bins each. */
  chi2: number;
  df: number;
  /** P(χ²_df ≥ chi2). */
  chi2P: number;
  /** Kolmogorov–Smirnov distance sup|F_n(u) − u| of the PIT values to U(0, 1). */
  ks: number;
  /** Asymptotic P(K > √n·ks) (Kolmogorov distribution). */
  ksP: number;
  /** PIT values counted (those in [0, 1]). */
  n: number;
}

/**
 * Whether PIT values look uniform: chi-square over `bins` equal bins (df = bins − 1) and the KS distance to U(0, 1),
 * each with its p-value. Values outside [0, 1] are not counted; with none left every figure but n is NaN.
 */
export function pitUniformity(pits: ArrayLike<number>, bins = 10): PitUniformity {
  const counts = pitHistogram(pits, bins);
  const us = Float64Array.from(Array.from(pits).filter((p) => p >= 0 && p <= 1)).sort();
  const n = us.length;
  const df = bins - 1;
  if (n === 0) return { chi2: Number.NaN, df, chi2P: Number.NaN, ks: Number.NaN, ksP: Number.NaN, n };
  const expected = n / bins;
  let chi2 = 0;
  for (const c of counts) chi2 += ((c - expected) * (c - expected)) / expected;
  let ks = 0;
  for (let i = 0; i < n; i++) ks = Math.max(ks, (i + 1) / n - us[i], us[i] - i / n);
  return { chi2, df, chi2P: chiSquareSurvival(chi2, df), ks, ksP: kolmogorovSurvival(Math.sqrt(n) * ks), n };
}

const GAMMA_EPS = 1e-15;
const GAMMA_TINY = 1e-300;
const GAMMA_MAX_TERMS = 10_000;

/**
 * Regularized upper incomplete gamma Q(a, x) = Γ(a, x)/Γ(a), a > 0: the series of P for x < a + 1, the continued
 * fraction of Q otherwise (modified Lentz; Numerical Recipes §6.2), so neither is taken where it converges slowly.
 */
export function gammaQ(a: number, x: number): number {
  if (!(a > 0) || Number.isNaN(x)) return Number.NaN;
  if (x <= 0) return 1;
  if (x === Number.POSITIVE_INFINITY) return 0;
  const lnFront = a * Math.log(x) - x - ss.gammaln(a);
  if (x < a + 1) {
    let term = 1 / a;
    let sum = term;
    for (let k = 1; k <= GAMMA_MAX_TERMS; k++) {
      term *= x / (a + k);
      sum += term;
      if (Math.abs(term) < Math.abs(sum) * GAMMA_EPS) break;
    }
    return 1 - sum * Math.exp(lnFront);
  }
  let b = x + 1 - a;
  let c = 1 / GAMMA_TINY;
  let d = 1 / b;
  let h = d;
  for (let k = 1; k <= GAMMA_MAX_TERMS; k++) {
    const an = -k * (k - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < GAMMA_TINY) d = GAMMA_TINY;
    c = b + an / c;
    if (Math.abs(c) < GAMMA_TINY) c = GAMMA_TINY;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < GAMMA_EPS) break;
  }
  return Math.exp(lnFront) * h;
}

/** P(χ²_df ≥ x): Q(df/2, x/2). */
export function chiSquareSurvival(x: number, df: number): number {
  return gammaQ(df / 2, x / 2);
}

/**
 * Central interval of a sorted ensemble by the project's type-7 quantiles: level 0.5 → [p25, p75], 0.9 → [p05, p95].
 * The tail probability is rounded to 12 significant digits so that 0.9 reads p05 exactly as the bands do, not
 * (1 − 0.9)/2 = 0.04999…; [NaN, NaN] for an empty ensemble.
 */
export function centralInterval(sorted: ArrayLike<number>, level: number): [number, number] {
  if (!(level > 0 && level < 1)) throw new RangeError(`level must be in (0, 1) (got ${level})`);
  if (sorted.length === 0) return [Number.NaN, Number.NaN];
  const tail = Number(((1 - level) / 2).toPrecision(12));
  const upper = Number((1 - tail).toPrecision(12));
  const [lo, hi] = quantilesSorted(sorted as number[], [tail, upper]);
  return [lo, hi];
}

/** Whether y lies in [lo, hi], both ends included; false for NaN. */
export function covers(interval: readonly [number, number], y: number): boolean {
  return interval[0] <= y && y <= interval[1];
}

/**
 * The naive benchmark's per-step scale: sample sd (n − 1) of the consecutive changes of `values` (the observations of
 * a trailing window, oldest first), log changes ln(v_k/v_{k−1}) when `log`. A change with an endpoint that is not
 * finite (or, for log, not positive) is left out; `changes` counts those used. null below MIN_TRAILING_CHANGES.
 */
export function trailingChangeSd(values: ArrayLike<number>, log: boolean): { sd: number; changes: number } | null {
  const diffs: number[] = [];
  for (let k = 1; k < values.length; k++) {
    const a = values[k - 1];
    const b = values[k];
    if (!(Number.isFinite(a) && Number.isFinite(b))) continue;
    if (log) {
      if (a > 0 && b > 0) diffs.push(Math.log(b / a));
    } else {
      diffs.push(b - a);
    }
  }
  if (diffs.length < MIN_TRAILING_CHANGES) return null;
  return { sd: ss.sampleStandardDeviation(diffs), changes: diffs.length };
}

/**
 * Skill against a reference forecast: 1 − mean(model)/mean(reference) over the pairs (index by index) where both
 * scores are finite; > 0 is better than the reference. null with no such pair or a reference mean of 0. The arrays
 * must have the same length.
 */
export function crpsSkill(model: ArrayLike<number>, reference: ArrayLike<number>): number | null {
  if (model.length !== reference.length) {
    throw new RangeError(`model and reference must have the same length (got ${model.length} and ${reference.length})`);
  }
  let sm = 0;
  let sr = 0;
  let pairs = 0;
  for (let i = 0; i < model.length; i++) {
    if (!(Number.isFinite(model[i]) && Number.isFinite(reference[i]))) continue;
    sm += model[i];
    sr += reference[i];
    pairs++;
  }
  if (pairs === 0 || sr === 0) return null;
  return 1 - sm / sr;
}
