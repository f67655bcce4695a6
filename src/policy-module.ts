// The contract of a custom policy module (design §4): what a user's `.mjs`/`.js` file must export so a scenario can
// name it in place of a built-in rule set. Types only; `src/sim/run/custom-policies.ts` checks a module against this.
//
// A module exports, as named exports or as one default-exported object:
//   kind    'bank' | 'treasury' | 'fima'  — the agent type it drives
//   name    a short name for messages and reports
//   params  the parameter validator: a Standard Schema (a zod schema, valibot, arktype, …) or a function that
//           receives fimasim's own zod and returns one, `(z) => z.strictObject({ … })`, so a module needs no install
//   init    (params, self, ctx) → state: called once per run, so every run starts from a fresh state
//   decide  (view, self, params, state, rng) → actions: called every tick; mutate `state`, never module variables
import type { z } from 'zod';
import type { Action, AgentKind, BankSelf, FimaSelf, MarketView, PolicyContext, TreasurySelf, Uniform } from './contracts.js';

/** The Standard Schema interface (standardschema.dev, v1), copied as its authors recommend: zod ≥ 3.24, valibot and
 *  arktype schemas implement it. */
export interface StandardSchemaV1<Input = unknown, Output = Input> {
  readonly '~standard': {
    readonly version: 1;
    readonly vendor: string;
    readonly validate: (value: unknown) => StandardResult<Output> | Promise<StandardResult<Output>>;
    readonly types?: { readonly input: Input; readonly output: Output } | undefined;
  };
}
export type StandardResult<Output> =
  | { readonly value: Output; readonly issues?: undefined }
  | { readonly issues: readonly StandardIssue[] };
export interface StandardIssue {
  readonly message: string;
  readonly path?: readonly (PropertyKey | { readonly key: PropertyKey })[] | undefined;
}

/** The agent types a module can drive: Japanese banks, the US Treasury, the Fed/FIMA facility with the BOJ/MoF. */
export type PolicyKind = AgentKind;

/** A Standard Schema of the parameters, or a function of fimasim's zod that returns one. Must validate synchronously. */
export type ParamsValidator<Params> = StandardSchemaV1<unknown, Params> | ((zod: typeof z) => StandardSchemaV1<unknown, Params>);

interface PolicyModuleOf<Kind extends PolicyKind, InitSelf, Self, Params, State> {
  readonly kind: Kind;
  readonly name: string;
  readonly params: ParamsValidator<Params>;
  /** A fresh state for one run. Keep everything that changes during a run in it: runs share the module. */
  init(params: Params, self: InitSelf, ctx: PolicyContext): State;
  /** This tick's actions. `view` and `self` are read-only; draw randomness only from `rng` (the agent's own stream). */
  decide(view: MarketView, self: Self, params: Params, state: State, rng: Uniform): readonly Action[];
}

/** A Japanese bank's policy: `self` is the bank (model units: yields as decimals, USD bn). */
export type BankPolicyModule<Params = any, State = any> = PolicyModuleOf<'bank', BankSelf, BankSelf, Params, State>; // eslint-disable-line @typescript-eslint/no-explicit-any
/** The US Treasury's policy (`init` gets `self = null`). */
export type TreasuryPolicyModule<Params = any, State = any> = PolicyModuleOf<'treasury', null, TreasurySelf, Params, State>; // eslint-disable-line @typescript-eslint/no-explicit-any
/** The Fed/FIMA facility's policy, with the BOJ/MoF's decision (`init` gets `self = null`). */
export type FimaPolicyModule<Params = any, State = any> = PolicyModuleOf<'fima', null, FimaSelf, Params, State>; // eslint-disable-line @typescript-eslint/no-explicit-any

export type PolicyModule = BankPolicyModule | TreasuryPolicyModule | FimaPolicyModule;
