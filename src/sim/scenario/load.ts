// Loading a scenario: a built-in name or a JSON file, `extends` resolved, `--set`s applied, then validated once into
// a fully defaulted object. Every problem is collected and reported together, each with its path.
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { scenarioSchema, type Scenario } from './schema.js';
import { ScenarioError, closest, describeValue, problemsFromZod, type Problem } from './problems.js';
import { defaultOf, isEntityMapAt, knownKeysAt, leafKind, schemaAt } from './schema-walk.js';
import { semanticProblems } from './checks.js';
import { canonicalizePolicyModules, customParamsPath, moduleDigests, scenarioHashWithModules } from './policy-modules.js';
import { jsonErrorOffset, lineAndColumn } from './json-position.js';
import { isObject, jsonShapeProblems, type Json } from './json.js';
import { applyStartFromData, openingData, plainStart, startSpecOf } from './start-from-data.js';
import { DataError, formatDataProblem, type Dataset } from '../../data/dataset.js';

export const BUILT_IN_DIR = fileURLToPath(new URL('../../../scenarios/', import.meta.url));

export function builtInNames(): string[] {
  return readdirSync(BUILT_IN_DIR).filter((f) => f.endsWith('.json')).map((f) => f.slice(0, -5)).sort();
}

export interface LoadedScenario {
  readonly scenario: Scenario;
  readonly hash: string;
  readonly source: string; // the built-in name or the file's absolute path
}


/** `extends` semantics: objects merge key by key; arrays and scalars replace; null deletes a map entry;
 *  an object whose `name` differs (a policy switched to another rule set) replaces rather than merges. */
export function deepMerge(base: Json, over: Json, key = ''): Json {
  if (!isObject(base) || !isObject(over)) return over;
  if (key === 'policy' && typeof over.name === 'string' && over.name !== base.name) return over;
  const out: Record<string, Json> = { ...base };
  for (const [k, v] of Object.entries(over)) {
    if (v === null && (isObject(base[k]) || !(k in base))) delete out[k]; // null removes a map entry
    else out[k] = k in base ? deepMerge(base[k], v, k) : v;
  }
  return out;
}

function readJson(file: string, label: string): Json {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new ScenarioError(label, [{ path: '', expected: 'a readable scenario file', found: code === 'ENOENT' ? 'no such file' : `an unreadable file (${code})` }]);
  }
  let doc: Json;
  try {
    doc = JSON.parse(text) as Json;
  } catch (e) {
    const offset = jsonErrorOffset(text);
    const where = offset === null ? '' : (({ line, column }) => ` at line ${line}, column ${column}`)(lineAndColumn(text, offset));
    throw new ScenarioError(label, [{ path: '', expected: 'valid JSON', found: `invalid JSON${where} (${(e as Error).message})` }]);
  }
  const shape = jsonShapeProblems(doc);
  if (shape.length) throw new ScenarioError(label, shape);
  return doc;
}

/** The raw (unvalidated) content of a reference with its `extends` chain merged in. */
function resolveRaw(ref: string, chain: string[] = []): { raw: Json; source: string } {
  const isFile = ref.endsWith('.json') || ref.includes('/') || ref.includes('\\');
  const builtIns = builtInNames();
  if (!isFile && !builtIns.includes(ref)) {
    throw new ScenarioError(ref, [{ path: chain.length ? 'extends' : '--scenario', expected: `a built-in scenario (${builtIns.join(', ')}) or a .json file`,
      found: `'${ref}'`, suggestion: closest(ref, builtIns) }]);
  }
  const file = isFile ? resolve(ref) : resolve(BUILT_IN_DIR, `${ref}.json`);
  const source = isFile ? file : ref;
  if (chain.includes(source)) throw new ScenarioError(source, [{ path: 'extends', expected: 'no cycle', found: `a cycle ${[...chain, source].join(' → ')}` }]);
  const raw = readJson(file, source);
  if (!isObject(raw)) throw new ScenarioError(source, [{ path: '', expected: 'a JSON object', found: describeValue(raw) }]);
  // custom policy modules are relative to the file that names them, so each file is canonicalised before merging
  // "$schema" names the JSON Schema for editors (json-schema.ts): not part of the scenario
  const { extends: parent, $schema: _schema, ...own } = canonicalizePolicyModules(raw, dirname(file)) as Record<string, Json>;
  if (isFile && own.name === undefined) own.name = basename(file, '.json');
  if (parent === undefined) return { raw: own, source };
  if (typeof parent !== 'string') throw new ScenarioError(source, [{ path: 'extends', expected: 'the name of a built-in scenario', found: describeValue(parent) }]);
  if (!builtIns.includes(parent)) {
    throw new ScenarioError(source, [{ path: 'extends', expected: `a built-in scenario (${builtIns.join(', ')})`, found: `'${parent}'`, suggestion: closest(parent, builtIns) }]);
  }
  const base = resolveRaw(parent, [...chain, source]);
  return { raw: deepMerge(base.raw, own), source };
}

/** Applies `path=value` overrides, parsing each value to the schema's type at that path. */
export function applySets(raw: Json, sets: readonly string[]): { raw: Json; problems: Problem[] } {
  const problems: Problem[] = [];
  let doc = structuredClone(raw) as Record<string, Json>;
  for (const set of sets) {
    const eq = set.indexOf('=');
    if (eq <= 0) { problems.push({ path: `--set ${set}`, expected: 'path=value', found: `'${set}'` }); continue; }
    const pathText = set.slice(0, eq), text = set.slice(eq + 1);
    doc = canonicalizePolicyModules(doc, process.cwd()) as Record<string, Json>; // a --set module path is relative to the working directory
    const path = customParamsPath(doc, pathText.split('.').map((k) => (/^\d+$/.test(k) ? Number(k) : k)));
    const misspelt = misspeltMapKey(doc, path);
    if (misspelt) {
      problems.push({ path: `--set ${pathText}`, expected: `one of ${misspelt.map} (${misspelt.keys.join(', ')}) at '${misspelt.key}'`,
        found: `an unknown id '${misspelt.key}'`, suggestion: misspelt.suggestion });
      continue;
    }
    doc = withDefaultsAlong(doc, path) as Record<string, Json>;
    const leaf = schemaAt(scenarioSchema, doc, path);
    if (!leaf) {
      let depth = path.length - 1;
      while (depth > 0 && !schemaAt(scenarioSchema, doc, path.slice(0, depth))) depth--;
      const bad = String(path[depth]);
      const parent = path.slice(0, depth).reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[k as string] : undefined), doc);
      if (Array.isArray(parent)) {
        const where = path.slice(0, depth).join('.');
        problems.push({ path: `--set ${pathText}`, expected: parent.length ? `an index of ${where} from 0 to ${parent.length - 1} (add elements in a scenario file)` : `${where} to have elements (it is empty; add them in a scenario file)`,
          found: `'${bad}'` });
        continue;
      }
      const known = knownKeysAt(scenarioSchema, doc, path.slice(0, depth));
      problems.push({ path: `--set ${pathText}`, expected: known.length ? `a path through one of ${known.join(', ')} at '${bad}'` : 'a path that exists in the scenario schema',
        found: `an unknown key '${bad}'`, suggestion: closest(bad, known) });
      continue;
    }
    const parsed = parseValue(text, leafKind(leaf));
    if ('error' in parsed) { problems.push({ path: `--set ${pathText}`, expected: parsed.error, found: `'${text}'` }); continue; }
    const shape = jsonShapeProblems(parsed.value);
    if (shape.length) { problems.push(...shape.map((p) => ({ ...p, path: `--set ${pathText}${p.path === '(top level)' ? '' : p.path.startsWith('[') ? p.path : `.${p.path}`}` }))); continue; }
    doc = setPath(doc, path, parsed.value) as Record<string, Json>;
  }
  return { raw: canonicalizePolicyModules(doc, process.cwd()), problems };
}

/**
 * A key along `path` that is not an entry of an entity map (`banks`) but is close to one: `banks.mfug` for `mufg`.
 * An id far from every entry may be a new entry (several `--set`s can build one), so only a near miss is reported.
 */
function misspeltMapKey(doc: Json, path: readonly (string | number)[]): { map: string; key: string; keys: string[]; suggestion: string } | null {
  for (let i = 0; i < path.length - 1; i++) {
    const container = valueAt(doc, path.slice(0, i));
    const key = path[i];
    if (!isObject(container) || typeof key !== 'string' || Object.hasOwn(container, key) || !isEntityMapAt(scenarioSchema, doc, path.slice(0, i))) continue;
    const keys = Object.keys(container);
    const suggestion = closest(key, keys);
    if (suggestion) return { map: path.slice(0, i).join('.'), key, keys, suggestion };
  }
  return null;
}

/**
 * In a file, a misspelt id of an entity map (`"banks": { "mfug": { "holdings": 3 } }` beside `mufg`) reads as a new,
 * incomplete entry: its problems (missing label, policy, …) are replaced by one naming the likely id.
 */
function withMisspeltIds(doc: Json, problems: Problem[]): Problem[] {
  const out = [...problems];
  const visit = (v: Json, path: string[]): void => {
    if (!isObject(v)) return;
    if (path.length && isEntityMapAt(scenarioSchema, doc, path)) {
      for (const key of Object.keys(v)) {
        const prefix = [...path, key].join('.');
        const under = out.filter((p) => p.path === prefix || p.path.startsWith(`${prefix}.`));
        // only an entry that is well named but incomplete: a key the map refuses (not a valid id) keeps its own message
        const incomplete = under.length > 0 && under.every((p) => p.path !== prefix);
        const suggestion = incomplete ? closest(key, Object.keys(v).filter((k) => k !== key)) : undefined;
        if (!suggestion) continue;
        const at = out.indexOf(under[0]);
        for (const p of under) out.splice(out.indexOf(p), 1);
        out.splice(at, 0, { path: prefix, expected: `one of the ids of ${path.join('.')} (${Object.keys(v).filter((k) => k !== key).join(', ')}), or a complete new entry`,
          found: `a new id '${key}' with ${under.length} problem${under.length === 1 ? '' : 's'} (${under.map((p) => p.path.slice(prefix.length + 1) || '(entry)').join(', ')})`, suggestion });
      }
      return;
    }
    for (const [k, child] of Object.entries(v)) visit(child, [...path, k]);
  };
  visit(doc, []);
  return out;
}

/**
 * Fills in, along `path`, the objects a scenario leaves to the schema's defaults, so a `--set` can reach into them:
 * `treasury.policy.propensity` on a file without a `treasury` block needs the default `{ name: 'stabilise' }` to
 * know which rule set's parameters it addresses. Validation gives the same result with or without them.
 */
function withDefaultsAlong(doc: Json, path: readonly (string | number)[]): Json {
  let out = doc;
  for (let depth = 1; depth < path.length; depth++) {
    const prefix = path.slice(0, depth);
    if (valueAt(out, prefix) !== undefined) continue;
    const s = schemaAt(scenarioSchema, out, prefix);
    const fill = s ? defaultOf(s) : undefined;
    if (!isObject(fill)) return out;
    out = setPath(out, prefix, fill);
  }
  return out;
}

function valueAt(doc: Json, path: readonly (string | number)[]): Json | undefined {
  let v: Json | undefined = doc;
  for (const k of path) v = isObject(v) || Array.isArray(v) ? (v as Record<string | number, Json>)[k] : undefined;
  return v;
}

function parseValue(text: string, leaf: { kind: string; values?: unknown[]; nullable?: boolean }): { value: Json } | { error: string } {
  if (leaf.nullable && text === 'null') return { value: null };
  switch (leaf.kind) {
    case 'number': {
      const v = Number(text);
      return text.trim() !== '' && Number.isFinite(v) ? { value: v } : { error: 'a number' };
    }
    case 'boolean':
      return text === 'true' || text === 'false' ? { value: text === 'true' } : { error: 'true or false' };
    case 'enum':
    case 'literal':
      return { value: text }; // validation reports the allowed values and a suggestion
    case 'string':
      return { value: text };
    case 'unknown': // a custom policy's parameter: JSON if it parses, else the text itself
      try { return { value: JSON.parse(text) as Json }; } catch { return { value: text }; }
    default:
      try { return { value: JSON.parse(text) as Json }; } catch { return { error: `JSON for a ${leaf.kind}` }; }
  }
}

function setPath(doc: Json, path: readonly (string | number)[], value: Json): Json {
  if (path.length === 0) return value;
  const [head, ...rest] = path;
  const container = (isObject(doc) || Array.isArray(doc) ? doc : {}) as Record<string | number, Json>;
  const copy = (Array.isArray(container) ? [...container] : { ...container }) as Record<string | number, Json>;
  // switching a policy to another rule set drops the old rule set's parameters
  if (rest.length === 0 && head === 'name' && typeof container.name === 'string' && container.name !== value) return { name: value };
  copy[head] = setPath(container[head] ?? null, rest, value);
  return copy as Json;
}

/** How a scenario opens: from its own numbers (the default), or from the data as of a date (start-from-data.ts). */
export interface LoadOptions {
  /** `--start`: open from the data as of this date. */
  readonly start?: string;
  /** `--realised-policy`: the policy rate follows the data from the start. */
  readonly realisedPolicy?: boolean;
  /** `--data`: a folder of series (else FIMASIM_DATA, else the bundled data/). */
  readonly dataDir?: string;
  /** Already loaded series (a backtest loads them once for every origin). */
  readonly data?: Dataset;
}

/** Loads, merges, overrides and validates; throws ScenarioError listing every problem. */
export function loadScenario(ref: string, sets: readonly string[] = [], opts: LoadOptions = {}): LoadedScenario {
  const resolved = resolveRaw(ref);
  const { source } = resolved;
  const { raw, problems: startProblems } = openingDocument(resolved.raw, sets, opts);
  const applied = applySets(raw, sets);
  const result = scenarioSchema.safeParse(applied.raw, { reportInput: true });
  const problems = [...startProblems, ...applied.problems];
  if (!result.success) problems.push(...withMisspeltIds(applied.raw, problemsFromZod(result.error.issues, applied.raw, scenarioSchema)));
  else problems.push(...semanticProblems(result.data));
  const modules = result.success ? moduleDigests(result.data) : undefined;
  if (modules) problems.push(...modules.problems);
  if (problems.length) throw new ScenarioError(source, problems);
  const scenario = result.data!;
  return { scenario, hash: scenarioHashWithModules(scenario, modules!.digests), source };
}

/**
 * The document a scenario opens from: with a start from data, the data's opening state written in (the `--set`s
 * still win, applied after); otherwise the document with a plain start date. `dataStart` is always the loader's.
 */
function openingDocument(raw: Json, sets: readonly string[], opts: LoadOptions): { raw: Json; problems: Problem[] } {
  const { spec, problems } = startSpecOf(raw, opts);
  const plain = plainStart(raw);
  if (!spec || problems.length) return { raw: isObject(plain) ? withoutDataStart(plain) : plain, problems };
  const probe = applySets(plain, sets).raw; // the run's length, as the --sets leave it
  const ticks = isObject(probe) && typeof probe.ticks === 'number' ? probe.ticks : (defaultOf(scenarioSchema.shape.ticks) as number);
  const where = opts.start !== undefined ? '--start' : 'start.date';
  try {
    const { raw: opened, start } = applyStartFromData(plain, spec, ticks, opts.data ?? openingData(opts.dataDir));
    return { raw: { ...(opened as Record<string, Json>), dataStart: start as unknown as Json }, problems };
  } catch (e) {
    if (!(e instanceof DataError)) throw e;
    return { raw: plain, problems: e.problems.map((p) => ({ path: where, expected: `a date the data covers (${spec.date} asked)`, found: formatDataProblem(p) })) };
  }
}

function withoutDataStart(doc: Record<string, Json>): Record<string, Json> {
  const { dataStart: _, ...rest } = doc;
  return rest;
}

export const isScenarioFile = (ref: string): boolean => existsSync(ref) && ref.endsWith('.json');
