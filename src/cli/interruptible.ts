// The scaffold every batch-running command shares: Ctrl-C, SIGTERM or SIGHUP (a closed terminal or ssh session)
// stops the batch cleanly (a second one exits at once, releasing the folder's lock; the journal is kill-safe), and an
// interrupted batch tells the user how to resume it.
import { BatchInterrupted } from '../sim/batch/run-batch.js';
import { releaseHeldLocks } from '../sim/batch/lock.js';

/** Exit code after Ctrl-C, SIGTERM or SIGHUP: the finished runs are journaled and --resume completes the folder. */
export const EXIT_INTERRUPTED = 130;

/**
 * Runs `work` with an abort signal wired to SIGINT and SIGTERM. Returns its result, or null after an interruption
 * (the message and exit code are already set). A UserError goes on to cli/main.ts, which reports it.
 */
export async function interruptible<T>(
  work: (signal: AbortSignal) => Promise<T>,
  opts: { resumeHint: (e: BatchInterrupted) => string },
): Promise<T | null> {
  const abort = new AbortController();
  let signals = 0;
  const onSignal = (): void => {
    if (++signals > 1) {
      releaseHeldLocks();
      process.exit(EXIT_INTERRUPTED);
    }
    abort.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  process.on('SIGHUP', onSignal);
  try {
    return await work(abort.signal);
  } catch (e) {
    if (e instanceof BatchInterrupted) {
      process.stderr.write(`fimasim: ${opts.resumeHint(e)}\n`);
      process.exitCode = EXIT_INTERRUPTED;
      return null;
    }
    throw e;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    process.off('SIGHUP', onSignal);
  }
}

export const resumeWithOut = (e: BatchInterrupted): string => `${e.message}; complete it with the same command and --resume --out ${e.dir}`;
