// One task executed where it stands (the main thread for the serial executor, a worker thread for the pool):
// the packed run, or the run's error as text. A run that throws is data for failures.jsonl, never a crash.
import type { Scenario } from '../scenario/schema.js';
import type { PolicyRegistry } from '../../contracts.js';
import type { RunTask } from './spec.js';
import { simulateRun } from './run-record.js';
import { packRun, runLayout } from './layout.js';
import { agentNames, extraColumnCount, packAllSeries } from './all-series.js';

/** An ArrayBuffer (packRun) when the run succeeded, its error message otherwise. */
export type TaskResult = ArrayBuffer | string;

export function executeTask(scenario: Scenario, task: RunTask, policies: PolicyRegistry): TaskResult {
  try {
    if (task.fail) throw new Error(`injected failure (FIMASIM_FAIL_RUNS includes run ${task.runIndex})`);
    const r = simulateRun(scenario, task.seed, task.runIndex, { recordEvents: false, policies, sample: task.sample ?? null, agentSeries: Boolean(task.allSeries) });
    if (!task.allSeries) return packRun(runLayout(scenario.ticks), r.metrics, r.series);
    const names = agentNames(scenario);
    const layout = runLayout(scenario.ticks, extraColumnCount(names));
    return packRun(layout, r.metrics, r.series, packAllSeries(r.result, names, layout.points));
  } catch (e) {
    return errorText(e);
  }
}

export const errorText = (e: unknown): string => (e instanceof Error ? `${e.name}: ${e.message}` : String(e));
