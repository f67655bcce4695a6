// Japan's Ministry of Finance defending the yen (issue 14 item 3): when USD/JPY breaks the line the MoF has drawn
// and has momentum behind it, the MoF sells dollars for yen. The dollars come first from its deposits at the Fed,
// then from FIMA repo, then from selling Treasuries out of custody (each posted in src/market/dollar-supply.ts);
// the dollars sold enter the USD/JPY step as `dollarsSold`. After each intervention the line moves up to the level
// it intervened at (a ratchet): in the data, the MoF defended 145–152 in Sept–Oct 2022 and 157–162 in Apr–Jul 2024,
// and let USD/JPY trade at 158 in Jan 2025 without intervening.
//
// The MoF is not one of the registry's agent kinds (banks, Treasury, facility): it has no custom-module slot, and
// its policy is looked up here by name. Off by default, so a scenario that does not name it runs as before.
import { z } from 'zod';
import { bindPolicy, type EmitEvent, type Policy, type PolicyContext, type PolicyInstance, type PostingSink } from '../contracts.js';
import { custodySale, dollarSaleFromDeposits, dollarSaleFromRepo } from '../market/dollar-supply.js';

const defendYen = z.strictObject({
  name: z.literal('defend-yen'),
  line: z.number().positive().max(1000).default(145).describe('USD/JPY: the line at the start; after each intervention it moves up to the level intervened at'),
  momentumPct: z.number().min(0).max(100).default(3).describe('percent: rise of USD/JPY over the momentum window that counts as a disorderly move'),
  momentumTicks: z.number().int().min(1).max(252).default(20).describe('ticks of the momentum window'),
  amountPerIntervention: z.number().min(0).max(1000).default(23).describe('USD bn of dollars sold on an intervention day'),
  minGapTicks: z.number().int().min(1).max(252).default(2).describe('ticks between two interventions'),
  actProbability: z.number().min(0).max(1).default(1).describe('probability the MoF acts on a day the trigger holds (its own stream)'),
  useFimaRepo: z.boolean().default(true).describe('draw FIMA repo once the deposits are spent (needs headroom under the cap and collateral rules)'),
});
const off = z.strictObject({ name: z.literal('off') });
export const mofPolicySchema = z.discriminatedUnion('name', [defendYen, off]);
export type MofPolicyParams = z.infer<typeof mofPolicySchema>;
type DefendYenParams = z.infer<typeof defendYen>;

export const mofSchema = z.strictObject({
  policy: mofPolicySchema.prefault({ name: 'off' }),
});
export type MofParams = z.infer<typeof mofSchema>;

/** What the MoF sees of its own dollars (model units, yesterday's close). */
export interface MofSelf {
  readonly deposits: number; // foreign official deposits at the Fed
  readonly repoRoom: number; // new FIMA repo it may draw without buying bonds (cap and collateral rules)
  readonly custody: number; // Treasuries in custody it may sell
}

/** A dollar sale split by its source, in the MoF's pecking order. */
export interface DollarSale {
  readonly fromDeposits: number;
  readonly fromRepo: number;
  readonly fromCustody: number;
}

/** Funds `amount` of dollar sales: deposits first, then FIMA repo (if allowed), then custody sales; never more than
 *  the three together hold. */
export function fundDollarSale(amount: number, self: MofSelf, useRepo: boolean): DollarSale {
  const fromDeposits = Math.min(amount, Math.max(0, self.deposits));
  const fromRepo = useRepo ? Math.min(amount - fromDeposits, Math.max(0, self.repoRoom)) : 0;
  const fromCustody = Math.min(amount - fromDeposits - fromRepo, Math.max(0, self.custody));
  return { fromDeposits, fromRepo, fromCustody };
}

/** The MoF's dollars after the facility's repayment of the day: what its rules may draw on today (model units). */
export interface MofDollars {
  readonly deposits: number; // foreign official deposits, net of the repayment paid from them
  readonly repo: number; // FIMA repo outstanding after the repayment
  readonly custody: number; // Treasuries in custody, net of those sold to repay
  readonly cap: number;
  readonly haircut: number;
}

/** What the MoF's policy sees of itself: custody beyond the repo's collateral, and the repo room. */
export function mofSelf(left: MofDollars): MofSelf {
  return { deposits: left.deposits, custody: left.custody - left.repo / (1 - left.haircut),
    repoRoom: repoRoomWithoutPurchase(left.repo, left.cap, left.haircut, left.custody) };
}

/** The day's dollar sale so far, by source (USD bn): the sum of its `sell-dollars` actions as clipped. */
export interface DollarSaleToday {
  fromDeposits: number;
  fromRepo: number;
  fromCustody: number;
}

/**
 * Adds a `sell-dollars` action to today's sale, each source bounded by what is there after today's other flows:
 * deposits net of the repayment paid from them, repo within the cap and the collateral rule, custody keeping the
 * repo collateralised. Returns the dollars it adds.
 */
export function addDollarSale(a: DollarSale, left: MofDollars, today: DollarSaleToday): number {
  const h = left.haircut;
  const d = Math.min(Math.max(0, a.fromDeposits), Math.max(0, left.deposits - today.fromDeposits));
  const repo = left.repo + today.fromRepo;
  const r = Math.min(Math.max(0, a.fromRepo), repoRoomWithoutPurchase(repo, left.cap, h, left.custody - today.fromCustody));
  const custody = left.custody - today.fromCustody - (repo + r) / (1 - h);
  const c = Math.min(Math.max(0, a.fromCustody), Math.max(0, custody));
  today.fromDeposits += d; today.fromRepo += r; today.fromCustody += c;
  return d + r + c;
}

/** Posts the day's dollar sale by source (docs/model.md §4.9): from deposits, on FIMA repo, and custody Treasuries
 *  sold whose proceeds it then sells. */
export function postDollarSale(sale: DollarSale, postings: PostingSink, emit: EmitEvent): void {
  const d = sale.fromDeposits, r = sale.fromRepo, c = sale.fromCustody;
  if (d > 0) postings.add('mof', 'dollar sale from deposits', dollarSaleFromDeposits(d));
  if (r > 0) postings.add('mof', 'dollar sale on FIMA repo', dollarSaleFromRepo(r));
  if (c > 0) {
    postings.add('mof', 'custody Treasuries sold', custodySale(c));
    postings.add('mof', 'dollar sale of the proceeds', dollarSaleFromDeposits(c));
  }
  emit({ kind: 'mof-sells-dollars', agent: 'mof', text: `the MoF sells $${(d + r + c).toFixed(1)}bn for yen`, value: d + r + c });
}

/** FIMA repo room for a draw that buys no bonds: min(cap − repo, (1 − h)·custody − repo), never below 0. */
export const repoRoomWithoutPurchase = (repo: number, cap: number, haircut: number, custody: number): number =>
  Math.max(0, Math.min(cap - repo, (1 - haircut) * custody - repo));

/** The trigger: USD/JPY at or above the line, up at least `momentum` (log, decimal) over the window. */
export const yenTrigger = (usdjpy: number, usdjpyThen: number, line: number, momentum: number): boolean =>
  usdjpy >= line && Math.log(usdjpy / usdjpyThen) >= momentum;

export interface DefendYenState {
  line: number;
  lastTick: number;
  readonly history: Float64Array; // USD/JPY of the last `momentumTicks` + 1 views, a ring
  seen: number;
}

/** Records today's USD/JPY and returns its level `momentumTicks` views ago (the oldest seen, early in a run). */
export function pushUsdJpy(s: DefendYenState, usdjpy: number): number {
  const n = s.history.length;
  s.history[s.seen % n] = usdjpy;
  s.seen++;
  return s.history[s.seen > n - 1 ? s.seen % n : 0];
}

const defendYenPolicy: Policy<DefendYenParams, DefendYenState, MofSelf, null> = {
  name: 'defend-yen',
  init: (p) => ({ line: p.line, lastTick: -Infinity, history: new Float64Array(p.momentumTicks + 1), seen: 0 }),
  decide(view, self, p, s, rng) {
    const u = rng(); // the MoF's own stream, drawn every tick whatever happens
    const then = pushUsdJpy(s, view.usdjpy);
    if (view.tick - s.lastTick < p.minGapTicks || !yenTrigger(view.usdjpy, then, s.line, p.momentumPct / 100) || u >= p.actProbability) return [];
    const sale = fundDollarSale(p.amountPerIntervention, self, p.useFimaRepo);
    const total = sale.fromDeposits + sale.fromRepo + sale.fromCustody;
    if (total <= 0) return [];
    s.lastTick = view.tick;
    s.line = Math.max(s.line, view.usdjpy);
    return [{ kind: 'sell-dollars', ...sale }, { kind: 'event', event: {
      kind: 'mof-intervenes', agent: 'mof', value: total,
      text: `USD/JPY at ${view.usdjpy.toFixed(1)}, up ${(Math.log(view.usdjpy / then) * 100).toFixed(1)}% in ${p.momentumTicks} days: the MoF sells $${total.toFixed(1)}bn for yen ($${sale.fromDeposits.toFixed(1)}bn deposits, $${sale.fromRepo.toFixed(1)}bn FIMA repo, $${sale.fromCustody.toFixed(1)}bn Treasuries sold)`,
    } }];
  },
};

const offPolicy: Policy<{ name: 'off' }, null, MofSelf, null> = { name: 'off', init: () => null, decide: () => [] };

/** The MoF's policy for one run. */
export function startMof(p: MofPolicyParams, ctx: PolicyContext): PolicyInstance<MofSelf> {
  return p.name === 'off' ? bindPolicy(offPolicy, p).start(null, ctx) : bindPolicy(defendYenPolicy, p).start(null, ctx);
}

