// The official sector with objectives and amounts (issue 14 item 3): the Treasury's stated stress objective, Japan's
// MoF defending the yen, the BOJ/MoF deciding how much to absorb, and the Fed's cap and rate rules. Known values of
// each rule, the MoF's T-accounts through the ledger, knock-outs exact on every series, and the rule against the data.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Ledger } from '../../src/sim/run/ledger.js';
import * as T from '../../src/market/dollar-supply.js';
import type { Account, MarketView } from '../../src/contracts.js';
import { changesSd, stressIndex, treasuryPolicySchema, treasuryPolicies } from '../../src/agents/us-treasury.js';
import { fundDollarSale, repoRoomWithoutPurchase, startMof, yenTrigger, mofPolicySchema } from '../../src/agents/japan-mof.js';
import { applyFedStressRules, fimaPolicySchema, objectiveAmount, rateRuleCut, yenFactor } from '../../src/agents/fed-fima.js';
import { loadScenario } from '../../src/sim/scenario/load.js';
import { simulate, type RunResult } from '../../src/sim/run/engine.js';
import { SERIES, SERIES_INDEX } from '../../src/sim/run/series.js';
import { tradingDaysBetween } from '../../src/sim/calendar.js';

const runs = (ref: string, sets: string[], n: number, seed = '20240618'): RunResult[] => {
  const s = loadScenario(ref, sets).scenario;
  return Array.from({ length: n }, (_, i) => simulate(s, seed, i, { recordEvents: true }));
};
const sameSeries = (a: RunResult[], b: RunResult[]): void =>
  a.forEach((r, i) => SERIES.forEach((sr, k) => expect(Array.from(r.series[k]), `run ${i} ${sr.name}`).toEqual(Array.from(b[i].series[k]))));
const ctx = { tickOf: () => 0, start: '2024-06-18', tradingDaysBetween };
const view = (over: Partial<MarketView>): MarketView => ({
  tick: 1, date: '2024-06-20', ticks: 252, y10: 0.0422, y10Rise20: 0, yStar: 0.0422, fedTop: 0.055, rUsd: 0.0533, rJpy: 0.001,
  basis: -0.003, hedgeCost: 0.055, usdjpy: 157.8, reserves: 3400, netLiquidity: 6000, fimaRepo: 0, fimaCap: 60, custody: 900,
  banksSellingShare: 0, btcPrice: 65000, btcReturn: 0, treasuryRequestActive: false, bojAccepted: false, beforeElection: false,
  treasuryStress: 0, ...over,
});

describe('the Treasury\'s stress objective', () => {
  const p = treasuryPolicySchema.parse({ name: 'stress-objective' });
  if (p.name !== 'stress-objective') throw new Error('schema');
  const st = { levelRef: 0.045, levelScale: 0.005, volRef: 0.0007, volScale: 0.0002 } as Parameters<typeof stressIndex>[4];

  it('the index: level and volatility in units of their scales, doubled before the election', () => {
    expect(stressIndex(0.05, 0.0007, false, p, st)).toBeCloseTo(1, 12); // 50bp above 4.5%, volatility at its reference
    expect(stressIndex(0.045, 0.0009, false, p, st)).toBeCloseTo(1, 12); // 2bp of daily sd above 7bp
    expect(stressIndex(0.0475, 0.0008, true, p, st)).toBeCloseTo(2 * (0.5 + 0.5), 12);
    expect(stressIndex(0.04, 0.0005, false, p, st)).toBeCloseTo(-2, 12);
    expect(changesSd(Float64Array.from([1, 3, 5, 7]), 4)).toBeCloseTo(Math.sqrt(20 / 3), 12);
    expect(changesSd(Float64Array.from([1, 3, 0, 0]), 2)).toBeCloseTo(Math.sqrt(2), 12);
  });

  it('under stress it asks, shifts coupons to bills and buys back; the request ends below the release', () => {
    const pol = treasuryPolicies['stress-objective']({ ...p, requestTicks: 2, windowTicks: 2 }).start(null, ctx);
    const self = { scheduledCouponIssuance: 10, couponDuration: 6, billDuration: 0.25, buybackBudgetLeft: 10 };
    const rng = () => 0.5;
    pol.decide(view({ tick: 1, y10: 0.0475 }), self, rng);
    const calm = pol.decide(view({ tick: 2, y10: 0.0475 }), self, rng); // level 0.5; window not yet full: no volatility stress
    expect(calm.some((x) => x.kind === 'request-absorption')).toBe(false);
    const shift = calm.find((x) => x.kind === 'shift-to-bills');
    expect(shift && shift.kind === 'shift-to-bills' && shift.amount).toBeCloseTo(0.05 * 10, 12);
    const a = pol.decide(view({ tick: 3, y10: 0.0525 }), self, rng); // level 1.5; sd of the changes (0, 50bp) = 35.4bp
    const stress = a.find((x) => x.kind === 'state-stress');
    expect(stress && stress.kind === 'state-stress' && stress.stress).toBeCloseTo(1.5 + (0.005 / Math.SQRT2 - 0.0007) / 0.0002, 9);
    expect(a.some((x) => x.kind === 'request-absorption' && x.active)).toBe(true);
    expect(a.find((x) => x.kind === 'shift-to-bills')).toEqual({ kind: 'shift-to-bills', amount: 0.3 * 10 }); // capped at maxBillShift
    expect(a.find((x) => x.kind === 'buyback')).toEqual({ kind: 'buyback', amount: 10 }); // 1 × stress (15.7), within the quarter's budget
    for (const [tick, y10] of [[4, 0.0525], [5, 0.035], [6, 0.035]] as const) {
      expect(pol.decide(view({ tick, y10 }), self, rng).some((x) => x.kind === 'request-absorption')).toBe(false);
    }
    const end = pol.decide(view({ tick: 7, y10: 0.035 }), self, rng); // flat for two ticks at 3.5%: −2 − 3.5 < 0
    expect(end.some((x) => x.kind === 'request-absorption' && !x.active)).toBe(true);
    expect(end.some((x) => x.kind === 'shift-to-bills' || x.kind === 'buyback')).toBe(false);
  });

  it('zero weights: never a request, and the runs equal the passive Treasury\'s on every series', () => {
    const zero = runs('hayes-stress', ['treasury.policy={"name":"stress-objective","levelWeight":0,"volWeight":0}', 'fed.policy={"name":"objective"}'], 8);
    const passive = runs('hayes-stress', ['treasury.policy={"name":"passive"}', 'fed.policy={"name":"objective"}'], 8);
    for (const r of zero) expect(r.events.filter((e) => e.kind === 'treasury-stabilises')).toEqual([]);
    sameSeries(zero, passive);
  });
});

describe('Japan\'s MoF defends the yen', () => {
  it('funds a sale from deposits, then FIMA repo, then custody', () => {
    expect(fundDollarSale(23, { deposits: 10, repoRoom: 60, custody: 900 }, true)).toEqual({ fromDeposits: 10, fromRepo: 13, fromCustody: 0 });
    expect(fundDollarSale(23, { deposits: 10, repoRoom: 5, custody: 900 }, true)).toEqual({ fromDeposits: 10, fromRepo: 5, fromCustody: 8 });
    expect(fundDollarSale(23, { deposits: 10, repoRoom: 60, custody: 900 }, false)).toEqual({ fromDeposits: 10, fromRepo: 0, fromCustody: 13 });
    expect(fundDollarSale(23, { deposits: 0, repoRoom: 0, custody: 4 }, true)).toEqual({ fromDeposits: 0, fromRepo: 0, fromCustody: 4 });
    expect(repoRoomWithoutPurchase(50, 60, 0.02, 900)).toBe(10);
    expect(repoRoomWithoutPurchase(50, 500, 0.5, 110)).toBe(5);
    expect(yenTrigger(150, 145, 145, 0.03)).toBe(true); // ln(150/145) = 3.39%
    expect(yenTrigger(150, 146, 145, 0.03)).toBe(false); // 2.70%
    expect(yenTrigger(144, 130, 145, 0.03)).toBe(false); // below the line
  });

  it('on the data (DEXJPUS 2015–2026) the rule fires in Oct 2022 and Apr–Jul 2024 and nowhere else', () => {
    const rows = readFileSync(new URL('../../data/DEXJPUS.csv', import.meta.url), 'utf8').trim().split('\n').slice(1)
      .map((l) => l.split(',')).filter(([, v]) => v !== '' && v !== '.').map(([d, v]) => ({ date: d, usdjpy: Number(v) }));
    const p = mofPolicySchema.parse({ name: 'defend-yen' });
    const mof = startMof(p, ctx);
    const months = new Set<string>();
    let n = 0;
    rows.forEach((r, i) => {
      const a = mof.decide(view({ tick: i + 1, date: r.date, usdjpy: r.usdjpy }), { deposits: 1000, repoRoom: 0, custody: 0 }, () => 0.5);
      if (a.some((x) => x.kind === 'sell-dollars')) { months.add(r.date.slice(0, 7)); n++; }
    });
    expect([...months]).toEqual(['2022-10', '2024-04', '2024-05', '2024-07']);
    expect(n).toBe(10); // the MoF intervened on 7 days in these episodes (22 Sep, 21 and 24 Oct 2022; 29 Apr, 1 May, 11 and 12 Jul 2024)
  });

  it('its postings balance and move the right accounts: deposits, repo, or custody to private holders', () => {
    const l = new Ledger([], {
      'fed.treasuries': 4470, 'fed.mbs': 2350, 'fed.otherAssets': 401, 'fed.reserves': 3400, 'fed.rrp': 400, 'fed.tga': 750,
      'fed.foreignDeposits': 10, 'fed.currency': 2340, 'fed.otherLiabilities': 321,
      'ust.outstanding': 27800, 'ust.custody': 900, 'ust.soma': 4470, 'ust.private': 27800 - 900 - 4470,
    });
    const who = { tick: 1, date: '2024-06-20', agent: 'mof', quantity: 'dollar sale' };
    const before = (a: Account): number => l.get(a);
    const r0 = before('fed.reserves'), d0 = before('fed.foreignDeposits'), c0 = before('ust.custody'), p0 = before('ust.private');
    l.post(T.dollarSaleFromDeposits(10), who);
    l.post(T.dollarSaleFromRepo(13), who);
    l.post(T.custodySale(8), who);
    l.post(T.dollarSaleFromDeposits(8), who);
    l.check(1, '2024-06-20');
    expect(l.get('fed.reserves') - r0).toBeCloseTo(23 + 8 - 8 + 0, 12); // 10 + 13 from deposits and repo; custody sales net 0
    expect(l.get('fed.foreignDeposits') - d0).toBeCloseTo(-10, 12);
    expect(l.get('fed.fimaRepo')).toBeCloseTo(13, 12);
    expect(l.get('ust.custody') - c0).toBeCloseTo(-8, 12);
    expect(l.get('ust.private') - p0).toBeCloseTo(8, 12);
  });

  it('in runs: the ledger holds every tick, dollars sold lower USD/JPY, and a zero amount is exactly the rule off', () => {
    const on = runs('hayes-2024', ['japan.mof.policy={"name":"defend-yen"}'], 12);
    const zero = runs('hayes-2024', ['japan.mof.policy={"name":"defend-yen","amountPerIntervention":0}'], 12);
    const off = runs('hayes-2024', [], 12);
    sameSeries(zero, off);
    const fired = on.map((r) => r.events.find((e) => e.kind === 'mof-sells-dollars')); // what was sold, after the engine's checks
    expect(fired.filter(Boolean).length).toBeGreaterThan(3);
    const fx = SERIES_INDEX.usdjpy;
    on.forEach((r, i) => {
      const e = fired[i];
      if (!e) { expect(Array.from(r.series[fx])).toEqual(Array.from(off[i].series[fx])); return; }
      // until the first intervention USD/JPY is the same; on its day it is lower by the flow impact of the sale
      expect(r.series[fx][e.tick - 1]).toBe(off[i].series[fx][e.tick - 1]);
      expect(r.series[fx][e.tick] / off[i].series[fx][e.tick]).toBeCloseTo(Math.exp(-0.0005 * e.value!), 9);
    });
  });

  it('with no deposits and no repo it sells custody Treasuries, which adds to the 10y\'s supply', () => {
    const sets = ['japan.mof.policy={"name":"defend-yen","useFimaRepo":false}', 'fedBalanceSheet.foreignDeposits=0', 'fed.policy={"name":"no-facility"}'];
    const on = runs('hayes-2024', sets, 12), off = runs('hayes-2024', [sets[1], sets[2]], 12);
    const c = SERIES_INDEX.custody, y = SERIES_INDEX.ust10y;
    let checked = 0;
    on.forEach((r, i) => {
      const e = r.events.find((x) => x.kind === 'mof-sells-dollars');
      if (!e) return;
      checked++;
      expect(r.series[c][e.tick - 1] - r.series[c][e.tick]).toBeCloseTo(e.value!, 9);
      expect(r.series[y][e.tick]).toBeGreaterThan(off[i].series[y][e.tick]);
    });
    expect(checked).toBeGreaterThan(3);
  });
});

describe('the BOJ/MoF decides how much to absorb', () => {
  const p = fimaPolicySchema.parse({ name: 'objective' });
  if (p.name !== 'objective') throw new Error('schema');
  it('amount = amountPerStress · stress⁺ · yen factor, within its capacity; absorbAmount overrides', () => {
    expect(yenFactor(150, p)).toBe(1);
    expect(yenFactor(157.5, p)).toBeCloseTo(0.5, 12);
    expect(yenFactor(170, p)).toBe(0);
    expect(objectiveAmount(p, 1.2, 150, 60, 0)).toBeCloseTo(60, 12); // 120 wanted, 60 of headroom
    expect(objectiveAmount(p, 0.4, 157.5, 60, 0)).toBeCloseTo(20, 12);
    expect(objectiveAmount(p, 2, 150, 10, 30)).toBeCloseTo(40, 12); // headroom + what it already absorbed
    expect(objectiveAmount(p, -1, 150, 60, 0)).toBe(0);
    expect(objectiveAmount({ ...p, absorbAmount: 250 }, 0, 170, 0, 0)).toBe(250);
  });

  it('an amount of 0 is exactly the no-facility case; a larger amount absorbs more (a sweep over the amount)', () => {
    const base = ['treasury.policy={"name":"stress-objective"}'];
    const byAmount = [0, 50, 200].map((a) => runs('hayes-stress', [...base, `fed.policy={"name":"objective","absorbAmount":${a}}`, 'fed.fima.capPerCounterparty=500'], 10));
    sameSeries(byAmount[0], runs('hayes-stress', [...base, 'fed.policy={"name":"no-facility"}', 'fed.fima.capPerCounterparty=500'], 10));
    const total = (rs: RunResult[]): number => rs.reduce((s, r) => s + r.metrics.fimaAbsorbed, 0);
    expect(total(byAmount[0])).toBe(0);
    expect(total(byAmount[1])).toBeGreaterThan(0);
    expect(total(byAmount[2])).toBeGreaterThan(total(byAmount[1]));
    for (const r of byAmount[1]) { // the amount is committed per request
      expect(r.metrics.fimaAbsorbed).toBeLessThanOrEqual(50 * r.events.filter((e) => e.kind === 'treasury-stabilises').length + 1e-9);
    }
  });
});

describe('the Fed\'s rules', () => {
  it('the cap raise with whenBinding waits until the facility is fully drawn', () => {
    const rules = { qtPauseRise: 1, qtResumeRise: 0, capRule: { rise: 0.004, newCap: 500, whenBinding: true } };
    const stance = { qtPaused: false, fimaCap: 60 };
    expect(applyFedStressRules(stance, rules, 0.005, true, () => {}, false)).toBe(false);
    expect(stance.fimaCap).toBe(60);
    expect(applyFedStressRules(stance, rules, 0.005, true, () => {}, true)).toBe(true);
    expect(stance.fimaCap).toBe(500);
  });

  it('the market-stress rate rule cuts at meetings when the 10y has risen enough, never below the floor', () => {
    const rule = { cutRise: 0.005, cut: 0.0025, meetingEvery: 32, floor: 0.001 };
    expect(rateRuleCut(rule, 33, 0.006, 0.055)).toBe(0.0025);
    expect(rateRuleCut(rule, 34, 0.006, 0.055)).toBe(0); // not a meeting
    expect(rateRuleCut(rule, 33, 0.004, 0.055)).toBe(0);
    expect(rateRuleCut(rule, 1, 0.006, 0.002)).toBeCloseTo(0.001, 12);
  });

  it('off by default; a rule that never triggers is exactly the path alone; one that does lowers the rate', () => {
    const off = runs('hayes-2024', [], 6);
    sameSeries(runs('hayes-2024', ['fed.rateRule={"name":"market-stress","cutRiseBp":1000}'], 6), off);
    const on = runs('hayes-2024', ['fed.rateRule={"name":"market-stress","cutRiseBp":0,"meetingEvery":1}'], 2);
    const r = SERIES_INDEX.rUsd;
    expect(on[0].series[r][10]).toBeLessThan(off[0].series[r][10]);
  });
});
