// `fimasim report DIR`: (re)writes report.html of a batch folder from its files and prints the report's path.
import type { CommandModule } from 'yargs';
import { BatchFolderError } from '../report/batch-files.js';
import { writeBatchReport } from '../report/batch-report.js';
import { UsageError } from './errors.js';

export const reportCommand: CommandModule = {
  command: 'report <dir>',
  describe: 'write report.html of a batch folder (charts, probabilities, extreme runs) and print its path',
  builder: (y) => y.positional('dir', { type: 'string', describe: 'a batch folder written by `fimasim batch`' }),
  handler: async (argv) => {
    try {
      process.stdout.write(`${await writeBatchReport(String(argv.dir))}\n`);
    } catch (e) {
      // A folder that is not (yet) a batch folder, or has a damaged file, is the user's to fix: no stack trace.
      if (e instanceof BatchFolderError) throw new UsageError(e.message);
      throw e;
    }
  },
};
