import { describe, it, expect } from 'vitest';
import { tCdf, tQuantile, incompleteBeta } from '../../src/sim/stats/student-t.js';

// Reference values from R qt() / scipy.stats.t.ppf.
const QUANTILES: Array<[p: number, df: number, t: number]> = [
  [0.975, 1, 12.706204736174694],
  [0.975, 2, 4.302652729749462],
  [0.975, 5, 2.5705818356363146],
  [0.975, 30, 2.0422724563012378],
  [0.975, 1000, 1.9623390808264083],
  [0.975, 1e6, 1.959966356814107],
  [0.995, 3, 5.840909309733355],
  [0.9995, 2.5, 18.277893528131457],
  [0.6, 7.3, 0.2627568052507191],
  [0.025, 10, -2.2281388519862753],
];

describe('tQuantile', () => {
  it.each(QUANTILES)('t(%d, df %d) = %d', (p, df, t) => {
    expect(Math.abs(tQuantile(p, df) - t)).toBeLessThan(1e-9 * Math.max(1, Math.abs(t)));
  });

  it('matches the values quoted in the brief to their printed digits', () => {
    expect(tQuantile(0.975, 1)).toBeCloseTo(12.706204736, 9);
    expect(tQuantile(0.975, 5)).toBeCloseTo(2.570581836, 9);
    expect(tQuantile(0.975, 30)).toBeCloseTo(2.042272456, 9);
    expect(tQuantile(0.975, 1000)).toBeCloseTo(1.962339, 6);
  });

  it('is 0 at the median and NaN outside its domain', () => {
    expect(tQuantile(0.5, 4)).toBe(0);
    expect(tQuantile(0, 4)).toBeNaN();
    expect(tQuantile(1, 4)).toBeNaN();
    expect(tQuantile(0.9, 0)).toBeNaN();
  });

  it('inverts tCdf', () => {
    for (const df of [1, 3.5, 12, 200]) {
      for (const p of [0.01, 0.2, 0.7, 0.999]) expect(tCdf(tQuantile(p, df), df)).toBeCloseTo(p, 12);
    }
  });
});

describe('incompleteBeta', () => {
  it('has the closed forms I_x(1, 1) = x and I_x(a, 1) = x^a', () => {
    expect(incompleteBeta(0.3, 1, 1)).toBeCloseTo(0.3, 14);
    expect(incompleteBeta(0.6, 2.5, 1)).toBeCloseTo(0.6 ** 2.5, 14);
    expect(incompleteBeta(0, 2, 3)).toBe(0);
    expect(incompleteBeta(1, 2, 3)).toBe(1);
  });
});
