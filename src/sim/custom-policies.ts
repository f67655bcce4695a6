// The policies a scenario needs. Built-in rule sets only, for now; custom policy modules plug in here.
import { BUILT_IN_POLICIES, type PolicyRegistry } from './policies.js';
import type { LoadedScenario } from './scenario/load.js';

export async function policiesFor(_loaded: LoadedScenario): Promise<PolicyRegistry> {
  return BUILT_IN_POLICIES;
}
