// Comparing two batches metric by metric (design §7: common random numbers). When both used the same master seed,
// run i of A and run i of B saw the same random draws wherever their streams exist, so they are compared pair by
// pair (a mean paired difference with a t-interval); otherwise the two distributions are compared as independent
// samples (Welch interval for the difference of means, Mann–Whitney U for a shift). Pure: rows in, result out.
import { basename, resolve } from 'node:path';
import { METRICS, NEVER_MARKERS } from '../run/metrics.js';
import type { BatchFolderWith } from '../files/batch-folder.js';
import { mannWhitney, pairedDifference, unpairedDifference, MANN_WHITNEY_METHOD, PAIRED_METHOD, WELCH_METHOD } from '../stats/index.js';
import { compareChains, type ChainComparison } from './chain-compare.js';

/** What a comparison needs of a batch: its identity and its runs.csv. */
export interface BatchRuns {
  readonly dir: string;
  readonly scenarioName: string;
  readonly scenarioHash: string;
  readonly seed: string;
  readonly runIndex: readonly number[];
  readonly metric: (name: string) => readonly number[] | undefined; // undefined: no such column
  /** What the report calls the batch (--label, else the folder's name). */
  readonly label?: string;
  /** The fully resolved scenario of the manifest, for the table of parameters that differ. */
  readonly scenario?: unknown;
}

/** A scenario value that differs between A and B (absent on one side: undefined, written as null in JSON). */
export interface ParameterDifference {
  readonly path: string;
  readonly a: unknown;
  readonly b: unknown;
}

export interface Side {
  readonly dir: string;
  readonly label: string; // --label, else the folder's name
  readonly scenarioName: string;
  readonly scenarioHash: string;
  readonly seed: string;
  readonly runs: number; // rows of runs.csv (successful runs)
}

export interface MetricComparison {
  readonly unit: string;
  readonly n: number; // pairs (paired) or nA + nB (unpaired) with finite values
  readonly meanA: number | null;
  readonly meanB: number | null;
  readonly meanDiff: number | null; // A − B
  readonly lo: number | null; // 95% interval of meanDiff
  readonly hi: number | null;
  readonly excludesZero: boolean;
  readonly pGreater: number | null; // P(A > B): over pairs, or over all (a, b) cross pairs when unpaired
  readonly pEqual: number | null;
  readonly pLess: number | null;
  readonly mannWhitney?: { readonly u: number | null; readonly z: number | null; readonly pValue: number | null };
  /** For a metric with a "never" marker (metrics.ts): the compared runs of each side where it never happened, left
   *  out of the statistics above (a pair counts only when it happened on both sides). */
  readonly never?: { readonly marker: number; readonly a: number; readonly b: number };
}

export interface Comparison {
  readonly a: Side;
  readonly b: Side;
  readonly paired: boolean;
  readonly pairing: string; // one sentence saying how runs were matched, or why they were not
  readonly pairs: number | null; // common run indices when paired
  readonly methods: {
    readonly difference: string;
    readonly probabilities: string;
    readonly test: string | null;
  };
  readonly metrics: Readonly<Record<string, MetricComparison>>;
  /** Every scenario value that differs between the two batches (the name and description left out), path order. */
  readonly parameters: readonly ParameterDifference[];
  /** The chain link by link (chain-compare.ts), or why it cannot be compared. */
  readonly chain: ChainComparison | { readonly missing: string };
}

export const PAIRED_PROBABILITIES = 'shares of pairs (run i of A, run i of B) with A > B, A = B, A < B';
export const UNPAIRED_PROBABILITIES = 'shares of all (run of A, run of B) cross pairs with A > B, A = B, A < B';

/** What compare needs of a batch folder read with its runs table; `dir` as it should be shown (e.g. resolved). */
export const batchRuns = (f: BatchFolderWith<'runs'>, dir = f.dir, label?: string): BatchRuns => ({
  dir, scenarioName: f.manifest.scenarioName, scenarioHash: f.manifest.scenarioHash, seed: String(f.manifest.seed),
  runIndex: f.runs.runIndex, metric: f.runs.metric, label: label ?? basename(resolve(f.dir)), scenario: f.manifest.scenario,
});

/** The leaves of two resolved scenarios that differ; `name` and `description` say what a batch is, not how it runs. */
export function parameterDifferences(a: unknown, b: unknown): ParameterDifference[] {
  const out: ParameterDifference[] = [];
  const isObj = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
  const walk = (x: unknown, y: unknown, path: string[]): void => {
    if (isObj(x) && isObj(y)) {
      const keys = [...Object.keys(x), ...Object.keys(y).filter((k) => !(k in x))];
      for (const k of keys) if (path.length > 0 || (k !== 'name' && k !== 'description')) walk(x[k], y[k], [...path, k]);
      return;
    }
    if (Array.isArray(x) && Array.isArray(y) && x.length === y.length) {
      x.forEach((v, k) => walk(v, y[k], [...path, String(k)]));
      return;
    }
    if (JSON.stringify(x) !== JSON.stringify(y)) out.push({ path: path.join('.'), a: x ?? null, b: y ?? null });
  };
  walk(a, b, []);
  return out;
}

const sideOf = (r: BatchRuns): Side => ({ dir: r.dir, label: r.label ?? basename(r.dir), scenarioName: r.scenarioName, scenarioHash: r.scenarioHash, seed: r.seed, runs: r.runIndex.length });

export function compareBatches(a: BatchRuns, b: BatchRuns): Comparison {
  const common = commonIndices(a.runIndex, b.runIndex);
  const paired = a.seed === b.seed && common.a.length >= 2;
  const metrics: Record<string, MetricComparison> = {};
  for (const mt of METRICS) {
    const xa = a.metric(mt.name), xb = b.metric(mt.name);
    if (!xa || !xb) continue;
    const va = paired ? common.a.map((i) => xa[i]) : [...xa], vb = paired ? common.b.map((i) => xb[i]) : [...xb];
    const marker = NEVER_MARKERS[mt.name];
    if (marker === undefined) {
      metrics[mt.name] = paired ? pairedMetric(mt.unit, va, vb) : unpairedMetric(mt.unit, va, vb);
      continue;
    }
    const happened = (x: number[]) => x.map((v) => (v === marker ? Number.NaN : v)); // NaN: left out, as a missing value is
    const never = { marker, a: va.filter((v) => v === marker).length, b: vb.filter((v) => v === marker).length };
    metrics[mt.name] = { ...(paired ? pairedMetric(mt.unit, happened(va), happened(vb)) : unpairedMetric(mt.unit, happened(va), happened(vb))), never };
  }
  return {
    a: sideOf(a),
    b: sideOf(b),
    paired,
    pairing: pairingSentence(a, b, paired, common.a.length),
    pairs: paired ? common.a.length : null,
    methods: paired
      ? { difference: `mean paired difference A − B with a ${PAIRED_METHOD}`, probabilities: PAIRED_PROBABILITIES, test: null }
      : { difference: `difference of means A − B with a ${WELCH_METHOD}`, probabilities: UNPAIRED_PROBABILITIES, test: MANN_WHITNEY_METHOD },
    metrics,
    parameters: parameterDifferences(a.scenario, b.scenario),
    chain: compareChains(a, b),
  };
}

function pairingSentence(a: BatchRuns, b: BatchRuns, paired: boolean, common: number): string {
  if (paired) {
    const left = a.runIndex.length - common + (b.runIndex.length - common);
    return `paired by run index: both batches used master seed ${a.seed}, so run i of A and run i of B saw the same ` +
      `random draws (common random numbers); ${common} pairs${left > 0 ? `, ${left} run${left === 1 ? '' : 's'} without a partner left out` : ''}`;
  }
  if (a.seed !== b.seed) {
    return `unpaired: the master seeds differ (A: ${a.seed}, B: ${b.seed}), so no run of A shares its random draws with a run of B; ` +
      'the two distributions are compared as independent samples';
  }
  return `unpaired: the batches share master seed ${a.seed} but have fewer than 2 run indices in common (${common}); ` +
    'the two distributions are compared as independent samples';
}

/** Positions (in each list) of the run indices both lists hold, in increasing run index. */
function commonIndices(ia: readonly number[], ib: readonly number[]): { a: number[]; b: number[] } {
  const posB = new Map<number, number>();
  ib.forEach((r, k) => posB.set(r, k));
  const pairs = ia.map((r, k) => [r, k, posB.get(r)] as const).filter((p) => p[2] !== undefined).sort((x, y) => x[0] - y[0]);
  return { a: pairs.map((p) => p[1]), b: pairs.map((p) => p[2]!) };
}

function pairedMetric(unit: string, xa: number[], xb: number[]): MetricComparison {
  const keep = xa.map((_, i) => i).filter((i) => Number.isFinite(xa[i]) && Number.isFinite(xb[i]));
  const d = pairedDifference(keep.map((i) => xa[i]), keep.map((i) => xb[i]));
  return { unit, n: d.n, meanA: d.meanA, meanB: d.meanB, meanDiff: d.meanDiff, lo: d.lo, hi: d.hi, excludesZero: excludesZero(d.lo, d.hi),
    pGreater: d.pGreater, pEqual: d.pEqual, pLess: d.pLess };
}

function unpairedMetric(unit: string, xa: readonly number[], xb: readonly number[]): MetricComparison {
  const fa = xa.filter(Number.isFinite), fb = xb.filter(Number.isFinite);
  const d = unpairedDifference(fa, fb);
  const mw = mannWhitney(fa, fb);
  const cross = crossPairShares(fa, fb);
  return { unit, n: fa.length + fb.length, meanA: d.meanA, meanB: d.meanB, meanDiff: d.meanDiff, lo: d.lo, hi: d.hi, excludesZero: excludesZero(d.lo, d.hi),
    ...cross, mannWhitney: { u: mw.u, z: mw.z, pValue: mw.pValue } };
}

const excludesZero = (lo: number | null, hi: number | null): boolean => lo !== null && hi !== null && (lo > 0 || hi < 0);

/** P(a > b), P(a = b), P(a < b) over all cross pairs, by sorting B once (n log n). */
export function crossPairShares(xa: readonly number[], xb: readonly number[]): { pGreater: number | null; pEqual: number | null; pLess: number | null } {
  if (xa.length === 0 || xb.length === 0) return { pGreater: null, pEqual: null, pLess: null };
  const sb = Float64Array.from(xb).sort();
  let greater = 0, equal = 0;
  for (const x of xa) {
    const below = lowerBound(sb, x), upTo = upperBound(sb, x);
    greater += below;
    equal += upTo - below;
  }
  const total = xa.length * xb.length;
  return { pGreater: greater / total, pEqual: equal / total, pLess: (total - greater - equal) / total };
}

function lowerBound(s: Float64Array, x: number): number {
  let lo = 0, hi = s.length;
  while (lo < hi) { const mid = (lo + hi) >>> 1; if (s[mid] < x) lo = mid + 1; else hi = mid; }
  return lo;
}

function upperBound(s: Float64Array, x: number): number {
  let lo = 0, hi = s.length;
  while (lo < hi) { const mid = (lo + hi) >>> 1; if (s[mid] <= x) lo = mid + 1; else hi = mid; }
  return lo;
}
