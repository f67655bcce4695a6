// Recovery (issue 16's "done when"): "data" simulated by the model itself at a known θ*, which a calibration then tries
// to find. The study's base scenario with θ* set is run over the window cut into the study's segments, as the
// evaluations are (each segment started from the data on its first day), on seeds no evaluation uses (evaluations use
// 1000·S + k), so the "data" share no shocks with the simulations. Its change series are dated by the window's
// trading days, so the block bootstrap treats them like the data (inputs.ts). `fimasim calibrate --recover path=v …` and
// test/calibrate/recovery.test.ts both use it.
import { runLayout } from '../batch/layout.js';
import { simulateRun } from '../batch/run-record.js';
import { loadBacktestData } from '../backtest/run-backtest.js';
import { ExperimentError } from '../experiments/errors.js';
import { policiesFor } from '../run/custom-policies.js';
import { loadScenario } from '../scenario/load.js';
import { simInputs, tradingDaysIn, WEEK_TICKS, type DataInputs } from './inputs.js';
import { INPUTS, type InputName } from './moments.js';
import { parseWindow, type Study } from './study.js';
import { segmentsOf, type Identification } from './run-calibrate.js';

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

/** The "data" of a recovery: one run at θ* per segment of the study's window, segment k on seed RECOVERY_SEED + k. */
export async function recoveryData(study: Study, truth: RecoveryTruth): Promise<DataInputs> {
  parseTruth(truth.sets);
  const [from, to] = parseWindow(truth.window ?? study.window, truth.window ? '--window' : `study ${study.name}: window`);
  const days = tradingDaysIn(from, to);
  const cuts = segmentsOf(days, Math.min(study.segmentDays, days.length - 1));
  const data = loadBacktestData(truth.dataDir);
  const series: Float32Array[] = [], points: number[] = [];
  for (const [k, c] of cuts.entries()) {
    const loaded = loadScenario(study.scenario, [...study.set, `ticks=${c.ticks}`, ...truth.sets], { start: c.start, realisedPolicy: study.realisedPolicy, data });
    const seed = String(BigInt(truth.seed ?? RECOVERY_SEED) + BigInt(k));
    try {
      series.push(simulateRun(loaded.scenario, seed, 0, { recordEvents: false, policies: await policiesFor(loaded) }).series);
    } catch (e) {
      throw new ExperimentError(`--recover: the run at θ* (${truth.sets.join(' ')}) from ${c.start} (${c.ticks} ticks, seed ${seed}) failed: ${e instanceof Error ? e.message : String(e)}`);
    }
    points.push(runLayout(c.ticks).points);
  }
  return segmentedRunAsData(series, points, days);
}

/** Runs of consecutive segments as the data of the window they cover: each change dated by the trading day it ends on. */
export function segmentedRunAsData(series: readonly Float32Array[], points: readonly number[], days: readonly string[]): DataInputs {
  const inputs = simInputs(series, points);
  const daily: number[] = [], weekly: number[] = [];
  let offset = 0;
  for (const p of points) {
    for (let t = 1; t < p; t++) daily.push(offset + t);
    for (let t = WEEK_TICKS; t < p; t += WEEK_TICKS) weekly.push(offset + t);
    offset += p - 1;
  }
  const at = Object.fromEntries(INPUTS.map((k) => [k, Int32Array.from(k.startsWith('d.') ? daily : weekly)])) as unknown as Record<InputName, Int32Array>;
  // the data are one history: no segment lengths, so within-year statistics cut it as they cut the data
  return { inputs: { ...inputs, dailySegments: undefined }, at, days };
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

/** θ̂ against θ* for each calibrated parameter θ* names, in the identification check's sd (the larger of the replicas' and the sandwich's). */
export function recoveryTable(truth: readonly [string, number][], theta: Readonly<Record<string, number>>, identification: readonly Identification[] | null): RecoveryRow[] {
  return truth.filter(([path]) => path in theta).map(([path, t]) => {
    const id = identification?.find((i) => i.path === path);
    const sd = id?.sd ?? Number.NaN, estimate = theta[path];
    const distance = Math.abs(estimate - t) / sd;
    return { path, truth: t, estimate, sd, distance, identified: id?.identified ?? false, within: distance <= 2 };
  });
}
