// A run's identity is (scenario hash, master seed, run index). The hash is over the canonical JSON of the fully
// resolved scenario (keys sorted), so formatting and key order in the file do not change it.
import { createHash } from 'node:crypto';

export function canonicalJson(v: unknown): string {
  if (v === null || typeof v !== 'object') return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  const o = v as Record<string, unknown>;
  return `{${Object.keys(o).filter((k) => o[k] !== undefined).sort().map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k])}`).join(',')}}`;
}

export function scenarioHash(scenario: unknown, extra = ''): string {
  return createHash('sha256').update(canonicalJson(scenario)).update(extra).digest('hex').slice(0, 16);
}
