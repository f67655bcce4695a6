// Data problems as data: each names its file and 1-based line (null for the whole file). Checks collect every
// problem; the loader throws them together, so one run of `fimasim data check` shows everything to fix.
import { UserError } from '../errors.js';

export interface DataProblem {
  readonly file: string;
  readonly line: number | null;
  readonly message: string;
}

export const formatDataProblem = (p: DataProblem): string => `${p.file}${p.line === null ? '' : `:${p.line}`}: ${p.message}`;

export class DataError extends UserError {
  constructor(readonly problems: readonly DataProblem[]) {
    super('data', problems.length === 1
      ? formatDataProblem(problems[0])
      : `${problems.length} data problems\n${problems.map(formatDataProblem).join('\n')}`);
    this.name = 'DataError';
  }
}
