// The piscina worker entry (compiled to dist/sim/batch/worker.js): a chunk of run tasks in, one shared buffer out
// (the chunk's packed runs one after another; layout.ts `shareRuns` says why shared and not transferred). A chunk
// in which a run failed comes back as a list instead, so each failure keeps its message. The scenario and its
// policies are set up once per thread from workerData.
import { workerData } from 'piscina';
import type { LoadedScenario } from '../scenario/load.js';
import { policiesFor } from '../run/custom-policies.js';
import type { PolicyRegistry } from '../../contracts.js';
import type { RunTask } from './spec.js';
import { executeTask, type TaskResult } from './execute.js';
import { runLayout, shareRuns } from './layout.js';

export interface WorkerTask extends RunTask {
  readonly attempt: number;
}

/** A chunk's results: one buffer of packed runs when all succeeded, else one result per task. */
export type ChunkResult = SharedArrayBuffer | TaskResult[];

const loaded = workerData as LoadedScenario;
const layout = runLayout(loaded.scenario.ticks);
let policies: Promise<PolicyRegistry> | undefined;

export default async function runChunk(tasks: readonly WorkerTask[]): Promise<ChunkResult> {
  policies ??= policiesFor(loaded);
  const registry = await policies;
  const results: TaskResult[] = [];
  for (const task of tasks) {
    // FIMASIM_CRASH_RUNS: end this thread on the first attempt, as a native crash or an out-of-memory kill would
    if (task.crash && task.attempt === 0) process.exit(70);
    results.push(executeTask(loaded.scenario, task, registry));
  }
  if (results.some((r) => typeof r === 'string')) return results;
  return shareRuns(layout, results as ArrayBuffer[]);
}
