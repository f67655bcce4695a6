import { UserError } from '../../errors.js';
/** A batch the user asked for that cannot go ahead as asked (a folder in the way, a mismatched resume, a lock):
 *  the message says why and what to do; the CLI shows it without a stack trace and exits with 2. */
export class BatchError extends UserError {
  constructor(message: string) {
    super('batch', message);
    this.name = 'BatchError';
  }
}
