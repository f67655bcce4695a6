// Walking the zod schema along a path, for "did you mean" suggestions and for parsing `--set` values to the
// type the schema expects at that leaf. Discriminated unions are resolved with the input's discriminator.
import type { z } from 'zod';

type Def = { type: string; [k: string]: unknown };
const def = (s: unknown): Def => (s as { _zod: { def: Def } })._zod.def;

/** Peels wrappers (optional, default, prefault, nullable, pipe) off a schema. */
export function unwrap(s: z.ZodType): z.ZodType {
  let cur = s;
  for (;;) {
    const d = def(cur);
    if (d.type === 'optional' || d.type === 'default' || d.type === 'prefault' || d.type === 'nullable' || d.type === 'readonly') cur = d.innerType as z.ZodType;
    else if (d.type === 'pipe') cur = d.in as z.ZodType;
    else return cur;
  }
}

function pickUnionOption(s: z.ZodType, input: unknown): z.ZodType | undefined {
  const d = def(s);
  const options = d.options as z.ZodType[];
  const disc = d.discriminator as string | undefined;
  if (!disc) return undefined;
  const value = input && typeof input === 'object' ? (input as Record<string, unknown>)[disc] : undefined;
  return options.find((o) => {
    const shape = def(unwrap(o)).shape as Record<string, z.ZodType> | undefined;
    const lit = shape?.[disc] ? def(unwrap(shape[disc])) : undefined;
    return lit?.type === 'literal' && (lit.values as unknown[]).includes(value);
  });
}

/** The value a `.default()` or `.prefault()` wrapper supplies when the input is missing (undefined if none). */
export function defaultOf(s: z.ZodType): unknown {
  let cur = s;
  for (;;) {
    const d = def(cur);
    if (d.type === 'default' || d.type === 'prefault') return structuredClone(d.defaultValue);
    if (d.type === 'optional' || d.type === 'nullable' || d.type === 'readonly') cur = d.innerType as z.ZodType;
    else return undefined;
  }
}

/** The schema at `path`, following the input through records, arrays and discriminated unions. */
export function schemaAt(root: z.ZodType, input: unknown, path: readonly PropertyKey[]): z.ZodType | undefined {
  let s: z.ZodType | undefined = root;
  let v: unknown = input;
  for (const key of path) {
    if (!s) return undefined;
    s = unwrap(s);
    let d = def(s);
    if (d.type === 'union') {
      s = pickUnionOption(s, v);
      if (!s) return undefined;
      s = unwrap(s);
      d = def(s);
    }
    // own keys only: `__proto__` or `constructor` must read as unknown keys, not as Object's own machinery
    if (d.type === 'object') s = Object.hasOwn(d.shape as object, key) ? (d.shape as Record<string, z.ZodType>)[key as string] : undefined;
    else if (d.type === 'record') s = typeof key === 'string' && !(key in Object.prototype) ? d.valueType as z.ZodType : undefined;
    else if (d.type === 'array' && (typeof key !== 'number' || !Array.isArray(v) || key >= v.length)) return undefined; // an existing element only
    else if (d.type === 'array') s = d.element as z.ZodType;
    else return undefined;
    v = v && typeof v === 'object' ? (v as Record<PropertyKey, unknown>)[key as string] : undefined;
  }
  if (s && def(unwrap(s)).type === 'union') return pickUnionOption(unwrap(s), v) ?? s;
  return s;
}

/** Whether the schema at `path` is a map of entities keyed by id (a record of objects, like `banks`), where a
 *  misspelt id is a new entry rather than an unknown key, so it needs a "did you mean" of its own. */
export function isEntityMapAt(root: z.ZodType, input: unknown, path: readonly PropertyKey[]): boolean {
  const s = schemaAt(root, input, path);
  if (!s) return false;
  const d = def(unwrap(s));
  return d.type === 'record' && def(unwrap(d.valueType as z.ZodType)).type === 'object';
}

/** The keys an object schema accepts at `path` (empty if it is not an object). */
export function knownKeysAt(root: z.ZodType, input: unknown, path: readonly PropertyKey[]): string[] {
  const s = schemaAt(root, input, path);
  if (!s) return [];
  const d = def(unwrap(s));
  return d.type === 'object' ? Object.keys(d.shape as object) : [];
}

/** The leaf kind at a path, for parsing `--set` values: 'number', 'boolean', 'string', 'enum', 'object', … */
export function leafKind(s: z.ZodType): { kind: string; values?: unknown[]; nullable?: boolean } {
  const d = def(unwrap(s));
  const nullable = isNullable(s) ? { nullable: true } : {};
  if (d.type === 'enum') return { kind: 'enum', values: Object.values(d.entries as object), ...nullable };
  if (d.type === 'literal') return { kind: 'literal', values: d.values as unknown[], ...nullable };
  return { kind: d.type, ...nullable };
}

/** Whether a schema accepts null somewhere along its wrappers (`.nullable()` under defaults and optionals). */
function isNullable(s: z.ZodType): boolean {
  for (let cur = s; ;) {
    const d = def(cur);
    if (d.type === 'nullable') return true;
    if (d.type === 'optional' || d.type === 'default' || d.type === 'prefault' || d.type === 'readonly') cur = d.innerType as z.ZodType;
    else return false;
  }
}
