// Strategy switching in the trading cohort (issue 15 item 1; docs/model.md §3.5.4 item 6a): each trader is a
// chartist or a fundamentalist and switches on the two strategies' past performance (Brock & Hommes 1998) and on
// herding, the pull of the majority (Lux & Marchesi 1999, 2000). Chartists tilt their target weight along the EMA of
// past returns; fundamentalists against the gap between the log price and their value estimate, a slow moving
// average of the log price (no drift written in). Each trader switches on its own draw, the low bits of the same
// tychei draw whose top bits pick its idiosyncratic noise, so switching costs no extra draw and the number of draws
// never depends on the path.
import { z } from 'zod';
import type { TycheiState } from '../sim/rng.js';
import type { Cohort, Demand } from './crypto-investors.js';

export const switchingSchema = z.strictObject({
  chartistShare: z.number().min(0).max(1).default(0.5).describe('share of the traders who are chartists at tick 0'),
  rate: z.number().min(0).max(1).default(0.05).describe('ν: a trader\'s base daily probability of reconsidering its strategy (0: nobody switches)'),
  intensity: z.number().min(0).max(1e6).default(1000).describe('β: intensity of choice, per unit of the performance gap (weight × log return a day)'),
  herding: z.number().min(0).max(5).default(0.5).describe('h: pull of the majority, per unit of the opinion index x = (chartists − fundamentalists)/traders'),
  memoryHalfLife: z.number().positive().max(1000).default(10).describe('ticks: half-life of the performance each strategy is judged on'),
  reversion: z.number().min(0).max(5).default(0.1).describe('φ: a fundamentalist\'s tilt, in weight per unit of ln(P / value)'),
  valueHalfLife: z.number().positive().max(10_000).default(63).describe('ticks: half-life of the moving average of ln P fundamentalists take as value'),
});
export type SwitchingParams = z.infer<typeof switchingSchema>;

const LOW_BITS = 20;
const LOW_MASK = (1 << LOW_BITS) - 1;
const LOW_SCALE = 2 ** -LOW_BITS;
const MAX_EXPONENT = 30;

/** The traders' strategies and what they are judged on. */
export interface Switching {
  readonly chartist: Uint8Array; // 1: chartist, 0: fundamentalist
  chartists: number;
  /** EMA of the chartist tilt's daily return minus the fundamentalist tilt's. */
  perfGap: number;
  /** Fundamentalists' value: the EMA of ln P. */
  logValue: number;
  tiltChartist: number; tiltFundamentalist: number; // today's
  heldChartist: number; heldFundamentalist: number; // the tilts held over the last return
  toChartist: number; toFundamentalist: number; // today's switching probabilities
  readonly p: SwitchingParams;
  readonly memory: number; // decay per tick of perfGap
  readonly valueDecay: number;
}

const decay = (halfLife: number): number => 2 ** (-1 / halfLife);

/** The first ⌊n·chartistShare⌉ traders start as chartists (no draw), the rest as fundamentalists. */
export function createSwitching(p: SwitchingParams, n: number, price: number): Switching {
  const chartist = new Uint8Array(n);
  const k = Math.round(n * p.chartistShare);
  chartist.fill(1, 0, k);
  return {
    chartist, chartists: k, perfGap: 0, logValue: Math.log(price),
    tiltChartist: 0, tiltFundamentalist: 0, heldChartist: 0, heldFundamentalist: 0, toChartist: 0, toFundamentalist: 0,
    p, memory: decay(p.memoryHalfLife), valueDecay: decay(p.valueHalfLife),
  };
}

/**
 * Before today's demand: credits the tilts held over the last return with it, moves the value estimate, sets today's
 * tilts and switching probabilities. `trend` is the chartists' signal (momentum × EMA of returns).
 */
export function prepareSwitching(s: Switching, lastReturn: number, logPrice: number, trend: number): void {
  const p = s.p;
  s.perfGap = s.memory * s.perfGap + (1 - s.memory) * (s.heldChartist - s.heldFundamentalist) * lastReturn;
  s.logValue = s.valueDecay * s.logValue + (1 - s.valueDecay) * logPrice;
  s.heldChartist = s.tiltChartist; s.heldFundamentalist = s.tiltFundamentalist;
  s.tiltChartist = trend;
  s.tiltFundamentalist = -p.reversion * (logPrice - s.logValue);
  const n = s.chartist.length;
  const x = n > 0 ? (2 * s.chartists - n) / n : 0;
  let u = p.herding * x + p.intensity * s.perfGap;
  u = u > MAX_EXPONENT ? MAX_EXPONENT : u < -MAX_EXPONENT ? -MAX_EXPONENT : u;
  s.toChartist = Math.min(1, p.rate * Math.exp(u));
  s.toFundamentalist = Math.min(1, p.rate * Math.exp(-u));
}

/**
 * cohortDemand for the traders: each one first switches strategy with today's probability (the low 20 bits of its
 * draw), then takes base + shift + its strategy's tilt + noise (the top bits) as its target.
 */
export function switchingDemand(
  c: Cohort, s: Switching, shift: number, idioSd: number, wMin: number, wMax: number,
  noise: TycheiState, table: Float64Array, d: Demand,
): void {
  const { n, base, cash, coins, target } = c;
  const strategy = s.chartist;
  const drop = 32 - (31 - Math.clz32(table.length));
  const shiftC = shift + s.tiltChartist, shiftF = shift + s.tiltFundamentalist;
  const toC = s.toChartist, toF = s.toFundamentalist;
  const due = c.cashDue; // the liquidity channel's credit of today, added here (Cohort.cashDue)
  c.cashDue = 0;
  let { a, b, c: gc, d: gd } = noise;
  let num = 0, den = 0, chartists = 0;
  for (let i = 0; i < n; i++) {
    b = (b << 25) ^ (b >>> 7) ^ gc; gc = (gc - gd) | 0; gd = (gd << 24) ^ (gd >>> 8) ^ a; a = (a - b) | 0;
    b = (b << 20) ^ (b >>> 12) ^ gc; gc = (gc - gd) | 0; gd = (gd << 16) ^ (gc >>> 16) ^ a; a = (a - b) | 0;
    const u = (a & LOW_MASK) * LOW_SCALE;
    let isC = strategy[i];
    if (isC === 1 ? u < toF : u < toC) { isC ^= 1; strategy[i] = isC; }
    chartists += isC;
    let w = base[i] + (isC === 1 ? shiftC : shiftF) + idioSd * table[a >>> drop];
    w = w < wMin ? wMin : w > wMax ? wMax : w;
    target[i] = w;
    const ci = cash[i] + due;
    cash[i] = ci;
    num += w * ci;
    den += (1 - w) * coins[i];
  }
  noise.a = a; noise.b = b; noise.c = gc; noise.d = gd;
  s.chartists = chartists;
  d.num += c.alpha * num;
  d.den += c.alpha * den;
}
