import { UserError } from '../errors.js';
/** A mistake in the user's input (a flag, a file, a scenario): reported without a stack trace, exit code 2. */
export class UsageError extends UserError {
  constructor(message: string) {
    super('usage', message);
    this.name = 'UsageError';
  }
}
