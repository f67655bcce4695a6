// The scenario schema as JSON Schema (draft 2020-12), generated from the zod schema (zod 4's toJSONSchema), so an
// editor completes and checks scenario files: the built-ins name it in "$schema". Descriptions carry the units;
// minimum/maximum the allowed ranges; defaults the built-in values. `fimasim schema` prints it;
// schema/scenario.schema.json is this output, committed (a test keeps the two equal).
import { z } from 'zod';
import { scenarioSchema } from './schema.js';

export const SCHEMA_ID = 'https://github.com/fimasim/fimasim/schema/scenario.schema.json';

export function scenarioJsonSchema(): Record<string, unknown> {
  // io 'input': what a file may write (defaults make fields optional); anything zod cannot express is left open
  const s = z.toJSONSchema(scenarioSchema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown> & { properties: Record<string, unknown> };
  return {
    $schema: s.$schema, $id: SCHEMA_ID, title: 'fimasim scenario',
    description: 'A fimasim scenario file (docs/model.md, docs/calibration.md). Rates and yields in the units each field names; money in USD bn; time in trading-day ticks.',
    ...Object.fromEntries(Object.entries(s).filter(([k]) => k !== '$schema')),
    properties: { $schema: { type: 'string', description: 'this schema, for editor completion (ignored by fimasim)' }, ...s.properties },
  };
}

/** One settable leaf of a resolved scenario: its path, value, the schema's description (unit) and range. */
export interface SettablePath {
  readonly path: string;
  readonly value: unknown;
  readonly type: string;
  readonly default?: unknown; // the schema's default, when it has one
  readonly description: string;
  readonly range: string;
}

type Node = Record<string, unknown>;

/** Every leaf of `value` (a resolved scenario) with what the JSON Schema says of it, in document order. */
export function settablePaths(value: unknown, schema: Node = scenarioJsonSchema()): SettablePath[] {
  const out: SettablePath[] = [];
  const walk = (v: unknown, s: Node | undefined, path: string[]): void => {
    const node = pick(s, v);
    if (Array.isArray(v)) {
      v.forEach((x, k) => walk(x, (node?.items as Node | undefined), [...path, String(k)]));
      return;
    }
    if (v !== null && typeof v === 'object') {
      const props = (node?.properties ?? {}) as Record<string, Node>;
      for (const [k, x] of Object.entries(v)) walk(x, props[k] ?? (node?.additionalProperties as Node | undefined), [...path, k]);
      return;
    }
    out.push({ path: path.join('.'), value: v, type: typeOf(node, v), ...(node?.default !== undefined ? { default: node.default } : {}), description: String(node?.description ?? ''), range: rangeOf(node) });
  };
  walk(value, schema, []);
  return out;
}

/** The branch of a union that fits `v` (a policy's options are keyed by `name`). */
function pick(s: Node | undefined, v: unknown): Node | undefined {
  if (!s) return undefined;
  const options = (s.anyOf ?? s.oneOf) as Node[] | undefined;
  if (!options) return s;
  const name = v !== null && typeof v === 'object' ? (v as Record<string, unknown>).name : undefined;
  const fits = options.find((o) => ((o.properties as Record<string, Node> | undefined)?.name?.const) === name)
    ?? options.find((o) => o.type === (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v === 'object' ? 'object' : typeof v === 'number' ? o.type : typeof v))
    ?? options[0];
  return { ...fits, description: fits.description ?? s.description };
}

function typeOf(s: Node | undefined, v: unknown): string {
  if (s?.enum) return `one of ${(s.enum as unknown[]).join(', ')}`;
  if (s?.const !== undefined) return `'${String(s.const)}'`;
  return String(s?.type ?? (v === null ? 'null' : typeof v));
}

function rangeOf(s: Node | undefined): string {
  if (!s) return '';
  const lo = s.minimum ?? s.exclusiveMinimum, hi = s.maximum ?? s.exclusiveMaximum;
  if (lo === undefined && hi === undefined) return '';
  const l = lo === undefined ? '' : `${s.exclusiveMinimum !== undefined ? '>' : '≥'} ${String(lo)}`;
  const h = hi === undefined ? '' : `${s.exclusiveMaximum !== undefined ? '<' : '≤'} ${String(hi)}`;
  return [l, h].filter(Boolean).join(', ');
}
