// fimasim's public entry (`import … from 'fimasim'`): what a custom policy author needs. Types describe the module
// contract and what a policy sees; the few values are pure helpers a policy may want (and zod, for its parameters).
export type {
  BankPolicyModule,
  FimaPolicyModule,
  ParamsValidator,
  PolicyKind,
  PolicyModule,
  StandardIssue,
  StandardResult,
  StandardSchemaV1,
  TreasuryPolicyModule,
} from './policy-module.js';
export type { AbsorptionSchedule, Action, Entry, MarketView, PurchaseSchedule, SimEvent, Uniform } from './contracts.js';
export type { BankSelf } from './agents/japanese-bank.js';
export type { TreasurySelf } from './agents/us-treasury.js';
export type { FimaSelf } from './agents/fed-fima.js';
export type { PolicyContext, PolicyContext as InitContext } from './contracts.js';
export { hedgedCarry, lossPerBn } from './agents/japanese-bank.js';
export { pctToDecimal, bpToDecimal, quarterFractionToPerReview } from './sim/units.js';
export { z } from 'zod';
