// The contracts shared by the engine, the agents and the markets. Agents and markets import only from here
// (and from src/market's pure helpers), never the engine's machinery, so data flows one way:
// scenario → run → batch → files → report.
//
// Units inside the model: rates and yields as decimals per year, money in USD bn at par, time in ticks
// (one US trading day), BTC price in USD, BTC amounts in coins.

/** A uniform random stream in [0, 1). Each purpose has its own (design §7); nothing else creates randomness. */
export type Uniform = () => number;

/** The market as it stood at the end of the previous tick, plus today's timeline and exogenous draws. */
export interface MarketView {
  readonly tick: number;
  readonly date: string; // ISO date of this tick
  readonly ticks: number; // horizon
  // Treasury market (10-year equivalent), yesterday's close
  readonly y10: number;
  readonly y10Rise20: number; // y10 minus its value 20 ticks earlier (or at tick 0)
  readonly yStar: number; // today's fundamental yield (exogenous, already stepped)
  // rates and FX
  readonly fedTop: number; // top of the fed funds target range = facility rate
  readonly rUsd: number; // effective short USD rate
  readonly rJpy: number;
  readonly basis: number; // cross-currency basis, ≤ 0 normally
  readonly hedgeCost: number; // H = (rUsd − rJpy) − basis
  readonly usdjpy: number;
  // dollar supply, yesterday
  readonly reserves: number;
  readonly netLiquidity: number;
  readonly fimaRepo: number;
  readonly fimaCap: number;
  readonly custody: number; // official (BOJ/MoF) Treasuries in custody at the NY Fed, par
  // Japanese banks, yesterday
  readonly banksSellingShare: number; // share of all banks (by count, itself included) that sold in the last 5 ticks
  // crypto, yesterday
  readonly btcPrice: number;
  readonly btcReturn: number; // log return of the last tick
  // flags set by the agents' previous decisions (read-only mirrors of their state)
  readonly treasuryRequestActive: boolean;
  readonly bojAccepted: boolean; // the BOJ/MoF submitted an absorption schedule yesterday
  readonly beforeElection: boolean;
}

/** Names of the ledger accounts that postings may touch (design §5, §6). */
export type FedAccount =
  | 'fed.treasuries' | 'fed.mbs' | 'fed.fimaRepo' | 'fed.otherAssets'
  | 'fed.reserves' | 'fed.rrp' | 'fed.tga' | 'fed.foreignDeposits' | 'fed.currency' | 'fed.otherLiabilities';
/** Treasury par ledger: outstanding, and the holders, which must add up to it. `ust.bank:<id>` per bank. */
export type UstAccount = 'ust.outstanding' | 'ust.custody' | 'ust.soma' | 'ust.private' | `ust.bank:${string}`;
export type Account = FedAccount | UstAccount;

export interface Entry {
  readonly account: Account;
  readonly delta: number; // USD bn
}

/** What agents return. A tagged union: the engine switches on `kind` exhaustively. */
export type Action =
  | { kind: 'sell-treasuries'; bank: string; amount: number } // USD bn par, into the market
  | { kind: 'cut-hedge'; bank: string; newHedgeRatio: number }
  | { kind: 'issue-off-schedule'; amount10yEq: number } // + adds supply surprise, − removes it (bill shift)
  | { kind: 'buyback'; amount: number } // USD bn par, coupons bought back, funded by bills
  | { kind: 'request-absorption'; active: boolean }
  | { kind: 'absorb'; schedule: AbsorptionSchedule } // evaluated inside clearing against today's sales
  | { kind: 'repay-repo'; amount: number; fromSalesShare: number }
  | { kind: 'emergency-purchases'; schedule: PurchaseSchedule }
  | { kind: 'posting'; quantity: string; entries: readonly Entry[] } // a flow posted as given: both sides!
  | { kind: 'event'; event: SimEvent };

/** "A share φ of today's Japanese sales, pro rata, up to the remaining cap", evaluated inside clearing. */
export interface AbsorptionSchedule {
  readonly share: number; // φ
  readonly limit: number; // USD bn still available today under the cap and collateral rules
  readonly aboveYield: number; // absorption ramps in over [aboveYield, aboveYield + ramp]
  readonly ramp: number;
}

/** Price-contingent Fed purchases: min(max, slope · (y − threshold)⁺) USD bn, evaluated inside clearing. */
export interface PurchaseSchedule {
  readonly threshold: number;
  readonly slope: number; // USD bn per unit of yield (decimal)
  readonly max: number;
}

/** Notable moments of a run, written to events.jsonl. */
export interface SimEvent {
  readonly kind: string; // e.g. 'bank-starts-selling', 'treasury-request', 'boj-accepts', 'fima-draw', 'qt-pause'
  readonly agent: string;
  readonly text: string;
  readonly value?: number;
}

/** One rule set. `init` gives a fresh state per run, so a policy never keeps module-level state (design §7). */
export interface PolicyContext {
  /** The tick of a date (the first trading day on or after it), for policies with dated windows. */
  readonly tickOf: (date: string) => number;
  /** The run's opening date (tick 0). */
  readonly start: string;
  /** Trading days from one date to another, both included (0 when to < from), whether or not they fall in the run:
   *  a programme announced before a run starts keeps its daily pace (a run started from data mid-programme). */
  readonly tradingDaysBetween: (from: string, to: string) => number;
}

export interface Policy<Params, State, Self> {
  readonly name: string;
  init(params: Params, self: Self, ctx: PolicyContext): State;
  decide(view: MarketView, self: Self, params: Params, state: State, rng: Uniform): readonly Action[];
}

export class ModelError extends Error {
  constructor(
    readonly tick: number,
    readonly date: string,
    readonly agent: string,
    readonly quantity: string,
    detail: string,
  ) {
    super(`tick ${tick} (${date}), agent '${agent}', quantity '${quantity}': ${detail}`);
    this.name = 'ModelError';
  }
}
