// The one owner of a batch folder's files (docs/files.md): their names, the typed manifest, summary, runs table,
// bands and failures, one validating reader that returns problems as data (like the scenario loader), and the
// writers. The batch runner, merge, report, compare, replay, sample, sweep, backtest and calibrate read and write a
// batch folder only through this module; nothing else names its files.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { UserError } from '../../errors.js';
import { csvLine, jsonText } from '../format.js';
import type { Scenario } from '../scenario/schema.js';
import type { SampleSpec } from '../sample/spec.js';
import { openAtomicStream, writeFileAtomic, type AtomicStream } from './atomic.js';
import { formatCsvProblem, parseCsvTable, type CsvTable } from './csv-table.js';

export const BATCH_FILES = {
  manifest: 'manifest.json',
  summary: 'summary.json',
  runs: 'runs.csv',
  failures: 'failures.jsonl',
  bands: 'bands.csv',
  series: 'series.f32',
  journal: 'journal.bin',
  report: 'report.html',
  sensitivity: 'sensitivity.csv',
  runsParquet: 'runs.parquet',
  bandsParquet: 'bands.parquet',
  seriesParquet: 'series.parquet',
  // --series all: every per-tick series, and the agent-level series, of every run (long form); series-all.f32 is
  // their fixed-stride store while the batch runs (removed when it finishes)
  allSeriesStore: 'series-all.f32',
  seriesCsv: 'series.csv',
  banksCsv: 'banks.csv',
  banksParquet: 'banks.parquet',
  cohortsCsv: 'cohorts.csv',
  cohortsParquet: 'cohorts.parquet',
} as const;
export type BatchFile = keyof typeof BATCH_FILES;

export const batchFile = (dir: string, file: BatchFile): string => join(dir, BATCH_FILES[file]);

/** Shard K of N owns the run indices i with i mod N = K. */
export interface ShardSpec {
  readonly index: number;
  readonly count: number;
}

/** manifest.json: what was run, by which fimasim, when and how. finishedAt is null while the batch is unfinished. */
export interface Manifest {
  fimasimVersion: string;
  node: string;
  gitCommit: string | null;
  scenarioName: string;
  scenarioHash: string;
  scenario: Scenario;
  seed: string;
  runs: number; // of the whole batch; a shard covers part of them
  workers: number | null;
  shard: ShardSpec | null;
  startedAt: string;
  resumedAt: string[];
  finishedAt: string | null;
  wallSeconds: number | null; // of the process that finished the batch
  command: string;
  mergedFrom?: string[];
  /** Custom policy modules: absolute path → sha256 of the content the batch ran (replay checks it). */
  modules?: Record<string, string>;
  /** A `fimasim sample` batch: the sample spec, and how each run's values are derived from it. */
  sample?: SampleSpec & { derivation: string };
  /** What the batch writes beyond runs.csv, summary.json and bands.csv (absent: series 'default', formats ['csv']). */
  output?: BatchOutput;
}

/** `--series none|default|all` and `--format csv,parquet` (docs/files.md). */
export interface BatchOutput {
  readonly series: 'none' | 'default' | 'all';
  readonly formats: readonly ('csv' | 'parquet')[];
}

export const DEFAULT_OUTPUT: BatchOutput = { series: 'default', formats: ['csv'] };

export const sameOutput = (a: BatchOutput, b: BatchOutput): boolean => a.series === b.series && a.formats.join(',') === b.formats.join(',');

/** `--series X --format Y`, as a user would type it. */
export const describeOutput = (o: BatchOutput): string => `--series ${o.series} --format ${o.formats.join(',')}`;

/** The long tables of a batch, each as CSV and as Parquet. */
export type LongTable = 'series' | 'banks' | 'cohorts';
export const LONG_TABLE_FILES: Readonly<Record<LongTable, { csv: BatchFile; parquet: BatchFile }>> = {
  series: { csv: 'seriesCsv', parquet: 'seriesParquet' },
  banks: { csv: 'banksCsv', parquet: 'banksParquet' },
  cohorts: { csv: 'cohortsCsv', parquet: 'cohortsParquet' },
};

/** Every statistic is null when no run finished. */
export interface MetricSummary {
  readonly unit: string;
  /** For a metric with a "never" marker (interventionTick −1): the runs where it happened (the statistics' n), the
   *  runs where it never did, and the marker. */
  readonly n?: number;
  readonly never?: number;
  readonly neverMarker?: number;
  readonly mean: number | null;
  readonly sd: number | null;
  readonly min: number | null;
  readonly p05: number | null;
  readonly p25: number | null;
  readonly p50: number | null;
  readonly p75: number | null;
  readonly p95: number | null;
  readonly max: number | null;
}

export interface Probability {
  readonly count: number;
  readonly n: number;
  readonly p: number | null; // null when n = 0
  readonly lo: number | null;
  readonly hi: number | null;
}

export interface ChainStep extends Probability {
  readonly step: string;
  readonly condition: string;
}

/** summary.json of a batch. */
export interface BatchSummary {
  readonly scenarioName: string;
  readonly scenarioHash: string;
  readonly seed: string;
  readonly runs: number;
  readonly runsDone: number;
  readonly runsFailed: number;
  readonly quantileMethod: string;
  readonly metrics: Readonly<Record<string, MetricSummary>>;
  readonly probabilities: Readonly<Record<string, Probability>>;
  readonly chain: readonly ChainStep[];
}

/** runs.csv: one row per successful run, in run-index order (runIndex, seed, the metrics, any sampled values). */
export interface RunsTable extends CsvTable {
  readonly runIndex: readonly number[];
  /** A column as numbers; undefined when there is no such column. */
  metric(name: string): readonly number[] | undefined;
  /** The row of a run index, or −1. */
  rowOf(runIndex: number): number;
  /** Row k as the writer wrote it (the same cells through the same csvLine), for exact comparison. */
  line(k: number): string;
}

/** failures.jsonl: one record per failed run. */
export interface FailureRecord {
  readonly runIndex: number;
  readonly seed: string;
  readonly error: string;
}

export type BatchPart = 'summary' | 'runs' | 'bands' | 'failures';

export interface BatchFolder {
  readonly dir: string;
  readonly manifest: Manifest;
  readonly summary?: BatchSummary;
  readonly runs?: RunsTable;
  readonly bands?: CsvTable;
  readonly failures?: readonly FailureRecord[];
}

/** A batch folder with the parts asked for. */
export type BatchFolderWith<K extends BatchPart> = BatchFolder & { readonly [P in K]-?: NonNullable<BatchFolder[P]> };

export interface FolderProblem {
  readonly file: string; // the folder, or the file in it
  readonly line: number | null;
  readonly message: string;
}

/** A problem as one line: 'file, line n: message', or the message alone when it already names the folder. */
export const formatFolderProblem = (p: FolderProblem): string => (p.message.startsWith(`'${p.file}'`) ? p.message : formatCsvProblem(p));

/**
 * Reads and checks a finished batch folder: the manifest always, and the parts asked for. Never throws for a
 * problem with the folder: the problems come back as data (file, line, message), and `folder` is null if any.
 */
export function inspectBatchFolder<K extends BatchPart>(dir: string, need: readonly K[]): { folder: BatchFolderWith<K> | null; problems: FolderProblem[] } {
  const fail = (message: string, file = dir, line: number | null = null) => ({ folder: null, problems: [{ file, line, message }] });
  if (!existsSync(dir) || !statSync(dir).isDirectory()) return fail(`'${dir}' is not a folder: expected a batch folder written by 'fimasim batch'`, dir);
  const wanted: BatchFile[] = ['manifest', ...need];
  const missing = wanted.filter((f) => !existsSync(batchFile(dir, f)));
  if (missing.length > 0) {
    const unfinished = existsSync(batchFile(dir, 'manifest')) || existsSync(batchFile(dir, 'journal'));
    const what = `${listOf(missing.map((f) => BATCH_FILES[f]))} ${missing.length > 1 ? 'are' : 'is'} missing`;
    return fail(unfinished
      ? `'${dir}' is not a finished batch folder: ${what} (the batch may have been interrupted: finish it with 'fimasim batch --resume --out ${dir}')`
      : `'${dir}' is not a batch folder: ${what} (a batch folder is written by 'fimasim batch')`);
  }
  const problems: FolderProblem[] = [];
  const manifest = readJson(batchFile(dir, 'manifest'), problems, manifestProblems);
  const part: Partial<Record<BatchPart, unknown>> = {};
  for (const p of need) {
    const path = batchFile(dir, p);
    if (p === 'summary') part.summary = readJson(path, problems, summaryProblems);
    else if (p === 'failures') part.failures = readFailures(path, problems);
    else {
      const { table, problems: found } = parseCsvTable(readFileSync(path, 'utf8'), path);
      problems.push(...found);
      if (table && p === 'runs') {
        if (table.header[0] !== 'runIndex' || table.header[1] !== 'seed') {
          problems.push({ file: path, line: 1, message: `expected a header starting with runIndex,seed, found '${table.header.join(',')}'` });
        } else part.runs = runsTable(table);
      } else if (table) part.bands = table;
    }
  }
  if (problems.length > 0 || !manifest) return { folder: null, problems };
  return { folder: { dir, manifest: manifest as Manifest, ...part } as BatchFolderWith<K>, problems };
}

/** inspectBatchFolder, with its problems thrown as one UserError (kind 'batch-folder') naming every one. */
export function readBatchFolder<K extends BatchPart>(dir: string, need: readonly K[]): BatchFolderWith<K> {
  const { folder, problems } = inspectBatchFolder(dir, need);
  if (!folder) throw new UserError('batch-folder', problems.map(formatFolderProblem).join('\n'));
  return folder;
}

/** The manifest of a folder that may be unfinished (resume, merge), or null when there is none that reads. */
export function readManifest(dir: string): Manifest | null {
  const path = batchFile(dir, 'manifest');
  if (!existsSync(path)) return null;
  const problems: FolderProblem[] = [];
  const m = readJson(path, problems, manifestProblems);
  return problems.length ? null : (m as Manifest);
}

/** An optional CSV file of a batch folder (sensitivity.csv of a sample batch): null when it is not there. */
export function readOptionalTable(dir: string, file: 'sensitivity'): CsvTable | null {
  const path = batchFile(dir, file);
  if (!existsSync(path)) return null;
  const { table, problems } = parseCsvTable(readFileSync(path, 'utf8'), path);
  if (!table) throw new UserError('batch-folder', problems.map(formatFolderProblem).join('\n'));
  return table;
}

/** summary.json of a finished batch folder (a sweep point, the end of a batch). */
export const readBatchSummary = (dir: string): BatchSummary => readBatchFolder(dir, ['summary']).summary;

// ---------------------------------------------------------------------------------------------------- writers

/** Each file is written to a temporary name and renamed (files/atomic.ts). */
export const writeManifest = (dir: string, m: Manifest): void => writeFileAtomic(batchFile(dir, 'manifest'), jsonText(m));
export const writeSummary = (dir: string, summary: BatchSummary | object): void => writeFileAtomic(batchFile(dir, 'summary'), jsonText(summary));
export const writeRunsCsv = (dir: string, header: readonly string[], rows: Iterable<readonly (string | number)[]>): void =>
  writeFileAtomic(batchFile(dir, 'runs'), csvText(header, rows));
export const writeSensitivityCsv = (dir: string, text: string): void => writeFileAtomic(batchFile(dir, 'sensitivity'), text);
export const writeParquet = (dir: string, file: 'runsParquet' | 'bandsParquet' | 'seriesParquet', bytes: Uint8Array): void => writeFileAtomic(batchFile(dir, file), bytes);
/** A big file written as it goes (the long tables of --series all): to a temporary name, renamed by `commit`. */
export const streamBatchFile = (dir: string, file: BatchFile): AtomicStream => openAtomicStream(batchFile(dir, file));
export const writeBandsCsv = (dir: string, text: string): void => writeFileAtomic(batchFile(dir, 'bands'), text);
export const writeFailures = (dir: string, failures: Iterable<FailureRecord>): void => {
  let text = '';
  for (const f of failures) text += `${JSON.stringify({ runIndex: f.runIndex, seed: f.seed, error: f.error })}\n`;
  writeFileAtomic(batchFile(dir, 'failures'), text);
};

export function csvText(header: readonly string[], rows: Iterable<readonly (string | number)[]>): string {
  const lines = [csvLine(header)];
  for (const r of rows) lines.push(csvLine(r));
  return `${lines.join('\n')}\n`;
}

// ---------------------------------------------------------------------------------------------------- checks

function readJson(path: string, problems: FolderProblem[], check: (v: Record<string, unknown>) => string[]): unknown {
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    problems.push({ file: path, line: null, message: (e as Error).message });
    return null;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    problems.push({ file: path, line: null, message: 'expected a JSON object' });
    return null;
  }
  for (const message of check(value as Record<string, unknown>)) problems.push({ file: path, line: null, message });
  return value;
}

const isInt = (x: unknown): boolean => Number.isSafeInteger(x);

function manifestProblems(m: Record<string, unknown>): string[] {
  const out: string[] = [];
  for (const k of ['scenarioName', 'scenarioHash', 'seed'] as const) if (typeof m[k] !== 'string') out.push(`"${k}": expected a string, found ${shown(m[k])}`);
  if (!isInt(m.runs) || (m.runs as number) < 1) out.push(`"runs": expected a positive integer, found ${shown(m.runs)}`);
  if (typeof m.scenario !== 'object' || m.scenario === null) out.push(`"scenario": expected the resolved scenario (an object), found ${shown(m.scenario)}`);
  if (m.finishedAt !== undefined && m.finishedAt !== null && typeof m.finishedAt !== 'string') out.push(`"finishedAt": expected a date or null, found ${shown(m.finishedAt)}`);
  const s = m.shard as Record<string, unknown> | null | undefined;
  if (s !== undefined && s !== null && (!isInt(s.index) || !isInt(s.count))) out.push(`"shard": expected null or { index, count }, found ${shown(s)}`);
  return out;
}

function summaryProblems(s: Record<string, unknown>): string[] {
  return typeof s.metrics !== 'object' || s.metrics === null || !Array.isArray(s.chain) ? ['expected "metrics" (an object) and "chain" (a list)'] : [];
}

function readFailures(path: string, problems: FolderProblem[]): FailureRecord[] {
  const out: FailureRecord[] = [];
  readFileSync(path, 'utf8').split('\n').forEach((line, k) => {
    if (!line) return;
    try {
      const f = JSON.parse(line) as Record<string, unknown>;
      if (!isInt(f.runIndex) || typeof f.error !== 'string') throw new Error('expected { runIndex, seed, error }');
      out.push({ runIndex: f.runIndex as number, seed: String(f.seed), error: f.error });
    } catch (e) {
      problems.push({ file: path, line: k + 1, message: (e as Error).message });
    }
  });
  return out;
}

function runsTable(t: CsvTable): RunsTable {
  const runIndex = t.numbers('runIndex');
  const at = new Map(runIndex.map((r, k) => [r, k]));
  return {
    ...t,
    runIndex,
    metric: (name) => (t.has(name) ? t.numbers(name) : undefined),
    rowOf: (r) => at.get(r) ?? -1,
    line: (k) => csvLine(t.cells(k)),
  };
}

const shown = (v: unknown): string => (v === undefined ? 'nothing' : JSON.stringify(v));

function listOf(items: readonly string[]): string {
  return items.length === 1 ? items[0] : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}
