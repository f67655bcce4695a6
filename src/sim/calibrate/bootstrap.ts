// A moving-block bootstrap of the empirical moments over the window: each replica strings together ⌈T/L⌉ blocks of
// L trading days whose starts are drawn uniformly from the window, the same blocks for every input series, so the
// moments keep their joint dependence (the full weighting matrix needs it). Each input contributes the changes
// that end inside the blocks, in block order. Driven by seedrandom.alea of a key naming the master seed: the same
// seed gives the same replicas on any machine. A study's dated events are not resampled by block: each replica
// draws its own yardstick for them (events.ts).
import seedrandom from 'seedrandom';
import { INPUTS, type InputName, type Inputs, type Moment } from './moments.js';
import type { DataInputs } from './inputs.js';
import { eventReplicas } from './events.js';

export const bootstrapSeedKey = (seed: string): string => `fimasim/v1|${seed}|calibrate|bootstrap`;

/** The first index with at[i] ≥ t. */
function lowerBound(at: Int32Array, t: number): number {
  let lo = 0, hi = at.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (at[mid] < t) lo = mid + 1; else hi = mid;
  }
  return lo;
}

/** The block starts of every replica: replicas × ⌈T/L⌉ trading-day indices. */
export function blockStarts(days: number, block: number, replicas: number, seed: string): Int32Array[] {
  const rng = seedrandom.alea(bootstrapSeedKey(seed));
  const L = Math.min(block, days);
  const perReplica = Math.ceil(days / L);
  const span = days - L + 1;
  return Array.from({ length: replicas }, () => Int32Array.from({ length: perReplica }, () => Math.floor(rng() * span)));
}

/** One replica's inputs: for each series, the changes ending in [s, s + L) for each block start s, concatenated. */
export function replicaInputs(data: DataInputs, starts: Int32Array, block: number): Inputs {
  const out = {} as Record<InputName, Float64Array>;
  for (const k of INPUTS) {
    const at = data.at[k], v = data.inputs[k];
    const parts: Float64Array[] = [];
    let n = 0;
    for (const s of starts) {
      const part = v.subarray(lowerBound(at, s), lowerBound(at, s + block));
      parts.push(part);
      n += part.length;
    }
    const joined = new Float64Array(n);
    let o = 0;
    for (const p of parts) { joined.set(p, o); o += p.length; }
    out[k] = joined;
  }
  return out;
}

export interface BootstrapResult {
  readonly replicas: readonly Float64Array[]; // one moment vector per replica
  readonly sd: Float64Array; // per moment
  readonly cov: Float64Array; // M × M, row-major
}

/** The moments of every replica and their covariance (replicas with a NaN moment are dropped from the covariance). */
export function bootstrapMoments(data: DataInputs, moments: readonly Moment[], block: number, replicas: number, seed: string): BootstrapResult {
  const starts = blockStarts(data.days.length, block, replicas, seed);
  const events = Object.entries(data.events ?? {}).map(([name, d]) => [name, eventReplicas(d, replicas, seed, name)] as const);
  const rows = starts.map((s, b) => {
    const x: Inputs = { ...replicaInputs(data, s, block), events: Object.fromEntries(events.map(([name, r]) => [name, r[b]])) };
    return Float64Array.from(moments.map((m) => m.compute(x)));
  });
  const cov = covariance(rows.filter((r) => r.every(Number.isFinite)), moments.length);
  const sd = Float64Array.from(moments, (_, j) => Math.sqrt(cov[j * moments.length + j]));
  return { replicas: rows, sd, cov };
}

/** Sample covariance (n − 1) of the rows, M × M. */
export function covariance(rows: readonly Float64Array[], m: number): Float64Array {
  const n = rows.length;
  const mean = new Float64Array(m);
  for (const r of rows) for (let j = 0; j < m; j++) mean[j] += r[j] / n;
  const cov = new Float64Array(m * m);
  if (n < 2) return cov.fill(Number.NaN);
  for (const r of rows) for (let i = 0; i < m; i++) for (let j = 0; j < m; j++) cov[i * m + j] += ((r[i] - mean[i]) * (r[j] - mean[j])) / (n - 1);
  return cov;
}
