// One run: the tick loop of design §3 — timeline → exogenous processes → decide (simultaneous) → clear → settle
// (double entry, invariants) → record. Pure given (scenario, master seed, run index): no clock, no I/O, no
// Math.random; every draw comes from the run's named streams.
import { ModelError, type Action, type Entry, type MarketView, type SimEvent } from '../contracts.js';
import type { Scenario, TimelineEvent } from './scenario/schema.js';
import { RunStreams } from './rng.js';
import { tickOfDate, tradingDates } from './calendar.js';
import { FED_ASSETS, Ledger } from './ledger.js';
import { SERIES, SERIES_INDEX } from './series.js';
import { METRICS, type RunTrace } from './metrics.js';
import { compileModel, type Model } from './model.js';
import { normal, normalTable, studentTUnit } from '../market/random-variates.js';
import { clearYield, stepFundamental } from '../market/treasury-market.js';
import { basisTarget, hedgeCost, stepBasis, stepUsdJpy } from '../market/fx.js';
import { clearBtc } from '../market/crypto-market.js';
import * as T from '../market/dollar-supply.js';
import { cohortDemand, cohortTrade, createInvestors, distributeCash, newcomerArrivals, totals, type Demand } from '../agents/crypto-investors.js';
import { bankSelf, lossPerBn, type BankSelf } from '../agents/japanese-bank.js';
import { buybackBudgetPerTick, scheduledIssuance, type TreasurySelf } from '../agents/us-treasury.js';
import type { FimaSelf } from '../agents/fed-fima.js';
import type { PolicyRegistry, AnyPolicy } from './policies.js';
import { BUILT_IN_POLICIES } from './policies.js';

export interface TimedEvent extends SimEvent {
  readonly tick: number;
  readonly date: string;
}

export interface RunResult {
  readonly dates: readonly string[];
  readonly series: readonly Float64Array[]; // model units, SERIES order, ticks + 1 long
  readonly metrics: Readonly<Record<string, number>>;
  readonly events: readonly TimedEvent[];
}

export interface RunOptions {
  readonly recordEvents?: boolean;
  readonly policies?: PolicyRegistry; // built-ins plus any custom modules
}

const TABLE = normalTable(12);
const NO_EVENTS: readonly TimelineEvent[] = [];

interface BankAgent {
  self: BankSelf & { holdings: number; hedgeRatio: number; realisedLoss: number };
  policy: AnyPolicy;
  params: unknown;
  state: unknown;
  rng: () => number;
  sold: number;
  lastSaleTick: number;
  started: boolean;
}

export function simulate(scenario: Scenario, masterSeed: string, runIndex: number, opts: RunOptions = {}): RunResult {
  const m: Model = compileModel(scenario);
  const registry = opts.policies ?? BUILT_IN_POLICIES;
  const streams = new RunStreams(masterSeed, runIndex);
  const { dates, tickOf } = calendarOf(scenario.start, scenario.ticks);
  const nTicks = scenario.ticks;
  const events: TimedEvent[] = [];
  const record = opts.recordEvents ?? false;
  const emit = (tick: number, e: SimEvent): void => { if (record) events.push({ tick, date: dates[tick], ...e }); };

  // ── agents ────────────────────────────────────────────────────────────────────────────────────────────────
  const bankIds = Object.keys(scenario.banks).sort(); // a fixed, documented visiting order; moves are simultaneous anyway
  const banks: BankAgent[] = bankIds.map((id) => {
    const b = scenario.banks[id];
    const { policy, params } = registry.resolve('bank', b.policy, id);
    const self = { ...bankSelf(id, b) };
    const state = policy.init(params, self, { tickOf });
    return { self, policy, params, state, rng: streams.get(`bank:${id}`), sold: 0, lastSaleTick: -Infinity, started: false };
  });
  const { policy: treasuryPolicy, params: treasuryParams } = registry.resolve('treasury', scenario.treasury.policy, 'treasury');
  const treasuryState = treasuryPolicy.init(treasuryParams, null, { tickOf });
  const treasuryRng = streams.get('treasury');
  const { policy: fimaPolicy, params: fimaParams } = registry.resolve('fima', scenario.fed.policy, 'boj');
  const fimaState = fimaPolicy.init(fimaParams, null, { tickOf });
  const bojRng = streams.get('boj');
  const investors = createInvestors(scenario.crypto);

  // ── ledgers ───────────────────────────────────────────────────────────────────────────────────────────────
  const fb = scenario.fedBalanceSheet;
  const fedAssets0 = fb.treasuries + fb.mbs + fb.otherAssets;
  const banksHeld = bankIds.reduce((s, id) => s + scenario.banks[id].holdings, 0);
  const initial: Record<string, number> = {
    'fed.treasuries': fb.treasuries, 'fed.mbs': fb.mbs, 'fed.fimaRepo': 0, 'fed.otherAssets': fb.otherAssets,
    'fed.reserves': fb.reserves, 'fed.rrp': fb.rrp, 'fed.tga': fb.tga, 'fed.foreignDeposits': fb.foreignDeposits,
    'fed.currency': fb.currency,
    'fed.otherLiabilities': fedAssets0 - (fb.reserves + fb.rrp + fb.tga + fb.foreignDeposits + fb.currency),
    'ust.outstanding': m.outstanding, 'ust.custody': scenario.japan.official, 'ust.soma': fb.treasuries,
    'ust.private': m.outstanding - banksHeld - scenario.japan.official - fb.treasuries,
  };
  for (const id of bankIds) initial[`ust.bank:${id}`] = scenario.banks[id].holdings;
  const ledger = new Ledger(bankIds, initial);
  // the engine reads balances every tick: look each account's slot up once
  const bal = ledger.balance;
  const TGA = ledger.slot('fed.tga'), RRP = ledger.slot('fed.rrp'), RESERVES = ledger.slot('fed.reserves');
  const DEPOSITS = ledger.slot('fed.foreignDeposits'), REPO = ledger.slot('fed.fimaRepo'), CUSTODY = ledger.slot('ust.custody');
  const SOMA = ledger.slot('fed.treasuries'), MBS = ledger.slot('fed.mbs'), OTHER_ASSETS = ledger.slot('fed.otherAssets');
  const FED_ASSET_SLOTS = FED_ASSETS.map((a) => ledger.slot(a));
  const BANK_SLOTS = bankIds.map((id) => ledger.slot(`ust.bank:${id}`));
  const fedAssets = (): number => { // the sum of Ledger.fedAssets(), in the same order
    let sum = 0;
    for (const i of FED_ASSET_SLOTS) sum += bal[i];
    return sum;
  };

  // ── market state ──────────────────────────────────────────────────────────────────────────────────────────
  let fedTop = m.fedTop0, rJpy = m.rJpy0, qtCap = m.qtTreasuryPerTick, fimaCap = m.fimaCap;
  let y10 = m.y10, yStar = m.y10, permanent = 0, overhang = 0, basis = m.basis0, usdjpy = m.usdjpy;
  let price = scenario.crypto.price, btcHigh = price, lastReturn = 0, attention = 1, momentumEma = 0;
  let sentiment = 0, sentimentShift = 0, qtPaused = false, requestActive = false, bojAccepted = false, interventionTick = -1;
  let buybackBudget = 0, jpSalesCum = 0;
  const electionTick = tickOf(scenario.treasury.electionDate);
  const cols = SERIES.map(() => new Float64Array(nTicks + 1));
  const col = (name: string): Float64Array => cols[SERIES_INDEX[name]];
  const y10Col = col('ust10y');
  const newcomerArrived = new Uint8Array(investors.newcomers.n);

  const row = new Float64Array(SERIES.length);
  const recordTick = (t: number): void => {
    const fa = fedAssets(), tga = bal[TGA], rrp = bal[RRP];
    let jpHoldings = 0;
    for (const b of banks) jpHoldings += b.self.holdings;
    row[0] = y10; row[1] = yStar; row[2] = fedTop - m.effrBelowTop; row[3] = hedgeCost(fedTop - m.effrBelowTop, rJpy, basis);
    row[4] = basis; row[5] = usdjpy; row[6] = fa; row[7] = bal[RESERVES]; row[8] = rrp; row[9] = tga; row[10] = bal[DEPOSITS];
    row[11] = fa - tga - rrp; row[12] = bal[REPO]; row[13] = bal[CUSTODY]; row[14] = jpHoldings; row[15] = jpSalesCum; row[16] = price;
    for (let k = 0; k < row.length; k++) {
      if (!Number.isFinite(row[k])) throw new ModelError(t, dates[t], 'recorder', SERIES[k].name, `non-finite value ${row[k]}`);
      cols[k][t] = row[k];
    }
  };
  recordTick(0);

  const ustRng = streams.get('market:ust'), basisRng = streams.get('market:basis'), fxRng = streams.get('market:fx');
  const sentimentRng = streams.get('crypto:sentiment');
  const idioNoise = streams.tychei('crypto:idiosyncratic'), newcomerNoise = streams.tychei('crypto:newcomers');
  const timeline = m.timelineByTick(tickOf);
  const demand: Demand = { num: 0, den: 0 };
  const bankActions: (readonly Action[])[] = new Array(banks.length);
  const sales = new Float64Array(banks.length);
  const postings: { agent: string; quantity: string; entries: Entry[] }[] = [];

  for (let t = 1; t <= nTicks; t++) {
    const date = dates[t];
    // 1. timeline
    const gapBefore = fedTop - m.effrBelowTop - rJpy;
    for (const ev of timeline.get(t) ?? NO_EVENTS) {
      switch (ev.kind) {
        case 'fed-rate': fedTop = ev.top / 100; break;
        case 'boj-rate': rJpy = ev.rate / 100; break;
        case 'qt-cap': qtCap = ev.treasuryPerMonth / 21; break;
        case 'fima-cap': fimaCap = ev.cap; break;
        case 'yield-shock': yStar += ev.bp / 1e4; break;
        case 'basis-shock': basis += ev.bp / 1e4; break;
        case 'sentiment-shock': sentimentShift += ev.weight; break;
        case 'note': break;
      }
      if (record) emit(t, { kind: `timeline:${ev.kind}`, agent: 'timeline', text: describeTimeline(ev) });
    }
    const rUsd = fedTop - m.effrBelowTop;
    // 2. exogenous processes, each from its own stream
    const yTarget = m.y10 + m.policyPassThrough * (fedTop - m.fedTop0);
    yStar = stepFundamental(yStar, yTarget, m.fundamentalDecay, m.fundamentalSd, normal(ustRng));
    const basisShock = normal(basisRng), fxShock = normal(fxRng);
    const sShock = m.sentimentNormal ? normal(sentimentRng) : studentTUnit(sentimentRng, m.sentimentNu);

    // 3. decide: every agent sees the same view (yesterday's market, today's timeline and exogenous draws)
    const repo0 = bal[REPO];
    let banksSelling = 0;
    for (const b of banks) if (t - b.lastSaleTick <= 5) banksSelling++;
    // a fresh view each tick (one object): a policy may keep the view it was given
    const view: MarketView = {
      tick: t, date, ticks: nTicks, y10, y10Rise20: y10 - y10Col[Math.max(0, t - 1 - 20)], yStar, fedTop, rUsd, rJpy,
      basis, hedgeCost: hedgeCost(rUsd, rJpy, basis), usdjpy, reserves: bal[RESERVES],
      netLiquidity: fedAssets() - bal[TGA] - bal[RRP], fimaRepo: repo0, fimaCap,
      custody: bal[CUSTODY], banksSellingShare: banks.length > 0 ? banksSelling / banks.length : 0,
      btcPrice: price, btcReturn: lastReturn, treasuryRequestActive: requestActive, bojAccepted, beforeElection: t < electionTick,
    };
    for (let i = 0; i < banks.length; i++) {
      const b = banks[i];
      bankActions[i] = decideChecked(b.policy, view, b.self, b.params, b.state, b.rng, date, b.self.id);
    }
    const tga0 = bal[TGA];
    const issued = scheduledIssuance(scenario.treasury, tga0, m.deficitPerTick);
    buybackBudget = (t - 1) % 63 === 0 ? buybackBudgetPerTick(scenario.treasury) * 63 : buybackBudget;
    const tSelf: TreasurySelf = { scheduledCouponIssuance: issued.coupons, couponDuration: scenario.treasury.couponDuration,
      billDuration: scenario.treasury.billDuration, buybackBudgetLeft: buybackBudget };
    const treasuryActions = decideChecked(treasuryPolicy, view, tSelf, treasuryParams, treasuryState, treasuryRng, date, 'treasury');
    const fSelf: FimaSelf = { repo: repo0, cap: fimaCap, haircut: m.haircut, custody: bal[CUSTODY], deposits: bal[DEPOSITS] };
    const fimaActions = decideChecked(fimaPolicy, view, fSelf, fimaParams, fimaState, bojRng, date, 'boj');

    // collect orders
    postings.length = 0;
    sales.fill(0);
    let jpSales = 0, jpSales10y = 0, offSchedule10y = 0, buybacks = 0, dollarsSold = 0;
    let absorption = null as null | Extract<Action, { kind: 'absorb' }>['schedule'];
    let repay = 0, repayFromSales = 0;
    const generic = (agent: string, a: Action): void => {
      if (a.kind === 'posting') postings.push({ agent, quantity: a.quantity, entries: [...a.entries] });
      else if (a.kind === 'event') emit(t, a.event);
      else if (a.kind === 'issue-off-schedule') offSchedule10y += a.amount10yEq;
      else throw new ModelError(t, date, agent, a.kind, `action '${a.kind}' is not allowed for this agent`);
    };
    for (let i = 0; i < banks.length; i++) {
      const b = banks[i];
      for (const a of bankActions[i]) {
        if (a.kind === 'sell-treasuries') {
          const amt = Math.min(a.amount, b.self.holdings - sales[i]);
          if (amt > 0) { sales[i] += amt; jpSales += amt; jpSales10y += (amt * b.self.duration) / 8; dollarsSold += amt * (1 - b.self.hedgeRatio); }
        } else if (a.kind === 'cut-hedge') {
          dollarsSold -= (b.self.hedgeRatio - a.newHedgeRatio) * b.self.holdings; // fewer forward dollar sales: buys USD
          emit(t, { kind: 'bank-cuts-hedge', agent: b.self.id, text: `${b.self.id} cuts its hedge ratio to ${a.newHedgeRatio.toFixed(2)} instead of selling`, value: a.newHedgeRatio });
          b.self.hedgeRatio = a.newHedgeRatio;
        } else generic(b.self.id, a);
      }
    }
    for (const a of treasuryActions) {
      if (a.kind === 'request-absorption') { requestActive = a.active; }
      else if (a.kind === 'buyback') { const bb = Math.min(a.amount, buybackBudget); buybacks += bb; buybackBudget -= bb; }
      else generic('treasury', a);
    }
    bojAccepted = false;
    for (const a of fimaActions) {
      if (a.kind === 'absorb') {
        absorption = a.schedule; // submitting a schedule means the BOJ/MoF has accepted the Treasury's request
        bojAccepted = true;
        if (interventionTick < 0) interventionTick = t;
      }
      else if (a.kind === 'repay-repo') { repay = Math.min(a.amount, repo0); repayFromSales = repay * a.fromSalesShare; }
      else generic('boj', a);
    }
    if (repay > 0) { // repayment from deposits is limited by the deposits the BOJ/MoF holds; the rest is sold
      const deposits = bal[DEPOSITS];
      repayFromSales = Math.max(repayFromSales, repay - deposits);
    }
    // Fed: QT pause past the stress threshold, emergency purchases past the yield threshold, cap rule
    if (!qtPaused && view.y10Rise20 >= m.qtPauseRise) { qtPaused = true; emit(t, { kind: 'qt-pause', agent: 'fed', text: 'yield stress: the Fed pauses QT', value: view.y10Rise20 * 1e4 }); }
    else if (qtPaused && view.y10Rise20 < m.qtResumeRise) { qtPaused = false; emit(t, { kind: 'qt-resume', agent: 'fed', text: 'stress has passed: QT resumes' }); }
    if (m.capRule && requestActive && view.y10Rise20 >= m.capRule.rise && fimaCap < m.capRule.newCap) {
      fimaCap = m.capRule.newCap;
      emit(t, { kind: 'fima-cap-raised', agent: 'fed', text: `the Fed lifts the FIMA cap to $${fimaCap}bn per counterparty`, value: fimaCap });
      if (absorption) absorption = { ...absorption, limit: absorption.limit + (m.capRule.newCap - fSelf.cap) };
    }
    const repaySales10y = repayFromSales * m.custodyDuration / 8;
    const buyback10y = buybacks * (scenario.treasury.couponDuration - scenario.treasury.billDuration) / 8;

    // 4. clear: the Treasury market
    const cleared = clearYield({
      yStar, permanentBefore: permanent, overhangBefore: overhang, jpSales, jpSales10y,
      otherSupply10y: offSchedule10y + repaySales10y - buyback10y, absorption, purchases: m.purchases,
    }, m.impact);
    y10 = cleared.y10; permanent = cleared.permanent; overhang = cleared.overhang;

    // dollar supply: every flow as a balanced posting
    const absorbed = cleared.absorbed;
    if (absorbed > 0) {
      postings.push({ agent: 'fima', quantity: 'repo draw', entries: T.repoDraw(absorbed) });
      emit(t, { kind: 'fima-draw', agent: 'boj', text: `the BOJ/MoF absorbs $${absorbed.toFixed(2)}bn of Japanese sales on FIMA repo`, value: absorbed });
    }
    for (let i = 0; i < banks.length; i++) {
      if (sales[i] <= 0) continue;
      const id = banks[i].self.id;
      const toOfficial = jpSales > 0 ? (absorbed * sales[i]) / jpSales : 0;
      if (toOfficial > 0) postings.push({ agent: id, quantity: 'sale to the BOJ/MoF', entries: T.officialPurchaseFromBank(id, toOfficial) });
      if (sales[i] - toOfficial > 0) postings.push({ agent: id, quantity: 'sale to private buyers', entries: T.privatePurchaseFromBank(id, sales[i] - toOfficial) });
    }
    if (absorbed > 0 && m.proceedsToRrpShare > 0) postings.push({ agent: 'money-funds', quantity: 'FIMA proceeds to RRP', entries: T.toRrp(absorbed * m.proceedsToRrpShare) });
    if (repay > 0) {
      postings.push({ agent: 'boj', quantity: 'repo repayment', entries: T.repoRepayment(repay, repayFromSales) });
      emit(t, { kind: 'fima-repay', agent: 'boj', text: `the BOJ/MoF repays $${repay.toFixed(2)}bn of repo ($${repayFromSales.toFixed(2)}bn by selling bonds)`, value: repay });
    }
    if (cleared.purchased > 0) {
      postings.push({ agent: 'fed', quantity: 'emergency purchases', entries: T.fedPurchase(cleared.purchased) });
      emit(t, { kind: 'fed-purchases', agent: 'fed', text: `the Fed buys $${cleared.purchased.toFixed(2)}bn of Treasuries (yield past its threshold)`, value: cleared.purchased });
    }
    if (!qtPaused) {
      const tRun = Math.min(qtCap, bal[SOMA]);
      const mbs = Math.min(m.qtMbsPerTick, bal[MBS]), other = Math.min(m.qtOtherPerTick, bal[OTHER_ASSETS]);
      const fromRrp = Math.min(bal[RRP], (tRun + mbs + other) * m.drainFromRrpShare);
      postings.push({ agent: 'fed', quantity: 'QT runoff', entries: T.qtRunoff(tRun, mbs, other, fromRrp) });
    }
    postings.push({ agent: 'treasury', quantity: 'deficit spending', entries: T.deficitSpending(m.deficitPerTick) });
    postings.push({ agent: 'treasury', quantity: 'scheduled issuance', entries: T.issuance(issued.total) });
    if (buybacks > 0) {
      postings.push({ agent: 'treasury', quantity: 'buyback', entries: T.buyback(buybacks) });
      postings.push({ agent: 'treasury', quantity: 'bills funding the buyback', entries: T.issuance(buybacks) });
    }
    let reservesChange = 0;
    for (const p of postings) for (const e of p.entries) if (e.account === 'fed.reserves') reservesChange += e.delta;

    // FX: basis, hedge cost, USD/JPY
    const rise20 = y10 - y10Col[Math.max(0, t - 20)];
    const repoAfter = repo0 + absorbed - repay;
    basis = stepBasis(basis, basisTarget(m.basis, rise20, repoAfter / m.fimaCap), m.basis, basisShock);
    usdjpy = stepUsdJpy(usdjpy, m.fx, (rUsd - rJpy) - gapBefore, dollarsSold, fxShock);

    // BTC: liquidity channel → funds' cash; newcomers on new highs; targets; clearing; trades
    const inflow = m.liquidityShare * reservesChange;
    const shortfall = distributeCash(investors.funds, inflow);
    const newHigh = price >= btcHigh && t > 1;
    newcomerArrivals(investors.newcomers, newcomerArrived, newHigh, m.arrivalProb, m.newcomerCash, newcomerNoise);
    // attention: investors revise their views more after large moves — a GARCH(1,1)-like variance of the shock
    // scale, v = (1 − a − b) + a·min(9, (r/ref)²) + b·v, bounded so it cannot explode
    attention = (1 - m.attention - m.attentionPersistence) + m.attention * Math.min(9, (lastReturn / m.attentionRef) ** 2) + m.attentionPersistence * attention;
    const scale = Math.sqrt(attention);
    sentiment = sentiment * m.sentimentDecay + m.sentimentSd * scale * sShock;
    momentumEma = momentumEma * m.emaDecay + (1 - m.emaDecay) * lastReturn;
    demand.num = 0; demand.den = 0;
    for (const c of investors.cohorts) {
      let shift = c.loading * (sentiment + sentimentShift);
      if (c.name === 'momentum') shift += m.momentum * momentumEma;
      cohortDemand(c, shift, m.idioSd, m.wMin, m.wMax, idioNoise, TABLE, demand);
    }
    const newPrice = clearBtc(demand.num, demand.den);
    let netCoins = 0;
    for (const c of investors.cohorts) netCoins += cohortTrade(c, newPrice);
    lastReturn = Math.log(newPrice / price);
    price = newPrice;

    // 5. settle: post every flow (each posting must balance), then check the ledgers against each other
    for (const p of postings) ledger.post(p.entries, { tick: t, date, agent: p.agent, quantity: p.quantity });
    ledger.check(t, date);
    if (absorbed > 0) checkRepoLimits(ledger, fimaCap, m.haircut, t, date);
    if (Math.abs(netCoins) > 1e-6 * m.coins) throw new ModelError(t, date, 'crypto-market', 'Σ coins traded', `${netCoins} (should be 0)`);
    for (let i = 0; i < banks.length; i++) {
      const b = banks[i], sold = sales[i];
      b.self.holdings = bal[BANK_SLOTS[i]];
      if (sold > 0) {
        b.self.realisedLoss += sold * lossPerBn(b.self, y10);
        b.sold += sold; b.lastSaleTick = t;
        if (!b.started) { b.started = true; emit(t, { kind: 'bank-starts-selling', agent: b.self.id, text: `${b.self.id} starts selling Treasuries (hedged carry ${((y10 - b.self.hedgeRatio * view.hedgeCost) * 100).toFixed(2)}%)`, value: sold }); }
      }
    }
    jpSalesCum += jpSales;
    if (shortfall > 0) emit(t, { kind: 'crypto-outflow-shortfall', agent: 'funds', text: `liquidity outflow of $${shortfall.toFixed(3)}bn found no cash`, value: shortfall });
    if (price > btcHigh) btcHigh = price;
    // 6. record
    recordTick(t);
  }

  const inv = totals(investors);
  if (inv.minCash < -1e-9) throw new ModelError(nTicks, dates[nTicks], 'crypto-investors', 'cash', `negative cash ${inv.minCash}`);
  const trace: RunTrace = { ticks: nTicks, series: cols, col, banksSold: banks.map((b) => b.sold), interventionTick };
  const metrics: Record<string, number> = {};
  for (const mt of METRICS) metrics[mt.name] = mt.compute(trace);
  return { dates, series: cols, metrics, events };
}

interface RunCalendar {
  readonly dates: readonly string[];
  readonly tickOf: (date: string) => number;
}

// Building the dates walks the calendar day by day through Date and ISO strings, which cost more than a whole run of
// investors: every run of a batch shares one calendar per (start, ticks). The dates array is frozen because it is
// shared by every RunResult.
const calendars = new Map<string, RunCalendar>();

function calendarOf(start: string, ticks: number): RunCalendar {
  const key = `${start}|${ticks}`;
  let cal = calendars.get(key);
  if (!cal) {
    const dates = Object.freeze(tradingDates(start, ticks));
    const cache = new Map<string, number>();
    const tickOf = (date: string): number => {
      let k = cache.get(date);
      if (k === undefined) cache.set(date, (k = tickOfDate(start, date)));
      return k;
    };
    calendars.set(key, (cal = { dates, tickOf }));
  }
  return cal;
}

/** FIMA limits (design §6): repo outstanding ≤ the cap and ≤ (1 − haircut) × custody holdings. */
function checkRepoLimits(ledger: Ledger, cap: number, haircut: number, tick: number, date: string): void {
  const repo = ledger.get('fed.fimaRepo'), custody = ledger.get('ust.custody');
  if (repo > cap * (1 + 1e-12) + 1e-9) throw new ModelError(tick, date, 'fima', 'repo outstanding', `${repo} USD bn above the cap of ${cap}`);
  if (repo > (1 - haircut) * custody * (1 + 1e-12) + 1e-9) {
    throw new ModelError(tick, date, 'fima', 'repo outstanding', `${repo} USD bn above (1 − haircut) × custody = ${(1 - haircut) * custody}`);
  }
}

/**
 * Calls a policy and checks what it returns: a policy that throws, returns something that is not a list of actions,
 * or puts a non-finite number in one, stops the run with an error naming the tick, the agent and the quantity.
 * (No closure per call and no Object.entries per action: this runs for every agent on every tick.)
 */
function decideChecked<S>(
  policy: AnyPolicy, view: MarketView, self: S, params: unknown, state: unknown, rng: () => number, date: string, agent: string,
): readonly Action[] {
  let actions: readonly Action[];
  try {
    actions = policy.decide(view, self, params, state, rng);
  } catch (e) {
    throw new ModelError(view.tick, date, agent, `policy '${policy.name}'`, `the policy threw: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (!Array.isArray(actions)) {
    throw new ModelError(view.tick, date, agent, `policy '${policy.name}'`, `decide() must return an array of actions, got ${typeof actions}`);
  }
  for (const a of actions) {
    for (const k of Object.keys(a)) {
      const v = (a as Record<string, unknown>)[k];
      if (typeof v === 'number' && !Number.isFinite(v)) throw new ModelError(view.tick, date, agent, `${a.kind}.${k}`, `non-finite value ${v}`);
      if (v && typeof v === 'object' && !Array.isArray(v)) {
        for (const k2 of Object.keys(v)) {
          const v2 = (v as Record<string, unknown>)[k2];
          if (typeof v2 === 'number' && Number.isNaN(v2)) throw new ModelError(view.tick, date, agent, `${a.kind}.${k}.${k2}`, `non-finite value ${v2}`);
        }
      }
    }
  }
  return actions;
}

function describeTimeline(ev: TimelineEvent): string {
  switch (ev.kind) {
    case 'fed-rate': return `the Fed sets the top of its target range to ${ev.top}%`;
    case 'boj-rate': return `the BOJ sets its policy rate to ${ev.rate}%`;
    case 'qt-cap': return `the Treasury runoff cap becomes $${ev.treasuryPerMonth}bn a month`;
    case 'fima-cap': return `the FIMA cap becomes $${ev.cap}bn per counterparty`;
    case 'yield-shock': return `a ${ev.bp}bp shock to the fundamental 10y yield`;
    case 'basis-shock': return `a ${ev.bp}bp shock to the cross-currency basis`;
    case 'sentiment-shock': return `a ${ev.weight} shift of crypto target weights`;
    case 'note': return ev.text;
  }
}
