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
const objective = z.strictObject({
  name: z.literal('objective'),
  amountPerStress: z.number().min(0).max(10000).default(100).describe('USD bn the BOJ/MoF is willing to absorb over a request per unit of the Treasury\'s stated stress'),
  yenComfort: z.number().positive().max(1000).default(150).describe('USD/JPY at or below which Japan\'s yen goal does not restrain absorption'),
  yenLimit: z.number().positive().max(1000).default(165).describe('USD/JPY at or above which it absorbs nothing (it keeps its dollars and repo room to defend the yen); linear in between'),
  capacityShare: z.number().min(0).max(1).default(1).describe('share of its capacity (FIMA headroom under the cap and collateral rules, plus what it already absorbed) it is willing to commit'),
  minAmount: z.number().min(0).max(10000).default(1).describe('USD bn: below this the BOJ/MoF declines'),
  reconsiderEvery: z.number().int().min(1).max(252).default(20).describe('ticks between decisions on the amount during a request'),
  absorbAmount: z.number().min(0).max(10000).nullable().default(null).describe('USD bn: an explicit amount that overrides the objective (null: the objective decides)'),
  absorbPerTick: z.number().min(0).max(1000).default(5).describe('USD bn a tick bought from other holders, after Japanese sales, while the amount is not reached'),
  repayPerTick: z.number().min(0).max(100).default(3).describe('USD bn of repo repaid per tick once the request ends'),
  repayFromSalesShare: z.number().min(0).max(1).default(0.5).describe('share of repayment funded by selling bonds into the market'),
});
export const fimaPolicySchema = z.discriminatedUnion('name', [standard, noFacility, objective, customPolicySchema]);
type StandardParams = z.infer<typeof standard>;
type ObjectiveParams = z.infer<typeof objective>;
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
      whenBinding: z.boolean().optional().describe('also require the facility to be fully drawn (repo at the cap at yesterday\'s close): the cap is raised only when it is what stops the absorption'),
    }).nullable().default(null),
  }).prefault({}),
  currencyGrowthPctPerYear: z.number().min(-20).max(50).default(2).describe('percent a year: growth of currency in circulation, paid out of reserves'),
  proceedsToRrpShare: z.number().min(0).max(1).default(0.2).describe('share of new FIMA dollars that money funds park in ON RRP'),
  rateRule: z.strictObject({
    name: z.literal('market-stress'),
    cutRiseBp: z.number().min(0).max(1000).default(50).describe('bp: 20-day 10y rise at a meeting that makes the Fed cut'),
    cutBp: z.number().min(0).max(500).default(25).describe('bp cut per meeting while the trigger holds'),
    meetingEvery: z.number().int().min(1).max(252).default(32).describe('ticks between meetings (8 a year)'),
    floorPct: z.number().min(0).max(20).default(0).describe('percent: the top of the range never goes below this'),
  }).nullable().default(null).describe('an optional policy-rate rule beside the scheduled (or realised) path: its cuts add to the path\'s rate; null = the path alone'),
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

export interface ObjectiveState {
  amount: number; // USD bn committed over this request (0 before a decision or after a refusal)
  repoAtStart: number; // repo outstanding when the request began: absorbed so far = repo − this
  lastDecision: number;
  inRequest: boolean;
}

/** Japan's yen goal as a factor in [0, 1]: 1 at or below yenComfort, 0 at or above yenLimit, linear between. */
export function yenFactor(usdjpy: number, p: Pick<ObjectiveParams, 'yenComfort' | 'yenLimit'>): number {
  if (p.yenLimit <= p.yenComfort) return usdjpy < p.yenLimit ? 1 : 0;
  return Math.min(1, Math.max(0, (p.yenLimit - usdjpy) / (p.yenLimit - p.yenComfort)));
}

/**
 * The amount the BOJ/MoF commits to absorb over a request: the override if set; otherwise
 * min(amountPerStress · stress⁺ · yenFactor, capacityShare · (headroom + absorbed so far)).
 */
export function objectiveAmount(p: ObjectiveParams, stress: number, usdjpy: number, headroom: number, absorbed: number): number {
  if (p.absorbAmount !== null) return p.absorbAmount;
  return Math.min(p.amountPerStress * Math.max(0, stress) * yenFactor(usdjpy, p), p.capacityShare * (headroom + absorbed));
}

const objectivePolicy: Policy<ObjectiveParams, ObjectiveState, FimaSelf, null> = {
  name: 'objective',
  init: () => ({ amount: 0, repoAtStart: 0, lastDecision: -Infinity, inRequest: false }),
  decide(view, self, p, s, rng) {
    rng(); // the BOJ/MoF's stream, drawn every tick (aligned with the other facility policies)
    const out: Action[] = [];
    if (view.treasuryRequestActive) {
      if (!s.inRequest) { s.inRequest = true; s.repoAtStart = self.repo; s.lastDecision = -Infinity; s.amount = 0; }
      const absorbed = Math.max(0, self.repo - s.repoAtStart);
      if (view.tick - s.lastDecision >= p.reconsiderEvery) {
        s.lastDecision = view.tick;
        const amount = objectiveAmount(p, view.treasuryStress, view.usdjpy, repoHeadroom(self), absorbed);
        const before = s.amount;
        s.amount = amount >= p.minAmount ? Math.max(amount, absorbed) : absorbed; // it never un-absorbs while asked
        if (s.amount > absorbed && before <= absorbed) {
          out.push({ kind: 'event', event: { kind: 'boj-accepts', agent: 'boj', value: s.amount, text: `the BOJ/MoF commits to absorbing $${s.amount.toFixed(1)}bn on FIMA repo (Treasury stress ${view.treasuryStress.toFixed(2)}, USD/JPY ${view.usdjpy.toFixed(1)})` } });
        } else if (s.amount <= absorbed && before === 0) {
          out.push({ kind: 'event', event: { kind: 'boj-refuses', agent: 'boj', value: amount, text: `the BOJ/MoF declines: its objective gives $${amount.toFixed(1)}bn (Treasury stress ${view.treasuryStress.toFixed(2)}, USD/JPY ${view.usdjpy.toFixed(1)})` } });
        }
      }
      const amountLeft = Math.max(0, s.amount - absorbed);
      if (amountLeft > 0) {
        out.push({ kind: 'absorb', schedule: { share: 1, market: Math.min(p.absorbPerTick, amountLeft), amountLeft, limit: Math.min(amountLeft, repoHeadroom(self)), aboveYield: 0, ramp: 0 } });
      }
    } else {
      s.inRequest = false;
      if (self.repo > 0) out.push({ kind: 'repay-repo', amount: Math.min(self.repo, p.repayPerTick), fromSalesShare: p.repayFromSalesShare });
    }
    return out;
  },
};

const noFacilityPolicy: Policy<{ name: 'no-facility' }, null, FimaSelf, null> = { name: 'no-facility', init: () => null, decide: () => [] };

export const fimaPolicies = policyTable<FimaPolicyParams, 'fima'>({
  standard: (p) => bindPolicy(standardPolicy, p),
  'no-facility': (p) => bindPolicy(noFacilityPolicy, p),
  objective: (p) => bindPolicy(objectivePolicy, p),
});

/** The Fed's rules under stress, in model units (design §4). */
export interface FedStressRules {
  readonly qtPauseRise: number; // QT pauses when the 20-day 10y rise reaches this
  readonly qtResumeRise: number; // and resumes once it falls below this
  readonly capRule: { readonly rise: number; readonly newCap: number; readonly whenBinding?: boolean } | null;
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
  stance: FedStance, rules: FedStressRules, y10Rise20: number, requestActive: boolean, emit: (e: SimEvent) => void, capBinding = false,
): boolean {
  if (!stance.qtPaused && y10Rise20 >= rules.qtPauseRise) { stance.qtPaused = true; emit({ kind: 'qt-pause', agent: 'fed', text: 'yield stress: the Fed pauses QT', value: y10Rise20 * 1e4 }); }
  else if (stance.qtPaused && y10Rise20 < rules.qtResumeRise) { stance.qtPaused = false; emit({ kind: 'qt-resume', agent: 'fed', text: 'stress has passed: QT resumes' }); }
  const rule = rules.capRule;
  if (rule && requestActive && y10Rise20 >= rule.rise && stance.fimaCap < rule.newCap && (!rule.whenBinding || capBinding)) {
    stance.fimaCap = rule.newCap;
    emit({ kind: 'fima-cap-raised', agent: 'fed', text: `the Fed lifts the FIMA cap to $${stance.fimaCap}bn per counterparty`, value: stance.fimaCap });
    return true;
  }
  return false;
}

/** The optional market-stress policy-rate rule, in model units. */
export interface RateRule {
  readonly cutRise: number; // decimal 20-day 10y rise
  readonly cut: number; // decimal
  readonly meetingEvery: number;
  readonly floor: number; // decimal top of the range
}

/**
 * The market-stress rate rule: at a meeting (every `meetingEvery` ticks from tick 1), if the 20-day 10y rise is at
 * least `cutRise`, the Fed cuts the top of its range by `cut`, never below the floor. Returns the cut (≥ 0) decided
 * today; it takes effect from the next tick, on top of the scheduled or realised path.
 */
export function rateRuleCut(rule: RateRule, tick: number, y10Rise20: number, fedTop: number): number {
  if ((tick - 1) % rule.meetingEvery !== 0 || y10Rise20 < rule.cutRise) return 0;
  return Math.max(0, Math.min(rule.cut, fedTop - rule.floor));
}
