// fimasim from code (docs/api.md): the same operations as the CLI, with typed options and results, progress as a
// callback and cancellation by AbortSignal. The CLI's commands are a layer over these; names here are stable.
//
// Errors: a mistake in the input (an option, a scenario, a folder) rejects with a UserError whose `kind` says which;
// a batch stopped by its AbortSignal rejects with a BatchInterrupted naming the folder (its finished runs are
// journaled: the same call with `resume: true` completes it); anything else is a bug.
import { join, resolve } from 'node:path';
import { mkdirSync, readFileSync } from 'node:fs';
import { UserError } from '../errors.js';
import { grouped, MAX_RUNS } from '../sim/limits.js';
import { loadScenario as loadScenarioFile, type LoadedScenario } from '../sim/scenario/load.js';
import { readBatchFolder, type BatchFolderWith, type BatchPart, type BatchSummary } from '../sim/files/batch-folder.js';
import { stampedFolder } from '../sim/files/stamped-folder.js';
import type { RunResult } from '../sim/run/engine.js';
import type { PointSummary } from '../sim/experiments/sweep-table.js';
import type { SweepMeta } from '../sim/experiments/sweep.js';
import type { BacktestMeta } from '../sim/backtest/run-backtest.js';
import type { CalibrationResult } from '../sim/calibrate/run-calibrate.js';
import type { RecoveryRow } from '../sim/calibrate/recovery.js';
import type { Comparison } from '../sim/experiments/compare.js';
import type { ModuleToLoad, Replay } from '../sim/experiments/replay.js';
import type { SampleSpec } from '../sim/sample/spec.js';
import type { SensitivityRow } from '../sim/sample/sensitivity.js';
import type { BacktestSummary } from '../sim/backtest/run-backtest.js';
import type { BatchOutput } from '../sim/files/batch-folder.js';
import type { Injections } from '../sim/batch/spec.js';
type RunSummary = ReturnType<typeof import('../sim/run/run-output.js').runSummary>;
import { batchOutputOf, nonNegativeInt, positiveInt, runsOf, seedOf, sinkOf, stringList, text, workersOf, type ProgressCallback } from './checks.js';

// The engine, the worker pool and the report load on first use, so `import … from 'fimasim'` stays light for a
// custom policy module that only wants its types and zod.
const engine = async () => ({
  ...(await import('../sim/run/custom-policies.js')), ...(await import('../sim/batch/run-record.js')), ...(await import('../sim/batch/run-batch.js')),
  ...(await import('../sim/batch/spec.js')), ...(await import('../sim/run/series.js')), ...(await import('../sim/files/batch-folder.js')),
});

export type { LoadedScenario } from '../sim/scenario/load.js';
export type { Scenario } from '../sim/scenario/schema.js';
export type { BatchFolder, BatchFolderWith, BatchPart, BatchSummary, Manifest, RunsTable, FailureRecord, FolderProblem } from '../sim/files/batch-folder.js';
export { inspectBatchFolder } from '../sim/files/batch-folder.js';
export type { CsvTable } from '../sim/files/csv-table.js';
export type { Comparison, MetricComparison } from '../sim/experiments/compare.js';
export type { ModuleToLoad, Replay } from '../sim/experiments/replay.js';
export type { SensitivityRow } from '../sim/sample/sensitivity.js';
export type { SampleSpec } from '../sim/sample/spec.js';
export type { BacktestSummary } from '../sim/backtest/run-backtest.js';
export type { Progress, ProgressCallback } from './checks.js';
export { UserError, type UserErrorKind } from '../errors.js';

/** The names of the built-in sample studies (SampleOptions.study). */
export { studyNames as sampleStudies } from '../sim/sample/studies.js';

/** The built-in default, the CLI's too. */
export const DEFAULT_RUNS = 1000;

// ---------------------------------------------------------------------------------------------------- scenario

export interface ScenarioOptions {
  /** Overrides, `path=value`, applied in order (the CLI's --set). */
  readonly set?: readonly string[];
  /** Open from the data as of this date (YYYY-MM-DD, a trading day). */
  readonly start?: string;
  /** With `start`: the policy rate follows its realised path. */
  readonly realisedPolicy?: boolean;
  /** A folder of date,value series (default: $FIMASIM_DATA, else the bundled data/). */
  readonly dataDir?: string;
}

/** A built-in name or a .json path, `extends` resolved, overrides applied, validated once: every problem is in the
 *  thrown ScenarioError (a UserError of kind 'scenario'), with its path. */
export function loadScenario(ref: string, opts: ScenarioOptions = {}): LoadedScenario {
  const r = text('scenario', ref) as string;
  return loadScenarioFile(r, stringList('set', opts.set), {
    ...(opts.start !== undefined ? { start: text('start', opts.start) } : {}),
    ...(opts.realisedPolicy !== undefined ? { realisedPolicy: Boolean(opts.realisedPolicy) } : {}),
    ...(opts.dataDir !== undefined ? { dataDir: text('dataDir', opts.dataDir) } : {}),
  });
}

/** Where an operation takes its scenario: a loaded one, or a reference loaded with `opts`. */
export type ScenarioInput = string | LoadedScenario;
const loaded = (s: ScenarioInput, opts: ScenarioOptions = {}): LoadedScenario => (typeof s === 'string' ? loadScenario(s, opts) : s);

// ---------------------------------------------------------------------------------------------------- one run

export interface SimulateOptions {
  readonly seed?: string | number | bigint;
  /** Run I of a batch with this master seed (its streams are keyed by seed and I). */
  readonly runIndex?: number;
  /** Record the run's notable events (default true). */
  readonly events?: boolean;
  /** Also write the run's files here: series.csv, events.jsonl, summary.json (docs/files.md). */
  readonly out?: string;
}

export interface RunOutput {
  readonly scenarioName: string;
  readonly scenarioHash: string;
  readonly seed: string;
  readonly runIndex: number;
  /** One trading date per tick, ticks + 1 of them. */
  readonly dates: readonly string[];
  /** Every per-tick series in output units (those of series.csv), by name. */
  readonly series: Readonly<Record<string, Float64Array>>;
  readonly units: Readonly<Record<string, string>>;
  /** The run's metrics, as its runs.csv row in a batch. */
  readonly metrics: Readonly<Record<string, number>>;
  readonly events: RunResult['events'];
  /** summary.json of the run. */
  readonly summary: RunSummary;
  /** The engine's result as it is (model units), for code that wants it raw. */
  readonly raw: RunResult;
}

/** One run, in memory: the same code path as a batch's runs (so its metrics are run `runIndex` of a batch). A run
 *  that breaks an invariant rejects with a ModelError naming the tick and quantity. */
export async function simulate(scenario: ScenarioInput, opts: SimulateOptions = {}): Promise<RunOutput> {
  const l = loaded(scenario);
  const seed = seedOf(opts.seed);
  const runIndex = nonNegativeInt('runIndex', opts.runIndex, 0);
  const out = text('out', opts.out);
  const { policiesFor, simulateRun, SERIES } = await engine();
  const { writeRunFiles, runSummary } = await import('../sim/run/run-output.js');
  const policies = await policiesFor(l);
  const { result } = simulateRun(l.scenario, seed, runIndex, { recordEvents: opts.events ?? true, policies });
  const id = { scenario: l.scenario.name, scenarioHash: l.hash, seed, runIndex };
  if (out !== undefined) writeRunFiles(out, id, result);
  const series: Record<string, Float64Array> = {}, units: Record<string, string> = {};
  SERIES.forEach((c, k) => {
    series[c.name] = Float64Array.from(result.series[k], c.toOutput);
    units[c.name] = c.unit;
  });
  return { scenarioName: l.scenario.name, scenarioHash: l.hash, seed, runIndex, dates: result.dates, series, units, metrics: result.metrics, events: result.events,
    summary: runSummary(id, result), raw: result };
}

// ---------------------------------------------------------------------------------------------------- batches

/** @internal What the CLI passes through (not part of the stable API): its command line, recorded in the manifest,
 *  and the test hooks it reads from the environment (FIMASIM_FAIL_RUNS, FIMASIM_CRASH_RUNS). */
export interface CliContext {
  readonly command: string;
  readonly inject: Injections;
}

interface Running {
  /** @internal the CLI's context. */
  readonly cli?: CliContext;
  /** Worker threads: a positive integer, or 'auto' (available cores). */
  readonly workers?: number | 'auto';
  /** Called as runs finish. */
  readonly onProgress?: ProgressCallback;
  /** Lines worth telling a user (a resumed batch, a retried run). */
  readonly onNotice?: (line: string) => void;
  /** Stops the work cleanly; the promise rejects with BatchInterrupted and `resume: true` completes it. */
  readonly signal?: AbortSignal;
  /** Complete an interrupted folder (`out`) of the same work instead of refusing a non-empty one. */
  readonly resume?: boolean;
}

export interface BatchOptions extends ScenarioOptions, Running {
  readonly runs?: number;
  readonly seed?: string | number | bigint;
  /** The batch folder (default: a new folder under runs/ of the working directory). */
  readonly out?: string;
  /** Run only shard K of N (run indices i with i mod N = K): 'K/N', or 'auto/N' to take K from the job array. */
  readonly shard?: string;
  /** Also write report.html (default false: the report's chart libraries are loaded only when asked). */
  readonly report?: boolean;
  /** Per-run series kept (docs/files.md): 'none', 'default' (the compact series.f32) or 'all' (every series and
   *  the agent-level series of every run, in long tables). A resumed folder keeps its own. */
  readonly series?: 'none' | 'default' | 'all';
  /** 'csv', 'parquet' or both ('csv,parquet' or a list): the formats of the long tables, and Parquet copies of runs and bands. */
  readonly format?: string | readonly ('csv' | 'parquet')[];
}

export interface BatchResult {
  readonly dir: string;
  readonly summary: BatchSummary;
  readonly runsDone: number;
  readonly runsFailed: number;
  readonly alreadyComplete: boolean;
  readonly report: string | null;
  /** Worker threads used (0 when the folder was already complete). */
  readonly workers: number;
  /** Runs found finished in the journal of an interrupted folder. */
  readonly runsResumed: number;
  /** The shard run, 'K/N' (null for a whole batch). */
  readonly shard?: string | null;
}

/** Many seeded runs on worker threads into a batch folder (docs/files.md); byte-identical whatever `workers`. */
export async function runBatch(scenario: ScenarioInput, opts: BatchOptions = {}): Promise<BatchResult> {
  const l = loaded(scenario, opts);
  const seed = seedOf(opts.seed), runs = runsOf(opts.runs, DEFAULT_RUNS), workers = workersOf(opts.workers);
  const { policiesFor, runBatch: runBatchFolder, NO_INJECTIONS, readBatchSummary } = await engine();
  const shardText = text('shard', opts.shard);
  const shard = shardText === undefined ? null : (await import('../sim/batch/shard.js')).parseShard(shardText);
  const output = outputOpt(opts);
  await policiesFor(l); // before any folder exists: a bad custom policy module leaves nothing behind
  const out = text('out', opts.out);
  const o = await runBatchFolder({
    loaded: l, seed, runs, shard, workers, out, // no out: a new folder under runs/ (a shard's name says which)
    resume: Boolean(opts.resume), inject: opts.cli?.inject ?? NO_INJECTIONS, command: opts.cli?.command ?? apiCommand('runBatch', l, { seed, runs }), runsRoot: 'runs',
    progress: sinkOf(opts.onProgress, shard ? `batch shard ${shard.index}/${shard.count}` : 'batch'), notice: opts.onNotice, signal: opts.signal, ...output,
  });
  const report = opts.report ? await batchReport(o.dir) : null;
  return { dir: o.dir, summary: (o.summary as BatchSummary | null) ?? readBatchSummary(o.dir), runsDone: o.runsDone, runsFailed: o.runsFailed, alreadyComplete: o.alreadyComplete, report,
    workers: o.workers, runsResumed: o.runsResumed, shard: shard ? `${shard.index}/${shard.count}` : null };
}

export interface SweepOptions extends BatchOptions {
  /** The grid: path → values (or the CLI's 'path=v1,v2' / 'path=lo:hi:steps' texts); the Cartesian product. */
  readonly vary: Readonly<Record<string, readonly (string | number)[]>> | readonly string[];
}

export interface SweepResult {
  readonly dir: string;
  readonly points: readonly PointSummary[];
  readonly runsFailed: number;
  readonly report: string | null;
  /** sweep.json: the grid, the seed, the points' folders, the workers. */
  readonly meta: SweepMeta;
}

/** A grid of batches on the same seeds (common random numbers), one worker pool for all. The scenario is a
 *  reference (each point is loaded with its own values). */
export async function sweep(scenario: string, opts: SweepOptions): Promise<SweepResult> {
  const seed = seedOf(opts.seed), runs = runsOf(opts.runs, DEFAULT_RUNS), workers = workersOf(opts.workers);
  const { parseGrid } = await import('../sim/experiments/grid.js');
  const { loadSweepPoints, runSweep } = await import('../sim/experiments/sweep.js');
  const { NO_INJECTIONS } = await engine();
  const axes = parseGrid(Array.isArray(opts.vary) ? stringList('vary', opts.vary)
    : Object.entries(opts.vary ?? {}).map(([path, values]) => `${path}=${values.map(String).join(',')}`));
  const total = axes.reduce((n, a) => n * a.values.length, runs);
  if (total > MAX_RUNS) {
    throw new UserError('usage', `${opts.cli ? '--runs' : 'options.runs'} ${runs} × ${total / runs} grid points = ${grouped(total)} runs; at most ${grouped(MAX_RUNS)} in one sweep`);
  }
  const output = outputOpt(opts);
  const sets = stringList('set', opts.set);
  const load = { ...(opts.start ? { start: opts.start } : {}), ...(opts.realisedPolicy ? { realisedPolicy: true } : {}), ...(opts.dataDir ? { dataDir: opts.dataDir } : {}) };
  const points = await loadSweepPoints({ scenario, sets, axes, load }); // a bad --vary value stops here, before anything prints
  const out = text('out', opts.out) ?? stampedFolder('runs', `sweep-${points[0].scenario.name}-${seed}`);
  opts.onNotice?.(`sweep of ${points.length} points × ${runs} runs into ${out}`);
  const o = await withRoot(out, () => runSweep({
    scenario, sets, load, axes, seed, runs, workers, out, resume: Boolean(opts.resume), inject: opts.cli?.inject ?? NO_INJECTIONS, loaded: points,
    command: opts.cli?.command ?? `fimasim sweep --scenario ${scenario} ${axes.map((a) => `--vary ${a.path}=${a.values.join(',')}`).join(' ')} --seed ${seed} --runs ${runs}`,
    progressFor: (label) => sinkOf(opts.onProgress, label), notice: opts.onNotice, signal: opts.signal, ...output,
  }));
  const report = opts.report ? await (await import('../report/sweep-report.js')).writeSweepReport(o.dir) : null;
  return { dir: o.dir, points: o.points, runsFailed: o.runsFailed, report, meta: o.meta };
}

export interface SampleOptions extends BatchOptions {
  /** Sampled parameters, the CLI's --sample texts: 'path=uniform(lo,hi)', 'path=choice(a,b)', … */
  readonly sample?: readonly string[];
  /** A built-in study (its samples come first). */
  readonly study?: string;
}

export interface SampleResult extends BatchResult {
  readonly spec: SampleSpec;
  /** The built-in study used, with the metrics it is about (null without one). */
  readonly study: { readonly name: string; readonly outcomes: readonly string[] | null } | null;
  /** The sensitivity ranking (sensitivity.csv): PRCC with bootstrap intervals and first-order indices. */
  readonly ranking: readonly SensitivityRow[];
}

/** Parameter uncertainty: a Latin hypercube, one set of values per run, then the sensitivity ranking. */
export async function sample(scenario: ScenarioInput, opts: SampleOptions): Promise<SampleResult> {
  const l = loaded(scenario, opts);
  const seed = seedOf(opts.seed), runs = runsOf(opts.runs, DEFAULT_RUNS), workers = workersOf(opts.workers);
  const { findStudy, studyNames } = await import('../sim/sample/studies.js');
  const { parseSamples } = await import('../sim/sample/spec.js');
  const { checkExtremes } = await import('../sim/sample/values.js');
  const { writeSensitivity } = await import('../sim/sample/sensitivity.js');
  const { policiesFor, runBatch: runBatchFolder, NO_INJECTIONS, readBatchSummary } = await engine();
  const studyName = text('study', opts.study);
  const study = studyName === undefined ? null : findStudy(studyName);
  if (studyName !== undefined && !study) {
    const { closest } = await import('../sim/scenario/problems.js');
    const guess = closest(studyName, studyNames());
    throw new UserError('usage', `${opts.cli ? '--study' : 'options.study'}: no built-in study '${studyName}' (studies: ${studyNames().join(', ')})${guess ? `; did you mean '${guess}'?` : ''}`);
  }
  const output = outputOpt(opts);
  await policiesFor(l); // before any folder exists: a bad custom policy module leaves nothing behind
  const spec = parseSamples([...(study?.samples ?? []), ...stringList('sample', opts.sample)], l.scenario, seed, runs, study?.name ?? null);
  checkExtremes(l.scenario, spec); // a value that would make the scenario invalid stops here, before any run
  const out = text('out', opts.out) ?? (opts.resume ? undefined : stampedFolder('runs', `sample-${l.scenario.name}-${seed}`));
  const o = await runBatchFolder({
    loaded: l, seed, runs, shard: null, workers, out, resume: Boolean(opts.resume), sample: spec, inject: opts.cli?.inject ?? NO_INJECTIONS,
    command: opts.cli?.command ?? apiCommand('sample', l, { seed, runs }), runsRoot: 'runs', progress: sinkOf(opts.onProgress, 'sample'), notice: opts.onNotice, signal: opts.signal, ...output,
  });
  opts.onNotice?.(`ranking ${spec.parameters.length} parameters for every metric (PRCC with bootstrap intervals)`);
  const ranking = writeSensitivity(o.dir);
  const report = opts.report ? await batchReport(o.dir) : null;
  return { dir: o.dir, summary: readBatchSummary(o.dir), runsDone: o.runsDone, runsFailed: o.runsFailed, alreadyComplete: o.alreadyComplete, report, spec, ranking,
    workers: o.workers, runsResumed: o.runsResumed, study: study ? { name: study.name, outcomes: study.outcomes ?? null } : null };
}

// ---------------------------------------------------------------------------------------------------- folders

/** A finished batch folder, checked: the manifest and the parts asked for (default: summary, runs, bands,
 *  failures). Problems reject as one UserError of kind 'batch-folder'; inspectBatchFolder returns them as data. */
export function readBatch<K extends BatchPart = 'summary' | 'runs' | 'bands' | 'failures'>(dir: string, parts?: readonly K[]): BatchFolderWith<K> {
  return readBatchFolder(text('dir', dir) as string, parts ?? (['summary', 'runs', 'bands', 'failures'] as unknown as K[]));
}

export interface CompareOptions {
  /** Write compare.json (and report.html unless `report: false`) here; nothing is written without it. */
  readonly out?: string;
  readonly report?: boolean;
  /** What the table and the report call A and B (default: the folders' names). */
  readonly labels?: readonly [string, string];
}

/** Two batch folders compared metric by metric: paired by run index when their master seeds match. */
export async function compare(a: string, b: string, opts: CompareOptions = {}): Promise<Comparison & { readonly report: string | null }> {
  const { batchRuns, compareBatches } = await import('../sim/experiments/compare.js');
  const { writeFileAtomic } = await import('../sim/files/atomic.js');
  const { jsonText } = await import('../sim/format.js');
  const labels = opts.labels === undefined ? [] : stringList('labels', opts.labels);
  const A = batchRuns(readBatch(a, ['runs']), undefined, labels[0]), B = batchRuns(readBatch(b, ['runs']), undefined, labels[1]);
  const c = compareBatches({ ...A, dir: resolve(A.dir) }, { ...B, dir: resolve(B.dir) });
  const out = text('out', opts.out);
  let report: string | null = null;
  if (out !== undefined) {
    mkdirSync(out, { recursive: true });
    writeFileAtomic(join(out, 'compare.json'), jsonText(c));
    if (opts.report !== false) report = await (await import('../report/compare-report.js')).writeCompareReport(out, c, A, B);
  }
  return { ...c, report };
}

export interface ReplayOptions {
  /** Load the batch's custom policy modules even outside the folder or changed (they are code: docs/security.md). */
  readonly allowModules?: boolean;
  /** Told, before anything is imported, which custom policy modules the batch names (code that runs with your rights). */
  readonly onModules?: (modules: readonly ModuleToLoad[]) => void;
}

/** Run `runIndex` of a batch redone bit for bit and checked against the batch's row and series. */
export async function replay(dir: string, runIndex: number, opts: ReplayOptions = {}): Promise<Replay> {
  const { replayRun } = await import('../sim/experiments/replay.js');
  return replayRun(text('dir', dir) as string, nonNegativeInt('runIndex', runIndex, 0), { allowModules: Boolean(opts.allowModules), onModules: opts.onModules });
}

// ---------------------------------------------------------------------------------------------------- data

export interface BacktestOptions extends Running {
  readonly scenario?: string;
  readonly set?: readonly string[];
  readonly from: string;
  readonly to: string;
  /** Trading days between origins (default 21). */
  readonly every?: number;
  /** Horizons in trading days (default 5, 21, 63, 126, 252), or the CLI's '5,21,63'. */
  readonly horizons?: readonly number[] | string;
  /** Runs per origin (default 200). */
  readonly runs?: number;
  readonly seed?: string | number | bigint;
  readonly out?: string;
  readonly dataDir?: string;
  /** As BatchOptions.series and .format, for each origin's batch. */
  readonly series?: 'none' | 'default' | 'all';
  readonly format?: string | readonly ('csv' | 'parquet')[];
}

/** A rolling-origin backtest against the data: coverage, CRPS against a random walk, PIT (docs/backtest.md). */
export async function backtest(opts: BacktestOptions): Promise<{ readonly dir: string; readonly summary: BacktestSummary; readonly runsFailed: number; readonly meta: BacktestMeta }> {
  const { runBacktest } = await import('../sim/backtest/run-backtest.js');
  const { originDates, parseHorizons } = await import('../sim/backtest/origins.js');
  const { NO_INJECTIONS } = await engine();
  const scenario = text('scenario', opts.scenario) ?? 'hayes-2024';
  const seed = seedOf(opts.seed), runs = runsOf(opts.runs, 200), workers = workersOf(opts.workers);
  const every = positiveInt('every', opts.every, 21);
  const horizons = parseHorizons(typeof opts.horizons === 'string' ? opts.horizons : (opts.horizons ?? [5, 21, 63, 126, 252]).join(','));
  const from = text('from', opts.from) as string, to = text('to', opts.to) as string;
  const origins = originDates(from, to, every).length;
  if (runs * origins > MAX_RUNS) {
    throw new UserError('usage', `${opts.cli ? '--runs' : 'options.runs'} ${runs} × ${origins} origins = ${grouped(runs * origins)} runs; at most ${grouped(MAX_RUNS)} in one backtest`);
  }
  const output = outputOpt(opts);
  const out = text('out', opts.out) ?? stampedFolder('runs', `backtest-${scenario.replace(/^.*[/\\]/, '').replace(/\.json$/, '')}-${seed}`);
  const o = await withRoot(out, () => runBacktest({
    scenario, sets: stringList('set', opts.set), from, to, every, horizons, runs, seed, workers, out,
    resume: Boolean(opts.resume), dataDir: text('dataDir', opts.dataDir), inject: opts.cli?.inject ?? NO_INJECTIONS,
    command: opts.cli?.command ?? `fimasim backtest --scenario ${scenario} --seed ${seed} --runs ${runs}`,
    progressFor: overallProgress(opts.onProgress, 'backtest'), notice: opts.onNotice, signal: opts.signal, ...output,
  }));
  return { dir: o.dir, summary: o.summary, runsFailed: o.runsFailed, meta: o.meta };
}

export interface CalibrateOptions extends Running {
  /** A built-in study name or a study .json file (docs/calibrate.md). */
  readonly study: string;
  /** 'YYYY-MM-DD..YYYY-MM-DD' (default: the study's). */
  readonly window?: string;
  readonly budget?: number;
  readonly runs?: number;
  readonly identification?: number;
  readonly weighting?: 'diagonal' | 'full';
  readonly seed?: string | number | bigint;
  readonly out?: string;
  readonly dataDir?: string;
  /** Recovery instead of the data: `path=value` overrides that make a known θ*; the "data" are the study's scenario at θ*
   *  run over the window's segments (docs/calibrate.md, "Recovery"). */
  readonly recover?: readonly string[];
}

/** Parameters estimated from the data by simulated moments; `best` is best.json (θ̂, loss, J test, identification). */
export async function calibrate(opts: CalibrateOptions): Promise<{ readonly dir: string; readonly best: Record<string, unknown>; readonly result: CalibrationResult; readonly recovery: RecoveryRow[] | null }> {
  const { runCalibration } = await import('../sim/calibrate/run-calibrate.js');
  const { loadStudy } = await import('../sim/calibrate/study.js');
  const { parseTruth, recoveryData, recoveryTable, RECOVERY_SEED } = await import('../sim/calibrate/recovery.js');
  const studyRef = text('study', opts.study) as string;
  const study = loadStudy(studyRef);
  const seed = seedOf(opts.seed), workers = workersOf(opts.workers);
  const budget = opts.budget === undefined ? undefined : positiveInt('budget', opts.budget, 2);
  const runs = opts.runs === undefined ? undefined : positiveInt('runs', opts.runs, 2);
  const identification = opts.identification === undefined ? undefined : nonNegativeInt('identification', opts.identification, 0);
  if (opts.weighting !== undefined && opts.weighting !== 'diagonal' && opts.weighting !== 'full') {
    throw new UserError('usage', `options.weighting must be 'diagonal' or 'full', found '${String(opts.weighting)}'`);
  }
  const out = text('out', opts.out) ?? stampedFolder('runs', `calibrate-${study.name}-${seed}`);
  const truthSets = opts.recover ?? [];
  const truth = truthSets.length ? parseTruth(truthSets) : [];
  const window = text('window', opts.window), dataDir = text('dataDir', opts.dataDir);
  const empirical = truthSets.length ? await recoveryData(study, { sets: truthSets, window, dataDir }) : undefined;
  const r = await withRoot(out, () => runCalibration({
    empirical, empiricalLabel: truthSets.length ? `recover: ${truthSets.join(' ')} (seed ${RECOVERY_SEED})` : undefined,
    study, studyRef, window, budget, runs, identification, weighting: opts.weighting, seed, workers, out,
    resume: Boolean(opts.resume), dataDir, command: opts.cli?.command ?? `fimasim calibrate --study ${studyRef} --seed ${seed}`,
    notice: opts.onNotice, progressFor: (label) => sinkOf(opts.onProgress, label), signal: opts.signal,
  }));
  const best = JSON.parse(readFileSync(join(r.dir, 'best.json'), 'utf8')) as Record<string, unknown> & { theta: Record<string, number> };
  return { dir: r.dir, best, result: r, recovery: truth.length ? recoveryTable(truth, best.theta, r.identification) : null };
}

// ---------------------------------------------------------------------------------------------------- helpers

/** Work in a folder of batches (a sweep, a backtest, a calibration): an interruption rejects with its BatchInterrupted
 *  carrying `root`, the folder that `resume: true` completes (its `dir` is the batch that was running). */
async function withRoot<T>(root: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (e) {
    if (isInterrupted(e)) Object.assign(e, { root });
    throw e;
  }
}

/** One progress label over every batch of a backtest (each origin has the same runs): finished runs add up. */
function overallProgress(onProgress: ProgressCallback | undefined, label: string) {
  let total = 0, done = 0, seenK = -1;
  return ({ k, count }: { k: number; count: number }) => (onProgress === undefined ? undefined : {
    start: (runs: number, already: number) => {
      if (seenK < 0) { total = runs * count; done = runs * k; }
      else done = runs * k;
      const first = seenK < 0;
      seenK = k;
      if (first) onProgress({ label, finished: done + already, failed: 0, total });
    },
    update: (finished: number, failed: number) => onProgress({ label, finished: done + finished, failed, total }),
    stop: () => { if (k === count - 1) onProgress({ label, finished: total, failed: 0, total, final: true }); },
  });
}

/** The batch layer's `output` from the options' series and format (nothing when neither is given). */
function outputOpt(opts: { readonly series?: unknown; readonly format?: unknown }): { output?: BatchOutput } {
  const output = batchOutputOf(opts.series, opts.format);
  return output ? { output } : {};
}

async function batchReport(dir: string): Promise<string> {
  return (await import('../report/batch-report.js')).writeBatchReport(dir);
}

/** What a folder made from code records as its command: the CLI line that remakes it. */
function apiCommand(what: 'runBatch' | 'sample', l: LoadedScenario, o: { seed: string; runs: number }): string {
  return `fimasim ${what === 'sample' ? 'sample' : 'batch'} --scenario ${l.source} --seed ${o.seed} --runs ${o.runs} (from the API; overrides are in the manifest's scenario)`;
}

/** Whether a rejection is a batch stopped by its AbortSignal (its `dir` holds the journaled runs; `resume: true`). */
export const isInterrupted = (e: unknown): e is Error & { readonly dir: string } => e instanceof Error && e.name === 'BatchInterrupted';
