// `fimasim validate FILE`: checks a scenario file and reports every problem with its path.
import type { CommandModule } from 'yargs';
import { policiesFromArgs, scenarioFromArgs } from './options.js';

export const validateCommand: CommandModule = {
  command: 'validate <file>',
  describe: 'check a scenario file and report every problem (path, expected, found)',
  builder: (y) => y
    .positional('file', { type: 'string', describe: 'scenario .json file (or a built-in name)' })
    .option('set', { type: 'string', array: true, default: [] as string[], describe: 'overrides to check too: path=value (repeatable)' }),
  handler: async (argv) => {
    const loaded = scenarioFromArgs({ scenario: String(argv.file), set: argv.set as string[] });
    await policiesFromArgs(loaded); // custom policy modules: their shape and their parameters
    process.stdout.write(`${loaded.source}: valid (scenario '${loaded.scenario.name}', hash ${loaded.hash})\n`);
  },
};
