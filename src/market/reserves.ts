// The demand for reserves and the repo market's spread over IORB (issue 14 item 2; Afonso, Giannone, La Spada &
// Williams 2022, "Scarce, abundant, or ample?", FRBNY SR 1019; Lopez-Salido & Vissing-Jorgensen 2023). The overnight
// repo rate over interest on reserves is a function of reserves relative to a scale (commercial banks' total assets):
// flat while reserves are ample, rising steeply once they are scarce. When the repo rate reaches the standing repo
// facility's minimum bid rate (the top of the target range, since July 2021) the SRF lends reserves against
// Treasuries; its loans are overnight, repaid the next day and taken again as needed. Before the SRF (July 2021) the
// Fed lent by repo operations once repo rates spiked (from 2019-09-17): the same mechanism at a higher spread.
// The curve is pure: numbers in, numbers out. `clearRepoMarket` is the day's repo market on that curve, as postings.
import { z } from 'zod';
import type { EmitEvent, PostingSink } from '../contracts.js';
import { srfLoan, toRrp } from './dollar-supply.js';

export const reservesSchema = z.strictObject({
  scaleBn: z.number().positive().max(1e6).default(23400).describe('USD bn: the scale reserves are measured against (commercial banks\' total assets); a start from data sets it for the start date'),
  ampleSpreadBp: z.number().min(-100).max(100).default(-7).describe('bp: the repo rate (SOFR) minus IORB while reserves are ample'),
  ampleRatio: z.number().positive().max(1).default(0.12).describe('reserves / scale at and above which the curve is flat'),
  scarceRatio: z.number().positive().max(1).default(0.0779).describe('reserves / scale of the scarcity anchor (September 2019)'),
  scarceSpreadBp: z.number().min(-100).max(5000).default(315).describe('bp: the repo spread over IORB at the scarcity anchor'),
  steepnessRatio: z.number().positive().max(1).default(0.00107).describe('fall in reserves / scale that multiplies the scarcity premium by e'),
  maxSpreadBp: z.number().positive().max(1e5).default(5000).describe('bp: numerical ceiling of the curve (far past anything observed)'),
  iorbBelowTopBp: z.number().min(0).max(100).default(10).describe('bp: the top of the target range minus IORB; the SRF lends at the top, i.e. this far above IORB'),
  srf: z.strictObject({
    enabled: z.boolean().default(true).describe('the standing repo facility exists (false: as before July 2021)'),
    maxBn: z.number().min(0).max(1e5).default(500).describe('USD bn: the facility\'s aggregate limit'),
    spreadBp: z.number().min(-100).max(5000).nullable().default(null).describe('bp over IORB at which the Fed lends; null: the SRF\'s minimum bid rate, the top of the range (iorbBelowTopBp). A start from data before the SRF sets the spread at which the Fed began its repo operations on 2019-09-17'),
  }).prefault({}),
});
export type ReservesParams = z.infer<typeof reservesSchema>;

/** The curve in model units: spreads in bp, reserves in USD bn. */
export interface ReserveCurve {
  readonly scale: number;
  readonly ample: number; // bp
  readonly ampleRatio: number;
  readonly width: number; // ratio
  readonly amplitude: number; // bp, so that the premium at the scarcity anchor is scarceSpreadBp − ampleSpreadBp
  readonly max: number; // bp
  readonly srfSpread: number | null; // bp over IORB at which the SRF lends; null without a facility
  readonly srfMax: number; // USD bn
}

export function reserveCurve(p: ReservesParams): ReserveCurve {
  const amplitude = (p.scarceSpreadBp - p.ampleSpreadBp) / Math.expm1((p.ampleRatio - p.scarceRatio) / p.steepnessRatio);
  return {
    scale: p.scaleBn, ample: p.ampleSpreadBp, ampleRatio: p.ampleRatio, width: p.steepnessRatio, amplitude, max: p.maxSpreadBp,
    srfSpread: p.srf.enabled ? p.srf.spreadBp ?? p.iorbBelowTopBp : null, srfMax: p.srf.maxBn,
  };
}

/** bp above the ample spread at reserves R: exactly 0 while R / scale ≥ ampleRatio. */
export function scarcityPremium(c: ReserveCurve, reserves: number): number {
  const x = reserves / c.scale;
  if (x >= c.ampleRatio) return 0;
  return Math.min(c.max - c.ample, c.amplitude * Math.expm1((c.ampleRatio - x) / c.width));
}

/** The repo rate minus IORB (bp) at reserves R, before the SRF. */
export const repoSpread = (c: ReserveCurve, reserves: number): number => c.ample + scarcityPremium(c, reserves);

/** The reserves at which the curve reaches a spread s (bp) above the ample one: the inverse of `repoSpread`. */
export function reservesAtSpread(c: ReserveCurve, s: number): number {
  if (s <= c.ample) return c.ampleRatio * c.scale;
  return (c.ampleRatio - c.width * Math.log1p((s - c.ample) / c.amplitude)) * c.scale;
}

/** USD bn the SRF lends at reserves R: what brings the repo spread back to the facility's rate, within its limit. */
export function srfLending(c: ReserveCurve, reserves: number): number {
  if (c.srfSpread === null || repoSpread(c, reserves) <= c.srfSpread) return 0;
  return Math.min(c.srfMax, Math.max(0, reservesAtSpread(c, c.srfSpread) - reserves));
}

/** The money funds' side of the repo market (money-funds.ts `rrpToRepo`): USD bn they lend in private repo out of
 *  the ON RRP at a scarcity premium (bp), given what is left in the RRP today. */
export type RepoLenders = (premiumBp: number, rrpLeft: number) => number;

/** The repo market's state after a day's clearing. */
export interface RepoMarketState {
  spread: number; // bp: the repo rate minus IORB
}

/**
 * The repo market at today's reserves (the reserves after the day's other flows): yesterday's SRF loans `srfOwed`
 * are repaid; when repo pays a scarcity premium the money funds lend RRP cash in repo; if the spread still passes the
 * SRF's rate the facility lends. Adds its postings, sets the spread after them, and returns the change in reserves
 * (exactly 0, with no posting, while reserves are ample).
 */
export function clearRepoMarket(
  c: ReserveCurve, lenders: RepoLenders, srfOwed: number, rrpLeft: number, reserves: number,
  postings: PostingSink, emit: EmitEvent, state: RepoMarketState,
): number {
  let change = 0;
  if (srfOwed > 0) {
    postings.add('fed', 'SRF repayment', srfLoan(-srfOwed));
    change -= srfOwed;
  }
  const toRepo = lenders(scarcityPremium(c, reserves + change), rrpLeft);
  if (toRepo > 0) {
    postings.add('money-funds', 'ON RRP lent in private repo', toRrp(-toRepo));
    change += toRepo;
  }
  const lent = srfLending(c, reserves + change);
  if (lent > 0) {
    postings.add('fed', 'SRF loans', srfLoan(lent));
    change += lent;
    emit({ kind: 'srf-loan', agent: 'fed', text: `the standing repo facility lends $${lent.toFixed(2)}bn overnight (repo at its rate)`, value: lent });
  }
  state.spread = repoSpread(c, reserves + change);
  return change;
}
