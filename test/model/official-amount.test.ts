// The BOJ/MoF's absorbed amount (issue 14 items 3 and 5): a committed amount, bought from other holders once the
// Japanese sales are taken, within the FIMA cap and collateral; an amount of 0 cuts the link exactly.
import { describe, expect, it } from 'vitest';
import { absorbedAt, boughtAt } from '../../src/market/treasury-market.js';
import type { AbsorptionSchedule } from '../../src/contracts.js';
import { loadScenario } from '../../src/sim/scenario/load.js';
import { simulate, type RunResult } from '../../src/sim/run/engine.js';
import { SERIES } from '../../src/sim/run/series.js';
import { pairedDifference } from '../../src/sim/stats/index.js';

const runs = (sets: string[], n: number, seed = '20240618'): RunResult[] => {
  const s = loadScenario('hayes-stress', sets).scenario;
  return Array.from({ length: n }, (_, i) => simulate(s, seed, i));
};

describe('the absorbed amount', () => {
  const s: AbsorptionSchedule = { share: 0.6, market: 5, amountLeft: 8, limit: 8, aboveYield: 0, ramp: 0 };
  it('takes its share of Japanese sales first, then buys from others within the limit', () => {
    expect(absorbedAt(s, 10, 0.04)).toBe(6);
    expect(boughtAt(s, 10, 0.04)).toBe(2); // 8 − 6
    expect(boughtAt(s, 0, 0.04)).toBe(5); // no sales: the day's market amount
    expect(boughtAt({ ...s, limit: 3 }, 0, 0.04)).toBe(3);
    expect(boughtAt({ ...s, market: 0 }, 0, 0.04)).toBe(0);
  });

  it('an amount of 0 is exactly the no-facility case on every series of every run', () => {
    const a = runs(['fed.policy.absorbAmount=0'], 20), b = runs(['fed.policy={"name":"no-facility"}'], 20);
    expect(a.some((r) => r.metrics.intervened === 1)).toBe(true);
    a.forEach((r, i) => SERIES.forEach((sr, k) => expect(Array.from(r.series[k]), sr.name).toEqual(Array.from(b[i].series[k]))));
  });

  it('hayes-stress: the $60bn cap binds, and lifting it adds net liquidity (paired, 95% interval above 0)', () => {
    const capped = runs([], 60), uncapped = runs(['fed.fima.capPerCounterparty=500'], 60);
    expect(capped.filter((r) => r.metrics.fimaCapBound === 1).length).toBeGreaterThan(20);
    for (const r of capped) expect(r.metrics.fimaPeak).toBeLessThanOrEqual(60 + 1e-9);
    const d = pairedDifference(uncapped.map((r) => r.metrics.netLiquidityChange), capped.map((r) => r.metrics.netLiquidityChange));
    expect(d.lo).toBeGreaterThan(0);
  });
});
