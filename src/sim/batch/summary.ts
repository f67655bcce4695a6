// summary.json of a batch (docs/files.md): per-metric summaries, boolean outcomes with Wilson intervals, the chain
// of conditional probabilities and the run counts — all from the successful runs taken in run-index order.
import { METRICS, NEVER_MARKERS } from '../run/metrics.js';
import type { Scenario } from '../scenario/schema.js';
import type { SampleSpec } from '../sample/spec.js';
import { QUANTILE_METHOD, chain, summarize, wilson, type ChainRow } from '../stats/index.js';
import type { RunTable } from './table.js';

export interface BatchMeta {
  readonly scenario: Scenario;
  readonly scenarioHash: string;
  readonly seed: string;
  readonly sample?: SampleSpec | null; // a sample batch: runs.csv gets the sampled values
}

/** Metric values of the successful runs in run-index order; −0 is read as 0, as runs.csv writes it. */
export function metricColumns(table: RunTable): Float64Array[] {
  const m = table.layout.metrics;
  const cols = METRICS.map(() => new Float64Array(table.done));
  let j = 0;
  for (let slot = 0; slot < table.list.count; slot++) {
    if (!table.isOk(slot)) continue;
    for (let k = 0; k < m; k++) cols[k][j] = table.rows[slot * m + k] + 0;
    j++;
  }
  return cols;
}

/** A metric's summary: the statistics over its values, without and counting any "never" marker. */
export function metricSummary(name: string, unit: string, values: Float64Array): object {
  const marker = NEVER_MARKERS[name];
  if (marker === undefined) return { unit, ...summarize(values) };
  const happened = values.filter((x) => x !== marker);
  return { unit, ...summarize(happened), n: happened.length, never: values.length - happened.length, neverMarker: marker };
}

export function batchSummary(meta: BatchMeta, table: RunTable): object {
  const cols = metricColumns(table);
  const col = (name: string): Float64Array => cols[METRICS.findIndex((mt) => mt.name === name)];
  const metrics = Object.fromEntries(METRICS.map((mt, k) => [mt.name, metricSummary(mt.name, mt.unit, cols[k])]));
  const probabilities = Object.fromEntries(METRICS.filter((mt) => mt.boolean).map((mt) => {
    const values = col(mt.name);
    return [mt.name, wilson(values.reduce((c, x) => c + (x === 1 ? 1 : 0), 0), values.length)];
  }));
  const rows: ChainRow[] = Array.from({ length: table.done }, (_, j) => ({
    jpSalesTotal: col('jpSalesTotal')[j],
    ust10yMaxRise20d: col('ust10yMaxRise20d')[j],
    intervened: col('intervened')[j],
    netLiquidityChange: col('netLiquidityChange')[j],
    btcReturn: col('btcReturn')[j],
  }));
  return {
    scenarioName: meta.scenario.name,
    scenarioHash: meta.scenarioHash,
    seed: meta.seed,
    runs: table.list.count,
    runsDone: table.done,
    runsFailed: table.failed,
    quantileMethod: QUANTILE_METHOD,
    metrics,
    probabilities,
    chain: chain(rows, meta.scenario.outcomes),
  };
}
