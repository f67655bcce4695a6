// Custom policy modules in scenario files (design §4, §7). A user writes `"policy": { "name": "./my-policy.mjs",
// ...params }` with the path relative to the scenario file. Before validation this step rewrites it to the canonical
// `{ name: 'custom', module: <absolute path>, params: { ...params } }`, so the schema, `--set`, the manifest and the
// worker threads all see one form whose path no longer depends on where the scenario file was.
//
// The scenario hash covers each module's file content (sha256) instead of its path: editing the module changes the
// hash, moving the checkout does not. Only the module file itself is hashed, not what it imports.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { isCustomPolicyName } from '../../agents/schema-helpers.js';
import type { AgentKind } from '../../contracts.js';
import type { Scenario } from './schema.js';
import type { Problem } from './problems.js';
import { scenarioHash } from './hash.js';
import { isObject, type Json } from './json.js';


/** Where a policy sits in a scenario: its path, the agent kind it must serve and the agent it drives. */
export interface PolicySlot {
  readonly path: readonly string[]; // e.g. ['banks', 'mufg', 'policy']
  readonly kind: AgentKind;
  readonly agent: string; // a bank id, 'treasury' or 'boj', as the engine names them
}

/** The policy slots of a scenario document (raw or validated), banks in id order. */
export function policySlots(doc: unknown): PolicySlot[] {
  const slots: PolicySlot[] = [];
  const banks = isObject(doc) ? doc.banks : undefined;
  if (isObject(banks)) for (const id of Object.keys(banks).sort()) slots.push({ path: ['banks', id, 'policy'], kind: 'bank', agent: id });
  slots.push({ path: ['treasury', 'policy'], kind: 'treasury', agent: 'treasury' });
  slots.push({ path: ['fed', 'policy'], kind: 'fima', agent: 'boj' });
  return slots;
}

function at(doc: unknown, path: readonly string[]): unknown {
  let v = doc;
  for (const k of path) v = isObject(v) ? v[k] : undefined;
  return v;
}

/**
 * Rewrites every `{ name: './x.mjs', ...params }` policy to `{ name: 'custom', module: <absolute>, params }`, with
 * relative paths resolved against `baseDir` (the scenario file's folder, or the working directory for `--set`).
 * A canonical policy with a relative `module` is resolved the same way; anything else is left for validation.
 */
export function canonicalizePolicyModules(doc: Json, baseDir: string): Json {
  if (!isObject(doc)) return doc;
  let out: Json = doc;
  for (const slot of policySlots(doc)) {
    const policy = at(out, slot.path);
    if (!isObject(policy)) continue;
    const name: unknown = policy.name;
    let canonical: Json | undefined;
    if (isCustomPolicyName(name)) {
      const { name: _file, ...params } = policy;
      canonical = { name: 'custom', module: resolveModule(name, baseDir), params };
    } else if (name === 'custom' && typeof policy.module === 'string' && !isAbsolute(policy.module)) {
      canonical = { ...policy, module: resolveModule(policy.module, baseDir) };
    }
    if (canonical !== undefined) out = setIn(out, slot.path, canonical);
  }
  return out;
}

const resolveModule = (file: string, baseDir: string): string => resolve(baseDir, file);

function setIn(doc: Json, path: readonly string[], value: Json): Json {
  if (path.length === 0) return value;
  const [head, ...rest] = path;
  const obj = isObject(doc) ? doc : {};
  return { ...obj, [head]: setIn(obj[head] ?? null, rest, value) };
}

/**
 * A `--set` path into a custom policy's parameters may skip `params`, as the scenario file does:
 * `banks.mufg.policy.minTicks` means `banks.mufg.policy.params.minTicks` when mufg's policy is a module.
 */
export function customParamsPath(doc: unknown, path: readonly (string | number)[]): (string | number)[] {
  for (let i = 0; i < path.length - 1; i++) {
    if (path[i] !== 'policy') continue;
    const policy = at(doc, path.slice(0, i + 1).map(String));
    const key = path[i + 1];
    if (isObject(policy) && policy.name === 'custom' && key !== 'name' && key !== 'module' && key !== 'params') {
      return [...path.slice(0, i + 1), 'params', ...path.slice(i + 1)];
    }
  }
  return [...path];
}

/** The custom modules a validated scenario uses: slot, absolute path, raw params. */
export interface ModuleUse {
  readonly slot: PolicySlot;
  readonly module: string;
  readonly params: Record<string, unknown>;
}

export function moduleUses(scenario: Scenario): ModuleUse[] {
  const uses: ModuleUse[] = [];
  for (const slot of policySlots(scenario)) {
    const p = at(scenario, slot.path) as { name?: string; module?: string; params?: Record<string, unknown> } | undefined;
    if (p?.name === 'custom' && typeof p.module === 'string') uses.push({ slot, module: p.module, params: p.params ?? {} });
  }
  return uses;
}

/** sha256 of each module's content; a module that cannot be read is a problem at its policy's path. */
export function moduleDigests(scenario: Scenario): { digests: Map<string, string>; problems: Problem[] } {
  const digests = new Map<string, string>();
  const problems: Problem[] = [];
  for (const use of moduleUses(scenario)) {
    if (digests.has(use.module)) continue;
    try {
      digests.set(use.module, createHash('sha256').update(readFileSync(use.module)).digest('hex'));
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      problems.push({ path: use.slot.path.join('.'), expected: `a policy module file for agent '${use.slot.agent}' (.js or .mjs, relative to the scenario file)`,
        found: code === 'ENOENT' ? `no such file '${use.module}'` : `an unreadable file '${use.module}' (${code ?? (e as Error).message})` });
    }
  }
  return { digests, problems };
}

/** The hashed form: each custom module's path replaced by its content digest. */
function hashView(scenario: Scenario, digests: ReadonlyMap<string, string>): unknown {
  let doc = scenario as unknown as Json;
  for (const use of moduleUses(scenario)) {
    const policy = at(doc, use.slot.path) as Record<string, Json>;
    doc = setIn(doc, use.slot.path, { ...policy, module: `sha256:${digests.get(use.module) ?? 'missing'}` });
  }
  return doc;
}

/** The scenario hash of design §7, with custom modules hashed by content. Throws nothing: pass the digests in. */
export function scenarioHashWithModules(scenario: Scenario, digests: ReadonlyMap<string, string>): string {
  return digests.size === 0 ? scenarioHash(scenario) : scenarioHash(hashView(scenario, digests));
}
