import { describe, expect, it } from 'vitest';
import { hedgeCost } from '../../src/market/fx.js';
import { hedgedCarry } from '../../src/agents/japanese-bank.js';
import { clearYield, yieldFor, type YieldImpact, type TreasuryFlows } from '../../src/market/treasury-market.js';
import { brent } from '../../src/market/root-finder.js';
import { clearBtc } from '../../src/market/crypto-market.js';
import { createInvestors, cohortDemand, cohortTrade, type Demand, type TradeTotals } from '../../src/agents/crypto-investors.js';
import { repoHeadroom } from '../../src/agents/fed-fima.js';
import { loadScenario } from '../../src/sim/scenario/load.js';
import { compileModel } from '../../src/sim/run/model.js';
import { normalTable } from '../../src/market/random-variates.js';
import { openTychei } from '../../src/sim/rng.js';

describe('hedge cost and hedged carry (calibration relation 1)', () => {
  it('r_USD 5.33%, r_JPY 0.10%, basis −0.30% → H ≈ 5.53%; with y10 = 4.3%, c ≈ −1.23%', () => {
    const h = hedgeCost(0.0533, 0.001, -0.003);
    expect(h).toBeCloseTo(0.0553, 12);
    expect(hedgedCarry(0.043, 1, h)).toBeCloseTo(-0.0123, 12);
    expect(hedgedCarry(0.043, 0.75, h)).toBeCloseTo(0.043 - 0.75 * 0.0553, 12); // a partly hedged book
  });
  it('hedged carry is negative at tick 0 of the thesis, as the Bloomberg series was through 2024', () => {
    const m = compileModel(loadScenario('hayes-2024').scenario);
    const h = hedgeCost(m.fedTop0 - m.effrBelowTop, m.rJpy0, m.basis0);
    expect(hedgedCarry(m.y10, 1, h)).toBeLessThan(-0.01);
  });
});

describe('Treasury yield from duration supply (preferred habitat; λ scaled to a $27.8tn market, docs/calibration.md)', () => {
  const impact: YieldImpact = compileModel(loadScenario('hayes-2024').scenario).impact;
  const base: TreasuryFlows = { yStar: 0.04, permanentBefore: 0, overhangBefore: 0, jpSales: 0, jpSales10y: 0, otherSupply10y: 0, absorption: null, officialRatio10y: 0.75, purchases: null };

  it('$100bn of 10y-equivalent surprise moves the yield 9bp at impact (0.03 stock + 0.06 flow bp per $bn)', () => {
    const r = clearYield({ ...base, jpSales: 100, jpSales10y: 100 }, impact);
    expect((r.y10 - 0.04) * 1e4).toBeCloseTo(9, 6);
  });

  it('an announced programme\'s sales add only the flow part: 6bp, and nothing to the stock', () => {
    const r = clearYield({ ...base, jpSales: 100, jpSales10y: 100, anticipated10y: 100 }, impact);
    expect((r.y10 - 0.04) * 1e4).toBeCloseTo(6, 6);
    expect(r.permanent).toBe(0);
  });

  it('and 3bp in the long run, once the overhang has decayed', () => {
    let s = 0, o = 0, y = 0;
    for (let t = 0; t < 2000; t++) {
      const r = clearYield({ ...base, permanentBefore: s, overhangBefore: o, jpSales: t === 0 ? 100 : 0, jpSales10y: t === 0 ? 100 : 0 }, impact);
      s = r.permanent; o = r.overhang; y = r.y10;
    }
    expect((y - 0.04) * 1e4).toBeCloseTo(3, 3);
  });

  it('the overhang halves in its half-life (50 ticks by default)', () => {
    const r0 = clearYield({ ...base, jpSales: 100, jpSales10y: 100 }, impact);
    let o = r0.overhang;
    for (let t = 0; t < 50; t++) o = clearYield({ ...base, permanentBefore: 100, overhangBefore: o }, impact).overhang;
    expect(o).toBeCloseTo(50, 8);
  });

  it('impact steepens beyond dealer capacity (convex part)', () => {
    const at = (q: number) => yieldFor(q, base, impact) - 0.04;
    const linear = (q: number) => q * (impact.permanent + impact.transient);
    expect(at(impact.capacity)).toBeCloseTo(linear(impact.capacity), 12);
    expect(at(impact.capacity + 100)).toBeCloseTo(linear(impact.capacity + 100) + impact.convexity * 100 * 100, 12);
  });
});

describe('the bracketing root-finder', () => {
  it('solves a price-contingent buyer: absorption ramps in above a yield cap', () => {
    const impact: YieldImpact = { permanent: 0.2e-4, transient: 0.3e-4, decay: 0.99, capacity: 1e9, convexity: 0 };
    const flows: TreasuryFlows = { yStar: 0.045, permanentBefore: 0, overhangBefore: 0, jpSales: 100, jpSales10y: 100, otherSupply10y: 0,
      absorption: { share: 1, market: 0, amountLeft: Infinity, limit: 1e9, aboveYield: 0.047, ramp: 0.005 }, officialRatio10y: 0.75, purchases: null };
    const r = clearYield(flows, impact);
    // at the solution, y = y* + λ·(100 − absorbed(y)) with absorbed(y) = 100·(y − 0.047)/0.005
    const absorbed = (100 * (r.y10 - 0.047)) / 0.005;
    expect(r.absorbed).toBeCloseTo(absorbed, 9);
    expect(r.y10).toBeCloseTo(0.045 + 0.5e-4 * (100 - absorbed), 12);
    // closed form: y = (0.045 + 0.005 + 0.5e-4·100·0.047/0.005) / (1 + 0.5e-4·100/0.005)
    expect(r.y10).toBeCloseTo((0.05 + (0.5e-4 * 100 * 0.047) / 0.005) / (1 + (0.5e-4 * 100) / 0.005), 12);
    expect(r.iterations).toBeGreaterThan(0);
  });

  it('Fed purchases past a threshold are found the same way', () => {
    const impact: YieldImpact = { permanent: 0.2e-4, transient: 0.3e-4, decay: 0.99, capacity: 1e9, convexity: 0 };
    const r = clearYield({ yStar: 0.064, permanentBefore: 0, overhangBefore: 0, jpSales: 0, jpSales10y: 0, otherSupply10y: 100,
      absorption: null, officialRatio10y: 0.75, purchases: { threshold: 0.065, slope: 1e4, max: 25 } }, impact);
    expect(r.purchased).toBeGreaterThan(0);
    expect(r.purchased).toBeCloseTo(Math.min(25, 1e4 * (r.y10 - 0.065)), 9);
    expect(r.y10).toBeCloseTo(0.064 + 0.5e-4 * (100 - r.purchased), 12);
  });

  it('brent converges on known roots and refuses an unbracketed interval', () => {
    expect(brent((x) => x * x - 2, 0, 2).x).toBeCloseTo(Math.SQRT2, 12);
    expect(brent((x) => Math.cos(x) - x, 0, 1).x).toBeCloseTo(0.7390851332151607, 12);
    expect(() => brent((x) => x * x + 1, -1, 1)).toThrow(/not bracketed/);
  });
});

describe('FIMA limits', () => {
  it('headroom is the cap minus outstanding (a stock, not a daily flow)', () => {
    expect(repoHeadroom({ repo: 45, cap: 60, haircut: 0.02, custody: 900, deposits: 0 })).toBe(15);
    expect(repoHeadroom({ repo: 60, cap: 60, haircut: 0.02, custody: 900, deposits: 0 })).toBe(0);
  });
  it('the collateral rule binds when custody is small: repo + Q ≤ (1 − h)(custody + Q)', () => {
    const q = repoHeadroom({ repo: 19, cap: 1000, haircut: 0.1, custody: 20, deposits: 0 });
    expect(q).toBeCloseTo((0.9 * 20 - 19) / 0.1 < 0 ? 0 : (0.9 * 20 - 19) / 0.1, 12);
    expect(q).toBe(0); // 19 > 0.9 × 20: no new repo
    const q2 = repoHeadroom({ repo: 10, cap: 1000, haircut: 0.1, custody: 20, deposits: 0 });
    expect(10 + q2).toBeCloseTo(0.9 * (20 + q2), 12);
  });
});

describe('BTC clearing', () => {
  it('starts in equilibrium: with no shocks and no noise the price stays at P0 for ever', () => {
    const s = loadScenario('hayes-2024', ['crypto.sentiment.sd=0', 'crypto.idiosyncraticSd=0']).scenario;
    const inv = createInvestors(s.crypto);
    const table = normalTable(8);
    let price = s.crypto.price;
    for (let t = 0; t < 300; t++) {
      const d: Demand = { num: 0, den: 0 };
      for (const c of inv.cohorts) cohortDemand(c, 0, 0, 0.02, 0.98, openTychei('1', 0, 'test'), table, d);
      price = clearBtc(d.num, d.den);
      for (const c of inv.cohorts) cohortTrade(c, price, { bought: 0, coins: 0, minCash: Infinity });
    }
    expect(price).toBeCloseTo(s.crypto.price, 6);
  });

  it('trades at the clearing price net to zero and keep cash ≥ 0', () => {
    const s = loadScenario('smoke').scenario;
    const inv = createInvestors(s.crypto);
    const noise = openTychei('1', 0, 'test');
    const d: Demand = { num: 0, den: 0 };
    for (const c of inv.cohorts) cohortDemand(c, 0.2, 0.05, 0.02, 0.98, noise, normalTable(8), d); // a big shift up
    const p = clearBtc(d.num, d.den);
    expect(p).toBeGreaterThan(s.crypto.price);
    const acc: TradeTotals = { bought: 0, coins: 0, minCash: Infinity };
    for (const c of inv.cohorts) cohortTrade(c, p, acc);
    expect(Math.abs(acc.bought)).toBeLessThan(1e-6); // net trades are zero at the clearing price
    expect(acc.coins).toBeCloseTo(s.crypto.coins, 3); // Σ holdings = float
    expect(acc.minCash).toBeGreaterThanOrEqual(0);
    let min = Infinity;
    for (const c of inv.cohorts) for (const x of c.cash) min = Math.min(min, x);
    expect(acc.minCash).toBe(min);
  });
});
