// `fimasim calibrate` end to end on the smoke scenario: the same bytes on 1 and 2 workers and after a kill +
// --resume, files that agree with each other, and every bad study refused with exit 2, nothing written.
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fimasim, killWhen, tempDir, RESULT_FILES } from '../batch/cli.js';

const tmp = tempDir('calibrate');
afterAll(tmp.cleanup);
const one = join(tmp.dir, 'one'), two = join(tmp.dir, 'two'), killed = join(tmp.dir, 'killed');

const STUDY = {
  name: 'smoke-rates', scenario: 'smoke',
  parameters: ['market.ust.fundamentalSdBp=uniform(2,12)', 'treasury.fiscalSdPerTick=uniform(0,60)'],
  moments: ['ust10y.dailySd', 'ust10y.sd63', 'tga.weeklySd'],
  // the August 2023 sell-off (the window is one segment: 247 trading days are fewer than two of 126)
  events: [{ name: 'aug-2023', date: '2023-08-01', series: 'ust10y', before: 1, after: 20 }],
  window: '2023-01-03..2023-12-29', segmentDays: 126, bootstrap: 100, budget: 6, runs: 8, identification: 1, identificationBudget: 2,
};
const studyFile = (name: string, over: Record<string, unknown>): string => {
  const path = join(tmp.dir, `${name}.json`);
  writeFileSync(path, JSON.stringify({ ...STUDY, ...over }));
  return path;
};
const base = studyFile('study', {});
const args = (out: string, workers: string, study = base) => ['calibrate', '--study', study, '--seed', '3', '--workers', workers, '--quiet', '--out', out];
const FILES = ['calibration.csv', 'moments.csv', 'best.json', 'calibrated.json'];

/** Kills the calibration while the batch of its sixth evaluation is journaling. */
const killMidway = (out: string): Promise<void> => killWhen(args(out, '2'), () => {
  const evalDir = join(out, 'evals', '0005');
  return existsSync(evalDir) && readdirSync(evalDir).some((s) => { const j = join(evalDir, s, 'journal.bin'); return existsSync(j) && statSync(j).size > 0; });
});

function filesOf(dir: string): string[] {
  const out = [...FILES];
  for (const e of readdirSync(join(dir, 'evals')).sort()) {
    for (const s of readdirSync(join(dir, 'evals', e)).sort()) for (const f of RESULT_FILES) out.push(join('evals', e, s, f));
  }
  return out;
}

beforeAll(async () => {
  const r1 = fimasim(args(one, '1'));
  expect(r1.status, r1.stderr).toBe(0);
  const r2 = fimasim(args(two, '2'));
  expect(r2.status, r2.stderr).toBe(0);
  await killMidway(killed);
});

describe('a calibration', () => {
  it('writes every evaluation, the moment fit, the estimate and a calibrated scenario', () => {
    const rows = readFileSync(join(one, 'calibration.csv'), 'utf8').trimEnd().split('\n');
    expect(rows[0]).toBe('eval,stage,market.ust.fundamentalSdBp,treasury.fiscalSdPerTick,loss,runsOk,runsFailed,ust10y.dailySd,ust10y.sd63,tga.weeklySd,event.aug-2023');
    const stages = rows.slice(1).map((r) => r.split(',')[1]);
    expect(stages.filter((s) => s === 'lhs')).toHaveLength(3);
    expect(stages.filter((s) => s === 'lhs' || s === 'nelder-mead')).toHaveLength(6);
    expect(stages.filter((s) => s.startsWith('identify-')).length).toBe(2);
    const best = JSON.parse(readFileSync(join(one, 'best.json'), 'utf8'));
    const main = rows.slice(1).map((r) => r.split(',')).filter((r) => r[1] === 'lhs' || r[1] === 'nelder-mead');
    const min = Math.min(...main.map((r) => Number(r[4])));
    expect(best.loss).toBeCloseTo(min, 3);
    expect(best.df).toBe(2);
    expect(best.pValue).toBeGreaterThanOrEqual(0);
    expect(best.identification).toHaveLength(2); // one entry per parameter
    // the curvature: 2 to 4 Jacobian points (one-sided at a bound); the sd used is the larger of the two sds
    const jacobian = rows.slice(1).map((r) => r.split(',')).filter((r) => r[1] === 'jacobian');
    expect(jacobian.length).toBeGreaterThanOrEqual(2);
    expect(jacobian.length).toBeLessThanOrEqual(4);
    for (const i of best.identification) {
      const finite = [i.replicaSd, i.sandwichSd].filter((x: unknown) => typeof x === 'number');
      expect(i.sd).toBe(finite.length ? Math.max(...finite) : null);
    }
    // the warning names the best point outside the main search exactly when it fits the data better than θ̂
    const outside = rows.slice(1).map((r) => r.split(',')).filter((r) => r[1] !== 'lhs' && r[1] !== 'nelder-mead' && r[4] !== '' && Number(r[4]) < min);
    expect(typeof best.converged).toBe('boolean');
    if (outside.length === 0) {
      expect(best.warning).toBeNull();
      expect(best.betterPoint).toBeNull();
    } else {
      const top = outside.reduce((a, b) => (Number(b[4]) < Number(a[4]) ? b : a));
      expect(best.betterPoint.evaluation).toBe(Number(top[0]));
      expect(best.warning).toContain(`evaluation ${top[0]} (${top[1]}) has a lower loss`);
    }
    expect(best.momentCoverage).toBeGreaterThanOrEqual(0);
    const moments = readFileSync(join(one, 'moments.csv'), 'utf8').trimEnd().split('\n');
    expect(moments[0]).toBe('moment,unit,empirical,sd,lo,hi,simMean,simSd,t,inside');
    expect(moments).toHaveLength(5);
    // the event's row: the data's move of the 10y from 2023-07-31 to 2023-08-29 (DGS10 3.97 → 4.12), in bp
    const event = moments[4].split(',');
    expect(event.slice(0, 2)).toEqual(['event.aug-2023', 'bp']);
    expect(Number(event[2])).toBeCloseTo(15, 6);
    expect(Number(event[3])).toBeGreaterThan(0);
    const cal = JSON.parse(readFileSync(join(one, 'calibrated.json'), 'utf8'));
    expect(cal.extends).toBe('smoke');
    expect(cal.market.ust.fundamentalSdBp).toBe(best.theta['market.ust.fundamentalSdBp']);
    expect(existsSync(join(one, 'report.html'))).toBe(true);
    // each θ is an ordinary, finished batch folder whose manifest can remake it alone
    const manifest = JSON.parse(readFileSync(join(one, 'evals', '0000', '2023-01-03', 'manifest.json'), 'utf8'));
    expect(manifest.finishedAt).not.toBeNull();
    expect(manifest.command).toContain('--start 2023-01-03 --realised-policy');
    const v = JSON.parse(readFileSync(join(one, 'calibrated.json'), 'utf8'));
    expect(v.name).toBe('smoke-calibrated');
  });

  it('gives the same bytes on 1 and 2 workers', () => {
    const files = filesOf(one);
    expect(filesOf(two)).toEqual(files);
    for (const f of files) expect(readFileSync(join(two, f)).equals(readFileSync(join(one, f))), f).toBe(true);
  });

  it('resumes after a kill and gives the same bytes', () => {
    expect(existsSync(join(killed, 'best.json'))).toBe(false);
    const r = fimasim([...args(killed, '2'), '--resume']);
    expect(r.status, r.stderr).toBe(0);
    const files = filesOf(one);
    expect(filesOf(killed)).toEqual(files);
    for (const f of files) expect(readFileSync(join(killed, f)).equals(readFileSync(join(one, f))), f).toBe(true);
  });

  it('refuses a non-empty --out without --resume, and a --resume of another calibration', () => {
    const r = fimasim(args(one, '1'));
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('--resume');
    const other = fimasim([...args(one, '1', studyFile('other', { runs: 6 })), '--resume']);
    expect(other.status).toBe(2);
    expect(other.stderr).toContain('holds another calibration');
  });
});

describe('refusals: exit 2, the problem named, nothing written', () => {
  it.each([
    ['an unknown parameter path', { parameters: ['market.ust.fundamentalSdBq=uniform(2,12)'] }, /unknown key 'fundamentalSdBq'.*did you mean 'fundamentalSdBp'/],
    ['an empty range', { parameters: ['market.ust.fundamentalSdBp=uniform(5,5)'] }, /needs lo < hi, found 5 and 5/],
    ['an unknown moment', { moments: ['ust10y.dailySD'] }, /unknown moment 'ust10y.dailySD'.*did you mean 'ust10y.dailySd'/],
    ['a window outside the data', { window: '2012-01-03..2013-12-31' }, /window 2012-01-03..2013-12-31 is outside the data: DGS10 covers 2015-01-02/],
    ['an unbounded prior', { parameters: ['market.ust.fundamentalSdBp=normal(6,1)'] }, /needs a bounded range/],
    ['a malformed window', { window: '2023-01-03' }, /expected D1..D2/],
    ['an event on a holiday', { events: [{ name: 'x', date: '2023-07-04', series: 'ust10y' }] }, /event x: 2023-07-04 is not a trading day inside the window/],
    ['an event across segments', { segmentDays: 70, events: [{ name: 'x', date: '2023-06-30', series: 'ust10y', after: 20 }] },
      /event x: its span 2023-06-29\.\.2023-07-31 crosses the boundary between segments at 2023-07-26 \(segments of 70 trading days/],
    ['an event past the window', { events: [{ name: 'x', date: '2023-12-20', series: 'ust10y', after: 20 }] }, /event x: its span .* reaches outside the window/],
    ['an event on an unknown series', { events: [{ name: 'x', date: '2023-08-01', series: 'ust2y' }] }, /events.0.series/],
  ])('%s', (name, over, message) => {
    const out = join(tmp.dir, `refused-${name.replace(/\W+/g, '-')}`);
    const r = fimasim(args(out, '1', studyFile(name.replace(/\W+/g, '-'), over)));
    expect(r.status, r.stderr).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toContain('    at ');
    expect(existsSync(out)).toBe(false);
  });

  it('a study with all four problems: each named in one message', () => {
    const out = join(tmp.dir, 'refused-all');
    const r = fimasim(args(out, '1', studyFile('all-four', {
      parameters: ['market.ust.fundamentalSdBq=uniform(2,12)', 'treasury.fiscalSdPerTick=uniform(5,5)'], moments: ['ust10y.dailySD'], window: '2012-01-03..2013-12-31',
    })));
    expect(r.status, r.stderr).toBe(2);
    for (const m of [/unknown moment 'ust10y.dailySD'/, /unknown key 'fundamentalSdBq'/, /treasury.fiscalSdPerTick: uniform\(lo,hi\) needs lo < hi, found 5 and 5/,
      /the window 2012-01-03..2013-12-31 is outside the data/]) expect(r.stderr).toMatch(m);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(existsSync(out)).toBe(false);
  });

  it('a malformed --recover', () => {
    const out = join(tmp.dir, 'refused-recover');
    const r = fimasim([...args(out, '1'), '--recover', 'market.ust.fundamentalSdBp']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("--recover: expected path=number, found 'market.ust.fundamentalSdBp'");
    expect(existsSync(out)).toBe(false);
  });

  it('an unknown built-in study, with a suggestion', () => {
    const r = fimasim(['calibrate', '--study', 'rates-plumbin', '--quiet', '--out', join(tmp.dir, 'nope')]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("did you mean 'rates-plumbing'");
  });
});
