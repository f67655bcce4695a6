import { UserError } from '../../errors.js';
/** A mistake in what the user asked an experiment command to do (a folder that is not a batch, a bad --vary):
 *  the CLI shows the message without a stack trace and exits with 2. */
export class ExperimentError extends UserError {
  constructor(message: string) {
    super('experiment', message);
    this.name = 'ExperimentError';
  }
}
