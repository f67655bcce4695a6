// Replaying run I of a batch (design §7): the batch's manifest holds the fully resolved scenario and the master
// seed, and run I's streams depend on (seed, I) only, so the run can be redone bit for bit and checked against what
// the batch recorded — its runs.csv row (or its failures.jsonl error), and its compact series in series.f32.
import { existsSync, readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { relative, resolve, isAbsolute } from 'node:path';
import { errorText } from '../batch/execute.js';
import { runLayout } from '../batch/layout.js';
import { simulateRun, runsCsvCells, type RunRecord } from '../batch/run-record.js';
import { SeriesFile } from '../batch/series-file.js';
import { RunList } from '../batch/spec.js';
import { BANDED } from '../run/series.js';
import { policiesFor } from '../run/custom-policies.js';
import { scenarioSchema, type Scenario } from '../scenario/schema.js';
import { ScenarioError, problemsFromZod } from '../scenario/problems.js';
import { moduleDigests, moduleUses, scenarioHashWithModules } from '../scenario/policy-modules.js';
import { batchFile, BATCH_FILES, readBatchFolder, type BatchFolderWith } from '../files/batch-folder.js';
import { formatNumber } from '../format.js';
import { ExperimentError } from './errors.js';

export interface FieldDifference {
  readonly field: string;
  readonly recorded: string;
  readonly replayed: string;
}

export interface SeriesCheck {
  readonly checked: boolean; // false when the folder has no usable series.f32
  readonly values: number;
  readonly mismatches: number;
  readonly first?: { readonly series: string; readonly tick: number; readonly recorded: number; readonly replayed: number };
  readonly why?: string; // why it could not be checked
}

export interface Replay {
  readonly dir: string;
  readonly scenario: Scenario;
  readonly scenarioHash: string; // as computed now (custom modules hashed by their current content)
  readonly recordedHash: string;
  readonly seed: string;
  readonly runIndex: number;
  readonly record: RunRecord | null; // null when the run failed now
  readonly error: string | null; // the run's error now, as the batch writes it
  readonly recorded: { readonly row: string } | { readonly error: string };
  readonly differences: readonly FieldDifference[]; // empty: the row (or the failure) is reproduced exactly
  readonly series: SeriesCheck;
  readonly matches: boolean;
}

/** A custom policy module a replay would import: code, running with the user's rights (docs/security.md). */
export interface ModuleToLoad {
  readonly policy: string; // its path in the scenario, e.g. banks.mufg.policy
  readonly module: string;
  readonly insideBatch: boolean;
  /** null: it matches the batch's record; else why not (missing, content differs, not recorded). */
  readonly mismatch: string | null;
}

export interface ReplayOptions {
  /** Load modules outside the batch folder or whose content differs from the manifest's. */
  readonly allowModules?: boolean;
  /** Told which modules will be imported, before any is. */
  readonly onModules?: (modules: readonly ModuleToLoad[]) => void;
}

const inside = (dir: string, file: string): boolean => {
  const rel = relative(resolve(dir), file);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
};

/** The modules a batch's scenario names, each checked against the folder and the manifest's record. */
export function modulesToLoad(dir: string, scenario: Scenario, recorded: Readonly<Record<string, string>> | undefined, recordedHash: string): ModuleToLoad[] {
  const uses = moduleUses(scenario);
  // a manifest from before `modules` was recorded: the scenario hash covers every module's content
  const all = moduleDigests(scenario);
  const hashMatches = all.problems.length === 0 && scenarioHashWithModules(scenario, all.digests) === recordedHash;
  return uses.map((u) => {
    let mismatch: string | null = null;
    let digest: string | null = null;
    try { digest = createHash('sha256').update(readFileSync(u.module)).digest('hex'); } catch { mismatch = 'the file is missing or unreadable'; }
    if (digest !== null) {
      if (recorded?.[u.module] !== undefined) mismatch = recorded[u.module] === digest ? null : `its content (sha256 ${digest.slice(0, 12)}…) differs from the batch's (${recorded[u.module].slice(0, 12)}…)`;
      else if (!hashMatches) mismatch = 'its content differs from the one the batch ran (the scenario hash does not match)';
    }
    return { policy: u.slot.path.join('.'), module: u.module, insideBatch: inside(dir, u.module), mismatch };
  });
}

export async function replayRun(dir: string, runIndex: number, opts: ReplayOptions = {}): Promise<Replay> {
  const batch = readBatchFolder(dir, ['runs', 'failures']);
  const m = batch.manifest;
  if (!Number.isSafeInteger(runIndex) || runIndex < 0 || runIndex >= m.runs) {
    throw new ExperimentError(`--run: ${dir} has runs 0 to ${m.runs - 1}, found ${runIndex}`);
  }
  const list = new RunList(m.runs, m.shard ?? null);
  const slot = list.slotOf(runIndex);
  if (slot < 0) throw new ExperimentError(`--run: run ${runIndex} is not part of ${dir} (it holds shard ${m.shard?.index}/${m.shard?.count})`);
  const recorded = recordedOutcome(batch, runIndex);
  if (!recorded) throw new ExperimentError(`--run: run ${runIndex} is neither in ${batchFile(dir, 'runs')} nor in ${BATCH_FILES.failures} (the batch did not finish it)`);

  const source = batchFile(dir, 'manifest');
  const scenario = resolvedScenario(m.scenario, source);
  const toLoad = modulesToLoad(dir, scenario, m.modules, m.scenarioHash);
  if (toLoad.length) opts.onModules?.(toLoad);
  const refused = toLoad.filter((x) => !x.insideBatch || x.mismatch);
  if (refused.length && !opts.allowModules) {
    throw new ExperimentError(`replay: ${dir} names policy modules that are code and would run with your rights, and ` +
      `${refused.length === 1 ? 'this one is' : 'these are'} not safe to load:\n` +
      refused.map((x) => `  ${x.policy}: ${x.module}: ${[x.insideBatch ? '' : 'outside the batch folder', x.mismatch ?? ''].filter(Boolean).join('; ')}`).join('\n') +
      '\nreplay loads only modules inside the batch folder whose content matches the manifest. Read them, then add ' +
      '--allow-modules to load them anyway (docs/security.md)');
  }
  const modules = moduleDigests(scenario);
  if (modules.problems.length) throw new ScenarioError(source, modules.problems);
  const policies = await policiesFor({ scenario, source });
  const seed = String(m.seed);
  let record: RunRecord | null = null, error: string | null = null;
  try {
    record = simulateRun(scenario, seed, runIndex, { recordEvents: true, policies, sample: m.sample ?? null }); // a sample batch: the run's own values
  } catch (e) {
    error = errorText(e);
  }

  const differences: FieldDifference[] = [];
  if ('row' in recorded) {
    if (record) differences.push(...rowDifferences(batch.runs, batch.runs.cells(batch.runs.rowOf(runIndex)), runsCsvCells(runIndex, seed, record.metrics, record.sampled)));
    else differences.push({ field: '(run)', recorded: 'finished', replayed: `failed: ${error}` });
  } else if (record) differences.push({ field: '(run)', recorded: `failed: ${recorded.error}`, replayed: 'finished' });
  else if (error !== recorded.error) differences.push({ field: '(error)', recorded: recorded.error, replayed: error! });

  const series = record && 'row' in recorded ? checkSeries(dir, scenario.ticks, list.count, slot, record.series) : { checked: false, values: 0, mismatches: 0 };
  return {
    dir, scenario, scenarioHash: scenarioHashWithModules(scenario, modules.digests), recordedHash: m.scenarioHash, seed, runIndex,
    record, error, recorded, differences, series, matches: differences.length === 0 && series.mismatches === 0,
  };
}

function recordedOutcome(batch: BatchFolderWith<'runs' | 'failures'>, runIndex: number): { row: string } | { error: string } | null {
  const k = batch.runs.rowOf(runIndex);
  if (k >= 0) return { row: batch.runs.line(k) };
  const f = batch.failures.find((x) => x.runIndex === runIndex);
  return f ? { error: f.error } : null;
}

/** The manifest's scenario is already resolved and defaulted; parsing it again checks it still fits this schema. */
function resolvedScenario(raw: unknown, source: string): Scenario {
  const r = scenarioSchema.safeParse(raw);
  if (!r.success) throw new ScenarioError(source, problemsFromZod(r.error.issues, raw, scenarioSchema));
  return r.data;
}

function rowDifferences(runs: { header: readonly string[] }, a: readonly string[], replayed: readonly (string | number)[]): FieldDifference[] {
  const b = replayed.map((x) => (typeof x === 'number' ? formatNumber(x) : x));
  return runs.header.map((field, k) => ({ field, recorded: a[k] ?? '', replayed: b[k] ?? '' })).filter((d) => d.recorded !== d.replayed);
}

/** Compares the replayed compact series (Float32, output units) with the batch's series.f32, value by value. */
function checkSeries(dir: string, ticks: number, slots: number, slot: number, replayed: Float32Array): SeriesCheck {
  const path = batchFile(dir, 'series');
  const layout = runLayout(ticks);
  if (!existsSync(path)) return { checked: false, values: 0, mismatches: 0, why: `${path} does not exist` };
  let file: SeriesFile;
  try {
    file = SeriesFile.open(path, layout, slots, 'read');
  } catch (e) {
    return { checked: false, values: 0, mismatches: 0, why: e instanceof Error ? e.message : String(e) };
  }
  try {
    const stored = file.read(slot, 0, layout.floats, new Float32Array(layout.floats));
    let mismatches = 0, first: SeriesCheck['first'];
    for (let k = 0; k < layout.floats; k++) {
      if (Object.is(stored[k], replayed[k]) || stored[k] === replayed[k]) continue;
      mismatches++;
      first ??= { series: BANDED[Math.floor(k / layout.points)], tick: k % layout.points, recorded: stored[k], replayed: replayed[k] };
    }
    return { checked: true, values: layout.floats, mismatches, first };
  } finally {
    file.close();
  }
}
