import { describe, it, expect } from 'vitest';
import * as ss from 'simple-statistics';
import seedrandom from 'seedrandom';
import { binnedFirstOrder, prcc, prccWithBootstrap } from '../../src/sim/stats/prcc.js';

// 500 runs: x1 irrelevant, x2 drives y monotonically through exp, with a little noise; x3 pushes y down weakly.
function synthetic(n = 500): { X: number[][]; y: number[] } {
  const rng = seedrandom.alea('test:prcc');
  const X: number[][] = [];
  const y: number[] = [];
  for (let i = 0; i < n; i++) {
    const row = [rng(), rng(), rng()];
    X.push(row);
    y.push(Math.exp(row[1]) - 0.3 * row[2] + 0.05 * (rng() - 0.5));
  }
  return { X, y };
}

describe('prcc', () => {
  const { X, y } = synthetic();

  it('finds the driver and not the irrelevant parameter', () => {
    const [p1, p2, p3] = prcc(X, y) as number[];
    expect(Math.abs(p1)).toBeLessThan(0.1);
    expect(p2).toBeGreaterThan(0.95);
    expect(p3).toBeLessThan(-0.5);
  });

  it('equals the partial Spearman correlation formula for two parameters', () => {
    const x1 = X.map((r) => r[0]);
    const x2 = X.map((r) => r[1]);
    const r12 = ss.sampleRankCorrelation(x1, x2);
    const r1y = ss.sampleRankCorrelation(x1, y);
    const r2y = ss.sampleRankCorrelation(x2, y);
    const partial = (rxy: number, rxz: number, ryz: number) =>
      (rxy - rxz * ryz) / Math.sqrt((1 - rxz ** 2) * (1 - ryz ** 2));
    const [q1, q2] = prcc(X.map((r) => [r[0], r[1]]), y) as number[];
    expect(q1).toBeCloseTo(partial(r1y, r12, r2y), 12);
    expect(q2).toBeCloseTo(partial(r2y, r12, r1y), 12);
  });

  it('is the Spearman correlation for one parameter, ties given average ranks', () => {
    const x = [1, 2, 2, 3, 5, 5, 5, 8];
    const v = [2, 1, 4, 3, 7, 5, 6, 9];
    expect(prcc(x.map((a) => [a]), v)[0]).toBeCloseTo(ss.sampleRankCorrelation(x, v), 14);
  });

  it('does not depend on the order of the rows', () => {
    const order = Array.from({ length: y.length }, (_, i) => (i * 7919) % y.length);
    const shuffled = prcc(order.map((i) => X[i]), order.map((i) => y[i])) as number[];
    (prcc(X, y) as number[]).forEach((v, j) => expect(shuffled[j]).toBeCloseTo(v, 12));
  });

  it('reports null, not NaN, for a duplicated parameter, a constant outcome or too few runs', () => {
    expect(prcc(X.map((r) => [r[0], r[1], r[0]]), y)).toEqual([null, null, null]);
    expect(prcc(X, y.map(() => 1))).toEqual([null, null, null]);
    expect(prcc([[1, 2], [2, 1]], [1, 2])).toEqual([null, null]);
  });

  it('refuses X and y of different lengths', () => {
    expect(() => prcc([[1], [2]], [1])).toThrow('prcc needs one row of X per y (got 2 and 1)');
  });
});

describe('prccWithBootstrap', () => {
  const { X, y } = synthetic();
  const intervals = prccWithBootstrap(X, y);

  it('covers 0 for the irrelevant parameter and stays above 0.8 for the driver', () => {
    expect(intervals[0].lo!).toBeLessThan(0);
    expect(intervals[0].hi!).toBeGreaterThan(0);
    expect(intervals[1].prcc!).toBeGreaterThan(0.8);
    expect(intervals[1].lo!).toBeGreaterThan(0.8);
    intervals.forEach((r) => expect(r.lo!).toBeLessThanOrEqual(r.hi!));
  });

  it('is reproducible from its seed, and the seed matters', () => {
    expect(prccWithBootstrap(X, y)).toEqual(intervals);
    const other = prccWithBootstrap(X, y, { resamples: 500, seed: 'another seed' });
    expect(other.map((r) => r.prcc)).toEqual(intervals.map((r) => r.prcc));
    expect(other[0].lo).not.toBe(intervals[0].lo);
  });
});

describe('binnedFirstOrder', () => {
  it('is 1 − (within-bin / total variance) for y = x on a grid', () => {
    // 1000 consecutive integers in 10 bins of 100: within-bin variance (100² − 1)/12, total (1000² − 1)/12.
    const x = Array.from({ length: 1000 }, (_, i) => i);
    expect(binnedFirstOrder(x, x)).toBeCloseTo(1 - 9999 / 999999, 12);
  });

  it('is near 0 for an irrelevant input and large for the driver', () => {
    const { X, y } = synthetic(2000);
    expect(binnedFirstOrder(X.map((r) => r[0]), y)!).toBeLessThan(0.02);
    expect(binnedFirstOrder(X.map((r) => r[1]), y)!).toBeGreaterThan(0.8);
  });

  it('does not depend on row order, even with ties in x across a bin edge', () => {
    const x = [1, 1, 1, 2, 2, 3, 3, 3, 4, 4];
    const v = [5, 1, 3, 2, 8, 4, 4, 9, 0, 7];
    const r = binnedFirstOrder(x, v, 3);
    expect(binnedFirstOrder([...x].reverse(), [...v].reverse(), 3)).toBe(r);
  });

  it('is null for a constant outcome or fewer runs than bins', () => {
    expect(binnedFirstOrder([1, 2, 3], [4, 4, 4], 2)).toBeNull();
    expect(binnedFirstOrder([1, 2, 3], [1, 2, 3])).toBeNull();
  });
});
