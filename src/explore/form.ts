// The page's form, generated from the scenario schema (zod 4's JSON Schema) walked along a validated scenario:
// every editable leaf with its path (the `--set` path), group (the agent), unit, default, range and description;
// each policy as a choice among the built-in rule sets, followed by the chosen rule set's own parameters.
// Lists (the timeline) and a custom policy's module are shown, not edited: they come from scenario files on disk.
import { z } from 'zod';
import { scenarioSchema, type Scenario } from '../sim/scenario/schema.js';

export type FieldKind = 'number' | 'integer' | 'boolean' | 'enum' | 'string' | 'policy';

export interface FormField {
  readonly path: string; // dot path, as `--set` takes it
  readonly group: string; // 'market', 'banks.mufg', 'crypto', …
  readonly label: string; // the path within the group
  readonly kind: FieldKind;
  readonly value: unknown; // the value in the scenario shown
  readonly default?: unknown;
  readonly min?: number;
  readonly max?: number;
  readonly exclusiveMin?: boolean;
  readonly exclusiveMax?: boolean;
  readonly nullable?: boolean;
  readonly options?: readonly string[]; // enum values, or the rule sets a policy may switch to
  readonly unit?: string;
  readonly description?: string;
}

export interface ReadOnlyPart {
  readonly path: string;
  readonly why: string;
  readonly value: unknown;
}

export interface FormDescription {
  readonly fields: readonly FormField[];
  readonly readOnly: readonly ReadOnlyPart[];
}

interface JsonSchema {
  type?: string;
  const?: unknown;
  enum?: unknown[];
  default?: unknown;
  description?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  properties?: Record<string, JsonSchema>;
  additionalProperties?: JsonSchema | boolean;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
}

/** Top-level keys that are the scenario's identity or written by the loader, not parameters. */
const NOT_PARAMETERS = new Set(['extends', 'name', 'description', 'dataStart']);

let cached: JsonSchema | undefined;
export const scenarioJsonSchema = (): JsonSchema =>
  (cached ??= z.toJSONSchema(scenarioSchema, { io: 'input', unrepresentable: 'any' }) as JsonSchema);

export function describeForm(scenario: Scenario): FormDescription {
  const fields: FormField[] = [];
  const readOnly: ReadOnlyPart[] = [];
  const root = scenarioJsonSchema();
  for (const [key, s] of Object.entries(root.properties ?? {})) {
    if (NOT_PARAMETERS.has(key)) continue;
    walk(s, (scenario as Record<string, unknown>)[key], [key], fields, readOnly);
  }
  return { fields, readOnly };
}

function groupOf(path: readonly string[]): { group: string; label: string } {
  const depth = path[0] === 'banks' ? 2 : path.length === 1 ? 0 : 1;
  return depth === 0 ? { group: 'run', label: path[0] } : { group: path.slice(0, depth).join('.'), label: path.slice(depth).join('.') };
}

/** "percent: 10y yield at tick 0" → unit 'percent'; a description that is only a unit ('ticks') is the unit. */
export function splitUnit(description: string | undefined): { unit?: string; description?: string } {
  if (!description) return {};
  const m = /^([^:]{1,28}):\s+(.*)$/s.exec(description);
  if (m && !/[(),;]/.test(m[1])) return { unit: m[1], description: m[2] };
  if (/^(ticks|years|percent|bp|USD bn|USD|percent per year|bp per tick|USD bn per counterparty)$/.test(description)) return { unit: description };
  return { description };
}

function walk(s: JsonSchema, value: unknown, path: string[], fields: FormField[], readOnly: ReadOnlyPart[]): void {
  const variants = s.oneOf ?? (s.anyOf && s.anyOf.every((v) => v.properties?.name?.const !== undefined) ? s.anyOf : undefined);
  if (variants && variants.every((v) => v.properties?.name?.const !== undefined)) return policy(s, variants, value, path, fields, readOnly);
  const nonNull = s.anyOf?.filter((v) => v.type !== 'null');
  const nullable = s.anyOf !== undefined && nonNull!.length < s.anyOf.length;
  const inner: JsonSchema = nonNull && nonNull.length === 1 ? { ...nonNull[0], description: s.description ?? nonNull[0].description, default: s.default } : s;
  if (inner.type === 'object') {
    if (value === null || value === undefined) {
      readOnly.push({ path: path.join('.'), why: 'not set in this scenario (set it in a scenario file)', value: null });
      return;
    }
    const v = value as Record<string, unknown>;
    if (inner.properties) for (const [k, sub] of Object.entries(inner.properties)) walk(sub, v[k], [...path, k], fields, readOnly);
    if (typeof inner.additionalProperties === 'object') {
      for (const k of Object.keys(v).sort()) if (!inner.properties?.[k]) walk(inner.additionalProperties, v[k], [...path, k], fields, readOnly);
    }
    return;
  }
  if (inner.type === 'array' || (inner.type === undefined && inner.enum === undefined && inner.const === undefined)) {
    readOnly.push({ path: path.join('.'), why: 'a list: edit it in a scenario file', value });
    return;
  }
  if (inner.const !== undefined) return; // a single allowed value: nothing to choose
  const kind: FieldKind = inner.enum ? 'enum' : inner.type === 'integer' ? 'integer' : inner.type === 'number' ? 'number'
    : inner.type === 'boolean' ? 'boolean' : 'string';
  fields.push({
    path: path.join('.'), ...groupOf(path), kind, value, ...splitUnit(inner.description),
    ...(inner.default !== undefined ? { default: inner.default } : {}),
    ...(inner.minimum !== undefined ? { min: inner.minimum } : inner.exclusiveMinimum !== undefined ? { min: inner.exclusiveMinimum, exclusiveMin: true } : {}),
    ...(inner.maximum !== undefined ? { max: inner.maximum } : inner.exclusiveMaximum !== undefined ? { max: inner.exclusiveMaximum, exclusiveMax: true } : {}),
    ...(nullable ? { nullable: true } : {}),
    ...(inner.enum ? { options: inner.enum.map(String) } : {}),
  });
}

function policy(s: JsonSchema, variants: JsonSchema[], value: unknown, path: string[], fields: FormField[], readOnly: ReadOnlyPart[]): void {
  const names = variants.map((v) => String(v.properties!.name.const)).filter((n) => n !== 'custom');
  const current = (value as { name?: string } | undefined)?.name;
  const namePath = [...path, 'name'];
  fields.push({ path: namePath.join('.'), ...groupOf(namePath), kind: 'policy', value: current, options: names,
    ...(s.default !== undefined ? { default: (s.default as { name?: string }).name } : {}), description: 'rule set (switching drops the old rule set\'s parameters)' });
  if (current === 'custom') {
    readOnly.push({ path: path.join('.'), why: 'a custom policy module: it comes from the scenario file on disk and is not edited here', value });
    return;
  }
  const chosen = variants.find((v) => v.properties!.name.const === current);
  if (!chosen?.properties) return;
  for (const [k, sub] of Object.entries(chosen.properties)) if (k !== 'name') walk(sub, (value as Record<string, unknown>)[k], [...path, k], fields, readOnly);
}
