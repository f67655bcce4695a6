// The BTC–net-liquidity regression (issue 15 item 3): weekly ln BTC on ln net liquidity (WALCL − TGA − ON RRP), in
// levels and in changes, in the data with a 95% moving-block-bootstrap interval and on simulated runs (per run, then
// across runs). The model has no elasticity parameter: whatever slope its paths show comes out of its rules.
import { quantilesUnsorted } from '../stats/describe.js';
import { blockStarts, replicaInputs } from './bootstrap.js';
import { slope } from './moments.js';
import type { DataInputs } from './inputs.js';
import { WEEK_TICKS } from './inputs.js';

/** Running sums: a level series (up to a constant, which no slope sees) from its changes. */
export function cumulate(x: ArrayLike<number>): Float64Array {
  const out = new Float64Array(x.length);
  let s = 0;
  for (let i = 0; i < x.length; i++) { s += x[i]; out[i] = s; }
  return out;
}

export interface Slopes { readonly levels: number; readonly changes: number }

/** Both slopes from weekly changes of ln BTC and ln net liquidity (the levels re-chained from the changes). */
export function liquiditySlopes(btc: ArrayLike<number>, nl: ArrayLike<number>): Slopes {
  return { levels: slope(cumulate(nl), cumulate(btc)), changes: slope(nl, btc) };
}

export interface Interval { readonly value: number; readonly lo: number; readonly hi: number }

const interval = (value: number, xs: number[], ps: [number, number]): Interval => {
  const f = Float64Array.from(xs.filter(Number.isFinite));
  const [lo, hi] = f.length > 0 ? quantilesUnsorted(f, ps) : [Number.NaN, Number.NaN];
  return { value, lo, hi };
};

/** The data's slopes with 95% intervals: each replica re-chains the resampled weekly changes into levels. */
export function dataLiquidityRegression(data: DataInputs, block: number, replicas: number, seed: string): { levels: Interval; changes: Interval; weeks: number } {
  const v = liquiditySlopes(data.inputs['w.btc'], data.inputs['w.nl']);
  const reps = blockStarts(data.days.length, block, replicas, seed).map((s) => {
    const x = replicaInputs(data, s, block);
    return liquiditySlopes(x['w.btc'], x['w.nl']);
  });
  return {
    levels: interval(v.levels, reps.map((r) => r.levels), [0.025, 0.975]),
    changes: interval(v.changes, reps.map((r) => r.changes), [0.025, 0.975]),
    weeks: data.inputs['w.btc'].length,
  };
}

/** One run's weekly (every WEEK_TICKS ticks) log changes of BTC and net liquidity. */
export function weeklyChanges(btcPrice: ArrayLike<number>, netLiquidity: ArrayLike<number>): { btc: Float64Array; nl: Float64Array } {
  const btc: number[] = [], nl: number[] = [];
  for (let t = WEEK_TICKS; t < btcPrice.length; t += WEEK_TICKS) {
    btc.push(Math.log(btcPrice[t] / btcPrice[t - WEEK_TICKS]));
    nl.push(Math.log(netLiquidity[t] / netLiquidity[t - WEEK_TICKS]));
  }
  return { btc: Float64Array.from(btc), nl: Float64Array.from(nl) };
}

/** Simulated slopes: per run, their median and 5–95% across runs, and the changes slope pooled over every run's weeks. */
export function simLiquidityRegression(runs: readonly { btc: Float64Array; nl: Float64Array }[]): { levels: Interval; changes: Interval; pooledChanges: number } {
  const per = runs.map((r) => liquiditySlopes(r.btc, r.nl));
  const med = (xs: number[]) => { const f = Float64Array.from(xs.filter(Number.isFinite)); return f.length > 0 ? quantilesUnsorted(f, [0.5])[0] : Number.NaN; };
  const lv = per.map((p) => p.levels), ch = per.map((p) => p.changes);
  const allBtc: number[] = [], allNl: number[] = [];
  for (const r of runs) { allBtc.push(...r.btc); allNl.push(...r.nl); }
  return { levels: interval(med(lv), lv, [0.05, 0.95]), changes: interval(med(ch), ch, [0.05, 0.95]), pooledChanges: slope(allNl, allBtc) };
}
