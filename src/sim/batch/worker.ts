// The piscina worker entry (compiled to dist/sim/batch/worker.js): a chunk of run tasks in, one transferred buffer
// out (the chunk's packed runs one after another). A chunk in which a run failed comes back as a list instead, so
// each failure keeps its message. The scenario and its policies are set up once per thread from workerData.
import { move, workerData } from 'piscina';
import type { LoadedScenario } from '../scenario/load.js';
import { policiesFor } from '../custom-policies.js';
import type { PolicyRegistry } from '../policies.js';
import type { RunTask } from './spec.js';
import { executeTask, type TaskResult } from './execute.js';
import { runLayout } from './layout.js';

export interface WorkerTask extends RunTask {
  readonly attempt: number;
}

/** A chunk's results: one buffer of packed runs when all succeeded, else one result per task. */
export type ChunkResult = ArrayBuffer | TaskResult[];

const loaded = workerData as LoadedScenario;
const packedBytes = runLayout(loaded.scenario.ticks).packedBytes;
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
  const all = new Uint8Array(packedBytes * results.length);
  results.forEach((r, k) => all.set(new Uint8Array(r as ArrayBuffer), k * packedBytes));
  return move(all.buffer) as ArrayBuffer;
}
