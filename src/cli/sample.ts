// `fimasim sample`: parameter uncertainty. A batch in which every run gets its own values of the sampled parameters
// (a Latin hypercube, `--sample path=dist(...)` or a built-in `--study`), then the sensitivity ranking of every
// metric (sensitivity.csv) and the report with tornado charts. The folder is a batch folder (docs/files.md) whose
// runs.csv carries the sampled values and whose manifest.json carries the sample spec.
import { batchFile } from '../sim/files/batch-folder.js';
import { join } from 'node:path';
import type { CommandModule } from 'yargs';
import { sample, sampleStudies as studyNames, type SampleResult, type SampleSpec, type SensitivityRow } from '../api/index.js';
import { cliContext, EXIT_RUNS_FAILED } from './batch.js';
import { interruptible, resumeWithOut } from './interruptible.js';
import { writeReportOrWarn } from './batch-report-step.js';
import { checkRuns, checkSeed, checkWorkers, DEFAULT_RUNS, outputFlags, scenarioOptionsFromArgs, withOutput, withScenario, withSeed } from './options.js';
import { outFlag } from './options.js';
import { progressCallback } from './progress.js';

/** The metrics the terminal summary ranks when the study names none. */
const HEADLINE = ['btcReturn', 'ust10yPeak', 'netLiquidityChange'] as const;

export const sampleCommand: CommandModule = {
  command: 'sample',
  describe: 'parameter uncertainty: each run draws its own values of the sampled parameters (Latin hypercube); ' +
    'ranks them for every metric (sensitivity.csv) and writes the report with tornado charts',
  builder: (y) =>
    withOutput(withSeed(withScenario(y)))
      .option('sample', { type: 'string', array: true, default: [] as string[],
        describe: "a parameter and its distribution: path=uniform(lo,hi), loguniform(lo,hi), normal(mean,sd) (truncated to the " +
          "range the scenario allows there) or choice(a,b,...); repeatable; '*' in a path matches every key where the rest " +
          'exists (banks.*.policy.kappa: the κ of every carry-threshold bank, one value for all)' })
      .option('study', { type: 'string', describe: `a built-in study (${studyNames().join(', ')}; docs/sensitivity.md), combined with any --sample` })
      .option('runs', { type: 'string', default: DEFAULT_RUNS, describe: 'number of runs = strata of the hypercube (run i uses the streams of (seed, i))' })
      .option('workers', { type: 'string', default: 'auto', describe: "worker threads: a positive integer, or 'auto'" })
      .option('out', { type: 'string', describe: 'batch folder (default runs/sample-<scenario>-<seed>-<stamp>/); refused if it exists and is not empty, unless --resume' })
      .option('resume', { type: 'boolean', default: false, describe: 'complete an interrupted sample batch (the same command, with --out)' })
      .option('allow-failures', { type: 'boolean', default: false, describe: `exit with 0 even if some runs failed (otherwise ${EXIT_RUNS_FAILED})` })
      .option('json', { type: 'boolean', default: false, describe: 'print the summary and the sensitivity ranking as JSON on stdout' })
      .option('quiet', { type: 'boolean', default: false, describe: 'no progress output' })
      .example('$0 sample --study thesis --runs 1000 --seed 1', "the thesis's uncertain assumptions on hayes-2024, ranked")
      .example("$0 sample --scenario smoke --sample 'fed.policy.capacityShare=uniform(0.25,1)' --sample 'market.ust.dealerCapacity=normal(200,50)' --runs 200",
        'two parameters of your own'),
  handler: async (argv) => {
    const seed = checkSeed(argv.seed);
    const runs = checkRuns(argv.runs);
    const workers = checkWorkers(argv.workers);
    const output = outputFlags(argv as never);
    const quiet = Boolean(argv.quiet);
    const notice = quiet ? undefined : (line: string): void => { process.stderr.write(`fimasim: ${line}\n`); };
    const startMs = Date.now();
    const outcome = await interruptible((signal) => sample(String(argv.scenario), {
      ...scenarioOptionsFromArgs(argv as never), seed, runs, workers, out: outFlag(argv.out), resume: Boolean(argv.resume),
      sample: (argv.sample as (string | number)[]).map(String), ...(argv.study === undefined ? {} : { study: String(argv.study) }),
      ...output, cli: cliContext(), onProgress: progressCallback(quiet), onNotice: notice, signal,
    }), { resumeHint: resumeWithOut });
    if (!outcome) return;
    const dir = outcome.dir;
    const seconds = (Date.now() - startMs) / 1000;
    const report = await writeReportOrWarn(dir);
    const { summary, spec, ranking: rows } = outcome;
    const outcomes = outcome.study?.outcomes ?? HEADLINE;
    if (argv.json) {
      process.stdout.write(`${JSON.stringify({ out: dir, report, sensitivity: batchFile(dir, 'sensitivity'), sample: spec, ranking: rows, ...summary }, null, 2)}\n`);
    } else {
      process.stdout.write(`${summaryLines(outcome, spec, summary as { scenarioName: string; runsDone: number; runsFailed: number }, rows, outcomes, seconds, report).join('\n')}\n`);
    }
    if (outcome.runsFailed > 0 && !argv['allow-failures']) {
      process.stderr.write(`fimasim: ${outcome.runsFailed} run(s) failed: see ${batchFile(dir, 'failures')} (--allow-failures to exit with 0)\n`);
      process.exitCode = EXIT_RUNS_FAILED;
    }
  },
};

function summaryLines(o: SampleResult, spec: SampleSpec, s: { scenarioName: string; runsDone: number; runsFailed: number },
  rows: readonly SensitivityRow[], outcomes: readonly string[], seconds: number, report: string | null): string[] {
  const signed = (x: number | null): string => (x === null ? '    –' : `${x < 0 ? '−' : '+'}${Math.abs(x).toFixed(2)}`);
  const lines: string[] = [];
  const what = spec.study ? `study ${spec.study} on ${s.scenarioName}` : s.scenarioName;
  lines.push(o.alreadyComplete ? `${what}: the sample batch in this folder was already complete.`
    : `${what} · ${spec.runs} runs (${s.runsDone} done, ${s.runsFailed} failed) · ${spec.parameters.length} sampled parameters · ` +
      `${o.workers} worker${o.workers === 1 ? '' : 's'} · ${seconds.toFixed(1)} s`);
  lines.push('  Sensitivity: PRCC [bootstrap 95% interval], first-order index S1; ranked by |PRCC|');
  const width = Math.max(...spec.parameters.map((p) => p.path.length));
  for (const metric of outcomes) {
    lines.push(`    ${metric}`);
    for (const r of rows.filter((x) => x.metric === metric)) {
      lines.push(`      ${r.rank === null ? '–' : String(r.rank).padStart(1)}  ${r.parameter.padEnd(width)}  ${signed(r.prcc)} [${signed(r.lo)}, ${signed(r.hi)}]` +
        `  S1 ${r.firstOrder === null ? '–' : r.firstOrder.toFixed(2)}`);
    }
  }
  lines.push(`  Folder: ${o.dir} (sensitivity.csv: every metric)`);
  if (report) lines.push(`  Report: ${report}`);
  return lines;
}
