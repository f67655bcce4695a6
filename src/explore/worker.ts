// The explore pool's worker entry (compiled to dist/explore/worker.js). Unlike the batch worker, whose scenario is
// fixed by workerData, each chunk names its scenario, so one warm pool serves every tweak the page asks for; the
// policies of a scenario are set up once per thread (keyed by its hash). The runs themselves go through the batch's
// executeTask, so a run here is, byte for byte, the same run index of `fimasim batch`.
import type { LoadedScenario } from '../sim/scenario/load.js';
import { policiesFor } from '../sim/run/custom-policies.js';
import type { PolicyRegistry } from '../contracts.js';
import { executeTask, type TaskResult } from '../sim/batch/execute.js';
import { runLayout, shareRuns } from '../sim/batch/layout.js';
import type { RunTask } from '../sim/batch/spec.js';

export interface ExploreChunk {
  readonly loaded: LoadedScenario;
  readonly tasks: readonly RunTask[];
}

/** One buffer of packed runs when all succeeded, else one result per task (as the batch worker answers). */
export type ExploreChunkResult = SharedArrayBuffer | TaskResult[];

const registries = new Map<string, Promise<PolicyRegistry>>();

export default async function runExploreChunk(chunk: ExploreChunk): Promise<ExploreChunkResult> {
  const { loaded, tasks } = chunk;
  let registry = registries.get(loaded.hash);
  if (!registry) {
    if (registries.size > 16) registries.clear(); // a long session tries many tweaks; policies are cheap to redo
    registry = policiesFor(loaded);
    registries.set(loaded.hash, registry);
  }
  const policies = await registry;
  const results = tasks.map((task) => executeTask(loaded.scenario, task, policies));
  if (results.some((r) => typeof r === 'string')) return results;
  return shareRuns(runLayout(loaded.scenario.ticks), results as ArrayBuffer[]);
}
