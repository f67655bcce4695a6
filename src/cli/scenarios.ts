// `fimasim scenarios`: lists the built-in scenarios; `--show NAME` prints one fully resolved.
import type { CommandModule } from 'yargs';
import { builtInNames } from '../sim/scenario/load.js';
import { scenarioFromArgs } from './options.js';

export const scenariosCommand: CommandModule = {
  command: 'scenarios',
  describe: 'list the built-in scenarios, or print one fully resolved with --show',
  builder: (y) => y
    .option('show', { type: 'string', describe: 'print this scenario (a name or a file) fully resolved, as JSON' })
    .option('set', { type: 'string', array: true, default: [] as string[], describe: 'overrides applied before showing: path=value' }),
  handler: (argv) => {
    if (argv.show) {
      const loaded = scenarioFromArgs({ scenario: String(argv.show), set: argv.set as string[] });
      process.stdout.write(`${JSON.stringify(loaded.scenario, null, 2)}\n`);
      return;
    }
    for (const name of builtInNames()) {
      const { scenario } = scenarioFromArgs({ scenario: name });
      const first = scenario.description.split(/(?<=[a-z0-9)'])[.:]\s/)[0];
      process.stdout.write(`${name.padEnd(16)} ${first}\n`);
    }
  },
};
