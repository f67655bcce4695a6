// `fimasim report DIR`: (re)writes report.html of a batch, sweep or comparison folder from its files and prints the
// report's path. The kind of folder is told by the file that only it has: sweep.json, compare.json, or a batch's.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { CommandModule } from 'yargs';
import { jsonText } from '../sim/format.js';
import { withJson, withQuiet } from './options.js';
import { writeBatchReport } from '../report/batch-report.js';
import { writeSweepReport } from '../report/sweep-report.js';
import { rewriteCompareReport } from '../report/compare-report.js';

export function reportWriterFor(dir: string): (dir: string) => Promise<string> {
  if (existsSync(join(dir, 'sweep.json'))) return writeSweepReport;
  if (existsSync(join(dir, 'compare.json'))) return rewriteCompareReport;
  return writeBatchReport;
}

export const reportCommand: CommandModule = {
  command: 'report <dir>',
  describe: 'write report.html of a batch, sweep or comparison folder and print its path',
  builder: (y) => withQuiet(withJson(y, 'print {"report": PATH} as JSON on stdout')).positional('dir', { type: 'string', describe: 'a folder written by `fimasim batch`, `sample`, `sweep` or `compare`' }),
  handler: async (argv) => {
    const dir = String(argv.dir);
    // a folder that is not (yet) a batch folder, or has a damaged file, is a UserError (kind 'batch-folder')
    const report = await reportWriterFor(dir)(dir);
    process.stdout.write(argv.json ? jsonText({ report }) : `${report}\n`);
  },
};
