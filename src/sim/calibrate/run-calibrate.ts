// `fimasim calibrate` (issue 16): the simulated method of moments. Every candidate θ is evaluated by ordinary batch
// folders (one per segment of the window) on one shared worker pool, with the same seeds at every θ (common random
// numbers); the θ reaches each run as a one-value sample spec, so the batch layer is the sample command's. The search
// is a Latin hypercube, then Nelder–Mead from its best point; both are deterministic functions of the losses, and
// the losses of the folders' bytes, so a resumed or re-run calibration walks the same path and writes the same files.
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Dataset } from '../../data/dataset.js';
import { loadBacktestData } from '../backtest/run-backtest.js';
import { runLayout } from '../batch/layout.js';
import { commandLine } from '../batch/manifest.js';
import { batchFile, readBatchFolder } from '../files/batch-folder.js';
import { BatchInterrupted, resolveWorkers, runBatch, type ProgressSink } from '../batch/run-batch.js';
import { SeriesFile } from '../batch/series-file.js';
import { NO_INJECTIONS } from '../batch/spec.js';
import { policiesFor } from '../run/custom-policies.js';
import { ExperimentError } from '../experiments/errors.js';
import { sharedPool, type SharedPool } from '../experiments/sweep-pool.js';
import { chooseStudyFolder } from '../experiments/study-folder.js';
import { writeFileAtomic } from '../files/atomic.js';
import { formatNumber, jsonText } from '../format.js';
import { checkExtremes, sampledSets } from '../sample/values.js';
import { parseSample, parseSamples, SampleError, type SampleSpec } from '../sample/spec.js';
import { loadScenario, type LoadedScenario } from '../scenario/load.js';
import { bootstrapMoments, type BootstrapResult } from './bootstrap.js';
import { boundedOf, jStatistic, latinHypercube, quadratic, sandwich, unitOfValue, valueOfUnit, weightMatrix, type Bounded } from './estimate.js';
import { REALISED } from '../backtest/realised.js';
import { eventData, type EventData, type EventTicks } from './events.js';
import { dataInputs, INPUT_DATA_IDS, simInputs, tradingDaysIn, type DataInputs } from './inputs.js';
import { findMoment, type Moment } from './moments.js';
import { nelderMead } from './nelder-mead.js';
import { Z_95 } from '../stats/wilson.js';
import { writeCalibrationFiles } from './outputs.js';
import { checkStudy, parseWindow, studyMoments, type Study } from './study.js';

export const META_FILE = 'calibrate.json';
export const EVALS_DIR = 'evals';

export interface CalibrateRequest {
  readonly study: Study;
  readonly studyRef: string;
  readonly window?: string;
  readonly budget?: number;
  readonly runs?: number;
  readonly weighting?: 'diagonal' | 'full';
  readonly identification?: number;
  readonly seed: string;
  readonly workers: number | 'auto';
  readonly out: string;
  readonly resume: boolean;
  readonly dataDir?: string;
  readonly command: string;
  readonly notice?: (line: string) => void;
  readonly progressFor?: (label: string) => ProgressSink | undefined;
  readonly signal?: AbortSignal;
  /** Tests (recovery): the "data" as change series, e.g. a model run at a known θ*, instead of the data in the window. */
  readonly empirical?: DataInputs;
  /** What the given `empirical` is, for calibrate.json (and --resume's identity), e.g. the θ* of a recovery. */
  readonly empiricalLabel?: string;
}

export interface Segment {
  readonly start: string;
  readonly ticks: number;
  readonly seed: string;
  readonly scenarioHash: string;
}

export interface CalibrateMeta {
  readonly study: Study;
  readonly studyRef: string;
  readonly window: string;
  readonly seed: string;
  readonly runs: number;
  readonly budget: number;
  readonly weighting: 'diagonal' | 'full';
  readonly identification: number;
  readonly segments: readonly Segment[];
  /** 'data', or what was given instead: 'given', or `recover: <θ*>` (recovery.ts). */
  readonly empirical: string;
  readonly command: string;
  readonly workers: number | null;
  readonly startedAt: string;
  readonly finishedAt: string | null;
}

/** One evaluated θ: the per-run moment vectors (finished runs only) and their mean and sd. */
export interface Evaluation {
  readonly index: number;
  readonly stage: string;
  readonly values: readonly number[];
  readonly runsOk: number;
  readonly runsFailed: number;
  readonly perRun: readonly Float64Array[];
  readonly simMean: Float64Array;
  readonly simSd: Float64Array;
}

export interface Identification {
  readonly path: string;
  readonly estimates: readonly number[];
  /** The sd used for "identified" and for a recovery: the larger of replicaSd and sandwichSd (NaN when neither is). */
  readonly sd: number;
  /** The sd of the K replica re-estimates. */
  readonly replicaSd: number;
  /** The SMM sandwich sd from the finite-difference Jacobian at θ̂ (NaN when G'WG is singular: not identified). */
  readonly sandwichSd: number;
  readonly min: number;
  readonly max: number;
  /** (max − min) as a share of the range, on the search's scale (log for a loguniform range). */
  readonly spreadShare: number;
  readonly identified: boolean;
}

/** The curvature of the estimator at θ̂: the moments' finite-difference Jacobian G (M × P, per unit of the search
 *  scale: each range mapped onto [0, 1], in logs for a log range, so that parameters of very different sizes do not
 *  make G'WG look singular) and the sandwich covariance (1 + 1/R) (G'WG)⁻¹ G'WΩWG (G'WG)⁻¹ on that scale (P × P;
 *  null when singular). */
export interface Curvature {
  readonly jacobian: Float64Array;
  readonly covariance: Float64Array | null;
}

/** A parameter whose re-estimates spread over this share of its range or more is reported as not identified. */
export const NOT_IDENTIFIED_SHARE = 0.5;

export interface CalibrationResult {
  readonly dir: string;
  readonly meta: CalibrateMeta;
  readonly parameters: readonly Bounded[];
  readonly moments: readonly Moment[];
  readonly empirical: Float64Array;
  readonly boot: BootstrapResult;
  readonly weight: Float64Array;
  readonly evaluations: readonly Evaluation[];
  readonly best: Evaluation;
  readonly loss: (e: Evaluation) => number;
  readonly identification: readonly Identification[] | null;
  readonly curvature: Curvature | null;
  /** Set when an evaluation outside the main search (the Jacobian's or a replica's) has a lower loss on the data than
   *  θ̂: the main search had not converged. θ̂ stays the main search's best (so it does not depend on the check). */
  readonly better: Evaluation | null;
  /** Whether the main Nelder–Mead ended on its tolerances rather than its budget. */
  readonly converged: boolean;
  readonly base: LoadedScenario;
}

/** The window cut into segments of `len` trading days; the last one takes the remainder (len to 2·len − 1 ticks). */
export function segmentsOf(days: readonly string[], len: number): { start: string; ticks: number }[] {
  const total = days.length - 1;
  const n = Math.max(1, Math.floor(total / len));
  return Array.from({ length: n }, (_, k) => ({ start: days[k * len], ticks: k < n - 1 ? len : total - (n - 1) * len }));
}

/** Segment k's master seed: 1000·S + k, so segments draw different shocks and every θ the same ones. */
export const segmentSeed = (seed: string, k: number): string => String(BigInt(seed) * 1000n + BigInt(k));

interface Plan {
  readonly window: [string, string];
  readonly moments: Moment[];
  readonly data: Dataset;
  readonly segments: Segment[];
  readonly loaded: LoadedScenario[];
  readonly spec: SampleSpec;
  readonly bounded: Bounded[];
  readonly empirical: DataInputs;
  /** Where each of the study's events falls in the segments. */
  readonly events: readonly EventTicks[];
}

/** Everything checked before anything is written: the study, the window against the data, the scenario at every
 *  segment start, the parameters at their extremes. */
export function planCalibration(req: CalibrateRequest): Plan {
  const where = `--study ${req.studyRef}`;
  const runs = req.runs ?? req.study.runs;
  // the study's own problems, all named together: unknown moments and events, the window's form, each parameter
  // (unknown path, empty range, unbounded prior), and a window outside the data
  const problems: string[] = [];
  const attempt = <T>(f: () => T): T | undefined => {
    try {
      return f();
    } catch (e) {
      if (!(e instanceof ExperimentError || e instanceof SampleError)) throw e;
      problems.push(e.message.startsWith(`${where}: `) ? e.message.slice(where.length + 2) : e.message.replace(/^--sample /, 'parameter '));
      return undefined;
    }
  };
  attempt(() => checkStudy(req.study, where));
  const window = attempt(() => parseWindow(req.window ?? req.study.window, req.window ? '--window' : 'window'));
  const base = loadScenario(req.study.scenario, req.study.set);
  for (const text of req.study.parameters) attempt(() => boundedOf(parseSample(text, base.scenario), where));
  if (problems.length === 0) attempt(() => parseSamples(req.study.parameters, base.scenario, req.seed, runs)); // one value set twice
  const moments = studyMoments({ ...req.study, moments: req.study.moments.filter((m) => findMoment(m)) });
  const data = loadBacktestData(req.dataDir);
  if (window) {
    const ids = [...new Set([...moments.flatMap((m) => m.inputs.flatMap((i) => INPUT_DATA_IDS[i])), ...req.study.events.flatMap((e) => REALISED[e.series].ids),
      ...(req.study.realisedPolicy ? ['DFEDTARU'] : [])])];
    const outside = ids.map((id) => data.get(id)).filter((s) => window[0] < s.first || window[1] > s.last);
    if (outside.length) problems.push(`the window ${window[0]}..${window[1]} is outside the data: ${outside.map((s) => `${s.spec.id} covers ${s.first}..${s.last}`).join('; ')}`);
  }
  if (problems.length || !window) throw new ExperimentError(`${where}: ${problems.join('; ')}`);
  const days = tradingDaysIn(window[0], window[1]);
  const need = Math.max(...moments.map((m) => m.minTicks));
  const len = Math.min(req.study.segmentDays, days.length - 1);
  if (len < need) {
    const short = moments.filter((m) => m.minTicks > len).map((m) => `${m.name} needs ${m.minTicks}`);
    throw new ExperimentError(`the window ${window[0]}..${window[1]} (${days.length - 1} trading days) or its segments (${req.study.segmentDays} days) are too short: ${short.join(', ')}`);
  }
  const cuts = segmentsOf(days, len);
  const events = placeEvents(req.study, days, cuts, len, where);
  const loaded = cuts.map((c) => loadScenario(req.study.scenario, [...req.study.set, `ticks=${c.ticks}`], { start: c.start, realisedPolicy: req.study.realisedPolicy, data }));
  const segments = cuts.map((c, k) => ({ ...c, seed: segmentSeed(req.seed, k), scenarioHash: loaded[k].hash }));
  let spec: SampleSpec;
  try {
    spec = parseSamples(req.study.parameters, loaded[0].scenario, req.seed, runs);
    for (const l of loaded) checkExtremes(l.scenario, spec);
  } catch (e) {
    if (e instanceof SampleError) throw new ExperimentError(`${where}: ${e.message.replace(/^--sample /, 'parameter ')}`);
    throw e;
  }
  const bounded = spec.parameters.map((p) => boundedOf(p, where));
  const empirical = req.empirical ?? withEvents(dataInputs(data, days[0], days[days.length - 1]), data, req.study, days, where);
  const missing = req.study.events.filter((e) => empirical.events?.[e.name] === undefined);
  if (missing.length) throw new ExperimentError(`${where}: the given data has no response for ${missing.map((e) => `event ${e.name}`).join(', ')}`);
  return { window, moments, data, segments, loaded, spec, bounded, empirical, events };
}

/** Each event's span must lie inside the window and inside one segment (no simulated change spans two segments). */
function placeEvents(study: Study, days: readonly string[], cuts: readonly { start: string; ticks: number }[], len: number, where: string): EventTicks[] {
  const problems: string[] = [];
  const placed = study.events.flatMap((e): EventTicks[] => {
    const i = days.indexOf(e.date);
    if (i < 0) {
      problems.push(`event ${e.name}: ${e.date} is not a trading day inside the window ${days[0]}..${days[days.length - 1]}`);
      return [];
    }
    const a = i - e.before, b = i + e.after;
    if (a < 0 || b > days.length - 1) {
      problems.push(`event ${e.name}: its span (${e.before} trading days before ${e.date} to ${e.after} after) reaches outside the window ${days[0]}..${days[days.length - 1]}`);
      return [];
    }
    const k = cuts.findIndex((c, j) => j * len <= a && b <= j * len + c.ticks);
    if (k < 0) {
      const edge = Math.ceil(a / len) * len;
      problems.push(`event ${e.name}: its span ${days[a]}..${days[b]} crosses the boundary between segments at ${days[edge]} ` +
        `(segments of ${len} trading days from ${days[0]}); change segmentDays or the window so that it falls in one segment`);
      return [];
    }
    return [{ name: e.name, series: e.series, segment: k, from: a - k * len, to: b - k * len }];
  });
  if (problems.length) throw new ExperimentError(`${where}: ${problems.join('; ')}`);
  return placed;
}

/** The data's inputs with the responses to the study's events, each defined at both ends of its span. */
function withEvents(inputs: DataInputs, data: Dataset, study: Study, days: readonly string[], where: string): DataInputs {
  if (study.events.length === 0) return inputs;
  const events: Record<string, EventData> = {};
  for (const e of study.events) {
    const d = eventData(data, e, days, days.indexOf(e.date));
    if (!d) throw new ExperimentError(`${where}: event ${e.name}: the data for ${e.series} is missing or stale at an end of its span around ${e.date}`);
    events[e.name] = d;
  }
  return { ...inputs, inputs: { ...inputs.inputs, events: Object.fromEntries(Object.entries(events).map(([k, d]) => [k, d.value])) }, events };
}

export async function runCalibration(req: CalibrateRequest): Promise<CalibrationResult> {
  const plan = planCalibration(req);
  const { moments, bounded, segments, loaded } = plan;
  const M = moments.length;
  const runs = req.runs ?? req.study.runs;
  const budget = req.budget ?? req.study.budget;
  const weighting = req.weighting ?? req.study.weighting;
  const identifyK = req.identification ?? req.study.identification;

  const empirical = Float64Array.from(moments.map((m) => m.compute(plan.empirical.inputs)));
  const undefinedMoment = moments.find((_, j) => !Number.isFinite(empirical[j]));
  if (undefinedMoment) throw new ExperimentError(`moment ${undefinedMoment.name}: the data give no value over ${plan.window.join('..')} (too few observations, or no variation)`);
  const boot = bootstrapMoments(plan.empirical, moments, req.study.blockDays, req.study.bootstrap, req.seed);
  const flat = moments.find((_, j) => !(boot.sd[j] > 0));
  if (flat) throw new ExperimentError(`moment ${flat.name}: its bootstrap sd over the window is ${boot.sd[moments.indexOf(flat)]}; it cannot weigh the loss`);
  const weight = weightMatrix(boot.cov, M, weighting);

  await policiesFor(loaded[0]);
  const fresh: CalibrateMeta = {
    study: req.study, studyRef: req.studyRef, window: plan.window.join('..'), seed: req.seed, runs, budget, weighting, identification: identifyK,
    segments, empirical: req.empirical ? req.empiricalLabel ?? 'given' : 'data', command: req.command, workers: null, startedAt: new Date().toISOString(), finishedAt: null,
  };
  const meta = chooseStudyFolder(req.out, req.resume, fresh, {
    noun: 'calibration', file: META_FILE, same: 'the same options (or the data changed since it started)',
    identity: (m) => [m.study, m.window, m.seed, m.runs, m.budget, m.weighting, m.identification, m.segments, m.empirical],
    describe: (m) => `study ${m.study.name}, window ${m.window}, seed ${m.seed}, ${m.runs} runs, budget ${m.budget}`,
  });
  mkdirSync(req.out, { recursive: true });
  writeFileAtomic(join(req.out, META_FILE), jsonText(meta));

  const pool = sharedPool(loaded, resolveWorkers(req.workers, runs * segments.length),
    (k, i, error) => req.notice?.(`segment ${segments[k].start}: the worker running run ${i} died (${error}); retrying the run once`));
  const evaluations: Evaluation[] = [];
  const memo = new Map<string, Promise<Evaluation>>();
  const evaluate = (values: number[], stage: string): Promise<Evaluation> => {
    const key = values.map(formatNumber).join(',');
    let e = memo.get(key);
    if (!e) {
      const index = memo.size;
      memo.set(key, (e = evaluateAt(req, plan, pool, index, stage, values, runs).then((ev) => {
        evaluations[index] = ev;
        return ev;
      })));
    }
    return e;
  };
  const lossAgainst = (target: Float64Array) => (e: Evaluation): number => quadratic(e.simMean.map((v, j) => v - target[j]), weight);
  const loss = lossAgainst(empirical);
  const unitsOf = (values: readonly number[]) => values.map((v, j) => unitOfValue(bounded[j], v));
  const valuesOf = (u: readonly number[]) => u.map((x, j) => valueOfUnit(bounded[j], x));
  const lo = bounded.map(() => 0), hi = bounded.map(() => 1);

  try {
    // stage 1: a Latin hypercube, evaluated together so the pool stays busy
    const nLhs = Math.min(budget - 1, Math.max(bounded.length + 1, Math.round(0.4 * budget)));
    const design = latinHypercube(nLhs, bounded.map((b) => b.path), req.seed).map(valuesOf);
    const firstStage = await settled(design.map((v) => evaluate(v, 'lhs')));
    const bestOf = (es: readonly Evaluation[], f: (e: Evaluation) => number) => es.reduce((a, b) => (f(b) < f(a) ? b : a));
    // stage 2: Nelder–Mead from the best point of the hypercube, in the unit cube
    const start = bestOf(firstStage, loss);
    // the budget counts new evaluations: a point the search revisits costs nothing (the calls are capped too)
    const search = await nelderMead(async (u) => loss(await evaluate(valuesOf(u), 'nelder-mead')), unitsOf(start.values),
      { lo, hi, maxEvaluations: 20 * budget, stop: () => memo.size >= budget, step: Math.max(0.05, 1 / nLhs) });
    const main = evaluations.filter((e) => e.stage === 'lhs' || e.stage === 'nelder-mead');
    const best = bestOf(main, loss);
    // each replica's search gets the main search's Nelder–Mead share of the budget unless the study says otherwise
    const replicaBudget = req.study.identificationBudget ?? Math.max(1, budget - nLhs);

    // the curvature at θ̂: central differences of the simulated moments (same seeds at every θ), h = 0.05 of each
    // range on the search scale, one-sided at a bound
    let curvature: Curvature | null = null;
    if (identifyK > 0 && !req.signal?.aborted) {
      const P = bounded.length;
      const G = new Float64Array(M * P).fill(Number.NaN);
      const u0 = unitsOf(best.values);
      for (let j = 0; j < P; j++) {
        const up = [...u0], down = [...u0];
        up[j] = Math.min(1, u0[j] + JACOBIAN_STEP);
        down[j] = Math.max(0, u0[j] - JACOBIAN_STEP);
        const vUp = valuesOf(up), vDown = valuesOf(down);
        const du = unitOfValue(bounded[j], vUp[j]) - unitOfValue(bounded[j], vDown[j]); // of the rounded values
        if (!(du > 0)) continue;
        const eUp = vUp[j] === best.values[j] ? best : await evaluate(vUp, 'jacobian');
        const eDown = vDown[j] === best.values[j] ? best : await evaluate(vDown, 'jacobian');
        for (let m = 0; m < M; m++) G[m * P + j] = (eUp.simMean[m] - eDown.simMean[m]) / du;
      }
      curvature = { jacobian: G, covariance: sandwich(G, weight, boot.cov, M, P, runs) };
    }

    // the identification check: the estimate repeated on recentred bootstrap replicas of the empirical moments
    let identification: Identification[] | null = null;
    if (identifyK > 0) {
      // replicas where every moment is defined (a short block sequence can leave a long-horizon moment undefined)
      const usable = boot.replicas.filter((r) => r.every(Number.isFinite));
      const meanReplica = Float64Array.from(moments, (_, j) => usable.reduce((s, r) => s + r[j], 0) / usable.length);
      const estimates: number[][] = [];
      for (let b = 0; b < Math.min(identifyK, usable.length); b++) {
        if (req.signal?.aborted) break;
        const target = Float64Array.from(moments, (_, j) => empirical[j] + usable[b][j] - meanReplica[j]);
        const f = lossAgainst(target);
        const from = bestOf(evaluations.filter((e) => e.stage === 'lhs'), f);
        const until = memo.size + replicaBudget;
        const r = await nelderMead(async (u) => f(await evaluate(valuesOf(u), `identify-${b + 1}`)), unitsOf(from.values),
          { lo, hi, maxEvaluations: 20 * budget, stop: () => memo.size >= until, step: Math.max(0.05, 1 / nLhs) });
        estimates.push(valuesOf(r.x));
      }
      identification = bounded.map((p, j) => {
        const xs = estimates.map((e) => e[j]);
        const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
        const sd = xs.length > 1 ? Math.sqrt(xs.reduce((s, x) => s + (x - mean) ** 2, 0) / (xs.length - 1)) : Number.NaN;
        const min = Math.min(...xs), max = Math.max(...xs);
        const spreadShare = unitOfValue(p, max) - unitOfValue(p, min);
        // the value per unit of the search scale at θ̂ (the delta method on a log scale)
        const perUnit = p.log ? best.values[j] * Math.log(p.hi / p.lo) : p.hi - p.lo;
        const cov = curvature?.covariance;
        const sandwichSd = cov && cov[j * bounded.length + j] >= 0 ? Math.sqrt(cov[j * bounded.length + j]) * perUnit : Number.NaN;
        const both = [sd, sandwichSd].filter(Number.isFinite);
        const used = both.length ? Math.max(...both) : Number.NaN;
        // a ±1.96 sd interval as a share of the range, on the search scale
        const intervalShare = (2 * Z_95 * used) / perUnit;
        const identified = spreadShare < NOT_IDENTIFIED_SHARE && Number.isFinite(sandwichSd) && intervalShare < NOT_IDENTIFIED_SHARE;
        return { path: p.path, estimates: xs, sd: used, replicaSd: sd, sandwichSd, min, max, spreadShare, identified };
      });
    }
    // a point outside the main search that fits the data better: reported, not adopted (docs/calibrate.md)
    const others = evaluations.filter((e) => e.stage !== 'lhs' && e.stage !== 'nelder-mead' && loss(e) < loss(best));
    const better = others.length ? bestOf(others, loss) : null;
    if (req.signal?.aborted) throw new BatchInterrupted(req.out);

    const result: CalibrationResult = {
      dir: req.out, meta, parameters: bounded, moments, empirical, boot, weight, evaluations: [...evaluations], best, loss, identification, curvature, better,
      converged: search.converged, base: loaded[0],
    };
    writeCalibrationFiles(result, plan.spec, (e) => jStatistic(e.simMean.map((v, j) => v - empirical[j]), boot.cov, runs, bounded.length));
    const done: CalibrateMeta = { ...meta, workers: pool.workers, finishedAt: new Date().toISOString() };
    writeFileAtomic(join(req.out, META_FILE), jsonText(done));
    return { ...result, meta: done };
  } finally {
    await pool.close();
  }
}

/** The Jacobian's step, as a share of each parameter's range on the search scale. */
export const JACOBIAN_STEP = 0.05;

/** Waits for every promise, then throws the first failure (so no batch is left running when the pool closes). */
async function settled<T>(ps: readonly Promise<T>[]): Promise<T[]> {
  const rs = await Promise.allSettled(ps);
  const bad = rs.find((r) => r.status === 'rejected');
  if (bad) throw (bad as PromiseRejectedResult).reason;
  return rs.map((r) => (r as PromiseFulfilledResult<T>).value);
}

export const evalDir = (index: number, segment: Segment): string => join(EVALS_DIR, String(index).padStart(4, '0'), segment.start);

/** The batches of one θ (one per segment, together), then each finished run's moment vector over all segments. */
async function evaluateAt(req: CalibrateRequest, plan: Plan, pool: SharedPool, index: number, stage: string, values: number[], runs: number): Promise<Evaluation> {
  const { segments, loaded, spec, moments, events } = plan;
  const sets = sampledSets(spec.parameters, values);
  await settled(segments.map(async (seg, k) => {
    const dir = join(req.out, evalDir(index, seg));
    const fixed: SampleSpec = {
      seed: seg.seed, runs, study: `calibrate:${req.study.name}`,
      parameters: spec.parameters.map((p, j) => ({ ...p, spec: `fixed(${formatNumber(values[j])})`, dist: { kind: 'choice' as const, values: [values[j]] } })),
    };
    const command = commandLine(['batch', '--scenario', req.study.scenario, ...[...req.study.set, `ticks=${seg.ticks}`, ...sets].flatMap((s) => ['--set', s]),
      '--start', seg.start, ...(req.study.realisedPolicy ? ['--realised-policy'] : []), ...(req.dataDir ? ['--data', req.dataDir] : []),
      '--seed', seg.seed, '--runs', String(runs), '--out', dir]);
    await runBatch({
      loaded: loaded[k], seed: seg.seed, runs, shard: null, workers: pool.workers, out: dir, resume: existsSync(dir), inject: NO_INJECTIONS,
      command, runsRoot: req.out, sample: fixed, notice: req.notice, signal: req.signal, executor: await pool.executorFor(k),
      progress: req.progressFor?.(`eval ${index} ${stage} segment ${k + 1}/${segments.length}`),
    });
  }));
  // a run counts when it finished in every segment
  const finished = segments.map((seg) => new Set(readBatchFolder(join(req.out, evalDir(index, seg)), ['runs']).runs.runIndex)); // the runs table lists the finished runs
  const ok = [...Array(runs).keys()].filter((i) => finished.every((f) => f.has(i)));
  const files = segments.map((seg) => SeriesFile.open(batchFile(join(req.out, evalDir(index, seg)), 'series'), runLayout(seg.ticks), runs, 'read'));
  const perRun: Float64Array[] = [];
  try {
    for (const i of ok) {
      const series = files.map((f) => f.read(i, 0, f.layout.floats, new Float32Array(f.layout.floats)).slice());
      const x = simInputs(series, files.map((f) => f.layout.points), events);
      perRun.push(Float64Array.from(moments.map((m) => m.compute(x))));
    }
  } finally {
    for (const f of files) f.close();
  }
  const simMean = Float64Array.from(moments, (_, j) => meanOf(perRun.map((r) => r[j])));
  const simSd = Float64Array.from(moments, (_, j) => sdOf(perRun.map((r) => r[j])));
  req.notice?.(`evaluation ${index} (${stage}): ${spec.parameters.map((p, j) => `${p.path}=${formatNumber(values[j])}`).join(' ')}`);
  return { index, stage, values, runsOk: ok.length, runsFailed: runs - ok.length, perRun, simMean, simSd };
}


const meanOf = (xs: readonly number[]): number => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : Number.NaN);
function sdOf(xs: readonly number[]): number {
  if (xs.length < 2) return Number.NaN;
  const m = meanOf(xs);
  return Math.sqrt(xs.reduce((s, x) => s + (x - m) ** 2, 0) / (xs.length - 1));
}


