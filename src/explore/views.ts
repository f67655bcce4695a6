// What the page draws, computed from the runs finished so far (pure: results in, plain data out). The paired
// comparison is `fimasim compare`'s own (compareBatches over the same metric rows), so the page and the CLI cannot
// disagree; fans are type-7 quantiles across runs per tick, as bands.csv; funnels are the summary's chain.
import type { TaskResult } from '../sim/batch/execute.js';
import { runLayout, unpackRun } from '../sim/batch/layout.js';
import { compareBatches, type BatchRuns, type Comparison } from '../sim/experiments/compare.js';
import { METRICS, METRIC_NAMES } from '../sim/run/metrics.js';
import { BANDED } from '../sim/run/series.js';
import { chain, quantilesSorted, type ChainRow } from '../sim/stats/index.js';
import type { LoadedScenario } from '../sim/scenario/load.js';
import { bins } from '../report/charts.js';
import { fanSeries } from '../report/fan-series.js';

/** Finished runs of one side, by run index. */
export type RunStore = Map<number, TaskResult>;

export const HEADLINE = ['jpSalesTotal', 'ust10yPeak', 'ust10yMaxRise20d', 'fimaPeak', 'netLiquidityChange', 'btcReturn'] as const;
export const FAN_SERIES = fanSeries(['ust10y', 'jpHoldings', 'fimaRepo', 'netLiquidity', 'btcPrice', 'usdjpy']);
const QUANTILES = [0.05, 0.25, 0.5, 0.75, 0.95];

export interface DiffBin { readonly start: number; readonly end: number; readonly count: number; readonly run: number }
export interface DiffView {
  readonly metric: string;
  readonly unit: string;
  readonly definition: string;
  readonly bins: readonly DiffBin[];
  readonly meanDiff: number | null;
  readonly lo: number | null;
  readonly hi: number | null;
}
export interface FanView {
  readonly series: string;
  readonly label: string;
  readonly unit: string;
  /** Per tick, [p05, p25, p50, p75, p95] across runs; null before any run finished. */
  readonly baseline: readonly (readonly number[])[] | null;
  readonly tweak: readonly (readonly number[])[] | null;
}
export interface FunnelStep { readonly which: 'baseline' | 'tweak'; readonly step: string; readonly condition: string;
  readonly count: number; readonly runs: number; readonly p: number | null; readonly lo: number | null; readonly hi: number | null }

export interface PairedViews {
  readonly pairs: number;
  readonly failed: { readonly baseline: number; readonly tweak: number };
  readonly comparison: Comparison | null;
  readonly differences: readonly DiffView[];
  readonly fans: readonly FanView[];
  readonly funnels: readonly FunnelStep[];
}

interface Side { readonly loaded: LoadedScenario; readonly store: RunStore; readonly label: string }

/** The views over run indices 0 … runs−1 of both sides, from whatever has finished. */
export function pairedViews(tweak: Side, baseline: Side, seed: string, runs: number): PairedViews {
  const t = rowsOf(tweak, runs), b = rowsOf(baseline, runs);
  const pairs = t.runIndex.filter((i) => b.byRun.has(i));
  const comparison = t.runIndex.length > 0 && b.runIndex.length > 0
    ? compareBatches(batchRuns(tweak, t, seed), batchRuns(baseline, b, seed)) : null;
  return {
    pairs: pairs.length,
    failed: { baseline: b.failed, tweak: t.failed },
    comparison,
    differences: comparison?.paired ? HEADLINE.map((m) => diffView(m, pairs, t, b, comparison)) : [],
    fans: FAN_SERIES.map((f) => ({ ...f, baseline: fan(baseline, b, f.series), tweak: fan(tweak, t, f.series) })),
    funnels: [...funnel('baseline', baseline, b), ...funnel('tweak', tweak, t)],
  };
}

/** Computes (and memoises) the fans of one side, so the first snapshot of a Run that reuses them is cheap. */
export function warmFans(side: Side, runs: number): void {
  const rows = rowsOf(side, runs);
  for (const f of FAN_SERIES) fan(side, rows, f.series);
}

interface Rows {
  readonly runIndex: number[]; // successful runs, increasing
  readonly byRun: Map<number, Float64Array>; // metrics
  readonly series: Map<number, Float32Array>;
  readonly failed: number;
}

function rowsOf(side: Side, runs: number): Rows {
  const layout = runLayout(side.loaded.scenario.ticks);
  const byRun = new Map<number, Float64Array>(), series = new Map<number, Float32Array>();
  let failed = 0;
  for (let i = 0; i < runs; i++) {
    const r = side.store.get(i);
    if (r === undefined) continue;
    if (typeof r === 'string') { failed++; continue; }
    const u = unpackRun(layout, r);
    byRun.set(i, u.metrics);
    series.set(i, u.series);
  }
  return { runIndex: [...byRun.keys()], byRun, series, failed };
}

function batchRuns(side: Side, rows: Rows, seed: string): BatchRuns {
  return {
    dir: side.label, scenarioName: side.loaded.scenario.name, scenarioHash: side.loaded.hash, seed, runIndex: rows.runIndex,
    metric: (name) => {
      const k = METRIC_NAMES.indexOf(name);
      return k < 0 ? undefined : rows.runIndex.map((i) => rows.byRun.get(i)![k]);
    },
  };
}

function diffView(metric: string, pairs: number[], t: Rows, b: Rows, c: Comparison): DiffView {
  const k = METRIC_NAMES.indexOf(metric);
  const m = METRICS[k];
  const d = pairs.map((i) => ({ run: i, d: t.byRun.get(i)![k] - b.byRun.get(i)![k] })).filter((x) => Number.isFinite(x.d));
  const binned = bins(d.map((x) => x.d)).map((bin, j, all) => {
    const inside = d.filter((x) => x.d >= bin.start && (x.d < bin.end || j === all.length - 1));
    const mid = (bin.start + bin.end) / 2;
    const nearest = inside.reduce<{ run: number; d: number } | null>((best, x) => (best === null || Math.abs(x.d - mid) < Math.abs(best.d - mid) ? x : best), null);
    return { ...bin, run: nearest?.run ?? -1 };
  });
  const mc = c.metrics[metric];
  return { metric, unit: m.unit, definition: m.definition, bins: binned, meanDiff: mc?.meanDiff ?? null, lo: mc?.lo ?? null, hi: mc?.hi ?? null };
}

// A store only grows, so its fans are the same while its number of finished runs is: the baseline's are reused
// across the snapshots of a tweak (the sorts per tick are most of a snapshot's cost).
const fanMemo = new WeakMap<RunStore, { key: string; fans: Map<string, number[][]> }>();

function fan(side: Side, rows: Rows, name: string): number[][] | null {
  const key = `${rows.runIndex.length}|${rows.failed}|${rows.runIndex.at(-1)}`;
  let memo = fanMemo.get(side.store);
  if (memo?.key !== key) fanMemo.set(side.store, memo = { key, fans: new Map() });
  const known = memo.fans.get(name);
  if (known) return known;
  const computed = fanOf(side, rows, name);
  if (computed) memo.fans.set(name, computed);
  return computed;
}

function fanOf(side: Side, rows: Rows, name: string): number[][] | null {
  const n = rows.runIndex.length;
  if (n === 0) return null;
  const { points } = runLayout(side.loaded.scenario.ticks);
  const offset = (BANDED as readonly string[]).indexOf(name) * points;
  const runs = rows.runIndex.map((i) => rows.series.get(i)!);
  const column = new Float64Array(n);
  const out: number[][] = [];
  for (let t = 0; t < points; t++) {
    for (let j = 0; j < n; j++) column[j] = runs[j][offset + t];
    column.sort(); // filled afresh for every tick
    out.push(quantilesSorted(column, QUANTILES).map((v) => Math.fround(v)));
  }
  return out;
}

function funnel(which: 'baseline' | 'tweak', side: Side, rows: Rows): FunnelStep[] {
  if (rows.runIndex.length === 0) return [];
  const col = (name: string): number => METRIC_NAMES.indexOf(name);
  const keys = ['jpSalesTotal', 'ust10yMaxRise20d', 'intervened', 'netLiquidityChange', 'btcReturn'] as const;
  const chainRows: ChainRow[] = rows.runIndex.map((i) => {
    const m = rows.byRun.get(i)!;
    return Object.fromEntries(keys.map((k) => [k, m[col(k)]])) as unknown as ChainRow;
  });
  const { outcomes } = side.loaded.scenario;
  return chain(chainRows, outcomes).map((s) => ({ which, step: s.step, condition: s.condition, count: s.count, runs: rows.runIndex.length, p: s.p, lo: s.lo, hi: s.hi }));
}
