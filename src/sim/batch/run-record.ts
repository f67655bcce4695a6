// One run turned into what a batch keeps of it: its metrics row and its compact series. `fimasim run` and the batch
// executors all go through `simulateRun`, so a runs.csv row is, by construction, `fimasim run --run-index i`.
import { simulate, type RunOptions, type RunResult } from '../run/engine.js';
import type { Scenario } from '../scenario/schema.js';
import { BANDED, SERIES, SERIES_INDEX } from '../run/series.js';
import { METRIC_NAMES } from '../run/metrics.js';
import { csvLine } from '../format.js';
import type { SampledValue } from '../sample/distributions.js';
import type { SampleSpec } from '../sample/spec.js';
import { sampledRun } from '../sample/values.js';
import { runLayout } from './layout.js';

export interface RunRecord {
  readonly result: RunResult;
  readonly metrics: Float64Array; // metric-table order
  readonly series: Float32Array; // BANDED series in output units, one after another
  readonly sampled: readonly SampledValue[]; // the run's sampled parameter values (sample spec order); [] otherwise
}

export interface RunRecordOptions extends RunOptions {
  /** A `fimasim sample` batch: the run simulates `scenario` with its own sampled values applied. */
  readonly sample?: SampleSpec | null;
}

export function simulateRun(scenario: Scenario, seed: string, runIndex: number, opts: RunRecordOptions = {}): RunRecord {
  const { sample, ...runOptions } = opts;
  const run = sample ? sampledRun(scenario, sample, seed, runIndex) : { scenario, values: [] };
  const result = simulate(run.scenario, seed, runIndex, runOptions);
  return { result, metrics: metricsRow(result), series: compactSeries(result, scenario.ticks), sampled: run.values };
}

export const metricsRow = (r: RunResult): Float64Array => Float64Array.from(METRIC_NAMES, (name) => r.metrics[name]);

export function compactSeries(r: RunResult, ticks: number): Float32Array {
  const { points, floats } = runLayout(ticks);
  const out = new Float32Array(floats);
  BANDED.forEach((name, b) => {
    const k = SERIES_INDEX[name];
    const col = r.series[k], toOutput = SERIES[k].toOutput;
    for (let t = 0; t < points; t++) out[b * points + t] = toOutput(col[t]);
  });
  return out;
}

/** The runs.csv columns of a batch: a sample batch adds one column per sampled parameter, named by its path. */
export const runsCsvColumns = (sample?: SampleSpec | null): string[] =>
  ['runIndex', 'seed', ...METRIC_NAMES, ...(sample ? sample.parameters.map((p) => p.path) : [])];

export const RUNS_CSV_HEADER = csvLine(runsCsvColumns(null));

/** A runs.csv row: the run index, the master seed, the metrics in metric-table order, then the sampled parameter
 *  values of a sample batch. */
export const runsCsvCells = (runIndex: number, seed: string, metrics: ArrayLike<number>, sampled: readonly SampledValue[] = []): (string | number)[] =>
  [runIndex, seed, ...Array.from(metrics), ...sampled];

/** The same row as a line of text (no newline), as the writer writes it. */
export const runsCsvLine = (runIndex: number, seed: string, metrics: ArrayLike<number>, sampled: readonly SampledValue[] = []): string =>
  csvLine(runsCsvCells(runIndex, seed, metrics, sampled));
