// The piscina worker entry (compiled to dist/sim/batch/worker.js): a run task in, one transferred buffer out.
// The scenario and its policies are set up once per thread from workerData.
import { move, workerData } from 'piscina';
import type { LoadedScenario } from '../scenario/load.js';
import { policiesFor } from '../custom-policies.js';
import type { PolicyRegistry } from '../policies.js';
import type { RunTask } from './spec.js';
import { executeTask, type TaskResult } from './execute.js';

export interface WorkerTask extends RunTask {
  readonly attempt: number;
}

const loaded = workerData as LoadedScenario;
let policies: Promise<PolicyRegistry> | undefined;

export default async function runTask(task: WorkerTask): Promise<TaskResult> {
  // FIMASIM_CRASH_RUNS: end this thread on the first attempt, as a native crash or an out-of-memory kill would
  if (task.crash && task.attempt === 0) process.exit(70);
  policies ??= policiesFor(loaded);
  const result = executeTask(loaded.scenario, task, await policies);
  return typeof result === 'string' ? result : (move(result) as ArrayBuffer);
}
