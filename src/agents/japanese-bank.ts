// Japanese banks (design §4): each holds hedged Treasuries and reviews them weekly under a named rule set.
import { z } from 'zod';
import { bindPolicy, policyTable, type Action, type BankSelf, type MarketView, type Policy, type PolicyContext, type Uniform } from '../contracts.js';
import { customPolicySchema, isoDateSchema } from './schema-helpers.js';
import { pctToDecimal, quarterFractionToPerReview } from '../sim/units.js';

const programmeWindow = {
  total: z.number().min(0).describe('USD bn par sold over the window'),
  from: isoDateSchema,
  to: isoDateSchema,
};

const carryThreshold = z.strictObject({
  name: z.literal('carry-threshold'),
  programme: z.strictObject(programmeWindow).nullable().default(null)
    .describe('an announced programme sold evenly over its window as a minimum; carry pressure can add to it'),
  carryFloor: z.number().min(-10).max(10).default(-1).describe('percent per year: hedged carry below which pressure builds'),
  kappa: z.number().min(0).max(5).default(0.2).describe('share of holdings sold per quarter per 1% of pressure'),
  lossTolerance: z.number().min(0).max(1).default(0.6).describe('share of the loss budget tolerated before losses add pressure'),
  lossWeight: z.number().min(0).max(10).default(2).describe('pressure (in % of carry) per unit of loss beyond tolerance'),
  herding: z.number().min(0).max(10).default(2.2).describe('pressure (in % of carry) when every peer is selling'),
  herdingThreshold: z.number().min(0).max(0.99).default(0.3).describe('share of banks selling before peers add pressure'),
  pressureScale: z.number().positive().max(10).default(1).describe('P(act) = 1 − exp(−pressure / scale)'),
  reviewEvery: z.number().int().min(1).max(63).default(5).describe('ticks between reviews'),
  response: z.enum(['sell', 'cut-hedge']).default('sell').describe('sell Treasuries, or cut the hedge ratio instead'),
  hedgeCutStep: z.number().min(0).max(1).default(0.05).describe('hedge ratio cut per acting review (cut-hedge)'),
  minHedgeRatio: z.number().min(0).max(1).default(0.4),
});
const programme = z.strictObject({ name: z.literal('programme'), ...programmeWindow });
const hold = z.strictObject({ name: z.literal('hold') });

export const bankPolicySchema = z.discriminatedUnion('name', [carryThreshold, programme, hold, customPolicySchema]);
export type BankPolicyParams = z.infer<typeof bankPolicySchema>;

export const bankSchema = z.strictObject({
  label: z.string().min(1),
  holdings: z.number().min(0).max(5000).describe('USD bn par of US Treasuries (10y-equivalent book)'),
  bookYield: z.number().min(-1).max(20).describe('percent: average purchase yield'),
  duration: z.number().positive().max(30).default(6).describe('years'),
  hedgeRatio: z.number().min(0).max(1).default(1),
  lossBudget: z.number().min(0).describe('USD bn: capital above the regulatory minimum plus capital raised'),
  policy: bankPolicySchema,
});
export type BankParams = z.infer<typeof bankSchema>;

/** Loss per USD bn sold (or marked) when the market yield is above the book yield: duration × Δy. */
export const lossPerBn = (self: BankSelf, y10: number): number => self.duration * Math.max(0, y10 - self.bookYield);

/** Hedged carry on the market yield: c = y10 − η·H (design §4). */
export const hedgedCarry = (y10: number, hedgeRatio: number, hedgeCost: number): number => y10 - hedgeRatio * hedgeCost;

interface CarryState { floor: number; window: ProgrammeState | null }
type CarryParams = z.infer<typeof carryThreshold>;

/** Pressure in percent-of-carry units: carry shortfall + loss excess + herding. */
export function carryPressure(view: MarketView, self: BankSelf, p: CarryParams, floor: number): number {
  const gapPct = Math.max(0, floor - hedgedCarry(view.y10, self.hedgeRatio, view.hedgeCost)) * 100;
  const mtmLoss = self.holdings * lossPerBn(self, view.y10);
  const lossExcess = self.lossBudget > 0 ? Math.max(0, mtmLoss / self.lossBudget - p.lossTolerance) : 0;
  const herd = Math.max(0, view.banksSellingShare - p.herdingThreshold) / (1 - p.herdingThreshold);
  return gapPct + p.lossWeight * lossExcess + p.herding * herd;
}

const carryThresholdPolicy: Policy<CarryParams, CarryState, BankSelf> = {
  name: 'carry-threshold',
  init: (p, _self, ctx) => ({ floor: pctToDecimal(p.carryFloor), window: p.programme ? programmeWindowState(p.programme, ctx) : null }),
  decide(view, self, p, state, rng) {
    const committed = state.window ? programmeSale(view.tick, self, state.window) : [];
    if ((view.tick - 1) % p.reviewEvery !== 0) return committed;
    const u = rng(); // drawn at every review whatever happens: the monotone coupling of design §4
    const pressure = carryPressure(view, self, p, state.floor);
    const act = u < 1 - Math.exp(-pressure / p.pressureScale);
    if (!act || self.holdings <= 0) return committed;
    if (p.response === 'cut-hedge') {
      const next = Math.max(p.minHedgeRatio, self.hedgeRatio - p.hedgeCutStep);
      return next < self.hedgeRatio ? [...committed, { kind: 'cut-hedge', bank: self.id, newHedgeRatio: next }] : committed;
    }
    const share = quarterFractionToPerReview(p.kappa * pressure, p.reviewEvery);
    let amount = share * self.holdings;
    const perBn = lossPerBn(self, view.y10);
    if (perBn > 0) amount = Math.min(amount, Math.max(0, self.lossBudget - self.realisedLoss) / perBn);
    return amount > 0 ? [...committed, { kind: 'sell-treasuries', bank: self.id, amount }] : committed;
  },
};

export interface ProgrammeState { fromTick: number; toTick: number; perTick: number }
type ProgrammeParams = z.infer<typeof programme>;
/** A programme sells total / (trading days in its window) on each trading day of the window that falls in the run:
 *  a run that starts mid-programme sells only what is left of it at the announced pace. */
export function programmeWindowState(p: { total: number; from: string; to: string }, ctx: PolicyContext): ProgrammeState {
  const fromTick = Math.max(1, ctx.tickOf(p.from)), toTick = ctx.tickOf(p.to);
  // trading days of the window on or before the opening date, which no tick of this run trades
  const past = p.from < ctx.start ? ctx.tradingDaysBetween(p.from, ctx.start) : 0;
  const n = toTick - fromTick + 1 + past;
  return { fromTick, toTick, perTick: n > 0 && toTick >= fromTick ? p.total / n : 0 };
}

function programmeSale(tick: number, self: BankSelf, w: ProgrammeState): Action[] {
  if (tick < w.fromTick || tick > w.toTick) return [];
  const amount = Math.min(w.perTick, self.holdings);
  return amount > 0 ? [{ kind: 'sell-treasuries', bank: self.id, amount }] : [];
}

const programmePolicy: Policy<ProgrammeParams, ProgrammeState, BankSelf> = {
  name: 'programme',
  init: (p, _self, ctx) => programmeWindowState(p, ctx),
  decide: (view, self, _p, state) => programmeSale(view.tick, self, state),
};

const holdPolicy: Policy<{ name: 'hold' }, null, BankSelf> = {
  name: 'hold',
  init: () => null,
  decide: () => [],
};

/** The programme a bank's built-in policy announces (its window and total), or null: what the bond market prices as a
 *  stock of duration supply when the window opens (treasury-market.ts). A custom policy announces nothing. */
export function announcedProgramme(p: BankPolicyParams): { total: number; from: string; to: string } | null {
  if (p.name === 'programme') return { total: p.total, from: p.from, to: p.to };
  if (p.name === 'carry-threshold') return p.programme;
  return null;
}

export const bankPolicies = policyTable<BankPolicyParams, 'bank'>({
  'carry-threshold': (p) => bindPolicy(carryThresholdPolicy, p),
  programme: (p) => bindPolicy(programmePolicy, p),
  hold: (p) => bindPolicy(holdPolicy, p),
});

/** Model-unit view of a bank's parameters. */
export function bankSelf(id: string, b: BankParams): BankSelf {
  return {
    id, holdings: b.holdings, bookYield: pctToDecimal(b.bookYield), duration: b.duration, hedgeRatio: b.hedgeRatio,
    lossBudget: b.lossBudget, realisedLoss: 0,
  };
}

export type { Action, BankSelf, Uniform };

/** A bank during a run: what its policy sees, and the engine's record of its sales. */
export interface BankBook {
  readonly self: BankSelf & { holdings: number; hedgeRatio: number; realisedLoss: number };
  sold: number; // USD bn par, over the run
  lastSaleTick: number;
  started: boolean;
}

/** Ticks after a sale during which a bank counts as selling for the others' herding: one weekly review. */
export const SELLING_WINDOW = 5;

export const isSelling = (book: BankBook, tick: number): boolean => tick - book.lastSaleTick <= SELLING_WINDOW;

/**
 * Settles a bank's sales of a tick: its holdings from the ledger, the loss realised at today's yield (which eats
 * into its loss budget), its running total. Returns whether this is its first sale of the run.
 */
export function settleBankSales(book: BankBook, holdings: number, sold: number, y10: number, tick: number): boolean {
  book.self.holdings = holdings;
  if (!(sold > 0)) return false;
  book.self.realisedLoss += sold * lossPerBn(book.self, y10);
  book.sold += sold; book.lastSaleTick = tick;
  if (book.started) return false;
  book.started = true;
  return true;
}
