// Crypto investors (design §4): cohorts in structure-of-arrays. Each investor's target BTC weight is its base weight
// plus its cohort's common factor plus cheap idiosyncratic noise, clipped inside (0, 1); it then trades a share α of
// the way towards it at the clearing price. One tight loop per cohort, no allocation per tick.
import { z } from 'zod';
import { TWO_POW_32, type TycheiState } from '../sim/rng.js';
import { switchingSchema } from './strategy-switching.js';
import { etfSchema } from './etf.js';
import { stablecoinSchema } from './stablecoins.js';

interface CohortDefaults { count: number; coinShare: number; weight: number; adjust: number; loading: number }
/** A cohort's parameters, each defaulted on its own so a file or `--set` can change one and keep the rest. */
const cohort = (d: CohortDefaults) => ({
  count: z.number().int().min(0).max(1_000_000).default(d.count),
  coinShare: z.number().min(0).max(1).default(d.coinShare).describe('share of the float held at tick 0'),
  weight: z.number().min(0.01).max(0.99).default(d.weight).describe('target BTC weight in equilibrium'),
  adjust: z.number().min(0).max(1).default(d.adjust).describe('α: share of the gap to target traded per tick'),
  loading: z.number().min(0).max(5).default(d.loading).describe('exposure to the common sentiment factor'),
});

export const cryptoSchema = z.strictObject({
  price: z.number().positive().default(65_000).describe('USD per BTC at tick 0'),
  coins: z.number().positive().default(19_710_000).describe('BTC in circulation (the float the investors hold)'),
  minWeight: z.number().min(0.001).max(0.5).default(0.02),
  maxWeight: z.number().min(0.5).max(0.999).default(0.98),
  idiosyncraticSd: z.number().min(0).max(1).default(0.05).describe('sd of each investor’s daily weight noise'),
  anchorHalfLife: z.number().positive().max(100_000).nullable().default(22)
    .describe('ticks: half-life with which each cohort\'s anchor (the base weight its investors return to) drifts towards the share of its wealth held in BTC (partial rebalancing: a rally is partly kept, not sold back); null: fixed base weights'),
  liquidity: z.strictObject({
    channel: z.enum(['deposit-share', 'reserves-inflow']).default('deposit-share')
      .describe('who receives the new dollars (liquidity-channel.ts): deposit-share spreads them over depositors by their deposits, crypto holders weighted by tilt; reserves-inflow gives a fixed share to the funds cohort (v1)'),
    share: z.number().min(0).max(1).default(0.27).describe('reserves-inflow only: share of each tick’s change in bank reserves that flows into (out of) the funds cohort’s deposits'),
    tilt: z.number().min(0).max(1000).default(9.5).describe('deposit-share only: the crypto holders’ weight per dollar of deposits in receiving new dollars (and losing drained ones), against 1 for any other depositor; 0 cuts the channel'),
    deposits: z.number().positive().default(17_500).describe('USD bn of US commercial bank deposits at tick 0 (the crypto holders’ deposits are part of it)'),
    halfLife: z.number().positive().max(10_000).nullable().default(21).describe('ticks: the new dollars follow a moving average of the reserves with this half-life, so swings that reverse within weeks (the TGA\'s tax days) pass only as far as they move it; null: each day\'s change passes at once'),
  }).prefault({}),
  etf: etfSchema.prefault({}).describe('US spot bitcoin ETFs (etf.ts)'),
  stablecoins: stablecoinSchema.prefault({}).describe('stablecoin issuers and their reserves (stablecoins.ts)'),
  sentiment: z.strictObject({
    dist: z.enum(['student-t', 'normal']).default('student-t'),
    nu: z.number().int().min(4).max(100).default(5).describe('Student-t degrees of freedom (ν ≥ 4)'),
    sd: z.number().min(0).max(1).default(0.0086).describe('sd of the daily common weight shock at normal attention'),
    halfLife: z.number().positive().max(10_000).default(30).describe('ticks: persistence of the common factor'),
    attention: z.number().min(0).max(0.5).default(0.04).describe('a: weight of the last squared return (relative to 3.8%) in the shock variance'),
    attentionPersistence: z.number().min(0).max(0.99).default(0.8).describe('b: persistence of the shock variance (a + b < 1)'),
  }).superRefine((s, ctx) => {
    // a + b ≥ 1 makes the attention variance explode (and BTC's price NaN within a few hundred ticks)
    if (s.attention + s.attentionPersistence >= 1) {
      ctx.addIssue({ code: 'custom', path: [],
        message: `crypto.sentiment.attention + crypto.sentiment.attentionPersistence below 1 (the attention variance would not settle; here ${s.attention} + ${s.attentionPersistence} = ${Number((s.attention + s.attentionPersistence).toPrecision(6))})` });
    }
  }).prefault({}),
  cohorts: z.strictObject({
    funds: z.strictObject(cohort({ count: 300, coinShare: 0.2, weight: 0.5, adjust: 0.3, loading: 1 })).prefault({}),
    momentum: z.strictObject({
      ...cohort({ count: 500, coinShare: 0.15, weight: 0.5, adjust: 0.5, loading: 1 }),
      momentum: z.number().min(0).max(50).default(1.5).describe('a chartist\'s target weight per unit of the EMA of daily log returns'),
      emaHalfLife: z.number().positive().max(250).default(10).describe('ticks'),
      switching: switchingSchema.prefault({}).describe('chartists and fundamentalists switching on performance and herding (strategy-switching.ts)'),
    }).prefault({}),
    holders: z.strictObject(cohort({ count: 400, coinShare: 0.65, weight: 0.8, adjust: 0.02, loading: 0.3 })).prefault({}),
    newcomers: z.strictObject({
      slots: z.number().int().min(0).max(1_000_000).default(300),
      weight: z.number().min(0.01).max(0.99).default(0.6),
      adjust: z.number().min(0).max(1).default(0.5),
      loading: z.number().min(0).max(5).default(1),
      cashTotal: z.number().min(0).default(30).describe('USD bn of new money if every slot arrives (each brings cashTotal / slots)'),
      arrivalProb: z.number().min(0).max(1).default(0.01).describe('daily probability that a free slot arrives when BTC makes a new high'),
    }).prefault({}),
  }).prefault({}),
});
export type CryptoParams = z.infer<typeof cryptoSchema>;

export const COHORTS = ['funds', 'momentum', 'holders', 'newcomers'] as const;
export type CohortName = (typeof COHORTS)[number];

/** One cohort's investors as parallel typed arrays (cash in USD bn, coins in BTC). */
export interface Cohort {
  readonly name: CohortName;
  readonly n: number;
  readonly base: Float64Array; // base target weight
  readonly cash: Float64Array;
  readonly coins: Float64Array;
  readonly target: Float64Array; // scratch: today's target weight
  readonly alpha: number;
  readonly loading: number;
  /** The cohort's base weight at tick 0. */
  readonly weight: number;
  /** How far the cohort's anchor has drifted from `weight` (partial rebalancing; added to every target). */
  anchorShift: number;
  /** Set by cohortTrade: USD bn the cohort paid for coins today (negative: received), and its Σ cash after. */
  paid: number;
  cashSum: number;
  /** The lowest investor cash after the cohort's last trade (at tick 0, its opening cash): a lower bound on every
   *  investor's cash until the next trade, since the cash moves in between only up, or by `cashDue`. */
  minCash: number;
  /** USD bn per investor the liquidity channel credited today and not yet added to `cash`: the cohort's next pass over
   *  its arrays (its demand loop) adds it, so the channel costs no loop of its own (crypto-deposits.ts). */
  cashDue: number;
}

export interface Investors {
  readonly cohorts: readonly Cohort[];
  readonly funds: Cohort;
  readonly newcomers: Cohort;
}

/** Builds the population in equilibrium at P0: c_i = b_i·P0·(1 − w_i)/w_i, so the clearing price starts at P0. */
export function createInvestors(p: CryptoParams): Investors {
  const make = (name: CohortName, n: number, w: number, alpha: number, loading: number, coinShare: number): Cohort => {
    const c: Cohort = {
      name, n, alpha, loading, weight: w, anchorShift: 0, paid: 0, cashSum: 0, minCash: 0, cashDue: 0,
      base: new Float64Array(n).fill(w), cash: new Float64Array(n), coins: new Float64Array(n), target: new Float64Array(n),
    };
    if (name !== 'newcomers' && n > 0) {
      const each = (coinShare * (p.coins - p.etf.coins)) / n; // the ETFs' opening coins are not the cohorts'
      const cashEach = ((each * p.price) / 1e9) * ((1 - w) / w);
      c.coins.fill(each);
      c.cash.fill(cashEach);
      c.cashSum = cashEach * n;
      c.minCash = cashEach;
    }
    return c;
  };
  const k = p.cohorts;
  const funds = make('funds', k.funds.count, k.funds.weight, k.funds.adjust, k.funds.loading, k.funds.coinShare);
  const momentum = make('momentum', k.momentum.count, k.momentum.weight, k.momentum.adjust, k.momentum.loading, k.momentum.coinShare);
  const holders = make('holders', k.holders.count, k.holders.weight, k.holders.adjust, k.holders.loading, k.holders.coinShare);
  const newcomers = make('newcomers', k.newcomers.slots, k.newcomers.weight, k.newcomers.adjust, k.newcomers.loading, 0);
  return { cohorts: [funds, momentum, holders, newcomers], funds, newcomers };
}

export interface Demand {
  num: number; // Σ α w c
  den: number; // Σ α (1 − w) b
}

/** log2 of a normal table's length, which must be a power of two (its index is the top bits of a 32-bit draw). */
function tableBits(table: Float64Array): number {
  const bits = 31 - Math.clz32(table.length);
  if (table.length !== 1 << bits || bits > 16) throw new RangeError(`a normal table needs 2^k entries (k ≤ 16), not ${table.length}`);
  return bits;
}

/**
 * Sets today's targets of one cohort and adds its demand to `d`. `shift` is the cohort's common factor for today;
 * idiosyncratic noise is a normal-table lookup indexed by the top bits of one 32-bit tychei draw per investor
 * (design §10), the generator stepped inline. Every slot draws, active or not, so the number of draws never depends
 * on the path (common random numbers).
 */
export function cohortDemand(
  c: Cohort, shift: number, idioSd: number, wMin: number, wMax: number,
  noise: TycheiState, table: Float64Array, d: Demand,
): void {
  const { n, base, cash, coins, target } = c;
  const drop = 32 - tableBits(table);
  const due = c.cashDue; // the liquidity channel's credit of today, added here (Cohort.cashDue)
  c.cashDue = 0;
  let { a, b, c: gc, d: gd } = noise;
  let num = 0, den = 0;
  for (let i = 0; i < n; i++) {
    // one tychei step (rng.ts tycheiNext), inline so the state stays in registers
    b = (b << 25) ^ (b >>> 7) ^ gc; gc = (gc - gd) | 0; gd = (gd << 24) ^ (gd >>> 8) ^ a; a = (a - b) | 0;
    b = (b << 20) ^ (b >>> 12) ^ gc; gc = (gc - gd) | 0; gd = (gd << 16) ^ (gc >>> 16) ^ a; a = (a - b) | 0;
    let w = base[i] + shift + idioSd * table[a >>> drop];
    w = w < wMin ? wMin : w > wMax ? wMax : w;
    target[i] = w;
    const ci = cash[i] + due;
    cash[i] = ci;
    num += w * ci;
    den += (1 - w) * coins[i];
  }
  noise.a = a; noise.b = b; noise.c = gc; noise.d = gd;
  d.num += c.alpha * num;
  d.den += c.alpha * den;
}

/**
 * Newcomers arrive when BTC makes a new high: each free slot with probability `prob`, bringing `cashEach`. Every slot
 * draws every tick (one tychei draw, stepped inline), so the number of draws never depends on the path.
 */
export function newcomerArrivals(
  nc: Cohort, arrived: Uint8Array, newHigh: boolean, prob: number, cashEach: number, noise: TycheiState,
): number {
  const { n, cash } = nc;
  let brought = 0;
  let { a, b, c, d } = noise;
  for (let i = 0; i < n; i++) {
    b = (b << 25) ^ (b >>> 7) ^ c; c = (c - d) | 0; d = (d << 24) ^ (d >>> 8) ^ a; a = (a - b) | 0;
    b = (b << 20) ^ (b >>> 12) ^ c; c = (c - d) | 0; d = (d << 16) ^ (c >>> 16) ^ a; a = (a - b) | 0;
    const u = (a >>> 0) / TWO_POW_32;
    if (newHigh && !arrived[i] && u < prob) { arrived[i] = 1; brought += cashEach - cash[i]; cash[i] = cashEach; }
  }
  noise.a = a; noise.b = b; noise.c = c; noise.d = d;
  return brought; // USD bn the arrivals brought (paid out of other depositors' deposits)
}

/** What the trade loops add up for the invariants of design §6: net coins bought, coins held, the lowest cash. */
export interface TradeTotals {
  bought: number;
  coins: number;
  minCash: number;
}

/**
 * Trades one cohort a share α of the way to target at price P (USD), adding to `acc` as it goes. Then the cohort's
 * anchor (the base weight its investors return to) moves a share `drift` of the way to the share of the cohort's
 * wealth now in BTC, clipped to [wMin, wMax]: investors rebalance only partly, so yesterday's move is partly accepted
 * as the new normal and the price carries no memory of where the run started (Calvet, Campbell & Sodini 2009:
 * households offset about half of passive changes in their risky share). One division per cohort, not per investor.
 * drift = 0 keeps fixed targets.
 */
export function cohortTrade(c: Cohort, price: number, acc: TradeTotals, drift = 0, wMin = 0, wMax = 1): void {
  const { n, cash, coins, target, alpha } = c;
  const pBn = price / 1e9; // USD bn per coin
  let bought = 0, held = 0, minCash = Infinity, wealth = 0, paid = 0;
  for (let i = 0; i < n; i++) {
    const b = coins[i];
    const trade = alpha * ((target[i] * (cash[i] + b * pBn)) / pBn - b);
    const after = cash[i] - trade * pBn;
    paid += cash[i] - after;
    coins[i] = b + trade;
    cash[i] = after;
    wealth += after;
    bought += trade;
    held += b + trade;
    if (after < minCash) minCash = after;
  }
  c.paid = paid;
  c.cashSum = wealth;
  c.minCash = minCash;
  if (drift > 0) {
    const value = held * pBn;
    wealth += value;
    if (wealth > 0) {
      const share = value / wealth;
      const anchor = c.weight + c.anchorShift;
      c.anchorShift += drift * ((share < wMin ? wMin : share > wMax ? wMax : share) - anchor);
    }
  }
  acc.bought += bought;
  acc.coins += held;
  if (minCash < acc.minCash) acc.minCash = minCash;
}

/** Adds (or, if negative, removes) cash across a cohort equally, floored at zero; returns the shortfall. */
export function distributeCash(c: Cohort, amount: number): number {
  if (c.n === 0 || amount === 0) return Math.max(0, -amount);
  const each = amount / c.n;
  let shortfall = 0, low = Infinity;
  for (let i = 0; i < c.n; i++) {
    const next = c.cash[i] + each;
    if (next < 0) { shortfall -= next; c.cash[i] = 0; low = 0; } else { c.cash[i] = next; if (next < low) low = next; }
  }
  if (low < c.minCash) c.minCash = low;
  return shortfall; // USD bn of outflow that found no cash
}
