// The result files of a calibration, all computed from the evaluations in index order and written without
// timestamps: calibration.csv (every evaluation), moments.csv (the fit at θ̂), best.json, calibrated.json.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { round } from '../backtest/score.js';
import { writeFileAtomic } from '../files/atomic.js';
import { csvLine, jsonText } from '../format.js';
import type { SampleSpec } from '../sample/spec.js';
import { builtInNames } from '../scenario/load.js';
import { Z_95 } from '../stats/wilson.js';
import type { CalibrationResult, Evaluation } from './run-calibrate.js';

const cell = (x: number): string | number => (Number.isFinite(x) ? x : '');

export function calibrationCsv(r: CalibrationResult): string {
  const header = ['eval', 'stage', ...r.parameters.map((p) => p.path), 'loss', 'runsOk', 'runsFailed', ...r.moments.map((m) => m.name)];
  const rows = r.evaluations.map((e) => csvLine([e.index, e.stage, ...e.values, cell(r.loss(e)), e.runsOk, e.runsFailed, ...Array.from(e.simMean, cell)]));
  return `${[csvLine(header), ...rows].join('\n')}\n`;
}

export interface MomentFit {
  readonly moment: string;
  readonly unit: string;
  readonly empirical: number;
  readonly sd: number; // bootstrap sd of the empirical moment
  readonly lo: number; // empirical ± 1.96 sd
  readonly hi: number;
  readonly simMean: number;
  readonly simSd: number; // across runs at θ̂
  readonly t: number; // (simMean − empirical) / √(sd² + simSd²/R)
  readonly inside: boolean; // simMean within [lo, hi]
}

export function momentFits(r: CalibrationResult, e: Evaluation): MomentFit[] {
  return r.moments.map((m, j) => {
    const emp = r.empirical[j], sd = r.boot.sd[j];
    const lo = emp - Z_95 * sd, hi = emp + Z_95 * sd;
    const sim = e.simMean[j], simSd = e.simSd[j];
    const t = (sim - emp) / Math.sqrt(sd * sd + (simSd * simSd) / Math.max(1, e.runsOk));
    return { moment: m.name, unit: m.unit, empirical: emp, sd, lo, hi, simMean: sim, simSd, t, inside: sim >= lo && sim <= hi };
  });
}

export function momentsCsv(fits: readonly MomentFit[]): string {
  const cols = ['moment', 'unit', 'empirical', 'sd', 'lo', 'hi', 'simMean', 'simSd', 't', 'inside'] as const;
  const rows = fits.map((f) => csvLine(cols.map((c) => (c === 'inside' ? (f.inside ? 1 : 0) : typeof f[c] === 'number' ? cell(f[c] as number) : f[c] as string))));
  return `${[csvLine([...cols]), ...rows].join('\n')}\n`;
}

/** The share of runs at θ̂ whose moments all fall inside the data's intervals. */
export function coverageRatio(r: CalibrationResult, e: Evaluation, fits: readonly MomentFit[]): number {
  if (e.perRun.length === 0) return Number.NaN;
  return e.perRun.filter((row) => fits.every((f, j) => row[j] >= f.lo && row[j] <= f.hi)).length / e.perRun.length;
}

export function bestJson(r: CalibrationResult, fits: readonly MomentFit[], j: { j: number; df: number; p: number | null }): object {
  const e = r.best;
  return {
    study: r.meta.study.name, window: r.meta.window, seed: r.meta.seed, runs: r.meta.runs, budget: r.meta.budget, weighting: r.meta.weighting,
    evaluations: r.evaluations.filter((x) => x.stage === 'lhs' || x.stage === 'nelder-mead').length,
    bestEvaluation: e.index, bestStage: e.stage,
    theta: Object.fromEntries(r.parameters.map((p, k) => [p.path, e.values[k]])),
    ranges: Object.fromEntries(r.parameters.map((p) => [p.path, { lo: p.lo, hi: p.hi, scale: p.log ? 'log' : 'linear' }])),
    loss: round(r.loss(e)),
    jStatistic: round(j.j), df: j.df, pValue: j.p === null ? null : round(j.p),
    momentCoverage: round(coverageRatio(r, e, fits)),
    momentsInside: fits.filter((f) => f.inside).length, moments: fits.length,
    runsOk: e.runsOk, runsFailed: e.runsFailed,
    converged: r.converged,
    warning: r.better === null ? null
      : `evaluation ${r.better.index} (${r.better.stage}) has a lower loss on the data (${round(r.loss(r.better))}) than θ̂ (${round(r.loss(e))}): ` +
        'the main search had not converged; θ̂ is the main search\'s best; raise the budget',
    betterPoint: r.better === null ? null : {
      evaluation: r.better.index, stage: r.better.stage, loss: round(r.loss(r.better)),
      theta: Object.fromEntries(r.parameters.map((p, k) => [p.path, r.better!.values[k]])),
    },
    identification: r.identification === null ? null : r.identification.map((i) => ({
      path: i.path, estimates: i.estimates, sd: round(i.sd), replicaSd: round(i.replicaSd), sandwichSd: round(i.sandwichSd),
      min: i.min, max: i.max, spreadShare: round(i.spreadShare), identified: i.identified,
    })),
  };
}

/** A scenario that extends the base with the estimates (a built-in base by name; a file's content otherwise). */
export function calibratedScenario(r: CalibrationResult, spec: SampleSpec): object {
  const study = r.meta.study;
  // a file base is copied (its own `extends` kept), since `extends` names built-in scenarios only
  const doc: Record<string, unknown> = builtInNames().includes(study.scenario) ? { extends: study.scenario }
    : JSON.parse(readFileSync(study.scenario, 'utf8')) as Record<string, unknown>;
  doc.name = `${r.base.scenario.name}-calibrated`;
  doc.description = `${study.scenario} with ${r.parameters.map((p) => p.path).join(', ')} estimated by fimasim calibrate ` +
    `(study ${study.name}, window ${r.meta.window}, ${r.meta.runs} runs per evaluation, budget ${r.meta.budget}, seed ${r.meta.seed}; loss ${round(r.loss(r.best))})`;
  const sets = [...study.set.filter((s) => !s.startsWith('ticks=')), ...spec.parameters.flatMap((p, j) => p.targets.map((t) => `${t}=${r.best.values[j]}`))];
  for (const s of sets) {
    const eq = s.indexOf('=');
    const path = s.slice(0, eq).split('.');
    const text = s.slice(eq + 1);
    const value: unknown = Number.isFinite(Number(text)) && text.trim() !== '' ? Number(text) : text === 'true' ? true : text === 'false' ? false : text;
    let node = doc;
    for (const k of path.slice(0, -1)) node = (node[k] ??= {}) as Record<string, unknown>;
    node[path[path.length - 1]] = value;
  }
  return doc;
}

export function writeCalibrationFiles(r: CalibrationResult, spec: SampleSpec, jOf: (e: Evaluation) => { j: number; df: number; p: number | null }): void {
  const fits = momentFits(r, r.best);
  writeFileAtomic(join(r.dir, 'calibration.csv'), calibrationCsv(r));
  writeFileAtomic(join(r.dir, 'moments.csv'), momentsCsv(fits));
  writeFileAtomic(join(r.dir, 'best.json'), jsonText(bestJson(r, fits, jOf(r.best))));
  writeFileAtomic(join(r.dir, 'calibrated.json'), jsonText(calibratedScenario(r, spec)));
}
