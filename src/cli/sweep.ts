// `fimasim sweep`: a grid of batches (`--vary`, Cartesian product), the same master seed at every point, one worker
// pool for the whole sweep; writes a sweep folder with a batch folder per point, sweep.csv and report.html.
import { join } from 'node:path';
import type { CommandModule } from 'yargs';
import { sweep, type SweepResult } from '../api/index.js';
import { jsonText } from '../sim/format.js';
import { writeSweepReport } from '../report/sweep-report.js';
import { cliContext, EXIT_RUNS_FAILED } from './batch.js';
import { interruptible } from './interruptible.js';
import { stampedFolder } from '../sim/files/stamped-folder.js';
import { checkRuns, checkSeed, checkWorkers, DEFAULT_RUNS, DEFAULT_SCENARIO, outputFlags, scenarioOptionsFromArgs, withOutput, withScenario, withSeed } from './options.js';
import { outFlag } from './options.js';
import { progressCallback } from './progress.js';

export const sweepCommand: CommandModule = {
  command: 'sweep',
  describe: 'a grid of batches over --vary values, the same seeds at every point: sweep.csv, a batch folder per point, report.html',
  builder: (y) =>
    withOutput(withSeed(withScenario(y)))
      .option('vary', { type: 'string', array: true, default: [] as string[],
        describe: 'a parameter and its values: path=v1,v2,... or path=lo:hi:steps (repeatable: the grid is the Cartesian product)' })
      .option('runs', { type: 'string', default: DEFAULT_RUNS, describe: 'runs per point (run i uses the streams of (seed, i) at every point)' })
      .option('workers', { type: 'string', default: 'auto', describe: "worker threads for the whole sweep: a positive integer, or 'auto'" })
      .option('out', { type: 'string', describe: 'sweep folder (default runs/sweep-<scenario>-<seed>-<stamp>/)' })
      .option('resume', { type: 'boolean', default: false, describe: 'complete an interrupted sweep in --out' })
      .option('allow-failures', { type: 'boolean', default: false, describe: `exit with 0 even if some runs failed (otherwise ${EXIT_RUNS_FAILED})` })
      .option('quiet', { type: 'boolean', default: false, describe: 'no progress output' })
      .option('json', { type: 'boolean', default: false, describe: 'print the sweep (folder, report, points with their summaries) as JSON on stdout' })
      .example('$0 sweep --scenario hayes-2024 --vary banks.mufg.policy.carryFloor=-1.5,-1,-0.5 --runs 200 --seed 7', "MUFG's carry floor, three values")
      .example('$0 sweep --vary fed.fima.capPerCounterparty=0:120:5 --vary treasury.policy.propensity=0.04,0.08', 'a 5 × 2 grid'),
  handler: async (argv) => {
    const seed = checkSeed(argv.seed);
    const runs = checkRuns(argv.runs);
    const workers = checkWorkers(argv.workers);
    const scenario = String(argv.scenario ?? DEFAULT_SCENARIO);
    const quiet = Boolean(argv.quiet);
    const output = outputFlags(argv as never);
    const name = scenario.replace(/^.*[/\\]/, '').replace(/\.json$/, '');
    const out = outFlag(argv.out) ?? stampedFolder('runs', `sweep-${name}-${seed}`);
    const outcome = await interruptible((signal) => sweep(scenario, {
      ...scenarioOptionsFromArgs(argv as never), vary: (argv.vary as (string | number)[]).map(String), seed, runs, workers, out, resume: Boolean(argv.resume),
      ...output, cli: cliContext(), onProgress: progressCallback(quiet), onNotice: quiet ? undefined : (line) => process.stderr.write(`fimasim: ${line}\n`), signal,
    }), {
      resumeHint: (e) => `sweep ${e.message}; complete it with the same command and --resume --out ${out}`,
    });
    if (!outcome) return;
    let report: string | null = null;
    try {
      report = await writeSweepReport(outcome.dir);
    } catch (e) {
      process.stderr.write(`fimasim: warning: the sweep report could not be written (${e instanceof Error ? e.message : String(e)})\n`);
      process.exitCode = 1;
    }
    if (argv.json) process.stdout.write(jsonText({ out: outcome.dir, report, ...outcome.meta, points: outcome.points, runsFailed: outcome.runsFailed }));
    else process.stdout.write(`${sweepLines(outcome, report).join('\n')}\n`);
    if (outcome.runsFailed > 0 && !argv['allow-failures']) {
      process.stderr.write(`fimasim: ${outcome.runsFailed} run(s) failed across the points: see each point's failures.jsonl (--allow-failures to exit with 0)\n`);
      process.exitCode = EXIT_RUNS_FAILED;
    }
  },
};

function sweepLines(o: SweepResult, report: string | null): string[] {
  const m = o.meta;
  const lines = [`sweep of ${m.scenario} · ${o.points.length} points × ${m.runs} runs · master seed ${m.seed} at every point · ${m.workers} worker${m.workers === 1 ? '' : 's'}`];
  for (const p of o.points) {
    const s = p.summary.metrics;
    const fmt = (x: number | null | undefined, d: number) => (x === null || x === undefined ? '–' : x.toFixed(d));
    lines.push(`  ${p.dir}  ${Object.entries(p.values).map(([k, v]) => `${k}=${v}`).join('  ')}  ·  sales ${fmt(s.jpSalesTotal?.mean, 1)} bn, ` +
      `10y peak ${fmt(s.ust10yPeak?.mean, 2)}%, P(intervened) ${fmt(p.summary.probabilities?.intervened?.p, 2)}`);
  }
  lines.push(`  Files: ${join(o.dir, 'sweep.csv')}, ${join(o.dir, 'sweep.json')}`);
  if (report) lines.push(`  Report: ${report}`);
  return lines;
}
