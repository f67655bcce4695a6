// `fimasim validate FILE`: checks a scenario file and reports every problem with its path.
import type { CommandModule } from 'yargs';
import { policiesFromArgs, scenarioFromArgs, withJson, withQuiet } from './options.js';
import { jsonText } from '../sim/format.js';
import { moduleUses } from '../sim/scenario/policy-modules.js';

export const validateCommand: CommandModule = {
  command: 'validate <file>',
  describe: 'check a scenario file and report every problem (path, expected, found)',
  builder: (y) => withQuiet(withJson(y, 'print { source, valid, name, hash } as JSON on stdout (problems still go to stderr, exit 2)'))
    .positional('file', { type: 'string', describe: 'scenario .json file (or a built-in name)' })
    .option('set', { type: 'string', array: true, default: [] as string[], describe: 'overrides to check too: path=value (repeatable)' }),
  handler: async (argv) => {
    const loaded = scenarioFromArgs({ scenario: String(argv.file), set: argv.set as string[] });
    const uses = moduleUses(loaded.scenario);
    if (uses.length) {
      // importing a module runs its top-level code: say so before it happens (docs/security.md)
      process.stderr.write(`fimasim: validate imports ${uses.length === 1 ? 'this policy module' : 'these policy modules'} (code that runs with your rights):\n` +
        uses.map((u) => `  ${u.slot.path.join('.')}: ${u.module}\n`).join(''));
    }
    await policiesFromArgs(loaded); // custom policy modules: their shape and their parameters
    process.stdout.write(argv.json ? jsonText({ source: loaded.source, valid: true, name: loaded.scenario.name, hash: loaded.hash })
      : `${loaded.source}: valid (scenario '${loaded.scenario.name}', hash ${loaded.hash})\n`);
  },
};
