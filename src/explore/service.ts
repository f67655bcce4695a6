// Everything the explore page needs from the engine, behind one small typed surface (to be moved onto the public
// API of issue 17 later): load and validate a scenario with the page's overrides (`--set` semantics), run a paired
// batch of tweak and baseline on the same seeds on a warm worker pool with progress and cancellation, the views of
// what has finished, one run's paths, a scenario file of the changes, and a normal batch folder with its report.
import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { commandLine } from '../sim/batch/manifest.js';
import { runBatch } from '../sim/batch/run-batch.js';
import { NO_INJECTIONS, type RunTask } from '../sim/batch/spec.js';
import { compactSeries } from '../sim/batch/run-record.js';
import { builtInNames, loadScenario, type LoadedScenario, type LoadOptions } from '../sim/scenario/load.js';
import { ScenarioError, type Problem } from '../sim/scenario/problems.js';
import type { Scenario } from '../sim/scenario/schema.js';
import { isCustomPolicyName } from '../agents/schema-helpers.js';
import { policiesFor } from '../sim/run/custom-policies.js';
import { simulate } from '../sim/run/engine.js';
import { BANDED } from '../sim/run/series.js';
import { tradingDates } from '../sim/calendar.js';
import { isScored, loadRealisedData, realisedPath, REALISED } from '../sim/backtest/realised.js';
import { jsonText } from '../sim/format.js';
import { writeBatchReport } from '../report/batch-report.js';
import { DataError, type Dataset } from '../data/dataset.js';
import { describeForm, type FormDescription } from './form.js';
import { ExplorePool } from './pool.js';
import { FAN_SERIES, pairedViews, warmFans, type PairedViews, type RunStore } from './views.js';

/** The page's changes: `--set` path → the value as typed. */
export type Overrides = Readonly<Record<string, string>>;

export interface FieldProblem {
  readonly path: string; // a form field's path, or 'runs', 'seed', 'name'
  readonly message: string;
}

export interface ExploreOptions {
  readonly scenario: string; // built-in name or scenario file: the baseline
  readonly sets?: readonly string[]; // the command line's --set, part of the baseline
  readonly load?: LoadOptions; // --start, --realised-policy, --data
  readonly workers: number;
  readonly runsRoot: string; // "Write batch" folders go here
  readonly saveDir: string; // "Save scenario" files go here
}

/** How the page opens both sides: from the scenario's own numbers (no start), or from the data as of a date
 *  (`--start`, `--realised-policy`). Absent from a request: as the command line said. */
export interface Opening {
  readonly start: string | null;
  readonly realisedPolicy: boolean;
}

/** A validated request's two scenarios: the tweak and the baseline it is compared with, opened the same way. */
export interface Pair {
  readonly tweak: LoadedScenario;
  readonly baseline: LoadedScenario;
  readonly sets: readonly string[]; // the page's changes, as --set lines
  readonly load: LoadOptions; // how both open
}

export interface RunRequest {
  readonly overrides: Overrides;
  readonly runs: number;
  readonly seed: string;
}

export interface Commands {
  readonly batchTweak: string;
  readonly batchBaseline: string;
  readonly compare: string;
  readonly runTweak: string; // with RUN standing for the run index
}

export interface PairedSnapshot extends PairedViews {
  readonly done: number; // pairs finished (both sides, ok or failed)
  readonly total: number;
  readonly finished: boolean;
  readonly elapsedMs: number;
}

export interface RunStart {
  readonly runs: number;
  readonly seed: string;
  readonly dates: readonly string[];
  readonly realised: Readonly<Record<string, { source: string; values: (number | null)[] }>>;
  readonly commands: Commands;
  readonly changed: readonly string[]; // the --set lines of the tweak
}

export interface RunPaths {
  readonly dates: readonly string[];
  readonly series: Readonly<Record<string, number[]>>; // output units
  readonly events: readonly object[];
  readonly metrics: Readonly<Record<string, number>>;
}

export type Validated = { ok: true; pair: Pair } | { ok: false; problems: FieldProblem[] };

export const MAX_PAGE_RUNS = 5000;
const CHUNK = 8;
const SNAPSHOT_MS = 150;

export class ExploreService {
  readonly baseline: LoadedScenario;
  private readonly pool: ExplorePool;
  private readonly cache = new Map<string, RunStore>(); // scenario hash + seed → finished runs (last few kept)
  private realisedData: Dataset | null | undefined;
  private readonly baselines = new Map<string, LoadedScenario>(); // by opening

  constructor(private readonly opts: ExploreOptions) {
    this.baseline = loadScenario(opts.scenario, opts.sets ?? [], opts.load ?? {}); // throws ScenarioError: the CLI's to report
    this.pool = new ExplorePool(opts.workers);
  }

  get workers(): number { return this.pool.workers; }

  /** Checks that the baseline's custom policy modules load (before the page opens). */
  async checkPolicies(): Promise<void> { await policiesFor(this.baseline); }

  form(overrides: Overrides = {}): FormDescription & { scenario: string; baselineName: string; opening: Opening } {
    const v = this.validate(overrides);
    const load = this.opts.load ?? {};
    return { ...describeForm(v.ok ? v.pair.tweak.scenario : this.baseline.scenario), scenario: this.opts.scenario, baselineName: this.baseline.scenario.name,
      opening: { start: load.start ?? null, realisedPolicy: load.realisedPolicy === true } };
  }

  /** The tweak as the schema sees it: every problem with its field's path; nothing is loaded from the page's words
   *  but numbers, booleans and rule-set names (custom policy modules come only from scenario files on disk). */
  validate(overrides: Overrides, opening?: Opening): Validated {
    const problems: FieldProblem[] = [];
    const sets: string[] = [];
    for (const [path, value] of Object.entries(overrides)) {
      const refused = refusedOverride(path, value);
      if (refused) problems.push({ path, message: refused });
      else sets.push(`${path}=${value}`);
    }
    if (problems.length) return { ok: false, problems };
    const load = opening === undefined ? this.opts.load ?? {} : {
      ...(this.opts.load?.dataDir !== undefined ? { dataDir: this.opts.load.dataDir } : {}),
      ...(opening.start !== null ? { start: opening.start } : {}),
      ...(opening.realisedPolicy ? { realisedPolicy: true } : {}),
    };
    try {
      const tweak = loadScenario(this.opts.scenario, [...(this.opts.sets ?? []), ...sets], load);
      return { ok: true, pair: { tweak, baseline: this.baselineFor(load), sets, load } };
    } catch (e) {
      // with a start from the data the scenario's start date is the page's opening date
      const where = (p: FieldProblem): FieldProblem => (load.start !== undefined && p.path === 'start' ? { ...p, path: 'opening.start' } : p);
      if (e instanceof ScenarioError) return { ok: false, problems: e.problems.map(fieldProblem).map(where) };
      if (e instanceof DataError) return { ok: false, problems: [{ path: 'opening.start', message: e.message }] };
      throw e;
    }
  }

  checkRequest(runs: unknown, seed: unknown): FieldProblem[] {
    const problems: FieldProblem[] = [];
    const r = String(runs), s = String(seed);
    if (!/^\d{1,7}$/.test(r) || Number(r) < 2 || Number(r) > MAX_PAGE_RUNS) problems.push({ path: 'runs', message: `expected a whole number of runs from 2 to ${MAX_PAGE_RUNS}, found '${r}'` });
    if (!/^\d{1,20}$/.test(s)) problems.push({ path: 'seed', message: `expected a non-negative integer (up to 20 digits), found '${s}'` });
    return problems;
  }

  start(pair: Pair, req: RunRequest): RunStart {
    const dates = tradingDates(pair.tweak.scenario.start, pair.tweak.scenario.ticks);
    return { runs: req.runs, seed: req.seed, dates, realised: this.realised(dates), commands: this.commands(pair, req), changed: [...pair.sets] };
  }

  /**
   * Runs 0 … runs−1 of the tweak and of the baseline on the same master seed, pairs in run-index order (runs already
   * finished for the same scenario and seed are reused), calling `onSnapshot` as results arrive (at most every
   * 150 ms, at once for the first pairs) and with the final views. An abort stops dispatching; runs in flight finish
   * and are kept for the next request, and the returned snapshot says `finished: false`.
   */
  async runPaired(pair: Pair, req: RunRequest, signal: AbortSignal, onSnapshot: (s: PairedSnapshot) => void): Promise<PairedSnapshot> {
    const t0 = performance.now();
    const { tweak, baseline } = pair;
    const tStore = this.store(tweak, req.seed), bStore = this.store(baseline, req.seed);
    const snapshot = (finished: boolean): PairedSnapshot => {
      let done = 0;
      for (let i = 0; i < req.runs; i++) if (tStore.has(i) && bStore.has(i)) done++;
      return { ...pairedViews({ loaded: tweak, store: tStore, label: 'tweak' }, { loaded: baseline, store: bStore, label: 'baseline' }, req.seed, req.runs),
        done, total: req.runs, finished, elapsedMs: performance.now() - t0 };
    };
    // snapshots are made on the main thread, beside the workers: at most every 150 ms, and never more than a
    // quarter of the time (a snapshot of 200 runs costs tens of ms on a busy machine)
    let lastSent = -Infinity, cost = 0, timer: NodeJS.Timeout | undefined, sentAny = false;
    const send = (): void => {
      timer = undefined;
      if (signal.aborted) return;
      lastSent = performance.now();
      sentAny = true;
      onSnapshot(snapshot(false));
      cost = performance.now() - lastSent;
    };
    const arrived = (): void => {
      if (timer || signal.aborted) return;
      const wait = sentAny ? Math.max(0, Math.max(SNAPSHOT_MS, 4 * cost) - (performance.now() - lastSent)) : 0;
      timer = setTimeout(send, wait);
    };
    try {
      await this.runMissing([[tweak, tStore], [baseline, bStore]], req.runs, req.seed, signal, arrived);
    } finally {
      if (timer) clearTimeout(timer);
    }
    const last = snapshot(!signal.aborted);
    if (!signal.aborted) onSnapshot(last);
    return last;
  }

  /** The baseline's runs 0 … runs−1 in the background (when the page opens), so a first Run waits only for the
   *  tweak's runs; a Run meanwhile shares them (a run both ask for is simply computed twice). */
  async prefetchBaseline(runs: number, seed: string, signal: AbortSignal): Promise<void> {
    const store = this.store(this.baseline, seed);
    await this.runMissing([[this.baseline, store]], runs, seed, signal, () => {});
    if (!signal.aborted) warmFans({ loaded: this.baseline, store, label: 'baseline' }, runs);
  }

  /** Runs the missing runs 0 … runs−1 of each side, chunk by chunk in run-index order (sides interleaved, so pairs
   *  complete together), with two chunks in flight per worker; stops dispatching when the signal aborts. */
  private async runMissing(sides: readonly (readonly [LoadedScenario, RunStore])[], runs: number, seed: string, signal: AbortSignal, arrived: () => void): Promise<void> {
    const chunks: { loaded: LoadedScenario; store: RunStore; tasks: RunTask[] }[] = [];
    for (let i0 = 0; i0 < runs; i0 += CHUNK) {
      for (const [loaded, store] of sides) {
        const tasks: RunTask[] = [];
        for (let i = i0; i < Math.min(runs, i0 + CHUNK); i++) if (!store.has(i)) tasks.push({ seed, runIndex: i, fail: false, crash: false });
        if (tasks.length) chunks.push({ loaded, store, tasks });
      }
    }
    let next = 0;
    const lane = async (): Promise<void> => {
      while (next < chunks.length && !signal.aborted) {
        const c = chunks[next++];
        const results = await this.pool.runChunk(c.loaded, c.tasks);
        c.tasks.forEach((task, k) => c.store.set(task.runIndex, results[k]));
        arrived();
      }
    };
    await Promise.all(Array.from({ length: Math.min(chunks.length, this.pool.workers * 2) }, lane));
  }

  /** One run of both sides, with its events: what `fimasim run --run-index I` writes. */
  async runPaths(pair: Pair, seed: string, runIndex: number): Promise<{ tweak: RunPaths; baseline: RunPaths }> {
    const one = async (loaded: LoadedScenario): Promise<RunPaths> => {
      const r = simulate(loaded.scenario, seed, runIndex, { recordEvents: true, policies: await policiesFor(loaded) });
      const compact = compactSeries(r, loaded.scenario.ticks);
      const points = loaded.scenario.ticks + 1;
      const series: Record<string, number[]> = {};
      for (const f of FAN_SERIES) {
        const b = (BANDED as readonly string[]).indexOf(f.series);
        series[f.series] = Array.from(compact.subarray(b * points, (b + 1) * points));
      }
      return { dates: r.dates, series, events: r.events, metrics: r.metrics };
    };
    return { tweak: await one(pair.tweak), baseline: await one(pair.baseline) };
  }

  commands(pair: Pair, req: { runs: number; seed: string }): Commands {
    const scenarioArgs = ['--scenario', this.opts.scenario, ...loadArgs(pair.load), ...(this.opts.sets ?? []).flatMap((s) => ['--set', s])];
    const tweakArgs = [...scenarioArgs, ...pair.sets.flatMap((s) => ['--set', s])];
    const seeded = ['--seed', req.seed];
    return {
      batchTweak: commandLine(['batch', ...tweakArgs, ...seeded, '--runs', String(req.runs), '--out', 'runs/explore-tweak']),
      batchBaseline: commandLine(['batch', ...scenarioArgs, ...seeded, '--runs', String(req.runs), '--out', 'runs/explore-baseline']),
      compare: commandLine(['compare', 'runs/explore-tweak', 'runs/explore-baseline']),
      runTweak: `${commandLine(['run', ...tweakArgs, ...seeded])} --run-index RUN`,
    };
  }

  /**
   * Writes `<saveDir>/<name>.json`: `extends` the built-in baseline with only the values that differ (or, for a
   * baseline from a file, the whole validated scenario), after checking that the file loads back to the tweak.
   */
  saveScenario(pair: Pair, name: string): { ok: true; path: string; validate: string } | { ok: false; problems: FieldProblem[] } {
    const { tweak, sets } = pair;
    if (!/^[a-z0-9][a-z0-9-]{0,63}$/.test(name)) return { ok: false, problems: [{ path: 'name', message: `expected lower-case letters, digits and - (up to 64), found '${name}'` }] };
    if (pair.load.start !== undefined || pair.load.realisedPolicy !== undefined) {
      return { ok: false, problems: [{ path: 'name', message: 'a baseline opened from data (--start) is not saved as a file here; write a batch instead' }] };
    }
    const path = resolve(this.opts.saveDir, `${name}.json`);
    if (existsSync(path)) return { ok: false, problems: [{ path: 'name', message: `${path} exists; choose another name` }] };
    const description = `Saved by fimasim explore: ${this.opts.scenario}${sets.length ? ` with ${sets.join(', ')}` : ''}`;
    const builtIn = builtInNames().includes(this.opts.scenario);
    const { name: _n, description: _d, extends: _e, dataStart: _s, ...whole } = tweak.scenario;
    const doc = builtIn
      ? { extends: this.opts.scenario, name, description, ...(diffValues(loadScenario(this.opts.scenario).scenario, tweak.scenario) as object) }
      : { name, description, ...whole };
    mkdirSync(this.opts.saveDir, { recursive: true });
    const probe = join(this.opts.saveDir, `.${name}-${process.pid}-check.json`);
    try {
      writeFileSync(probe, jsonText(doc));
      const back = loadScenario(probe).scenario;
      if (!sameParameters(back, tweak.scenario)) throw new Error(`the saved scenario does not load back to the page's scenario (${probe})`);
      renameSync(probe, path);
    } finally {
      rmSync(probe, { force: true });
    }
    return { ok: true, path, validate: commandLine(['validate', path]) };
  }

  /** A normal batch folder (runs.csv, summary.json, bands.csv, report.html) of the tweak or the baseline. */
  async writeBatch(pair: Pair, req: RunRequest, which: 'tweak' | 'baseline'): Promise<{ dir: string; report: string; replay: string }> {
    const loaded = which === 'tweak' ? pair.tweak : pair.baseline;
    const c = this.commands(pair, req);
    const outcome = await runBatch({
      loaded, seed: req.seed, runs: req.runs, shard: null, workers: this.pool.workers, resume: false, inject: NO_INJECTIONS,
      command: (which === 'tweak' ? c.batchTweak : c.batchBaseline).replace(/ --out \S+$/, ''), runsRoot: this.opts.runsRoot,
      executor: this.pool.executorFor(loaded),
    });
    const report = await writeBatchReport(outcome.dir);
    return { dir: outcome.dir, report, replay: `${commandLine(['replay', outcome.dir])} --run RUN` };
  }

  async close(): Promise<void> { await this.pool.close(); }

  /** The baseline opened as `load` says (the command line's is loaded at start; others on first use, and kept). */
  private baselineFor(load: LoadOptions): LoadedScenario {
    const key = JSON.stringify([load.start ?? null, load.realisedPolicy ?? false, load.dataDir ?? null]);
    const cli = this.opts.load ?? {};
    if (key === JSON.stringify([cli.start ?? null, cli.realisedPolicy ?? false, cli.dataDir ?? null])) return this.baseline;
    let b = this.baselines.get(key);
    if (!b) {
      b = loadScenario(this.opts.scenario, this.opts.sets ?? [], load);
      if (this.baselines.size >= 8) this.baselines.delete(this.baselines.keys().next().value!);
      this.baselines.set(key, b);
    }
    return b;
  }

  private store(loaded: LoadedScenario, seed: string): RunStore {
    const key = `${loaded.hash}|${seed}`;
    let s = this.cache.get(key);
    if (s) { this.cache.delete(key); this.cache.set(key, s); return s; } // most recent last
    s = new Map();
    this.cache.set(key, s);
    while (this.cache.size > 6) this.cache.delete(this.cache.keys().next().value!);
    return s;
  }

  private realised(dates: readonly string[]): RunStart['realised'] {
    if (this.realisedData === undefined) {
      try { this.realisedData = loadRealisedData(this.opts.load?.dataDir); } catch { this.realisedData = null; }
    }
    const out: Record<string, { source: string; values: (number | null)[] }> = {};
    if (!this.realisedData) return out;
    for (const f of FAN_SERIES) {
      if (!isScored(f.series)) continue;
      const values = realisedPath(this.realisedData, f.series, dates);
      if (values.some((v) => v !== null)) out[f.series] = { source: REALISED[f.series].source, values };
    }
    return out;
  }
}

/** Why the page may not make a change, or null. The page never names a module (a file of code) nor replaces the
 *  scenario's identity; those come from files on disk. */
export function refusedOverride(path: string, value: string): string | null {
  const keys = path.split('.');
  if (!/^[A-Za-z0-9_.-]+$/.test(path) || keys.some((k) => k === '')) return `'${path}' is not a parameter path`;
  if (keys.includes('module') || keys.includes('params')) return 'custom policy modules come only from scenario files on disk';
  if (['extends', 'name', 'description', 'dataStart'].includes(keys[0])) return `'${keys[0]}' is not a parameter the page can change`;
  if (keys.at(-1) === 'name' && (value === 'custom' || isCustomPolicyName(value) || /[\\/]/.test(value))) return 'custom policy modules come only from scenario files on disk';
  return null;
}

const OPENING_PATHS: Readonly<Record<string, string>> = { '--start': 'opening.start', '--realised-policy': 'opening.realisedPolicy' };

function fieldProblem(p: Problem): FieldProblem {
  const path = OPENING_PATHS[p.path] ?? p.path.replace(/^--set /, '');
  return { path, message: `expected ${p.expected}, found ${p.found}${p.suggestion ? ` (did you mean '${p.suggestion}'?)` : ''}` };
}

function loadArgs(o: LoadOptions): string[] {
  return [...(o.start !== undefined ? ['--start', o.start] : []), ...(o.realisedPolicy ? ['--realised-policy'] : []),
    ...(o.dataDir !== undefined ? ['--data', o.dataDir] : [])];
}

const isPlain = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The values of `t` that differ from `b`, as a document `extends` merges onto `b` (load.ts deepMerge): objects key
 *  by key, anything else whole; a policy switched to another rule set whole; a map entry `t` lacks as null. */
export function diffValues(b: unknown, t: unknown, key = ''): unknown {
  if (isPlain(b) && isPlain(t)) {
    if (key === 'policy' && b.name !== t.name) return t;
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(t)) {
      if (key === '' && ['name', 'description', 'extends', 'dataStart'].includes(k)) continue;
      const d = diffValues(b[k], t[k], k);
      if (d !== undefined) out[k] = d;
    }
    for (const k of Object.keys(b)) if (!(k in t) && key !== '') out[k] = null;
    return Object.keys(out).length ? out : undefined;
  }
  return JSON.stringify(b) === JSON.stringify(t) ? undefined : t;
}

function sameParameters(a: Scenario, b: Scenario): boolean {
  const strip = ({ name: _n, description: _d, extends: _e, ...rest }: Scenario): unknown => rest;
  return JSON.stringify(strip(a)) === JSON.stringify(strip(b));
}
