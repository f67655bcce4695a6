// The Fed and its FIMA repo facility, with the BOJ/MoF's decision inside it (design §4). QT runs at the scheduled
// cap; when the Treasury asks, the BOJ/MoF accepts with a probability that falls with USD/JPY and rises with the
// carry of borrowing at the facility rate to hold Treasuries; once accepted it absorbs a share of each tick's
// Japanese sales, financed by repo, within the per-counterparty cap (a stock) and the collateral limit.
import { z } from 'zod';
import { bindPolicy, policyTable, type Action, type FimaSelf, type MarketView, type Policy, type SimEvent } from '../contracts.js';
import { customPolicySchema } from './schema-helpers.js';

const standard = z.strictObject({
  name: z.literal('standard'),
  acceptBase: z.number().min(0).max(1).default(0.5).describe('BOJ/MoF acceptance probability at zero carry and a comfortable yen'),
  carrySensitivity: z.number().min(0).max(10).default(0.5).describe('log-odds-like slope per 1% of carry (y10 − facility rate)'),
  fxComfort: z.number().positive().default(150).describe('USD/JPY above which the MoF guards its dollars for intervention'),
  fxSensitivity: z.number().min(0).max(1).default(0.05).describe('acceptance falls by e^(−s·(USDJPY − comfort))'),
  reconsiderEvery: z.number().int().min(1).max(252).default(20).describe('ticks before a refusal is reconsidered'),
  absorbShare: z.number().min(0).max(1).default(0.6).describe('φ: share of each tick’s Japanese sales absorbed'),
  absorbAmount: z.number().min(0).max(10000).nullable().default(null).describe('USD bn the BOJ/MoF commits to absorb over a request once it accepts: Japanese sales first, then bought from other holders at absorbPerTick; null = only the share of Japanese sales, no amount'),
  absorbPerTick: z.number().min(0).max(1000).default(5).describe('USD bn a tick of the committed amount bought from other holders (with absorbAmount set)'),
  absorbAboveYield: z.number().min(0).max(20).default(0).describe('percent: absorption ramps in above this 10y yield'),
  absorbRampBp: z.number().min(0).max(500).default(0).describe('bp: width of the ramp (0 = a step)'),
  repayPerTick: z.number().min(0).max(100).default(3).describe('USD bn of repo repaid per tick once the request ends'),
  repayFromSalesShare: z.number().min(0).max(1).default(0.5).describe('share of repayment funded by selling bonds into the market'),
});
const noFacility = z.strictObject({ name: z.literal('no-facility') });
export const fimaPolicySchema = z.discriminatedUnion('name', [standard, noFacility, customPolicySchema]);
type StandardParams = z.infer<typeof standard>;
export type FimaPolicyParams = z.infer<typeof fimaPolicySchema>;
export type { FimaSelf };

export const fedSchema = z.strictObject({
  policyRateTop: z.number().min(0).max(20).default(5.5).describe('percent: top of the target range at tick 0 (= facility rate)'),
  effrBelowTop: z.number().min(0).max(1).default(0.17).describe('percent: effective fed funds rate below the top'),
  qt: z.strictObject({
    treasuryCapPerMonth: z.number().min(0).max(500).default(25).describe('USD bn'),
    mbsPerMonth: z.number().min(0).max(500).default(15).describe('USD bn'),
    otherPerMonth: z.number().min(0).max(500).default(10).describe('USD bn (other assets running off)'),
    pauseRiseBp: z.number().min(0).max(1000).default(75).describe('bp: QT pauses when the 20-day 10y rise passes this'),
    resumeRiseBp: z.number().min(-1000).max(1000).default(20).describe('bp: QT resumes below this'),
  }).prefault({}),
  emergency: z.strictObject({
    yield: z.number().min(0).max(30).default(6.5).describe('percent: 10y above which the Fed buys Treasuries'),
    slopePerBp: z.number().min(0).max(100).default(1).describe('USD bn bought per bp above the threshold, per tick'),
    maxPerTick: z.number().min(0).max(1000).default(25).describe('USD bn'),
  }).prefault({}),
  fima: z.strictObject({
    capPerCounterparty: z.number().min(0).max(10000).default(60).describe('USD bn of repo outstanding (a stock limit)'),
    haircut: z.number().min(0).max(0.5).default(0.02).describe('repo ≤ (1 − haircut) × custody holdings'),
    capRule: z.strictObject({
      riseBp: z.number().min(0).max(1000).describe('bp: 20-day 10y rise past which, with the Treasury request active, the Fed lifts the cap (for the rest of the run)'),
      newCap: z.number().min(0).max(10000).describe('USD bn'),
    }).nullable().default(null),
  }).prefault({}),
  currencyGrowthPctPerYear: z.number().min(-20).max(50).default(2).describe('percent a year: growth of currency in circulation, paid out of reserves'),
  proceedsToRrpShare: z.number().min(0).max(1).default(0.2).describe('share of new FIMA dollars that money funds park in ON RRP'),
  policy: fimaPolicySchema.prefault({ name: 'standard' }),
});
export type FedParams = z.infer<typeof fedSchema>;

export interface StandardState {
  accepted: boolean;
  repoAtAccept: number; // repo outstanding when it accepted: what it has absorbed since is repo − this
  lastDecision: number; // tick of the last accept/refuse decision, −∞ before any
  absorbAbove: number;
  ramp: number;
}

/** P(accept) = base · e^(k·carry%) · e^(−s·(USDJPY − comfort)⁺), capped at 1; carry = y10 − facility rate. */
export function acceptanceProbability(view: MarketView, p: StandardParams): number {
  const carryPct = (view.y10 - view.fedTop) * 100;
  return Math.min(1, p.acceptBase * Math.exp(p.carrySensitivity * carryPct) * Math.exp(-p.fxSensitivity * Math.max(0, view.usdjpy - p.fxComfort)));
}

/** Headroom for new repo today: the cap minus outstanding, and the collateral rule with the bonds bought as collateral. */
export function repoHeadroom(self: FimaSelf): number {
  const byCap = self.cap - self.repo;
  // buying Q adds Q to custody and Q to repo: repo + Q ≤ (1 − h)(custody + Q)  ⇔  Q ≤ ((1 − h)·custody − repo) / h
  const byCollateral = self.haircut > 0 ? ((1 - self.haircut) * self.custody - self.repo) / self.haircut : Infinity;
  return Math.max(0, Math.min(byCap, byCollateral));
}

const standardPolicy: Policy<StandardParams, StandardState, FimaSelf, null> = {
  name: 'standard',
  init: (p) => ({ accepted: false, repoAtAccept: 0, lastDecision: -Infinity, absorbAbove: p.absorbAboveYield / 100, ramp: p.absorbRampBp / 1e4 }),
  decide(view, self, p, s, rng) {
    const u = rng(); // the BOJ/MoF's own stream, drawn every tick whatever happens
    const out: Action[] = [];
    if (view.treasuryRequestActive) {
      if (!s.accepted && view.tick - s.lastDecision >= p.reconsiderEvery) {
        s.lastDecision = view.tick;
        const prob = acceptanceProbability(view, p);
        s.accepted = u < prob;
        s.repoAtAccept = self.repo;
        out.push({ kind: 'event', event: s.accepted
          ? { kind: 'boj-accepts', agent: 'boj', text: `the BOJ/MoF agrees to absorb Japanese sales through FIMA repo (P(accept) was ${prob.toFixed(2)})`, value: prob }
          : { kind: 'boj-refuses', agent: 'boj', text: `the BOJ/MoF declines (P(accept) was ${prob.toFixed(2)}; USD/JPY ${view.usdjpy.toFixed(1)})`, value: prob } });
      }
      if (s.accepted) {
        // repayment waits for the request to end, so the repo drawn since acceptance is what has been absorbed
        const amountLeft = p.absorbAmount === null ? Infinity : Math.max(0, p.absorbAmount - (self.repo - s.repoAtAccept));
        const market = p.absorbAmount === null ? 0 : Math.min(p.absorbPerTick, amountLeft);
        out.push({ kind: 'absorb', schedule: { share: p.absorbShare, market, amountLeft, limit: Math.min(amountLeft, repoHeadroom(self)), aboveYield: s.absorbAbove, ramp: s.ramp } });
      }
    } else if (s.accepted) {
      s.accepted = false;
      s.lastDecision = -Infinity;
    }
    if (!view.treasuryRequestActive && self.repo > 0) {
      out.push({ kind: 'repay-repo', amount: Math.min(self.repo, p.repayPerTick), fromSalesShare: p.repayFromSalesShare });
    }
    return out;
  },
};

const noFacilityPolicy: Policy<{ name: 'no-facility' }, null, FimaSelf, null> = { name: 'no-facility', init: () => null, decide: () => [] };

export const fimaPolicies = policyTable<FimaPolicyParams, 'fima'>({
  standard: (p) => bindPolicy(standardPolicy, p),
  'no-facility': (p) => bindPolicy(noFacilityPolicy, p),
});

/** The Fed's rules under stress, in model units (design §4). */
export interface FedStressRules {
  readonly qtPauseRise: number; // QT pauses when the 20-day 10y rise reaches this
  readonly qtResumeRise: number; // and resumes once it falls below this
  readonly capRule: { readonly rise: number; readonly newCap: number } | null;
}

/** What the Fed's stress rules change during a run. */
export interface FedStance {
  qtPaused: boolean;
  fimaCap: number;
}

/**
 * The Fed's QT pause (and resumption) and its cap rule: with the Treasury's request active and the 20-day rise past
 * the rule's, the per-counterparty cap is lifted for the rest of the run. Updates `stance`, reports each change
 * through `emit`, and returns whether the cap was lifted today (so today's absorption schedule gets the new headroom).
 */
export function applyFedStressRules(
  stance: FedStance, rules: FedStressRules, y10Rise20: number, requestActive: boolean, emit: (e: SimEvent) => void,
): boolean {
  if (!stance.qtPaused && y10Rise20 >= rules.qtPauseRise) { stance.qtPaused = true; emit({ kind: 'qt-pause', agent: 'fed', text: 'yield stress: the Fed pauses QT', value: y10Rise20 * 1e4 }); }
  else if (stance.qtPaused && y10Rise20 < rules.qtResumeRise) { stance.qtPaused = false; emit({ kind: 'qt-resume', agent: 'fed', text: 'stress has passed: QT resumes' }); }
  const rule = rules.capRule;
  if (rule && requestActive && y10Rise20 >= rule.rise && stance.fimaCap < rule.newCap) {
    stance.fimaCap = rule.newCap;
    emit({ kind: 'fima-cap-raised', agent: 'fed', text: `the Fed lifts the FIMA cap to $${stance.fimaCap}bn per counterparty`, value: stance.fimaCap });
    return true;
  }
  return false;
}
