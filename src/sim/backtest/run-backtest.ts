// A rolling-origin backtest (issue 13): for each origin, an ordinary batch of the scenario started from the data on
// that day with the realised policy-rate path, all on one worker pool (the sweep's), each in a batch folder of its own
// under origins/ (journaled, resumable, reproducible alone with the command in its manifest). Then every origin is
// scored against what happened: backtest.csv (one row per origin × series × horizon) and summary.json.
import { UserError } from '../../errors.js';
import type { BatchOutput } from '../files/batch-folder.js';
import { readBatchFolder } from '../files/batch-folder.js';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { loadDataset, resolveDataDir, type Dataset } from '../../data/dataset.js';
import { commandLine, readManifest } from '../batch/manifest.js';
import { resolveWorkers, runBatch, type BatchOutcome, type ProgressSink } from '../batch/run-batch.js';
import type { Injections } from '../batch/spec.js';
import { policiesFor } from '../run/custom-policies.js';
import { ExperimentError } from '../experiments/errors.js';
import { sharedPool } from '../experiments/sweep-pool.js';
import { chooseStudyFolder } from '../experiments/study-folder.js';
import { writeFileAtomic } from '../files/atomic.js';
import { jsonText } from '../format.js';
import { loadScenario, type LoadedScenario } from '../scenario/load.js';
import { ScenarioError } from '../scenario/problems.js';
import { OPENING_IDS } from '../scenario/start-from-data.js';
import { originDates, originSeed } from './origins.js';
import { REALISED, REALISED_IDS, SCORED_SERIES } from './realised.js';
import { backtestCsv, horizonScores, round, scoreOrigin, type BacktestRow, type HorizonScore } from './score.js';

export const BACKTEST_FILE = 'backtest.json';
export const ORIGINS_DIR = 'origins';

/** What a backtest is: the scenario, the origins, the horizons and the runs (the same in the request and in
 *  backtest.json). */
export interface BacktestPlan {
  readonly scenario: string;
  readonly sets: readonly string[];
  readonly from: string;
  readonly to: string;
  readonly every: number;
  readonly horizons: readonly number[];
  readonly runs: number; // per origin
  readonly seed: string;
}

export interface BacktestMeta extends BacktestPlan {
  readonly origins: readonly { readonly date: string; readonly dir: string; readonly scenarioHash: string }[];
  readonly workers: number | null;
  readonly command: string;
  readonly startedAt: string;
  readonly finishedAt: string | null;
}

export interface BacktestRequest extends BacktestPlan {
  readonly workers: number | 'auto';
  readonly out: string;
  readonly resume: boolean;
  readonly dataDir?: string;
  readonly inject: Injections;
  readonly command: string;
  /** A progress sink for origin k (0-based) of `count`, given its date. */
  readonly progressFor?: (origin: { readonly k: number; readonly count: number; readonly date: string }) => ProgressSink | undefined;
  readonly notice?: (line: string) => void;
  readonly signal?: AbortSignal;
  /** --series and --format of every origin's batch ('none' is refused: the scores read each origin's series.f32). */
  readonly output?: BatchOutput;
}

export interface BacktestSummary {
  readonly scenario: string;
  readonly sets: readonly string[];
  readonly seed: string;
  readonly runsPerOrigin: number;
  readonly origins: number;
  readonly firstOrigin: string;
  readonly lastOrigin: string;
  readonly every: number;
  readonly horizons: readonly number[];
  readonly policyPath: 'realised';
  readonly benchmark: string;
  readonly series: Readonly<Record<string, { label: string; unit: string; source: string }>>;
  readonly scores: readonly HorizonScore[];
}

export interface BacktestOutcome {
  readonly dir: string;
  readonly meta: BacktestMeta;
  readonly summary: BacktestSummary;
  readonly batches: readonly BatchOutcome[];
  readonly runsFailed: number;
}

export const originDir = (date: string): string => join(ORIGINS_DIR, date);

const planOf = (p: BacktestPlan): BacktestPlan =>
  ({ scenario: p.scenario, sets: p.sets, from: p.from, to: p.to, every: p.every, horizons: p.horizons, runs: p.runs, seed: p.seed });

/** Every origin's scenario, loaded before anything runs: a date the data cannot serve stops the backtest at once. */
function loadOrigins(req: BacktestRequest, dates: readonly string[], data: Dataset): LoadedScenario[] {
  const horizon = req.horizons[req.horizons.length - 1];
  const loaded: LoadedScenario[] = [];
  const failures: string[] = [];
  for (const date of dates) {
    try {
      loaded.push(loadScenario(req.scenario, [...req.sets, `ticks=${horizon}`], { start: date, realisedPolicy: true, data }));
    } catch (e) {
      if (!(e instanceof ScenarioError)) throw e;
      failures.push(`origin ${date}: ${e.problems.map((p) => `${p.path}: ${p.found}`).join('; ')}`);
    }
  }
  if (failures.length) {
    const shown = failures.slice(0, 5).join('\n  ');
    throw new ExperimentError(`${failures.length} of ${dates.length} origins cannot start from the data with a ${horizon}-day horizon:\n  ${shown}` +
      `${failures.length > 5 ? `\n  … and ${failures.length - 5} more` : ''}`);
  }
  return loaded;
}

export function loadBacktestData(dataDir?: string): Dataset {
  return loadDataset(resolveDataDir(dataDir), [...new Set([...OPENING_IDS, 'DFEDTARU', ...REALISED_IDS])]);
}

export async function runBacktest(req: BacktestRequest): Promise<BacktestOutcome> {
  if (req.output?.series === 'none') throw new UserError('usage', "--series none: a backtest scores each origin from its series.f32, so it keeps them ('default' or 'all')");
  const dates = originDates(req.from, req.to, req.every);
  const data = loadBacktestData(req.dataDir);
  const loaded = loadOrigins(req, dates, data);
  await policiesFor(loaded[0]); // the same modules at every origin
  const started = new Date();
  const fresh: BacktestMeta = {
    ...planOf(req),
    origins: dates.map((date, k) => ({ date, dir: originDir(date), scenarioHash: loaded[k].hash })),
    workers: null, command: req.command, startedAt: started.toISOString(), finishedAt: null,
  };
  const meta = chooseStudyFolder(req.out, req.resume, fresh, {
    noun: 'backtest', file: BACKTEST_FILE, same: 'the same options (or the data changed since it started)',
    identity: (m) => [m.scenario, m.sets, m.from, m.to, m.every, m.horizons, m.seed, m.runs, m.origins.map((o) => o.scenarioHash)],
    describe: (m) => `${m.scenario}, ${m.from}..${m.to} every ${m.every}, horizons ${m.horizons.join(',')}, seed ${m.seed}, ${m.runs} runs per origin`,
  });
  mkdirSync(req.out, { recursive: true });
  writeFileAtomic(join(req.out, BACKTEST_FILE), jsonText(meta));

  const pending = dates.map((_, k) => k).filter((k) => !readManifest(join(req.out, originDir(dates[k])))?.finishedAt);
  const pool = sharedPool(loaded, resolveWorkers(req.workers, req.runs * Math.max(1, pending.length)),
    (k, i, error) => req.notice?.(`origin ${dates[k]}: the worker running run ${i} died (${error}); retrying the run once`));
  const batches: BatchOutcome[] = [];
  try {
    for (const k of pending) {
      if (req.signal?.aborted) break;
      const dir = join(req.out, originDir(dates[k]));
      const command = commandLine(['batch', '--scenario', req.scenario, ...[...req.sets, `ticks=${req.horizons[req.horizons.length - 1]}`].flatMap((s) => ['--set', s]),
        '--start', dates[k], '--realised-policy', ...(req.dataDir ? ['--data', req.dataDir] : []), '--seed', originSeed(req.seed, dates[k]), '--runs', String(req.runs), '--out', dir]);
      batches.push(await runBatch({
        loaded: loaded[k], seed: originSeed(req.seed, dates[k]), runs: req.runs, shard: null, workers: pool.workers, out: dir, resume: existsSync(dir),
        inject: req.inject, command, runsRoot: req.out, progress: req.progressFor?.({ k, count: dates.length, date: dates[k] }),
        notice: req.notice, signal: req.signal, executor: await pool.executorFor(k), ...(req.output ? { output: req.output } : {}),
      }));
    }
  } finally {
    await pool.close();
  }

  const rows: BacktestRow[] = dates.flatMap((date) => scoreOrigin(join(req.out, originDir(date)), date, req.horizons, data));
  writeFileAtomic(join(req.out, 'backtest.csv'), backtestCsv(rows));
  const summary = backtestSummary(meta, rows);
  writeFileAtomic(join(req.out, 'summary.json'), jsonText(summary));
  const done: BacktestMeta = { ...meta, workers: pool.workers, finishedAt: new Date().toISOString() };
  writeFileAtomic(join(req.out, BACKTEST_FILE), jsonText(done));
  const runsFailed = dates.reduce((s, d) => s + failedRuns(join(req.out, originDir(d))), 0);
  return { dir: req.out, meta: done, summary, batches, runsFailed };
}

function failedRuns(dir: string): number {
  return readBatchFolder(dir, ['failures']).failures.length;
}

export function backtestSummary(meta: BacktestMeta, rows: readonly BacktestRow[]): BacktestSummary {
  const scores = horizonScores(rows, meta.horizons).map((s) => ({
    ...s, coverage50: round(s.coverage50), coverage90: round(s.coverage90), crps: round(s.crps), naiveCrps: round(s.naiveCrps),
    skill: round(s.skill), medianError: round(s.medianError), pitChi2: round(s.pitChi2), pitChi2P: round(s.pitChi2P), pitKs: round(s.pitKs), pitKsP: round(s.pitKsP),
  }));
  return {
    scenario: meta.scenario, sets: meta.sets, seed: meta.seed, runsPerOrigin: meta.runs, origins: meta.origins.length,
    firstOrigin: meta.origins[0].date, lastOrigin: meta.origins[meta.origins.length - 1].date, every: meta.every, horizons: meta.horizons,
    policyPath: 'realised',
    benchmark: 'a random walk from the origin\'s value with the trailing year\'s volatility of the series (log changes for BTC and USD/JPY; level changes otherwise), scored by its closed-form CRPS',
    series: Object.fromEntries(SCORED_SERIES.map((s) => [s, { label: REALISED[s].label, unit: REALISED[s].unit, source: REALISED[s].source }])),
    scores,
  };
}
