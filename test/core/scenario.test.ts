import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadScenario, builtInNames, deepMerge } from '../../src/sim/scenario/load.js';
import { ScenarioError, type Problem } from '../../src/sim/scenario/problems.js';

const dir = mkdtempSync(join(tmpdir(), 'fimasim-scenario-'));
const file = (name: string, content: unknown): string => {
  const p = join(dir, name);
  writeFileSync(p, typeof content === 'string' ? content : JSON.stringify(content));
  return p;
};
function problems(ref: string, sets: string[] = []): Problem[] {
  try {
    loadScenario(ref, sets);
  } catch (e) {
    if (e instanceof ScenarioError) return [...e.problems];
    throw e;
  }
  throw new Error('expected the scenario to be rejected');
}

describe('built-in scenarios', () => {
  it('ship the seven named in the model issue, each valid with a description', () => {
    expect(builtInNames()).toEqual(['calm', 'hayes-2024', 'hayes-no-fima', 'hayes-stress', 'hayes-uncapped', 'history-2024', 'no-backstop', 'smoke']);
    for (const name of builtInNames()) {
      const { scenario } = loadScenario(name);
      expect(scenario.name).toBe(name);
      expect(scenario.description.length).toBeGreaterThan(20);
    }
  });

  it('are fully defaulted: nested defaults are filled in', () => {
    const s = loadScenario('hayes-2024').scenario;
    expect(s.fed.fima.capPerCounterparty).toBe(60);
    expect(s.banks.mufg.policy).toMatchObject({ name: 'carry-threshold', carryFloor: -1.1, kappa: 0.2, reviewEvery: 5, programme: null });
    expect(s.treasury.policy.name).toBe('stabilise');
    expect(s.start).toBe('2024-06-18');
    expect(s.ticks).toBe(252);
  });
});

describe('extends and --set', () => {
  it('a file extends a built-in and overrides any part; maps merge by key; null removes an entry', () => {
    const p = file('ext.json', { extends: 'hayes-2024', ticks: 30, banks: { mufg: { holdings: 70 }, smbc: null } });
    const s = loadScenario(p).scenario;
    expect(s.name).toBe('ext'); // a file without a name is named after itself
    expect(s.ticks).toBe(30);
    expect(s.banks.mufg.holdings).toBe(70);
    expect(s.banks.mufg.policy).toMatchObject({ name: 'carry-threshold', carryFloor: -1.1 }); // the rest is inherited
    expect(s.banks.smbc).toBeUndefined();
    expect(s.banks.mizuho.holdings).toBe(50);
  });

  it('switching a policy to another rule set replaces its parameters instead of merging them', () => {
    expect(deepMerge({ policy: { name: 'carry-threshold', carryFloor: -1 } }, { policy: { name: 'hold' } }, '')).toEqual({ policy: { name: 'hold' } });
    expect(loadScenario('hayes-2024', ['banks.mufg.policy.name=hold']).scenario.banks.mufg.policy).toEqual({ name: 'hold' });
  });

  it('--set parses values to the schema’s type at that path', () => {
    const s = loadScenario('hayes-2024', ['banks.mufg.policy.carryFloor=-0.8', 'ticks=40', 'crypto.sentiment.dist=normal',
      'fed.fima.capRule={"riseBp":30,"newCap":200}']).scenario;
    expect(s.banks.mufg.policy).toMatchObject({ carryFloor: -0.8 });
    expect(s.ticks).toBe(40);
    expect(s.crypto.sentiment.dist).toBe('normal');
    expect(s.fed.fima.capRule).toEqual({ riseBp: 30, newCap: 200 });
  });

  it('all --sets are applied before validation', () => {
    // a value that is only valid once both sets are in: a programme larger than the bank until holdings go up
    const s = loadScenario('hayes-2024', ['banks.norinchukin.policy.programme.total=200', 'banks.norinchukin.holdings=250']).scenario;
    expect(s.banks.norinchukin.policy).toMatchObject({ programme: { total: 200 } });
    expect(problems('hayes-2024', ['banks.norinchukin.policy.programme.total=200'])[0]).toMatchObject({ path: 'banks.norinchukin.policy.programme.total' });
  });
});

describe('validation reports every problem with its path', () => {
  it('a file with several mistakes gets one message per mistake', () => {
    const p = file('bad.json', {
      extends: 'hayes-2024',
      tiks: 10,
      market: { y10: 'high' },
      fed: { fima: { capPerCounterparty: -5 } },
      banks: { mufg: { polcy: 1, policy: { name: 'cary-threshold' } } },
    });
    const ps = problems(p);
    const byPath = Object.fromEntries(ps.map((x) => [x.path, x]));
    expect(ps).toHaveLength(5);
    expect(byPath.tiks).toMatchObject({ found: "an unknown key 'tiks'", suggestion: 'ticks' });
    expect(byPath['market.y10']).toMatchObject({ expected: 'a number', found: "'high'" });
    expect(byPath['fed.fima.capPerCounterparty']).toMatchObject({ expected: 'a number ≥ 0', found: 'number -5' });
    expect(byPath['banks.mufg.polcy']).toMatchObject({ found: "an unknown key 'polcy'", suggestion: 'policy' });
    expect(byPath['banks.mufg.policy.name']).toMatchObject({ found: "'cary-threshold'", suggestion: 'carry-threshold' });
    expect(byPath['banks.mufg.policy.name'].expected).toContain("'programme'");
  });

  it('a missing file, invalid JSON and an unknown extends are problems too', () => {
    expect(problems(join(dir, 'nope.json'))[0]).toMatchObject({ expected: 'a readable scenario file', found: 'no such file' });
    expect(problems(file('broken.json', '{ "ticks": 10,\n  "name": }'))[0].found).toMatch(/invalid JSON at line 2, column 11/);
    expect(problems(file('ext-bad.json', { extends: 'hayes-2042' }))[0]).toMatchObject({ path: 'extends', found: "'hayes-2042'", suggestion: 'hayes-2024' });
    expect(problems('hayes2024')[0]).toMatchObject({ path: '--scenario', suggestion: 'hayes-2024' });
  });

  it('--set never walks into Object’s own properties, and names the index range of an array', () => {
    expect(problems('hayes-2024', ['__proto__.x=1'])[0]).toMatchObject({ path: '--set __proto__.x', found: "an unknown key '__proto__'" });
    expect(problems('hayes-2024', ['constructor.prototype.x=1'])[0]).toMatchObject({ found: "an unknown key 'constructor'" });
    expect(problems('hayes-2024', ['banks.toString=1'])[0]).toMatchObject({ found: "an unknown key 'toString'" });
    expect(problems('hayes-2024', ['timeline.99.bp=1'])[0]).toMatchObject({ expected: expect.stringMatching(/an index of timeline from 0 to 5/), found: "'99'" });
    expect(({} as Record<string, unknown>).x).toBeUndefined(); // and nothing was polluted
  });

  it('a bad --set path or value is reported with the flag', () => {
    expect(problems('hayes-2024', ['banks.mufg.polcy.carryFloor=1'])[0]).toMatchObject({ path: '--set banks.mufg.polcy.carryFloor', suggestion: 'policy' });
    expect(problems('hayes-2024', ['ticks=many'])[0]).toMatchObject({ path: '--set ticks', expected: 'a number', found: "'many'" });
    expect(problems('hayes-2024', ['ticks'])[0]).toMatchObject({ expected: 'path=value' });
    expect(problems('hayes-2024', ['crypto.sentiment.dist=cauchy'])[0]).toMatchObject({ path: 'crypto.sentiment.dist', found: "'cauchy'" });
  });

  it('cross-field checks: start on a trading day, holdings adding up, programme windows, timeline dates', () => {
    const ps = problems('hayes-2024', ['start=2024-06-19', 'japan.official=1200', 'banks.norinchukin.policy.programme.to=2024-01-01',
      'timeline.0.date=2024-01-02']);
    const paths = ps.map((x) => x.path);
    expect(paths).toEqual(expect.arrayContaining(['start', 'japan.official', 'banks.norinchukin.policy.programme.to', 'timeline[0].date']));
  });

  it('the Japanese holdings add up with the TIC total in every built-in scenario', () => {
    for (const name of builtInNames()) {
      const s = loadScenario(name).scenario;
      const banks = Object.values(s.banks).reduce((a, b) => a + b.holdings, 0);
      const recorded = s.japan.ticTotal - s.japan.official; // the banks' holdings recorded as Japanese in TIC
      expect(recorded).toBeGreaterThanOrEqual(0);
      expect(recorded).toBeLessThanOrEqual(banks);
    }
  });
});
