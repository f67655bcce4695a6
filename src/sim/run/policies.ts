// The policy registry: built-in rule sets by name, per agent type. Custom modules (issue: experiments) register
// here too, so the engine looks a policy up the same way whatever its origin. The contract it implements
// (AgentKind, PolicySelection, BoundPolicy, PolicyRegistry) is in src/contracts.ts.
import type { AgentKind, BoundPolicy, Policy, PolicyFactory, PolicyRegistry, PolicySelection, AgentSelves } from '../../contracts.js';
import { bindPolicy } from '../../contracts.js';
import { bankPolicies } from '../../agents/japanese-bank.js';
import { treasuryPolicies } from '../../agents/us-treasury.js';
import { fimaPolicies } from '../../agents/fed-fima.js';

/** Factories by name, per agent kind. */
export type PolicyTables = { readonly [K in AgentKind]?: Readonly<Record<string, PolicyFactory<K>>> };
/** A custom module's factory, under the kind it drives. */
export type ModuleFactories = { readonly [K in AgentKind]?: PolicyFactory<K> };

/**
 * A registry of the built-in rule sets plus `extra` ones by name, and custom modules by their resolved path.
 * Tests use `extra` to plug in deliberately faulty policies through the same path the engine always takes.
 */
export function registry(extra: PolicyTables = {}, modules: ReadonlyMap<string, ModuleFactories> = new Map()): PolicyRegistry {
  const tables: { readonly [K in AgentKind]: Readonly<Record<string, PolicyFactory<K>>> } = {
    bank: { ...bankPolicies, ...extra.bank },
    treasury: { ...treasuryPolicies, ...extra.treasury },
    fima: { ...fimaPolicies, ...extra.fima },
  };
  return {
    resolve<K extends AgentKind>(kind: K, selection: PolicySelection, agent: string): BoundPolicy<K> {
      if (selection.name === 'custom') {
        const make: PolicyFactory<K> | undefined = modules.get(selection.module ?? '')?.[kind];
        if (!make) throw new Error(`custom policy module '${selection.module}' for agent '${agent}' was not loaded`);
        return make(selection);
      }
      const table: Readonly<Record<string, PolicyFactory<K>>> = tables[kind];
      const make = table[selection.name];
      if (!make) throw new Error(`no ${kind} policy named '${selection.name}' for agent '${agent}' (known: ${Object.keys(table).join(', ')})`);
      return make(selection);
    },
  };
}

/** A factory for a policy whose parameters are the selection as written (tests and one-off rule sets). */
export function selectionPolicy<K extends AgentKind, State>(
  policy: Policy<PolicySelection, State, AgentSelves[K]['tick'], AgentSelves[K]['init']>,
): PolicyFactory<K> {
  return (selection) => bindPolicy(policy, selection);
}

export const BUILT_IN_POLICIES: PolicyRegistry = registry();
