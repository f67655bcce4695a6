// `fimasim scenarios`: lists the built-in scenarios; `--show NAME` prints one fully resolved.
import type { CommandModule } from 'yargs';
import { builtInNames } from '../sim/scenario/load.js';
import { scenarioFromArgs, withJson, withQuiet } from './options.js';
import { jsonText } from '../sim/format.js';
import { settablePaths, type SettablePath } from '../sim/scenario/json-schema.js';
import { UsageError } from './errors.js';

export const scenariosCommand: CommandModule = {
  command: 'scenarios',
  describe: 'list the built-in scenarios, or print one fully resolved with --show',
  builder: (y) => withQuiet(withJson(y, 'print the list as JSON on stdout ([{ name, description }]); --show prints JSON either way'))
    .option('show', { type: 'string', describe: 'print this scenario (a name or a file) fully resolved, as JSON' })
    .option('set', { type: 'string', array: true, default: [] as string[], describe: 'overrides applied before showing: path=value' })
    .option('paths', { type: 'boolean', default: false, describe: 'with --show: every settable path with its value, unit and allowed range (for --set, --vary, --sample)' }),
  handler: (argv) => {
    if (argv.paths && !argv.show) throw new UsageError('--paths: name the scenario with --show NAME');
    if (argv.show) {
      const loaded = scenarioFromArgs({ scenario: String(argv.show), set: argv.set as string[] });
      if (argv.paths) {
        const paths = settablePaths(loaded.scenario);
        process.stdout.write(argv.json ? jsonText(paths) : pathTable(paths));
        return;
      }
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

/** One line per path: path, value, [range], unit or meaning, and the schema's default where the value differs. */
function pathTable(paths: readonly SettablePath[]): string {
  const w = Math.max(...paths.map((p) => p.path.length));
  const v = Math.min(24, Math.max(...paths.map((p) => JSON.stringify(p.value).length)));
  return paths.map((p) => `${p.path.padEnd(w)}  ${JSON.stringify(p.value).padEnd(v)}  ${p.range ? `[${p.range}]  ` : ''}${p.description}${'default' in p && JSON.stringify(p.default) !== JSON.stringify(p.value) ? ` (default ${JSON.stringify(p.default)})` : ''}`.trimEnd()).join('\n') + '\n';
}
