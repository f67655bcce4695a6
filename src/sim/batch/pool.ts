// The worker-pool executor: one long-lived piscina pool for the whole batch. piscina replaces a dead worker but
// does not retry its task, so a task whose worker died is retried here once before it counts as a failed run.
import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';
import type { LoadedScenario } from '../scenario/load.js';
import type { Executor } from './executor.js';
import type { TaskResult } from './execute.js';
import type { WorkerTask } from './worker.js';

// Workers cannot run .ts (nor are they transformed by vitest): always the compiled worker. This path names the
// same file from src/sim/batch/pool.ts (under vitest) and from dist/sim/batch/pool.js.
export const WORKER_FILE = fileURLToPath(new URL('../../../dist/sim/batch/worker.js', import.meta.url));

export function poolExecutor(loaded: LoadedScenario, workers: number, onWorkerDeath?: (runIndex: number, error: string) => void): Executor {
  const pool = new Piscina<WorkerTask, TaskResult>({
    filename: WORKER_FILE,
    minThreads: workers,
    maxThreads: workers,
    idleTimeout: 60_000,
    workerData: { scenario: loaded.scenario, hash: loaded.hash, source: loaded.source } satisfies LoadedScenario,
  });
  return {
    workers,
    run: async (task) => {
      try {
        return await pool.run({ ...task, attempt: 0 });
      } catch (first) {
        onWorkerDeath?.(task.runIndex, message(first));
        try {
          return await pool.run({ ...task, attempt: 1 });
        } catch (second) {
          return `the worker running this run died twice (${message(first)}; then ${message(second)})`;
        }
      }
    },
    close: () => pool.destroy(),
  };
}

const message = (e: unknown): string => (e instanceof Error ? e.message : String(e));
