// The worker-pool executor: one long-lived piscina pool for the whole batch. Runs go to the workers in chunks of a
// few (a run takes ~3 ms, and a message round trip per run cost ~7% of batch throughput, measured); a chunk is sent
// when it is full or when the batch has nothing more to hand out this turn of the event loop. piscina replaces a
// dead worker but does not retry its task, so the runs of a chunk whose worker died are retried here once, one by
// one, before they count as failed runs.
import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';
import type { LoadedScenario } from '../scenario/load.js';
import type { Executor } from './executor.js';
import type { TaskResult } from './execute.js';
import type { ChunkResult, WorkerTask } from './worker.js';
import { runLayout, runOfShared } from './layout.js';
import type { RunTask } from './spec.js';

// Workers cannot run .ts (nor are they transformed by vitest): always the compiled worker. This path names the
// same file from src/sim/batch/pool.ts (under vitest) and from dist/sim/batch/pool.js.
export const WORKER_FILE = fileURLToPath(new URL('../../../dist/sim/batch/worker.js', import.meta.url));

/**
 * The workers' Node flags: the process's own, plus `--no-experimental-require-module`. piscina loads a worker file
 * with `require()` first and falls back to `import()`. Since Node 20.19 `require()` loads an ES module
 * synchronously, and a worker terminated in the middle of that load (a pool closed as a short batch ends, while a
 * worker that got no chunk is still starting) aborts the whole process with "FATAL ERROR: v8::ToLocalChecked Empty
 * MaybeLocal" in `CreateRequiredModuleFacade` (seen once in CI, in a 6-run batch on 2 workers). With the flag,
 * `require()` refuses the ES module at once and piscina loads it with `import()`, whose load a termination stops
 * cleanly.
 */
export const WORKER_EXEC_ARGV: readonly string[] = [...process.execArgv, '--no-experimental-require-module'];

/** Runs per message to a worker. */
export const CHUNK = 8;

interface Waiting { readonly task: RunTask; readonly resolve: (r: TaskResult) => void; readonly reject: (e: unknown) => void }

/** A run that was in flight when the pool closed: not a result, never journaled (issue 19, item 1). */
export class PoolClosedError extends Error {
  constructor(runIndex: number) {
    super(`run ${runIndex} was stopped because the worker pool closed`);
    this.name = 'PoolClosedError';
  }
}

export function poolExecutor(loaded: LoadedScenario, workers: number, onWorkerDeath?: (runIndex: number, error: string) => void): Executor {
  const pool = new Piscina<readonly WorkerTask[], ChunkResult>({
    filename: WORKER_FILE,
    execArgv: [...WORKER_EXEC_ARGV],
    minThreads: workers,
    maxThreads: workers,
    idleTimeout: 60_000,
    workerData: { scenario: loaded.scenario, hash: loaded.hash, source: loaded.source } satisfies LoadedScenario,
  });
  const layout = runLayout(loaded.scenario.ticks);
  const resultOf = (r: ChunkResult, k: number, count: number): TaskResult => (Array.isArray(r) ? r[k] : runOfShared(layout, r, k, count));
  let queue: Waiting[] = [];
  let scheduled = false;
  // once closing, a task that ends in an error was aborted by the close: that is no death of a worker and no
  // failed run, and the caller hears it as a PoolClosedError
  let closing = false;

  const retryAlone = async (w: Waiting, first: unknown): Promise<void> => {
    if (closing) return w.reject(new PoolClosedError(w.task.runIndex));
    onWorkerDeath?.(w.task.runIndex, message(first));
    try {
      const r = await pool.run([{ ...w.task, attempt: 1 }]);
      w.resolve(resultOf(r, 0, 1));
    } catch (second) {
      if (closing) w.reject(new PoolClosedError(w.task.runIndex));
      else w.resolve(`the worker running this run died twice (${message(first)}; then ${message(second)})`);
    }
  };

  const send = (chunk: Waiting[]): void => {
    if (closing) {
      for (const w of chunk) w.reject(new PoolClosedError(w.task.runIndex));
      return;
    }
    pool.run(chunk.map((w) => ({ ...w.task, attempt: 0 }))).then((r) => {
      chunk.forEach((w, k) => w.resolve(resultOf(r, k, chunk.length)));
    }, (first: unknown) => { for (const w of chunk) void retryAlone(w, first); });
  };

  const flush = (): void => {
    scheduled = false;
    while (queue.length > 0) send(queue.splice(0, CHUNK));
  };

  return {
    workers,
    window: workers * CHUNK * 2,
    run: (task) => new Promise<TaskResult>((resolve, reject) => {
      if (closing) return reject(new PoolClosedError(task.runIndex));
      queue.push({ task, resolve, reject });
      if (queue.length >= CHUNK) send(queue.splice(0, CHUNK));
      else if (!scheduled) { scheduled = true; setImmediate(flush); }
    }),
    close: async () => {
      closing = true;
      for (const w of queue) w.reject(new PoolClosedError(w.task.runIndex));
      queue = [];
      await pool.destroy();
    },
  };
}

const message = (e: unknown): string => (e instanceof Error ? e.message : String(e));
