// The report at the end of a batch or a merge. The result files are complete before it is written, so a report that
// cannot be drawn is a warning (and exit code 1), not a lost batch: `fimasim report DIR` can redo it.
import { writeBatchReport } from '../report/batch-report.js';

export async function writeReportOrWarn(dir: string): Promise<string | null> {
  try {
    return await writeBatchReport(dir);
  } catch (e) {
    process.stderr.write(`fimasim: warning: the report could not be written (${e instanceof Error ? e.message : String(e)}); ` +
      `the result files are complete; retry with: fimasim report ${dir}\n`);
    process.exitCode = 1;
    return null;
  }
}
