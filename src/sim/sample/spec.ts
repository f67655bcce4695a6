// `--sample path=dist(...)` parsed against the base scenario into a sample spec: plain data that goes to the worker
// threads with each run task (so any executor computes a run's values itself) and into manifest.json.
//
// A path may hold `*` for every key at that level where the rest of the path exists: `banks.*.policy.kappa` is the
// κ of every bank on `carry-threshold` (the others have no κ), all set to the one sampled value.
import { UserError } from '../../errors.js';
import type { z } from 'zod';
import { scenarioSchema, type Scenario } from '../scenario/schema.js';
import { closest } from '../scenario/problems.js';
import { knownKeysAt, leafKind, schemaAt, unwrap } from '../scenario/schema-walk.js';
import { DISTRIBUTION_FORMS, truncatedMass, type Bound, type Distribution } from './distributions.js';

/** A `--sample` the user must fix: the CLI prints the message and exits with 2. */
export class SampleError extends UserError {
  constructor(message: string) {
    super('sample', message);
    this.name = 'SampleError';
  }
}

export interface SampledParameter {
  readonly path: string; // as written (may hold `*`): the runs.csv column and the LHS key
  readonly spec: string; // the distribution as written, e.g. 'uniform(0.15,0.2)'
  readonly dist: Distribution;
  readonly targets: readonly string[]; // the scenario paths it sets (one value for all)
  readonly integer: boolean; // an integer field: values are rounded
}

export interface SampleSpec {
  readonly seed: string; // the master seed the hypercube is drawn for
  readonly runs: number; // the batch size: the number of strata
  readonly study: string | null; // the built-in study it comes from, if any
  readonly parameters: readonly SampledParameter[];
}

/** Fields a run may not change: every run of a batch has the same dates and series length. */
const FIXED = new Set(['ticks', 'start']);
const FORM = /^([^=]+)=\s*([A-Za-z]+)\s*\((.*)\)\s*$/;
const DISTRIBUTIONS = ['uniform', 'loguniform', 'normal', 'choice'] as const;

type Key = string | number;
type Def = { type: string; [k: string]: unknown };
const def = (s: unknown): Def => (s as { _zod: { def: Def } })._zod.def;

export function parseSamples(texts: readonly string[], base: Scenario, seed: string, runs: number, study: string | null = null): SampleSpec {
  if (texts.length === 0) {
    throw new SampleError(`--sample: name at least one parameter, e.g. --sample 'fed.policy.acceptBase=uniform(0.1,0.9)', or a built-in --study`);
  }
  const parameters = texts.map((t) => parseSample(t, base));
  const owner = new Map<string, string>();
  for (const p of parameters) {
    for (const t of p.targets) {
      const first = owner.get(t);
      if (first !== undefined) {
        throw new SampleError(first === p.path ? `--sample ${p.path}: the parameter is sampled twice; keep one --sample for it`
          : `--sample ${p.path}: it sets ${t}, which --sample ${first} sets too; sample each scenario value once`);
      }
      owner.set(t, p.path);
    }
  }
  return { seed, runs, study, parameters };
}

export function parseSample(text: string, base: Scenario): SampledParameter {
  const m = FORM.exec(text);
  if (!m) throw new SampleError(`--sample '${text}': expected path=dist(...) with dist one of ${DISTRIBUTION_FORMS}`);
  const path = m[1].trim(), name = m[2], args = m[3].split(',').map((a) => a.trim());
  const at = `--sample ${path}`;
  if (!(DISTRIBUTIONS as readonly string[]).includes(name)) {
    const guess = closest(name, DISTRIBUTIONS);
    throw new SampleError(`${at}: unknown distribution '${name}'; expected ${DISTRIBUTION_FORMS}${guess ? ` (did you mean '${guess}'?)` : ''}`);
  }
  const targets = resolveTargets(path, base);
  const leaves = targets.map((t) => schemaAt(scenarioSchema, base, t)!);
  const kinds = [...new Set(leaves.map((l) => leafKind(l).kind))];
  const fixed = targets.find((t) => FIXED.has(String(t[0])));
  if (fixed) throw new SampleError(`${at}: ${fixed[0]} cannot be sampled: every run of a batch has the same dates and number of ticks`);
  if (kinds.length > 1) throw new SampleError(`${at}: the paths it matches have different types (${kinds.join(', ')})`);
  const kind = kinds[0];
  if (kind === 'unknown') {
    throw new SampleError(`${at}: a custom policy's parameter cannot be sampled (its module validates its parameters once per batch); ` +
      'run a sweep over it instead (fimasim sweep --vary)');
  }
  const spec = `${name}(${args.join(',')})`;
  const dotted = targets.map((t) => t.join('.'));
  if (name === 'choice') {
    const values = choiceValues(at, args, kind, leaves[0]);
    return { path, spec, dist: { kind: 'choice', values }, targets: dotted, integer: false };
  }
  if (kind !== 'number') {
    throw new SampleError(`${at}: ${name}(...) needs a numeric parameter, but the scenario has ${describeKind(kind)} there; ` +
      'sample it with choice(a,b,...)');
  }
  const nums = numbers(at, name, args, 2);
  const bounds = leaves.map((l) => numberBounds(l));
  const min = tightest(bounds.map((b) => b.min), 1), max = tightest(bounds.map((b) => b.max), -1);
  const integer = bounds.some((b) => b.integer);
  let dist: Distribution;
  if (name === 'normal') {
    const [mean, sd] = nums;
    if (!(sd > 0)) throw new SampleError(`${at}: normal(mean,sd) needs sd > 0, found ${args[1]}`);
    dist = { kind: 'normal', mean, sd, min, max };
    if (!(truncatedMass(dist) > 1e-12)) {
      throw new SampleError(`${at}: normal(${args.join(',')}) truncated to the allowed range ${rangeText(min, max)} keeps no probability; ` +
        'move the mean into the range');
    }
  } else {
    const [lo, hi] = nums;
    if (!(lo < hi)) throw new SampleError(`${at}: ${name}(lo,hi) needs lo < hi, found ${args[0]} and ${args[1]}`);
    if (name === 'loguniform' && !(lo > 0)) throw new SampleError(`${at}: loguniform(lo,hi) needs lo > 0, found ${args[0]}`);
    outside(at, spec, lo, min, max);
    outside(at, spec, hi, min, max);
    dist = { kind: name as 'uniform' | 'loguniform', lo, hi };
  }
  return { path, spec, dist, targets: dotted, integer };
}

/** The concrete paths of `path` in the base scenario, `*` expanded; an unknown key is an error with a suggestion. */
function resolveTargets(path: string, base: Scenario): Key[][] {
  const keys: Key[] = path.split('.').map((k) => (/^\d+$/.test(k) ? Number(k) : k));
  if (keys.some((k) => k === '')) throw new SampleError(`--sample ${path}: an empty key in the path`);
  let found: Key[][] = [[]];
  keys.forEach((k, depth) => {
    const next: Key[][] = [];
    for (const prefix of found) {
      if (k === '*') {
        const v = valueAt(base, prefix);
        if (v && typeof v === 'object') next.push(...Object.keys(v).map((key) => [...prefix, Array.isArray(v) ? Number(key) : key]));
      } else {
        // a record (banks) accepts any key in the schema: the key must be one the scenario has
        const parent = schemaAt(scenarioSchema, base, prefix);
        const container = valueAt(base, prefix);
        if (parent && def(unwrap(parent)).type === 'record' && container && typeof container === 'object' && !(k in container)) {
          const have = Object.keys(container);
          const guess = closest(String(k), have);
          throw new SampleError(`--sample ${path}: the scenario has no '${String(k)}' under ${prefix.join('.')} (it has ${have.join(', ') || 'none'})` +
            `${guess ? `; did you mean '${guess}'?` : ''}`);
        }
        next.push([...prefix, k]);
      }
    }
    const prev = found;
    found = next.filter((p) => schemaAt(scenarioSchema, base, p) !== undefined);
    if (found.length > 0) return;
    const where = keys.slice(0, depth + 1).join('.');
    if (k === '*') throw new SampleError(`--sample ${path}: '*' matches nothing at ${where} (no keys there in the scenario)`);
    const known = knownKeysAt(scenarioSchema, base, prev[0] ?? []);
    const guess = closest(String(k), known);
    throw new SampleError(`--sample ${path}: unknown key '${String(k)}' at ${where}` +
      `${known.length ? ` (expected one of ${known.join(', ')})` : ''}${guess ? `; did you mean '${guess}'?` : ''}`);
  });
  // a path must end at a value (a number, a name), not at an object
  const notLeaf = found.find((p) => ['object', 'record', 'array', 'union'].includes(def(unwrap(schemaAt(scenarioSchema, base, p)!)).type));
  if (notLeaf) throw new SampleError(`--sample ${path}: ${notLeaf.join('.')} is a group of settings, not one value; name a field inside it`);
  return found;
}

function valueAt(v: unknown, path: readonly Key[]): unknown {
  let cur = v;
  for (const k of path) cur = cur && typeof cur === 'object' ? (cur as Record<Key, unknown>)[k] : undefined;
  return cur;
}

function numbers(at: string, name: string, args: string[], count: number): number[] {
  const form = name === 'normal' ? 'normal(mean,sd)' : `${name}(lo,hi)`;
  if (args.length !== count || args.some((a) => a === '')) {
    throw new SampleError(`${at}: ${form} takes ${count} numbers, found ${args.filter((a) => a !== '').length} in '${name}(${args.join(',')})'`);
  }
  return args.map((a) => {
    const v = Number(a);
    if (!Number.isFinite(v)) throw new SampleError(`${at}: ${form} takes numbers, found '${a}'`);
    return v;
  });
}

function choiceValues(at: string, args: string[], kind: string, leaf: z.ZodType): (number | string)[] {
  if (args.length < 2 || args.some((a) => a === '')) {
    throw new SampleError(`${at}: choice(a,b,...) needs at least two values separated by commas, found 'choice(${args.join(',')})'`);
  }
  if (new Set(args).size !== args.length) throw new SampleError(`${at}: a value is listed twice in choice(${args.join(',')})`);
  if (kind === 'number') {
    const b = numberBounds(leaf);
    return args.map((a) => {
      const v = Number(a);
      if (!Number.isFinite(v)) throw new SampleError(`${at}: the scenario has a number there, found '${a}' in choice(...)`);
      if (b.integer && !Number.isInteger(v)) throw new SampleError(`${at}: the scenario has a whole number there, found ${a}`);
      outside(at, `choice(${args.join(',')})`, v, b.min, b.max);
      return v;
    });
  }
  if (kind === 'boolean' && args.some((a) => a !== 'true' && a !== 'false')) {
    throw new SampleError(`${at}: the scenario has true or false there, found choice(${args.join(',')})`);
  }
  if (kind === 'enum' || kind === 'literal') {
    const allowed = leafKind(leaf).values?.map(String) ?? [];
    const bad = args.find((a) => !allowed.includes(a));
    // a policy `name` is a union's discriminator: the extremes check validates it against the union's options
    if (bad !== undefined && allowed.length > 1) {
      const guess = closest(bad, allowed);
      throw new SampleError(`${at}: '${bad}' is not one of ${allowed.join(', ')}${guess ? ` (did you mean '${guess}'?)` : ''}`);
    }
  }
  const module = args.find((a) => /\.m?js$/.test(a));
  if (module) throw new SampleError(`${at}: '${module}' names a policy module; custom policy modules cannot be sampled (give each its own batch)`);
  return args;
}

interface NumberBounds {
  readonly min: Bound | null;
  readonly max: Bound | null;
  readonly integer: boolean;
}

/** The range a zod number schema accepts, read from its checks (min/max/positive/int). */
export function numberBounds(s: z.ZodType): NumberBounds {
  const n = unwrap(s) as z.ZodType & { isInt?: boolean };
  let min: Bound | null = null, max: Bound | null = null;
  for (const c of (def(n).checks as unknown[] | undefined) ?? []) {
    const d = def(c) as Def & { check: string; value?: unknown; inclusive?: boolean };
    if (typeof d.value !== 'number') continue;
    const b = { value: d.value, inclusive: d.inclusive !== false };
    if (d.check === 'greater_than') min = tightest([min, b], 1);
    if (d.check === 'less_than') max = tightest([max, b], -1);
  }
  return { min, max, integer: n.isInt === true };
}

/** The tightest of several bounds: the largest minimum (side 1) or the smallest maximum (side −1). */
function tightest(bounds: readonly (Bound | null)[], side: 1 | -1): Bound | null {
  let best: Bound | null = null;
  for (const b of bounds) {
    if (b === null) continue;
    if (best === null || side * b.value > side * best.value || (b.value === best.value && !b.inclusive)) best = b;
  }
  return best;
}

function outside(at: string, spec: string, v: number, min: Bound | null, max: Bound | null): void {
  const below = min && (v < min.value || (v === min.value && !min.inclusive));
  const above = max && (v > max.value || (v === max.value && !max.inclusive));
  if (below || above) {
    throw new SampleError(`${at}=${spec}: ${v} is outside the range the scenario allows there, ${rangeText(min, max)}`);
  }
}

const rangeText = (min: Bound | null, max: Bound | null): string =>
  `${min ? `${min.inclusive ? '[' : '('}${min.value}` : '(−∞'}, ${max ? `${max.value}${max.inclusive ? ']' : ')'}` : '∞)'}`;

const describeKind = (kind: string): string => (kind === 'enum' || kind === 'literal' ? 'a name' : `a ${kind}`);
