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

export const treasuryPolicySchema = z.discriminatedUnion('name', [stabilise, stabiliseNoFima, passive, customPolicySchema]);
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

const passivePolicy: Policy<{ name: 'passive' }, null, TreasurySelf, null> = { name: 'passive', init: () => null, decide: () => [] };

const stabilisePolicy = stabiliseWith(true), stabiliseNoFimaPolicy = stabiliseWith(false);
export const treasuryPolicies = policyTable<TreasuryPolicyParams, 'treasury'>({
  stabilise: (p) => bindPolicy(stabilisePolicy, p),
  'stabilise-no-fima': (p) => bindPolicy(stabiliseNoFimaPolicy, p),
  passive: (p) => bindPolicy(passivePolicy, p),
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
