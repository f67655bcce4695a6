// `fimasim export DIR --format parquet`: a finished batch folder's tables as Parquet files beside its CSVs, for
// pandas, polars, R (arrow) and DuckDB: runs.parquet (one row per successful run: runIndex, seed, the metrics, any
// sampled parameters), bands.parquet (bands.csv), and series.parquet, every run's kept per-tick series in tidy long
// form (run, tick, date, then the series of series.f32, as the Float32 values stored there). Written with
// hyparquet-writer (pure JavaScript, no install script, ≈ 1 MB with its reader; docs/files.md says why).
import { parquetWriteBuffer } from 'hyparquet-writer';
import { BANDED } from '../run/series.js';
import { tradingDates } from '../calendar.js';
import { batchFile, readBatchFolder, writeParquet, type Manifest } from '../files/batch-folder.js';
import { runLayout } from './layout.js';
import { SeriesFile } from './series-file.js';
import { RunList } from './spec.js';

type Column = { name: string; data: ArrayLike<unknown>; type: 'INT32' | 'DOUBLE' | 'FLOAT' | 'STRING' };

export interface ExportOutcome {
  readonly files: readonly string[];
  readonly rows: { readonly runs: number; readonly bands: number; readonly series: number };
}

/** Writes the parts asked for (default all three); a batch with --format parquet writes them as it finishes (the
 *  series part only for --series default: --series all streams its own series.parquet, all-series.ts). */
export function exportParquet(dir: string, parts: readonly ('runs' | 'bands' | 'series')[] = ['runs', 'bands', 'series']): ExportOutcome {
  const folder = readBatchFolder(dir, ['runs', 'bands']);
  const { manifest, runs, bands } = folder;
  const written: string[] = [];
  const write = (file: 'runsParquet' | 'bandsParquet' | 'seriesParquet', columns: Column[]): void => {
    writeParquet(dir, file, new Uint8Array(parquetWriteBuffer({ columnData: columns as never })));
    written.push(batchFile(dir, file));
  };

  // runs: the runs.csv columns, numbers as DOUBLE except runIndex; a sampled choice of strings stays text
  if (parts.includes('runs')) write('runsParquet', runsColumns(runs));
  if (parts.includes('bands')) write('bandsParquet', bandsColumns(bands));
  // a --series all folder has its own series.parquet (written with the batch); a --series none folder has none
  const kept = manifest.output?.series ?? 'default';
  if (!parts.includes('series') || kept !== 'default') return { files: written, rows: { runs: runs.rows, bands: bands.rows, series: 0 } };
  return seriesPart(dir, manifest, runs, write, written, bands.rows);
}

function runsColumns(runs: ReturnType<typeof readBatchFolder<'runs'>>['runs']): Column[] {
  const numeric = (name: string): boolean => runs.text(name).every((v) => v === 'NaN' || v === '' || Number.isFinite(Number(v)));
  return runs.header.map((name): Column => (
    name === 'runIndex' ? { name, data: Int32Array.from(runs.runIndex), type: 'INT32' }
      : name === 'seed' || !numeric(name) ? { name, data: [...runs.text(name)], type: 'STRING' }
        : { name, data: Float64Array.from(runs.numbers(name)), type: 'DOUBLE' }));
}

function bandsColumns(bands: ReturnType<typeof readBatchFolder<'bands'>>['bands']): Column[] {
  return bands.header.map((name): Column => (
    name === 'tick' ? { name, data: Int32Array.from(bands.numbers(name)), type: 'INT32' }
      : name === 'date' ? { name, data: [...bands.text(name)], type: 'STRING' }
        : { name, data: Float64Array.from(bands.numbers(name)), type: 'DOUBLE' }));
}

function seriesPart(
  dir: string, manifest: Manifest, runs: ReturnType<typeof readBatchFolder<'runs'>>['runs'],
  write: (file: 'seriesParquet', columns: Column[]) => void, written: string[], bandRows: number,
): ExportOutcome {
  // series: long form, one row per (run, tick), in run-index order
  const { ticks, start } = manifest.scenario;
  const layout = runLayout(ticks);
  const list = new RunList(manifest.runs, manifest.shard ?? null);
  const n = runs.rows * layout.points;
  const run = new Int32Array(n), tick = new Int32Array(n), date: string[] = new Array(n);
  const values = BANDED.map(() => new Float32Array(n));
  const dates = tradingDates(start, ticks);
  const file = SeriesFile.open(batchFile(dir, 'series'), layout, list.count, 'read');
  try {
    const buf = new Float32Array(layout.floats);
    runs.runIndex.forEach((runIndex, k) => {
      const s = file.read(list.slotOf(runIndex), 0, layout.floats, buf);
      for (let t = 0; t < layout.points; t++) {
        const row = k * layout.points + t;
        run[row] = runIndex; tick[row] = t; date[row] = dates[t];
        for (let b = 0; b < BANDED.length; b++) values[b][row] = s[b * layout.points + t];
      }
    });
  } finally {
    file.close();
  }
  write('seriesParquet', [
    { name: 'run', data: run, type: 'INT32' }, { name: 'tick', data: tick, type: 'INT32' }, { name: 'date', data: date, type: 'STRING' },
    ...BANDED.map((name, b): Column => ({ name, data: values[b], type: 'FLOAT' })),
  ]);
  return { files: written, rows: { runs: runs.rows, bands: bandRows, series: n } };
}
