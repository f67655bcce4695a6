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
  readonly yStar: number; // today's 10y before today's flows: expected short rates over 10y + term premium at the announced duration supply
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
  readonly treasuryStress: number; // the Treasury's stated stress index yesterday (0 under a policy that states none)
}

/** Names of the ledger accounts that postings may touch (design §5, §6). */
export type FedAccount =
  | 'fed.treasuries' | 'fed.mbs' | 'fed.fimaRepo' | 'fed.otherAssets' | 'fed.srf'
  | 'fed.reserves' | 'fed.rrp' | 'fed.tga' | 'fed.foreignDeposits' | 'fed.currency' | 'fed.otherLiabilities';
/** Treasury par ledger: outstanding, and the holders, which must add up to it. `ust.bank:<id>` per bank. */
export type UstAccount = 'ust.outstanding' | 'ust.custody' | 'ust.soma' | 'ust.private' | `ust.bank:${string}`
  | 'ust.stablecoins'; // the stablecoin issuers' bills (issue 15 item 2)
/**
 * Bank deposits (issue 15 item 2, docs/model.md §4.10): `dep.total` is the banks' deposit liabilities, the holders
 * must add up to it. `dep.crypto:<holder>` per crypto cohort, the spot ETF and the stablecoin issuers; `dep.rest` is
 * every other depositor (who pays for newcomers, ETF creations and stablecoins, and receives the rest of new dollars).
 */
export type DepAccount = 'dep.total' | 'dep.rest' | `dep.crypto:${string}`;
export type Account = FedAccount | UstAccount | DepAccount;

export interface Entry {
  readonly account: Account;
  readonly delta: number; // USD bn
}

/** Where a rule puts the flows it makes today, in order: each is one set of entries that balances by itself, named
 *  by the agent and the quantity (both appear in an unbalanced-posting error). The run posts them in its settle step. */
export interface PostingSink {
  add(agent: string, quantity: string, entries: readonly Entry[]): void;
}

/** Where a rule reports a notable moment of today (the run adds the tick and date; it may not keep it). */
export type EmitEvent = (e: SimEvent) => void;

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
  | { kind: 'shift-to-bills'; amount: number } // USD bn par of today's coupon issuance issued as bills instead
  | { kind: 'state-stress'; stress: number } // the Treasury's stated stress index today (seen by others tomorrow)
  | { kind: 'sell-dollars'; fromDeposits: number; fromRepo: number; fromCustody: number } // the MoF's yen defence, USD bn
  | { kind: 'posting'; quantity: string; entries: readonly Entry[] } // a flow posted as given: both sides!
  | { kind: 'event'; event: SimEvent };

/**
 * "A share φ of today's Japanese sales, pro rata, then `market` bought from other holders, up to the limit",
 * evaluated inside clearing, all financed by FIMA repo.
 */
export interface AbsorptionSchedule {
  readonly share: number; // φ
  readonly market: number; // USD bn par the BOJ/MoF buys from other holders today, after the Japanese sales it takes
  readonly amountLeft: number; // USD bn left of what it committed to absorb over the request (Infinity: no amount set)
  readonly limit: number; // min(amountLeft, the headroom under the cap and collateral rules), USD bn
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

// ── The policy contract (design §4): agent kinds, what each kind's policy sees of its agent, the policy itself,
// and the registry that turns a scenario's policy selection into a policy bound to its parameters for one run. ──

/** The agent types a policy can drive: Japanese banks, the US Treasury, the Fed/FIMA facility with the BOJ/MoF. */
export type AgentKind = 'bank' | 'treasury' | 'fima';

/** What a bank policy sees of its own bank (model units). */
export interface BankSelf {
  readonly id: string;
  readonly holdings: number;
  readonly bookYield: number;
  readonly duration: number;
  readonly hedgeRatio: number;
  readonly lossBudget: number;
  readonly realisedLoss: number;
}

/** What a Treasury policy sees of the Treasury (model units, per tick). */
export interface TreasurySelf {
  readonly scheduledCouponIssuance: number; // USD bn par today
  readonly couponDuration: number;
  readonly billDuration: number;
  readonly buybackBudgetLeft: number; // this quarter
}

/** What the facility policy sees of the BOJ/MoF and the facility (model units). */
export interface FimaSelf {
  readonly repo: number;
  readonly cap: number;
  readonly haircut: number;
  readonly custody: number;
  readonly deposits: number; // BOJ/MoF foreign official deposits at the Fed
}

/** What a policy of each kind is given as `self`: once at `init`, then every tick. */
export interface AgentSelves {
  readonly bank: { readonly init: BankSelf; readonly tick: BankSelf };
  readonly treasury: { readonly init: null; readonly tick: TreasurySelf };
  readonly fima: { readonly init: null; readonly tick: FimaSelf };
}

export interface PolicyContext {
  /** The tick of a date (the first trading day on or after it), for policies with dated windows. */
  readonly tickOf: (date: string) => number;
  /** The run's opening date (tick 0). */
  readonly start: string;
  /** Trading days from one date to another, both included (0 when to < from), whether or not they fall in the run:
   *  a programme announced before a run starts keeps its daily pace (a run started from data mid-programme). */
  readonly tradingDaysBetween: (from: string, to: string) => number;
}

/** One rule set. `init` gives a fresh state per run, so a policy never keeps module-level state (design §7). */
export interface Policy<Params, State, Self, InitSelf = Self> {
  readonly name: string;
  init(params: Params, self: InitSelf, ctx: PolicyContext): State;
  decide(view: MarketView, self: Self, params: Params, state: State, rng: Uniform): readonly Action[];
}

/** A policy with its parameters and this run's state bound to it: what the engine calls every tick. */
export interface PolicyInstance<Self> {
  readonly name: string;
  decide(view: MarketView, self: Self, rng: Uniform): readonly Action[];
}

/** A policy bound to its parameters; `start` gives it a fresh state for one run. */
export interface BoundPolicy<Kind extends AgentKind> {
  readonly name: string;
  start(self: AgentSelves[Kind]['init'], ctx: PolicyContext): PolicyInstance<AgentSelves[Kind]['tick']>;
}

/** A policy selection as written in a scenario: `{ name, ...params }`, or `{ name: 'custom', module, params }`
 *  (a custom module's `params` are checked by the module's own schema when the run starts). */
export interface PolicySelection {
  readonly name: string;
  readonly module?: string;
  readonly params?: unknown;
}

/** Turns a validated selection into the policy bound to its parameters. */
export type PolicyFactory<Kind extends AgentKind> = (selection: PolicySelection) => BoundPolicy<Kind>;

export interface PolicyRegistry {
  /** `agent` names the agent (a bank id, 'treasury' or 'boj') for error messages. */
  resolve<Kind extends AgentKind>(kind: Kind, selection: PolicySelection, agent: string): BoundPolicy<Kind>;
}

/** Binds a policy to its parameters: the parameters' type flows from the schema to `init` and `decide`. */
export function bindPolicy<Params, State, Self, InitSelf>(
  policy: Policy<Params, State, Self, InitSelf>, params: Params,
): { readonly name: string; start(self: InitSelf, ctx: PolicyContext): PolicyInstance<Self> } {
  return {
    name: policy.name,
    start(self, ctx) {
      const state = policy.init(params, self, ctx);
      return { name: policy.name, decide: (view, me, rng) => policy.decide(view, me, params, state, rng) };
    },
  };
}

/**
 * An agent module's table of built-in policies by name, each taking the branch of the agent's policy schema with
 * that name. The registry looks a policy up by the selection's `name`; the scenario schema (a union discriminated on
 * `name`) has already checked that a selection with that name has that branch's shape, which is what the one
 * narrowing below relies on.
 */
export function policyTable<Selection extends PolicySelection, Kind extends AgentKind>(
  table: { readonly [N in Exclude<Selection['name'], 'custom'>]: (params: Extract<Selection, { name: N }>) => BoundPolicy<Kind> },
): Readonly<Record<string, PolicyFactory<Kind>>> {
  const out: Record<string, PolicyFactory<Kind>> = {};
  for (const name of Object.keys(table) as Exclude<Selection['name'], 'custom'>[]) {
    const make = table[name];
    out[name] = (selection) => make(selection as Extract<Selection, { name: typeof name }>);
  }
  return out;
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
