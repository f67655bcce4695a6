// The API's option checks (piscina's way): each option is checked once, at the entry, with a message naming it,
// "options.runs must be a positive integer, found 0"; a mistake is a UserError of kind 'usage'.
import { UserError } from '../errors.js';
import { grouped, MAX_RUNS, maxWorkers } from '../sim/limits.js';
import type { ProgressSink } from '../sim/batch/run-batch.js';
import type { BatchOutput } from '../sim/files/batch-folder.js';

const fail = (name: string, expected: string, found: unknown): never => {
  throw new UserError('usage', `options.${name} must be ${expected}, found ${typeof found === 'string' ? `'${found}'` : String(found)}`);
};

export function seedOf(v: unknown, name = 'seed'): string {
  if (v === undefined) return '1';
  const s = typeof v === 'bigint' ? v.toString() : typeof v === 'number' && Number.isSafeInteger(v) && v >= 0 ? String(v) : typeof v === 'string' ? v : null;
  if (s === null || !/^\d{1,20}$/.test(s)) return fail(name, 'a non-negative integer (a string for seeds beyond 2^53)', v);
  return s;
}

export function positiveInt(name: string, v: unknown, fallback: number, max = Number.MAX_SAFE_INTEGER): number {
  if (v === undefined) return fallback;
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 1) return fail(name, 'a positive integer', v);
  if (v > max) return fail(name, `at most ${grouped(max)}`, v);
  return v;
}

export function nonNegativeInt(name: string, v: unknown, fallback: number): number {
  if (v === undefined) return fallback;
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) return fail(name, 'a non-negative integer', v);
  return v;
}

export const runsOf = (v: unknown, fallback: number): number => positiveInt('runs', v, fallback, MAX_RUNS);

export function workersOf(v: unknown): number | 'auto' {
  if (v === undefined || v === 'auto') return 'auto';
  return positiveInt('workers', v, 1, maxWorkers());
}

export function stringList(name: string, v: unknown): string[] {
  if (v === undefined) return [];
  if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) return fail(name, 'a list of strings', JSON.stringify(v));
  return [...v] as string[];
}

export function text(name: string, v: unknown): string | undefined {
  if (v === undefined) return undefined;
  if (typeof v !== 'string' || v.trim() === '') return fail(name, 'a non-empty string', v);
  return v;
}

/** How far a batch has come: runs finished (done + failed) of `total`, for the batch named by `label`. */
export interface Progress {
  readonly label: string;
  readonly finished: number;
  readonly failed: number;
  readonly total: number;
  /** The last call for this label (its batch has stopped: finished, interrupted or failed). */
  readonly final?: boolean;
}

export type ProgressCallback = (p: Progress) => void;

/** The batch layer's progress sink, as calls of a user's callback. */
export function sinkOf(onProgress: ProgressCallback | undefined, label: string): ProgressSink | undefined {
  if (!onProgress) return undefined;
  let total = 0, active = false, last = { finished: 0, failed: 0 };
  return {
    start: (t, already) => { total = t; active = true; last = { finished: already, failed: 0 }; onProgress({ label, finished: already, failed: 0, total }); },
    update: (finished, failed) => { last = { finished, failed }; onProgress({ label, finished, failed, total }); },
    stop: () => {
      if (active) onProgress({ label, ...last, total, final: true });
      active = false;
    },
  };
}

/** `series` ('none' | 'default' | 'all') and `format` ('csv', 'parquet', or both, as a list or 'csv,parquet') of a
 *  batch: undefined when neither is given (a resumed folder keeps its own). `names` are what the messages call them
 *  (the CLI's flags, else the API's options). */
export function batchOutputOf(series: unknown, format: unknown, names = { series: 'options.series', format: 'options.format' }): BatchOutput | undefined {
  if (series === undefined && format === undefined) return undefined;
  const bad = (name: string, expected: string, found: unknown): never => {
    throw new UserError('usage', `${name} must be ${expected}, found ${typeof found === 'string' ? `'${found}'` : JSON.stringify(found)}`);
  };
  const s = series ?? 'default';
  if (s !== 'none' && s !== 'default' && s !== 'all') bad(names.series, "'none', 'default' or 'all'", s);
  const list = format === undefined ? ['csv'] : typeof format === 'string' ? format.split(',').map((f) => f.trim())
    : Array.isArray(format) ? format.flatMap((f) => String(f).split(',').map((x) => x.trim())) : bad(names.format, "'csv', 'parquet' or 'csv,parquet'", format);
  const formats = (['csv', 'parquet'] as const).filter((f) => list.includes(f));
  const unknown = list.filter((f) => f !== 'csv' && f !== 'parquet');
  if (unknown.length > 0 || formats.length === 0) bad(names.format, "'csv', 'parquet' or 'csv,parquet'", typeof format === 'string' ? format : list.join(','));
  return { series: s as BatchOutput['series'], formats };
}
