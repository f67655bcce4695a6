// The moment table of `fimasim calibrate` against values computed by hand, and the inputs it reads.
import { describe, expect, it } from 'vitest';
import {
  autocorrelation, excessKurtosis, findMoment, meanAbsAcf, meanAbsAcfWithinYears, years, MOMENTS, overlappingSums, sd, slope, varianceRatio, type InputName,
} from '../../src/sim/calibrate/moments.js';
import { dataInputs, simInputs, tradingDaysIn } from '../../src/sim/calibrate/inputs.js';
import { BTC_FACTS } from '../../src/sim/calibrate/btc-facts.js';
import { loadBacktestData } from '../../src/sim/backtest/run-backtest.js';
import { BANDED } from '../../src/sim/run/series.js';

describe('the statistics', () => {
  it.each([
    ['sd of 1,2,3,4', () => sd([1, 2, 3, 4]), Math.sqrt(5 / 3)],
    ['overlapping 2-sums of 1,2,3,4 (their sd)', () => sd(overlappingSums([1, 2, 3, 4], 2)), 2],
    ['excess kurtosis of 1,2,3,4: 2.5625 / 1.5625 − 3', () => excessKurtosis([1, 2, 3, 4]), -1.36],
    ['lag-1 autocorrelation of 1,2,3,4: 1.25 / 5', () => autocorrelation([1, 2, 3, 4], 1), 0.25],
    ['variance ratio of an alternating series at q = 2', () => varianceRatio([1, -1, 1, -1, 1, -1], 2), 0],
    ['slope of 2x + 1 on x', () => slope([0, 1, 2, 5], [1, 3, 5, 11]), 2],
    ['mean |acf| of a constant-magnitude series: undefined', () => meanAbsAcf([1, -1, 1, -1], 1), Number.NaN],
  ])('%s', (_, f, want) => {
    if (Number.isNaN(want)) expect(f()).toBeNaN();
    else expect(f()).toBeCloseTo(want, 12);
  });

  it('overlapping sums are the running sums of q values', () => {
    expect(Array.from(overlappingSums([1, 2, 3, 4], 2))).toEqual([3, 5, 7]);
    expect(overlappingSums([1, 2], 3)).toHaveLength(0);
  });

  it('the variance ratio of an i.i.d. series is near 1', () => {
    let s = 12345;
    const x = Array.from({ length: 20000 }, () => { s = (s * 1103515245 + 12345) % 2147483648; return s / 2147483648 - 0.5; });
    expect(varianceRatio(x, 21)).toBeGreaterThan(0.9);
    expect(varianceRatio(x, 21)).toBeLessThan(1.1);
  });
});

describe('the moment table', () => {
  it('declares the moments of issue 16, each once', () => {
    expect(MOMENTS.map((m) => m.name)).toEqual(['ust10y.dailySd', 'ust10y.sd63', 'btc.dailyVol', 'btc.kurtosis', 'btc.absAcf', 'btc.vr21', 'btc.vr252',
      'rrp.weeklySd', 'tga.weeklySd', 'reserves.weeklySd', 'btc.liquidityBeta']);
  });

  it('reads a simulated run: daily changes per tick (10y in bp), weekly changes every 5 ticks, segments concatenated', () => {
    const points = 11;
    const seg = new Float32Array(BANDED.length * points);
    const put = (name: (typeof BANDED)[number], f: (t: number) => number) => { for (let t = 0; t < points; t++) seg[BANDED.indexOf(name) * points + t] = f(t); };
    put('ust10y', (t) => 4 + 0.01 * t * t); // changes 0.01, 0.03, 0.05 … → 1, 3, 5 … bp
    put('btcPrice', (t) => 100 * Math.exp(0.02 * t));
    put('tga', (t) => 700 + 10 * t);
    put('netLiquidity', (t) => 6000 * Math.exp(0.001 * t));
    put('reserves', () => 3000);
    put('rrp', () => 400);
    const x = simInputs([seg, seg], [points, points]);
    expect(x['d.ust10y']).toHaveLength(20);
    expect(x['d.ust10y'][0]).toBeCloseTo(1, 3);
    expect(x['d.ust10y'][9]).toBeCloseTo(19, 3);
    expect(x['d.ust10y'][10]).toBeCloseTo(1, 3); // the second segment starts afresh
    expect(x['w.tga']).toHaveLength(4);
    expect(x['w.tga'][0]).toBeCloseTo(50, 3);
    expect(findMoment('btc.dailyVol')!.compute(x)).toBeCloseTo(0, 6);
    expect(findMoment('tga.weeklySd')!.compute(x)).toBeCloseTo(0, 3);
  });

  it('btc.absAcf is btc-facts\' |r| autocorrelation within years: one function, no year spanning two segments', () => {
    const r = (n: number, k: number) => Float64Array.from({ length: n }, (_, i) => Math.sin(i * 1.3 + k) * 0.03 * (1 + Math.cos(i * 0.05 + k)));
    const a = r(400, 0), b = r(300, 2);
    const points = [a.length + 1, b.length + 1];
    const seg = (x: Float64Array) => {
      const out = new Float32Array(BANDED.length * (x.length + 1));
      const row = BANDED.indexOf('btcPrice') * (x.length + 1);
      let p = 100;
      out[row] = p;
      for (let t = 1; t <= x.length; t++) { p *= Math.exp(x[t - 1]); out[row + t] = p; }
      return out;
    };
    const x = simInputs([seg(a), seg(b)], points);
    expect(x.dailySegments).toEqual([400, 300]);
    const fromSim = findMoment('btc.absAcf')!.compute(x);
    const dBtc = [x['d.btc'].subarray(0, 400), x['d.btc'].subarray(400)];
    const fact = BTC_FACTS.find((f) => f.name === 'absAcf')!;
    expect(fromSim).toBe(fact.compute(dBtc)); // the same function on the same segments
    expect(fromSim).toBe(meanAbsAcfWithinYears(dBtc));
    // years are cut within each segment: 252 + 148 | 252 + 48, not 252 + 252 + 196 across the seam
    expect(years(dBtc).map((y) => y.length)).toEqual([252, 148, 252, 48]);
    // without the segments' lengths the last year would span the seam, and the value differs
    expect(meanAbsAcfWithinYears([x['d.btc']])).not.toBeCloseTo(fromSim, 6);
    // one segment (the data, a bootstrap replica): the moment is btc-facts' absAcf fact of the whole series
    const one = { ...x, dailySegments: undefined };
    expect(findMoment('btc.absAcf')!.compute(one)).toBe(fact.compute([x['d.btc']]));
  });

  it('reads the data: DGS10 changes between observations, BTC on trading days, weekly changes on Wednesdays', () => {
    const data = loadBacktestData();
    const from = '2024-01-02', to = '2024-03-28';
    const d = dataInputs(data, from, to);
    const y = data.get('DGS10');
    const i = y.dates.indexOf('2024-01-02');
    expect(d.inputs['d.ust10y'][0]).toBeCloseTo((y.values[i + 1] - y.values[i]) * 100, 9);
    const days = tradingDaysIn(from, to);
    expect(d.days).toEqual(days);
    expect(d.inputs['d.btc'].length).toBe(days.length - 1);
    const w = data.get('WDTGAL');
    const j = w.dates.indexOf('2024-01-03');
    expect(d.inputs['w.tga'][0]).toBeCloseTo((w.values[j + 1] - w.values[j]) / 1000, 9);
    expect(d.inputs['w.tga'].length).toBe(d.inputs['w.nl'].length);
    for (const k of Object.keys(d.at) as InputName[]) expect(d.at[k].length).toBe(d.inputs[k].length);
  });
});
