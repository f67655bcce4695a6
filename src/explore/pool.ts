// One warm worker pool for the whole explore session: chunks of run tasks of any scenario, each answered with its
// packed runs. Kept alive between requests so a tweak's first runs come back without paying for thread start-up.
// `executorFor` adapts it to the batch runner's Executor, so "Write batch" writes a normal folder with these workers.
import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';
import type { LoadedScenario } from '../sim/scenario/load.js';
import type { Executor } from '../sim/batch/executor.js';
import type { TaskResult } from '../sim/batch/execute.js';
import { runLayout, runOfShared } from '../sim/batch/layout.js';
import { WORKER_EXEC_ARGV } from '../sim/batch/pool.js';
import type { RunTask } from '../sim/batch/spec.js';
import type { ExploreChunk, ExploreChunkResult } from './worker.js';

// Workers cannot run .ts: always the compiled worker (the same path from src/explore and dist/explore).
const WORKER_FILE = fileURLToPath(new URL('../../dist/explore/worker.js', import.meta.url));

export class ExplorePool {
  private readonly pool: Piscina<ExploreChunk, ExploreChunkResult>;

  constructor(readonly workers: number) {
    this.pool = new Piscina({ filename: WORKER_FILE, execArgv: [...WORKER_EXEC_ARGV], minThreads: workers, maxThreads: workers, idleTimeout: 3_600_000 });
  }

  /** Runs `tasks` of `loaded` on one worker; one result per task (a packed run, or the run's error text). */
  async runChunk(loaded: LoadedScenario, tasks: readonly RunTask[]): Promise<TaskResult[]> {
    const r = await this.pool.run({ loaded: { scenario: loaded.scenario, hash: loaded.hash, source: loaded.source }, tasks });
    if (Array.isArray(r)) return r;
    const layout = runLayout(loaded.scenario.ticks);
    return tasks.map((_, k) => runOfShared(layout, r, k));
  }

  /** The pool as a batch executor for one scenario (closing it leaves the pool running: the session owns it). */
  executorFor(loaded: LoadedScenario): Executor {
    return {
      workers: this.workers,
      window: this.workers * 4,
      run: async (task) => (await this.runChunk(loaded, [task]))[0],
      close: async () => {},
    };
  }

  async close(): Promise<void> {
    await this.pool.destroy();
  }
}
