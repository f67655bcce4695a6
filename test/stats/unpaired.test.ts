import { describe, it, expect } from 'vitest';
import { ksTwoSample, mannWhitney, unpairedDifference } from '../../src/sim/stats/unpaired.js';
import { kolmogorovSurvival } from '../../src/sim/stats/kolmogorov.js';

// Reference values from scipy 1.17: mannwhitneyu(use_continuity=False, method='asymptotic'), kstwobign.sf,
// ttest_ind(equal_var=False).
const A = [1.1, 2.3, 3.5, 4.0, 5.2, 6.8, 7.7];
const B = [0.5, 2.0, 2.3, 3.1, 3.3, 4.4];

describe('mannWhitney', () => {
  it('gives U = 0 when every a is below every b', () => {
    // σ² = 3·2·6/12 = 3, z = (0 − 3)/√3.
    const r = mannWhitney([1, 2, 3], [4, 5]);
    expect(r.u).toBe(0);
    expect(r.z).toBeCloseTo(-Math.sqrt(3), 12);
    expect(r.pValue).toBeCloseTo(0.0832645166635504, 6);
    expect(r.method).toBe('Mann–Whitney U (normal approximation with tie correction, two-sided)');
  });

  it('counts a tie as half a win and corrects the variance for ties', () => {
    // a = 1, 2, 2, 4 vs b = 2, 3, 5: wins 0 + ½ + ½ + 2 = 3. Pooled ranks 1, 3, 3, 3, 5, 6, 7 (three 2s tie);
    // σ² = 4·3/12 · (8 − (3³ − 3)/(7·6)) = 7.428571…, z = (3 − 6)/σ.
    const r = mannWhitney([1, 2, 2, 4], [2, 3, 5]);
    expect(r.u).toBe(3);
    expect(r.z).toBeCloseTo(-3 / Math.sqrt(8 - 24 / 42), 12);
    expect(r.pValue).toBeCloseTo(0.2710276474293767, 6);
  });

  it('matches scipy on a sample with a tie across groups', () => {
    const r = mannWhitney(A, B);
    expect(r.u).toBe(31.5);
    expect(r.pValue).toBeCloseTo(0.13308040166544383, 6);
    expect(mannWhitney(B, A).u).toBe(A.length * B.length - 31.5);
  });

  it('has p = 1 when every value is tied, and nulls for an empty sample', () => {
    expect(mannWhitney([2, 2], [2, 2, 2])).toMatchObject({ u: 3, z: 0, pValue: 1 });
    expect(mannWhitney([], [1])).toMatchObject({ u: null, z: null, pValue: null });
  });
});

describe('ksTwoSample', () => {
  it('finds the largest gap between the empirical CDFs (hand-checked)', () => {
    // At 3: F_a = 3/3, F_b = 1/4.
    const r = ksTwoSample([1, 2, 3], [2.5, 4, 5, 6]);
    expect(r.d).toBe(0.75);
    expect(r.pValue).toBeCloseTo(0.2898186519781533, 10);
  });

  it('steps over tied values together, across samples', () => {
    // At 2: F_a = 3/3, F_b = 1/2 → 0.5 (taking a's 2s before b's would wrongly give 1).
    expect(ksTwoSample([2, 1, 2], [3, 2]).d).toBe(0.5);
  });

  it('matches scipy, and is symmetric and order-free', () => {
    const r = ksTwoSample(A, B);
    expect(r.d).toBeCloseTo(0.5476190476190477, 14);
    expect(r.pValue).toBeCloseTo(0.2872007193514701, 10);
    expect(ksTwoSample([...B].reverse(), A)).toEqual(r);
  });

  it('gives D = 0 and p = 1 for identical samples', () => {
    expect(ksTwoSample([1, 2, 3], [3, 2, 1])).toMatchObject({ d: 0, pValue: 1 });
  });
});

describe('kolmogorovSurvival', () => {
  it.each([
    [0.3, 0.9999906941986655],
    [0.8, 0.5441424115741981],
    [1.0, 0.26999967167735456],
    [1.2, 0.11224966667072497],
    [2.0, 0.0006709252557796953],
  ])('Q(%d) = %d', (lambda, q) => {
    expect(kolmogorovSurvival(lambda)).toBeCloseTo(q, 12);
  });
});

describe('unpairedDifference', () => {
  it('gives the Welch interval and df', () => {
    const r = unpairedDifference(A, B);
    expect(r.df).toBeCloseTo(9.66454731683795, 10);
    expect(r.lo).toBeCloseTo(-0.5696410523289357, 10);
    expect(r.hi).toBeCloseTo(4.112498195186079, 10);
    expect(r.meanDiff).toBeCloseTo((r.lo! + r.hi!) / 2, 12);
    expect(r.method).toBe('Welch t-interval (95%, Welch–Satterthwaite df)');
  });

  it('collapses the interval for two constant samples and has none below two runs', () => {
    expect(unpairedDifference([3, 3], [1, 1, 1])).toMatchObject({ meanDiff: 2, lo: 2, hi: 2 });
    expect(unpairedDifference([3], [1, 2])).toMatchObject({ meanDiff: 1.5, lo: null, hi: null, df: null });
    expect(unpairedDifference([], [1, 2])).toMatchObject({ meanA: null, meanDiff: null });
  });
});
