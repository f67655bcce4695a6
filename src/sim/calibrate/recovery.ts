// Recovery (issue 16's "done when"): "data" simulated by the model itself at a known θ*, which a calibration then tries
// to find. One run of the study's base scenario with θ* set, started from the data at the window's first trading day
// and lasting the whole window, on a seed no evaluation uses (evaluations use 1000·S + k), so the "data" share no
// shocks with the simulations. Its change series are dated by tick, so the block bootstrap treats them like the data
// of a window whose trading days are the run's (inputs.ts, runAsData). `fimasim calibrate --recover path=v …` and
// test/calibrate/recovery.test.ts both use it.
import { runLayout } from '../batch/layout.js';
import { simulateRun } from '../batch/run-record.js';
import { loadBacktestData } from '../backtest/run-backtest.js';
import { ExperimentError } from '../experiments/errors.js';
import { policiesFor } from '../run/custom-policies.js';
import { loadScenario } from '../scenario/load.js';
import { runAsData, tradingDaysIn, type DataInputs } from './inputs.js';
import { parseWindow, type Study } from './study.js';
import type { Identification } from './run-calibrate.js';

/** The seed of the run that makes the "data": no evaluation's segment seed (1000·S + k for small S) is this. */
export const RECOVERY_SEED = '987654';

export interface RecoveryTruth {
  /** `path=value` overrides that make θ*, applied after the study's own `set`. */
  readonly sets: readonly string[];
  readonly window?: string;
  readonly seed?: string;
  readonly dataDir?: string;
}

/** `path=value` → [path, value]; a malformed one is refused with the flag named. */
export function parseTruth(sets: readonly string[]): [string, number][] {
  return sets.map((s) => {
    const m = /^([^=\s]+)=(.+)$/.exec(s.trim());
    const v = m ? Number(m[2]) : Number.NaN;
    if (!m || !Number.isFinite(v)) throw new ExperimentError(`--recover: expected path=number, found '${s}'`);
    return [m[1], v];
  });
}

/** The "data" of a recovery: one run at θ* over the study's window. */
export async function recoveryData(study: Study, truth: RecoveryTruth): Promise<DataInputs> {
  parseTruth(truth.sets);
  const [from, to] = parseWindow(truth.window ?? study.window, truth.window ? '--window' : `study ${study.name}: window`);
  const days = tradingDaysIn(from, to);
  const ticks = days.length - 1;
  const data = loadBacktestData(truth.dataDir);
  const loaded = loadScenario(study.scenario, [...study.set, `ticks=${ticks}`, ...truth.sets], { start: days[0], realisedPolicy: study.realisedPolicy, data });
  let run;
  try {
    run = simulateRun(loaded.scenario, truth.seed ?? RECOVERY_SEED, 0, { recordEvents: false, policies: await policiesFor(loaded) });
  } catch (e) {
    throw new ExperimentError(`--recover: the run at θ* (${truth.sets.join(' ')}) over ${from}..${to} failed: ${e instanceof Error ? e.message : String(e)}`);
  }
  return runAsData(run.series, runLayout(ticks).points, days);
}

export interface RecoveryRow {
  readonly path: string;
  readonly truth: number;
  readonly estimate: number;
  readonly sd: number;
  /** |θ̂ − θ*| / sd: within 2 is a recovery. */
  readonly distance: number;
  readonly identified: boolean;
  readonly within: boolean;
}

/** θ̂ against θ* for each calibrated parameter θ* names, with the identification check's bootstrap sd. */
export function recoveryTable(truth: readonly [string, number][], theta: Readonly<Record<string, number>>, identification: readonly Identification[] | null): RecoveryRow[] {
  return truth.filter(([path]) => path in theta).map(([path, t]) => {
    const id = identification?.find((i) => i.path === path);
    const sd = id?.sd ?? Number.NaN, estimate = theta[path];
    const distance = Math.abs(estimate - t) / sd;
    return { path, truth: t, estimate, sd, distance, identified: id?.identified ?? false, within: distance <= 2 };
  });
}
