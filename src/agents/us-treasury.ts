// The US Treasury (design §4): issues to keep the TGA on its target path, and under `stabilise` reacts to a yield
// spike by asking for FIMA absorption of Japanese sales, shifting coupons to bills and buying back coupons.
import { z } from 'zod';
import { bindPolicy, policyTable, type Action, type MarketView, type Policy, type TreasurySelf } from '../contracts.js';
import { customPolicySchema, isoDateSchema } from './schema-helpers.js';
import { bpToDecimal, pctToDecimal, perQuarterToPerTick } from '../sim/units.js';

const stabiliseParams = {
  triggerRiseBp: z.number().min(0).max(500).default(40).describe('bp: 20-day rise of the 10y that counts as stress'),
  triggerLevel: z.number().min(0).max(20).default(5).describe('percent: 10y level that counts as stress'),
  stressScaleBp: z.number().positive().max(500).default(20).describe('bp of rise (or level) per unit of stress'),
  propensity: z.number().min(0).max(1).default(0.08).describe('daily probability of acting per unit of stress (1 − e^−s)'),
  electionBoost: z.number().min(1).max(10).default(2).describe('propensity multiplier before the election'),
  requestTicks: z.number().int().min(1).max(252).default(40).describe('minimum ticks a request stays active'),
  releaseBelowRiseBp: z.number().min(-500).max(500).default(10).describe('bp: the request ends when the 20-day rise falls below'),
  billShiftShare: z.number().min(0).max(1).default(0.3).describe('share of coupon issuance moved to bills while active'),
  buybackPerTick: z.number().min(0).max(100).default(1).describe('USD bn of coupons bought back per tick while active'),
};
const stabilise = z.strictObject({ name: z.literal('stabilise'), ...stabiliseParams });
const stabiliseNoFima = z.strictObject({ name: z.literal('stabilise-no-fima'), ...stabiliseParams });
const passive = z.strictObject({ name: z.literal('passive') });
const stressObjective = z.strictObject({
  name: z.literal('stress-objective'),
  windowTicks: z.number().int().min(2).max(252).default(20).describe('ticks of 10y history the volatility is measured over'),
  levelRef: z.number().min(0).max(20).default(4.5).describe('percent: the 10y level the Treasury is content with'),
  levelScaleBp: z.number().positive().max(500).default(50).describe('bp above levelRef per unit of level stress'),
  volRefBp: z.number().min(0).max(100).default(7).describe('bp: daily sd of 10y changes the Treasury is content with'),
  volScaleBp: z.number().positive().max(100).default(2).describe('bp of daily sd above volRefBp per unit of volatility stress'),
  levelWeight: z.number().min(0).max(10).default(1).describe('weight of the level in the stress index'),
  volWeight: z.number().min(0).max(10).default(1).describe('weight of the volatility in the stress index'),
  electionWeight: z.number().min(0).max(10).default(2).describe('multiplier of the stress index before the election'),
  requestAt: z.number().positive().max(100).default(1).describe('stress index at which the Treasury asks for FIMA absorption'),
  releaseBelow: z.number().min(-100).max(100).default(0).describe('stress index below which a request ends (after requestTicks)'),
  requestTicks: z.number().int().min(1).max(252).default(40).describe('minimum ticks a request stays active'),
  billShiftPerUnit: z.number().min(0).max(1).default(0.1).describe('share of coupon issuance moved to bills per unit of positive stress'),
  maxBillShift: z.number().min(0).max(1).default(0.3).describe('largest share of coupon issuance moved to bills'),
  buybackPerUnit: z.number().min(0).max(100).default(1).describe('USD bn of coupons bought back per tick per unit of positive stress (within the quarterly budget)'),
});

export const treasuryPolicySchema = z.discriminatedUnion('name', [stabilise, stabiliseNoFima, passive, stressObjective, customPolicySchema]);
export type TreasuryPolicyParams = z.infer<typeof treasuryPolicySchema>;

export const treasurySchema = z.strictObject({
  tgaTarget: z.number().min(0).default(750).describe('USD bn: the TGA target level'),
  tgaAdjustSpeed: z.number().min(0).max(1).default(0.05).describe('share of the TGA gap closed by issuance per tick'),
  deficitPerYear: z.number().min(-5000).max(10000).default(1800).describe('USD bn: spending − taxes, per year'),
  fiscalSdPerTick: z.number().min(0).max(500).default(38.7).describe('USD bn: sd of the daily surprise in spending − taxes (tax days, lumpy outlays), which moves the TGA until issuance closes the gap'),
  couponShare: z.number().min(0).max(1).default(0.75).describe('share of net issuance in coupons (rest bills)'),
  couponDuration: z.number().positive().max(30).default(6).describe('years, average coupon issued'),
  billDuration: z.number().positive().max(1).default(0.25).describe('years'),
  buybackBudgetPerQuarter: z.number().min(0).max(1000).default(30).describe('USD bn (liquidity-support buybacks)'),
  electionDate: isoDateSchema.default('2024-11-05'),
  policy: treasuryPolicySchema.prefault({ name: 'stabilise' }),
});
export type TreasuryParams = z.infer<typeof treasurySchema>;
export type { TreasurySelf };
type StabiliseParams = z.infer<typeof stabilise> | z.infer<typeof stabiliseNoFima>;


export interface StabiliseState {
  readonly triggerRise: number; readonly triggerLevel: number; readonly stressScale: number; readonly release: number;
  active: boolean; activeSince: number;
}

/** Yield stress in units of the scale: positive past either trigger. */
export function yieldStress(view: MarketView, s: StabiliseState): number {
  return Math.max((view.y10Rise20 - s.triggerRise) / s.stressScale, (view.y10 - s.triggerLevel) / s.stressScale);
}

function stabiliseWith(askFima: boolean): Policy<StabiliseParams, StabiliseState, TreasurySelf, null> {
  return {
    name: askFima ? 'stabilise' : 'stabilise-no-fima',
    init: (p) => ({
      triggerRise: bpToDecimal(p.triggerRiseBp), triggerLevel: pctToDecimal(p.triggerLevel),
      stressScale: bpToDecimal(p.stressScaleBp), release: bpToDecimal(p.releaseBelowRiseBp), active: false, activeSince: -1,
    }),
    decide(view, self, p, s, rng) {
      const u = rng(); // every tick, whatever happens (monotone coupling)
      const out: Action[] = [];
      const stress = yieldStress(view, s);
      out.push({ kind: 'state-stress', stress });
      if (!s.active) {
        const prob = stress > 0 ? Math.min(1, p.propensity * (view.beforeElection ? p.electionBoost : 1) * (1 - Math.exp(-stress))) : 0;
        if (u < prob) {
          s.active = true; s.activeSince = view.tick;
          out.push({ kind: 'event', event: { kind: 'treasury-stabilises', agent: 'treasury', text: `10y at ${(view.y10 * 100).toFixed(2)}%, up ${(view.y10Rise20 * 1e4).toFixed(0)}bp in 20 days: the Treasury steps in${askFima ? ' and asks for FIMA absorption of Japanese sales' : ''}`, value: view.y10Rise20 * 1e4 } });
          if (askFima) out.push({ kind: 'request-absorption', active: true });
        }
      } else if (view.tick - s.activeSince >= p.requestTicks && view.y10Rise20 < s.release) {
        s.active = false;
        out.push({ kind: 'event', event: { kind: 'treasury-stands-down', agent: 'treasury', text: 'yield stress has passed: the Treasury ends its request', value: view.y10Rise20 * 1e4 } });
        if (askFima) out.push({ kind: 'request-absorption', active: false });
      }
      if (s.active) {
        const shifted = p.billShiftShare * self.scheduledCouponIssuance;
        if (shifted > 0) out.push({ kind: 'issue-off-schedule', amount10yEq: -shifted * (self.couponDuration - self.billDuration) / 8 });
        const bb = Math.min(p.buybackPerTick, self.buybackBudgetLeft);
        if (bb > 0) out.push({ kind: 'buyback', amount: bb });
      }
      return out;
    },
  };
}

type StressObjectiveParams = z.infer<typeof stressObjective>;

export interface StressObjectiveState {
  readonly levelRef: number; readonly levelScale: number; readonly volRef: number; readonly volScale: number;
  readonly changes: Float64Array; // the last windowTicks daily changes of the 10y (a ring)
  seen: number; lastY10: number;
  active: boolean; activeSince: number;
}

/** The sd of the daily changes seen so far (at most the window's), 0 before two. */
export function changesSd(changes: Float64Array, seen: number): number {
  const n = Math.min(seen, changes.length);
  if (n < 2) return 0;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += changes[i];
  mean /= n;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (changes[i] - mean) ** 2;
  return Math.sqrt(ss / (n - 1));
}

/**
 * The stated stress index: w_L·(y10 − levelRef)/levelScale + w_V·(sd − volRef)/volScale, with sd the sd of the 10y's
 * daily changes over the window, times electionWeight before the election.
 */
export function stressIndex(y10: number, sd: number, beforeElection: boolean, p: StressObjectiveParams, s: StressObjectiveState): number {
  const raw = p.levelWeight * (y10 - s.levelRef) / s.levelScale + p.volWeight * (sd - s.volRef) / s.volScale;
  return raw * (beforeElection ? p.electionWeight : 1);
}

const stressObjectivePolicy: Policy<StressObjectiveParams, StressObjectiveState, TreasurySelf, null> = {
  name: 'stress-objective',
  init: (p) => ({
    levelRef: pctToDecimal(p.levelRef), levelScale: bpToDecimal(p.levelScaleBp), volRef: bpToDecimal(p.volRefBp), volScale: bpToDecimal(p.volScaleBp),
    changes: new Float64Array(p.windowTicks), seen: 0, lastY10: NaN, active: false, activeSince: -1,
  }),
  decide(view, self, p, s, rng) {
    rng(); // drawn every tick (the Treasury's stream stays aligned whichever policy runs)
    if (!Number.isNaN(s.lastY10)) { s.changes[s.seen % s.changes.length] = view.y10 - s.lastY10; s.seen++; }
    s.lastY10 = view.y10;
    const sd = s.seen >= s.changes.length ? changesSd(s.changes, s.seen) : s.volRef; // no volatility stress until the window is full
    // no weight, no stress: a Treasury with both weights 0 never acts, whatever the yields do
    const stress = p.levelWeight === 0 && p.volWeight === 0 ? 0 : stressIndex(view.y10, sd, view.beforeElection, p, s);
    const out: Action[] = [{ kind: 'state-stress', stress }];
    if (!s.active && stress >= p.requestAt) {
      s.active = true; s.activeSince = view.tick;
      out.push({ kind: 'event', event: { kind: 'treasury-stabilises', agent: 'treasury', text: `stress index ${stress.toFixed(2)} (10y ${(view.y10 * 100).toFixed(2)}%, daily sd ${(sd * 1e4).toFixed(1)}bp): the Treasury asks for FIMA absorption`, value: stress } });
      out.push({ kind: 'request-absorption', active: true });
    } else if (s.active && view.tick - s.activeSince >= p.requestTicks && stress < p.releaseBelow) {
      s.active = false;
      out.push({ kind: 'event', event: { kind: 'treasury-stands-down', agent: 'treasury', text: `stress index ${stress.toFixed(2)}: the Treasury ends its request`, value: stress } });
      out.push({ kind: 'request-absorption', active: false });
    }
    if (stress > 0) {
      const shift = Math.min(p.maxBillShift, p.billShiftPerUnit * stress) * self.scheduledCouponIssuance;
      if (shift > 0) out.push({ kind: 'shift-to-bills', amount: shift });
      const bb = Math.min(p.buybackPerUnit * stress, self.buybackBudgetLeft);
      if (bb > 0) out.push({ kind: 'buyback', amount: bb });
    }
    return out;
  },
};

const passivePolicy: Policy<{ name: 'passive' }, null, TreasurySelf, null> = { name: 'passive', init: () => null, decide: () => [] };

const stabilisePolicy = stabiliseWith(true), stabiliseNoFimaPolicy = stabiliseWith(false);
export const treasuryPolicies = policyTable<TreasuryPolicyParams, 'treasury'>({
  stabilise: (p) => bindPolicy(stabilisePolicy, p),
  'stabilise-no-fima': (p) => bindPolicy(stabiliseNoFimaPolicy, p),
  passive: (p) => bindPolicy(passivePolicy, p),
  'stress-objective': (p) => bindPolicy(stressObjectivePolicy, p),
});

/**
 * The scheduled (already priced) issuance of a tick, in model units: the expected deficit plus a share of the gap to
 * the TGA target, and never less than what keeps the TGA from going below zero after today's actual outlays.
 */
export function scheduledIssuance(
  t: TreasuryParams, tga: number, tgaTarget: number, deficitPerTick: number, deficitToday: number,
): { total: number; coupons: number } {
  const total = Math.max(0, deficitPerTick + t.tgaAdjustSpeed * (tgaTarget - tga), deficitToday - tga);
  return { total, coupons: total * t.couponShare };
}

export const buybackBudgetPerTick = (t: TreasuryParams): number => perQuarterToPerTick(t.buybackBudgetPerQuarter);

/** Ticks between buyback budget resets: one quarter, from tick 1. */
export const BUYBACK_QUARTER = 63;

/** The buyback budget left today: a fresh quarter's budget on ticks 1, 64, 127, …; otherwise what is left. */
export const buybackBudgetAt = (t: TreasuryParams, tick: number, left: number): number =>
  (tick - 1) % BUYBACK_QUARTER === 0 ? buybackBudgetPerTick(t) * BUYBACK_QUARTER : left;
