// `fimasim merge DIR... --out DIR`: the shard folders of one batch into the folder the single-machine batch writes.
import type { CommandModule } from 'yargs';
import { commandLine } from '../sim/batch/manifest.js';
import { mergeBatches } from '../sim/batch/merge.js';
import { outFlag } from './options.js';
import { writeReportOrWarn } from './batch-report-step.js';
import { EXIT_RUNS_FAILED } from './batch.js';

export const mergeCommand: CommandModule = {
  command: 'merge <dirs..>',
  describe: 'merge the shard folders of a batch (fimasim batch --shard) into one batch folder, recomputing summary, bands and report',
  builder: (y) =>
    y.positional('dirs', { type: 'string', array: true, describe: 'shard folders (finished), in any order' })
      .option('out', { type: 'string', demandOption: true, describe: 'the merged batch folder (must not exist or be empty)' })
      .option('allow-failures', { type: 'boolean', default: false, describe: `exit with 0 even if some runs failed (otherwise ${EXIT_RUNS_FAILED})` })
      .option('json', { type: 'boolean', default: false, describe: 'print the summary as JSON on stdout' })
      .option('quiet', { type: 'boolean', default: false, describe: 'nothing on stderr but warnings and errors (no progress, no notices)' })
      .example('$0 merge /data/study/shard-* --out /data/study/merged', 'merge every shard of a cluster job'),
  handler: async (argv) => {
    const inputs = (argv.dirs as unknown[]).map(String);
    const out = outFlag(argv.out)!;
    const outcome = await mergeBatches({ inputs, out, command: commandLine(process.argv.slice(2)) });
    const report = await writeReportOrWarn(outcome.dir);
    if (argv.json) process.stdout.write(`${JSON.stringify({ out: outcome.dir, report, ...outcome.summary }, null, 2)}\n`);
    else {
      const dup = outcome.duplicates ? ` (${outcome.duplicates} identical duplicate run${outcome.duplicates === 1 ? '' : 's'} ignored)` : '';
      process.stdout.write(`Merged ${inputs.length} folder${inputs.length === 1 ? '' : 's'}: ${outcome.runsDone} runs done, ${outcome.runsFailed} failed${dup}\n` +
        `  Folder: ${outcome.dir}\n${report ? `  Report: ${report}\n` : ''}`);
    }
    if (outcome.runsFailed > 0 && !argv['allow-failures']) process.exitCode = EXIT_RUNS_FAILED;
  },
};
