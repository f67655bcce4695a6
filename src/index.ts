// fimasim's public entry (`import … from 'fimasim'`): the API (docs/api.md: loadScenario, simulate, runBatch, sweep,
// sample, compare, replay, backtest, calibrate, readBatch), and what a custom policy author needs: types describing
// the module contract and what a policy sees, pure helpers a policy may want, and zod for its parameters. The API
// loads the engine on first use, so a policy module importing its types stays light.
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

export {
  loadScenario, simulate, runBatch, sweep, sample, compare, replay, backtest, calibrate, readBatch, inspectBatchFolder, isInterrupted,
  UserError, DEFAULT_RUNS,
} from './api/index.js';
export type {
  ScenarioOptions, ScenarioInput, SimulateOptions, RunOutput, BatchOptions, BatchResult, SweepOptions, SweepResult, SampleOptions,
  SampleResult, CompareOptions, ReplayOptions, BacktestOptions, CalibrateOptions, Progress, ProgressCallback, UserErrorKind,
  LoadedScenario, Scenario, BatchFolder, BatchFolderWith, BatchPart, BatchSummary, Manifest, RunsTable, FailureRecord, FolderProblem,
  CsvTable, Comparison, MetricComparison, Replay, SensitivityRow, SampleSpec, BacktestSummary,
} from './api/index.js';
