// Reads a batch folder (docs/files.md) for the report. Problems with the folder are BatchFolderError, whose
// message names the folder and what is wrong, so the CLI can show it as a user error.
import { existsSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

export class BatchFolderError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BatchFolderError';
  }
}

/** Every statistic is null when no run finished. */
export interface MetricSummary {
  readonly unit: string;
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

export interface BatchManifest {
  readonly fimasimVersion?: string;
  readonly node?: string;
  readonly gitCommit?: string | null;
  readonly scenarioName?: string;
  readonly scenarioHash?: string;
  readonly scenario?: Record<string, unknown>;
  readonly seed?: string;
  readonly runs?: number;
  readonly workers?: number;
  readonly shard?: unknown;
  readonly startedAt?: string;
  readonly finishedAt?: string;
  readonly wallSeconds?: number;
  readonly command?: string | readonly string[];
}

/** A CSV of numbers keyed by header, except string columns such as `date`. */
export interface Columns {
  readonly header: readonly string[];
  readonly rows: number;
  text(name: string): readonly string[];
  numbers(name: string): readonly number[];
  has(name: string): boolean;
}

export interface BatchFolder {
  readonly dir: string;
  readonly manifest: BatchManifest;
  readonly summary: BatchSummary;
  readonly bands: Columns;
  readonly runs: Columns;
}

const required = ['manifest.json', 'summary.json', 'bands.csv', 'runs.csv'] as const;

export async function readBatchFolder(dir: string): Promise<BatchFolder> {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new BatchFolderError(`'${dir}' is not a folder: expected a batch folder written by 'fimasim batch'`);
  }
  const missing = required.filter((f) => !existsSync(join(dir, f)));
  if (missing.length > 0) {
    const unfinished = existsSync(join(dir, 'manifest.json')) || existsSync(join(dir, 'journal.bin'));
    const what = `${listOf(missing)} ${missing.length > 1 ? 'are' : 'is'} missing`;
    throw new BatchFolderError(unfinished
      ? `'${dir}' is not a finished batch folder: ${what} (the batch may have been interrupted: ` +
        `finish it with 'fimasim batch --resume --out ${dir}')`
      : `'${dir}' is not a batch folder: ${what} (a batch folder is written by 'fimasim batch')`);
  }
  const [manifest, summary, bands, runs] = await Promise.all([
    readJson(dir, 'manifest.json'),
    readJson(dir, 'summary.json'),
    readCsv(dir, 'bands.csv'),
    readCsv(dir, 'runs.csv'),
  ]);
  const s = summary as Partial<BatchSummary>;
  if (typeof s.metrics !== 'object' || s.metrics === null || !Array.isArray(s.chain)) {
    throw new BatchFolderError(`${join(dir, 'summary.json')}: expected "metrics" (an object) and "chain" (a list)`);
  }
  return { dir, manifest: manifest as BatchManifest, summary: summary as BatchSummary, bands, runs };
}

async function readJson(dir: string, name: string): Promise<unknown> {
  const path = join(dir, name);
  try {
    const value: unknown = JSON.parse(await readFile(path, 'utf8'));
    if (typeof value !== 'object' || value === null) throw new Error('expected a JSON object');
    return value;
  } catch (e) {
    throw new BatchFolderError(`${path}: ${(e as Error).message}`);
  }
}

async function readCsv(dir: string, name: string): Promise<Columns> {
  const path = join(dir, name);
  return parseCsv(await readFile(path, 'utf8'), path);
}

/** fimasim's CSVs hold plain numbers and ISO dates, never quoted fields, so a split is exact. */
export function parseCsv(text: string, path: string): Columns {
  const lines = text.split('\n').filter((l) => l.length > 0);
  if (lines.length === 0) throw new BatchFolderError(`${path}: the file is empty (expected a header line)`);
  const header = lines[0].split(',');
  const cells = lines.slice(1).map((l) => l.split(','));
  cells.forEach((row, i) => {
    if (row.length !== header.length) {
      throw new BatchFolderError(`${path}, line ${i + 2}: ${row.length} fields, expected ${header.length}`);
    }
  });
  const index = (name: string) => {
    const i = header.indexOf(name);
    if (i < 0) throw new BatchFolderError(`${path}: no column '${name}' (columns: ${header.join(', ')})`);
    return i;
  };
  return {
    header,
    rows: cells.length,
    has: (name) => header.includes(name),
    text: (name) => {
      const i = index(name);
      return cells.map((r) => r[i]);
    },
    numbers: (name) => {
      const i = index(name);
      return cells.map((r, line) => {
        const v = r[i] === '' ? NaN : Number(r[i]);
        if (Number.isNaN(v) && r[i] !== '' && r[i] !== 'NaN') {
          throw new BatchFolderError(`${path}, line ${line + 2}, column '${name}': '${r[i]}' is not a number`);
        }
        return v;
      });
    },
  };
}

function listOf(items: readonly string[]): string {
  return items.length === 1 ? items[0] : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}
