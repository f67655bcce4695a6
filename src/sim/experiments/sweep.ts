// A sweep: one batch per grid point, all with the same master seed (common random numbers: run i sees the same draws
// at every point wherever its streams exist), on one worker pool. The sweep folder holds sweep.json (what was
// swept), one batch folder per point (point-000, …: each a complete batch folder, reproducible on its own with the
// command in its manifest), sweep.csv (one row per point) and report.html.
import type { BatchOutput } from '../files/batch-folder.js';
import { readBatchSummary } from '../files/batch-folder.js';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { loadScenario, type LoadedScenario, type LoadOptions } from '../scenario/load.js';
import { policiesFor } from '../run/custom-policies.js';
import { ScenarioError } from '../scenario/problems.js';
import { commandLine } from '../batch/manifest.js';
import type { Executor } from '../batch/executor.js';
import { resolveWorkers, runBatch, type BatchOutcome, type BatchRequest, type ProgressSink } from '../batch/run-batch.js';
import type { Injections } from '../batch/spec.js';
import { jsonText } from '../format.js';
import { writeFileAtomic } from '../files/atomic.js';
import { gridPoints, type Axis, type GridPoint } from './grid.js';
import { sharedPool } from './sweep-pool.js';
import { chooseStudyFolder } from './study-folder.js';
import { sweepCsv, type PointSummary } from './sweep-table.js';

export const SWEEP_FILE = 'sweep.json';

export interface SweepMeta {
  readonly scenario: string; // the base scenario, as given to --scenario
  readonly sets: readonly string[]; // --set applied at every point
  readonly vary: readonly Axis[];
  readonly seed: string;
  readonly runs: number; // per point
  readonly points: readonly { readonly point: number; readonly dir: string; readonly values: Readonly<Record<string, string>>; readonly scenarioHash: string }[];
  readonly workers: number | null;
  readonly command: string;
  readonly startedAt: string;
  readonly finishedAt: string | null;
}

export interface SweepRequest {
  readonly scenario: string;
  readonly sets: readonly string[];
  /** A start from data (--start, --realised-policy, --data), the same at every point. */
  readonly load?: LoadOptions;
  readonly axes: readonly Axis[];
  readonly seed: string;
  readonly runs: number;
  readonly workers: number | 'auto';
  readonly out: string;
  readonly resume: boolean;
  readonly inject: Injections;
  readonly command: string;
  readonly progressFor?: (label: string) => ProgressSink | undefined;
  readonly notice?: (line: string) => void;
  readonly signal?: AbortSignal;
  /** The points as loadSweepPoints returned them (else they are loaded here). */
  readonly loaded?: readonly LoadedScenario[];
  /** --series and --format of every point's batch. */
  readonly output?: BatchOutput;
}

export interface SweepOutcome {
  readonly dir: string;
  readonly meta: SweepMeta;
  readonly points: readonly PointSummary[];
  readonly batches: readonly BatchOutcome[];
  readonly runsFailed: number;
}

export const pointDir = (k: number): string => `point-${String(k).padStart(3, '0')}`;

/**
 * Every point loaded and its policies checked, before anything runs or prints: a bad value stops the sweep at once,
 * and a problem with a varied value is named by its --vary (not by the --set it becomes).
 */
export async function loadSweepPoints(req: Pick<SweepRequest, 'scenario' | 'sets' | 'axes' | 'load'>): Promise<LoadedScenario[]> {
  const varied = new Set(req.axes.map((a) => `--set ${a.path}`));
  const loaded: LoadedScenario[] = [];
  for (const p of gridPoints(req.axes)) {
    try {
      loaded.push(loadScenario(req.scenario, [...req.sets, ...p.sets], req.load));
    } catch (e) {
      if (!(e instanceof ScenarioError)) throw e;
      const renamed = e.problems.map((q) => (varied.has(q.path) ? { ...q, path: `--vary ${q.path.slice('--set '.length)}`, found: `${q.found} (at point ${p.index}: ${p.sets.join(' ')})` } : q));
      throw new ScenarioError(e.source, renamed);
    }
  }
  for (const l of loaded) await policiesFor(l);
  return loaded;
}

export async function runSweep(req: SweepRequest): Promise<SweepOutcome> {
  const grid = gridPoints(req.axes);
  const loaded = req.loaded ?? await loadSweepPoints(req);
  const started = new Date();
  const fresh: SweepMeta = {
    scenario: req.scenario, sets: req.sets, vary: req.axes, seed: req.seed, runs: req.runs,
    points: grid.map((p, k) => ({ point: p.index, dir: pointDir(p.index), values: p.values, scenarioHash: loaded[k].hash })),
    workers: null, command: req.command, startedAt: started.toISOString(), finishedAt: null,
  };
  const meta = chooseStudyFolder(req.out, req.resume, fresh, {
    noun: 'sweep', file: SWEEP_FILE, same: 'the same --scenario, --set, --vary, --seed and --runs',
    identity: (m) => [m.scenario, m.sets, m.vary, m.seed, m.runs, m.points.map((p) => p.scenarioHash)],
    describe: (m) => `${m.scenario}, seed ${m.seed}, ${m.runs} runs per point, ${m.points.length} points`,
  });
  mkdirSync(req.out, { recursive: true });
  writeFileAtomic(join(req.out, SWEEP_FILE), jsonText(meta));

  const pool = sharedPool(loaded, resolveWorkers(req.workers, req.runs * grid.length),
    (point, i, error) => req.notice?.(`point ${point}: the worker running run ${i} died (${error}); retrying the run once`));
  const batches: BatchOutcome[] = [];
  try {
    for (const [k, p] of grid.entries()) {
      batches.push(await runBatch(pointRequest(req, p, loaded[k], await pool.executorFor(k), pool.workers, grid.length)));
    }
  } finally {
    await pool.close();
  }

  const points = grid.map((p, k) => readPointSummary(req.out, p, loaded[k].hash));
  writeFileAtomic(join(req.out, 'sweep.csv'), sweepCsv(req.axes, points));
  const done: SweepMeta = { ...meta, workers: pool.workers, finishedAt: new Date().toISOString() };
  writeFileAtomic(join(req.out, SWEEP_FILE), jsonText(done));
  return { dir: req.out, meta: done, points, batches, runsFailed: points.reduce((s, p) => s + p.summary.runsFailed, 0) };
}

function pointRequest(req: SweepRequest, p: GridPoint, loaded: LoadedScenario, executor: Executor, workers: number, count: number): BatchRequest {
  const dir = join(req.out, pointDir(p.index));
  const label = `sweep point ${p.index + 1}/${count} (${p.sets.join(', ')})`;
  // The command in the point's manifest makes that point alone, as an ordinary batch.
  const command = commandLine(['batch', '--scenario', req.scenario, ...[...req.sets, ...p.sets].flatMap((s) => ['--set', s]),
    ...startFlags(req.load), '--seed', req.seed, '--runs', String(req.runs), '--out', dir]);
  return {
    loaded, seed: req.seed, runs: req.runs, shard: null, workers, out: dir, resume: req.resume, inject: req.inject,
    command, runsRoot: req.out, progress: req.progressFor?.(label), notice: req.notice, signal: req.signal, executor,
    ...(req.output ? { output: req.output } : {}),
  };
}

/** The command-line flags of a start from data, for the command that remakes one batch alone. */
export function startFlags(load: LoadOptions | undefined): string[] {
  if (!load) return [];
  return [...(load.start ? ['--start', load.start] : []), ...(load.realisedPolicy ? ['--realised-policy'] : []), ...(load.dataDir ? ['--data', load.dataDir] : [])];
}

function readPointSummary(dir: string, p: GridPoint, scenarioHash: string): PointSummary {
  return { point: p.index, dir: pointDir(p.index), values: p.values, scenarioHash, summary: readBatchSummary(join(dir, pointDir(p.index))) };
}
