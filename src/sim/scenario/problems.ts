// Validation problems as data (valibot-style): each names its path, what was expected and what was found, with a
// suggestion for a misspelt key or name. Nothing is thrown for a user's mistake until the edge prints them all.
import { UserError } from '../../errors.js';
import type { z } from 'zod';
import { knownKeysAt } from './schema-walk.js';

export interface Problem {
  readonly path: string;
  readonly expected: string;
  readonly found: string;
  readonly suggestion?: string;
}

export class ScenarioError extends UserError {
  constructor(readonly source: string, readonly problems: readonly Problem[]) {
    super('scenario', `${source}: ${problems.length} problem${problems.length === 1 ? '' : 's'}\n${problems.map(formatProblem).join('\n')}`);
    this.name = 'ScenarioError';
  }
}

export const formatProblem = (p: Problem): string =>
  `  ${p.path || '(top level)'}: expected ${p.expected}, found ${p.found}${p.suggestion ? ` (did you mean '${p.suggestion}'?)` : ''}`;

export const pathString = (path: readonly PropertyKey[]): string =>
  path.map((k, i) => (typeof k === 'number' ? `[${k}]` : `${i === 0 ? '' : '.'}${String(k)}`)).join('');

export function describeValue(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (v === null) return 'null';
  if (typeof v === 'string') return `'${v.length > 60 ? `${v.slice(0, 57)}...` : v}'`;
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'object') return 'an object';
  return `${typeof v} ${String(v)}`;
}

const article = (word: string): string => `${/^[aeiou]/.test(word) ? 'an' : 'a'} ${word}`;

/** Levenshtein distance, for "did you mean". */
export function editDistance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
  }
  return d[a.length][b.length];
}

export function closest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined, bestD = Infinity;
  for (const c of candidates) {
    const dist = editDistance(word.toLowerCase(), c.toLowerCase());
    if (dist < bestD) { bestD = dist; best = c; }
  }
  return best !== undefined && bestD <= Math.max(2, Math.floor(word.length / 3)) ? best : undefined;
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let v: unknown = input;
  for (const k of path) v = v && typeof v === 'object' ? (v as Record<PropertyKey, unknown>)[k as string] : undefined;
  return v;
}

/** Turns zod's issues into problems, one per mistake, each with its path. */
export function problemsFromZod(issues: readonly z.core.$ZodIssue[], input: unknown, schema: z.ZodType): Problem[] {
  const out: Problem[] = [];
  for (const issue of issues) {
    const path = issue.path as PropertyKey[];
    const found = valueAt(input, path);
    switch (issue.code) {
      case 'unrecognized_keys': {
        const known = knownKeysAt(schema, input, path);
        for (const key of issue.keys) {
          out.push({ path: pathString([...path, key]), expected: known.length ? `one of the keys ${known.join(', ')}` : 'no such key',
            found: `an unknown key '${key}'`, suggestion: closest(key, known) });
        }
        break;
      }
      case 'invalid_union': {
        const opts = (issue as unknown as { options?: unknown[] }).options;
        if (opts && (issue as unknown as { discriminator?: string }).discriminator) {
          const names = opts.map(String);
          const at = path[path.length - 1] === (issue as unknown as { discriminator: string }).discriminator ? path : [...path, (issue as unknown as { discriminator: string }).discriminator];
          const got = valueAt(input, at);
          out.push({ path: pathString(at), expected: `one of ${names.map((n) => `'${n}'`).join(', ')}`, found: describeValue(got),
            suggestion: typeof got === 'string' ? closest(got, names) : undefined });
        } else out.push({ path: pathString(path), expected: 'a value matching one of the allowed forms', found: describeValue(found) });
        break;
      }
      case 'invalid_type':
        out.push({ path: pathString(path), expected: `${article(issue.expected)}${found === undefined ? ' (required)' : ''}`, found: describeValue(found) });
        break;
      case 'too_small':
      case 'too_big': {
        const bound = issue.code === 'too_small' ? issue.minimum : issue.maximum;
        const op = issue.code === 'too_small' ? (issue.inclusive ? '≥' : '>') : (issue.inclusive ? '≤' : '<');
        const what = issue.origin === 'array' ? 'an array with length' : issue.origin === 'string' ? 'a string with length' : 'a number';
        out.push({ path: pathString(path), expected: `${what} ${op} ${String(bound)}`, found: describeValue(found) });
        break;
      }
      case 'invalid_value':
        out.push({ path: pathString(path), expected: `one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`, found: describeValue(found),
          suggestion: typeof found === 'string' ? closest(found, issue.values.map(String)) : undefined });
        break;
      case 'invalid_key': {
        // zod says "Invalid key in record"; the rule the key broke is in its inner issues
        const inner = ((issue as unknown as { issues?: { message: string }[] }).issues ?? []).map((i) => i.message).filter((m) => !/^Invalid/.test(m));
        out.push({ path: pathString(path), expected: `a valid key${inner.length ? ` (${inner.join('; ')})` : ''}`, found: `the key '${String(path[path.length - 1])}'` });
        break;
      }
      default:
        out.push({ path: pathString(path), expected: issue.message.replace(/^Invalid input: /, '').replace(/^expected /, ''), found: describeValue(found) });
    }
  }
  return out;
}
