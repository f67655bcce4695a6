// The benchmark's fixed workload (bench/README.md): the default scenario, one master seed, run indices from 0, and
// the same scenario with every crypto cohort scaled up to show how the cost of a run grows with the investors.
import type { Scenario } from '../scenario/schema.js';
import { COHORTS } from '../../agents/crypto-investors.js';

export const BENCH_SCENARIO = 'hayes-2024';
export const BENCH_SEED = '1';
export const SCALE_FACTOR = 10;

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
