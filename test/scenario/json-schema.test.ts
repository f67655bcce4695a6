// Writing scenarios (issue 17, item 6): the JSON Schema generated from the zod schema, the built-ins naming it in
// "$schema", and `scenarios --show NAME --paths`.
import { afterAll, describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { scenarioJsonSchema, settablePaths } from '../../src/sim/scenario/json-schema.js';
import { BUILT_IN_DIR, builtInNames, loadScenario } from '../../src/sim/scenario/load.js';
import { jsonText } from '../../src/sim/format.js';
import { ROOT, fimasim, tempDir } from '../experiments/helpers.js';

const committed = join(ROOT, 'schema', 'scenario.schema.json');

describe('the scenario JSON Schema', () => {
  it('is generated from the zod schema, and the committed copy is up to date (regenerate: fimasim schema > schema/scenario.schema.json)', () => {
    expect(readFileSync(committed, 'utf8')).toBe(jsonText(scenarioJsonSchema()));
  });

  it('carries units in descriptions and ranges as minimum/maximum', () => {
    const s = scenarioJsonSchema() as { properties: Record<string, any> };
    expect(s.properties.ticks).toMatchObject({ type: 'integer', minimum: 1, maximum: 5000, default: 252 });
    const bank = s.properties.banks.additionalProperties;
    expect(bank.properties.holdings).toMatchObject({ minimum: 0, maximum: 5000, description: 'USD bn par of US Treasuries (10y-equivalent book)' });
    expect(s.properties.$schema.type).toBe('string');
  });

  it('`fimasim schema` prints it', () => {
    const r = fimasim(['schema']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe(readFileSync(committed, 'utf8'));
  });
});

describe('the built-in scenarios name it in "$schema", which the loader ignores', () => {
  const tmp = tempDir('schema');
  afterAll(tmp.cleanup);

  it.each(builtInNames())('%s', (name) => {
    const text = readFileSync(join(BUILT_IN_DIR, `${name}.json`), 'utf8');
    expect(JSON.parse(text).$schema).toBe('../schema/scenario.schema.json');
    if (JSON.parse(text).extends) return; // a copy elsewhere would resolve the same; the hash check below needs no parent
    const { $schema: _, ...rest } = JSON.parse(text);
    const copy = join(tmp.dir, `${name}.json`);
    writeFileSync(copy, JSON.stringify(rest));
    expect(loadScenario(copy).hash).toBe(loadScenario(name).hash);
  });
});

describe('scenarios --show NAME --paths', () => {
  const loaded = loadScenario('smoke');
  const paths = settablePaths(loaded.scenario);

  it('lists every leaf with its value, range, unit and default', () => {
    const at = (p: string) => paths.find((x) => x.path === p)!;
    expect(at('ticks')).toMatchObject({ value: 20, range: '≥ 1, ≤ 5000', default: 252 });
    expect(at('banks.mufg.policy.carryFloor')).toMatchObject({ range: '≥ -10, ≤ 10' });
    expect(at('banks.mufg.policy.carryFloor').description).toMatch(/^percent per year/);
    expect(at('market.ust.fundamentalHalfLife')).toMatchObject({ range: '> 0' });
    expect(at('market.ust.fundamentalHalfLife').description).toMatch(/^ticks: /);
  });

  it('every numeric path it lists is settable with --set (setting each to its own value leaves the scenario unchanged)', () => {
    const sets = paths.filter((p) => typeof p.value === 'number').map((p) => `${p.path}=${String(p.value)}`);
    expect(sets.length).toBeGreaterThan(100);
    expect(loadScenario('smoke', sets).hash).toBe(loaded.hash);
  });

  it('prints a table, or JSON with --json; --paths without --show is refused', () => {
    const r = fimasim(['scenarios', '--show', 'smoke', '--paths']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^ticks\s+20\s+\[≥ 1, ≤ 5000\]\s+\(default 252\)$/m);
    const j = JSON.parse(fimasim(['scenarios', '--show', 'smoke', '--paths', '--json']).stdout);
    expect(j).toHaveLength(paths.length);
    const bad = fimasim(['scenarios', '--paths']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe('fimasim: --paths: name the scenario with --show NAME\n');
  });
});
