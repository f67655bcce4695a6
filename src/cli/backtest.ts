// `fimasim backtest`: rolling-origin evaluation of a scenario against the data (docs/backtest.md).
import { join } from 'node:path';
import type { CommandModule } from 'yargs';
import { backtest } from '../api/index.js';
import { writeBacktestReport } from '../report/backtest-report.js';
import { cliContext, EXIT_RUNS_FAILED } from './batch.js';
import { stampedFolder } from '../sim/files/stamped-folder.js';
import { interruptible } from './interruptible.js';
import { checkPositiveInt, checkRuns, checkSeed, checkWorkers, DEFAULT_SCENARIO, outFlag, outputFlags, withOutput, withSeed } from './options.js';
import { progressCallback } from './progress.js';

export const DEFAULT_HORIZONS = '5,21,63,126,252';

export const backtestCommand: CommandModule = {
  command: 'backtest',
  describe: 'rolling-origin backtest: an ensemble started from the data at each origin (realised policy rate), scored against what happened',
  builder: (y) =>
    withOutput(withSeed(y))
      .option('scenario', { type: 'string', default: DEFAULT_SCENARIO, describe: 'built-in scenario name or path to a scenario .json file' })
      .option('set', { type: 'string', array: true, default: [] as string[], describe: 'override a scenario value at every origin: path=value (repeatable)' })
      .option('from', { type: 'string', default: '2019-01-02', describe: 'first origin (the first trading day on or after it)' })
      .option('to', { type: 'string', default: '2025-06-17', describe: 'last possible origin' })
      .option('every', { type: 'string', default: 21, describe: 'trading days between origins' })
      .option('horizons', { type: 'string', default: DEFAULT_HORIZONS, describe: 'horizons in trading days, separated by commas; each run lasts the longest' })
      .option('runs', { type: 'string', default: 200, describe: 'runs per origin (each origin has its own master seed, from --seed and its date: originSeed)' })
      .option('workers', { type: 'string', default: 'auto', describe: "worker threads for the whole backtest: a positive integer, or 'auto'" })
      .option('data', { type: 'string', describe: 'folder of date,value series (default: $FIMASIM_DATA, else the bundled data/)' })
      .option('out', { type: 'string', describe: 'backtest folder (default runs/backtest-<scenario>-<seed>-<stamp>/)' })
      .option('resume', { type: 'boolean', default: false, describe: 'complete an interrupted backtest in --out' })
      .option('allow-failures', { type: 'boolean', default: false, describe: `exit with 0 even if some runs failed (otherwise ${EXIT_RUNS_FAILED})` })
      .option('json', { type: 'boolean', default: false, describe: 'print summary.json on stdout' })
      .option('quiet', { type: 'boolean', default: false, describe: 'no progress output' })
      .example('$0 backtest --from 2019-01-02 --to 2025-06-17 --every 21 --horizons 21,63,252 --runs 200', 'the default scenario over 2019–2025 origins')
      .example('$0 backtest --from 2024-01-02 --to 2024-12-31 --every 63 --horizons 21 --runs 50 --out runs/bt', 'a quick look'),
  handler: async (argv) => {
    const seed = checkSeed(argv.seed);
    const runs = checkRuns(argv.runs);
    const every = checkPositiveInt('--every', argv.every);
    const workers = checkWorkers(argv.workers);
    const scenario = String(argv.scenario ?? DEFAULT_SCENARIO);
    const quiet = Boolean(argv.quiet);
    const output = outputFlags(argv as never);
    const name = scenario.replace(/^.*[/\\]/, '').replace(/\.json$/, '');
    const out = outFlag(argv.out) ?? stampedFolder('runs', `backtest-${name}-${seed}`);
    const outcome = await interruptible((signal) => backtest({
      scenario, set: (argv.set as (string | number)[]).map(String), from: String(argv.from), to: String(argv.to), every, horizons: String(argv.horizons), runs, seed, workers, out,
      resume: Boolean(argv.resume), ...(argv.data === undefined ? {} : { dataDir: String(argv.data) }), ...output, cli: cliContext(),
      onProgress: progressCallback(quiet), onNotice: quiet ? undefined : (line) => process.stderr.write(`fimasim: ${line}\n`), signal,
    }), {
      resumeHint: (e) => `backtest ${e.message}; complete it with the same command and --resume --out ${out}`,
    });
    if (!outcome) return;
    let report: string | null = null;
    try {
      report = await writeBacktestReport(outcome.dir);
    } catch (e) {
      process.stderr.write(`fimasim: warning: the backtest report could not be written (${e instanceof Error ? e.message : String(e)})\n`);
      process.exitCode = 1;
    }
    if (argv.json) process.stdout.write(`${JSON.stringify({ out: outcome.dir, report, ...outcome.summary }, null, 2)}\n`);
    else process.stdout.write(`${backtestLines(outcome, report).join('\n')}\n`);
    if (outcome.runsFailed > 0 && !argv['allow-failures']) {
      process.stderr.write(`fimasim: ${outcome.runsFailed} run(s) failed across the origins: see each origin's failures.jsonl (--allow-failures to exit with 0)\n`);
      process.exitCode = EXIT_RUNS_FAILED;
    }
  },
};

function backtestLines(o: Awaited<ReturnType<typeof backtest>>, report: string | null): string[] {
  const s = o.summary;
  const pct = (x: number | null) => (x === null ? '   –' : `${(x * 100).toFixed(0).padStart(3)}%`);
  const num = (x: number | null) => (x === null ? '–' : Math.abs(x) >= 100 ? x.toFixed(0) : x.toPrecision(3));
  const lines = [`backtest of ${s.scenario} · ${s.origins} origins ${s.firstOrigin} → ${s.lastOrigin} every ${s.every} trading days · ` +
    `${s.runsPerOrigin} runs each · horizons ${s.horizons.join(', ')} · realised policy rate · ${o.meta.workers} worker${o.meta.workers === 1 ? '' : 's'}`,
  '  series         horizon  origins  in 50%  in 90%  CRPS       naive CRPS  skill'];
  for (const r of s.scores) {
    lines.push(`  ${r.series.padEnd(13)}  ${String(r.horizon).padStart(7)}  ${String(r.origins).padStart(7)}  ${pct(r.coverage50).padStart(6)}  ${pct(r.coverage90).padStart(6)}  ` +
      `${num(r.crps).padEnd(9)}  ${num(r.naiveCrps).padEnd(10)}  ${r.skill === null ? '–' : r.skill.toFixed(2)}`);
  }
  lines.push(`  Files: ${join(o.dir, 'backtest.csv')}, ${join(o.dir, 'summary.json')}`);
  if (report) lines.push(`  Report: ${report}`);
  return lines;
}
