// The policy registry: built-in rule sets by name, per agent type. Custom modules (issue: experiments) register
// here too, so the engine looks a policy up the same way whatever its origin.
import type { Policy } from '../contracts.js';
import { bankPolicies } from '../agents/japanese-bank.js';
import { treasuryPolicies } from '../agents/us-treasury.js';
import { fimaPolicies } from '../agents/fed-fima.js';

export interface InitContext {
  readonly tickOf: (date: string) => number;
}

/** A policy of any agent type, as the engine calls it. */
export interface AnyPolicy {
  readonly name: string;
  init(params: any, self: any, ctx: InitContext): unknown; // eslint-disable-line @typescript-eslint/no-explicit-any
  decide: Policy<any, any, any>['decide']; // eslint-disable-line @typescript-eslint/no-explicit-any
}

export interface PolicyRegistry {
  bank(name: string, bankId: string): AnyPolicy;
  treasury(name: string): AnyPolicy;
  fima(name: string): AnyPolicy;
}

function lookup(table: Record<string, AnyPolicy>, kind: string, name: string): AnyPolicy {
  const p = table[name];
  if (!p) throw new Error(`no ${kind} policy named '${name}' (known: ${Object.keys(table).join(', ')})`);
  return p;
}

export function registry(extra: { bank?: Record<string, AnyPolicy>; treasury?: Record<string, AnyPolicy>; fima?: Record<string, AnyPolicy> } = {}): PolicyRegistry {
  const bank = { ...bankPolicies, ...extra.bank } as Record<string, AnyPolicy>;
  const treasury = { ...treasuryPolicies, ...extra.treasury } as Record<string, AnyPolicy>;
  const fima = { ...fimaPolicies, ...extra.fima } as Record<string, AnyPolicy>;
  return {
    bank: (name) => lookup(bank, 'bank', name),
    treasury: (name) => lookup(treasury, 'treasury', name),
    fima: (name) => lookup(fima, 'FIMA', name),
  };
}

export const BUILT_IN_POLICIES: PolicyRegistry = registry();
