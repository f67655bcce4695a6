// BTC's stylised facts (issue 15 item 1), declared as one table, computed the same way on the data and on simulated
// paths: each path is a list of segments of daily log returns (one segment per run, or the data's window, or a
// bootstrap replica); every statistic pools the segments (one pooled mean and variance) and never lets a window span
// two segments. For the data, a 95% interval from the moving-block bootstrap the calibration uses (bootstrap.ts).
import { quantilesUnsorted } from '../stats/describe.js';
import { blockStarts, replicaInputs } from './bootstrap.js';
import type { DataInputs } from './inputs.js';
import { ABS_ACF_LAGS, absAcf, meanAbsAcfWithinYears, YEAR_DAYS, years } from './moments.js';

// the |r| autocorrelation within years is one function with the calibration's moment btc.absAcf (moments.ts)
export { ABS_ACF_LAGS, absAcf, years };
export const DRAWDOWN_WINDOW = YEAR_DAYS;
export const DRAWDOWN_STEP = 21;

export interface Fact {
  readonly name: string;
  readonly label: string;
  readonly compute: (segments: readonly Float64Array[]) => number;
}

const fact = (name: string, label: string, compute: (s: readonly Float64Array[]) => number): Fact => ({ name, label, compute });

export const BTC_FACTS: readonly Fact[] = [
  fact('sd', 'sd of daily log returns', (s) => Math.sqrt(pooledVariance(s, 1))),
  fact('kurtosis', 'excess kurtosis of daily log returns', (s) => pooledKurtosis(s)),
  fact('absAcf', `mean autocorrelation of |r|, lags 1–${ABS_ACF_LAGS}, within years`, (s) => meanAbsAcfWithinYears(s)),
  ...[1, 2, 5, 10, 20].map((k) => fact(`absAcf${k}`, `autocorrelation of |r| at lag ${k}`, (s) => absAcf(years(s), k)[k])),
  ...[5, 21, 63, 252].map((q) => fact(`vr${q}`, `variance ratio VR(${q})`, (s) => varianceRatio(s, q))),
  fact('drawdownMedian', `median largest fall from a running high within ${DRAWDOWN_WINDOW} days`, (s) => drawdownQuantile(s, 0.5)),
  fact('drawdownP90', `90th percentile of the same`, (s) => drawdownQuantile(s, 0.9)),
];

/** The pooled mean of the q-day overlapping sums within segments. */
function sums(segments: readonly Float64Array[], q: number, each: (v: number) => void): void {
  for (const x of segments) {
    if (x.length < q) continue;
    let s = 0;
    for (let i = 0; i < q; i++) s += x[i];
    each(s);
    for (let i = q; i < x.length; i++) { s += x[i] - x[i - q]; each(s); }
  }
}

/** Variance (n − 1) of the overlapping q-day sums, about their pooled mean; NaN with fewer than two. */
export function pooledVariance(segments: readonly Float64Array[], q: number): number {
  let n = 0, mean = 0, m2 = 0; // Welford: sums of returns are small against their mean's rounding otherwise
  sums(segments, q, (v) => { n++; const d = v - mean; mean += d / n; m2 += d * (v - mean); });
  return n > 1 ? m2 / (n - 1) : Number.NaN;
}

/** VR(q) = Var(q-day sum) / (q · Var(daily)), both pooled over the segments; 1 for a random walk. */
export function varianceRatio(segments: readonly Float64Array[], q: number): number {
  const v1 = pooledVariance(segments, 1);
  return v1 > 0 ? pooledVariance(segments, q) / (q * v1) : Number.NaN;
}

/** m4 / m2² − 3 over every return of every segment (population moments about the pooled mean). */
export function pooledKurtosis(segments: readonly Float64Array[]): number {
  let n = 0, s = 0;
  for (const x of segments) for (let i = 0; i < x.length; i++) { s += x[i]; n++; }
  if (n < 4) return Number.NaN;
  const m = s / n;
  let m2 = 0, m4 = 0;
  for (const x of segments) for (let i = 0; i < x.length; i++) { const d = (x[i] - m) ** 2; m2 += d; m4 += d * d; }
  m2 /= n; m4 /= n;
  return m2 > 0 ? m4 / (m2 * m2) - 3 : Number.NaN;
}

/** The largest fall from a running high (as a fraction of the high) of the price path exp(Σ r) over x[from, to). */
export function maxDrawdownOf(x: Float64Array, from: number, to: number): number {
  let level = 0, high = 0, worst = 0;
  for (let i = from; i < to; i++) {
    level += x[i];
    if (level > high) high = level;
    const dd = 1 - Math.exp(level - high);
    if (dd > worst) worst = dd;
  }
  return worst;
}

/** One-year drawdowns: every window of DRAWDOWN_WINDOW returns starting at 0, 21, 42, … within each segment. */
export function yearDrawdowns(segments: readonly Float64Array[]): Float64Array {
  const out: number[] = [];
  for (const x of segments) for (let s = 0; s + DRAWDOWN_WINDOW <= x.length; s += DRAWDOWN_STEP) out.push(maxDrawdownOf(x, s, s + DRAWDOWN_WINDOW));
  return Float64Array.from(out);
}

function drawdownQuantile(segments: readonly Float64Array[], p: number): number {
  const d = yearDrawdowns(segments);
  return d.length > 0 ? quantilesUnsorted(d, [p])[0] : Number.NaN;
}

export const factsOf = (segments: readonly Float64Array[]): Float64Array => Float64Array.from(BTC_FACTS, (f) => f.compute(segments));

/** The data's facts and their 95% moving-block-bootstrap intervals (replicas are one segment each, as in calibrate). */
export function dataFacts(data: DataInputs, block: number, replicas: number, seed: string): { value: Float64Array; lo: Float64Array; hi: Float64Array } {
  const value = factsOf([data.inputs['d.btc']]);
  const starts = blockStarts(data.days.length, block, replicas, seed);
  const reps = starts.map((s) => factsOf([replicaInputs(data, s, block)['d.btc']]));
  const lo = new Float64Array(BTC_FACTS.length), hi = new Float64Array(BTC_FACTS.length);
  BTC_FACTS.forEach((_, j) => {
    const col = Float64Array.from(reps.map((r) => r[j]).filter(Number.isFinite));
    const [a, b] = col.length > 0 ? quantilesUnsorted(col, [0.025, 0.975]) : [Number.NaN, Number.NaN];
    lo[j] = a; hi[j] = b;
  });
  return { value, lo, hi };
}

/** Daily log returns of a price path. */
export function logReturns(price: ArrayLike<number>): Float64Array {
  const out = new Float64Array(Math.max(0, price.length - 1));
  for (let t = 1; t < price.length; t++) out[t - 1] = Math.log(price[t] / price[t - 1]);
  return out;
}

export interface FactsRow {
  readonly name: string;
  readonly label: string;
  readonly data: number;
  readonly lo: number;
  readonly hi: number;
  readonly model: number;
  readonly inside: boolean;
}

/** Data (with interval) and model side by side; `inside` when the model's pooled value is within the interval. */
export function factsTable(data: ReturnType<typeof dataFacts>, model: Float64Array): FactsRow[] {
  return BTC_FACTS.map((f, j) => ({
    name: f.name, label: f.label, data: data.value[j], lo: data.lo[j], hi: data.hi[j], model: model[j],
    inside: model[j] >= data.lo[j] && model[j] <= data.hi[j],
  }));
}
