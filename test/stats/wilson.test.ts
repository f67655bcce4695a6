import { describe, it, expect } from 'vitest';
import { wilson } from '../../src/sim/stats/wilson.js';

// Published Wilson 95% intervals (e.g. Newcombe 1998, Table I; R binom::binom.wilson).
const CASES: Array<[count: number, n: number, lo: number, hi: number]> = [
  [8, 10, 0.4902, 0.9433],
  [81, 263, 0.2553, 0.3662],
  [15, 148, 0.0624, 0.1605],
  [0, 20, 0, 0.1611],
  [1, 29, 0.0061, 0.1718],
];

describe('wilson', () => {
  it.each(CASES)('%d of %d → [%d, %d]', (count, n, lo, hi) => {
    const w = wilson(count, n);
    expect(w.p).toBe(count / n);
    expect(w.lo).toBeCloseTo(lo, 4);
    expect(w.hi).toBeCloseTo(hi, 4);
  });

  it('stays inside [0, 1] at the edges', () => {
    expect(wilson(0, 7).lo).toBe(0);
    expect(wilson(7, 7).hi).toBe(1);
  });

  it('has null p and bounds for n = 0', () => {
    expect(wilson(0, 0)).toEqual({ count: 0, n: 0, p: null, lo: null, hi: null });
  });

  it('narrows with a smaller z', () => {
    const w = wilson(8, 10, 1);
    expect(w.hi! - w.lo!).toBeLessThan(wilson(8, 10).hi! - wilson(8, 10).lo!);
  });
});
