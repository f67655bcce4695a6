// Options shared by several sub-commands, and their checks (each with a message naming the flag).
import type { BatchOutput } from '../sim/files/batch-folder.js';
import { batchOutputOf } from '../api/checks.js';
import type { ScenarioOptions } from '../api/index.js';
import { existsSync, lstatSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Argv } from 'yargs';
import { grouped, MAX_RUNS, maxWorkers } from '../sim/limits.js';
import { UsageError } from './errors.js';
import { loadScenario, type LoadedScenario, type LoadOptions } from '../sim/scenario/load.js';
import { policiesFor } from '../sim/run/custom-policies.js';
import type { PolicyRegistry } from '../contracts.js';

export const DEFAULT_SCENARIO = 'hayes-2024';

/** --runs of batch, sweep (per point) and sample: one default. */
export const DEFAULT_RUNS = 1000;

/** The integer flags: text to the parser, [number] in --help (main.ts). */
export const NUMBER_FLAGS = ['runs', 'run-index', 'run', 'seed', 'every', 'budget'];

export function withScenario<T>(y: Argv<T>) {
  return y
    .option('scenario', { type: 'string', default: DEFAULT_SCENARIO, describe: 'built-in scenario name or path to a scenario .json file' })
    .option('set', { type: 'string', array: true, default: [] as string[], describe: 'override a scenario value: path=value (repeatable), e.g. banks.mufg.policy.carryFloor=-0.8' })
    .option('start', { type: 'string', describe: "open from the data as of this date (YYYY-MM-DD, a trading day): yields, policy rate, Fed balance sheet, RRP, TGA, currency, USD/JPY, BTC and Japan's holdings as they were (docs/data.md)" })
    .option('realised-policy', { type: 'boolean', describe: 'with a start from data: the policy rate follows its realised path (DFEDTARU) instead of the scenario\'s fed-rate events' })
    .option('data', { type: 'string', describe: 'folder of date,value series to start from (default: $FIMASIM_DATA, else the bundled data/)' });
}

/** The start-from-data options of `withScenario`, as the loader takes them. */
export function loadOptionsFromArgs(args: { start?: unknown; 'realised-policy'?: unknown; data?: unknown }): LoadOptions {
  return {
    ...(args.start !== undefined ? { start: String(args.start) } : {}),
    ...(args['realised-policy'] !== undefined ? { realisedPolicy: Boolean(args['realised-policy']) } : {}),
    ...(args.data !== undefined ? { dataDir: String(args.data) } : {}),
  };
}

/** --json on every command: the result as JSON on stdout, nothing else there (messages go to stderr). */
export const withJson = <T>(y: Argv<T>, what = 'print the result as JSON on stdout') =>
  y.option('json', { type: 'boolean', default: false, describe: what });

/** --quiet on every command: nothing on stderr but warnings and errors (no progress bars, no notices). */
export const withQuiet = <T>(y: Argv<T>) =>
  y.option('quiet', { type: 'boolean', default: false, describe: 'nothing on stderr but warnings and errors (no progress, no notices)' });

export function withSeed<T>(y: Argv<T>) {
  return y.option('seed', { type: 'string', default: 1, describe: 'master seed (a non-negative integer, read as a string so large seeds keep every digit)' });
}

export function checkSeed(seed: unknown): string {
  const s = String(seed);
  if (!/^\d{1,20}$/.test(s)) throw new UsageError(`--seed: expected a non-negative integer (up to 20 digits), found '${s}'`);
  return s;
}

// decimal digits only: Number() would also take '0x10' (16), '1e3', ' 7' and '' (0)
export function checkNonNegativeInt(flag: string, v: unknown, max = Number.MAX_SAFE_INTEGER): number {
  const s = String(v);
  const n = /^\d{1,16}$/.test(s) ? Number(s) : NaN;
  if (!Number.isSafeInteger(n)) throw new UsageError(`${flag}: expected a non-negative integer, found '${s}'`);
  if (n > max) throw new UsageError(`${flag}: at most ${grouped(max)}, found ${s}`);
  return n;
}

export function checkPositiveInt(flag: string, v: unknown, max = Number.MAX_SAFE_INTEGER): number {
  const s = String(v);
  const n = /^\d{1,16}$/.test(s) ? Number(s) : NaN;
  if (!Number.isSafeInteger(n) || n < 1) throw new UsageError(`${flag}: expected a positive integer, found '${s}'`);
  if (n > max) throw new UsageError(`${flag}: at most ${grouped(max)}, found ${s}`);
  return n;
}

/** --runs of a batch, a sweep point or a sample. */
export const checkRuns = (v: unknown): number => checkPositiveInt('--runs', v, MAX_RUNS);

/** --workers: a positive integer up to the limit, or 'auto'. */
export const checkWorkers = (v: unknown): number | 'auto' => (String(v) === 'auto' ? 'auto' : checkPositiveInt('--workers', v, maxWorkers()));

/** Loads the scenario of `--scenario` and `--set`; validation problems come as one ScenarioError (a UserError). */
export function scenarioFromArgs(args: { scenario?: string; set?: (string | number)[]; start?: unknown; 'realised-policy'?: unknown; data?: unknown }): LoadedScenario {
  return loadScenario(args.scenario ?? DEFAULT_SCENARIO, (args.set ?? []).map(String), loadOptionsFromArgs(args));
}

/** The policies of a loaded scenario: a custom module that is missing, has the wrong shape or rejects its
 *  parameters is the user's to fix (exit 2), reported like any scenario problem. */
export async function policiesFromArgs(loaded: LoadedScenario): Promise<PolicyRegistry> {
  return policiesFor(loaded);
}

/** An `--out` value: undefined when not given; an empty path is refused (it would name the current folder). */
export function outFlag(v: unknown, flag = '--out'): string | undefined {
  if (v === undefined) return undefined;
  const s = String(v);
  if (s.trim() === '') throw new UsageError(`${flag}: expected a folder path, found an empty string`);
  return s;
}

/** The files of one run (`fimasim run`, `fimasim replay`). */
export const RUN_FILES = ['series.csv', 'events.jsonl', 'summary.json'];

/** A folder a run may write into: new, empty, or the folder of an earlier run (only run files, and a run's
 *  summary.json); anything else — a batch folder above all — is refused before anything is written. */
export function checkRunOut(dir: string, flag = '--out'): void {
  if (lstatSync(dir, { throwIfNoEntry: false })?.isSymbolicLink() && !existsSync(dir)) {
    throw new UsageError(`${flag} ${dir}: a symbolic link to a folder that does not exist`);
  }
  if (!existsSync(dir)) return;
  if (!statSync(dir).isDirectory()) throw new UsageError(`${flag} ${dir}: exists and is not a folder`);
  const names = readdirSync(dir);
  const own = names.every((n) => RUN_FILES.includes(n)) && (!names.includes('summary.json') || isRunSummary(join(dir, 'summary.json')));
  if (!own) {
    throw new UsageError(`${flag} ${dir}: the folder is not empty and is not the folder of a run (it holds ${names.slice(0, 4).join(', ')}` +
      `${names.length > 4 ? ', …' : ''}); choose an empty or new folder`);
  }
}

function isRunSummary(path: string): boolean {
  try {
    const o = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
    return typeof o.runIndex === 'number' && typeof o.scenarioHash === 'string' && !('runsDone' in o);
  } catch {
    return false;
  }
}

/** --series none|default|all and --format csv,parquet (batch, sweep, sample, backtest): docs/files.md. */
export const withOutput = <T>(y: Argv<T>) =>
  y.option('series', { type: 'string', describe: "per-run series kept: 'none', 'default' (the compact series.f32 of 9 series) or 'all' (every series and the agent-level series of every run, as long tables); a resumed folder keeps its own" })
    .option('format', { type: 'string', describe: "'csv', 'parquet' or 'csv,parquet': the long tables' formats, and Parquet copies of runs.csv and bands.csv (default csv)" });

export const outputFromArgs = (argv: { series?: unknown; format?: unknown }): BatchOutput | undefined =>
  batchOutputOf(argv.series, argv.format, { series: '--series', format: '--format' });

/** --series and --format checked (messages name the flags), as the API's options; nothing when neither is given. */
export function outputFlags(argv: { series?: unknown; format?: unknown }): { series?: BatchOutput['series']; format?: readonly ('csv' | 'parquet')[] } {
  const o = outputFromArgs(argv);
  return o ? { series: o.series, format: o.formats } : {};
}

/** The scenario options of `withScenario` (--set, --start, --realised-policy, --data) as the API takes them. */
export function scenarioOptionsFromArgs(args: { set?: (string | number)[]; start?: unknown; 'realised-policy'?: unknown; data?: unknown }): ScenarioOptions {
  return { set: (args.set ?? []).map(String), ...loadOptionsFromArgs(args) };
}
