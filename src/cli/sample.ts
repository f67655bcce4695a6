// `fimasim sample`: parameter uncertainty. A batch in which every run gets its own values of the sampled parameters
// (a Latin hypercube, `--sample path=dist(...)` or a built-in `--study`), then the sensitivity ranking of every
// metric (sensitivity.csv) and the report with tornado charts. The folder is a batch folder (docs/files.md) whose
// runs.csv carries the sampled values and whose manifest.json carries the sample spec.
import { batchFile, readBatchSummary, readOptionalTable } from '../sim/files/batch-folder.js';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { CommandModule } from 'yargs';
import { commandLine } from '../sim/batch/manifest.js';
import { runBatch, type BatchOutcome } from '../sim/batch/run-batch.js';
import { policiesFor } from '../sim/run/custom-policies.js';
import { SENSITIVITY_FILE, writeSensitivity, type SensitivityRow } from '../sim/sample/sensitivity.js';
import { parseSamples, type SampleSpec } from '../sim/sample/spec.js';
import { findStudy, studyNames, type Study } from '../sim/sample/studies.js';
import { checkExtremes } from '../sim/sample/values.js';
import { closest } from '../sim/scenario/problems.js';
import { EXIT_RUNS_FAILED, injectionsFromEnv } from './batch.js';
import { interruptible, resumeWithOut } from './interruptible.js';
import { writeReportOrWarn } from './batch-report-step.js';
import { UsageError } from './errors.js';
import { checkRuns, checkSeed, checkWorkers, DEFAULT_RUNS, scenarioFromArgs, withScenario, withSeed } from './options.js';
import { outFlag } from './options.js';
import { progressSink } from './progress.js';
import { stampedFolder } from '../sim/files/stamped-folder.js';

/** The metrics the terminal summary ranks when the study names none. */
const HEADLINE = ['btcReturn', 'ust10yPeak', 'netLiquidityChange'] as const;

export const sampleCommand: CommandModule = {
  command: 'sample',
  describe: 'parameter uncertainty: each run draws its own values of the sampled parameters (Latin hypercube); ' +
    'ranks them for every metric (sensitivity.csv) and writes the report with tornado charts',
  builder: (y) =>
    withSeed(withScenario(y))
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
      .example("$0 sample --scenario smoke --sample 'fed.policy.acceptBase=uniform(0.1,0.9)' --sample 'market.ust.dealerCapacity=normal(200,50)' --runs 200",
        'two parameters of your own'),
  handler: async (argv) => {
    const seed = checkSeed(argv.seed);
    const runs = checkRuns(argv.runs);
    const workers = checkWorkers(argv.workers);
    const study = argv.study === undefined ? null : studyFromArg(String(argv.study));
    const texts = [...(study?.samples ?? []), ...(argv.sample as (string | number)[]).map(String)];
    const loaded = scenarioFromArgs(argv as never);
    await policiesFor(loaded); // before any folder exists: a bad custom policy module leaves nothing behind
    const spec: SampleSpec = parseSamples(texts, loaded.scenario, seed, runs, study?.name ?? null);
    checkExtremes(loaded.scenario, spec); // a value that would make the scenario invalid stops here, before any run
    const quiet = Boolean(argv.quiet);
    const notice = quiet ? undefined : (line: string): void => { process.stderr.write(`fimasim: ${line}\n`); };
    const out = outFlag(argv.out) !== undefined ? String(argv.out)
      : argv.resume ? undefined : stampedFolder('runs', `sample-${loaded.scenario.name}-${seed}`);

    const startMs = Date.now();
    const outcome = await interruptible((signal) => runBatch({
      loaded, seed, runs, shard: null, workers, out, resume: Boolean(argv.resume), sample: spec,
      inject: injectionsFromEnv(process.env), command: commandLine(process.argv.slice(2)), runsRoot: 'runs',
      progress: progressSink({ quiet, label: 'sample' }), notice, signal,
    }), { resumeHint: resumeWithOut });
    if (!outcome) return;
    const dir = outcome.dir;
    let rows: SensitivityRow[] | null = null;
    if (!outcome.alreadyComplete || !existsSync(join(dir, SENSITIVITY_FILE))) {
      notice?.(`ranking ${spec.parameters.length} parameters for every metric (PRCC with bootstrap intervals)`);
      rows = writeSensitivity(dir);
    }
    const seconds = (Date.now() - startMs) / 1000;
    const report = rows === null ? null : await writeReportOrWarn(dir);
    const summary = outcome.summary ?? readBatchSummary(dir);
    rows ??= readRows(dir);
    const outcomes = study?.outcomes ?? HEADLINE;
    if (argv.json) {
      process.stdout.write(`${JSON.stringify({ out: dir, report, sensitivity: join(dir, SENSITIVITY_FILE), sample: spec, ranking: rows, ...summary }, null, 2)}\n`);
    } else {
      process.stdout.write(`${summaryLines(outcome, spec, summary as { scenarioName: string; runsDone: number; runsFailed: number }, rows, outcomes, seconds, report).join('\n')}\n`);
    }
    if (outcome.runsFailed > 0 && !argv['allow-failures']) {
      process.stderr.write(`fimasim: ${outcome.runsFailed} run(s) failed: see ${batchFile(dir, 'failures')} (--allow-failures to exit with 0)\n`);
      process.exitCode = EXIT_RUNS_FAILED;
    }
  },
};

function studyFromArg(name: string): Study {
  const study = findStudy(name);
  if (study) return study;
  const guess = closest(name, studyNames());
  throw new UsageError(`--study: no built-in study '${name}' (studies: ${studyNames().join(', ')})${guess ? `; did you mean '${guess}'?` : ''}`);
}

/** A new, stamped folder under runs/, like a batch's default folder. */
function readRows(dir: string): SensitivityRow[] {
  const csv = readOptionalTable(dir, 'sensitivity');
  if (!csv) return [];
  const num = (name: string): (number | null)[] => csv.text(name).map((s) => (s === '' ? null : Number(s)));
  const [prcc, lo, hi, firstOrder, rank] = ['prcc', 'lo', 'hi', 'firstOrder', 'rank'].map(num);
  return csv.text('metric').map((metric, k) => ({ metric, parameter: csv.text('parameter')[k], prcc: prcc[k], lo: lo[k], hi: hi[k], firstOrder: firstOrder[k], rank: rank[k] }));
}

function summaryLines(o: BatchOutcome, spec: SampleSpec, s: { scenarioName: string; runsDone: number; runsFailed: number },
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
