// The per-run metrics (design §8), declared as a table: name, unit, definition and the function that computes
// it from a finished run. The CSV columns, the docs' metric dictionary and the report's labels come from here.
import { decimalToBp, decimalToPct } from '../units.js';

export interface RunTrace {
  readonly ticks: number;
  readonly series: readonly Float64Array[]; // model units, indexed like SERIES
  readonly col: (name: string) => Float64Array;
  readonly banksSold: readonly number[]; // USD bn per bank
  readonly requestTick: number; // −1 if the Treasury never asked for FIMA absorption
  readonly interventionTick: number; // −1 if the BOJ/MoF never accepted
  readonly absorbed: number; // USD bn the BOJ/MoF absorbed on FIMA repo (Japanese sales and purchases from others)
  readonly capBoundTicks: number; // ticks ending with FIMA repo at the per-counterparty cap
}

export interface Metric {
  readonly name: string;
  readonly unit: string;
  readonly definition: string;
  readonly boolean?: boolean;
  readonly compute: (r: RunTrace) => number;
}

const max = (a: Float64Array): number => a.reduce((m, x) => (x > m ? x : m), -Infinity);
const last = (a: Float64Array): number => a[a.length - 1];

/** The largest rise of a series over any window of `w` ticks (design §8: ust10yMaxRise20d). */
export function maxRise(a: Float64Array, w: number): number {
  let best = 0;
  for (let t = 1; t < a.length; t++) {
    for (let k = Math.max(0, t - w); k < t; k++) if (a[t] - a[k] > best) best = a[t] - a[k];
  }
  return best;
}

/** The largest peak-to-trough fall as a fraction ≥ 0. */
export function maxDrawdown(a: Float64Array): number {
  let peak = -Infinity, worst = 0;
  for (const x of a) {
    if (x > peak) peak = x;
    const dd = 1 - x / peak;
    if (dd > worst) worst = dd;
  }
  return worst;
}

/**
 * Metrics whose value marks "it never happened" (requestTick is −1 when the Treasury never asked, interventionTick
 * when the BOJ/MoF never accepted). The marker is not a tick: summaries and comparisons leave it out of their
 * statistics, which describe the runs where it happened, and count it apart as `never` (issue 17: a mean of 38.99
 * with a median of −1 described nothing).
 */
export const NEVER_MARKERS: Readonly<Record<string, number>> = { requestTick: -1, interventionTick: -1 };

export const METRICS: readonly Metric[] = [
  { name: 'jpSalesTotal', unit: 'USD bn', definition: 'Treasuries sold by all Japanese banks over the run (par)',
    compute: (r) => r.banksSold.reduce((s, x) => s + x, 0) },
  { name: 'banksSelling', unit: 'count', definition: 'number of banks that sold anything',
    compute: (r) => r.banksSold.filter((x) => x > 0).length },
  { name: 'ust10yPeak', unit: '%', definition: 'highest 10y yield', compute: (r) => decimalToPct(max(r.col('ust10y'))) },
  { name: 'ust10yEnd', unit: '%', definition: '10y yield on the last tick', compute: (r) => decimalToPct(last(r.col('ust10y'))) },
  { name: 'ust10yMaxRise20d', unit: 'bp', definition: 'largest rise of the 10y over any 20-tick window',
    compute: (r) => decimalToBp(maxRise(r.col('ust10y'), 20)) },
  { name: 'requestTick', unit: 'tick', definition: 'tick of the Treasury\'s first request for FIMA absorption (−1 if none)', compute: (r) => r.requestTick },
  { name: 'intervened', unit: '0/1', boolean: true, definition: 'the BOJ/MoF accepted a Treasury request for FIMA absorption',
    compute: (r) => (r.interventionTick >= 0 ? 1 : 0) },
  { name: 'interventionTick', unit: 'tick', definition: 'tick of the first acceptance (−1 if none)', compute: (r) => r.interventionTick },
  { name: 'fimaPeak', unit: 'USD bn', definition: 'peak FIMA repo outstanding', compute: (r) => max(r.col('fimaRepo')) },
  { name: 'fimaAbsorbed', unit: 'USD bn', definition: 'Treasuries the BOJ/MoF absorbed on FIMA repo over the run (Japanese sales plus purchases from other holders)', compute: (r) => r.absorbed },
  { name: 'fimaCapBound', unit: '0/1', boolean: true, definition: 'FIMA repo outstanding reached the per-counterparty cap on some tick', compute: (r) => (r.capBoundTicks > 0 ? 1 : 0) },
  { name: 'netLiquidityChange', unit: 'USD bn', definition: 'net liquidity (Fed assets − TGA − ON RRP), end − start',
    compute: (r) => last(r.col('netLiquidity')) - r.col('netLiquidity')[0] },
  { name: 'reservesChange', unit: 'USD bn', definition: 'bank reserves, end − start', compute: (r) => last(r.col('reserves')) - r.col('reserves')[0] },
  { name: 'btcReturn', unit: 'fraction', definition: 'BTC price end / start − 1', compute: (r) => last(r.col('btcPrice')) / r.col('btcPrice')[0] - 1 },
  { name: 'btcMaxDrawdown', unit: 'fraction', definition: 'largest peak-to-trough fall of the BTC price', compute: (r) => maxDrawdown(r.col('btcPrice')) },
  { name: 'btcPeak', unit: 'USD', definition: 'highest BTC price', compute: (r) => max(r.col('btcPrice')) },
];

export const METRIC_NAMES = METRICS.map((m) => m.name);
