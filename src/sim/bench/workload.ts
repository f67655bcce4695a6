// The benchmark's fixed workload (bench/README.md): the default scenario, one master seed, run indices from 0, and
// the same scenario with every crypto cohort scaled up to show how the cost of a run grows with the investors.
import type { Scenario } from '../scenario/schema.js';
import { COHORTS } from '../../agents/crypto-investors.js';

export const BENCH_SCENARIO = 'hayes-2024';
export const BENCH_SEED = '1';
export const SCALE_FACTOR = 10;

/** How much of each measurement: the standard workload, and a quick one for tests and smoke checks. */
export interface Workload {
  readonly warmupRuns: number; // single thread, untimed, before the repetitions
  readonly reps: number; // single thread: repetitions, 1× and 10× alternating; the median is reported
  readonly runsPerRep: number; // runs 0..n−1 of the default population per repetition
  readonly scaledRunsPerRep: number; // runs 0..n−1 of the 10× population per repetition
  readonly batchRuns: number; // runs 0..n−1 per executor measurement
  readonly batchReps: number; // executor measurements, 1 and 2 workers alternating
  readonly batchWarmupRuns: number; // per worker, untimed, after each pool starts
  readonly endToEndRuns: number; // a whole `fimasim batch` on 2 workers (0: skipped)
  readonly generatorDraws: number; // uniforms per generator measurement
  /** The default backtest of issue 13 on 2 workers, end to end (null: skipped). */
  readonly backtest: { readonly from: string; readonly to: string; readonly every: number; readonly horizons: readonly number[]; readonly runs: number } | null;
  /** The built-in calibration study at its default budget on 2 workers, end to end (null: skipped). */
  readonly calibrate: { readonly study: string } | null;
  /** The cost of `--series all --format parquet`: a batch of `runs` on 2 workers with it and with `--series none`,
   *  alternating `reps` times (null: skipped). */
  readonly columnar: { readonly runs: number; readonly reps: number } | null;
}

export const STANDARD: Workload = {
  warmupRuns: 30, reps: 9, runsPerRep: 40, scaledRunsPerRep: 4,
  batchRuns: 400, batchReps: 5, batchWarmupRuns: 20, endToEndRuns: 1000, generatorDraws: 4_000_000,
  backtest: { from: '2019-01-02', to: '2025-06-17', every: 21, horizons: [21, 63, 252], runs: 200 },
  calibrate: { study: 'rates-plumbing' },
  columnar: { runs: 1000, reps: 3 },
};

export const QUICK: Workload = {
  warmupRuns: 3, reps: 3, runsPerRep: 4, scaledRunsPerRep: 1,
  batchRuns: 8, batchReps: 1, batchWarmupRuns: 1, endToEndRuns: 0, generatorDraws: 100_000, backtest: null, calibrate: null,
  columnar: { runs: 8, reps: 1 },
};

/** Crypto investors of a scenario: every cohort's count, and the newcomers' pre-allocated slots. */
export function investorCount(s: Scenario): number {
  const k = s.crypto.cohorts;
  return k.funds.count + k.momentum.count + k.holders.count + k.newcomers.slots;
}

/** `--set`s that multiply every cohort of a scenario's crypto population (newcomers: their slots) by `factor`. */
export function scaledInvestorSets(s: Scenario, factor: number): string[] {
  const k = s.crypto.cohorts;
  return COHORTS.map((c) => (c === 'newcomers'
    ? `crypto.cohorts.newcomers.slots=${k.newcomers.slots * factor}`
    : `crypto.cohorts.${c}.count=${k[c].count * factor}`));
}
