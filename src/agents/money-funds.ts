// Money-market funds (design §4, issue 14 item 2): they hold cash at the Fed's ON RRP or in Treasury bills, and
// buy a share of each day's net new bills out of the RRP that rises with the spread of bill yields over the RRP
// rate. Bill issuance therefore drains the RRP by itself while bills pay more than the RRP (the 2023–25 drain), and
// once the RRP is empty what the Treasury raises comes out of reserves.
import { z } from 'zod';

export const moneyFundSchema = z.strictObject({
  billSpreadBp: z.number().min(-200).max(200).default(15).describe('bp: the 3-month bill yield minus the ON RRP rate that the spread reverts to'),
  spreadHalfLife: z.number().positive().max(2520).default(20).describe('ticks: half-life of a bill-supply move in the spread'),
  supplyImpactBpPerBn: z.number().min(0).max(10).default(0.05).describe('bp the spread rises per USD bn of net new bills above their usual daily pace'),
  rrpShareAtZeroSpread: z.number().min(0).max(1).default(0.3).describe('share of net new bills the money funds buy out of the ON RRP when bills yield what the RRP pays'),
  rrpSharePerBp: z.number().min(0).max(1).default(0.02).describe('rise of that share per bp of spread (the share stays in [0, 1])'),
  rrpToRepoPerBp: z.number().min(0).max(1).default(0.02).describe('share of the ON RRP the funds lend in private repo per tick, per bp of the repo rate\'s scarcity premium (0 while reserves are ample)'),
});
export type MoneyFundParams = z.infer<typeof moneyFundSchema>;

/** The money funds' parameters in model units (the spread in decimals). */
export interface MoneyFundRules {
  readonly anchor: number; // decimal
  readonly decay: number; // per tick
  readonly impact: number; // decimal per USD bn above the pace
  readonly pace: number; // USD bn of net new bills on a usual day
  readonly shareAtZero: number;
  readonly sharePerUnit: number; // per unit of spread (decimal)
  readonly repoPerBp: number; // share of the RRP moved into repo per tick per bp of scarcity premium
}

export interface MoneyFundState {
  spread: number; // 3-month bill yield minus the ON RRP rate, decimal
}

/** Moves the bill spread with today's net new bills (USD bn par): back toward its anchor, up with supply above pace. */
export function stepBillSpread(s: MoneyFundState, r: MoneyFundRules, bills: number): void {
  s.spread = r.anchor + r.decay * (s.spread - r.anchor) + r.impact * (bills - r.pace);
}

/** The share of net new bills bought out of the ON RRP at a spread. */
export const rrpShare = (r: MoneyFundRules, spread: number): number => Math.min(1, Math.max(0, r.shareAtZero + r.sharePerUnit * spread));

/** USD bn the money funds take out of the ON RRP today to buy bills: their share of today's net new bills, at most
 *  what is left in the RRP. */
export function billsFromRrp(s: MoneyFundState, r: MoneyFundRules, bills: number, rrpLeft: number): number {
  return Math.max(0, Math.min(rrpLeft, rrpShare(r, s.spread) * bills));
}

/** USD bn the money funds move from the ON RRP into private repo today when repo pays a scarcity premium (bp) over
 *  its ample level: a share of what is left in the RRP, rising with the premium; exactly 0 while reserves are ample. */
export const rrpToRepo = (r: MoneyFundRules, premiumBp: number, rrpLeft: number): number =>
  premiumBp > 0 && rrpLeft > 0 ? rrpLeft * Math.min(1, r.repoPerBp * premiumBp) : 0;
