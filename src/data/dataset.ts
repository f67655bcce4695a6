// Loading and checking folders of `date,value` files, and as-of lookups. A value is the last one published on or
// before a date, never an interpolation: a backtest must not see what was not yet known, nor a blend of two days.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseIsoDate } from '../sim/calendar.js';
import { catalogIds, seriesSpec, type SeriesSpec } from './catalog.js';
import { DataError, type DataProblem } from './errors.js';

export { DataError, formatDataProblem, type DataProblem } from './errors.js';

export interface DataSeries {
  readonly spec: SeriesSpec;
  /** The path the series was read from. */
  readonly file: string;
  readonly dates: readonly string[];
  /** In the file's unit. */
  readonly values: Float64Array;
  readonly first: string;
  readonly last: string;
}

export interface Observation {
  readonly date: string;
  /** In the file's unit. */
  readonly value: number;
  /** In the model's unit. */
  readonly model: number;
}

const DAY_MS = 86_400_000;
// Decimal numbers only: Number() would also take '', '0x10' and 'Infinity'.
const NUMBER = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;
const HEADER = 'date,value';

/** `<package root>/data`, from src/ (vitest) and from dist/ alike. */
export const BUNDLED_DATA_DIR = resolve(fileURLToPath(new URL('../../data/', import.meta.url)));

export const seriesFile = (dir: string, id: string): string => join(dir, `${id}.csv`);

const observation = (s: DataSeries, i: number): Observation =>
  ({ date: s.dates[i], value: s.values[i], model: s.spec.toModel(s.values[i]) });

function checkDateArg(s: DataSeries, what: string, date: string): void {
  if (!Number.isFinite(parseIsoDate(date))) {
    throw new DataError([{ file: s.file, line: null, message: `${s.spec.id}: ${what} '${date}' is not a YYYY-MM-DD calendar date` }]);
  }
}

/** Index of the last date ≤ `date`, or −1. */
function lastOnOrBefore(dates: readonly string[], date: string): number {
  let lo = 0, hi = dates.length; // first index with dates[i] > date
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (dates[mid] <= date) lo = mid + 1; else hi = mid;
  }
  return lo - 1;
}

/** The last observation dated on or before `date` (weekly H.4.1 series by their Wednesday dates); null before the first. */
export function asOf(s: DataSeries, date: string): Observation | null {
  checkDateArg(s, 'as-of date', date);
  const i = lastOnOrBefore(s.dates, date);
  return i < 0 ? null : observation(s, i);
}

/** Calendar days from `from` to `to`. */
export const daysBetween = (from: string, to: string): number => Math.round((parseIsoDate(to) - parseIsoDate(from)) / DAY_MS);

/** `asOf`, refusing a date before the series starts or a value older than the series' `maxAgeDays`. */
export function asOfFresh(s: DataSeries, date: string): Observation {
  const o = asOf(s, date);
  const { id, maxAgeDays, frequency } = s.spec;
  const covers = `${s.file} covers ${s.first}..${s.last}`;
  if (o === null) throw new DataError([{ file: s.file, line: null, message: `${id}: no value as of ${date}: the series starts on ${s.first} (${covers})` }]);
  const age = daysBetween(o.date, date);
  if (age > maxAgeDays) {
    throw new DataError([{ file: s.file, line: null,
      message: `${id}: no value as of ${date}: the latest observation is ${o.date}, ${age} days earlier (a ${frequency} series may lag at most ${maxAgeDays} days; ${covers})` }]);
  }
  return o;
}

/** The observations dated from `from` to `to`, both included. */
export function between(s: DataSeries, from: string, to: string): Observation[] {
  checkDateArg(s, 'from date', from);
  checkDateArg(s, 'to date', to);
  const out: Observation[] = [];
  for (let i = lastOnOrBefore(s.dates, from); i < s.dates.length; i++) {
    if (i < 0 || s.dates[i] < from) continue;
    if (s.dates[i] > to) break;
    out.push(observation(s, i));
  }
  return out;
}

interface Parsed { readonly dates: string[]; readonly values: number[]; readonly problems: DataProblem[] }

function describeText(t: string): string {
  return `'${t.length > 40 ? `${t.slice(0, 37)}...` : t}'`;
}

/** Checks one file's text; every problem is collected, none thrown. */
export function parseSeriesText(text: string, file: string): Parsed {
  const problems: DataProblem[] = [];
  const dates: string[] = [], values: number[] = [];
  const at = (line: number | null, message: string) => problems.push({ file, line, message });
  // A byte-order mark and Windows line ends are encoding artefacts, not content.
  const lines = text.replace(/^\uFEFF/, '').split('\n').map((l) => l.replace(/\r$/, ''));
  while (lines.length > 0 && lines[lines.length - 1].trim() === '') lines.pop();
  if (lines.length === 0) {
    at(null, `empty file (expected the header '${HEADER}' and one row per observation)`);
    return { dates, values, problems };
  }
  if (lines[0] !== HEADER) {
    const fred = /^observation_date,/i.test(lines[0]) || /^DATE,/.test(lines[0]);
    at(1, `header: expected '${HEADER}', found ${describeText(lines[0])}${fred ? ` (a FRED download: rename the header to '${HEADER}')` : ''}`);
  }
  if (lines.length === 1) at(null, 'no observations (only a header)');
  let prevDate = '', prevLine = 0;
  for (let i = 1; i < lines.length; i++) {
    const n = i + 1, fields = lines[i].split(',');
    if (lines[i].trim() === '') { at(n, 'blank line'); continue; }
    if (fields.length !== 2) { at(n, `expected 2 fields (date,value), found ${fields.length}: ${describeText(lines[i])}`); continue; }
    const [date, text] = fields;
    const dateOk = Number.isFinite(parseIsoDate(date));
    if (!dateOk) at(n, `date: expected a YYYY-MM-DD calendar date, found ${describeText(date)}`);
    const value = NUMBER.test(text) ? Number(text) : NaN;
    if (!Number.isFinite(value)) {
      const hint = text === '.' || text === '' ? ' (a missing-value marker: delete the row; values are never filled in)' : '';
      at(n, `value: expected a finite number, found ${describeText(text)}${hint}`);
    }
    if (!dateOk) continue;
    if (prevDate !== '') {
      if (date === prevDate) at(n, `duplicate date ${date} (also on line ${prevLine})`);
      else if (date < prevDate) at(n, `date ${date} comes after ${prevDate} on line ${prevLine}: dates must be strictly increasing`);
    }
    if (date > prevDate) {
      prevDate = date; prevLine = n;
      if (Number.isFinite(value)) { dates.push(date); values.push(value); }
    }
  }
  return { dates, values, problems };
}

interface CacheEntry { readonly mtimeMs: number; readonly size: number; readonly parsed: Parsed }
const cache = new Map<string, CacheEntry>();

/** One file, read once per process while its mtime and size stay the same. */
function readSeriesFile(file: string): Parsed {
  let st;
  try {
    st = statSync(file);
  } catch {
    return { dates: [], values: [], problems: [{ file, line: null, message: 'missing: no such file' }] };
  }
  if (!st.isFile()) return { dates: [], values: [], problems: [{ file, line: null, message: 'not a file' }] };
  const hit = cache.get(file);
  if (hit && hit.mtimeMs === st.mtimeMs && hit.size === st.size) return hit.parsed;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    return { dates: [], values: [], problems: [{ file, line: null, message: `cannot be read: ${(e as Error).message}` }] };
  }
  const parsed = parseSeriesText(text, file);
  cache.set(file, { mtimeMs: st.mtimeMs, size: st.size, parsed });
  return parsed;
}

function folderProblem(dir: string): DataProblem | null {
  if (!existsSync(dir)) return { file: dir, line: null, message: 'no such directory' };
  if (!statSync(dir).isDirectory()) return { file: dir, line: null, message: 'not a directory' };
  return null;
}

function specsOrProblems(ids: readonly string[]): { specs: SeriesSpec[]; problems: DataProblem[] } {
  const specs: SeriesSpec[] = [], problems: DataProblem[] = [];
  for (const id of ids) {
    try {
      specs.push(seriesSpec(id));
    } catch (e) {
      if (e instanceof DataError) problems.push(...e.problems); else throw e;
    }
  }
  return { specs, problems };
}

/** Every problem of every named file (default: the whole catalog) of a folder; a missing file is a problem. */
export function checkDataFolder(dir: string, ids: readonly string[] = catalogIds()): DataProblem[] {
  const folder = folderProblem(dir);
  if (folder) return [folder];
  const { specs, problems } = specsOrProblems(ids);
  for (const spec of specs) problems.push(...readSeriesFile(resolve(seriesFile(dir, spec.id))).problems);
  return problems;
}

/** The catalog ids that have a file in `dir`, in catalog order. */
export function presentIds(dir: string): string[] {
  return catalogIds().filter((id) => existsSync(seriesFile(dir, id)));
}

export class Dataset {
  readonly dir: string;
  readonly #series: ReadonlyMap<string, DataSeries>;

  constructor(dir: string, series: readonly DataSeries[]) {
    this.dir = dir;
    this.#series = new Map(series.map((s) => [s.spec.id, s]));
  }

  get(id: string): DataSeries {
    const s = this.#series.get(id);
    if (s) return s;
    const spec = seriesSpec(id); // an unknown id throws with a did-you-mean
    throw new DataError([{ file: seriesFile(this.dir, spec.id), line: null, message: `${id}: not loaded from ${this.dir} (loaded: ${this.ids().join(', ') || 'none'})` }]);
  }

  has(id: string): boolean {
    return this.#series.has(id);
  }

  ids(): string[] {
    return [...this.#series.keys()];
  }
}

/** Loads the named series (default: the whole catalog) from `dir`, or throws a DataError with every problem. */
export function loadDataset(dir: string, ids: readonly string[] = catalogIds()): Dataset {
  const abs = resolve(dir);
  const folder = folderProblem(abs);
  if (folder) throw new DataError([folder]);
  const { specs, problems } = specsOrProblems(ids);
  const series: DataSeries[] = [];
  for (const spec of specs) {
    const file = seriesFile(abs, spec.id);
    const parsed = readSeriesFile(file);
    problems.push(...parsed.problems);
    if (parsed.problems.length === 0) {
      series.push(Object.freeze({ spec, file, dates: parsed.dates, values: Float64Array.from(parsed.values),
        first: parsed.dates[0], last: parsed.dates[parsed.dates.length - 1] }));
    }
  }
  if (problems.length > 0) throw new DataError(problems);
  return new Dataset(abs, series);
}

/** The dates every named series covers: the latest first date and the earliest last date. */
export function commonRange(ds: Dataset, ids: readonly string[] = ds.ids()): { first: string; last: string } {
  let first = '', last = '9999-12-31';
  for (const id of ids) {
    const s = ds.get(id);
    if (s.first > first) first = s.first;
    if (s.last < last) last = s.last;
  }
  return { first, last };
}

/** The data folder: `--data` over `FIMASIM_DATA` over the bundled data; a path that is not a directory is refused. */
export function resolveDataDir(flag?: string, env: NodeJS.ProcessEnv = process.env): string {
  const [dir, from] = flag ? [flag, '--data'] : env.FIMASIM_DATA ? [env.FIMASIM_DATA, 'FIMASIM_DATA'] : [BUNDLED_DATA_DIR, 'the bundled data'];
  const abs = resolve(dir);
  const p = folderProblem(abs);
  if (p) throw new DataError([{ ...p, message: `${p.message} (from ${from})` }]);
  return abs;
}
