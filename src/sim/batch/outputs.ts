// The final files of a batch folder, all recomputed from the run table and series.f32 in run-index order, so a
// batch, a resumed batch and a merge of shards write the same bytes: runs.csv, failures.jsonl, summary.json,
// bands.csv. Each is written to a temporary name and renamed.
import { join } from 'node:path';
import { tradingDates } from '../calendar.js';
import { jsonText } from '../format.js';
import { writeFileAtomic } from '../files/atomic.js';
import { bandsCsv } from './bands.js';
import { runsCsvHeader, runsCsvLine } from './run-record.js';
import type { SampleSpec } from '../sample/spec.js';
import { sampledValues } from '../sample/values.js';
import type { SeriesFile } from './series-file.js';
import { batchSummary, type BatchMeta } from './summary.js';
import type { RunTable } from './table.js';

export const SERIES_FILE = 'series.f32';
export const JOURNAL_FILE = 'journal.bin';

/** The sampled values are recomputed from the spec (they depend on the seed and the run index only), so a
 *  resumed batch and its journal need not carry them. */
export function runsCsv(table: RunTable, seed: string, sample: SampleSpec | null = null): string {
  const lines = [runsCsvHeader(sample)];
  for (let slot = 0; slot < table.list.count; slot++) {
    if (!table.isOk(slot)) continue;
    const runIndex = table.list.runIndexOf(slot);
    lines.push(runsCsvLine(runIndex, seed, table.row(slot), sample ? sampledValues(sample, runIndex) : []));
  }
  return `${lines.join('\n')}\n`;
}

export function failuresJsonl(table: RunTable, seed: string): string {
  let text = '';
  for (let slot = 0; slot < table.list.count; slot++) {
    if (table.isFailed(slot)) text += `${JSON.stringify({ runIndex: table.list.runIndexOf(slot), seed, error: table.errorOf(slot) })}\n`;
  }
  return text;
}

/** Writes the four result files and returns the summary object. */
export function writeResultFiles(dir: string, meta: BatchMeta, table: RunTable, series: SeriesFile): object {
  writeFileAtomic(join(dir, 'runs.csv'), runsCsv(table, meta.seed, meta.sample ?? null));
  writeFileAtomic(join(dir, 'failures.jsonl'), failuresJsonl(table, meta.seed));
  const summary = batchSummary(meta, table);
  writeFileAtomic(join(dir, 'summary.json'), jsonText(summary));
  writeFileAtomic(join(dir, 'bands.csv'), bandsCsv(table, series, tradingDates(meta.scenario.start, meta.scenario.ticks)));
  return summary;
}
