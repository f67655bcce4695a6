// Every way a --sample can be wrong is a usage error (exit 2) with a message naming the parameter, found before any
// run starts, leaving no folder behind. Each case is checked where the message is made, in the API that `fimasim
// sample` calls (a UserError, before the folder exists); the CLI's part — a UserError is `fimasim: message`, exit 2,
// no stack trace, nothing written — is checked on one case of each kind by running the command itself.
import { afterAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fimasim, tempDir } from '../batch/cli.js';
import { sample, UserError } from '../../src/api/index.js';

const tmp = tempDir('sample-errors');
afterAll(tmp.cleanup);

const cases: [string, string, RegExp][] = [
  ['syntax: no distribution', 'fed.policy.capacityShare', /--sample 'fed\.policy\.capacityShare': expected path=dist\(\.\.\.\) with dist one of uniform\(lo,hi\), loguniform\(lo,hi\), normal\(mean,sd\) or choice\(a,b,\.\.\.\)/],
  ['syntax: too few numbers', 'fed.policy.capacityShare=uniform(0.1)', /--sample fed\.policy\.capacityShare: uniform\(lo,hi\) takes 2 numbers, found 1 in 'uniform\(0\.1\)'/],
  ['syntax: not a number', 'fed.policy.capacityShare=uniform(a,1)', /uniform\(lo,hi\) takes numbers, found 'a'/],
  ['dist: unknown, with a suggestion', 'fed.policy.capacityShare=unifrom(0,1)', /unknown distribution 'unifrom'; expected .* \(did you mean 'uniform'\?\)/],
  ['dist: lo ≥ hi', 'fed.policy.capacityShare=uniform(0.5,0.1)', /uniform\(lo,hi\) needs lo < hi, found 0\.5 and 0\.1/],
  ['dist: loguniform from 0', 'market.ust.dealerCapacity=loguniform(0,300)', /loguniform\(lo,hi\) needs lo > 0, found 0/],
  ['dist: normal without spread', 'fed.policy.capacityShare=normal(0.5,0)', /normal\(mean,sd\) needs sd > 0, found 0/],
  ['dist: normal outside the allowed range', 'fed.policy.capacityShare=normal(5,0.01)', /normal\(5,0\.01\) truncated to the allowed range \[0, 1\] keeps no probability/],
  ['dist: a repeated choice', 'market.y10=choice(4,4)', /a value is listed twice in choice\(4,4\)/],
  ['dist: a range on a name', 'crypto.sentiment.dist=uniform(0,1)', /needs a numeric parameter, but the scenario has a name there; sample it with choice/],
  ['path: unknown key, with a suggestion', 'fed.policy.capacityShre=uniform(0,1)', /--sample fed\.policy\.capacityShre: unknown key 'capacityShre' at fed\.policy\.capacityShre .*did you mean 'capacityShare'\?/],
  ['path: unknown bank', 'banks.mufgg.policy.kappa=uniform(0,1)', /the scenario has no 'mufgg' under banks \(it has norinchukin, mufg, japan-post\); did you mean 'mufg'\?/],
  ['path: a misspelt key after *', 'banks.*.policy.kapa=uniform(0,1)', /unknown key 'kapa' at banks\.\*\.policy\.kapa .*did you mean 'kappa'\?/],
  ['path: a group, not a value', 'market.ust=uniform(0,1)', /market\.ust is a group of settings, not one value/],
  ['path: the series length', 'ticks=uniform(10,20)', /ticks cannot be sampled: every run of a batch has the same dates and number of ticks/],
  ['range: above the schema maximum', 'fed.policy.capacityShare=uniform(0,2)', /--sample fed\.policy\.capacityShare=uniform\(0,2\): 2 is outside the range the scenario allows there, \[0, 1\]/],
  ['range: a choice outside the schema', 'fed.policy.capacityShare=choice(0.5,1.5)', /1\.5 is outside the range the scenario allows there, \[0, 1\]/],
  ['range: an extreme breaks a cross-field check', 'japan.official=uniform(800,1000)',
    /--sample japan\.official=uniform\(800,1000\): at japan\.official = 800 the scenario is invalid:\n {2}japan\.ticTotal: expected at most japan\.official \+ Σ bank holdings/],
  ['range: a policy name that does not exist', 'banks.mufg.policy.name=choice(carry-threshold,hodl)', /at banks\.mufg\.policy\.name = hodl the scenario is invalid:\n.*did you mean 'hold'\?/],
];

describe('fimasim sample refuses a bad --sample with exit 2 and a message naming it', () => {
  it.each(cases)('%s', async (_label, spec, message) => {
    const out = join(tmp.dir, 'never');
    const refused = await sample('smoke', { runs: 4, workers: 1, sample: [spec], out }).then(() => null, (e: unknown) => e);
    expect(refused).toBeInstanceOf(UserError);
    expect((refused as UserError).message).toMatch(message);
    expect(existsSync(out)).toBe(false);
  });

  // the first case of each kind (syntax, dist, path, range) through the command
  const firsts = cases.filter(([label], k) => k === 0 || label.split(':')[0] !== cases[k - 1][0].split(':')[0]);
  it.each(firsts)('the command: %s', (_label, spec, message) => {
    const out = join(tmp.dir, 'never');
    const r = fimasim(['sample', '--scenario', 'smoke', '--runs', '4', '--sample', spec, '--out', out, '--quiet']);
    expect(r.status, r.stderr).toBe(2);
    expect(r.stderr).toMatch(/^fimasim: /);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
    expect(existsSync(out)).toBe(false);
  });

  it('refuses the same scenario value sampled twice, and an unknown study', () => {
    const twice = fimasim(['sample', '--scenario', 'smoke', '--runs', '4', '--quiet', '--sample', 'banks.*.policy.kappa=uniform(0.1,0.2)',
      '--sample', 'banks.mufg.policy.kappa=uniform(0.1,0.2)']);
    expect(twice.status).toBe(2);
    expect(twice.stderr).toContain('--sample banks.mufg.policy.kappa: it sets banks.mufg.policy.kappa, which --sample banks.*.policy.kappa sets too');
    const study = fimasim(['sample', '--scenario', 'smoke', '--runs', '4', '--quiet', '--study', 'thesys']);
    expect(study.status).toBe(2);
    expect(study.stderr).toContain("--study: no built-in study 'thesys' (studies: thesis); did you mean 'thesis'?");
    const none = fimasim(['sample', '--scenario', 'smoke', '--runs', '4', '--quiet']);
    expect(none.status).toBe(2);
    expect(none.stderr).toContain('--sample: name at least one parameter');
  });
});
