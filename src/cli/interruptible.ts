// The scaffold every batch-running command shares: Ctrl-C or SIGTERM stops the batch cleanly (a second one exits at
// once), batch errors become usage errors (exit 2), and an interrupted batch tells the user how to resume it.
import { BatchError } from '../sim/batch/errors.js';
import { BatchInterrupted } from '../sim/batch/run-batch.js';
import { UsageError } from './errors.js';

/** Exit code after Ctrl-C or SIGTERM: the finished runs are journaled and --resume completes the folder. */
export const EXIT_INTERRUPTED = 130;

/**
 * Runs `work` with an abort signal wired to SIGINT and SIGTERM. Returns its result, or null after an interruption
 * (the message and exit code are already set). `isUserError` names further error types that are the user's to fix.
 */
export async function interruptible<T>(
  work: (signal: AbortSignal) => Promise<T>,
  opts: { resumeHint: (e: BatchInterrupted) => string; isUserError?: (e: unknown) => boolean },
): Promise<T | null> {
  const abort = new AbortController();
  let signals = 0;
  const onSignal = (): void => {
    if (++signals > 1) process.exit(EXIT_INTERRUPTED);
    abort.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    return await work(abort.signal);
  } catch (e) {
    if (e instanceof BatchError || opts.isUserError?.(e)) throw new UsageError((e as Error).message);
    if (e instanceof BatchInterrupted) {
      process.stderr.write(`fimasim: ${opts.resumeHint(e)}\n`);
      process.exitCode = EXIT_INTERRUPTED;
      return null;
    }
    throw e;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

export const resumeWithOut = (e: BatchInterrupted): string => `${e.message}; complete it with the same command and --resume --out ${e.dir}`;
