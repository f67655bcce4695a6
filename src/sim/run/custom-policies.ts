// The policies a scenario needs: the built-in rule sets plus the custom modules it names (design §4). The loader has
// already made every module path absolute (scenario/policy-modules.ts), so this works the same from the CLI and
// from a batch worker that only has the resolved scenario. Problems with a module (it cannot be imported, it has
// the wrong shape, its parameters do not validate) are reported together as a ScenarioError, each at the path of
// the policy that names the module.
import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { z } from 'zod';
import type { StandardSchemaV1 } from '../../policy-module.js';
import type { Action, AgentKind, AgentSelves, MarketView, PolicyContext, PolicyFactory, PolicyRegistry, Uniform } from '../../contracts.js';
import { BUILT_IN_POLICIES, registry, type ModuleFactories } from './policies.js';
import type { Scenario } from '../scenario/schema.js';
import { ScenarioError, describeValue, pathString, problemsFromZod, type Problem } from '../scenario/problems.js';
import { moduleUses, type PolicySlot } from '../scenario/policy-modules.js';

const KINDS: readonly AgentKind[] = ['bank', 'treasury', 'fima'];
const CONTRACT = '{ kind, name, params, init, decide } (as named exports or one default-exported object)';

interface CheckedModule {
  readonly kind: AgentKind;
  readonly name: string;
  readonly schema: StandardSchemaV1;
  // a module's parameters and state are typed by its own schema, which fimasim sees only at run time
  readonly init: (params: unknown, self: AgentSelves[AgentKind]['init'], ctx: PolicyContext) => unknown;
  readonly decide: (view: MarketView, self: AgentSelves[AgentKind]['tick'], params: unknown, state: unknown, rng: Uniform) => readonly Action[];
}

/**
 * The registry for a loaded (or resolved) scenario. Without custom modules it is the built-in registry.
 * `source` names the scenario in error messages.
 */
export async function policiesFor(loaded: { readonly scenario: Scenario; readonly source?: string }): Promise<PolicyRegistry> {
  const uses = moduleUses(loaded.scenario);
  if (uses.length === 0) return BUILT_IN_POLICIES;
  const problems: Problem[] = [];
  const checked = new Map<string, CheckedModule | null>();
  for (const use of uses) {
    if (!checked.has(use.module)) checked.set(use.module, await importModule(use.module, use.slot, problems));
    const mod = checked.get(use.module);
    if (!mod) continue;
    const at = use.slot.path.join('.');
    if (mod.kind !== use.slot.kind) {
      problems.push({ path: at, expected: `a ${use.slot.kind} policy for agent '${use.slot.agent}'`, found: `module '${use.module}' exports a ${mod.kind} policy ('${mod.name}')` });
      continue;
    }
    const result = validateParams(mod.schema, use.params);
    if (result.problems) problems.push(...result.problems.map((p) => ({ ...p, path: p.path ? `${at}.${p.path}` : at })));
  }
  if (problems.length) throw new ScenarioError(loaded.source ?? loaded.scenario.name, problems);
  const modules = new Map<string, ModuleFactories>();
  for (const [file, mod] of checked) modules.set(file, { [mod!.kind]: bind(file, mod!) });
  return registry({}, modules);
}

async function importModule(file: string, slot: PolicySlot, problems: Problem[]): Promise<CheckedModule | null> {
  const at = slot.path.join('.');
  const agent = `a ${slot.kind} policy module for agent '${slot.agent}'`;
  let ns: Record<string, unknown>;
  try {
    ns = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    const found = !existsSync(file) ? `no such file '${file}'`
      : `'${file}', which failed to load: ${err.message ?? String(e)}`;
    problems.push({ path: at, expected: agent, found });
    return null;
  }
  const exp = (typeof ns.default === 'object' && ns.default !== null ? ns.default : ns) as Record<string, unknown>;
  const wrong: string[] = [];
  if (!KINDS.includes(exp.kind as AgentKind)) wrong.push(`kind is ${describeValue(exp.kind)} (expected 'bank', 'treasury' or 'fima')`);
  if (typeof exp.name !== 'string' || exp.name === '') wrong.push(`name is ${describeValue(exp.name)} (expected a non-empty string)`);
  for (const fn of ['init', 'decide'] as const) if (typeof exp[fn] !== 'function') wrong.push(`${fn} is ${describeValue(exp[fn])} (expected a function)`);
  let schema: StandardSchemaV1 | undefined;
  try {
    schema = paramsSchema(exp.params);
    if (!schema) wrong.push(`params is ${describeValue(exp.params)} (expected a Standard Schema such as a zod schema, or (z) => schema)`);
  } catch (e) {
    wrong.push(`params(z) threw: ${(e as Error).message}`);
  }
  if (wrong.length) {
    problems.push({ path: at, expected: `${agent} exporting ${CONTRACT}`, found: `'${file}' where ${wrong.join('; ')}` });
    return null;
  }
  return { kind: exp.kind as AgentKind, name: exp.name as string, schema: schema!, init: exp.init as CheckedModule['init'], decide: exp.decide as CheckedModule['decide'] };
}

const isStandardSchema = (v: unknown): v is StandardSchemaV1 =>
  (typeof v === 'object' || typeof v === 'function') && v !== null && typeof (v as StandardSchemaV1)['~standard']?.validate === 'function';

/** `params` is a Standard Schema, or a function of fimasim's zod that returns one. */
function paramsSchema(params: unknown): StandardSchemaV1 | undefined {
  if (isStandardSchema(params)) return params;
  if (typeof params === 'function') {
    const made: unknown = (params as (zod: typeof z) => unknown)(z);
    return isStandardSchema(made) ? made : undefined;
  }
  return undefined;
}

/** Validates synchronously; zod schemas get fimasim's usual problem wording (expected, found, did you mean). */
function validateParams(schema: StandardSchemaV1, params: unknown): { value?: unknown; problems?: Problem[] } {
  const result = schema['~standard'].validate(params);
  if (result instanceof Promise) return { problems: [{ path: '', expected: 'a parameter schema that validates synchronously', found: 'an asynchronous one' }] };
  if (!result.issues) return { value: result.value };
  if ('_zod' in schema) return { problems: problemsFromZod(result.issues as never, params, schema as unknown as z.ZodType) };
  return { problems: result.issues.map((issue) => {
    const path = (issue.path ?? []).map((k) => (typeof k === 'object' && k !== null ? k.key : k));
    return { path: pathString(path), expected: issue.message, found: describeValue(valueAt(params, path)) };
  }) };
}

function valueAt(v: unknown, path: readonly PropertyKey[]): unknown {
  for (const k of path) v = v && typeof v === 'object' ? (v as Record<PropertyKey, unknown>)[k] : undefined;
  return v;
}

/**
 * The module as the engine calls it. Starting it for an agent validates that agent's parameters (with defaults
 * filled in) and keeps them beside the module's fresh state, so two agents on one module each get their own; the
 * name carries the module path, so every engine message about this policy (it threw, it returned garbage) names
 * the module.
 */
function bind<K extends AgentKind>(file: string, mod: CheckedModule): PolicyFactory<K> {
  const agentOf = (self: AgentSelves[AgentKind]['init']): string => (self ? self.id : mod.kind === 'treasury' ? 'treasury' : 'boj');
  const name = `${mod.name} (module ${file})`;
  return (selection) => ({
    name,
    start(self, ctx) {
      const checked = validateParams(mod.schema, selection.params ?? {});
      if (checked.problems) {
        throw new Error(`custom policy module '${file}' for agent '${agentOf(self)}': invalid parameters: ${checked.problems.map((p) => `${p.path || '(params)'}: expected ${p.expected}, found ${p.found}`).join('; ')}`);
      }
      const params = checked.value;
      let state: unknown;
      try {
        state = mod.init(params, self, ctx);
      } catch (e) {
        throw new Error(`custom policy module '${file}' for agent '${agentOf(self)}': init() threw: ${e instanceof Error ? e.message : String(e)}`);
      }
      return { name, decide: (view, me, rng) => mod.decide(view, me, params, state, rng) };
    },
  });
}
