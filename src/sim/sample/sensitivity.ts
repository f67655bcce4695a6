// The sensitivity ranking of a sample batch (sensitivity.csv): for every metric of the metric table and every sampled
// parameter, the partial rank correlation coefficient with a percentile bootstrap 95% interval (its own fixed seed,
// PRCC_BOOTSTRAP_SEED) and a binned first-order index (the share of the metric's variance explained by the
// parameter's decile). Computed from the runs table alone (successful runs, run-index order), so it is byte-identical
// whatever the number of workers, and `fimasim report` can redo it.
import { csvLine } from '../format.js';
import { BATCH_FILES, readBatchFolder, writeSensitivityCsv } from '../files/batch-folder.js';
import { METRICS } from '../run/metrics.js';
import { binnedFirstOrder, prccWithBootstrap, PRCC_BOOTSTRAP_SEED } from '../stats/index.js';
import { UserError } from '../../errors.js';
import { numericCode } from './distributions.js';
import type { SampledParameter } from './spec.js';

export const SENSITIVITY_FILE = BATCH_FILES.sensitivity;
export const BOOTSTRAP_RESAMPLES = 500;
export const FIRST_ORDER_BINS = 10;
export const SENSITIVITY_METHOD =
  `PRCC on average ranks (partial rank correlation of the metric with each parameter, the other sampled parameters ` +
  `partialled out); lo, hi: percentile 95% interval of ${BOOTSTRAP_RESAMPLES} bootstrap resamples of the runs ` +
  `(seedrandom.alea('${PRCC_BOOTSTRAP_SEED}')); firstOrder: Var(E[metric | decile of the parameter]) / Var(metric) with ` +
  `${FIRST_ORDER_BINS} equal-count bins (biased up by about ${FIRST_ORDER_BINS - 1}/runs); rank: by |prcc| within the metric`;

export interface SensitivityRow {
  readonly metric: string;
  readonly parameter: string;
  readonly prcc: number | null;
  readonly lo: number | null;
  readonly hi: number | null;
  readonly firstOrder: number | null;
  readonly rank: number | null; // 1 = the largest |prcc| for this metric; null when the PRCC is undefined
}

export const SENSITIVITY_COLUMNS = ['metric', 'parameter', 'prcc', 'lo', 'hi', 'firstOrder', 'rank'] as const;

/**
 * The rows for every metric (metric-table order), each metric's parameters by rank (undefined PRCCs last, in
 * parameter order). `X` holds one row of parameter values per run, `metrics` one value per run for each metric.
 */
export function sensitivityRows(parameters: readonly string[], X: readonly (readonly number[])[],
  metrics: readonly { name: string; values: ArrayLike<number> }[]): SensitivityRow[] {
  const rows: SensitivityRow[] = [];
  for (const m of metrics) {
    const intervals = prccWithBootstrap(X, m.values, { resamples: BOOTSTRAP_RESAMPLES, seed: PRCC_BOOTSTRAP_SEED });
    const order = parameters.map((_, j) => j).sort((a, b) => {
      const pa = intervals[a].prcc, pb = intervals[b].prcc;
      if (pa === null || pb === null) return pa === pb ? a - b : pa === null ? 1 : -1;
      return Math.abs(pb) - Math.abs(pa) || a - b;
    });
    order.forEach((j, k) => {
      const x = X.map((r) => r[j]);
      const iv = intervals[j];
      rows.push({ metric: m.name, parameter: parameters[j], prcc: iv.prcc, lo: iv.lo, hi: iv.hi,
        firstOrder: firstOrder(x, m.values), rank: iv.prcc === null ? null : k + 1 });
    });
  }
  return rows;
}

/**
 * Var(E[y | x]) / Var(y): by the parameter's deciles (binnedFirstOrder), or by its values when it takes at most as
 * many distinct values as there are bins (a choice, a rounded integer) — deciles would split runs with the same
 * value by their outcome.
 */
export function firstOrder(x: readonly number[], y: ArrayLike<number>): number | null {
  const distinct = [...new Set(x)].sort((a, b) => a - b);
  if (distinct.length > FIRST_ORDER_BINS) return binnedFirstOrder(x, y, FIRST_ORDER_BINS);
  const n = x.length;
  if (n < 2) return null;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += y[i];
  mean /= n;
  let total = 0;
  for (let i = 0; i < n; i++) total += (y[i] - mean) ** 2;
  if (!(total > 0)) return null;
  let between = 0;
  for (const v of distinct) {
    let s = 0, k = 0;
    for (let i = 0; i < n; i++) if (x[i] === v) { s += y[i]; k++; }
    between += k * (s / k - mean) ** 2;
  }
  return between / total;
}

export function sensitivityCsv(rows: readonly SensitivityRow[]): string {
  const cell = (x: number | null): string | number => (x === null ? '' : x);
  return `${[csvLine(SENSITIVITY_COLUMNS), ...rows.map((r) =>
    csvLine([r.metric, r.parameter, cell(r.prcc), cell(r.lo), cell(r.hi), cell(r.firstOrder), cell(r.rank)]))].join('\n')}\n`;
}

/** Reads a finished sample batch folder (manifest.json, runs.csv), writes sensitivity.csv and returns its rows. */
export function writeSensitivity(dir: string): SensitivityRow[] {
  const { manifest } = readBatchFolder(dir, []);
  if (!manifest.sample) throw new UserError('batch-folder', `${dir}: not a sample batch (${BATCH_FILES.manifest} has no "sample")`);
  const { X, metrics } = readSampledRuns(dir, manifest.sample.parameters);
  const rows = sensitivityRows(manifest.sample.parameters.map((p) => p.path), X, metrics);
  writeSensitivityCsv(dir, sensitivityCsv(rows));
  return rows;
}

/** Parameter values (choices as numeric codes) and metric columns of the successful runs, in run-index order. */
export function readSampledRuns(dir: string, parameters: readonly SampledParameter[]) {
  const { runs } = readBatchFolder(dir, ['runs']);
  const columns = parameters.map((p) => (p.dist.kind === 'choice' && typeof p.dist.values[0] === 'string' ? runs.text(p.path) : runs.numbers(p.path)));
  const X = runs.runIndex.map((_, k) => parameters.map((p, j) => numericCode(p.dist, columns[j][k])));
  const metrics = METRICS.map((m) => ({ name: m.name, values: Float64Array.from(runs.numbers(m.name)) }));
  return { X, metrics };
}
