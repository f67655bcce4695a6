// A run's sampled parameter values and the scenario they make. Parameter j of run i sits in stratum perm_j[i] of the
// hypercube (perm_j from lhsPermutation(runs, lhsSeedKey(seed, path_j))) at the position of the first draw of the
// run's own stream `sample:<path_j>`: so the values depend on the master seed, the run index and the batch size
// only — never on the worker, the number of workers or the order runs finish in — and any process can recompute
// them (a worker, the writer of runs.csv, replay).
import { formatNumber } from '../format.js';
import { openStream } from '../rng.js';
import { applySets } from '../scenario/load.js';
import { formatProblem, problemsFromZod, type Problem } from '../scenario/problems.js';
import { scenarioSchema, type Scenario } from '../scenario/schema.js';
import { semanticProblems } from '../scenario/checks.js';
import { lhsPermutation, lhsSeedKey, lhsUnit } from '../stats/lhs.js';
import { valueAt, type SampledValue } from './distributions.js';
import { SampleError, type SampledParameter, type SampleSpec } from './spec.js';

/** How a run's values are derived, in words: recorded in manifest.json beside the spec. */
export const SAMPLE_DERIVATION =
  'Latin hypercube. For run i and parameter j (path p_j): u = (perm_j[i] + v) / runs, where perm_j = ' +
  'lhsPermutation(runs, "fimasim/v1|<seed>|lhs|<p_j>") (a Fisher-Yates shuffle of 0..runs-1 driven by ' +
  'seedrandom.alea of that key) and v = the first draw of seedrandom.alea("fimasim/v1|<seed>|<i>|sample:<p_j>"); the ' +
  'value is the distribution\'s quantile at u (choice: value floor(u * k)), rounded on integer fields, and is set at ' +
  'every target path as --set target=value on the resolved scenario. Recomputed by src/sim/sample/values.ts ' +
  '(sampledValues); runs.csv holds the values in the columns named by the paths.';

// Permutations are O(runs) to draw and the same for every run of a batch: kept per thread, by seed key and size.
const permutations = new Map<string, Int32Array>();
const PERMUTATIONS_KEPT = 256;

function permutation(seed: string, path: string, runs: number): Int32Array {
  const key = `${runs}|${lhsSeedKey(seed, path)}`;
  let perm = permutations.get(key);
  if (!perm) {
    if (permutations.size >= PERMUTATIONS_KEPT) permutations.clear();
    permutations.set(key, (perm = lhsPermutation(runs, lhsSeedKey(seed, path))));
  }
  return perm;
}

/** Run i's value of every sampled parameter, in spec order. */
export function sampledValues(spec: SampleSpec, runIndex: number): SampledValue[] {
  return spec.parameters.map((p, j) => {
    const v = openStream(spec.seed, runIndex, `sample:${p.path}`)();
    const u = lhsUnit(runIndex, spec.runs, j, () => v, permutation(spec.seed, p.path, spec.runs));
    return valueAt(p.dist, u, p.integer);
  });
}

/** The `--set`s that give a run its values: every target of a parameter gets the parameter's value. */
export function sampledSets(parameters: readonly SampledParameter[], values: readonly SampledValue[]): string[] {
  return parameters.flatMap((p, j) => p.targets.map((t) => `${t}=${valueText(values[j])}`));
}

export const valueText = (v: SampledValue): string => (typeof v === 'number' ? formatNumber(v) : v);

/** The base scenario with the given values applied as `--set`s, validated again; the problems when it is invalid. */
export function withValues(base: Scenario, parameters: readonly SampledParameter[], values: readonly SampledValue[]):
  { scenario: Scenario; problems: [] } | { scenario: null; problems: Problem[] } {
  const applied = applySets(structuredClone(base) as never, sampledSets(parameters, values));
  if (applied.problems.length) return { scenario: null, problems: applied.problems };
  const r = scenarioSchema.safeParse(applied.raw, { reportInput: true });
  if (!r.success) return { scenario: null, problems: problemsFromZod(r.error.issues, applied.raw, scenarioSchema) };
  const problems = semanticProblems(r.data);
  return problems.length ? { scenario: null, problems } : { scenario: r.data, problems: [] };
}

export interface SampledRun {
  readonly scenario: Scenario;
  readonly values: readonly SampledValue[];
}

/** Run i's scenario. Throws when the values make it invalid (a combination the extremes check could not see). */
export function sampledRun(base: Scenario, spec: SampleSpec, seed: string, runIndex: number): SampledRun {
  if (seed !== spec.seed) throw new Error(`the sample spec is drawn for seed ${spec.seed}, not ${seed}`);
  const values = sampledValues(spec, runIndex);
  const r = withValues(base, spec.parameters, values);
  if (!r.scenario) {
    throw new Error(`the sampled values make the scenario invalid (${spec.parameters.map((p, j) => `${p.path} = ${valueText(values[j])}`).join(', ')}):\n` +
      r.problems.map(formatProblem).join('\n'));
  }
  return { scenario: r.scenario, values };
}

/**
 * Validates the scenario at the extremes of every parameter before any run starts: each parameter at its lowest and
 * highest value (every value of a choice) with the others as in the base scenario, then all parameters at their
 * lowest and all at their highest together. The first invalid case is a SampleError naming the parameter.
 */
export function checkExtremes(base: Scenario, spec: SampleSpec): void {
  const ends = spec.parameters.map((p) => (p.dist.kind === 'choice' ? [...p.dist.values] : [valueAt(p.dist, 0, p.integer), valueAt(p.dist, 1, p.integer)]));
  spec.parameters.forEach((p, j) => {
    for (const v of ends[j]) {
      const r = withValues(base, [p], [v]);
      if (r.problems.length) {
        throw new SampleError(`--sample ${p.path}=${p.spec}: at ${p.path} = ${valueText(v)} the scenario is invalid:\n${r.problems.map(formatProblem).join('\n')}`);
      }
    }
  });
  if (spec.parameters.length < 2) return;
  for (const side of ['lowest', 'highest'] as const) {
    const values = ends.map((e) => (side === 'lowest' ? e[0] : e[e.length - 1]));
    const r = withValues(base, spec.parameters, values);
    if (r.problems.length) {
      throw new SampleError(`--sample: with every parameter at its ${side} value together ` +
        `(${spec.parameters.map((p, j) => `${p.path} = ${valueText(values[j])}`).join(', ')}) the scenario is invalid:\n${r.problems.map(formatProblem).join('\n')}`);
    }
  }
}
