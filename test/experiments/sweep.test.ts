// fimasim sweep: a grid of batches on the same seeds. MUFG alone on carry-threshold (the other banks hold), so the
// Japanese sales are MUFG's: a higher carry floor means more pressure at every review, and by the monotone coupling
// (design §4) never fewer sales on any seed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { gridPoints, parseGrid, parseVary } from '../../src/sim/experiments/grid.js';
import { ExperimentError } from '../../src/sim/experiments/errors.js';
import { loadScenario } from '../../src/sim/scenario/load.js';
import { fimasim, runsCsv, tempDir } from './helpers.js';

const tmp = tempDir('sweep');
const out = join(tmp.dir, 'floor');
const FLOORS = ['-1.6', '-1.1', '-0.6'];
let printed = '';

beforeAll(() => {
  const r = fimasim(['sweep', '--scenario', 'smoke', '--set', 'banks.norinchukin.policy.name=hold', '--set', 'banks.japan-post.policy.name=hold',
    '--vary', `banks.mufg.policy.carryFloor=${FLOORS.join(',')}`, '--runs', '30', '--seed', '5', '--workers', '2', '--out', out, '--quiet']);
  expect(r.code, r.stderr).toBe(0);
  printed = r.stdout;
});
afterAll(tmp.cleanup);

describe('fimasim sweep of banks.mufg.policy.carryFloor', () => {
  it('uses the same master seed and run indices at every point', () => {
    const meta = JSON.parse(readFileSync(join(out, 'sweep.json'), 'utf8'));
    expect(meta.points.map((p: { values: Record<string, string> }) => p.values['banks.mufg.policy.carryFloor'])).toEqual(FLOORS);
    const rows = meta.points.map((p: { dir: string }) => runsCsv(join(out, p.dir)));
    for (const [k, p] of meta.points.entries()) {
      const manifest = JSON.parse(readFileSync(join(out, p.dir, 'manifest.json'), 'utf8'));
      expect(manifest).toMatchObject({ seed: '5', runs: 30 });
      expect(manifest.scenario.banks.mufg.policy.carryFloor).toBe(Number(FLOORS[k]));
      expect(manifest.command).toContain(`--set banks.mufg.policy.carryFloor=${FLOORS[k]}`);
      expect(rows[k].map((r: Record<string, number>) => [r.runIndex, r.seed])).toEqual(Array.from({ length: 30 }, (_, i) => [i, 5]));
    }
  });

  it("moves MUFG's sales up with the floor on every seed of the sweep (the other banks hold, so no feedback reverses it)", () => {
    const sales = FLOORS.map((_, k) => runsCsv(join(out, `point-00${k}`)).map((r) => r.jpSalesTotal));
    for (let i = 0; i < 30; i++) {
      expect(sales[0][i]).toBeLessThanOrEqual(sales[1][i]);
      expect(sales[1][i]).toBeLessThanOrEqual(sales[2][i]);
    }
    expect(sales[2].filter((x, i) => x > sales[0][i]).length).toBeGreaterThan(15); // and the floor matters
  });

  it('writes sweep.csv (one row per point), the report and a line per point', () => {
    const [head, ...rows] = readFileSync(join(out, 'sweep.csv'), 'utf8').trim().split('\n');
    const cols = head.split(',');
    expect(cols.slice(0, 6)).toEqual(['point', 'banks.mufg.policy.carryFloor', 'scenarioHash', 'runs', 'runsDone', 'runsFailed']);
    for (const c of ['jpSalesTotal_mean', 'jpSalesTotal_p05', 'jpSalesTotal_p50', 'jpSalesTotal_p95', 'btcReturn_p95',
      'P_intervened', 'P_intervened_lo', 'P_intervened_hi', 'P_sales', 'P_spike_given_sales']) expect(cols).toContain(c);
    expect(rows.map((r) => r.split(',')[1])).toEqual(FLOORS);
    const means = rows.map((r) => Number(r.split(',')[cols.indexOf('jpSalesTotal_mean')]));
    expect(means[0]).toBeLessThan(means[2]);
    const summary = JSON.parse(readFileSync(join(out, 'point-002', 'summary.json'), 'utf8'));
    expect(means[2]).toBe(summary.metrics.jpSalesTotal.mean);
    expect(readFileSync(join(out, 'report.html'), 'utf8')).toContain('chart-sweep-jpSalesTotal');
    expect(printed).toContain('point-001  banks.mufg.policy.carryFloor=-1.1');
  });

  it('`fimasim report` recognises a sweep folder and rewrites its page', () => {
    const before = readFileSync(join(out, 'report.html'), 'utf8');
    rmSync(join(out, 'report.html'));
    const r = fimasim(['report', out]);
    expect(r.code, r.stderr).toBe(0);
    expect(readFileSync(join(out, 'report.html'), 'utf8')).toBe(before);
  });

  it('writes the same bytes on 1 worker (in-process, the reference) as on the shared pool of 2', () => {
    const serial = join(tmp.dir, 'serial');
    const r = fimasim(['sweep', '--scenario', 'smoke', '--set', 'banks.norinchukin.policy.name=hold', '--set', 'banks.japan-post.policy.name=hold',
      '--vary', `banks.mufg.policy.carryFloor=${FLOORS.join(',')}`, '--runs', '30', '--seed', '5', '--workers', '1', '--out', serial, '--quiet']);
    expect(r.code, r.stderr).toBe(0);
    for (const f of ['sweep.csv', 'point-000/runs.csv', 'point-002/summary.json', 'point-001/bands.csv']) {
      expect(readFileSync(join(serial, f)).equals(readFileSync(join(out, f)))).toBe(true);
    }
  });

  it('--resume on a finished sweep runs nothing and keeps sweep.csv; without --resume the folder is refused', () => {
    const before = readFileSync(join(out, 'sweep.csv'), 'utf8');
    const args = ['sweep', '--scenario', 'smoke', '--set', 'banks.norinchukin.policy.name=hold', '--set', 'banks.japan-post.policy.name=hold',
      '--vary', `banks.mufg.policy.carryFloor=${FLOORS.join(',')}`, '--runs', '30', '--seed', '5', '--out', out, '--quiet'];
    const again = fimasim([...args, '--resume']);
    expect(again.code, again.stderr).toBe(0);
    expect(readFileSync(join(out, 'sweep.csv'), 'utf8')).toBe(before);
    const refused = fimasim(args);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(`--out ${out}: the folder exists and is not empty; choose another folder, or add --resume to complete the sweep in it`);
    const other = fimasim([...args.map((a) => (a === '30' ? '31' : a)), '--resume']);
    expect(other.code).toBe(2);
    expect(other.stderr).toContain(`--resume: ${out} holds another sweep (smoke, seed 5, 30 runs per point, 3 points)`);
  });

  it('refuses a bad --vary before running anything (exit 2)', () => {
    const bad = join(tmp.dir, 'bad');
    const r = fimasim(['sweep', '--scenario', 'smoke', '--vary', 'banks.mufg.policy.carryFlor=-1,0', '--runs', '2', '--out', bad]);
    expect(r.code).toBe(2);
    // named as the --vary it is, before the sweep announces itself
    expect(r.stderr).not.toContain('sweep of');
    expect(r.stderr).toContain("--vary banks.mufg.policy.carryFlor: expected a path through one of");
    expect(r.stderr).toContain("(at point 0: banks.mufg.policy.carryFlor=-1) (did you mean 'carryFloor'?)");
    expect(existsSync(bad)).toBe(false);
  });
});

describe('the grid', () => {
  it.each([
    ['a.b=1,2,3', ['1', '2', '3']],
    ['a.b=-1.5:-0.5:3', ['-1.5', '-1', '-0.5']],
    ['a.b=0:1:5', ['0', '0.25', '0.5', '0.75', '1']],
    ['a.b=0.1:0.3:3', ['0.1', '0.2', '0.3']],
    ['a.b=hold', ['hold']],
  ])('%s', (spec, values) => {
    expect(parseVary(spec)).toEqual({ path: 'a.b', values });
  });

  it.each([
    ['a.b', "--vary: expected path=v1,v2,... or path=lo:hi:steps, found 'a.b'"],
    ['a.b=1,,2', "--vary a.b: an empty value in '1,,2'"],
    ['a.b=1,1', "--vary a.b: a value is listed twice in '1,1'"],
    ['a.b=0:1:1', '--vary a.b: steps of lo:hi:steps must be an integer ≥ 2, found 1'],
    ['a.b=2:2:3', '--vary a.b: lo and hi of lo:hi:steps are equal (2)'],
  ])('rejects %s', (spec, message) => {
    expect(() => parseVary(spec)).toThrow(ExperimentError);
    expect(() => parseVary(spec)).toThrow(message);
  });

  it('is the Cartesian product, the first --vary varying slowest', () => {
    const points = gridPoints(parseGrid(['x=1,2', 'y=a,b,c']));
    expect(points.map((p) => p.sets.join(' '))).toEqual(['x=1 y=a', 'x=1 y=b', 'x=1 y=c', 'x=2 y=a', 'x=2 y=b', 'x=2 y=c']);
    expect(() => parseGrid(['x=1', 'x=2'])).toThrow('--vary x: the same path is varied twice');
    expect(() => parseGrid([])).toThrow('--vary: name at least one parameter to vary');
  });
});

describe('--set and --vary paths into parts a scenario leaves to the defaults', () => {
  it('reach the default rule set and the defaults of a policy named without parameters (hayes-2024 gives the facility policy only its name)', () => {
    const s = loadScenario('hayes-2024', ['treasury.policy.propensity=0.04', 'fed.policy.amountPerStress=50']).scenario;
    expect(s.treasury.policy).toMatchObject({ name: 'stabilise', propensity: 0.04, triggerRiseBp: 40 });
    expect(s.fed.policy).toMatchObject({ name: 'objective', amountPerStress: 50, yenLimit: 165 });
    expect(loadScenario('hayes-2024', ['treasury.policy.propensity=0.08']).hash).toBe(loadScenario('hayes-2024').hash); // the default value
    expect(loadScenario('hayes-2024', ['treasury.policy.name=passive']).scenario.treasury.policy).toEqual({ name: 'passive' });
  });
});
