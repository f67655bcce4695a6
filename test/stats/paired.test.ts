import { describe, it, expect } from 'vitest';
import { pairedDifference } from '../../src/sim/stats/paired.js';
import { tQuantile } from '../../src/sim/stats/student-t.js';

describe('pairedDifference', () => {
  it('finds a difference of exactly 1 with no spread when a = b + 1', () => {
    const b = [3, -2, 10.5, 0, 7, 1e3];
    const a = b.map((v) => v + 1);
    const r = pairedDifference(a, b);
    expect(r).toMatchObject({ n: 6, meanDiff: 1, sdDiff: 0, lo: 1, hi: 1, pGreater: 1, pEqual: 0, pLess: 0 });
    expect(r.meanA! - r.meanB!).toBeCloseTo(1, 12);
    expect(r.method).toBe('t-interval (95%, n−1 df)');
  });

  it('uses the t quantile with n − 1 df', () => {
    // diffs 1, 2, 3, 6: mean 3, sd √(14/3).
    const r = pairedDifference(Float64Array.from([2, 4, 6, 10]), Float64Array.from([1, 2, 3, 4]));
    const half = tQuantile(0.975, 3) * Math.sqrt(14 / 3) / 2;
    expect(r.meanDiff).toBe(3);
    expect(r.sdDiff).toBeCloseTo(Math.sqrt(14 / 3), 14);
    expect(r.lo).toBeCloseTo(3 - half, 12);
    expect(r.hi).toBeCloseTo(3 + half, 12);
    expect(r.lo).toBeCloseTo(-0.437434881858308, 12); // scipy ttest_rel(...).confidence_interval()
  });

  it('counts the shares of pairs above, equal and below, equality exact', () => {
    // 0.3 < 0.1 + 0.2 in doubles: no tolerance is applied.
    const r = pairedDifference([1, 2, 3, 0.3], [0, 2, 4, 0.1 + 0.2]);
    expect([r.pGreater, r.pEqual, r.pLess]).toEqual([0.25, 0.25, 0.5]);
  });

  it('has no interval for one pair and nothing for none', () => {
    expect(pairedDifference([2], [1])).toMatchObject({ n: 1, meanDiff: 1, sdDiff: 0, lo: null, hi: null });
    expect(pairedDifference([], [])).toMatchObject({ n: 0, meanDiff: null, lo: null, pGreater: null });
  });

  it('refuses arrays of different lengths', () => {
    expect(() => pairedDifference([1, 2], [1])).toThrow('pairedDifference needs equal lengths (got 2 and 1)');
  });
});
