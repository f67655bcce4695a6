import { describe, it, expect } from 'vitest';
import seedrandom from 'seedrandom';
import {
  centralInterval,
  chiSquareSurvival,
  covers,
  crpsEnsemble,
  crpsEnsembleSorted,
  crpsEnsembleFairSorted,
  crpsLogNormal,
  crpsNormal,
  crpsRandomWalk,
  crpsSkill,
  gammaQ,
  pitHistogram,
  pitSorted,
  pitUniformity,
  trailingChangeSd,
} from '../../src/sim/stats/forecast-scores.js';
import { quantilesSorted } from '../../src/sim/stats/describe.js';
import { kolmogorovSurvival } from '../../src/sim/stats/kolmogorov.js';
import { normalCdf } from '../../src/sim/sample/distributions.js';
import { inverseNormal } from '../../src/market/random-variates.js';

// The definition, O(n²): (1/n)Σ|x_i − y| − (1/(2n²))Σ_iΣ_j|x_i − x_j|.
function crpsByDefinition(xs: ArrayLike<number>, y: number): number {
  const n = xs.length;
  let a = 0;
  let b = 0;
  for (let i = 0; i < n; i++) {
    a += Math.abs(xs[i] - y);
    for (let j = 0; j < n; j++) b += Math.abs(xs[i] - xs[j]);
  }
  return a / n - b / (2 * n * n);
}

// An ensemble made of a distribution's quantiles at (i − ½)/n, ascending.
function quantileEnsemble(n: number, quantile: (p: number) => number): Float64Array {
  return Float64Array.from({ length: n }, (_, i) => quantile((i + 0.5) / n));
}

function normalDraw(r: () => number): number {
  return inverseNormal(Math.min(Math.max(r(), 1e-16), 1 - 1e-16));
}

const relative = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);

describe('crpsEnsembleFairSorted: the fair CRPS (Ferro 2014)', () => {
  // (1/n)Σ|x_i − y| − (1/(2n(n − 1)))Σ_iΣ_j|x_i − x_j|, O(n²)
  function fairByDefinition(xs: ArrayLike<number>, y: number): number {
    const n = xs.length;
    let a = 0, b = 0;
    for (let i = 0; i < n; i++) {
      a += Math.abs(xs[i] - y);
      for (let j = 0; j < n; j++) b += Math.abs(xs[i] - xs[j]);
    }
    return a / n - b / (2 * n * (n - 1));
  }

  it('hand-computed: {1, 2, 4}, y = 3 → 4/3 − 12/12 = 1/3; NaN for fewer than two members', () => {
    expect(crpsEnsembleFairSorted(Float64Array.from([1, 2, 4]), 3)).toBeCloseTo(1 / 3, 14);
    expect(crpsEnsembleFairSorted(Float64Array.from([5]), 2)).toBeNaN();
    expect(crpsEnsembleFairSorted(new Float64Array(0), 2)).toBeNaN();
  });

  it('equals its O(n²) definition on random ensembles to 1e-12 of the spread, at any level of the series', () => {
    // (relative to the spread: with two members and y between them the fair CRPS is exactly 0)
    const r = seedrandom.alea('crps-fair-definition');
    for (const [n, level, spread] of [[2, 0, 1], [7, 0, 1], [200, 1e5, 2e4], [333, -20, 5]]) {
      for (let k = 0; k < 5; k++) {
        const xs = Float64Array.from({ length: n }, () => level + spread * normalDraw(r)).sort();
        const y = level + spread * 1.5 * normalDraw(r);
        expect(Math.abs(crpsEnsembleFairSorted(xs, y) - fairByDefinition(xs, y)) / spread).toBeLessThan(1e-12);
      }
    }
  });

  it('is unbiased for the CRPS of the distribution the members are drawn from; the empirical-CDF CRPS is not', () => {
    // members drawn iid from P(X = 1) = p, P(X = 0) = 1 − p: every one of the 2^n ensembles, weighted by its
    // probability, gives the expectation exactly. CRPS(F, y) = E|X − y| − ½E|X − X′| = p|1 − y| + (1 − p)|y| − p(1 − p).
    for (const [n, p, y] of [[2, 0.5, 0.3], [4, 0.3, 1], [5, 0.8, -0.5], [6, 0.1, 0.5]]) {
      let fair = 0, empirical = 0;
      for (let mask = 0; mask < 1 << n; mask++) {
        const xs = Float64Array.from({ length: n }, (_, i) => (mask >> i) & 1).sort();
        const ones = xs.reduce((a, x) => a + x, 0);
        const w = p ** ones * (1 - p) ** (n - ones);
        fair += w * crpsEnsembleFairSorted(xs, y);
        empirical += w * crpsEnsembleSorted(xs, y);
      }
      const exact = p * Math.abs(1 - y) + (1 - p) * Math.abs(y) - p * (1 - p);
      expect(fair).toBeCloseTo(exact, 12);
      // the empirical CDF's bias is E|X − X′|/(2n) = 2p(1 − p)/(2n)
      expect(empirical - exact).toBeCloseTo((p * (1 - p)) / n, 12);
    }
  });
});

describe('crpsEnsemble', () => {
  // {1, 2, 4}, y = 3: (1/3)(2 + 1 + 1) = 4/3; Σ_iΣ_j|x_i − x_j| = 2(1 + 3 + 2) = 12, 12/(2·9) = 2/3; CRPS = 2/3.
  // The same as ∫(F − 1{x ≥ y})²: [1, 2) (1/3)² + [2, 3) (2/3)² + [3, 4) (1/3)² = 6/9.
  const CASES: Array<[name: string, members: number[], y: number, crps: number]> = [
    ['hand-computed {1, 2, 4}, y = 3', [1, 2, 4], 3, 2 / 3],
    ['y below every member: 7/3 − 2/3', [1, 2, 4], 0, 5 / 3],
    ['y on a member: (1 + 0 + 2)/3 − 2/3', [1, 2, 4], 2, 1 / 3],
    ['y above every member: (3 + 2 + 0)/3 − 2/3', [1, 2, 4], 4, 1],
    ['unsorted members are sorted first', [4, 1, 2], 3, 2 / 3],
    ['single member → |x − y|', [5], 2, 3],
    ['single member, y above', [-1.5], 2, 3.5],
    ['every member equal to y → 0', [2, 2, 2], 2, 0],
    ['ties: {1, 1, 3}, y = 2: 3/3 − 2(0 + 2 + 2)/18', [1, 1, 3], 2, 5 / 9],
  ];
  it.each(CASES)('%s', (_, members, y, crps) => {
    expect(crpsEnsemble(members, y)).toBeCloseTo(crps, 14);
    expect(crpsByDefinition(members, y)).toBeCloseTo(crps, 14);
  });

  it('does not change its input and is NaN for an empty ensemble', () => {
    const members = [4, 1, 2];
    crpsEnsemble(members, 3);
    expect(members).toEqual([4, 1, 2]);
    expect(crpsEnsemble([], 1)).toBeNaN();
  });

  it('equals the O(n²) definition on random ensembles to 1e-12 relative, at any level of the series', () => {
    const r = seedrandom.alea('crps-definition');
    for (const [n, level, spread] of [
      [2, 0, 1],
      [7, 0, 1],
      [50, 4.3, 0.3],
      [200, 1e5, 2e4],
      [333, -20, 5],
    ]) {
      for (let k = 0; k < 5; k++) {
        const xs = Float64Array.from({ length: n }, () => level + spread * normalDraw(r)).sort();
        const y = level + spread * 1.5 * normalDraw(r);
        expect(relative(crpsEnsembleSorted(xs, y), crpsByDefinition(xs, y))).toBeLessThan(1e-12);
      }
    }
  });

  it('of a normal quantile ensemble (n = 20,000) agrees with crpsNormal to 1e-3, inside and in the tails', () => {
    const mu = 4.2;
    const sigma = 0.35;
    const xs = quantileEnsemble(20_000, (p) => mu + sigma * inverseNormal(p));
    for (const z of [0, 0.3, -0.7, 1.5, -2, 3, -4.5]) {
      const y = mu + z * sigma;
      expect(relative(crpsEnsembleSorted(xs, y), crpsNormal(mu, sigma, y))).toBeLessThan(1e-3);
    }
  });

  it('of a log-normal quantile ensemble (n = 20,000) agrees with crpsLogNormal to 1e-3', () => {
    const mu = Math.log(60_000);
    const sigma = 0.5;
    const xs = quantileEnsemble(20_000, (p) => Math.exp(mu + sigma * inverseNormal(p)));
    for (const y of [60_000, 20_000, 45_000, 90_000, 150_000, 300_000]) {
      expect(relative(crpsEnsembleSorted(xs, y), crpsLogNormal(mu, sigma, y))).toBeLessThan(1e-3);
    }
  });
});

describe('crpsNormal', () => {
  it('is (√2 − 1)/√π for the standard normal at its mean', () => {
    // 2φ(0) − 1/√π = 2/√(2π) − 1/√π.
    expect(crpsNormal(0, 1, 0)).toBeCloseTo((Math.SQRT2 - 1) / Math.sqrt(Math.PI), 15);
    expect(crpsNormal(0, 1, 0)).toBeCloseTo(0.233694977255, 12);
  });

  // scipy 1.17: quad of (norm.cdf(x, mu, s) − 1{x ≥ y})² over (−∞, y) and (y, ∞).
  const CASES: Array<[mu: number, sigma: number, y: number, crps: number]> = [
    [0, 1, 1, 0.6024413576276164],
    [0, 1, -3, 2.4365747250863388],
    [4.25, 0.4, 3.4, 0.6291523338236054],
  ];
  it.each(CASES)('N(%d, %d²) at %d → %d', (mu, sigma, y, crps) => {
    expect(crpsNormal(mu, sigma, y)).toBeCloseTo(crps, 12);
  });

  it('is shift- and scale-equivariant, symmetric, and |y − mu| at sigma = 0', () => {
    expect(crpsNormal(10, 3, 16)).toBeCloseTo(3 * crpsNormal(0, 1, 2), 13);
    expect(crpsNormal(0, 1, -1.3)).toBeCloseTo(crpsNormal(0, 1, 1.3), 15);
    expect(crpsNormal(2, 0, -1)).toBe(3);
    expect(crpsNormal(0, -1, 0)).toBeNaN();
  });
});

describe('crpsLogNormal', () => {
  it('agrees with numerical integration of (F(x) − 1{x ≥ y})²', () => {
    // x = e^t, dx = e^t dt; Simpson on each side of ln y, over μ ± 12σ (what lies beyond is < 1e-30).
    const mu = 0.3;
    const sigma = 0.6;
    const y = 2.2;
    const integrand = (t: number, h: number) => (normalCdf((t - mu) / sigma) - h) ** 2 * Math.exp(t);
    const simpson = (a: number, b: number, h: number, m: number) => {
      const step = (b - a) / m;
      let s = integrand(a, h) + integrand(b, h);
      for (let k = 1; k < m; k++) s += (k % 2 === 1 ? 4 : 2) * integrand(a + k * step, h);
      return (s * step) / 3;
    };
    const ly = Math.log(y);
    const numeric = simpson(mu - 12 * sigma, ly, 0, 20_000) + simpson(ly, mu + 12 * sigma, 1, 20_000);
    expect(crpsLogNormal(mu, sigma, y)).toBeCloseTo(numeric, 10);
    // scipy 1.17 quad of the same integral in x.
    expect(crpsLogNormal(mu, sigma, y)).toBeCloseTo(0.4806472542278712, 12);
  });

  it('takes the limit for y ≤ 0 and is |y − e^mu| at sigma = 0', () => {
    // y ≤ 0: E X − y − ½E|X − X'| = 2e^{μ+σ²/2}(1 − Φ(σ/√2)) − y.
    const m = Math.exp(0.3 + 0.18);
    expect(crpsLogNormal(0.3, 0.6, 0)).toBeCloseTo(2 * m * (1 - normalCdf(0.6 / Math.SQRT2)), 14);
    expect(crpsLogNormal(0.3, 0.6, -1)).toBeCloseTo(crpsLogNormal(0.3, 0.6, 0) + 1, 14);
    expect(crpsLogNormal(0.3, 0.6, 1e-300)).toBeCloseTo(crpsLogNormal(0.3, 0.6, 0), 14);
    expect(crpsLogNormal(Math.log(5), 0, 2)).toBeCloseTo(3, 14);
  });
});

describe('crpsRandomWalk', () => {
  it('is the normal (or log-normal) with sd·√h around the last observation', () => {
    expect(crpsRandomWalk(4.3, 0.05, 21, false, 4.1)).toBe(crpsNormal(4.3, 0.05 * Math.sqrt(21), 4.1));
    expect(crpsRandomWalk(60_000, 0.03, 63, true, 70_000)).toBe(
      crpsLogNormal(Math.log(60_000), 0.03 * Math.sqrt(63), 70_000),
    );
  });
});

describe('pitSorted', () => {
  const CASES: Array<[name: string, sorted: number[], y: number, pit: number]> = [
    ['every member equal to y → ½', [2, 2, 2], 2, 0.5],
    ['below every member → 0', [1, 2, 3], 0, 0],
    ['above every member → 1', [1, 2, 3], 4, 1],
    ['on the middle member: (1 + ½)/3', [1, 2, 3], 2, 0.5],
    ['on a tied pair: (1 + ½·2)/4', [1, 2, 2, 3], 2, 0.5],
    ['on the lowest member: ½/4', [1, 2, 2, 3], 1, 0.125],
    ['between members: 3/4', [1, 2, 2, 3], 2.5, 0.75],
  ];
  it.each(CASES)('%s', (_, sorted, y, pit) => {
    expect(pitSorted(sorted, y)).toBe(pit);
  });

  it('is NaN for an empty ensemble or a NaN outcome', () => {
    expect(pitSorted([], 1)).toBeNaN();
    expect(pitSorted([1, 2], Number.NaN)).toBeNaN();
  });
});

describe('pitHistogram', () => {
  it('puts edges in the upper bin, 1 in the last, and skips values outside [0, 1]', () => {
    expect(pitHistogram([0, 0.1, 0.19, 0.5, 0.99, 1], 10)).toEqual([1, 2, 0, 0, 0, 1, 0, 0, 0, 2]);
    expect(pitHistogram([0, 0.25, 0.5, 0.75, 1, -0.1, 1.1, Number.NaN], 4)).toEqual([1, 1, 1, 2]);
    expect(pitHistogram([0.3, 0.7])).toHaveLength(10);
  });

  it('names a bad bin count', () => {
    expect(() => pitHistogram([0.5], 0)).toThrow('bins must be a positive integer (got 0)');
    expect(() => pitUniformity([0.5], 2.5)).toThrow('bins must be a positive integer (got 2.5)');
  });
});

describe('chiSquareSurvival', () => {
  // scipy 1.17 chi2.sf.
  const CASES: Array<[x: number, df: number, p: number]> = [
    [3.8414588206941285, 1, 0.05],
    [16.91897760462045, 9, 0.05],
    [10, 4, 0.04042768199451279],
    [0.5, 9, 0.9999695662588389],
    [9, 9, 0.43727418891386693],
    [80, 9, 1.61613141565346e-13],
    [2, 2, Math.exp(-1)],
  ];
  it.each(CASES)('P(χ² ≥ %d; df %d) = %d', (x, df, p) => {
    expect(relative(chiSquareSurvival(x, df), p)).toBeLessThan(1e-10);
  });

  it('is 1 at 0, 0 at ∞, NaN for a ≤ 0', () => {
    expect(chiSquareSurvival(0, 9)).toBe(1);
    expect(gammaQ(4.5, Number.POSITIVE_INFINITY)).toBe(0);
    expect(gammaQ(0, 1)).toBeNaN();
  });
});

// Synthetic backtests: case k has its own mean μ_k; the ensemble is 200 draws from N(μ_k, ensembleSd²), the truth one
// draw from N(μ_k, 1). ensembleSd = 1 is a model that *is* the truth.
function syntheticCases(key: string, ensembleSd: number, cases = 2000, members = 200) {
  const r = seedrandom.alea(key);
  const pits: number[] = [];
  let inside90 = 0;
  let inside50 = 0;
  for (let k = 0; k < cases; k++) {
    const mu = 10 * (r() - 0.5);
    const xs = Float64Array.from({ length: members }, () => mu + ensembleSd * normalDraw(r)).sort();
    const y = mu + normalDraw(r);
    pits.push(pitSorted(xs, y));
    if (covers(centralInterval(xs, 0.9), y)) inside90++;
    if (covers(centralInterval(xs, 0.5), y)) inside50++;
  }
  return { pits, coverage90: inside90 / cases, coverage50: inside50 / cases };
}

describe('PIT of synthetic models (2,000 cases, 200 members)', () => {
  const truth = syntheticCases('pit-true-model', 1);
  const narrow = syntheticCases('pit-narrow-model', 0.5);
  const wide = syntheticCases('pit-wide-model', 2);

  it('is uniform for the model that is the truth (pinned for seed pit-true-model)', () => {
    const u = pitUniformity(truth.pits);
    expect(u.n).toBe(2000);
    expect(u.df).toBe(9);
    expect(u.chi2P).toBeGreaterThan(0.01);
    expect(u.ksP).toBeGreaterThan(0.01);
    expect(pitHistogram(truth.pits)).toEqual(TRUE_HISTOGRAM);
    expect(u.chi2).toBeCloseTo(TRUE_CHI2, 10);
    expect(u.chi2P).toBeCloseTo(TRUE_CHI2_P, 10);
    expect(u.ks).toBeCloseTo(TRUE_KS, 12);
    expect(u.ksP).toBeCloseTo(TRUE_KS_P, 10);
  });

  it('is U-shaped, and rejected, for a model too narrow (sd 0.5 vs 1)', () => {
    const h = pitHistogram(narrow.pits);
    const outer = h[0] + h[9];
    const inner = h[4] + h[5];
    expect(outer).toBeGreaterThan(5 * inner);
    expect(h[0]).toBeGreaterThan(h[2]);
    expect(h[9]).toBeGreaterThan(h[7]);
    expect(h).toEqual([513, 193, 124, 103, 80, 107, 111, 120, 145, 504]);
    const u = pitUniformity(narrow.pits);
    expect(u.chi2P).toBeLessThan(1e-6);
    expect(u.ksP).toBeLessThan(1e-6);
    expect(u.chi2).toBeCloseTo(1230.07, 9);
  });

  it('is hump-shaped, and rejected, for a model too wide (sd 2 vs 1)', () => {
    const h = pitHistogram(wide.pits);
    const outer = h[0] + h[9];
    const inner = h[4] + h[5];
    expect(inner).toBeGreaterThan(5 * outer);
    expect(h).toEqual([12, 85, 194, 303, 372, 371, 337, 223, 90, 13]);
    expect(pitUniformity(wide.pits).chi2P).toBeLessThan(1e-6);
  });

  it('counts coverage: nominal for the true model, far less for the narrow one', () => {
    // Binomial band ±3√(p(1 − p)/2000) around the nominal level.
    expect(Math.abs(truth.coverage90 - 0.9)).toBeLessThan(3 * Math.sqrt((0.9 * 0.1) / 2000));
    expect(Math.abs(truth.coverage50 - 0.5)).toBeLessThan(3 * Math.sqrt((0.5 * 0.5) / 2000));
    // P(|Z| < 1.645·0.5) ≈ 0.59 and P(|Z| < 0.674·0.5) ≈ 0.26.
    expect(narrow.coverage90).toBeLessThan(0.65);
    expect(narrow.coverage50).toBeLessThan(0.32);
    expect(wide.coverage90).toBeGreaterThan(0.98);
    expect({ truth90: truth.coverage90, truth50: truth.coverage50, narrow90: narrow.coverage90 }).toEqual(COVERAGE);
  });
});

describe('pitUniformity', () => {
  it('gives KS distance 1/(2n) for the midpoints (i − ½)/n, and uses the Kolmogorov tail at √n·D', () => {
    const pits = Array.from({ length: 100 }, (_, i) => (i + 0.5) / 100);
    const u = pitUniformity(pits);
    expect(u.ks).toBeCloseTo(0.005, 15);
    expect(u.ksP).toBe(kolmogorovSurvival(Math.sqrt(100) * u.ks));
    expect(u.chi2).toBe(0);
    expect(u.chi2P).toBe(1);
  });

  it('counts only values in [0, 1], and has NaN figures with none', () => {
    expect(pitUniformity([0.2, 0.4, Number.NaN, 2]).n).toBe(2);
    expect(pitUniformity([], 5)).toEqual({
      chi2: Number.NaN,
      df: 4,
      chi2P: Number.NaN,
      ks: Number.NaN,
      ksP: Number.NaN,
      n: 0,
    });
  });
});

describe('centralInterval and covers', () => {
  const XS = Array.from({ length: 11 }, (_, i) => i); // 0 … 10

  it('reads the type-7 quantiles: 0.5 → [p25, p75], 0.9 → [p05, p95]', () => {
    expect(centralInterval(XS, 0.5)).toEqual([2.5, 7.5]);
    expect(centralInterval(XS, 0.9)).toEqual([0.5, 9.5]);
    const r = seedrandom.alea('central-interval');
    const xs = Float64Array.from({ length: 200 }, () => normalDraw(r)).sort();
    expect(centralInterval(xs, 0.9)).toEqual(quantilesSorted(xs, [0.05, 0.95]));
    expect(centralInterval(xs, 0.5)).toEqual(quantilesSorted(xs, [0.25, 0.75]));
    expect(centralInterval(xs, 0.8)).toEqual(quantilesSorted(xs, [0.1, 0.9]));
  });

  it('is [NaN, NaN] for an empty ensemble and names a bad level', () => {
    expect(centralInterval([], 0.9)).toEqual([Number.NaN, Number.NaN]);
    expect(() => centralInterval(XS, 1)).toThrow('level must be in (0, 1) (got 1)');
    expect(() => centralInterval(XS, 90)).toThrow('level must be in (0, 1) (got 90)');
  });

  const COVERS: Array<[lo: number, hi: number, y: number, inside: boolean]> = [
    [1, 2, 1, true],
    [1, 2, 2, true],
    [1, 2, 1.5, true],
    [1, 2, 0.9999999, false],
    [1, 2, 2.0000001, false],
    [3, 3, 3, true],
    [1, 2, Number.NaN, false],
  ];
  it.each(COVERS)('[%d, %d] covers %d: %s', (lo, hi, y, inside) => {
    expect(covers([lo, hi], y)).toBe(inside);
  });
});

describe('trailingChangeSd', () => {
  it('is 0 for a series of equal steps, and counts the changes', () => {
    const values = Array.from({ length: 252 }, (_, i) => i + 1);
    expect(trailingChangeSd(values, false)).toEqual({ sd: 0, changes: 251 });
  });

  it('is the sample sd of the changes: 0, 1, 0, 1, … has changes ±1, sd √(10/9)', () => {
    const values = Array.from({ length: 11 }, (_, i) => i % 2);
    const r = trailingChangeSd(values, false)!;
    expect(r.changes).toBe(10);
    expect(r.sd).toBeCloseTo(Math.sqrt(10 / 9), 14);
  });

  it('uses log changes with log = true: ±0.1 log steps give sd √(0.1/9), whatever the level', () => {
    const values = Array.from({ length: 11 }, (_, i) => 60_000 * Math.exp(i % 2 === 1 ? 0.1 : 0));
    const r = trailingChangeSd(values, true)!;
    expect(r.changes).toBe(10);
    expect(r.sd).toBeCloseTo(Math.sqrt(0.1 / 9), 14);
    expect(trailingChangeSd(values, false)!.sd).toBeGreaterThan(1000);
  });

  it('is null below 10 changes, and leaves out changes it cannot take', () => {
    const ten = Array.from({ length: 10 }, (_, i) => i);
    expect(trailingChangeSd(ten, false)).toBeNull();
    expect(trailingChangeSd([...ten, 10], false)).toEqual({ sd: 0, changes: 10 });
    // A zero (RRP in 2019–2020) ends log changes: the two changes touching it are left out.
    const withZero = [5, 6, 7, 0, 8, 9, 10, 11, 12, 13, 14, 15, 16];
    expect(trailingChangeSd(withZero, true)!.changes).toBe(10);
    expect(trailingChangeSd(withZero, false)!.changes).toBe(12);
    expect(trailingChangeSd([1, Number.NaN, ...ten.map((v) => v + 1)], false)).toBeNull();
  });
});

describe('crpsSkill', () => {
  const CASES: Array<[name: string, model: number[], reference: number[], skill: number | null]> = [
    ['half the reference', [1, 2], [2, 4], 0.5],
    ['equal to the reference', [3, 1], [1, 3], 0],
    ['worse than the reference', [3, 3], [2, 2], -0.5],
    ['a pair with a missing score is dropped', [1, Number.NaN, 1], [4, 4, Number.NaN], 0.75],
    ['no pairs', [], [], null],
    ['no finite pair', [Number.NaN], [1], null],
    ['reference mean 0', [1, 2], [0, 0], null],
  ];
  it.each(CASES)('%s', (_, model, reference, skill) => {
    expect(crpsSkill(model, reference)).toBe(skill);
  });

  it('names arrays of different lengths', () => {
    expect(() => crpsSkill([1], [1, 2])).toThrow('model and reference must have the same length (got 1 and 2)');
  });
});

// Pinned figures of the synthetic models above (seedrandom.alea keys as given); chi2P and ksP agree with scipy 1.17
// (chi2.sf(7.13, 9) = 0.6235865341804394, kstwobign.sf(√2000·0.02) = 0.40047103620845764).
const TRUE_HISTOGRAM = [211, 205, 205, 180, 196, 217, 187, 205, 210, 184];
const TRUE_CHI2 = 7.13;
const TRUE_CHI2_P = 0.6235865341804394;
const TRUE_KS = 0.02;
const TRUE_KS_P = 0.40047103620845764;
// A 200-member type-7 p05–p95 holds the 201st draw with probability (190.05 − 10.95)/201 ≈ 0.891, not 0.9.
const COVERAGE = { truth90: 0.89, truth50: 0.4985, narrow90: 0.59 };
