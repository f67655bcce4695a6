// One worker pool for a whole sweep: every point's batch runs on the same threads (design §8), so a sweep of many
// small points does not pay for starting a pool per point. Each point gets an Executor view of the pool; closing a
// view does nothing, closing the pool ends the threads. With one worker the points run in-process (the reference).
import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';
import type { LoadedScenario } from '../scenario/load.js';
import { serialExecutor, type Executor } from '../batch/executor.js';
import type { TaskResult } from '../batch/execute.js';
import { PoolClosedError, WORKER_EXEC_ARGV } from '../batch/pool.js';
import type { SweepResult, SweepTask } from './sweep-worker.js';
import { runLayout, runOfShared } from '../batch/layout.js';

// Workers cannot run .ts: always the compiled worker, named the same way from src/ (vitest) and from dist/.
const WORKER_FILE = fileURLToPath(new URL('../../../dist/sim/experiments/sweep-worker.js', import.meta.url));

export interface SharedPool {
  readonly workers: number;
  executorFor(point: number): Promise<Executor>;
  close(): Promise<void>;
}

export function sharedPool(points: readonly LoadedScenario[], workers: number, onWorkerDeath?: (point: number, runIndex: number, error: string) => void): SharedPool {
  if (workers === 1) {
    // in-process, one point at a time; the view's close() is a no-op like the pool's
    return { workers, close: async () => {}, executorFor: async (p) => ({ ...(await serialExecutor(points[p])), close: async () => {} }) };
  }
  // started on the first run, so a sweep whose points are all complete (--resume) starts no threads
  let started: Piscina<SweepTask, SweepResult> | undefined;
  const pool = (): Piscina<SweepTask, SweepResult> => (started ??= new Piscina<SweepTask, SweepResult>({
    filename: WORKER_FILE,
    execArgv: [...WORKER_EXEC_ARGV], // pool.ts says why
    minThreads: workers,
    maxThreads: workers,
    idleTimeout: 60_000,
    workerData: { points: points.map((l) => ({ scenario: l.scenario, hash: l.hash, source: l.source })) },
  }));
  let closing = false; // an error after close() is the close aborting the task: no failed run (pool.ts says why)
  // piscina replaces a dead worker but does not retry its task: retry once, as the batch pool does
  const view = (point: number): Executor => {
    const layout = runLayout(points[point].scenario.ticks);
    const own = (r: SweepResult): TaskResult => (typeof r === 'string' ? r : runOfShared(layout, r, 0, 1));
    return {
      workers,
      run: async (task) => {
        try {
          return own(await pool().run({ ...task, point, attempt: 0 }));
        } catch (first) {
          if (closing) throw new PoolClosedError(task.runIndex);
          onWorkerDeath?.(point, task.runIndex, message(first));
          try {
            return own(await pool().run({ ...task, point, attempt: 1 }));
          } catch (second) {
            if (closing) throw new PoolClosedError(task.runIndex);
            return `the worker running this run died twice (${message(first)}; then ${message(second)})`;
          }
        }
      },
      close: async () => {},
    };
  };
  return { workers, close: async () => { closing = true; await started?.destroy(); }, executorFor: async (p) => view(p) };
}

const message = (e: unknown): string => (e instanceof Error ? e.message : String(e));
