// Partial rebalancing (model change of issue 15, first step): each cohort's anchor drifts towards the share of its
// wealth held in BTC, so BTC keeps no memory of its opening price. Known values of the rule, its off switch, and the variance
// ratio it restores, measured across runs.
import { describe, expect, it } from 'vitest';
import { cohortTrade, type Cohort, type TradeTotals } from '../../src/agents/crypto-investors.js';
import { loadScenario } from '../../src/sim/scenario/load.js';
import { simulate } from '../../src/sim/run/engine.js';
import { SERIES_INDEX } from '../../src/sim/run/series.js';
import { compileModel } from '../../src/sim/run/model.js';

function oneInvestor(base: number, target: number): Cohort {
  return {
    name: 'funds', n: 1, alpha: 0.5, loading: 1, weight: base, anchorShift: 0,
    base: Float64Array.of(base), cash: Float64Array.of(10), coins: Float64Array.of(1e5), target: Float64Array.of(target),
  };
}
const totals = (): TradeTotals => ({ bought: 0, coins: 0, minCash: Infinity });

describe('the drift of a cohort\'s anchor', () => {
  it('moves a share `drift` of the way to the share of the cohort\'s wealth held in BTC after the trade (by hand)', () => {
    // 1e5 coins at $100,000 = $10bn of BTC and $10bn cash: held 0.5; target 0.6, α 0.5 → trade half the way: 0.55
    const c = oneInvestor(0.5, 0.6);
    cohortTrade(c, 100_000, totals(), 0.1, 0.02, 0.98);
    const held = (c.coins[0] * 1e-4) / (c.cash[0] + c.coins[0] * 1e-4);
    expect(held).toBeCloseTo(0.55, 12);
    expect(c.anchorShift).toBeCloseTo(0.1 * (0.55 - 0.5), 12);
    cohortTrade(c, 100_000, totals(), 0.1, 0.02, 0.98); // the next tick starts from the moved anchor
    const held2 = (c.coins[0] * 1e-4) / (c.cash[0] + c.coins[0] * 1e-4);
    expect(c.anchorShift).toBeCloseTo(0.005 + 0.1 * (held2 - 0.505), 12);
    expect(c.base[0]).toBe(0.5); // investors keep their own base; the cohort's anchor moves
  });

  it('keeps fixed targets with drift 0, and stays inside [wMin, wMax]', () => {
    const fixed = oneInvestor(0.5, 0.6);
    cohortTrade(fixed, 100_000, totals(), 0, 0.02, 0.98);
    expect(fixed.anchorShift).toBe(0);
    const clipped = { ...oneInvestor(0.5, 0.99), alpha: 1 };
    cohortTrade(clipped, 100_000, totals(), 1, 0.02, 0.6);
    expect(clipped.weight + clipped.anchorShift).toBe(0.6);
  });

  it('compiles from crypto.anchorHalfLife; null is the off switch (--set accepts null)', () => {
    expect(compileModel(loadScenario('smoke').scenario).anchorDrift).toBeCloseTo(1 - 2 ** (-1 / 22), 15);
    expect(compileModel(loadScenario('smoke', ['crypto.anchorHalfLife=null']).scenario).anchorDrift).toBe(0);
  });
});

describe('BTC across runs', () => {
  const runs = (sets: string[]) => {
    const s = loadScenario('hayes-2024', sets).scenario;
    return Array.from({ length: 120 }, (_, i) => Array.from(simulate(s, '7', i).series[SERIES_INDEX.btcPrice], Math.log));
  };
  /** Pooled variance ratio at q ticks: var of q-tick log changes / (q × var of daily ones), over every run. */
  const varianceRatio = (paths: number[][], q: number): number => {
    const v = (k: number) => {
      const xs = paths.flatMap((p) => p.flatMap((x, t) => (t >= k && t % k === 0 ? [x - p[t - k]] : [])));
      const m = xs.reduce((a, b) => a + b, 0) / xs.length;
      return xs.reduce((a, b) => a + (b - m) ** 2, 0) / (xs.length - 1);
    };
    return v(q) / (q * v(1));
  };

  it('is close to a random walk at one year with the drift, and mean-reverting without it', () => {
    const withDrift = varianceRatio(runs([]), 252);
    const fixed = varianceRatio(runs(['crypto.anchorHalfLife=null', 'crypto.sentiment.sd=0.0093']), 252);
    expect(withDrift).toBeGreaterThan(0.7);
    expect(withDrift).toBeLessThan(1.5);
    expect(fixed).toBeLessThan(0.15); // the v1 model: fixed targets pull the price back
  });
});
