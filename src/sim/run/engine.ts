// One run: the tick loop of design §3 — timeline → exogenous processes → decide (simultaneous) → clear → settle
// (double entry, invariants) → record. Pure given (scenario, master seed, run index): no clock, no I/O, no
// Math.random; every draw comes from the run's named streams.
import { ModelError, type Account, type Action, type BankSelf, type EmitEvent, type FimaSelf, type MarketView, type PolicyContext, type PolicyInstance, type PolicyRegistry, type SimEvent, type TreasurySelf, type Uniform } from '../../contracts.js';
import type { Scenario, TimelineEvent } from '../scenario/schema.js';
import { RunStreams, type TycheiState } from '../rng.js';
import { calendarOf } from './run-calendar.js';
import { tradingDaysBetween } from '../calendar.js';
import { checkRepoLimits, decideChecked } from './run-checks.js';
import { describeTimeline } from './timeline.js';
import { CRYPTO_DEPOSITS, FED_ASSETS, Ledger } from './ledger.js';
import { DayPostings } from './day-postings.js';
import { SERIES, SERIES_INDEX } from './series.js';
import { METRICS, type RunTrace } from './metrics.js';
import { compileModel, type Model } from './model.js';
import { normal, normalTable, studentTUnit } from '../../market/random-variates.js';
import { clearYield, type YieldClearing } from '../../market/treasury-market.js';
import { applySurprise, expectedAverage, shortEnd, stepPath, type RatePath } from '../../market/rates.js';
import { basisTarget, hedgeCost, stepBasis, stepUsdJpy } from '../../market/fx.js';
import { clearBtc } from '../../market/crypto-market.js';
import * as T from '../../market/dollar-supply.js';
import { createLiquidityChannel, type LiquidityChannel } from '../../market/liquidity-channel.js';
import { btcTrades, depositsFollowReserves, toCryptoHolder, type CryptoHolder } from '../../market/crypto-flows.js';
import { createEtf, etfFlow, type Etf } from '../../agents/etf.js';
import { createStablecoins, stablecoinDeposits, type StablecoinStep, type Stablecoins } from '../../agents/stablecoins.js';
import { checkCryptoDollars, payNewDollars, stablecoinFlows, type DepositSlots } from '../../agents/crypto-deposits.js';
import { createSwitching, prepareSwitching, switchingDemand, type Switching } from '../../agents/strategy-switching.js';
import { billsFromRrp, rrpToRepo, stepBillSpread, type MoneyFundState } from '../../agents/money-funds.js';
import { clearRepoMarket, repoSpread, type RepoLenders, type RepoMarketState } from '../../market/reserves.js';
import { initialCommonFactors, stepCommonFactors, type CommonFactors } from '../../agents/crypto-sentiment.js';
import { cohortDemand, cohortTrade, createInvestors, newcomerArrivals, type Demand, type Investors, type TradeTotals } from '../../agents/crypto-investors.js';
import { announcedProgramme, bankSelf, isSelling, programmeWindowState, settleBankSales, type BankBook } from '../../agents/japanese-bank.js';
import { buybackBudgetAt, scheduledIssuance } from '../../agents/us-treasury.js';
import { applyFedStressRules, rateRuleCut, repoHeadroom, type FedStance } from '../../agents/fed-fima.js';
import { addDollarSale, mofSelf, postDollarSale, startMof, type DollarSaleToday, type MofSelf } from '../../agents/japan-mof.js';
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
  /** Agent-level series (RunOptions.agentSeries), ticks + 1 long, model units: per bank (id order) its Treasury
   *  holdings, the sales it made that tick (USD bn) and its hedge ratio; per crypto cohort its cash (USD bn) and
   *  coins (BTC). */
  readonly agents?: AgentSeries;
}

export interface AgentSeries {
  readonly banks: readonly { readonly id: string; readonly holdings: Float64Array; readonly sales: Float64Array; readonly hedgeRatio: Float64Array }[];
  readonly cohorts: readonly { readonly name: string; readonly cash: Float64Array; readonly coins: Float64Array }[];
}

export interface RunOptions {
  readonly recordEvents?: boolean;
  readonly policies?: PolicyRegistry; // built-ins plus any custom modules
  /** Also record the agent-level series (RunResult.agents); off by default (a batch asks for it with --series all). */
  readonly agentSeries?: boolean;
  /** Called after each tick's settle (tests, docs): the ledger's balances and the crypto agents' state. */
  readonly probe?: (t: number, balance: (account: Account) => number, crypto: CryptoProbe) => void;
}

export interface CryptoProbe {
  readonly price: number;
  readonly etfCoins: number; readonly etfFlow: number; readonly etfCumFlow: number;
  readonly stablecoinSupply: number; readonly stablecoinBills: number; readonly stablecoinRrp: number;
  readonly cohortCash: readonly number[]; // Σ cash of each cohort, COHORTS order
}

const TABLE = normalTable(12);
/** The deposit holders of the BTC trades posting, in CRYPTO_DEPOSITS order. */
const HOLDERS: readonly CryptoHolder[] = ['funds', 'momentum', 'holders', 'newcomers', 'etf', 'stablecoins'];
const NO_EVENTS: readonly TimelineEvent[] = [];

interface BankAgent extends BankBook {
  readonly policy: PolicyInstance<BankSelf>;
  readonly rng: Uniform;
}

/** A policy bound to its parameters and its state for this run, with its stream. */
interface Bound<Self> {
  readonly policy: PolicyInstance<Self>;
  readonly rng: Uniform;
}

type Absorption = Extract<Action, { kind: 'absorb' }>['schedule'];

export function simulate(scenario: Scenario, masterSeed: string, runIndex: number, opts: RunOptions = {}): RunResult {
  const run = new Run(scenario, masterSeed, runIndex, opts);
  for (let t = 1; t <= scenario.ticks; t++) run.tick(t);
  return run.result();
}

/**
 * The state of one run and its tick, one method per phase of design §3. (A class rather than one long function with
 * closures: V8 compiles each phase on its own, which takes a few milliseconds instead of the ~1 s of CPU that one
 * 400-line function cost on every worker thread of a batch before it ran at full speed.)
 */
class Run {
  private readonly m: Model;
  private readonly nTicks: number;
  private readonly dates: readonly string[];
  private readonly record: boolean;
  private readonly events: TimedEvent[] = [];
  private readonly treasuryParams: Scenario['treasury'];

  // agents
  private readonly banks: BankAgent[];
  private readonly treasury: Bound<TreasurySelf>;
  private readonly fima: Bound<FimaSelf>;
  private readonly mof: Bound<MofSelf>;
  private readonly investors: Investors;
  private readonly newcomerArrived: Uint8Array;
  private readonly emitToday: EmitEvent; // today's events, from the agents' and markets' own rules
  private tickNow = 0;

  // ledgers, and the slots of the accounts the engine reads every tick
  private readonly ledger: Ledger;
  private readonly bal: Float64Array;
  private readonly TGA: number; private readonly RRP: number; private readonly RESERVES: number;
  private readonly DEPOSITS: number; private readonly REPO: number; private readonly CUSTODY: number;
  private readonly SOMA: number; private readonly MBS: number; private readonly OTHER_ASSETS: number; private readonly CURRENCY: number;
  private readonly SRF: number;
  private readonly fedAssetSlots: number[];
  private readonly bankSlots: number[];

  // streams
  private readonly ustRng: Uniform; private readonly basisRng: Uniform; private readonly fxRng: Uniform;
  private readonly sentimentRng: Uniform; private readonly fiscalRng: Uniform; private readonly slopeRng: Uniform;
  private readonly idioNoise: TycheiState[]; // one stream per cohort, so a cohort's size never shifts another's draws
  private readonly newcomerNoise: TycheiState;
  private readonly switching: Switching; // the momentum cohort's chartists and fundamentalists
  private readonly liquidity: LiquidityChannel;
  // crypto on the ledger (issue 15 item 2): the ETFs, the stablecoin issuers, the deposit slots, the check's constant
  private readonly etf: Etf;
  private readonly stable: Stablecoins;
  private readonly stableStep: StablecoinStep = { issued: 0, bills: 0, rrp: 0 };
  private readonly deposits: DepositSlots; // the crypto side's deposit accounts in the ledger
  private readonly depositsLessReserves: number; // banks' other net assets: Δdeposits = Δreserves, every tick
  private readonly tradePaid: number[];
  private readonly probe: RunOptions['probe'];
  private channelShortfall = 0;

  private readonly timeline: Map<number, TimelineEvent[]>;
  private readonly electionTick: number;
  private readonly cols: Float64Array[];
  private readonly y10Col: Float64Array;
  private readonly row = new Float64Array(SERIES.length);
  private agentCols: AgentSeries | null = null;

  // market state
  private fedTop: number; private rJpy: number; private qtCap: number;
  private readonly fed: FedStance; // QT paused, the FIMA cap: changed by the timeline and the Fed's stress rules
  private y10: number; private yStar: number; private permanent = 0; private overhang = 0;
  // the 10y's parts (issue 14 item 1): the expected short-rate path, the term premium at tick 0, a decaying premium
  // shock (yield-shock events), the announced duration supply (10y-eq USD bn), the policy rate's gap to the short end
  private readonly rates: RatePath; private readonly tp0: number; private tpShock = 0; private announced = 0;
  private gapRef: number; private rUsdPrev: number;
  private readonly programmes: { bank: number; fromTick: number; toTick: number; perTick: number; ratio10y: number; inRun: boolean }[] = [];
  private readonly qtRatio10y: number; // 10y-eq per USD bn of QT runoff the Treasury refinances in the market
  private basis: number; private usdjpy: number;
  private price: number; private btcHigh: number; private lastReturn = 0;
  private readonly mood: CommonFactors = initialCommonFactors();
  private readonly funds: MoneyFundState; // the money funds' bill spread
  private readonly repo: RepoMarketState; // the repo rate minus IORB after today's flows (reserves.ts)
  private readonly repoLenders: RepoLenders; // the money funds' side of the repo market
  private treasuryStress = 0; private rateRuleCuts = 0; // the Treasury's stated stress; the rate rule's cuts so far
  private requestActive = false; private bojAccepted = false; private interventionTick = -1; private requestTick = -1;
  private buybackBudget = 0; private jpSalesCum = 0; private absorbedCum = 0; private capBoundTicks = 0; private tgaTarget: number; private deficitToday = 0;

  // today's orders, collected by decide() and reset each tick
  private readonly bankActions: (readonly Action[])[];
  private readonly sales: Float64Array;
  private readonly day = new DayPostings();
  private readonly demand: Demand = { num: 0, den: 0 };
  private readonly trades: TradeTotals = { bought: 0, coins: 0, minCash: Infinity };
  private jpSales = 0; private jpSales10y = 0; private offSchedule10y = 0; private buybacks = 0; private dollarsSold = 0;
  private absorption: Absorption | null = null;
  private billShift = 0; // coupons issued as bills today (the Treasury's bill/coupon mix)
  private readonly mofSale: DollarSaleToday = { fromDeposits: 0, fromRepo: 0, fromCustody: 0 }; // the MoF's dollar sale today, by source
  private repay = 0; private repayFromSales = 0;
  private parkedInRrp = 0; // FIMA dollars money funds have parked in the RRP and not yet taken back

  constructor(scenario: Scenario, masterSeed: string, runIndex: number, opts: RunOptions) {
    const m = (this.m = compileModel(scenario));
    const registry = opts.policies ?? BUILT_IN_POLICIES;
    const streams = new RunStreams(masterSeed, runIndex);
    const { dates, tickOf } = calendarOf(scenario.start, scenario.ticks);
    this.dates = dates;
    this.nTicks = scenario.ticks;
    this.record = opts.recordEvents ?? false;
    this.probe = opts.probe;
    this.treasuryParams = scenario.treasury;
    const ctx: PolicyContext = { tickOf, start: scenario.start, tradingDaysBetween };

    // ── agents ──────────────────────────────────────────────────────────────────────────────────────────────
    const bankIds = Object.keys(scenario.banks).sort(); // a fixed, documented visiting order; moves are simultaneous anyway
    this.banks = bankIds.map((id) => {
      const b = scenario.banks[id];
      const self = { ...bankSelf(id, b) };
      const policy = registry.resolve('bank', b.policy, id).start(self, ctx);
      return { self, policy, rng: streams.get(`bank:${id}`), sold: 0, lastSaleTick: -Infinity, started: false };
    });
    this.treasury = { policy: registry.resolve('treasury', scenario.treasury.policy, 'treasury').start(null, ctx), rng: streams.get('treasury') };
    this.fima = { policy: registry.resolve('fima', scenario.fed.policy, 'boj').start(null, ctx), rng: streams.get('boj') };
    this.mof = { policy: startMof(scenario.japan.mof.policy, ctx), rng: streams.get('mof') };
    this.investors = createInvestors(scenario.crypto);
    this.newcomerArrived = new Uint8Array(this.investors.newcomers.n);
    this.liquidity = createLiquidityChannel(scenario.crypto.liquidity);
    this.switching = createSwitching(scenario.crypto.cohorts.momentum.switching, scenario.crypto.cohorts.momentum.count, scenario.crypto.price);

    // ── ledgers ─────────────────────────────────────────────────────────────────────────────────────────────
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
    // crypto's dollars (issue 15 item 2): each cohort's cash is its deposits; the stablecoin issuers hold bills (out
    // of private holdings), a claim on the ON RRP (a part of it) and deposits; every other depositor is dep.rest
    const sc = scenario.crypto;
    this.etf = createEtf(sc.etf, sc.etf.launch <= scenario.start ? 0 : tickOf(sc.etf.launch));
    this.stable = createStablecoins(sc.stablecoins, sc.price, fb.rrp);
    initial['ust.stablecoins'] = this.stable.bills;
    initial['ust.private'] -= this.stable.bills;
    let cryptoDeposits = 0;
    this.investors.cohorts.forEach((c, k) => { initial[CRYPTO_DEPOSITS[k]] = c.cashSum; cryptoDeposits += c.cashSum; });
    initial['dep.crypto:etf'] = 0;
    initial['dep.crypto:stablecoins'] = stablecoinDeposits(this.stable);
    cryptoDeposits += initial['dep.crypto:stablecoins'];
    initial['dep.total'] = sc.liquidity.deposits;
    initial['dep.rest'] = sc.liquidity.deposits - cryptoDeposits;
    const ledger = (this.ledger = new Ledger(bankIds, initial));
    this.bal = ledger.balance;
    this.TGA = ledger.slot('fed.tga'); this.RRP = ledger.slot('fed.rrp'); this.RESERVES = ledger.slot('fed.reserves');
    this.DEPOSITS = ledger.slot('fed.foreignDeposits'); this.REPO = ledger.slot('fed.fimaRepo'); this.CUSTODY = ledger.slot('ust.custody');
    this.SOMA = ledger.slot('fed.treasuries'); this.MBS = ledger.slot('fed.mbs'); this.OTHER_ASSETS = ledger.slot('fed.otherAssets');
    this.CURRENCY = ledger.slot('fed.currency'); this.SRF = ledger.slot('fed.srf');
    this.fedAssetSlots = FED_ASSETS.map((a) => ledger.slot(a));
    this.bankSlots = bankIds.map((id) => ledger.slot(`ust.bank:${id}`));
    const depSlots = CRYPTO_DEPOSITS.map((a) => ledger.slot(a)); // the cohorts (COHORTS order), etf, stablecoins
    this.deposits = {
      balance: this.bal, cohorts: depSlots.slice(0, this.investors.cohorts.length), etf: ledger.slot('dep.crypto:etf'),
      stablecoins: ledger.slot('dep.crypto:stablecoins'), rest: ledger.slot('dep.rest'), total: ledger.slot('dep.total'), reserves: this.RESERVES,
    };
    this.depositsLessReserves = this.bal[this.deposits.total] - this.bal[this.RESERVES];
    this.tradePaid = new Array(CRYPTO_DEPOSITS.length).fill(0);

    // ── market state ────────────────────────────────────────────────────────────────────────────────────────
    this.fedTop = m.fedTop0; this.rJpy = m.rJpy0; this.qtCap = m.qtTreasuryPerTick; this.fed = { qtPaused: false, fimaCap: m.fimaCap };
    this.emitToday = (e) => this.emit(this.tickNow, e);
    this.tgaTarget = scenario.treasury.tgaTarget;
    this.funds = { spread: m.moneyFunds.anchor };
    this.repo = { spread: repoSpread(m.reserveCurve, fb.reserves) };
    this.repoLenders = (premiumBp, rrpLeft) => rrpToRepo(m.moneyFunds, premiumBp, rrpLeft);
    this.rates = { ...m.ratePath0 };
    this.tp0 = m.y10 - expectedAverage(this.rates, m.rates.kappa, 10);
    this.rUsdPrev = m.fedTop0 - m.effrBelowTop; this.gapRef = this.rUsdPrev - shortEnd(this.rates);
    this.qtRatio10y = ((1 - m.billShare) * scenario.treasury.couponDuration + m.billShare * scenario.treasury.billDuration) / 8;
    for (let i = 0; i < this.banks.length; i++) {
      const p = announcedProgramme(scenario.banks[bankIds[i]].policy);
      if (!p) continue;
      const w = programmeWindowState(p, ctx);
      // a window that opened on or before the start is in the opening yield already; a later one is priced when it opens
      if (w.perTick > 0) this.programmes.push({ bank: i, ...w, ratio10y: this.banks[i].self.duration / 8, inRun: p.from > scenario.start });
    }
    this.y10 = m.y10; this.yStar = m.y10; this.basis = m.basis0; this.usdjpy = m.usdjpy;
    this.price = scenario.crypto.price; this.btcHigh = this.price;
    this.electionTick = tickOf(scenario.treasury.electionDate);
    this.cols = SERIES.map(() => new Float64Array(this.nTicks + 1));
    this.y10Col = this.cols[SERIES_INDEX.ust10y];
    this.bankActions = new Array(this.banks.length);
    this.sales = new Float64Array(this.banks.length);
    // the spot ETF is a holder of coins beside the cohorts (its cash is always 0 overnight): recorded as one more row
    if (opts.agentSeries) this.agentCols = newAgentSeries(this.banks.map((b) => b.self.id), [...this.investors.cohorts.map((c) => c.name), 'etf'], this.nTicks + 1);
    this.recordTick(0);

    this.ustRng = streams.get('market:ust'); this.basisRng = streams.get('market:basis'); this.fxRng = streams.get('market:fx');
    this.sentimentRng = streams.get('crypto:sentiment'); this.fiscalRng = streams.get('treasury:fiscal');
    this.slopeRng = streams.get('market:rates:slope');
    this.idioNoise = this.investors.cohorts.map((c) => streams.tychei(`crypto:idiosyncratic:${c.name}`));
    this.newcomerNoise = streams.tychei('crypto:newcomers');
    this.timeline = m.timelineByTick(tickOf);
  }

  tick(t: number): void {
    const m = this.m, date = this.dates[t];
    this.tickNow = t;
    // 1. timeline
    const gapBefore = this.fedTop - m.effrBelowTop - this.rJpy;
    this.applyTimeline(t);
    const rUsd = this.fedTop - m.effrBelowTop;
    // 2. exogenous processes, each from its own stream: news moves the expected short-rate path, then a policy-rate
    // change the path did not expect moves it (a surprise); programmes announced today enter the duration supply
    stepPath(this.rates, m.rates, normal(this.ustRng), normal(this.slopeRng));
    if (rUsd !== this.rUsdPrev) this.policySurprise(t, rUsd);
    this.tpShock *= m.rates.levelDecay;
    this.announceProgrammes(t);
    this.stepYStar();
    const basisShock = normal(this.basisRng), fxShock = normal(this.fxRng);
    const sShock = m.sentimentNormal ? normal(this.sentimentRng) : studentTUnit(this.sentimentRng, m.sentimentNu);
    this.deficitToday = m.deficitPerTick + m.fiscalSd * normal(this.fiscalRng); // the fiscal surprise moves the TGA
    // 3. decide: every agent sees the same view (yesterday's market, today's timeline and exogenous draws)
    const repo0 = this.bal[this.REPO];
    const view = this.view(t, date, rUsd);
    const issued = this.decide(view, date);
    const qtWasPaused = this.fed.qtPaused;
    this.fedRules(t, view.y10Rise20, view.fimaRepo);
    if (this.fed.qtPaused !== qtWasPaused) { // a pause (or resumption) decided today is priced today
      this.announceQt(t, qtWasPaused ? this.qtCap : 0, this.fed.qtPaused ? 0 : this.qtCap);
      this.stepYStar();
    }
    // 4. clear the Treasury market, post the dollar flows, move FX, clear BTC
    const cleared = this.clearTreasury();
    this.collectFlows(t, cleared, issued);
    const reservesChange = this.day.reservesToDeposits; // new (drained) dollars of the other depositors, repo market included
    const rise20 = this.y10 - this.y10Col[Math.max(0, t - 20)];
    const repoAfter = repo0 + cleared.absorbed + cleared.bought + this.mofSale.fromRepo - this.repay;
    this.basis = stepBasis(this.basis, basisTarget(m.basis, rise20, m.fimaCap > 0 ? repoAfter / m.fimaCap : 0), m.basis, basisShock);
    this.usdjpy = stepUsdJpy(this.usdjpy, m.fx, (rUsd - this.rJpy) - gapBefore, this.dollarsSold, fxShock);
    this.day.add('banks', 'deposits follow reserves', depositsFollowReserves(reservesChange));
    const shortfall = payNewDollars(this.liquidity, reservesChange, this.investors, this.deposits, this.day);
    const trades = this.crypto(t, sShock);
    // 5. settle: post every flow (each posting must balance), then check the ledgers against each other
    this.settle(t, date, view, cleared.absorbed + cleared.bought + this.mofSale.fromRepo, trades);
    if (shortfall > 0) this.emit(t, { kind: 'crypto-outflow-shortfall', agent: 'crypto', text: `liquidity outflow of $${shortfall.toFixed(3)}bn found no cash`, value: shortfall });
    if (this.price > this.btcHigh) this.btcHigh = this.price;
    if (this.probe) this.probeTick(t);
    // 6. record
    this.recordTick(t);
  }

  result(): RunResult {
    const n = this.nTicks;
    const cols = this.cols;
    const trace: RunTrace = {
      ticks: n, series: cols, col: (name) => cols[SERIES_INDEX[name]], banksSold: this.banks.map((b) => b.sold), requestTick: this.requestTick, interventionTick: this.interventionTick,
      absorbed: this.absorbedCum, capBoundTicks: this.capBoundTicks,
    };
    const metrics: Record<string, number> = {};
    for (const mt of METRICS) metrics[mt.name] = mt.compute(trace);
    return { dates: this.dates, series: cols, metrics, events: this.events, ...(this.agentCols ? { agents: this.agentCols } : {}) };
  }

  private emit(tick: number, e: SimEvent): void {
    if (this.record) this.events.push({ tick, date: this.dates[tick], ...e });
  }

  private applyTimeline(t: number): void {
    for (const ev of this.timeline.get(t) ?? NO_EVENTS) {
      switch (ev.kind) {
        case 'fed-rate': this.fedTop = Math.max(0, ev.top / 100 - this.rateRuleCuts); break;
        case 'boj-rate': this.rJpy = ev.rate / 100; break;
        case 'qt-cap': {
          const cap = ev.treasuryPerMonth / 21;
          if (!this.fed.qtPaused) this.announceQt(t, this.qtCap, cap);
          this.qtCap = cap;
          break;
        }
        case 'fima-cap': this.fed.fimaCap = ev.cap; break;
        case 'tga-target': this.tgaTarget = ev.level; break;
        case 'yield-shock': this.tpShock += ev.bp / 1e4; break;
        case 'basis-shock': this.basis += ev.bp / 1e4; break;
        case 'sentiment-shock': this.mood.sentiment += ev.weight; break; // a jump in the common factor, which then decays
        case 'note': break;
      }
      if (this.record) this.emit(t, { kind: `timeline:${ev.kind}`, agent: 'timeline', text: describeTimeline(ev) });
    }
  }

  /** y*: expected short rates over 10 years + the term premium at the announced duration supply (before today's flows). */
  private stepYStar(): void {
    const m = this.m;
    this.yStar = expectedAverage(this.rates, m.rates.kappa, 10) + this.tp0 + this.tpShock + m.impact.permanent * this.announced;
  }

  /** A policy-rate change that differs from what the path's short end had moved since the last decision. */
  private policySurprise(t: number, rUsd: number): void {
    const u = rUsd - shortEnd(this.rates) - this.gapRef;
    applySurprise(this.rates, u, this.m.rates.surpriseToLevel);
    this.rUsdPrev = rUsd;
    if (this.record) this.emit(t, { kind: 'policy-surprise', agent: 'market', text: `the policy rate moved ${(u * 1e4).toFixed(1)}bp more than the priced path expected`, value: u * 1e4 });
  }

  /** A Japanese programme whose window opens in the run is priced in full when it opens (a stock of duration). */
  private announceProgrammes(t: number): void {
    for (const p of this.programmes) {
      if (!p.inRun || p.fromTick !== t) continue;
      const stock = p.perTick * (p.toTick - p.fromTick + 1) * p.ratio10y;
      this.announced += stock;
      if (this.record) this.emit(t, { kind: 'programme-priced', agent: 'market', text: `the market prices ${this.banks[p.bank].self.id}'s programme: +$${stock.toFixed(1)}bn 10y-eq of duration supply`, value: stock });
    }
  }

  /** A change of the QT pace (cap event, pause, resumption) is priced over the programme horizon when announced. */
  private announceQt(t: number, before: number, after: number): void {
    const stock = (after - before) * this.m.programmeHorizon * this.qtRatio10y;
    if (stock === 0) return;
    this.announced += stock;
    if (this.record) this.emit(t, { kind: 'qt-priced', agent: 'market', text: `the market reprices QT: ${stock >= 0 ? '+' : ''}$${stock.toFixed(1)}bn 10y-eq of duration supply`, value: stock });
  }

  /** The sum of Ledger.fedAssets(), in the same order. */
  private fedAssets(): number {
    let sum = 0;
    for (const i of this.fedAssetSlots) sum += this.bal[i];
    return sum;
  }

  /** A fresh view each tick (one object): a policy may keep the view it was given. */
  private view(t: number, date: string, rUsd: number): MarketView {
    const bal = this.bal, banks = this.banks;
    let banksSelling = 0;
    for (const b of banks) if (isSelling(b, t)) banksSelling++;
    return {
      tick: t, date, ticks: this.nTicks, y10: this.y10, y10Rise20: this.y10 - this.y10Col[Math.max(0, t - 1 - 20)], yStar: this.yStar,
      fedTop: this.fedTop, rUsd, rJpy: this.rJpy, basis: this.basis, hedgeCost: hedgeCost(rUsd, this.rJpy, this.basis), usdjpy: this.usdjpy,
      reserves: bal[this.RESERVES], netLiquidity: this.fedAssets() - bal[this.TGA] - bal[this.RRP], fimaRepo: bal[this.REPO],
      fimaCap: this.fed.fimaCap, custody: bal[this.CUSTODY], banksSellingShare: banks.length > 0 ? banksSelling / banks.length : 0,
      btcPrice: this.price, btcReturn: this.lastReturn, treasuryRequestActive: this.requestActive, bojAccepted: this.bojAccepted,
      beforeElection: t < this.electionTick, treasuryStress: this.treasuryStress,
    };
  }

  /** Calls every policy on the view and collects today's orders; returns today's scheduled issuance. */
  private decide(view: MarketView, date: string): { total: number; coupons: number } {
    const m = this.m, t = view.tick, bal = this.bal, banks = this.banks, sales = this.sales, tp = this.treasuryParams;
    for (let i = 0; i < banks.length; i++) {
      const b = banks[i];
      this.bankActions[i] = decideChecked(b.policy, view, b.self, b.rng, date, b.self.id);
    }
    const issued = scheduledIssuance(tp, bal[this.TGA], this.tgaTarget, m.deficitPerTick, this.deficitToday);
    this.buybackBudget = buybackBudgetAt(tp, t, this.buybackBudget);
    const tSelf: TreasurySelf = { scheduledCouponIssuance: issued.coupons, couponDuration: tp.couponDuration,
      billDuration: tp.billDuration, buybackBudgetLeft: this.buybackBudget };
    const treasuryActions = decideChecked(this.treasury.policy, view, tSelf, this.treasury.rng, date, 'treasury');
    const fSelf: FimaSelf = { repo: view.fimaRepo, cap: this.fed.fimaCap, haircut: m.haircut, custody: bal[this.CUSTODY], deposits: bal[this.DEPOSITS] };
    const fimaActions = decideChecked(this.fima.policy, view, fSelf, this.fima.rng, date, 'boj');

    // collect orders
    this.day.clear();
    sales.fill(0);
    this.jpSales = 0; this.jpSales10y = 0; this.offSchedule10y = 0; this.buybacks = 0; this.dollarsSold = 0;
    this.absorption = null; this.repay = 0; this.repayFromSales = 0;
    this.billShift = 0; this.mofSale.fromDeposits = 0; this.mofSale.fromRepo = 0; this.mofSale.fromCustody = 0;
    for (let i = 0; i < banks.length; i++) {
      const b = banks[i];
      for (const a of this.bankActions[i]) {
        if (a.kind === 'sell-treasuries') {
          const amt = Math.min(a.amount, b.self.holdings - sales[i]);
          if (amt > 0) { sales[i] += amt; this.jpSales += amt; this.jpSales10y += (amt * b.self.duration) / 8; this.dollarsSold += amt * (1 - b.self.hedgeRatio); }
        } else if (a.kind === 'cut-hedge') {
          this.dollarsSold -= (b.self.hedgeRatio - a.newHedgeRatio) * b.self.holdings; // fewer forward dollar sales: buys USD
          this.emit(t, { kind: 'bank-cuts-hedge', agent: b.self.id, text: `${b.self.id} cuts its hedge ratio to ${a.newHedgeRatio.toFixed(2)} instead of selling`, value: a.newHedgeRatio });
          b.self.hedgeRatio = a.newHedgeRatio;
        } else this.generic(t, date, b.self.id, a);
      }
    }
    for (const a of treasuryActions) {
      if (a.kind === 'request-absorption') { this.requestActive = a.active; if (a.active && this.requestTick < 0) this.requestTick = t; }
      else if (a.kind === 'buyback') { const bb = Math.min(a.amount, this.buybackBudget); this.buybacks += bb; this.buybackBudget -= bb; }
      else if (a.kind === 'state-stress') this.treasuryStress = a.stress;
      else if (a.kind === 'shift-to-bills') { // the same issuance, more of it in bills: less duration, more bills for money funds
        const shift = Math.min(Math.max(0, a.amount), issued.coupons - this.billShift);
        this.billShift += shift;
        this.offSchedule10y -= shift * (tp.couponDuration - tp.billDuration) / 8;
      }
      else this.generic(t, date, 'treasury', a);
    }
    this.bojAccepted = false;
    for (const a of fimaActions) {
      if (a.kind === 'absorb') {
        this.absorption = a.schedule; // submitting a schedule means the BOJ/MoF has accepted the Treasury's request
        this.bojAccepted = true;
        if (this.interventionTick < 0) this.interventionTick = t;
      }
      else if (a.kind === 'repay-repo') { this.repay = Math.min(a.amount, view.fimaRepo); this.repayFromSales = this.repay * a.fromSalesShare; }
      else this.generic(t, date, 'boj', a);
    }
    if (this.repay > 0) { // repayment from deposits is limited by the deposits the BOJ/MoF holds; the rest is sold
      this.repayFromSales = Math.max(this.repayFromSales, this.repay - bal[this.DEPOSITS]);
    }
    // the MoF's yen defence, seeing what is left after the facility's repayment; it comes before today's absorption
    const left = { deposits: bal[this.DEPOSITS] - (this.repay - this.repayFromSales), repo: view.fimaRepo - this.repay,
      custody: bal[this.CUSTODY] - this.repayFromSales, cap: this.fed.fimaCap, haircut: m.haircut };
    const mSelf: MofSelf = mofSelf(left);
    const mofActions = decideChecked(this.mof.policy, view, mSelf, this.mof.rng, date, 'mof');
    for (const a of mofActions) {
      if (a.kind === 'sell-dollars') this.dollarsSold += addDollarSale(a, left, this.mofSale);
      else this.generic(t, date, 'mof', a);
    }
    const ab = this.absorption as Absorption | null; // (set in the loop above)
    if (ab && this.mofSale.fromRepo + this.mofSale.fromCustody > 0) this.absorption = { ...ab, limit: Math.min(ab.limit, this.absorptionRoom(ab.amountLeft)) };
    return issued;
  }

  /** Headroom for today's absorption after the MoF's repo draw and custody sale (cap and collateral rules). */
  private absorptionRoom(amountLeft: number): number {
    const bal = this.bal;
    return Math.min(amountLeft, repoHeadroom({ repo: bal[this.REPO] + this.mofSale.fromRepo, cap: this.fed.fimaCap, haircut: this.m.haircut, custody: bal[this.CUSTODY] - this.mofSale.fromCustody, deposits: bal[this.DEPOSITS] }));
  }

  /** Actions any agent may return. */
  private generic(t: number, date: string, agent: string, a: Action): void {
    if (a.kind === 'posting') this.day.add(agent, a.quantity, [...a.entries]);
    else if (a.kind === 'event') this.emit(t, a.event);
    else if (a.kind === 'issue-off-schedule') this.offSchedule10y += a.amount10yEq;
    else throw new ModelError(t, date, agent, a.kind, `action '${a.kind}' is not allowed for this agent`);
  }

  /** The Fed's stress rules (fed-fima.ts): QT pause and resumption, the cap rule. */
  private fedRules(t: number, y10Rise20: number, repoBefore: number): void {
    const m = this.m, bal = this.bal;
    if (m.rateRule) { // decided today, in force from tomorrow, on top of the scheduled path
      const cut = rateRuleCut(m.rateRule, t, y10Rise20, this.fedTop);
      if (cut > 0) {
        this.fedTop -= cut; this.rateRuleCuts += cut;
        this.emit(t, { kind: 'fed-rule-cut', agent: 'fed', text: `market stress: the Fed cuts ${(cut * 1e4).toFixed(0)}bp (top ${(this.fedTop * 100).toFixed(2)}%)`, value: cut * 1e4 });
      }
    }
    const capBinding = repoBefore > 0 && repoBefore >= this.fed.fimaCap - 1e-6;
    const capRaised = applyFedStressRules(this.fed, m, y10Rise20, this.requestActive, this.emitToday, capBinding);
    // today's schedule was bounded by the old cap: recompute its headroom under the new one (collateral rule included)
    if (capRaised && this.absorption) this.absorption = { ...this.absorption, limit: this.absorptionRoom(this.absorption.amountLeft) };
  }

  /** The Treasury market, with the emergency purchases and the BOJ/MoF's absorption as price-contingent buyers. */
  private clearTreasury(): YieldClearing {
    const m = this.m, tp = this.treasuryParams;
    const repaySales10y = this.repayFromSales * m.custodyDuration / 8;
    const buyback10y = this.buybacks * (tp.couponDuration - tp.billDuration) / 8;
    let anticipated = 0; // today's programme sales, already in the stock: they add only to the flow overhang
    for (const p of this.programmes) {
      if (this.tickNow >= p.fromTick && this.tickNow <= p.toTick) anticipated += Math.min(p.perTick, this.sales[p.bank]) * p.ratio10y;
    }
    const cleared = clearYield({
      yStar: this.yStar, permanentBefore: this.permanent, overhangBefore: this.overhang, anticipated10y: anticipated, jpSales: this.jpSales, jpSales10y: this.jpSales10y,
      otherSupply10y: this.offSchedule10y + repaySales10y + this.mofSale.fromCustody * m.custodyDuration / 8 - buyback10y, absorption: this.absorption, officialRatio10y: m.custodyDuration / 8, purchases: m.purchases,
    }, m.impact);
    this.y10 = cleared.y10; this.permanent = cleared.permanent; this.overhang = cleared.overhang;
    return cleared;
  }

  /**
   * Every dollar flow of the day but crypto's deposit moves, as balanced postings in the order of docs/model.md
   * §3.5.2 (posted in settle): every flow that buys bills or moves the ON RRP comes before the money funds, and the
   * repo market clears last, on the reserves all of them left.
   */
  private collectFlows(t: number, cleared: YieldClearing, issued: { total: number; coupons: number }): void {
    const m = this.m, bal = this.bal, day = this.day, sales = this.sales, absorbed = cleared.absorbed, bought = cleared.bought;
    const repay = this.repay, repayFromSales = this.repayFromSales;
    let rrpLeft = bal[this.RRP]; // what money funds can still take out of the RRP today, across all flows
    if (absorbed > 0) {
      day.add('fima', 'repo draw', T.repoDraw(absorbed));
      this.emit(t, { kind: 'fima-draw', agent: 'boj', text: `the BOJ/MoF absorbs $${absorbed.toFixed(2)}bn of Japanese sales on FIMA repo`, value: absorbed });
    }
    if (bought > 0) {
      day.add('fima', 'repo draw for market purchases', T.repoDraw(bought));
      day.add('boj', 'purchase from other holders', T.officialPurchaseFromMarket(bought));
      this.emit(t, { kind: 'fima-buy', agent: 'boj', text: `the BOJ/MoF buys $${bought.toFixed(2)}bn of Treasuries from other holders on FIMA repo`, value: bought });
    }
    this.absorbedCum += absorbed + bought;
    for (let i = 0; i < this.banks.length; i++) {
      if (sales[i] <= 0) continue;
      const id = this.banks[i].self.id;
      const toOfficial = this.jpSales > 0 ? (absorbed * sales[i]) / this.jpSales : 0;
      if (toOfficial > 0) day.add(id, 'sale to the BOJ/MoF', T.officialPurchaseFromBank(id, toOfficial));
      if (sales[i] - toOfficial > 0) day.add(id, 'sale to private buyers', T.privatePurchaseFromBank(id, sales[i] - toOfficial));
    }
    if (absorbed + bought > 0 && m.proceedsToRrpShare > 0) {
      const parked = (absorbed + bought) * m.proceedsToRrpShare;
      this.parkedInRrp += parked;
      rrpLeft += parked;
      day.add('money-funds', 'FIMA proceeds to RRP', T.toRrp(parked));
    }
    if (repay > 0) {
      day.add('boj', 'repo repayment', T.repoRepayment(repay, repayFromSales));
      // the money funds that parked part of the new dollars in the RRP take it back out as the dollars are withdrawn
      const fromRrp = Math.min(rrpLeft, this.parkedInRrp, repay * m.proceedsToRrpShare);
      rrpLeft -= fromRrp;
      this.parkedInRrp -= fromRrp;
      if (fromRrp > 0) day.add('money-funds', 'RRP back to deposits on repayment', T.toRrp(-fromRrp));
      this.emit(t, { kind: 'fima-repay', agent: 'boj', text: `the BOJ/MoF repays $${repay.toFixed(2)}bn of repo ($${repayFromSales.toFixed(2)}bn by selling bonds)`, value: repay });
    }
    if (cleared.purchased > 0) {
      day.add('fed', 'emergency purchases', T.fedPurchase(cleared.purchased));
      this.emit(t, { kind: 'fed-purchases', agent: 'fed', text: `the Fed buys $${cleared.purchased.toFixed(2)}bn of Treasuries (yield past its threshold)`, value: cleared.purchased });
    }
    // net new bills today: the bill part of scheduled issuance and of the QT refinancing, and the buyback's bills
    let bills = issued.total - issued.coupons + this.buybacks + this.billShift;
    if (this.mofSale.fromDeposits + this.mofSale.fromRepo + this.mofSale.fromCustody > 0) {
      postDollarSale(this.mofSale, day, this.emitToday);
    }
    if (!this.fed.qtPaused) {
      const tRun = Math.min(this.qtCap, bal[this.SOMA]);
      const mbs = Math.min(m.qtMbsPerTick, bal[this.MBS]), other = Math.min(m.qtOtherPerTick, bal[this.OTHER_ASSETS]);
      day.add('fed', 'QT runoff', T.qtRunoff(tRun, mbs, other));
      bills += tRun * m.billShare;
    }
    day.add('treasury', 'deficit spending', T.deficitSpending(this.deficitToday));
    day.add('treasury', 'scheduled issuance', T.issuance(issued.total));
    if (this.buybacks > 0) {
      day.add('treasury', 'buyback', T.buyback(this.buybacks));
      day.add('treasury', 'bills funding the buyback', T.issuance(this.buybacks));
    }
    // the other buyers of bills and RRP placements come before the money funds and the repo market (docs/model.md
    // §9): the stablecoin issuers, at yesterday's price; the money funds buy what is left of the day's new bills
    const st = stablecoinFlows(this.stable, this.price, rrpLeft, this.stableStep, day);
    rrpLeft += st.rrp;
    bills -= st.bills;
    stepBillSpread(this.funds, m.moneyFunds, bills);
    const fromRrp = billsFromRrp(this.funds, m.moneyFunds, bills, rrpLeft);
    if (fromRrp > 0) day.add('money-funds', 'bills bought out of the ON RRP', T.toRrp(-fromRrp));
    const currency = bal[this.CURRENCY] * m.currencyGrowth;
    if (currency !== 0) day.add('public', 'currency demand', T.currencyDemand(currency));
    clearRepoMarket(m.reserveCurve, this.repoLenders, bal[this.SRF], rrpLeft - fromRrp, bal[this.RESERVES] + day.reserves, day, this.emitToday, this.repo);
  }

  private probeTick(t: number): void {
    const e = this.etf, s = this.stable;
    this.probe!(t, (a) => this.ledger.get(a), {
      price: this.price, etfCoins: e.coins, etfFlow: e.flow, etfCumFlow: e.cumFlow,
      stablecoinSupply: s.supply, stablecoinBills: s.bills, stablecoinRrp: s.rrp,
      cohortCash: this.investors.cohorts.map((c) => c.cashSum),
    });
  }

  /**
   * BTC: newcomers on new highs, the cohorts' common factors, targets and demand (one loop per cohort), the
   * clearing price, trades. Returns what the trade loops added up for the settle step's invariants.
   */
  private crypto(t: number, sShock: number): TradeTotals {
    const m = this.m, inv = this.investors, lastReturn = this.lastReturn;
    const newHigh = this.price >= this.btcHigh && t > 1;
    const brought = newcomerArrivals(inv.newcomers, this.newcomerArrived, newHigh, m.arrivalProb, m.newcomerCash, this.newcomerNoise);
    if (brought !== 0) this.day.add('newcomers', 'newcomers arrive', toCryptoHolder('newcomers', brought));
    const mood = this.mood;
    stepCommonFactors(mood, m, lastReturn, sShock);
    prepareSwitching(this.switching, lastReturn, Math.log(this.price), m.momentum * mood.momentumEma);
    const demand = this.demand;
    demand.num = 0; demand.den = 0;
    for (let k = 0; k < inv.cohorts.length; k++) {
      const c = inv.cohorts[k];
      const shift = c.loading * mood.sentiment + c.anchorShift;
      if (c.name === 'momentum') switchingDemand(c, this.switching, shift, m.idioSd, m.wMin, m.wMax, this.idioNoise[k], TABLE, demand);
      else cohortDemand(c, shift, m.idioSd, m.wMin, m.wMax, this.idioNoise[k], TABLE, demand);
    }
    // the ETFs' creations (redemptions) are a dollar order in the same clearing: P = (num + F)/den
    const etf = this.etf, flow = etfFlow(etf, t, lastReturn, demand.num, demand.den);
    const newPrice = clearBtc(demand.num + flow, demand.den);
    const trades = this.trades;
    trades.bought = 0; trades.coins = 0; trades.minCash = Infinity;
    const paid = this.tradePaid;
    for (let k = 0; k < inv.cohorts.length; k++) {
      const c = inv.cohorts[k];
      cohortTrade(c, newPrice, trades, m.anchorDrift, m.wMin, m.wMax);
      paid[k] = c.paid;
    }
    const etfBought = flow / (newPrice / 1e9);
    etf.coins = Math.max(0, etf.coins + etfBought);
    trades.bought += etfBought; trades.coins += etf.coins;
    paid[CRYPTO_DEPOSITS.length - 2] = flow;
    if (flow !== 0) this.day.add('etf', flow > 0 ? 'creations' : 'redemptions', toCryptoHolder('etf', flow));
    this.day.add('crypto-market', 'BTC trades', btcTrades(HOLDERS, paid));
    this.lastReturn = Math.log(newPrice / this.price);
    this.price = newPrice;
    return trades;
  }

  private settle(t: number, date: string, view: MarketView, absorbed: number, trades: TradeTotals): void {
    const m = this.m, ledger = this.ledger;
    this.day.postTo(ledger, t, date);
    ledger.check(t, date);
    if (absorbed > 0) checkRepoLimits(ledger, this.fed.fimaCap, m.haircut, t, date);
    const repo = this.bal[this.REPO];
    if (repo > 0 && repo >= this.fed.fimaCap - 1e-6) this.capBoundTicks++; // the cap binds: no headroom left under it
    // BTC (design §6): trades net to zero, Σ holdings = float, cash ≥ 0 (cash moves only by −trade value and inflows)
    if (Math.abs(trades.bought) > 1e-9 * m.coins) throw new ModelError(t, date, 'crypto-market', 'Σ coins traded', `${trades.bought} BTC (should be 0)`);
    if (Math.abs(trades.coins - m.coins) > 1e-9 * m.coins) throw new ModelError(t, date, 'crypto-market', 'Σ BTC holdings − float', `${trades.coins - m.coins} BTC (should be 0)`);
    if (trades.minCash < -1e-12) throw new ModelError(t, date, 'crypto-investors', 'cash', `an investor's cash fell to ${trades.minCash} USD bn`);
    checkCryptoDollars(t, date, this.investors, this.etf, this.stable, this.deposits, this.depositsLessReserves);
    for (let i = 0; i < this.banks.length; i++) {
      const b = this.banks[i], sold = this.sales[i];
      if (settleBankSales(b, this.bal[this.bankSlots[i]], sold, this.y10, t)) {
        this.emit(t, { kind: 'bank-starts-selling', agent: b.self.id, text: `${b.self.id} starts selling Treasuries (hedged carry ${((view.y10 - b.self.hedgeRatio * view.hedgeCost) * 100).toFixed(2)}% when it decided)`, value: sold });
      }
    }
    this.jpSalesCum += this.jpSales;
  }

  private recordTick(t: number): void {
    const bal = this.bal, row = this.row, m = this.m;
    const fa = this.fedAssets(), tga = bal[this.TGA], rrp = bal[this.RRP];
    let jpHoldings = 0;
    for (const b of this.banks) jpHoldings += b.self.holdings;
    row[0] = this.y10; row[1] = this.yStar; row[2] = this.fedTop - m.effrBelowTop; row[3] = hedgeCost(this.fedTop - m.effrBelowTop, this.rJpy, this.basis);
    row[4] = this.basis; row[5] = this.usdjpy; row[6] = fa; row[7] = bal[this.RESERVES]; row[8] = rrp; row[9] = tga; row[10] = bal[this.DEPOSITS];
    row[11] = fa - tga - rrp; row[12] = bal[this.REPO]; row[13] = bal[this.CUSTODY]; row[14] = jpHoldings; row[15] = this.jpSalesCum; row[16] = this.price;
    row[17] = this.repo.spread; row[18] = bal[this.SRF];
    for (let k = 0; k < row.length; k++) {
      if (!Number.isFinite(row[k])) throw new ModelError(t, this.dates[t], 'recorder', SERIES[k].name, `non-finite value ${row[k]}`);
      this.cols[k][t] = row[k];
    }
    if (this.agentCols) this.recordAgents(t, this.agentCols);
  }

  /** The agent-level series, read from the banks' books and the cohorts' arrays (nothing else depends on them). */
  private recordAgents(t: number, a: AgentSeries): void {
    for (let i = 0; i < this.banks.length; i++) {
      const b = this.banks[i].self, col = a.banks[i];
      col.holdings[t] = b.holdings; col.sales[t] = this.sales[i]; col.hedgeRatio[t] = b.hedgeRatio;
    }
    const cohorts = this.investors.cohorts;
    for (let k = 0; k < cohorts.length; k++) {
      const c = cohorts[k], col = a.cohorts[k];
      let cash = 0, coins = 0;
      for (let i = 0; i < c.n; i++) { cash += c.cash[i]; coins += c.coins[i]; }
      col.cash[t] = cash; col.coins[t] = coins;
    }
    const etf = a.cohorts[cohorts.length];
    etf.cash[t] = this.bal[this.deposits.etf]; etf.coins[t] = this.etf.coins;
  }
}

function newAgentSeries(banks: readonly string[], cohorts: readonly string[], points: number): AgentSeries {
  const f = (): Float64Array => new Float64Array(points);
  return {
    banks: banks.map((id) => ({ id, holdings: f(), sales: f(), hedgeRatio: f() })),
    cohorts: cohorts.map((name) => ({ name, cash: f(), coins: f() })),
  };
}
