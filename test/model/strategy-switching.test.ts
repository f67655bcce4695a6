// Strategy switching in the trading cohort (issue 15 item 1): known values of the performance, value and switching
// rules, the off switch (rate 0: nobody switches), the share of traders it moves, and the draw count it keeps.
import { describe, expect, it } from 'vitest';
import { createSwitching, prepareSwitching, switchingDemand, switchingSchema } from '../../src/agents/strategy-switching.js';
import type { Cohort, Demand } from '../../src/agents/crypto-investors.js';
import { normalTable } from '../../src/market/random-variates.js';
import { loadScenario } from '../../src/sim/scenario/load.js';
import { simulate } from '../../src/sim/run/engine.js';
import { SERIES_INDEX } from '../../src/sim/run/series.js';

const TABLE = normalTable(12);
const params = (over: Record<string, number> = {}) => switchingSchema.parse(over);

function traders(n: number): Cohort {
  return {
    name: 'momentum', n, alpha: 0.5, loading: 1, weight: 0.5, anchorShift: 0, paid: 0, cashSum: n, minCash: 1, cashDue: 0,
    base: new Float64Array(n).fill(0.5), cash: new Float64Array(n).fill(1), coins: new Float64Array(n).fill(1e4), target: new Float64Array(n),
  };
}
const noise = () => ({ a: 1, b: 2, c: 3, d: 4 });

describe('switching rules (by hand)', () => {
  it('starts with ⌊n·share⌉ chartists, first in the array, and the value at ln P0', () => {
    const s = createSwitching(params({ chartistShare: 0.3 }), 10, 100);
    expect(Array.from(s.chartist)).toEqual([1, 1, 1, 0, 0, 0, 0, 0, 0, 0]);
    expect(s.chartists).toBe(3);
    expect(s.logValue).toBeCloseTo(Math.log(100), 14);
  });

  it('credits the tilts held over the last return, then sets today\'s tilts and probabilities', () => {
    const p = params({ memoryHalfLife: 1, valueHalfLife: 1, reversion: 0.2, rate: 0.1, intensity: 1000, herding: 0.5, chartistShare: 0.5 });
    const s = createSwitching(p, 4, 1);
    prepareSwitching(s, 0.01, 0, 0.03); // day 1: nothing held yet
    expect(s.perfGap).toBe(0);
    expect(s.tiltChartist).toBe(0.03);
    expect(s.tiltFundamentalist).toBeCloseTo(-0.2 * (0 - 0), 14);
    prepareSwitching(s, 0.02, Math.log(1.1), 0.01); // day 2: held (0, 0) over the last return, still no gap
    expect(s.perfGap).toBe(0);
    const value = 0.5 * Math.log(1.1);
    expect(s.logValue).toBeCloseTo(value, 14);
    expect(s.tiltFundamentalist).toBeCloseTo(-0.2 * (Math.log(1.1) - value), 14);
    prepareSwitching(s, -0.05, Math.log(1.1), 0); // day 3: held (0.03, 0) over −5%: chartists lost 0.0015
    expect(s.perfGap).toBeCloseTo(0.5 * (0.03 - 0) * -0.05, 14);
    const u = 0.5 * 0 + 1000 * s.perfGap; // x = 0 with two of four traders chartists
    expect(s.toChartist).toBeCloseTo(0.1 * Math.exp(u), 14);
    expect(s.toFundamentalist).toBeCloseTo(0.1 * Math.exp(-u), 14);
  });

  it('moves traders by today\'s probabilities: 1 makes everyone switch, 0 nobody', () => {
    const c = traders(1000), d: Demand = { num: 0, den: 0 };
    const s = createSwitching(params({ chartistShare: 0.25 }), 1000, 1);
    s.toChartist = 1; s.toFundamentalist = 0;
    switchingDemand(c, s, 0, 0, 0.02, 0.98, noise(), TABLE, d);
    expect(s.chartists).toBe(1000);
    s.toChartist = 0; s.toFundamentalist = 0;
    switchingDemand(c, s, 0, 0, 0.02, 0.98, noise(), TABLE, d);
    expect(s.chartists).toBe(1000);
    s.toFundamentalist = 0.5;
    switchingDemand(c, s, 0, 0, 0.02, 0.98, noise(), TABLE, d);
    expect(s.chartists).toBeGreaterThan(440); // binomial(1000, 0.5) stays: 500 ± 4.5 sd
    expect(s.chartists).toBeLessThan(560);
  });

  it('gives each trader its strategy\'s tilt and the same noise draws as cohortDemand would (the stream advances n steps)', () => {
    const c = traders(4), d: Demand = { num: 0, den: 0 };
    const s = createSwitching(params({ chartistShare: 0.5 }), 4, 1);
    s.tiltChartist = 0.1; s.tiltFundamentalist = -0.1;
    const g = noise();
    switchingDemand(c, s, 0.01, 0, 0.02, 0.98, g, TABLE, d);
    expect(Array.from(c.target).map((w) => +w.toFixed(12))).toEqual([0.61, 0.61, 0.41, 0.41]);
    expect(d.num).toBeCloseTo(0.5 * (0.61 * 2 + 0.41 * 2), 12);
    expect(d.den).toBeCloseTo(0.5 * 1e4 * (0.39 * 2 + 0.59 * 2), 6);
    expect(g).not.toEqual(noise());
  });
});

describe('in a run', () => {
  it('switching changes BTC only: the yield path is the same with and without it', () => {
    const off = loadScenario('smoke', ['crypto.cohorts.momentum.switching.rate=0']).scenario;
    const on = loadScenario('smoke').scenario;
    const a = simulate(off, '3', 0), b = simulate(on, '3', 0);
    expect(a.dates).toEqual(b.dates);
    expect(Array.from(a.series[SERIES_INDEX.ust10y])).toEqual(Array.from(b.series[SERIES_INDEX.ust10y])); // the 10y yield: BTC does not feed back on it
    expect(Array.from(a.series[SERIES_INDEX.btcPrice])).not.toEqual(Array.from(b.series[SERIES_INDEX.btcPrice])); // BTC
  });

  it('rejects a switching parameter out of range, naming it', () => {
    expect(() => loadScenario('smoke', ['crypto.cohorts.momentum.switching.rate=2'])).toThrow(/crypto\.cohorts\.momentum\.switching\.rate/);
  });
});
