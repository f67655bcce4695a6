// `fimasim bench` (bench/README.md): a fixed workload on the default scenario, measured in one process so the
// figures can be compared with each other — the engine on one thread at the default and at 10× the investors
// (alternating, so both see the same machine), the batch layer's own executors on 1 and 2 worker threads
// (alternating), a whole batch end to end, and the generators the investor streams could use.
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { agentNames } from '../batch/all-series.js';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { simulate } from '../run/engine.js';
import { loadScenario, type LoadedScenario } from '../scenario/load.js';
import { serialExecutor, type Executor } from '../batch/executor.js';
import { poolExecutor } from '../batch/pool.js';
import { runBatch } from '../batch/run-batch.js';
import { BATCH_FILES, batchFile, type BatchFile, type BatchOutput } from '../files/batch-folder.js';
import { NO_INJECTIONS, taskFor } from '../batch/spec.js';
import { measureGenerators } from './generators.js';
import { runBacktest } from '../backtest/run-backtest.js';
import { runCalibration } from '../calibrate/run-calibrate.js';
import { loadStudy } from '../calibrate/study.js';
import { median, timed, timedAsync } from './timing.js';
import { BENCH_SCENARIO, BENCH_SEED, SCALE_FACTOR, investorCount, scaledInvestorSets, type Workload } from './workload.js';

/** The targets of issues 7 and 4 (speedup2VsInProcess) on the reference 2-core machine. */
export const TARGETS = { agentStepsPerSec: 60e6, speedup2: 1.6, speedup2VsInProcess: 1.6, costRatio10x: 11 } as const;

export interface BenchReport {
  readonly scenario: string;
  readonly seed: string;
  readonly ticks: number;
  readonly investors: number;
  readonly msPerRun: number; // single thread, wall, median over repetitions
  readonly cpuMsPerRun: number; // the same runs in CPU time: much lower than msPerRun means a busy machine
  readonly agentStepsPerSec: number; // investors × ticks per second of wall time
  readonly investors10x: number;
  readonly msPerRun10x: number;
  readonly agentStepsPerSec10x: number;
  readonly costRatio10x: number; // msPerRun10x / msPerRun: at most 11 for cost linear in investors
  readonly runsPerSecSerial: number; // the in-process executor (`batch --workers 1`)
  readonly runsPerSec1: number; // the piscina pool executor, 1 worker thread
  readonly runsPerSec2: number; // the same, 2 worker threads
  readonly speedup2: number; // runsPerSec2 / runsPerSec1
  readonly speedup2VsInProcess: number; // runsPerSec2 / runsPerSecSerial: `batch --workers 2` against `--workers 1`
  readonly coresUsed: { readonly serial: number; readonly pool1: number; readonly pool2: number }; // CPU time / wall time
  readonly contended: boolean; // other processes took CPU during the measurement: the figures understate fimasim
  readonly executors: string;
  readonly batchEndToEnd: { readonly runs: number; readonly workers: number; readonly seconds: number } | null;
  readonly backtest: { readonly origins: number; readonly runsPerOrigin: number; readonly horizons: readonly number[]; readonly workers: number; readonly seconds: number; readonly runsPerSec: number } | null;
  readonly calibrate: { readonly study: string; readonly evaluations: number; readonly workers: number; readonly seconds: number } | null;
  readonly columnar: ColumnarCost | null;
  readonly generators: Record<string, number>; // M uniforms per second of CPU time
  readonly targets: typeof TARGETS;
  readonly meets: { readonly agentStepsPerSec: boolean; readonly speedup2: boolean; readonly speedup2VsInProcess: boolean; readonly costRatio10x: boolean };
  readonly machine: { readonly node: string; readonly cores: number; readonly loadAverage1m: number };
  readonly workload: Workload;
}

export async function runBench(w: Workload, progress: (line: string) => void = () => {}): Promise<BenchReport> {
  const load0 = loadavg()[0];
  const base = loadScenario(BENCH_SCENARIO);
  const scaled = loadScenario(BENCH_SCENARIO, scaledInvestorSets(base.scenario, SCALE_FACTOR));
  const ticks = base.scenario.ticks, investors = investorCount(base.scenario), investors10x = investorCount(scaled.scenario);

  progress(`single thread: ${w.warmupRuns} warm-up runs, then ${w.reps} × (${w.runsPerRep} runs of ${investors} investors + ${w.scaledRunsPerRep} of ${investors10x})`);
  for (let i = 0; i < w.warmupRuns; i++) simulate(base.scenario, BENCH_SEED, i);
  simulate(scaled.scenario, BENCH_SEED, 0);
  const one: number[] = [], oneCpu: number[] = [], ten: number[] = [];
  for (let r = 0; r < w.reps; r++) {
    const a = timed(() => { for (let i = 0; i < w.runsPerRep; i++) simulate(base.scenario, BENCH_SEED, i); });
    const b = timed(() => { for (let i = 0; i < w.scaledRunsPerRep; i++) simulate(scaled.scenario, BENCH_SEED, i); });
    one.push(a.wallMs / w.runsPerRep); oneCpu.push(a.cpuMs / w.runsPerRep); ten.push(b.wallMs / w.scaledRunsPerRep);
    progress(`  repetition ${r + 1}/${w.reps}: ${fmt(one[r], 3)} ms a run, ${fmt(ten[r], 2)} ms at ${SCALE_FACTOR}×`);
  }
  const msPerRun = median(one), msPerRun10x = median(ten);

  progress(`batch executors: ${w.batchReps} × ${w.batchRuns} runs on the in-process executor and on pools of 1 and 2 worker threads`);
  const executors = { serial: await serialExecutor(base), pool1: poolExecutor(base, 1), pool2: poolExecutor(base, 2) };
  const rates: Record<keyof typeof executors, number[]> = { serial: [], pool1: [], pool2: [] };
  const cores: Record<keyof typeof executors, number[]> = { serial: [], pool1: [], pool2: [] };
  try {
    for (const e of Object.values(executors)) await runMany(e, w.batchWarmupRuns * e.workers);
    for (let r = 0; r < w.batchReps; r++) {
      for (const [name, e] of Object.entries(executors) as [keyof typeof executors, Executor][]) {
        const t = await timedAsync(() => runMany(e, w.batchRuns));
        rates[name].push(w.batchRuns / (t.wallMs / 1000));
        cores[name].push(t.cpuMs / t.wallMs);
      }
      progress(`  repetition ${r + 1}/${w.batchReps}: ${fmt(rates.serial[r], 0)} / ${fmt(rates.pool1[r], 0)} / ${fmt(rates.pool2[r], 0)} runs/s (in-process / 1 / 2 workers)`);
    }
  } finally {
    for (const e of Object.values(executors)) await e.close();
  }
  const runsPerSec1 = median(rates.pool1), runsPerSec2 = median(rates.pool2);

  let batchEndToEnd: BenchReport['batchEndToEnd'] = null;
  if (w.endToEndRuns > 0) {
    progress(`end to end: a batch of ${w.endToEndRuns} runs on 2 workers into a temporary folder`);
    batchEndToEnd = { runs: w.endToEndRuns, workers: 2, seconds: round(await endToEnd(base, w.endToEndRuns, 2), 2) };
  }

  let backtest: BenchReport['backtest'] = null;
  if (w.backtest) {
    const b = w.backtest;
    progress(`backtest: ${BENCH_SCENARIO}, origins ${b.from} → ${b.to} every ${b.every} trading days, horizons ${b.horizons.join(',')}, ${b.runs} runs each, 2 workers`);
    backtest = await backtestEndToEnd(b, 2);
  }

  let calibrate: BenchReport['calibrate'] = null;
  if (w.calibrate) {
    progress(`calibrate: the built-in study ${w.calibrate.study} at its default budget, 2 workers`);
    calibrate = await calibrateEndToEnd(w.calibrate.study, 2);
  }

  let columnar: BenchReport['columnar'] = null;
  if (w.columnar) {
    progress(`columnar output: ${w.columnar.reps} × (a batch of ${w.columnar.runs} runs on 2 workers with --series none, default, all --format parquet, all --format csv)`);
    columnar = await columnarCost(base, w.columnar.runs, w.columnar.reps, 2, progress);
  }

  progress(`generators: ${w.generatorDraws} uniforms each`);
  const generators = measureGenerators(w.generatorDraws);

  const agentStepsPerSec = (investors * ticks) / (msPerRun / 1000);
  const costRatio10x = msPerRun10x / msPerRun, speedup2 = runsPerSec2 / runsPerSec1;
  const runsPerSecSerial = median(rates.serial), speedup2VsInProcess = runsPerSec2 / runsPerSecSerial;
  const coresUsed = { serial: round(median(cores.serial), 2), pool1: round(median(cores.pool1), 2), pool2: round(median(cores.pool2), 2) };
  // one thread should get a whole core and two workers nearly two: less means someone else had them
  const contended = median(oneCpu) < 0.9 * msPerRun || coresUsed.pool1 < 0.9 || coresUsed.pool2 < 1.8;
  return {
    scenario: BENCH_SCENARIO, seed: BENCH_SEED, ticks, investors,
    msPerRun: round(msPerRun, 3), cpuMsPerRun: round(median(oneCpu), 3), agentStepsPerSec: Math.round(agentStepsPerSec),
    investors10x, msPerRun10x: round(msPerRun10x, 3), agentStepsPerSec10x: Math.round((investors10x * ticks) / (msPerRun10x / 1000)),
    costRatio10x: round(costRatio10x, 2),
    runsPerSecSerial: round(runsPerSecSerial, 1), runsPerSec1: round(runsPerSec1, 1), runsPerSec2: round(runsPerSec2, 1),
    speedup2: round(speedup2, 2), speedup2VsInProcess: round(speedup2VsInProcess, 2),
    coresUsed, contended,
    executors: 'src/sim/batch executors: serialExecutor (in-process) and poolExecutor (piscina, dist/sim/batch/worker.js), runs dispatched as by runBatch',
    batchEndToEnd, backtest, calibrate, columnar, generators, targets: TARGETS,
    meets: {
      agentStepsPerSec: agentStepsPerSec >= TARGETS.agentStepsPerSec, speedup2: speedup2 >= TARGETS.speedup2,
      speedup2VsInProcess: speedup2VsInProcess >= TARGETS.speedup2VsInProcess,
      costRatio10x: costRatio10x <= TARGETS.costRatio10x,
    },
    machine: { node: process.version, cores: availableParallelism(), loadAverage1m: round(Math.max(load0, loadavg()[0]), 2) },
    workload: w,
  };
}

/** Runs 0..n−1 through an executor with its window of runs in flight, as runBatch dispatches them. */
async function runMany(e: Executor, n: number): Promise<void> {
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < n) {
      const i = next++;
      const result = await e.run(taskFor(BENCH_SEED, i, NO_INJECTIONS));
      if (typeof result === 'string') throw new Error(`benchmark run ${i} failed: ${result}`);
    }
  };
  await Promise.all(Array.from({ length: Math.min(n, e.window ?? e.workers * 2) }, lane));
}

/** Seconds of wall time of a whole batch (pool start, runs, journal, series file, result files). */
async function endToEnd(loaded: LoadedScenario, runs: number, workers: number): Promise<number> {
  const root = mkdtempSync(join(tmpdir(), 'fimasim-bench-'));
  try {
    const t = await timedAsync(async () => {
      await runBatch({
        loaded, seed: BENCH_SEED, runs, shard: null, workers, out: join(root, 'batch'), resume: false,
        inject: NO_INJECTIONS, command: 'fimasim bench', runsRoot: root,
      });
    });
    return t.wallMs / 1000;
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

/** A whole default backtest (issue 13) into a temporary folder: loading every origin, the runs, scoring, files. */
async function backtestEndToEnd(b: NonNullable<Workload['backtest']>, workers: number): Promise<NonNullable<BenchReport['backtest']>> {
  const root = mkdtempSync(join(tmpdir(), 'fimasim-bench-backtest-'));
  try {
    let origins = 0;
    const t = await timedAsync(async () => {
      const o = await runBacktest({ scenario: BENCH_SCENARIO, sets: [], ...b, seed: BENCH_SEED, workers, out: join(root, 'backtest'), resume: false,
        inject: NO_INJECTIONS, command: 'fimasim bench' });
      origins = o.meta.origins.length;
    });
    const seconds = t.wallMs / 1000;
    return { origins, runsPerOrigin: b.runs, horizons: b.horizons, workers, seconds: round(seconds, 1), runsPerSec: round((origins * b.runs) / seconds, 1) };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

/** The built-in calibration study (issue 16) into a temporary folder: data, every evaluation's batches, the search,
 *  the identification check and the output files. */
async function calibrateEndToEnd(studyRef: string, workers: number): Promise<NonNullable<BenchReport['calibrate']>> {
  const root = mkdtempSync(join(tmpdir(), 'fimasim-bench-calibrate-'));
  try {
    let evaluations = 0;
    const t = await timedAsync(async () => {
      const r = await runCalibration({ study: loadStudy(studyRef), studyRef, seed: BENCH_SEED, workers, out: join(root, 'calibrate'), resume: false, command: 'fimasim bench' });
      evaluations = r.evaluations.length;
    });
    return { study: studyRef, evaluations, workers, seconds: round(t.wallMs / 1000, 1) };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

/** What writing every series of every run costs (issue 17 item 3: under 20% of the batch's time). */
export interface ColumnarCost {
  readonly runs: number;
  readonly workers: number;
  readonly reps: number;
  /** Median wall seconds of the same batch with each output: --series none, --series default (the compact
   *  series.f32, the default), --series all --format parquet and --series all --format csv. */
  readonly seconds: Readonly<Record<ColumnarVariant, number>>;
  /** Median CPU seconds of the whole process (main thread and workers): on a shared machine less noisy than wall time. */
  readonly cpuSeconds: Readonly<Record<ColumnarVariant, number>>;
  readonly secondsNone: number; // = seconds.none
  readonly secondsAll: number; // = seconds['all-parquet']
  readonly overhead: number; // secondsAll / secondsNone − 1: the target's figure
  readonly overheadVsDefault: number; // seconds['all-parquet'] / seconds.default − 1
  readonly cpuOverhead: number; // cpuSeconds['all-parquet'] / cpuSeconds.none − 1
  readonly csvOverhead: number; // seconds['all-csv'] / seconds.none − 1
  readonly bytes: Readonly<Record<string, number>>; // the long tables of the last --series all batches
  readonly rows: { readonly series: number; readonly banks: number; readonly cohorts: number };
}

export const COLUMNAR_VARIANTS = ['none', 'default', 'all-parquet', 'all-csv'] as const;
export type ColumnarVariant = typeof COLUMNAR_VARIANTS[number];
const VARIANT_OUTPUT: Readonly<Record<ColumnarVariant, BatchOutput>> = {
  none: { series: 'none', formats: ['csv'] }, default: { series: 'default', formats: ['csv'] },
  'all-parquet': { series: 'all', formats: ['parquet'] }, 'all-csv': { series: 'all', formats: ['csv'] },
};

/** The same batch with each output in turn, repeated (so all see the same machine), each into a fresh temporary
 *  folder; medians of the wall and CPU times. */
export async function columnarCost(loaded: LoadedScenario, runs: number, reps: number, workers: number, progress: (line: string) => void = () => {}): Promise<ColumnarCost> {
  const root = mkdtempSync(join(tmpdir(), 'fimasim-bench-columnar-'));
  const wall = Object.fromEntries(COLUMNAR_VARIANTS.map((v) => [v, [] as number[]])) as Record<ColumnarVariant, number[]>;
  const cpu = Object.fromEntries(COLUMNAR_VARIANTS.map((v) => [v, [] as number[]])) as Record<ColumnarVariant, number[]>;
  const bytes: Record<string, number> = {};
  try {
    for (let r = 0; r < reps; r++) {
      for (const v of COLUMNAR_VARIANTS) {
        const out = join(root, `${v}-${r}`);
        const t = await timedAsync(async () => {
          await runBatch({ loaded, seed: BENCH_SEED, runs, shard: null, workers, out, resume: false, inject: NO_INJECTIONS, command: 'fimasim bench', runsRoot: root, output: VARIANT_OUTPUT[v] });
        });
        wall[v].push(t.wallMs / 1000);
        cpu[v].push(t.cpuMs / 1000);
        const kept: readonly BatchFile[] = v === 'all-parquet' ? ['seriesParquet', 'banksParquet', 'cohortsParquet', 'runsParquet', 'bandsParquet']
          : v === 'all-csv' ? ['seriesCsv', 'banksCsv', 'cohortsCsv'] : v === 'default' ? ['series'] : [];
        for (const f of kept) bytes[BATCH_FILES[f]] = statSync(batchFile(out, f)).size;
        rmSync(out, { recursive: true, force: true });
      }
      progress(`  repetition ${r + 1}/${reps}: ${COLUMNAR_VARIANTS.map((v) => `${v} ${fmt(wall[v][r], 1)} s (CPU ${fmt(cpu[v][r], 1)} s)`).join(', ')}`);
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
  const seconds = Object.fromEntries(COLUMNAR_VARIANTS.map((v) => [v, round(median(wall[v]), 2)])) as Record<ColumnarVariant, number>;
  const cpuSeconds = Object.fromEntries(COLUMNAR_VARIANTS.map((v) => [v, round(median(cpu[v]), 2)])) as Record<ColumnarVariant, number>;
  const points = loaded.scenario.ticks + 1, names = agentNames(loaded.scenario);
  return {
    runs, workers, reps, seconds, cpuSeconds, secondsNone: seconds.none, secondsAll: seconds['all-parquet'],
    overhead: round(seconds['all-parquet'] / seconds.none - 1, 3), overheadVsDefault: round(seconds['all-parquet'] / seconds.default - 1, 3),
    cpuOverhead: round(cpuSeconds['all-parquet'] / cpuSeconds.none - 1, 3), csvOverhead: round(seconds['all-csv'] / seconds.none - 1, 3), bytes,
    rows: { series: runs * points, banks: runs * points * names.banks.length, cohorts: runs * points * names.cohorts.length },
  };
}

const round = (x: number, digits: number): number => Number(x.toFixed(digits));
const fmt = (x: number, digits: number): string => x.toFixed(digits);
