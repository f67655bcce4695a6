// How runs are executed. The serial executor runs in-process and is the reference; the pool executor (pool.ts)
// must give byte-identical results.
import type { LoadedScenario } from '../scenario/load.js';
import { policiesFor } from '../run/custom-policies.js';
import type { RunTask } from './spec.js';
import { executeTask, type TaskResult } from './execute.js';

export interface Executor {
  readonly workers: number;
  /** How many runs to keep in flight (default: two per worker). */
  readonly window?: number;
  run(task: RunTask): Promise<TaskResult>;
  close(): Promise<void>;
}

export async function serialExecutor(loaded: LoadedScenario): Promise<Executor> {
  const policies = await policiesFor(loaded);
  return {
    workers: 1,
    // yield to the event loop between runs so progress lines and signals are handled; `crash` is a pool-only hook
    run: async (task) => {
      await new Promise((resolve) => setImmediate(resolve));
      return executeTask(loaded.scenario, task, policies);
    },
    close: async () => {},
  };
}
