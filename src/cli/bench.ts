// `fimasim bench`: the standard benchmark (bench/README.md). Figures on stdout (a table, or JSON with --json),
// progress on stderr.
import type { CommandModule } from 'yargs';
import { runBench, type BenchReport } from '../sim/bench/bench.js';
import { QUICK, SCALE_FACTOR, STANDARD } from '../sim/bench/workload.js';

export const benchCommand: CommandModule = {
  command: 'bench',
  describe: 'the standard benchmark: investor-steps per second on one thread, batch runs per second on 1 and 2 workers, cost at 10× the investors',
  builder: (y) => y
    .option('json', { type: 'boolean', default: false, describe: 'print the figures as JSON on stdout' })
    .option('quick', { type: 'boolean', default: false, describe: 'a much smaller workload (a smoke check, not a measurement)' })
    .option('quiet', { type: 'boolean', default: false, describe: 'no progress on stderr' })
    .option('backtest', { type: 'boolean', default: true, describe: 'include the default backtest end to end (a few minutes; --no-backtest skips it)' })
    .option('columnar', { type: 'boolean', default: true, describe: 'include the cost of --series all (Parquet and CSV) against --series none and default (batches of 1,000 runs; --no-columnar skips it)' })
    .option('calibrate', { type: 'boolean', default: true, describe: 'include the built-in calibration study end to end (a few minutes; --no-calibrate skips it)' })
    .example('$0 bench', 'about ten minutes with the backtest and the calibration; compare figures only within one run of it (bench/README.md)')
    .example('$0 bench --json > bench.json', 'the figures for a script'),
  handler: async (argv) => {
    const progress = argv.quiet ? undefined : (line: string) => process.stderr.write(`bench: ${line}\n`);
    const workload = argv.quick ? QUICK : STANDARD;
    const report = await runBench({ ...workload, ...(argv.backtest ? {} : { backtest: null }), ...(argv.calibrate ? {} : { calibrate: null }), ...(argv.columnar ? {} : { columnar: null }) }, progress);
    process.stdout.write(argv.json ? `${JSON.stringify(report, null, 2)}\n` : humanReport(report, Boolean(argv.quick)));
  },
};

const n = (x: number, digits = 0): string => x.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const mark = (ok: boolean): string => (ok ? 'meets' : 'MISSES');

export function humanReport(r: BenchReport, quick: boolean): string {
  const w = r.workload;
  const lines = [
    `fimasim bench · ${r.scenario} · seed ${r.seed} · ${r.ticks} ticks · node ${r.machine.node} · ${r.machine.cores} cores · load ${r.machine.loadAverage1m}${quick ? ' · QUICK (not a measurement)' : ''}`,
    '',
    `one thread, whole runs (median of ${w.reps} repetitions after ${w.warmupRuns} warm-up runs):`,
    `  ${n(r.investors).padStart(7)} investors  ${n(r.msPerRun, 2).padStart(7)} ms a run  ${n(r.agentStepsPerSec / 1e6, 1).padStart(6)} M investor-steps/s   ${mark(r.meets.agentStepsPerSec)} ≥ ${r.targets.agentStepsPerSec / 1e6} M`,
    `  ${n(r.investors10x).padStart(7)} investors  ${n(r.msPerRun10x, 2).padStart(7)} ms a run  ${n(r.agentStepsPerSec10x / 1e6, 1).padStart(6)} M investor-steps/s   ${SCALE_FACTOR}× investors cost ${n(r.costRatio10x, 2)}× the time: ${mark(r.meets.costRatio10x)} ≤ ${r.targets.costRatio10x}×`,
    `  (CPU time ${n(r.cpuMsPerRun, 2)} ms a run: far below the wall time means the machine was busy with something else)`,
    '',
    `batch executors, runs per second (median of ${w.batchReps} × ${w.batchRuns} runs):`,
    `  in-process (batch --workers 1)  ${n(r.runsPerSecSerial, 1).padStart(8)}`,
    `  pool, 1 worker thread           ${n(r.runsPerSec1, 1).padStart(8)}`,
    `  pool, 2 worker threads          ${n(r.runsPerSec2, 1).padStart(8)}   speedup ${n(r.speedup2, 2)}: ${mark(r.meets.speedup2)} ≥ ${r.targets.speedup2}`,
    `  2 workers against in-process (batch --workers 2 vs --workers 1): ${n(r.speedup2VsInProcess, 2)}×: ${mark(r.meets.speedup2VsInProcess)} ≥ ${r.targets.speedup2VsInProcess}`,
    `  (cores used, CPU time / wall time: ${n(r.coresUsed.serial, 2)} / ${n(r.coresUsed.pool1, 2)} / ${n(r.coresUsed.pool2, 2)}; well under 2 with 2 workers means other processes had a core)`,
  ];
  if (r.batchEndToEnd) {
    const b = r.batchEndToEnd;
    lines.push(`  a whole batch of ${n(b.runs)} runs on ${b.workers} workers, end to end: ${n(b.seconds, 1)} s` +
      ` (at the pool's rate 10,000 runs would take ≈ ${n(10_000 / r.runsPerSec2, 0)} s)`);
  }
  if (r.backtest) {
    const b = r.backtest;
    lines.push('', `the default backtest (${b.origins} origins × ${n(b.runsPerOrigin)} runs, horizons ${b.horizons.join(', ')}, ${b.workers} workers), end to end: ` +
      `${n(b.seconds, 1)} s, ${n(b.runsPerSec, 0)} runs/s`);
  }
  if (r.calibrate) {
    const c = r.calibrate;
    lines.push(`the built-in calibration (${c.study}, default budget: ${c.evaluations} evaluations, ${c.workers} workers), end to end: ${n(c.seconds, 1)} s (target: under 30 minutes)`);
  }
  if (r.columnar) {
    const c = r.columnar;
    const mb = (b: number | undefined): string => (b === undefined ? '–' : `${n(b / 1e6, 1)} MB`);
    lines.push('', `columnar output (median of ${c.reps}, a batch of ${n(c.runs)} runs on ${c.workers} workers): --series none ${n(c.seconds.none, 1)} s, ` +
      `default ${n(c.seconds.default, 1)} s, all --format parquet ${n(c.seconds['all-parquet'], 1)} s, all --format csv ${n(c.seconds['all-csv'], 1)} s`,
    `  writing every series as Parquet costs ${n(c.overhead * 100, 1)}% of the batch's time (${n(c.overheadVsDefault * 100, 1)}% against --series default; ` +
      `${n(c.cpuOverhead * 100, 1)}% in CPU time): ${mark(c.overhead < 0.2)} < 20%; as CSV ${n(c.csvOverhead * 100, 1)}%`,
    `  (series.parquet ${mb(c.bytes['series.parquet'])} for ${n(c.rows.series)} rows, banks.parquet ${mb(c.bytes['banks.parquet'])}, cohorts.parquet ${mb(c.bytes['cohorts.parquet'])}; ` +
      `the CSVs ${mb(c.bytes['series.csv'])}, ${mb(c.bytes['banks.csv'])}, ${mb(c.bytes['cohorts.csv'])})`);
  }
  if (r.contended) {
    lines.push('', 'WARNING: other processes took CPU during this run (CPU time below wall time, or the pools short of cores):',
      'the figures understate fimasim; run it again on a quiet machine.');
  }
  lines.push('', 'uniform generators, M draws per second of CPU time (the investor streams use tychei, stepped inline):',
    `  ${Object.entries(r.generators).map(([k, v]) => `${k} ${n(v, 0)}`).join(' · ')}`, '');
  return lines.join('\n');
}
