// The worker entry of a sweep's shared pool (compiled to dist/sim/experiments/sweep-worker.js): like the batch
// worker, but the thread holds every point's resolved scenario and each task names its point, so one pool serves
// the whole sweep. Each point's policies (custom modules included) are set up once per thread.
import { workerData } from 'piscina';
import type { LoadedScenario } from '../scenario/load.js';
import { policiesFor } from '../run/custom-policies.js';
import type { PolicyRegistry } from '../../contracts.js';
import type { RunTask } from '../batch/spec.js';
import { executeTask } from '../batch/execute.js';
import { runLayout, shareRuns } from '../batch/layout.js';

export interface SweepTask extends RunTask {
  readonly point: number;
  readonly attempt: number;
}

const points = (workerData as { points: LoadedScenario[] }).points;
const policies = new Map<number, Promise<PolicyRegistry>>();

/** The run's packed buffer, shared rather than transferred (layout.ts `shareRuns`), or its error. */
export type SweepResult = SharedArrayBuffer | string;

export default async function runTask(task: SweepTask): Promise<SweepResult> {
  if (task.crash && task.attempt === 0) process.exit(70); // FIMASIM_CRASH_RUNS, as in the batch worker
  const loaded = points[task.point];
  let registry = policies.get(task.point);
  if (!registry) policies.set(task.point, (registry = policiesFor(loaded)));
  const result = executeTask(loaded.scenario, task, await registry);
  return typeof result === 'string' ? result : shareRuns(runLayout(loaded.scenario.ticks), [result]);
}
