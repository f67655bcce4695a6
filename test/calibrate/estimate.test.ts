// The estimator's arithmetic: parameter scales, the first stage's hypercube, the weighting, the loss and J.
import { describe, expect, it } from 'vitest';
import { jStatistic, latinHypercube, quadratic, sandwich, unitOfValue, valueOfUnit, weightMatrix, type Bounded } from '../../src/sim/calibrate/estimate.js';
import { chiSquareSurvival } from '../../src/sim/stats/forecast-scores.js';

const lin: Bounded = { path: 'a', lo: 2, hi: 12, log: false, integer: false };
const log: Bounded = { path: 'b', lo: 40, hi: 2000, log: true, integer: false };

describe('parameter scales', () => {
  it('maps the unit interval onto the range, linearly or in logs, rounded to 6 significant digits', () => {
    expect(valueOfUnit(lin, 0.5)).toBe(7);
    expect(valueOfUnit(lin, 1 / 3)).toBe(5.33333);
    expect(valueOfUnit(log, 0.5)).toBe(282.843); // √(40 · 2000)
    expect(valueOfUnit(log, 0)).toBe(40);
    expect(valueOfUnit(log, 1)).toBe(2000);
    expect(unitOfValue(log, 282.843)).toBeCloseTo(0.5, 6);
    expect(valueOfUnit({ ...lin, integer: true }, 0.52)).toBe(7);
  });

  it('puts one point of the hypercube in every stratum of every parameter', () => {
    const pts = latinHypercube(8, ['a', 'b'], '1');
    for (const j of [0, 1]) expect(pts.map((p) => Math.floor(p[j] * 8)).sort()).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(latinHypercube(8, ['a', 'b'], '1')).toEqual(pts);
  });
});

describe('weighting, loss and J', () => {
  const cov = Float64Array.of(2, 1, 1, 2);
  it('inverts the covariance for the full weighting and keeps the diagonal otherwise', () => {
    const full = weightMatrix(cov, 2, 'full');
    [2 / 3, -1 / 3, -1 / 3, 2 / 3].forEach((v, i) => expect(full[i]).toBeCloseTo(v, 12));
    expect(Array.from(weightMatrix(cov, 2, 'diagonal'))).toEqual([0.5, 0, 0, 0.5]);
    expect(() => weightMatrix(Float64Array.of(1, 1, 1, 1), 2, 'full')).toThrow(/singular/);
  });

  it('the loss is gᵀWg, and +∞ when a simulated moment is undefined', () => {
    expect(quadratic([1, 2], Float64Array.of(0.5, 0, 0, 0.5))).toBe(2.5);
    expect(quadratic([1, Number.NaN], Float64Array.of(1, 0, 0, 1))).toBe(Number.POSITIVE_INFINITY);
  });

  it('J uses (1 + 1/R)Ω and M − P degrees of freedom', () => {
    const r = jStatistic([1, 1, 1], Float64Array.of(1, 0, 0, 0, 1, 0, 0, 0, 1), 1, 1);
    expect(r.j).toBeCloseTo(1.5, 12); // 3 / (1 + 1/1)
    expect(r.df).toBe(2);
    expect(r.p).toBeCloseTo(chiSquareSurvival(1.5, 2), 12);
    expect(jStatistic([1], Float64Array.of(1), 10, 1).p).toBeNull();
  });
});

describe('the sandwich sd', () => {
  // two moments, one parameter: m = (2θ, θ); Ω = diag(1, 4); with W = Ω⁻¹ the sandwich is (1 + 1/R)(G'Ω⁻¹G)⁻¹
  const G = Float64Array.from([2, 1]);
  const omega = Float64Array.from([1, 0, 0, 4]);
  it('is (1 + 1/R)(G\'Ω⁻¹G)⁻¹ at the efficient weighting', () => {
    const v = sandwich(G, weightMatrix(omega, 2, 'full'), omega, 2, 1, 10)!;
    expect(v[0]).toBeCloseTo(1.1 / (4 + 0.25), 12);
  });
  it('is (G\'WG)⁻¹G\'WΩWG(G\'WG)⁻¹ at another weighting (identity: (4·1 + 1·4)/25)', () => {
    const v = sandwich(G, Float64Array.from([1, 0, 0, 1]), omega, 2, 1, 1e12)!;
    expect(v[0]).toBeCloseTo(8 / 25, 9);
  });
  it('is null when the moments do not move with a parameter (singular G\'WG) or G is undefined', () => {
    expect(sandwich(Float64Array.from([1, 0, 2, 0]), Float64Array.from([1, 0, 0, 1]), omega, 2, 2, 10)).toBeNull();
    expect(sandwich(Float64Array.from([Number.NaN, 1]), Float64Array.from([1, 0, 0, 1]), omega, 2, 1, 10)).toBeNull();
  });
});
