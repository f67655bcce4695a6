// The policy registry: built-in rule sets by name, per agent type. Custom modules (issue: experiments) register
// here too, so the engine looks a policy up the same way whatever its origin.
import type { Policy } from '../contracts.js';
import { bankPolicies } from '../agents/japanese-bank.js';
import { treasuryPolicies } from '../agents/us-treasury.js';
import { fimaPolicies } from '../agents/fed-fima.js';

export type { PolicyContext as InitContext } from '../contracts.js';
import type { PolicyContext } from '../contracts.js';

/** A policy of any agent type, as the engine calls it. */
export interface AnyPolicy {
  readonly name: string;
  init(params: any, self: any, ctx: PolicyContext): unknown; // eslint-disable-line @typescript-eslint/no-explicit-any
  decide: Policy<any, any, any>['decide']; // eslint-disable-line @typescript-eslint/no-explicit-any
}

/** A policy selection as written in a scenario: `{ name, ...params }`, or `{ name: 'custom', module, params }`. */
export type PolicySelection = { readonly name: string; readonly module?: string; readonly params?: unknown };

/** The policy to call and the parameters to call it with (a custom module's own `params`). */
export interface BoundPolicy {
  readonly policy: AnyPolicy;
  readonly params: unknown;
}

export type AgentKind = 'bank' | 'treasury' | 'fima';

export interface PolicyRegistry {
  /** `agent` names the agent (a bank id, 'treasury' or 'boj') for error messages. */
  resolve(kind: AgentKind, selection: PolicySelection, agent: string): BoundPolicy;
}

/**
 * A registry of the built-in rule sets plus `extra` ones by name, and custom modules by their resolved path.
 * Tests use `extra` to plug in deliberately faulty policies through the same path the engine always takes.
 */
export function registry(
  extra: Partial<Record<AgentKind, Record<string, AnyPolicy>>> = {},
  modules: ReadonlyMap<string, Partial<Record<AgentKind, AnyPolicy>>> = new Map(),
): PolicyRegistry {
  const tables: Record<AgentKind, Record<string, AnyPolicy>> = {
    bank: { ...bankPolicies, ...extra.bank } as Record<string, AnyPolicy>,
    treasury: { ...treasuryPolicies, ...extra.treasury } as Record<string, AnyPolicy>,
    fima: { ...fimaPolicies, ...extra.fima } as Record<string, AnyPolicy>,
  };
  return {
    resolve(kind, selection, agent) {
      if (selection.name === 'custom') {
        const policy = modules.get(selection.module ?? '')?.[kind];
        if (!policy) throw new Error(`custom policy module '${selection.module}' for agent '${agent}' was not loaded`);
        return { policy, params: selection.params ?? {} };
      }
      const policy = tables[kind][selection.name];
      if (!policy) throw new Error(`no ${kind} policy named '${selection.name}' for agent '${agent}' (known: ${Object.keys(tables[kind]).join(', ')})`);
      return { policy, params: selection };
    },
  };
}

export const BUILT_IN_POLICIES: PolicyRegistry = registry();
