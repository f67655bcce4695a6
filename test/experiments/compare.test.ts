// fimasim compare: paired by run index on the same master seed (the FIMA request's effect on the peak 10y yield is
// measured on common random numbers), unpaired with named tests otherwise; compare.json and the report page.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { compareBatches, crossPairShares, type BatchRuns } from '../../src/sim/experiments/compare.js';
import { fimasim, tempDir } from './helpers.js';

const tmp = tempDir('compare');
const thesis = join(tmp.dir, 'thesis'), noFima = join(tmp.dir, 'no-fima'), otherSeed = join(tmp.dir, 'no-fima-seed-2');

beforeAll(() => {
  // The full horizon: the request and the absorption happen months in. The effect on the peak is small (≈ −0.13bp on
  // average, measured: the 95% interval includes 0 at 100 runs, excludes it from 200), hence 300 paired runs.
  for (const [scenario, seed, runs, out] of [['hayes-2024', '1', '300', thesis], ['hayes-no-fima', '1', '300', noFima], ['hayes-no-fima', '2', '40', otherSeed]]) {
    const r = fimasim(['batch', '--scenario', scenario, '--runs', runs, '--seed', seed, '--workers', '2', '--out', out, '--quiet']);
    expect(r.code, r.stderr).toBe(0);
  }
});
afterAll(tmp.cleanup);

describe('fimasim compare on the same seeds', () => {
  it('pairs runs by index and finds the FIMA request lowers the peak 10y yield (paired 95% interval excludes 0)', () => {
    const out = join(tmp.dir, 'paired');
    const r = fimasim(['compare', thesis, noFima, '--out', out, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const c = JSON.parse(r.stdout);
    expect(c.paired).toBe(true);
    expect(c.pairs).toBe(300);
    expect(c.methods.difference).toBe('mean paired difference A − B with a t-interval (95%, n−1 df)');
    const peak = c.metrics.ust10yPeak;
    expect(peak.unit).toBe('%');
    expect(peak.n).toBe(300);
    expect(peak.excludesZero).toBe(true);
    expect(peak.lo <= peak.meanDiff && peak.meanDiff <= peak.hi).toBe(true);
    expect(peak.hi).toBeLessThan(0); // absorption takes supply off the market: A (with FIMA) peaks lower
    expect(peak.pGreater + peak.pEqual + peak.pLess).toBeCloseTo(1, 12);
    expect(c.metrics.intervened.meanB).toBe(0); // without the request the BOJ/MoF never absorbs
    expect(JSON.parse(readFileSync(join(out, 'compare.json'), 'utf8'))).toMatchObject({ paired: true, pairs: 300 });
    const report = readFileSync(join(out, 'report.html'), 'utf8');
    expect(report).toContain('Paired by run index');
    expect(report).toContain('<svg');
    // `fimasim report` recognises a comparison folder and writes the same page again
    rmSync(join(out, 'report.html'));
    const again = fimasim(['report', out]);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout.trim()).toBe(join(out, 'report.html'));
    expect(readFileSync(join(out, 'report.html'), 'utf8')).toBe(report);
  });

  it('prints a table naming the method, with P(A>B), P(A=B), P(A<B)', () => {
    const r = fimasim(['compare', thesis, noFima, '--out', join(tmp.dir, 'table')]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('Paired by run index: both batches used master seed 1');
    expect(r.stdout).toContain('Difference: mean paired difference A − B with a t-interval (95%, n−1 df).');
    expect(r.stdout).toMatch(/P\(A>B\)\s+P\(A=B\)\s+P\(A<B\)/);
    expect(r.stdout).toMatch(/\n\s+ust10yPeak\s+%\s.*\] \*\s/); // its interval excludes 0
  });
});

describe('fimasim compare on different seeds', () => {
  it('says the comparison is unpaired and names its tests', () => {
    const r = fimasim(['compare', thesis, otherSeed, '--out', join(tmp.dir, 'unpaired')]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('Unpaired: the master seeds differ (A: 1, B: 2)');
    expect(r.stdout).toContain('Welch t-interval');
    expect(r.stdout).toContain('Test: Mann–Whitney U (normal approximation with tie correction, two-sided).');
    const c = JSON.parse(readFileSync(join(tmp.dir, 'unpaired/compare.json'), 'utf8'));
    expect(c.paired).toBe(false);
    expect(c.metrics.ust10yPeak.n).toBe(340);
    expect(typeof c.metrics.ust10yPeak.mannWhitney.pValue).toBe('number');
  });

  it('refuses a folder that is not a batch, with exit 2', () => {
    const r = fimasim(['compare', thesis, join(tmp.dir, 'nowhere')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`'${join(tmp.dir, 'nowhere')}' is not a folder: expected a batch folder written by 'fimasim batch'`);
    expect(existsSync(join(tmp.dir, 'nowhere'))).toBe(false);
  });
});

describe('compareBatches', () => {
  const batch = (seed: string, runIndex: number[], x: number[]): BatchRuns => ({
    dir: seed, scenarioName: 's', scenarioHash: 'h', seed, runIndex, metric: (n) => (n === 'jpSalesTotal' ? x : undefined),
  });

  it('pairs on the run indices both batches hold and says how many were left out', () => {
    const c = compareBatches(batch('1', [0, 1, 2, 3], [10, 11, 12, 13]), batch('1', [3, 1, 0], [3, 1, 0]));
    expect(c.paired).toBe(true);
    expect(c.pairs).toBe(3);
    expect(c.pairing).toContain('3 pairs, 1 run without a partner left out');
    expect(c.metrics.jpSalesTotal).toMatchObject({ n: 3, meanA: (10 + 11 + 13) / 3, meanDiff: 10, pGreater: 1, pEqual: 0, pLess: 0 });
    expect(Object.keys(c.metrics)).toEqual(['jpSalesTotal']);
  });

  it("leaves a metric's 'never' marker out of its statistics and counts it apart, paired and unpaired", () => {
    const ticks = (seed: string, runIndex: number[], x: number[]): BatchRuns => ({
      dir: seed, scenarioName: 's', scenarioHash: 'h', seed, runIndex, metric: (n) => (n === 'interventionTick' ? x : undefined),
    });
    // pairs (run 0..3): (10, 12), (−1, 20), (30, −1), (−1, −1): only the first happened on both sides
    const p = compareBatches(ticks('1', [0, 1, 2, 3], [10, -1, 30, -1]), ticks('1', [0, 1, 2, 3], [12, 20, -1, -1]));
    expect(p.metrics.interventionTick).toMatchObject({ n: 1, meanA: 10, meanB: 12, meanDiff: -2, never: { marker: -1, a: 2, b: 2 } });
    const u = compareBatches(ticks('1', [0, 1, 2], [10, -1, 30]), ticks('2', [0, 1, 2], [12, 20, -1]));
    expect(u.metrics.interventionTick).toMatchObject({ n: 4, meanA: 20, meanB: 16, meanDiff: 4, never: { marker: -1, a: 1, b: 1 } });
  });

  it('is unpaired when the seeds differ, even with the same run indices', () => {
    const c = compareBatches(batch('1', [0, 1], [1, 2]), batch('2', [0, 1], [1, 2]));
    expect(c.paired).toBe(false);
    expect(c.metrics.jpSalesTotal).toMatchObject({ n: 4, meanDiff: 0, pGreater: 0.25, pEqual: 0.5, pLess: 0.25 });
  });

  it.each([
    [[1, 2, 3], [2], 1 / 3, 1 / 3, 1 / 3],
    [[5, 5], [5, 5, 5], 0, 1, 0],
    [[0], [1, 2], 0, 0, 1],
    [[3, 1], [0, 2, 4], 3 / 6, 0, 3 / 6],
  ])('cross-pair shares of %j against %j', (a, b, g, e, l) => {
    expect(crossPairShares(a, b)).toEqual({ pGreater: g, pEqual: e, pLess: l });
  });
});
