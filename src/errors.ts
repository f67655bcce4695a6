// The one type for a mistake the user must fix (a flag, a scenario, a folder, a data file): `kind` says which part
// of the input is wrong, the message names what and where. The CLI catches it once, in cli/main.ts, prints the
// message without a stack trace and exits with 2; an API caller can switch on `kind`. Anything else that is thrown
// is a bug in fimasim. The named subclasses (ScenarioError, DataError, …) only set the kind and, where they have
// them, carry the problems as data.
export type UserErrorKind =
  | 'usage' // a flag or an option of the API
  | 'scenario' // a scenario file, a --set, a policy module
  | 'sample' // a --sample
  | 'data' // a data folder or series
  | 'batch-folder' // a folder that should be a finished batch folder and is not (or is damaged)
  | 'batch' // a batch that cannot go ahead as asked (a folder in the way, a mismatched resume, a lock, a journal)
  | 'shard' // a --shard
  | 'experiment' // sweep, compare, replay, backtest, calibrate asked for something they cannot do
  | 'file'; // an OS error on a file fimasim reads or writes (a full disk, a read-only folder)

export class UserError extends Error {
  constructor(readonly kind: UserErrorKind, message: string) {
    super(message);
    this.name = 'UserError';
  }
}

export const isUserError = (e: unknown): e is UserError => e instanceof UserError;
