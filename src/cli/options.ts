// Options shared by several sub-commands, and their checks (each with a message naming the flag).
import type { Argv } from 'yargs';
import { UsageError } from './errors.js';
import { ScenarioError } from '../sim/scenario/problems.js';
import { loadScenario, type LoadedScenario, type LoadOptions } from '../sim/scenario/load.js';
import { DataError } from '../data/dataset.js';
import { policiesFor } from '../sim/custom-policies.js';
import type { PolicyRegistry } from '../sim/policies.js';

export const DEFAULT_SCENARIO = 'hayes-2024';

export function withScenario<T>(y: Argv<T>) {
  return y
    .option('scenario', { type: 'string', default: DEFAULT_SCENARIO, describe: 'built-in scenario name or path to a scenario .json file' })
    .option('set', { type: 'string', array: true, default: [] as string[], describe: 'override a scenario value: path=value (repeatable), e.g. banks.mufg.policy.carryFloor=-0.8' })
    .option('start', { type: 'string', describe: "open from the data as of this date (YYYY-MM-DD, a trading day): yields, policy rate, Fed balance sheet, RRP, TGA, currency, USD/JPY, BTC and Japan's holdings as they were (docs/data.md)" })
    .option('realised-policy', { type: 'boolean', describe: 'with a start from data: the policy rate follows its realised path (DFEDTARU) instead of the scenario\'s fed-rate events' })
    .option('data', { type: 'string', describe: 'folder of date,value series to start from (default: $FIMASIM_DATA, else the bundled data/)' });
}

/** The start-from-data options of `withScenario`, as the loader takes them. */
export function loadOptionsFromArgs(args: { start?: unknown; 'realised-policy'?: unknown; data?: unknown }): LoadOptions {
  return {
    ...(args.start !== undefined ? { start: String(args.start) } : {}),
    ...(args['realised-policy'] !== undefined ? { realisedPolicy: Boolean(args['realised-policy']) } : {}),
    ...(args.data !== undefined ? { dataDir: String(args.data) } : {}),
  };
}

export function withSeed<T>(y: Argv<T>) {
  return y.option('seed', { type: 'string', default: '1', describe: 'master seed (a non-negative integer, read as a string so large seeds keep every digit)' });
}

export function checkSeed(seed: unknown): string {
  const s = String(seed);
  if (!/^\d{1,20}$/.test(s)) throw new UsageError(`--seed: expected a non-negative integer (up to 20 digits), found '${s}'`);
  return s;
}

export function checkNonNegativeInt(flag: string, v: unknown): number {
  const n = Number(v);
  if (!Number.isSafeInteger(n) || n < 0) throw new UsageError(`${flag}: expected a non-negative integer, found '${String(v)}'`);
  return n;
}

export function checkPositiveInt(flag: string, v: unknown): number {
  const n = Number(v);
  if (!Number.isSafeInteger(n) || n < 1) throw new UsageError(`${flag}: expected a positive integer, found '${String(v)}'`);
  return n;
}

/** Loads the scenario of `--scenario` and `--set`, turning validation problems into one usage error. */
export function scenarioFromArgs(args: { scenario?: string; set?: (string | number)[]; start?: unknown; 'realised-policy'?: unknown; data?: unknown }): LoadedScenario {
  try {
    return loadScenario(args.scenario ?? DEFAULT_SCENARIO, (args.set ?? []).map(String), loadOptionsFromArgs(args));
  } catch (e) {
    if (e instanceof ScenarioError || e instanceof DataError) throw new UsageError(e.message);
    throw e;
  }
}

/** The policies of a loaded scenario: a custom module that is missing, has the wrong shape or rejects its
 *  parameters is the user's to fix (exit 2), reported like any scenario problem. */
export async function policiesFromArgs(loaded: LoadedScenario): Promise<PolicyRegistry> {
  try {
    return await policiesFor(loaded);
  } catch (e) {
    if (e instanceof ScenarioError) throw new UsageError(e.message);
    throw e;
  }
}
