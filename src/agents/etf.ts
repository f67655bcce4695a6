// US spot bitcoin ETFs (issue 15 item 2): one fund holding coins and, overnight, no cash. Its shareholders are
// depositors outside the crypto cohorts (`dep.rest`); creations bring their dollars in, redemptions pay them out.
// Flows chase past returns: today's net creation is `chase` × the market's dollar depth × the EMA of daily log
// returns (half-life `halfLife`), so a month of gains brings money in and a month of losses takes it out. The depth
// is the cohorts' dollar demand in the clearing, Σ α·w·c (crypto-market.ts): a flow F then moves ln P by about
// F / depth, so the feedback from past returns to today's price has the fixed strength `chase` whatever the price
// (scaled by the coins' market value instead, it grows with the price and runs away). The fund
// buys (sells) the coins in the BTC clearing as one more order, a fixed dollar amount: it adds to the clearing's
// numerator (crypto-market.ts), and a redemption never sells more coins than the fund holds.
import { z } from 'zod';

export const etfSchema = z.strictObject({
  launch: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).default('2024-01-11').describe('first trading day of the US spot ETFs (no creations before)'),
  coins: z.number().min(0).default(0).describe('BTC the ETFs hold at tick 0 (taken out of the cohorts\' float)'),
  chase: z.number().min(0).max(10).default(0.2).describe('net creations per tick per USD bn of the market\'s dollar depth (Σ α·w·cash) and per unit of the EMA of daily log returns'),
  halfLife: z.number().positive().max(1000).default(21).describe('ticks: half-life of the EMA of returns that flows chase'),
});
export type EtfParams = z.infer<typeof etfSchema>;

export interface Etf {
  readonly chase: number;
  readonly keep: number;
  readonly launchTick: number;
  coins: number;
  ema: number;
  flow: number; // today's net creation, USD bn (negative: redemption)
  cumFlow: number;
}

export function createEtf(p: EtfParams, launchTick: number): Etf {
  return { chase: p.chase, keep: 2 ** (-1 / p.halfLife), launchTick, coins: p.coins, ema: 0, flow: 0, cumFlow: 0 };
}

/**
 * Today's net creation (USD bn) from yesterday's return, given the clearing's numerator (the depth) and denominator
 * without the fund (num USD bn, den coins). A redemption F < 0 sells −F/P
 * coins at P = (num + F)/den: capped so that it is at most the fund's coins, |F| ≤ coins·num/(den + coins).
 */
export function etfFlow(e: Etf, t: number, lastReturn: number, num: number, den: number): number {
  e.ema = e.keep * e.ema + (1 - e.keep) * lastReturn;
  let f = t >= e.launchTick ? e.chase * num * e.ema : 0;
  if (f < 0) f = Math.max(f, -(e.coins * num) / (den + e.coins));
  e.flow = f;
  e.cumFlow += f;
  return f;
}
