// The shape of a scenario document before validation: plain JSON.
export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

export const isObject = (v: unknown): v is Record<string, Json> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** How deep a scenario document may nest: the schema needs 6 levels; a document nested thousands deep is a mistake
 *  (or an attack) that would overflow the stack of every recursive walk after parsing. */
export const MAX_JSON_DEPTH = 64;

/** Keys that would reach an object's prototype when merged or set (`__proto__` is silently dropped by a spread). */
export const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

/** Problems of shape before validation: a forbidden key, or nesting beyond MAX_JSON_DEPTH (reported once, at the
 *  first path that goes too deep). Walks with an explicit stack, so a deep document cannot overflow it. */
export function jsonShapeProblems(doc: unknown): { path: string; expected: string; found: string }[] {
  const problems: { path: string; expected: string; found: string }[] = [];
  const stack: { v: unknown; path: string; depth: number }[] = [{ v: doc, path: '', depth: 0 }];
  let tooDeep = false;
  while (stack.length > 0) {
    const { v, path, depth } = stack.pop()!;
    if (typeof v !== 'object' || v === null) continue;
    if (depth >= MAX_JSON_DEPTH) {
      const shown = path.length > 60 ? `${path.slice(0, 60)}…` : path;
      if (!tooDeep) problems.push({ path: shown || '(top level)', expected: `nesting at most ${MAX_JSON_DEPTH} levels deep`, found: 'deeper nesting' });
      tooDeep = true;
      continue;
    }
    if (Array.isArray(v)) {
      v.forEach((x, i) => stack.push({ v: x, path: `${path}[${i}]`, depth: depth + 1 }));
      continue;
    }
    for (const k of Object.keys(v)) {
      const at = path ? `${path}.${k}` : k;
      if (FORBIDDEN_KEYS.has(k)) problems.push({ path: at, expected: 'a key other than __proto__, constructor or prototype', found: `the key '${k}'` });
      else stack.push({ v: (v as Record<string, unknown>)[k], path: at, depth: depth + 1 });
    }
  }
  return problems;
}
