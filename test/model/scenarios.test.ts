// Every built-in scenario over many seeds: invariants hold on every tick (the engine checks them and stops a run
// that breaks one), sizes match calibration, and the stylised facts of BTC and the 10y emerge.
import { describe, expect, it } from 'vitest';
import { builtInNames, loadScenario } from '../../src/sim/scenario/load.js';
import { simulate, type RunResult } from '../../src/sim/run/engine.js';
import { SERIES_INDEX } from '../../src/sim/run/series.js';
import { summarize } from '../../src/sim/stats/index.js';
import { openStream } from '../../src/sim/rng.js';
import { normal } from '../../src/market/random-variates.js';
import { mean, sampleStandardDeviation } from 'simple-statistics';

const col = (r: RunResult, name: string): Float64Array => r.series[SERIES_INDEX[name]];
const runs = (name: string, n: number, sets: string[] = [], seed = '42') => {
  const s = loadScenario(name, sets).scenario;
  return Array.from({ length: n }, (_, i) => simulate(s, seed, i));
};

describe('invariants on every tick of every built-in scenario (50 seeds each)', () => {
  it.each(builtInNames())('%s', (name) => {
    const cap = loadScenario(name).scenario.fed.fima;
    for (const r of runs(name, 50)) { // simulate() throws on a broken ledger identity, limit or non-finite value
      const repo = col(r, 'fimaRepo'), custody = col(r, 'custody');
      for (let t = 0; t < repo.length; t++) {
        if (!cap.capRule) expect(repo[t]).toBeLessThanOrEqual(cap.capPerCounterparty + 1e-9);
        expect(repo[t]).toBeLessThanOrEqual((1 - cap.haircut) * custody[t] + 1e-9);
      }
      for (const v of Object.values(r.metrics)) expect(Number.isFinite(v)).toBe(true);
    }
  });
});

const returns = (p: Float64Array): number[] => Array.from({ length: p.length - 1 }, (_, t) => Math.log(p[t + 1] / p[t]));
const moments = (x: number[]) => {
  const m = x.reduce((a, b) => a + b, 0) / x.length;
  const v = x.reduce((a, b) => a + (b - m) ** 2, 0) / x.length;
  return { m, v, kurt: x.reduce((a, b) => a + (b - m) ** 4, 0) / x.length / (v * v) - 3 };
};
const acf1 = (x: number[]): number => {
  const { m, v } = moments(x);
  let c = 0;
  for (let t = 1; t < x.length; t++) c += (x[t] - m) * (x[t - 1] - m);
  return c / x.length / v;
};

describe('edge settings', () => {
  it('a FIMA cap of 0 is a facility that never lends, not a broken run', () => {
    for (const r of runs('hayes-2024', 20, ['fed.fima.capPerCounterparty=0'])) expect(r.metrics.fimaPeak).toBe(0);
  });
  it('a TGA target near zero never overdraws the TGA (issuance covers the day’s outlays)', () => {
    for (const r of runs('hayes-2024', 20, ['treasury.tgaTarget=5'])) expect(Math.min(...col(r, 'tga'))).toBeGreaterThanOrEqual(0);
  });
});

describe('stylised facts emerge from Gaussian sentiment shocks', () => {
  const btcReturns = (rs: RunResult[]): number[][] => rs.map((x) => returns(col(x, 'btcPrice')));
  const r = runs('hayes-2024', 200, ['crypto.sentiment.dist=normal']);
  const btc = btcReturns(r);
  // The yardstick: what 200 runs of iid normal returns of the same length give, over 300 such ensembles (a sample's
  // excess kurtosis is biased below 0, ≈ −6/(n + 1)). A statistic "emerges" when it is above the null's one-sided 5%
  // critical value, mean + 1.645 sd of the 300 (the statistics are means and medians of 200 runs, so near normal;
  // the normal critical value moves far less with the null's draw than an empirical tail quantile of 300 would).
  // At 200 runs this test has little power for the tails: the model's median per-run kurtosis is ≈ 2.2 null sds above
  // the null's (docs/backtest.md, "Attention re-calibrated"), so it is checked at 5%, not 1%, and the knock-out below
  // shows the test can fail.
  const n = btc[0].length;
  const u = openStream('gaussian-null', 0, 'returns');
  const nullMedianKurt: number[] = [], nullMeanAcf1: number[] = [];
  for (let rep = 0; rep < 300; rep++) {
    const ks: number[] = [], as: number[] = [];
    for (let i = 0; i < 200; i++) {
      const x = Array.from({ length: n }, () => normal(u));
      ks.push(moments(x).kurt);
      as.push(acf1(x.map(Math.abs)));
    }
    nullMedianKurt.push(summarize(ks).p50!);
    nullMeanAcf1.push(mean(as));
  }
  const critical = (x: number[]): number => mean(x) + 1.645 * sampleStandardDeviation(x);
  const tails = (r: number[][]): number => summarize(r.map((x) => moments(x).kurt)).p50!;
  const clustering = (r: number[][]): number => mean(r.map((x) => acf1(x.map(Math.abs))));

  it('the null is what theory says: median excess kurtosis below 0 (≈ −6/(n + 1) and lower), mean |r| autocorrelation ≈ 0', () => {
    expect(mean(nullMedianKurt)).toBeLessThan(-0.03);
    expect(Math.abs(mean(nullMeanAcf1))).toBeLessThan(0.01);
  });
  it('fat tails: the median per-run excess kurtosis of daily BTC returns is above the iid-normal null’s 5% critical value', () => {
    expect(tails(btc)).toBeGreaterThan(critical(nullMedianKurt));
  });
  it('volatility clustering: the mean autocorrelation of |returns| at lag 1 is above the null’s 5% critical value', () => {
    expect(clustering(btc)).toBeGreaterThan(critical(nullMeanAcf1));
  });
  it('knock-out: without strategy switching and attention neither emerges (the test can fail)', () => {
    const flat = btcReturns(runs('hayes-2024', 200, ['crypto.sentiment.dist=normal', 'crypto.cohorts.momentum.switching.rate=0', 'crypto.sentiment.attention=0']));
    expect(tails(flat)).toBeLessThan(critical(nullMedianKurt));
    expect(clustering(flat)).toBeLessThan(critical(nullMeanAcf1));
  });
  it('daily BTC volatility of a few percent (calibration: ≈ 3.8% a trading-day tick)', () => {
    const vol = summarize(btc.map((x) => Math.sqrt(moments(x).v))).p50!;
    expect(vol).toBeGreaterThan(0.025);
    expect(vol).toBeLessThan(0.055);
  });
  it('daily 10y moves with a standard deviation of a few bp', () => {
    const sd = summarize(r.map((x) => Math.sqrt(moments(Array.from(col(x, 'ust10y')).slice(1).map((y, t) => (y - col(x, 'ust10y')[t]) * 1e4)).v))).p50!;
    expect(sd).toBeGreaterThan(3);
    expect(sd).toBeLessThan(10);
  });
});

describe('sizes against calibration', () => {
  it('Norinchukin’s programme sells ≈ $63bn by March 2025 when nothing else moves it', () => {
    const others = ['mufg', 'smbc', 'mizuho', 'japan-post', 'regionals', 'life-insurers'].map((b) => `banks.${b}.policy.name=hold`);
    const r = runs('hayes-2024', 5, [...others, 'banks.norinchukin.policy.carryFloor=-10', 'banks.norinchukin.policy.lossWeight=0']);
    for (const x of r) expect(x.metrics.jpSalesTotal).toBeCloseTo(63, 6);
  });

  it('total Japanese sales in hayes-2024 spread over a range with the ≈ $450bn chain as a tail, not a certainty', () => {
    const s = summarize(runs('hayes-2024', 400).map((x) => x.metrics.jpSalesTotal));
    expect(s.p05!).toBeGreaterThanOrEqual(63); // the announced programme is the floor
    expect(s.p50!).toBeLessThan(250); // most runs: the programme plus some followers
    expect(s.max!).toBeGreaterThan(300); // a cascade in the tail…
    expect(s.max!).toBeLessThanOrEqual(450); // …bounded by what the banks hold
  });
});

describe('results do not depend on the number of investors', () => {
  it('outcome summaries at 1,000 and 4,000 investors agree within Monte Carlo error', () => {
    const scale = (k: number) => [`crypto.cohorts.funds.count=${200 * k}`, `crypto.cohorts.momentum.count=${330 * k}`,
      `crypto.cohorts.holders.count=${270 * k}`, `crypto.cohorts.newcomers.slots=${200 * k}`];
    const n = 150;
    const a = runs('hayes-2024', n, scale(1), '9'), b = runs('hayes-2024', n, scale(4), '9');
    for (const metric of ['btcReturn', 'btcMaxDrawdown']) {
      const x = a.map((r) => r.metrics[metric]), y = b.map((r) => r.metrics[metric]);
      const sx = summarize(x), sy = summarize(y);
      const se = Math.sqrt((sx.sd! ** 2 + sy.sd! ** 2) / n);
      expect(Math.abs(sx.mean! - sy.mean!)).toBeLessThan(3 * se);
    }
  });
});
