// Checks the tick loop makes on what agents return and on the FIMA limits; each failure names the tick, the agent
// and the quantity (design §3, §6).
import { ModelError, type Action, type MarketView, type PolicyInstance, type Uniform } from '../../contracts.js';
import type { Ledger } from './ledger.js';

/** FIMA limits (design §6): repo outstanding ≤ the cap and ≤ (1 − haircut) × custody holdings. */
export function checkRepoLimits(ledger: Ledger, cap: number, haircut: number, tick: number, date: string): void {
  const repo = ledger.get('fed.fimaRepo'), custody = ledger.get('ust.custody');
  if (repo > cap * (1 + 1e-12) + 1e-9) throw new ModelError(tick, date, 'fima', 'repo outstanding', `${repo} USD bn above the cap of ${cap}`);
  if (repo > (1 - haircut) * custody * (1 + 1e-12) + 1e-9) {
    throw new ModelError(tick, date, 'fima', 'repo outstanding', `${repo} USD bn above (1 − haircut) × custody = ${(1 - haircut) * custody}`);
  }
}

/**
 * Calls a policy and checks what it returns: a policy that throws, returns something that is not a list of actions,
 * or puts a non-finite number in one, stops the run with an error naming the tick, the agent and the quantity.
 * (No closure per call and no Object.entries per action: this runs for every agent on every tick.)
 */
export function decideChecked<Self>(
  policy: PolicyInstance<Self>, view: MarketView, self: Self, rng: Uniform, date: string, agent: string,
): readonly Action[] {
  let actions: readonly Action[];
  try {
    actions = policy.decide(view, self, rng);
  } catch (e) {
    throw new ModelError(view.tick, date, agent, `policy '${policy.name}'`, `the policy threw: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (!Array.isArray(actions)) {
    throw new ModelError(view.tick, date, agent, `policy '${policy.name}'`, `decide() must return an array of actions, got ${typeof actions}`);
  }
  for (const a of actions) {
    for (const k of Object.keys(a)) {
      const v = (a as Record<string, unknown>)[k];
      if (typeof v === 'number' && !Number.isFinite(v)) throw new ModelError(view.tick, date, agent, `${a.kind}.${k}`, `non-finite value ${v}`);
      if (v && typeof v === 'object' && !Array.isArray(v)) {
        for (const k2 of Object.keys(v)) {
          const v2 = (v as Record<string, unknown>)[k2];
          if (typeof v2 === 'number' && Number.isNaN(v2)) throw new ModelError(view.tick, date, agent, `${a.kind}.${k}.${k2}`, `non-finite value ${v2}`);
        }
      }
    }
  }
  return actions;
}
