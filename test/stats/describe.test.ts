import { describe, it, expect } from 'vitest';
import seedrandom from 'seedrandom';
import { QUANTILE_METHOD, quantilesSorted, quantilesUnsorted, summarize } from '../../src/sim/stats/describe.js';

const ONE_TO_TEN = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];

describe('summarize', () => {
  it('gives the type-7 quantiles and sample sd of 1..10', () => {
    const s = summarize(ONE_TO_TEN);
    expect(s.mean).toBe(5.5);
    expect(s.sd).toBeCloseTo(3.0276503540974917, 14);
    expect(s.min).toBe(1);
    expect(s.max).toBe(10);
    expect(s.p05).toBeCloseTo(1.45, 12);
    expect(s.p25).toBeCloseTo(3.25, 12);
    expect(s.p50).toBeCloseTo(5.5, 12);
    expect(s.p75).toBeCloseTo(7.75, 12);
    expect(s.p95).toBeCloseTo(9.55, 12);
  });

  it('accepts a Float64Array and gives the same result as a plain array', () => {
    expect(summarize(Float64Array.from(ONE_TO_TEN))).toEqual(summarize(ONE_TO_TEN));
  });

  it('is all null for no values', () => {
    expect(Object.values(summarize([])).every((v) => v === null)).toBe(true);
  });

  it('has sd 0 and every quantile equal to the value for one value', () => {
    const v = 4.2;
    expect(summarize([v])).toEqual({ mean: v, sd: 0, min: v, p05: v, p25: v, p50: v, p75: v, p95: v, max: v });
  });

  it('does not depend on the order values arrive in: shards merged in any order give the same summary', () => {
    const values = Array.from({ length: 257 }, (_, i) => Math.sin(i * 12.9898) * 43758.5453 % 1);
    const whole = summarize(values);
    const shardA = values.slice(0, 100);
    const shardB = values.slice(100);
    expect(summarize([...shardA, ...shardB])).toEqual(whole);
    // Bit for bit, the mean and sd included: they are computed over the sorted values.
    expect(summarize([...shardB, ...shardA])).toEqual(whole);
    expect(summarize(Float64Array.from(values).reverse())).toEqual(whole);
  });
});

describe('quantilesSorted', () => {
  it('interpolates linearly between order statistics (type 7)', () => {
    // h = (n − 1) p + 1 in 1-based positions: p = 0.1 of [10, 20, 40] sits at 1.2 → 10 + 0.2 × 10.
    expect(quantilesSorted([10, 20, 40], [0, 0.1, 0.5, 0.75, 1])).toEqual([10, 12, 20, 30, 40]);
  });

  it('reads a Float64Array without copying it into a different answer', () => {
    const sorted = Float64Array.from([1, 3, 3, 8]);
    expect(quantilesSorted(sorted, [0.25, 0.5, 0.9])).toEqual(quantilesSorted([1, 3, 3, 8], [0.25, 0.5, 0.9]));
  });

  it('names its method', () => {
    expect(QUANTILE_METHOD).toMatch(/^type 7/);
  });
});

describe('quantilesUnsorted (the bands, by selection)', () => {
  const ps = [0.05, 0.25, 0.5, 0.75, 0.95];
  const sortedAnswer = (a: Float64Array): number[] => quantilesSorted(Float64Array.from(a).sort(), ps);

  it('gives known values without sorting its input, and leaves the input as it was', () => {
    const values = Float64Array.from([40, 10, 20]);
    expect(quantilesUnsorted(values, [0, 0.1, 0.5, 0.75, 1])).toEqual([10, 12, 20, 30, 40]);
    expect(Array.from(values)).toEqual([40, 10, 20]);
  });

  it('equals the sorted answer exactly for every size from 1 to 60 and at 3,001, with ties and zeros', () => {
    const rng = seedrandom('quantiles');
    const draws: Record<string, () => number> = {
      continuous: () => rng() * 2 - 1,
      fewLevels: () => Math.floor(rng() * 4),
      mostlyZero: () => (rng() < 0.7 ? 0 : rng()),
    };
    for (const [kind, draw] of Object.entries(draws)) {
      for (const n of [...Array.from({ length: 60 }, (_, k) => k + 1), 3001]) {
        for (let rep = 0; rep < 5; rep++) {
          const values = Float64Array.from({ length: n }, draw);
          expect(quantilesUnsorted(values, ps), `${kind}, n = ${n}`).toEqual(sortedAnswer(values));
        }
      }
    }
  });
});
