// Custom policy modules: the rewrite to the canonical form, the hash over the module's content, the shipped example,
// every error message (missing file, wrong export, bad parameters, a policy that throws), the public types, and a
// policy that keeps its state through init() giving the same batch on 1 and 2 workers.
import { afterAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync, appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadScenario } from '../../src/sim/scenario/load.js';
import { ScenarioError } from '../../src/sim/scenario/problems.js';
import { policiesFor } from '../../src/sim/run/custom-policies.js';
import { simulate } from '../../src/sim/run/engine.js';
import { ROOT, fimasim, tempDir } from './helpers.js';

const tmp = tempDir('custom-policy');
afterAll(tmp.cleanup);
const EXAMPLE = join(ROOT, 'examples/custom-policy.json');
const MODULE = join(ROOT, 'examples/persistent-carry-bank.mjs');

/** A scenario file and its policy module side by side in a fresh folder. */
function writeCase(name: string, policy: object, moduleText?: string): string {
  const dir = join(tmp.dir, name);
  mkdirSync(dir, { recursive: true });
  if (moduleText !== undefined) writeFileSync(join(dir, 'policy.mjs'), moduleText);
  const file = join(dir, 'scenario.json');
  writeFileSync(file, JSON.stringify({ extends: 'smoke', banks: { mufg: { policy } } }));
  return file;
}

async function problemsOf(file: string, sets: string[] = []): Promise<string> {
  try {
    await policiesFor(loadScenario(file, sets));
  } catch (e) {
    if (e instanceof ScenarioError) return e.message;
    throw e;
  }
  throw new Error('expected the scenario to be rejected');
}

describe('a custom policy in a scenario file', () => {
  it('is rewritten to { name: custom, module: <absolute path>, params } relative to the scenario file', () => {
    const s = loadScenario(EXAMPLE).scenario;
    expect(s.banks.mufg.policy).toEqual({ name: 'custom', module: MODULE, params: { carryFloor: -1, minTicks: 20 } });
    expect(s.banks.smbc.policy.name).toBe('carry-threshold'); // the other banks keep the built-in rule set
  });

  it('takes --set on its parameters by the same path as the file, and on its name relative to the working directory', () => {
    expect(loadScenario(EXAMPLE, ['banks.mufg.policy.minTicks=5']).scenario.banks.mufg.policy).toMatchObject({ params: { carryFloor: -1, minTicks: 5 } });
    const s = loadScenario('smoke', ['banks.mufg.policy.name=examples/persistent-carry-bank.mjs', 'banks.mufg.policy.carryFloor=-2']).scenario;
    expect(s.banks.mufg.policy).toEqual({ name: 'custom', module: join(process.cwd(), 'examples/persistent-carry-bank.mjs'), params: { carryFloor: -2 } });
  });

  it('is part of the scenario hash by its content: editing the module changes the hash, moving it does not', () => {
    const a = join(tmp.dir, 'hash-a'), b = join(tmp.dir, 'hash-b');
    for (const d of [a, b]) {
      mkdirSync(d, { recursive: true });
      copyFileSync(EXAMPLE, join(d, 'custom-policy.json'));
      copyFileSync(MODULE, join(d, 'persistent-carry-bank.mjs'));
    }
    const before = loadScenario(join(a, 'custom-policy.json')).hash;
    expect(loadScenario(join(b, 'custom-policy.json')).hash).toBe(before);
    appendFileSync(join(a, 'persistent-carry-bank.mjs'), '\n// an edit\n');
    expect(loadScenario(join(a, 'custom-policy.json')).hash).not.toBe(before);
    expect(loadScenario('hayes-2024').hash).not.toBe(before);
  });
});

describe('the shipped example (examples/persistent-carry-bank.mjs)', () => {
  it('sells only after hedged carry has stayed below the floor for minTicks consecutive ticks', async () => {
    const loaded = loadScenario(EXAMPLE);
    const eager = loadScenario(EXAMPLE, ['banks.mufg.policy.minTicks=1']);
    const [policies, eagerPolicies] = [await policiesFor(loaded), await policiesFor(eager)];
    let sold = 0, earlier = 0;
    for (let run = 0; run < 8; run++) {
      const first = (s: typeof loaded, p: typeof policies) => simulate(s.scenario, '11', run, { recordEvents: true, policies: p })
        .events.find((e) => e.kind === 'bank-starts-selling' && e.agent === 'mufg')?.tick;
      const tick = first(loaded, policies), eagerTick = first(eager, eagerPolicies);
      if (tick !== undefined) {
        sold++;
        expect(tick).toBeGreaterThanOrEqual(20); // 20 ticks below the floor, counted from tick 1
        if (eagerTick !== undefined && eagerTick < tick) earlier++;
      }
    }
    expect(sold).toBeGreaterThan(0);
    expect(earlier).toBeGreaterThan(0); // with minTicks = 1 the same bank starts sooner on the same draws
  });

  it('validates its parameters with the usual paths, expectations and suggestions', async () => {
    const file = writeCase('bad-params', { name: MODULE, minTick: 5, carryFloor: 'low' });
    const message = await problemsOf(file);
    expect(message).toContain("banks.mufg.policy.carryFloor: expected a number, found 'low'");
    expect(message).toContain("banks.mufg.policy.minTick: expected one of the keys carryFloor, minTicks, reviewEvery, sharePerReview, found an unknown key 'minTick' (did you mean 'minTicks'?)");
    expect(await problemsOf(EXAMPLE, ['banks.mufg.policy.minTicks=500'])).toContain('banks.mufg.policy.minTicks: expected a number ≤ 252, found number 500');
  });
});

describe('custom policy errors name the module and the agent', () => {
  it('a missing module: exit 2', () => {
    const file = writeCase('missing', { name: './nowhere.mjs' });
    const r = fimasim(['run', '--scenario', file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`banks.mufg.policy: expected a policy module file for agent 'mufg' (.js or .mjs, relative to the scenario file), found no such file '${join(tmp.dir, 'missing/nowhere.mjs')}'`);
    expect(r.stderr).not.toContain('    at '); // no stack trace for a user's mistake
  });

  it('a module with the wrong exports: exit 2, listing what is wrong', () => {
    const file = writeCase('wrong-export', { name: './policy.mjs' }, 'export const name = "half";\nexport function decide() { return []; }\n');
    const r = fimasim(['run', '--scenario', file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`banks.mufg.policy: expected a bank policy module for agent 'mufg' exporting { kind, name, params, init, decide }`);
    expect(r.stderr).toContain(`found '${join(tmp.dir, 'wrong-export/policy.mjs')}' where kind is nothing (expected 'bank', 'treasury' or 'fima'); init is nothing (expected a function); params is nothing`);
  });

  it('a module for another agent type, and a module that fails to load: exit 2', () => {
    const treasury = writeCase('wrong-kind', { name: './policy.mjs' },
      'export default { kind: "treasury", name: "t", params: (z) => z.object({}), init: () => null, decide: () => [] };\n');
    expect(fimasim(['validate', treasury]).stderr).toContain(`banks.mufg.policy: expected a bank policy for agent 'mufg', found module '${join(tmp.dir, 'wrong-kind/policy.mjs')}' exports a treasury policy ('t')`);
    const broken = writeCase('syntax', { name: './policy.mjs' }, 'export default {\n');
    const r = fimasim(['validate', broken]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/banks\.mufg\.policy: expected a bank policy module for agent 'mufg', found '.*syntax\/policy\.mjs', which failed to load: /);
  });

  it('a policy that throws fails the run with the tick, the agent and the module (run: exit 1; batch: failures.jsonl)', () => {
    const file = writeCase('throws', { name: './policy.mjs', at: 3 },
      'export default { kind: "bank", name: "thrower", params: (z) => z.strictObject({ at: z.number().int() }),\n' +
      '  init: () => ({}), decide(view, self, p) { if (view.tick === p.at) throw new Error("boom"); return []; } };\n');
    const module = join(tmp.dir, 'throws/policy.mjs');
    const run = fimasim(['run', '--scenario', file]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`fimasim: run 0 of seed 1 failed: tick 3 (2024-06-24), agent 'mufg', quantity 'policy 'thrower (module ${module})'': the policy threw: boom`);
    const out = join(tmp.dir, 'throws-batch');
    const batch = fimasim(['batch', '--scenario', file, '--runs', '2', '--workers', '2', '--out', out, '--quiet']);
    expect(batch.code).not.toBe(0);
    const failures = readFileSync(join(out, 'failures.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(failures).toHaveLength(2);
    for (const f of failures) expect(f.error).toContain(`agent 'mufg', quantity 'policy 'thrower (module ${module})'': the policy threw: boom`);
  });
});

describe('a custom policy with state kept through init()', () => {
  it('gives byte-identical batches on 1 and 2 workers', async () => {
    // the state matters on these draws: MUFG's policy sells in some of the runs
    const loaded = loadScenario(EXAMPLE), policies = await policiesFor(loaded);
    const selling = [0, 1, 2, 3, 4, 5].filter((i) => simulate(loaded.scenario, '5', i, { recordEvents: true, policies })
      .events.some((e) => e.kind === 'bank-starts-selling' && e.agent === 'mufg'));
    expect(selling.length).toBeGreaterThan(0);
    const out = (w: string) => join(tmp.dir, `workers-${w}`);
    for (const w of ['1', '2']) {
      const r = fimasim(['batch', '--scenario', EXAMPLE, '--runs', '24', '--seed', '5', '--workers', w, '--out', out(w), '--quiet']);
      expect(r.code, r.stderr).toBe(0);
    }
    for (const f of ['runs.csv', 'summary.json', 'bands.csv']) expect(readFileSync(join(out('2'), f)).equals(readFileSync(join(out('1'), f)))).toBe(true);
    const manifest = JSON.parse(readFileSync(join(out('2'), 'manifest.json'), 'utf8'));
    expect(manifest.scenario.banks.mufg.policy.module).toBe(MODULE);
    expect(manifest.scenarioHash).toBe(loadScenario(EXAMPLE).hash);
  });
});

describe('the public entry for policy authors', () => {
  it('exports zod and the helpers at runtime', async () => {
    const api = await import('fimasim');
    expect(typeof api.z.strictObject).toBe('function');
    expect(api.hedgedCarry(0.043, 1, 0.055)).toBeCloseTo(-0.012, 12);
  });

  it('types a policy written in TypeScript (tsc on a fixture that imports from fimasim)', () => {
    const tsc = join(ROOT, 'node_modules/typescript/bin/tsc');
    const r = spawnSync(process.execPath, [tsc, '--noEmit', '--strict', '--module', 'nodenext', '--moduleResolution', 'nodenext',
      '--target', 'es2022', '--skipLibCheck', '--types', 'node', join(ROOT, 'test/experiments/fixtures/typed-policy.ts')], { cwd: ROOT, encoding: 'utf8' });
    expect(r.stdout + r.stderr).toBe('');
    expect(r.status).toBe(0);
  });
});
