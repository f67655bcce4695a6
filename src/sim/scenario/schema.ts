// The scenario file (JSON), validated once at the edge into a fully defaulted object (design §2, §8). Units in the
// file: percent for rates and yields, bp for yield changes, USD bn for money, USD for the BTC price, dates as
// YYYY-MM-DD. Every default cites docs/calibration.md (or is marked there as an assumption).
import { z } from 'zod';
import { bankSchema } from '../../agents/japanese-bank.js';
import { treasurySchema } from '../../agents/us-treasury.js';
import { fedSchema } from '../../agents/fed-fima.js';
import { mofSchema } from '../../agents/japan-mof.js';
import { cryptoSchema } from '../../agents/crypto-investors.js';
import { moneyFundSchema } from '../../agents/money-funds.js';
import { reservesSchema } from '../../market/reserves.js';
import { isoDateSchema } from '../../agents/schema-helpers.js';

const dated = { date: isoDateSchema };
export const timelineEventSchema = z.discriminatedUnion('kind', [
  z.strictObject({ ...dated, kind: z.literal('fed-rate'), top: z.number().min(0).max(20).describe('percent: new top of the target range') }),
  z.strictObject({ ...dated, kind: z.literal('boj-rate'), rate: z.number().min(-1).max(20).describe('percent') }),
  z.strictObject({ ...dated, kind: z.literal('qt-cap'), treasuryPerMonth: z.number().min(0).max(500).describe('USD bn') }),
  z.strictObject({ ...dated, kind: z.literal('tga-target'), level: z.number().min(0).max(5000).describe('USD bn: the new TGA target') }),
  z.strictObject({ ...dated, kind: z.literal('fima-cap'), cap: z.number().min(0).max(10000).describe('USD bn per counterparty') }),
  z.strictObject({ ...dated, kind: z.literal('yield-shock'), bp: z.number().min(-500).max(500) }),
  z.strictObject({ ...dated, kind: z.literal('basis-shock'), bp: z.number().min(-500).max(500) }),
  z.strictObject({ ...dated, kind: z.literal('sentiment-shock'), weight: z.number().min(-0.5).max(0.5).describe('a jump in the common sentiment factor (target-weight units), which then decays with crypto.sentiment.halfLife') }),
  z.strictObject({ ...dated, kind: z.literal('note'), text: z.string() }),
]);
export type TimelineEvent = z.infer<typeof timelineEventSchema>;

export const scenarioSchema = z.strictObject({
  extends: z.string().optional(),
  name: z.string().min(1).default('custom'),
  description: z.string().default(''),
  start: isoDateSchema.default('2024-06-18'),
  ticks: z.number().int().min(1).max(5000).default(252),
  outcomes: z.strictObject({
    salesThreshold: z.number().min(0).default(100).describe('USD bn of Japanese sales that counts as a wave'),
    spikeRiseBp: z.number().min(0).default(50).describe('bp: a 20-day 10y rise that counts as a spike'),
  }).prefault({}),
  japan: z.strictObject({
    ticTotal: z.number().min(0).default(1118).describe("USD bn: Japan's Treasury holdings in TIC"),
    official: z.number().min(0).default(900).describe('USD bn: official (MoF/BOJ) holdings, in custody at the NY Fed'),
    mof: mofSchema.prefault({}).describe("Japan's MoF: yen defence (off by default)"),
  }).prefault({}),
  market: z.strictObject({
    y10: z.number().min(0).max(20).default(4.22).describe('percent: 10y yield at tick 0'),
    y3m: z.number().min(-1).max(20).default(5.5).describe('percent: 3-month yield at tick 0, the path\'s 3-month average (on the money-market basis, × 360/365; the short end is the EFFR)'),
    y2: z.number().min(-1).max(20).default(4.69).describe('percent: 2y yield at tick 0, the path\'s 2-year average (no term premium at 2y)'),
    rJpy: z.number().min(-1).max(20).default(0.1).describe('percent: BOJ policy rate at tick 0'),
    ust: z.strictObject({
      outstanding: z.number().positive().default(27800).describe('USD bn marketable Treasuries'),
      fundamentalSdBp: z.number().min(0).max(100).default(7.6).describe('bp: daily sd of far-path news (moves the level of the expected short-rate path, not its short end)'),
      fundamentalHalfLife: z.number().positive().default(250).describe('ticks: the level of the expected path reverts to its opening value'),
      slopeSdBp: z.number().min(0).max(100).default(4).describe('bp: daily sd of short-end news (moves the short end of the expected path)'),
      slopeHalfLifeYears: z.number().positive().default(0.95).describe('years: how fast expected short rates converge to the level (κ = ln 2 / this) where the opening curve (EFFR, 3m, 2y) does not identify κ itself'),
      surpriseToLevel: z.number().min(0).max(1).default(0.2).describe('share of a policy-rate surprise that moves the level of the path'),
      permanentBpPerBn: z.number().min(0).max(10).default(0.03).describe('λ, bp of term premium per USD bn of 10y-eq duration supply (stock)'),
      transientBpPerBn: z.number().min(0).max(10).default(0.06).describe('bp per USD bn of 10y-eq flow, the part that decays'),
      programmeHorizonTicks: z.number().int().min(0).max(5000).default(252).describe('ticks of an announced QT pace priced when it is announced'),
      overhangHalfLife: z.number().positive().default(50).describe('ticks'),
      dealerCapacity: z.number().min(0).default(200).describe('USD bn of overhang before impact steepens'),
      convexityBpPerBn2: z.number().min(0).default(0.002).describe('bp per (USD bn beyond capacity)²'),
    }).prefault({}),
    fx: z.strictObject({
      usdjpy: z.number().positive().default(157.8),
      basis: z.number().min(-5).max(1).default(-0.3).describe('percent: 3m USD/JPY cross-currency basis'),
      basisSdBp: z.number().min(0).default(1.5).describe('bp per tick'),
      basisHalfLife: z.number().positive().default(20).describe('ticks'),
      basisStressPerBp: z.number().min(0).default(0.2).describe('bp of basis widening per bp of 20-day 10y rise'),
      facilityNarrowingBp: z.number().min(0).default(10).describe('bp of basis narrowing with the standard cap fully drawn'),
      sdPct: z.number().min(0).default(0.6).describe('percent: daily sd of USD/JPY'),
      rateGapSensitivity: z.number().min(0).default(5).describe('Δln USDJPY per unit (decimal) change of the rate gap'),
      flowImpactPctPerBn: z.number().min(0).default(0.05).describe('percent move of USD/JPY per USD bn sold for yen'),
    }).prefault({}),
  }).prefault({}),
  fedBalanceSheet: z.strictObject({
    treasuries: z.number().min(0).default(4470), mbs: z.number().min(0).default(2350), otherAssets: z.number().min(0).default(401),
    reserves: z.number().min(0).default(3400), rrp: z.number().min(0).default(400), tga: z.number().min(0).default(750),
    foreignDeposits: z.number().min(0).default(10), currency: z.number().min(0).default(2340),
  }).prefault({}),
  fed: fedSchema.prefault({}),
  treasury: treasurySchema.prefault({}),
  moneyFunds: moneyFundSchema.prefault({}),
  reserves: reservesSchema.prefault({}).describe('the demand for reserves: the repo spread over IORB as reserves become scarce, and the standing repo facility'),
  banks: z.record(z.string().regex(/^[a-z][a-z0-9-]*$/, 'bank ids are lower-case words joined by -'), bankSchema).default({}).describe('banks keyed by id; the built-in scenarios define seven'),
  crypto: cryptoSchema.prefault({}),
  timeline: z.array(timelineEventSchema).default([]),
  dataStart: z.strictObject({
    date: isoDateSchema,
    realisedPolicy: z.boolean(),
    asOf: z.record(z.string(), z.strictObject({ date: isoDateSchema, value: z.number() })),
    policyPath: z.array(z.strictObject({ date: isoDateSchema, top: z.number() })),
  }).optional()
    .describe('written by the loader when the opening state comes from the data (absent otherwise, so the hashes of scenarios that open from their own numbers are unchanged) ; --start, or "start": {"date": …, "fromData": true}): each series\' as-of observation and the realised policy path; anything a file puts here is replaced'),
});
export type Scenario = z.infer<typeof scenarioSchema>;
export type ScenarioInput = z.input<typeof scenarioSchema>;
