// `fimasim run`: one run of a scenario, written as series.csv, events.jsonl and summary.json.
import type { CommandModule } from 'yargs';
import { loadScenario, simulate } from '../api/index.js';
import { checkNonNegativeInt, checkRunOut, checkSeed, outFlag, scenarioOptionsFromArgs, withScenario, withSeed } from './options.js';
import { printRunSummary } from './print.js';
import { ModelError } from '../contracts.js';

export const runCommand: CommandModule = {
  command: 'run',
  describe: 'one run of a scenario: writes series.csv, events.jsonl and summary.json',
  builder: (y) =>
    withSeed(withScenario(y))
      .option('run-index', { type: 'string', default: 0, describe: 'run I of a batch with master seed S (its streams are keyed by S and I)' })
      .option('out', { type: 'string', describe: 'folder for the run files (created if missing)' })
      .option('json', { type: 'boolean', default: false, describe: 'print the summary as JSON on stdout' })
      .option('quiet', { type: 'boolean', default: false, describe: 'nothing on stderr but warnings and errors (no progress, no notices)' })
      .example('$0 run --scenario hayes-2024 --seed 1 --out runs/one', 'run seed 1 of the thesis and keep its files'),
  handler: async (argv) => {
    const seed = checkSeed(argv.seed);
    const runIndex = checkNonNegativeInt('--run-index', argv['run-index']);
    const out = outFlag(argv.out);
    if (out !== undefined) checkRunOut(out); // before the run: a batch folder's summary.json is never overwritten
    const loaded = loadScenario(String(argv.scenario), scenarioOptionsFromArgs(argv as never));
    let run;
    try {
      // the same code path as the batch executors, so this run's metrics are its runs.csv row
      run = await simulate(loaded, { seed, runIndex, events: true, ...(out !== undefined ? { out } : {}) });
    } catch (e) {
      // a run that fails (broken invariant, non-finite value, a custom policy that throws) is not a bug in fimasim
      if (!(e instanceof ModelError)) throw e;
      process.stderr.write(`fimasim: run ${runIndex} of seed ${seed} failed: ${e.message}\n`);
      process.exitCode = 1;
      return;
    }
    const id = { scenario: loaded.scenario.name, scenarioHash: loaded.hash, seed, runIndex };
    if (argv.json) process.stdout.write(`${JSON.stringify(run.summary, null, 2)}\n`);
    else printRunSummary(loaded.scenario, id, run.raw, out);
  },
};
