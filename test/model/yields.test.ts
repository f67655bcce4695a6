// The 10y as expected short rates plus a term premium (issue 14 item 1): known values of the path and the premium,
// and the expectations mechanism on paired seeds (a cut the curve prices moves the 10y before it happens, not when).
import { describe, expect, it } from 'vitest';
import { KAPPA_RANGE, applySurprise, expectedAverage, fitCurve, shortEnd, slopeLoading, stepPath, type RatePathRules } from '../../src/market/rates.js';
import { compileModel } from '../../src/sim/run/model.js';
import { loadScenario } from '../../src/sim/scenario/load.js';
import { simulate } from '../../src/sim/run/engine.js';
import { SERIES_INDEX } from '../../src/sim/run/series.js';
import { pairedDifference } from '../../src/sim/stats/index.js';

const KAPPA = Math.LN2 / 0.95;

describe('the expected short-rate path (known values)', () => {
  it('slope loadings: 1 at no horizon, (1 − e^(−κn))/(κn) otherwise', () => {
    expect(slopeLoading(KAPPA, 0)).toBe(1);
    expect(slopeLoading(0.5, 2)).toBeCloseTo(1 - Math.exp(-1), 14);
    expect(slopeLoading(KAPPA, 10)).toBeCloseTo((1 - Math.exp(-10 * KAPPA)) / (10 * KAPPA), 14);
  });

  it('a curve made by a known path gives that path back: κ, level and slope (the 3m and 2y as averages, r0 the short end)', () => {
    for (const [level, slope, kappa] of [[0.03, 0.02, 2], [0.045, -0.03, 0.4], [0.01, 0.004, 8]]) {
      const p = { level, slope };
      const f = fitCurve(shortEnd(p), expectedAverage(p, kappa, 0.25), expectedAverage(p, kappa, 2), KAPPA);
      expect(f.identified).toBe(true);
      expect(f.kappa).toBeCloseTo(kappa, 8);
      expect(f.path.level).toBeCloseTo(level, 10);
      expect(f.path.slope).toBeCloseTo(slope, 10);
    }
  });

  it('a curve that does not identify κ (3m against the 2y, a flat 2y, a flat front) falls back to the scenario\'s κ and meets r0 and the 2y', () => {
    const slow = { level: 0.03, slope: 0.02 };
    const tooFlat = KAPPA_RANGE[0] / 4; // a front flatter than the slowest κ allows
    for (const [r0, a3m, a2] of [[0.0533, 0.055 * 360 / 365, 0.0469], [0.05, 0.049, 0.0502], [0.05, expectedAverage(slow, tooFlat, 0.25), expectedAverage(slow, tooFlat, 2)]]) {
      const f = fitCurve(r0, a3m, a2, KAPPA);
      expect(f.identified).toBe(false);
      expect(f.kappa).toBe(KAPPA);
      expect(shortEnd(f.path)).toBeCloseTo(r0, 14);
      expect(expectedAverage(f.path, KAPPA, 2)).toBeCloseTo(a2, 14);
    }
  });

  it('a front steeper than the fastest κ (6 Mar 2020: EFFR 1.09%, 3m 0.44%, 2y 0.49%) takes the fastest κ, not the fallback', () => {
    for (const [r0, a3m, a2] of [[0.0109, 0.0044, 0.0049], [0.05, expectedAverage({ level: 0.03, slope: 0.02 }, KAPPA_RANGE[1] * 2, 0.25), expectedAverage({ level: 0.03, slope: 0.02 }, KAPPA_RANGE[1] * 2, 2)]]) {
      const f = fitCurve(r0, a3m, a2, KAPPA);
      expect(f.identified).toBe(false);
      expect(f.kappa).toBe(KAPPA_RANGE[1]);
      expect(shortEnd(f.path)).toBeCloseTo(r0, 14);
      expect(expectedAverage(f.path, KAPPA_RANGE[1], 2)).toBeCloseTo(a2, 14);
    }
  });

  it('fitted to 18 Jun 2024 (EFFR 5.33%, 3m 5.50%, 2y 4.69%) it meets the EFFR and the 2y, and the 10y of 4.22% leaves a term premium of ≈ +5bp', () => {
    // the 3m on the money-market basis (5.42%) is above the EFFR while the 2y is below: κ is not identified
    const { path: p, kappa } = fitCurve(0.0533, 0.055 * 360 / 365, 0.0469, KAPPA);
    expect(kappa).toBe(KAPPA);
    const f2 = slopeLoading(KAPPA, 2), f10 = slopeLoading(KAPPA, 10);
    expect(p.slope).toBeCloseTo((0.0533 - 0.0469) / (1 - f2), 14);
    const tp0 = 0.0422 - expectedAverage(p, KAPPA, 10);
    expect(tp0).toBeCloseTo(0.0422 - (0.0533 - p.slope) - p.slope * f10, 14);
    expect(tp0 * 1e4).toBeGreaterThan(3);
    expect(tp0 * 1e4).toBeLessThan(8);
  });

  const rules: RatePathRules = { kappa: KAPPA, rollDecay: Math.exp(-KAPPA / 252), levelAnchor: 0.038, levelDecay: 1, levelSd: 0.0001, slopeSd: 0.0002, surpriseToLevel: 0.2 };

  it('with no news the slope rolls down and the expected rate for a fixed date stays put', () => {
    const p = fitCurve(0.0533, 0.055 * 360 / 365, 0.0469, KAPPA).path, q = { ...p };
    stepPath(q, rules, 0, 0);
    // E[r at 1 year from the first day] before = after one tick, at the horizon 1 − 1/252
    expect(q.level + q.slope * Math.exp(-KAPPA * (1 - 1 / 252))).toBeCloseTo(p.level + p.slope * Math.exp(-KAPPA), 15);
  });

  it('far-path news moves the level and leaves the short end; short-end news moves the short end by its size', () => {
    const p = fitCurve(0.0533, 0.055 * 360 / 365, 0.0469, KAPPA).path, s0 = shortEnd(p) * Math.exp(0);
    const q = { ...p };
    stepPath(q, rules, 1, 0);
    expect(q.level - p.level).toBeCloseTo(0.0001, 15);
    expect(shortEnd(q)).toBeCloseTo(p.level + p.slope * rules.rollDecay, 15);
    const r = { ...p };
    stepPath(r, rules, 0, -1);
    expect(shortEnd(r) - (p.level + p.slope * rules.rollDecay)).toBeCloseTo(-0.0002, 15);
    expect(s0).toBeGreaterThan(0);
  });

  it('a −25bp surprise moves the short end −25bp and the 10y average by (θ + (1 − θ)·f10)·25bp ≈ 7.8bp (Kuttner 2001: 0.32)', () => {
    const p = fitCurve(0.0533, 0.055 * 360 / 365, 0.0469, KAPPA).path, q = { ...p };
    applySurprise(q, -0.0025, 0.2);
    expect(shortEnd(q) - shortEnd(p)).toBeCloseTo(-0.0025, 15);
    const d10 = expectedAverage(q, KAPPA, 10) - expectedAverage(p, KAPPA, 10);
    expect(d10).toBeCloseTo(-0.0025 * (0.2 + 0.8 * slopeLoading(KAPPA, 10)), 15);
    expect(d10 / -0.0025).toBeGreaterThan(0.25);
    expect(d10 / -0.0025).toBeLessThan(0.4);
  });
});

describe('the model starts on the curve', () => {
  it('the 10y at tick 0 is the scenario\'s, whatever the 2y prices (the term premium is the residual)', () => {
    for (const y2 of ['4.69', '5.5']) {
      const s = loadScenario('hayes-2024', [`market.y2=${y2}`, 'ticks=5']).scenario;
      const r = simulate(s, '1', 0);
      expect(r.series[SERIES_INDEX.ust10y][0]).toBeCloseTo(s.market.y10 / 100, 14);
      const m = compileModel(s);
      expect(expectedAverage(m.ratePath0, m.rates.kappa, 2)).toBeCloseTo(Number(y2) / 100, 14);
      expect(shortEnd(m.ratePath0)).toBeCloseTo((s.fed.policyRateTop - s.fed.effrBelowTop) / 100, 14);
    }
  });
});

describe('a cut the curve prices moves the 10y before it happens, not when it happens (paired seeds)', () => {
  // hayes-2024 cuts 25bp on 18 Sep 2024. Priced: the opening curve of 18 Jun 2024 (EFFR 5.33%, 2y 4.69%, cuts ahead).
  // Not priced: a flat curve (3m and 2y at the EFFR). Same seeds, same news: only the path's expectations differ.
  const N = 20;
  const FLAT = ['market.y3m=' + (5.33 * 365 / 360).toFixed(6), 'market.y2=5.33'];
  const run = (sets: string[]) => {
    const s = loadScenario('hayes-2024', [...sets, 'ticks=70']).scenario;
    return Array.from({ length: N }, (_, i) => simulate(s, '20240618', i));
  };
  const pricedRuns = run(['market.y2=4.69']), flatRuns = run(FLAT);
  const CUT = pricedRuns[0].dates.indexOf('2024-09-18');
  const priced = pricedRuns.map((r) => r.series[SERIES_INDEX.ust10y]), flat = flatRuns.map((r) => r.series[SERIES_INDEX.ust10y]);
  it('on the day of the cut the 10y falls by less when it was priced (the surprise is smaller)', () => {
    const jump = (y: Float64Array) => y[CUT] - y[CUT - 1];
    const d = pairedDifference(priced.map(jump), flat.map(jump));
    // flat: the whole 25bp (plus the short end's news since the start) is a surprise; priced: the path had moved
    expect(CUT).toBeGreaterThan(60);
    expect(d.lo).toBeGreaterThan(0);
    // the priced path's short end had rolled down by S·(1 − e^(−κ·63/252)) ≈ 22bp, so its surprise is ≈ 22bp smaller
    // and its 10y falls ≈ 0.31 × 22 ≈ 7bp less on the day (every run: the news is the same)
    expect(d.meanDiff * 1e4).toBeGreaterThan(5);
    expect(d.meanDiff * 1e4).toBeLessThan(9);
    expect(d.pGreater).toBe(1);
  });

  it('before the cut, the priced path has already taken the 10y lower than the flat one has (the roll-down)', () => {
    const drift = (y: Float64Array) => y[CUT - 1] - y[0];
    const d = pairedDifference(priced.map(drift), flat.map(drift));
    expect(d.hi).toBeLessThan(0); // ≈ −0.137 × 22bp ≈ −3bp: the 10y average loses the rolled-down part of the slope
  });
});
