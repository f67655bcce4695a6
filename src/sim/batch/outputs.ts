// The final files of a batch folder, all recomputed from the run table and series.f32 in run-index order, so a
// batch, a resumed batch and a merge of shards write the same bytes: runs.csv, failures.jsonl, summary.json,
// bands.csv, through the folder's owner (files/batch-folder.ts), which writes each to a temporary name and renames it.
import { tradingDates } from '../calendar.js';
import { writeBandsCsv, writeFailures, writeRunsCsv, writeSummary, type FailureRecord } from '../files/batch-folder.js';
import { bandsCsv } from './bands.js';
import { runsCsvCells, runsCsvColumns } from './run-record.js';
import type { SampleSpec } from '../sample/spec.js';
import { sampledValues } from '../sample/values.js';
import type { SeriesFile } from './series-file.js';
import { batchSummary, type BatchMeta } from './summary.js';
import type { RunTable } from './table.js';

/** runs.csv rows of the successful runs in run-index order. The sampled values are recomputed from the spec (they
 *  depend on the seed and the run index only), so a resumed batch and its journal need not carry them. */
export function* runsRows(table: RunTable, seed: string, sample: SampleSpec | null = null): Generator<(string | number)[]> {
  for (let slot = 0; slot < table.list.count; slot++) {
    if (!table.isOk(slot)) continue;
    const runIndex = table.list.runIndexOf(slot);
    yield runsCsvCells(runIndex, seed, table.row(slot), sample ? sampledValues(sample, runIndex) : []);
  }
}

export function* failureRecords(table: RunTable, seed: string): Generator<FailureRecord> {
  for (let slot = 0; slot < table.list.count; slot++) {
    if (table.isFailed(slot)) yield { runIndex: table.list.runIndexOf(slot), seed, error: table.errorOf(slot) ?? '' };
  }
}

/** Writes the four result files and returns the summary object. */
export function writeResultFiles(dir: string, meta: BatchMeta, table: RunTable, series: SeriesFile): object {
  writeRunsCsv(dir, runsCsvColumns(meta.sample ?? null), runsRows(table, meta.seed, meta.sample ?? null));
  writeFailures(dir, failureRecords(table, meta.seed));
  const summary = batchSummary(meta, table);
  writeSummary(dir, summary);
  writeBandsCsv(dir, bandsCsv(table, series, tradingDates(meta.scenario.start, meta.scenario.ticks)));
  return summary;
}
