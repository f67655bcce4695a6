// BTC's stylised facts (issue 15 item 1): each statistic against its definition on known series, pooling across
// segments (no window spans two), and the command's messages.
import { describe, expect, it } from 'vitest';
import { absAcf, BTC_FACTS, factsOf, logReturns, maxDrawdownOf, pooledKurtosis, pooledVariance, varianceRatio, years, yearDrawdowns } from '../../src/sim/calibrate/btc-facts.js';
import { excessKurtosis, varianceRatio as vrOne, autocorrelation } from '../../src/sim/calibrate/moments.js';
import { fimasim } from '../cli/helpers.js';

const seq = (n: number, f: (i: number) => number) => Float64Array.from({ length: n }, (_, i) => f(i));
const wiggle = seq(600, (i) => Math.sin(i * 1.7) * 0.03 + Math.cos(i * 0.31) * 0.01);

describe('one segment equals the single-series definitions of calibrate/moments.ts', () => {
  it('variance ratio, kurtosis', () => {
    for (const q of [5, 21, 63]) expect(varianceRatio([wiggle], q)).toBeCloseTo(vrOne(wiggle, q), 12);
    expect(pooledKurtosis([wiggle])).toBeCloseTo(excessKurtosis(wiggle), 12);
  });
  it('|r| autocorrelation', () => {
    const a = absAcf([wiggle], 3);
    expect(a[0]).toBeCloseTo(1, 14);
    expect(a[3]).toBeCloseTo(autocorrelation(Float64Array.from(wiggle, Math.abs), 3), 12);
  });
});

describe('pooling', () => {
  it('no q-day sum spans two segments', () => {
    const s = [Float64Array.of(1, 1, 1), Float64Array.of(-1, -1, -1)];
    expect(pooledVariance(s, 3)).toBeCloseTo(((3 - 0) ** 2 + (-3 - 0) ** 2) / 1, 14); // sums 3 and −3
    expect(pooledVariance(s, 4)).toBeNaN();
  });
  it('cuts segments into years for the autocorrelation', () => {
    expect(years([new Float64Array(600)]).map((x) => x.length)).toEqual([252, 252, 96]);
  });
  it('a random walk has VR ≈ 1, an alternating series VR(2) = 0', () => {
    expect(varianceRatio([seq(1000, (i) => (i % 2 ? 1 : -1))], 2)).toBeCloseTo(0, 2);
  });
});

describe('drawdowns', () => {
  it('the largest fall from a running high, as a fraction of the high', () => {
    const r = logReturns([100, 120, 60, 90, 30, 200]);
    expect(maxDrawdownOf(r, 0, r.length)).toBeCloseTo(1 - 30 / 120, 14);
    expect(maxDrawdownOf(logReturns([100, 110, 120]), 0, 2)).toBe(0);
  });
  it('one-year windows every 21 days within each segment', () => {
    expect(yearDrawdowns([new Float64Array(252 + 42), new Float64Array(251)]).length).toBe(3);
  });
  it('the table names every fact once', () => {
    expect(new Set(BTC_FACTS.map((f) => f.name)).size).toBe(BTC_FACTS.length);
    expect(factsOf([wiggle]).length).toBe(BTC_FACTS.length);
  });
});

describe('fimasim btc-facts', () => {
  it('names a bad flag and exits 2', () => {
    const r = fimasim(['btc-facts', '--from', '2019-13-01']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--from: expected a YYYY-MM-DD calendar date, found '2019-13-01'/);
    const short = fimasim(['btc-facts', '--from', '2024-01-01', '--to', '2024-06-01']);
    expect(short.code).toBe(2);
    expect(short.stderr).toMatch(/need at least 504/);
  });
  it('prints data and model side by side', () => {
    const r = fimasim(['btc-facts', '--scenario', 'smoke', '--runs', '3', '--replicas', '20', '--json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.facts.map((f: { name: string }) => f.name)).toEqual(BTC_FACTS.map((f) => f.name));
    expect(j.facts[0].lo).toBeLessThan(j.facts[0].data);
  });
});

describe('the BTC–net-liquidity regression', () => {
  it('recovers a known elasticity in levels and changes, and re-chains levels from changes', async () => {
    const { cumulate, liquiditySlopes, weeklyChanges, simLiquidityRegression } = await import('../../src/sim/calibrate/liquidity-regression.js');
    expect(Array.from(cumulate([1, 2, -1]))).toEqual([1, 3, 2]);
    const nl = seq(200, (i) => Math.sin(i * 0.7) * 0.01), btc = Float64Array.from(nl, (x) => 2.5 * x);
    const s = liquiditySlopes(btc, nl);
    expect(s.changes).toBeCloseTo(2.5, 12);
    expect(s.levels).toBeCloseTo(2.5, 12);
    // a run whose BTC is NL² (an elasticity of 2), sampled every 5 ticks
    const liq = seq(51, (t) => 1000 * Math.exp(0.01 * Math.sin(t))), price = Float64Array.from(liq, (x) => x * x);
    const w = weeklyChanges(price, liq);
    expect(w.btc.length).toBe(10);
    expect(w.btc[0]).toBeCloseTo(2 * Math.log(liq[5] / liq[0]), 12);
    const r = simLiquidityRegression([w, w]);
    expect(r.changes.value).toBeCloseTo(2, 10);
    expect(r.levels.value).toBeCloseTo(2, 10);
    expect(r.pooledChanges).toBeCloseTo(2, 10);
  });
});
