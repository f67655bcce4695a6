// The change series the moments read (moments.ts), from a simulated run and from the data. The mapping between the
// two (docs/calibrate.md, "Ticks and observations"):
//   d.ust10y   sim: Δ ust10y per tick (bp)             data: Δ DGS10 between consecutive observations in the window
//   d.btc      sim: Δ ln btcPrice per tick             data: Δ ln BTCUSD between the closes of consecutive trading days
//   w.*        sim: changes over 5 ticks (0, 5, 10, …)  data: changes between consecutive Wednesdays (as-of values,
//              ON RRP, TGA (WDTGAL), reserves (WRESBAL), BTC in logs, net liquidity WALCL − WDTGAL − RRP in logs)
// A simulated path made of several segments is the concatenation of each segment's changes (no change spans two
// segments); the data's changes each carry the trading-day index they end on, which the block bootstrap resamples.
import { asOf, between, type Dataset } from '../../data/dataset.js';
import { realisedAt } from '../backtest/realised.js';
import { isoDate, isTradingDay, parseIsoDate } from '../calendar.js';
import { BANDED } from '../run/series.js';
import { eventMove, type EventData, type EventTicks } from './events.js';
import { INPUTS, type InputName, type Inputs } from './moments.js';

export const WEEK_TICKS = 5;
const B = Object.fromEntries(BANDED.map((s, i) => [s, i])) as Record<(typeof BANDED)[number], number>;

/** One run's inputs from its compact series (series.f32 layout: BANDED one after another, `points` each), one
 *  Float32Array per segment, with the responses to the study's events where they fall. */
export function simInputs(segments: readonly Float32Array[], points: readonly number[], events: readonly EventTicks[] = []): Inputs {
  const parts: Record<InputName, number[]> = Object.fromEntries(INPUTS.map((k) => [k, []])) as never;
  segments.forEach((s, k) => {
    const p = points[k];
    const at = (series: keyof typeof B, t: number): number => s[B[series] * p + t];
    for (let t = 1; t < p; t++) {
      parts['d.ust10y'].push((at('ust10y', t) - at('ust10y', t - 1)) * 100);
      parts['d.btc'].push(Math.log(at('btcPrice', t) / at('btcPrice', t - 1)));
    }
    for (let t = WEEK_TICKS; t < p; t += WEEK_TICKS) {
      const u = t - WEEK_TICKS;
      parts['w.rrp'].push(at('rrp', t) - at('rrp', u));
      parts['w.tga'].push(at('tga', t) - at('tga', u));
      parts['w.reserves'].push(at('reserves', t) - at('reserves', u));
      parts['w.btc'].push(Math.log(at('btcPrice', t) / at('btcPrice', u)));
      parts['w.nl'].push(Math.log(at('netLiquidity', t) / at('netLiquidity', u)));
    }
  });
  const responses = Object.fromEntries(events.map((e) => {
    const s = segments[e.segment], p = points[e.segment], row = B[e.series] * p;
    return [e.name, eventMove(e.series, s[row + e.from], s[row + e.to])];
  }));
  const dailySegments = points.slice(0, segments.length).map((p) => Math.max(0, p - 1));
  return { ...Object.fromEntries(INPUTS.map((k) => [k, Float64Array.from(parts[k])])), events: responses, dailySegments } as unknown as Inputs;
}

/** The data's inputs over a window, each change with the index (in `days`) of the trading day it ends on. */
export interface DataInputs {
  readonly inputs: Inputs;
  readonly at: Readonly<Record<InputName, Int32Array>>;
  readonly days: readonly string[]; // the window's trading days
  /** The study's events: the data's response and the window's same-length changes (events.ts). */
  readonly events?: Readonly<Record<string, EventData>>;
}

/** The trading days from `from` to `to`, inclusive. */
export function tradingDaysIn(from: string, to: string): string[] {
  const out: string[] = [];
  for (let ms = parseIsoDate(from), end = parseIsoDate(to); ms <= end; ms += 86_400_000) {
    const d = isoDate(ms);
    if (isTradingDay(d)) out.push(d);
  }
  return out;
}

/** Index of the last trading day on or before `date` (−1 before the first). */
export function dayIndex(days: readonly string[], date: string): number {
  let lo = 0, hi = days.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (days[mid] <= date) lo = mid + 1; else hi = mid;
  }
  return lo - 1;
}

export function dataInputs(data: Dataset, from: string, to: string): DataInputs {
  const days = tradingDaysIn(from, to);
  const values: Record<InputName, number[]> = Object.fromEntries(INPUTS.map((k) => [k, []])) as never;
  const ats: Record<InputName, number[]> = Object.fromEntries(INPUTS.map((k) => [k, []])) as never;
  const push = (k: InputName, v: number, i: number) => { values[k].push(v); ats[k].push(i); };

  const y = between(data.get('DGS10'), from, to);
  for (let i = 1; i < y.length; i++) push('d.ust10y', (y[i].model - y[i - 1].model) * 100, dayIndex(days, y[i].date));

  const btc = data.get('BTCUSD');
  let prev: number | null = null;
  days.forEach((d, i) => {
    const o = asOf(btc, d);
    const v = o && o.date === d ? o.model : null; // a trading day without its own close breaks the chain
    if (v !== null && prev !== null) push('d.btc', Math.log(v / prev), i);
    prev = v;
  });

  type Week = { rrp: number; tga: number; reserves: number; btc: number; nl: number } | null;
  let last: Week = null;
  for (let ms = firstWednesday(from), end = parseIsoDate(to); ms <= end; ms += 7 * 86_400_000) {
    const w = isoDate(ms);
    const get = (s: 'rrp' | 'tga' | 'reserves' | 'btcPrice' | 'netLiquidity') => realisedAt(data, s, w)?.value ?? null;
    const v = [get('rrp'), get('tga'), get('reserves'), get('btcPrice'), get('netLiquidity')];
    const week: Week = v.some((x) => x === null) ? null : { rrp: v[0]!, tga: v[1]!, reserves: v[2]!, btc: v[3]!, nl: v[4]! };
    const i = dayIndex(days, w);
    if (week && last && i >= 0) {
      push('w.rrp', week.rrp - last.rrp, i);
      push('w.tga', week.tga - last.tga, i);
      push('w.reserves', week.reserves - last.reserves, i);
      push('w.btc', Math.log(week.btc / last.btc), i);
      push('w.nl', Math.log(week.nl / last.nl), i);
    }
    last = week;
  }
  return {
    inputs: Object.fromEntries(INPUTS.map((k) => [k, Float64Array.from(values[k])])) as unknown as Inputs,
    at: Object.fromEntries(INPUTS.map((k) => [k, Int32Array.from(ats[k])])) as unknown as Record<InputName, Int32Array>,
    days,
  };
}

function firstWednesday(from: string): number {
  const ms = parseIsoDate(from);
  return ms + ((3 - new Date(ms).getUTCDay() + 7) % 7) * 86_400_000;
}

/** The data series each input reads (for the window check). */
export const INPUT_DATA_IDS: Readonly<Record<InputName, readonly string[]>> = {
  'd.ust10y': ['DGS10'], 'd.btc': ['BTCUSD'], 'w.rrp': ['RRPONTSYD'], 'w.tga': ['WDTGAL'], 'w.reserves': ['WRESBAL'],
  'w.btc': ['BTCUSD'], 'w.nl': ['WALCL', 'WDTGAL', 'RRPONTSYD'],
};

/** A model run as "data" (the recovery check): its inputs, each change dated by the tick it ends on, so the block
 *  bootstrap treats it like the data of a window whose trading days are the run's. */
export function runAsData(series: Float32Array, points: number, days: readonly string[]): DataInputs {
  const inputs = simInputs([series], [points]);
  const daily = Int32Array.from({ length: points - 1 }, (_, k) => k + 1);
  const weekly = Int32Array.from({ length: inputs['w.rrp'].length }, (_, k) => (k + 1) * WEEK_TICKS);
  const at = Object.fromEntries(INPUTS.map((k) => [k, k.startsWith('d.') ? daily : weekly])) as unknown as Record<InputName, Int32Array>;
  return { inputs, at, days };
}
