// `fimasim batch`: many seeded runs of one scenario on worker threads, written as a batch folder (docs/files.md).
// A layer over the API's runBatch (src/api): flags checked and named here, progress drawn from its callback,
// Ctrl-C through its AbortSignal.
import { join } from 'node:path';
import type { CommandModule } from 'yargs';
import { runBatch, type BatchResult, type CliContext } from '../api/index.js';
import { batchFile } from '../sim/files/batch-folder.js';
import { commandLine } from '../sim/files/command-line.js';
import { UsageError } from './errors.js';
import { interruptible, resumeWithOut } from './interruptible.js';
import { checkRuns, checkSeed, checkWorkers, DEFAULT_RUNS, outFlag, outputFlags, scenarioOptionsFromArgs, withOutput, withScenario, withSeed } from './options.js';
import { progressCallback } from './progress.js';
import { writeReportOrWarn } from './batch-report-step.js';
import { loadRenderer } from '../report/render.js';
import { armFaults, faultPlanFromText } from '../sim/files/fs-ops.js';
import { existsSync } from 'node:fs';

/** Exit code when runs failed (without --allow-failures): the folder is complete, but some rows are missing. */
export const EXIT_RUNS_FAILED = 3;
export { EXIT_INTERRUPTED } from './interruptible.js';

export const batchCommand: CommandModule = {
  command: 'batch',
  describe: 'many seeded runs on worker threads: writes a batch folder (runs.csv, summary.json, bands.csv, report.html)',
  builder: (y) =>
    withOutput(withSeed(withScenario(y)))
      .option('runs', { type: 'string', default: DEFAULT_RUNS, describe: 'number of runs (run i uses the streams of (seed, i))' })
      .option('workers', { type: 'string', default: 'auto', describe: "worker threads: a positive integer, or 'auto' (available cores, at most one per run)" })
      .option('out', { type: 'string', describe: 'batch folder (default runs/<scenario>-<seed>-<stamp>/); refused if it exists and is not empty, unless --resume' })
      .option('resume', { type: 'boolean', default: false, describe: 'complete an interrupted batch: the --out folder, or the newest unfinished one under runs/ with the same scenario, seed and runs' })
      .option('shard', { type: 'string', describe: "run only shard K of N (run indices i with i mod N = K): 'K/N', or 'auto/N' to take K from the job array (JOB_COMPLETION_INDEX, SLURM_ARRAY_TASK_ID − SLURM_ARRAY_TASK_MIN, AWS_BATCH_JOB_ARRAY_INDEX)" })
      .option('allow-failures', { type: 'boolean', default: false, describe: `exit with 0 even if some runs failed (otherwise ${EXIT_RUNS_FAILED})` })
      .option('json', { type: 'boolean', default: false, describe: 'print the summary as JSON on stdout' })
      .option('quiet', { type: 'boolean', default: false, describe: 'no progress output' })
      .example('$0 batch --scenario hayes-2024 --runs 1000 --seed 7', 'the thesis, 1,000 runs, on every core')
      .example('$0 batch --runs 1000 --seed 7 --resume', 'complete that batch after an interruption')
      .example('$0 batch --runs 100000 --seed 7 --shard auto/50 --out /data/study/shard-$JOB_COMPLETION_INDEX --resume', 'one shard of a cluster job array (docs/cluster.md)'),
  handler: async (argv) => {
    const seed = checkSeed(argv.seed);
    const runs = checkRuns(argv.runs);
    const workers = checkWorkers(argv.workers);
    const output = outputFlags(argv as never);
    const shard = argv.shard === undefined ? undefined : String(argv.shard);
    const cli = cliContext();
    armFaults(faultFromEnv(process.env));
    const quiet = Boolean(argv.quiet);

    const startMs = Date.now();
    // the report's chart libraries load while the runs go on (the main thread mostly waits for the workers);
    // a failure to load surfaces when the report is drawn
    if (!shard) loadRenderer().catch(() => {});
    const outcome = await interruptible((signal) => runBatch(String(argv.scenario), {
      ...scenarioOptionsFromArgs(argv as never), seed, runs, workers, out: outFlag(argv.out), resume: Boolean(argv.resume), ...(shard ? { shard } : {}),
      ...output, cli, onProgress: progressCallback(quiet), onNotice: quiet ? undefined : (line) => process.stderr.write(`fimasim: ${line}\n`), signal,
    }), { resumeHint: resumeWithOut });
    if (!outcome) return;
    const seconds = (Date.now() - startMs) / 1000;
    // A shard's report would describe a fraction of the runs: the report comes with `fimasim merge`.
    // a batch killed in its report step is complete but has no report: --resume draws it
    const reportMissing = !existsSync(join(outcome.dir, 'report.html'));
    const report = shard || (outcome.alreadyComplete && !reportMissing) ? null : await writeReportOrWarn(outcome.dir);
    const summary = outcome.summary;
    if (argv.json) process.stdout.write(`${JSON.stringify({ out: outcome.dir, report, ...summary }, null, 2)}\n`);
    else printBatch(outcome, summary as unknown as PrintedSummary, seconds, report, outcome.shard ?? null);
    if (outcome.runsFailed > 0 && !argv['allow-failures']) {
      process.stderr.write(`fimasim: ${outcome.runsFailed} run(s) failed: see ${batchFile(outcome.dir, 'failures')} (--allow-failures to exit with 0)\n`);
      process.exitCode = EXIT_RUNS_FAILED;
    }
  },
};

/** The CLI's context for the API: its command line (for the manifest) and the test hooks of the environment. */
export const cliContext = (): CliContext => ({ command: commandLine(process.argv.slice(2)), inject: injectionsFromEnv(process.env) });

/** FIMASIM_FAIL_RUNS=3,7 and FIMASIM_CRASH_RUNS=5: test hooks (spec.ts), read here at the edge only. */
export function injectionsFromEnv(env: NodeJS.ProcessEnv): CliContext['inject'] {
  const read = (name: string): Set<number> => {
    const v = env[name]?.trim();
    if (!v) return new Set();
    if (!/^\d+(,\d+)*$/.test(v)) throw new UsageError(`${name}: expected run indices separated by commas (e.g. 3,7), found '${v}'`);
    return new Set(v.split(',').map(Number));
  };
  return { fail: read('FIMASIM_FAIL_RUNS'), crash: read('FIMASIM_CRASH_RUNS') };
}

/** FIMASIM_FAULT=<n>:<ENOSPC|EIO|KILL>: test hook (src/sim/files/fs-ops.ts), a fault at the n-th file operation. */
function faultFromEnv(env: NodeJS.ProcessEnv): ReturnType<typeof faultPlanFromText> {
  const v = env.FIMASIM_FAULT?.trim();
  if (!v) return null;
  const plan = faultPlanFromText(v);
  if (!plan) throw new UsageError(`FIMASIM_FAULT: expected <n>:<ENOSPC|EIO|KILL> (e.g. 12:ENOSPC), found '${v}'`);
  return plan;
}

interface PrintedSummary {
  scenarioName: string;
  runs: number;
  runsDone: number;
  runsFailed: number;
  chain: { step: string; count: number; n: number; p: number | null; lo: number | null; hi: number | null }[];
}

function printBatch(o: BatchResult, s: PrintedSummary, seconds: number, report: string | null, shard: string | null): void {
  const pct = (x: number | null): string => (x === null ? '–' : `${(x * 100).toFixed(1)}%`);
  const lines: string[] = [];
  if (o.alreadyComplete) lines.push(`${s.scenarioName}: the batch in this folder was already complete.`);
  else {
    const ran = o.runsDone + o.runsFailed - o.runsResumed;
    lines.push(`${s.scenarioName}${shard ? ` · shard ${shard}` : ''} · ${s.runs} runs: ${s.runsDone} done, ${s.runsFailed} failed` +
      `${o.runsResumed ? ` (${o.runsResumed} from before the interruption)` : ''} · ${o.workers} worker${o.workers === 1 ? '' : 's'} · ` +
      `${seconds.toFixed(1)} s${ran > 0 ? `, ${(ran / seconds).toFixed(1)} runs/s` : ''}`);
  }
  if (s.chain?.length) {
    lines.push('  The chain (each step given all earlier ones, Wilson 95% interval):');
    const width = Math.max(...s.chain.map((c) => c.step.length));
    for (const c of s.chain) lines.push(`    ${c.step.padEnd(width)}  ${pct(c.p).padStart(6)}  [${pct(c.lo)}, ${pct(c.hi)}]  ${c.count}/${c.n}`);
  }
  lines.push(`  Folder: ${o.dir}`);
  if (report) lines.push(`  Report: ${report}`);
  else if (shard) lines.push('  Report: written when the shards are merged (fimasim merge)');
  process.stdout.write(`${lines.join('\n')}\n`);
}
