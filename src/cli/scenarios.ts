// `fimasim scenarios`: lists the built-in scenarios; `--show NAME` prints one fully resolved.
import type { CommandModule } from 'yargs';
import { builtInNames } from '../sim/scenario/load.js';
import { scenarioFromArgs, withJson, withQuiet } from './options.js';
import { jsonText } from '../sim/format.js';

export const scenariosCommand: CommandModule = {
  command: 'scenarios',
  describe: 'list the built-in scenarios, or print one fully resolved with --show',
  builder: (y) => withQuiet(withJson(y, 'print the list as JSON on stdout ([{ name, description }]); --show prints JSON either way'))
    .option('show', { type: 'string', describe: 'print this scenario (a name or a file) fully resolved, as JSON' })
    .option('set', { type: 'string', array: true, default: [] as string[], describe: 'overrides applied before showing: path=value' }),
  handler: (argv) => {
    if (argv.show) {
      const loaded = scenarioFromArgs({ scenario: String(argv.show), set: argv.set as string[] });
      process.stdout.write(`${JSON.stringify(loaded.scenario, null, 2)}\n`);
      return;
    }
    const list = builtInNames().map((name) => ({ name, description: scenarioFromArgs({ scenario: name }).scenario.description }));
    if (argv.json) { process.stdout.write(jsonText(list)); return; }
    for (const { name, description } of list) {
      const first = description.split(/(?<=[a-z0-9)'])[.:]\s/)[0];
      process.stdout.write(`${name.padEnd(16)} ${first}\n`);
    }
  },
};
