// The crypto holders' bank deposits (issue 15 item 2, docs/model.md §4.10): the liquidity channel paying the day's new
// dollars into the cohorts' deposits, the stablecoin issuers' issuance and reserve flows, and the check that every
// crypto dollar is on the deposit ledger. The rules read the ledger's balances by slot (looked up once per run) and
// add their flows as postings (src/market/crypto-flows.ts); the run posts them in its settle step.
import { ModelError, type PostingSink } from '../contracts.js';
import { depositOf, stablecoinReserves, toCryptoHolder } from '../market/crypto-flows.js';
import { cryptoShare, liquidityInflow, newDollars, type LiquidityChannel } from '../market/liquidity-channel.js';
import { distributeCash, type Cohort, type Investors } from './crypto-investors.js';
import { stepStablecoins, type StablecoinStep, type Stablecoins } from './stablecoins.js';
import type { Etf } from './etf.js';

/** Where the crypto side's accounts sit in the ledger's balances (read only here). */
export interface DepositSlots {
  readonly balance: Float64Array;
  readonly cohorts: readonly number[]; // dep.crypto:<cohort>, COHORTS order
  readonly etf: number;
  readonly stablecoins: number;
  readonly rest: number; // dep.rest
  readonly total: number; // dep.total
  readonly reserves: number; // fed.reserves
}

/**
 * The liquidity channel on the ledger (liquidity-channel.ts): today's smoothed new dollars; with 'deposit-share',
 * crypto's part tilt·C/(tilt·C + R) lands with the funds, momentum and holders cohorts in proportion to their
 * deposits (an outflow takes only the cash there is); with 'reserves-inflow', its share with the funds cohort.
 * Returns the outflow that found no cash.
 */
export function payNewDollars(ch: LiquidityChannel, reservesChange: number, inv: Investors, dep: DepositSlots, postings: PostingSink): number {
  const bal = dep.balance, slots = dep.cohorts, cohorts = inv.cohorts;
  if (ch.kind === 'reserves-inflow') return payCohort(cohorts[0], liquidityInflow(ch, reservesChange), postings);
  const step = newDollars(ch, reservesChange);
  let c = 0;
  for (let k = 0; k < 3; k++) c += bal[slots[k]];
  const amount = step * cryptoShare(ch.tilt, c, bal[dep.rest]);
  if (amount === 0) return 0;
  let shortfall = 0;
  for (let k = 0; k < 3; k++) shortfall += payCohort(cohorts[k], (amount * bal[slots[k]]) / c, postings);
  return shortfall;
}

/**
 * Moves `amount` between dep.rest and a cohort's deposits, spread equally over its investors (floored at 0). When no
 * investor can fall below 0 (the cohort's lowest cash plus the share is ≥ 0; adding is monotone, so that bounds
 * every investor) the share is left as `cashDue` for the cohort's demand loop to add, the same sums without a loop of
 * their own; otherwise it is distributed here.
 */
function payCohort(c: Cohort, amount: number, postings: PostingSink): number {
  if (amount === 0) return 0;
  if (c.n === 0) return Math.abs(amount);
  const each = amount / c.n;
  let shortfall = 0;
  if (c.minCash + c.cashDue + each >= 0) c.cashDue += each; // accumulates, so a second credit the same day adds
  else shortfall = distributeCash(c, amount);
  const moved = amount + shortfall; // an outflow moves only the cash there was
  if (moved !== 0) postings.add(c.name, 'liquidity channel', toCryptoHolder(c.name, moved));
  return shortfall;
}

/**
 * The stablecoin issuers at yesterday's price (stablecoins.ts): issuance against dep.rest, then their bills, RRP and
 * deposits. `rrpRoom` is what the ON RRP holds after the day's earlier flows, so a withdrawal never exceeds it.
 */
export function stablecoinFlows(s: Stablecoins, price: number, rrpRoom: number, out: StablecoinStep, postings: PostingSink): StablecoinStep {
  const st = stepStablecoins(s, price, rrpRoom, out);
  if (st.issued !== 0) postings.add('stablecoins', st.issued > 0 ? 'issuance' : 'redemptions', toCryptoHolder('stablecoins', st.issued));
  if (st.bills !== 0 || st.rrp !== 0) postings.add('stablecoins', 'reserves', stablecoinReserves(st.bills, st.rrp));
  return st;
}

/**
 * Crypto's dollars against the ledger, independently of how they were posted: each cohort's Σ cash = its deposit
 * account; the ETFs hold no cash overnight; the stablecoin issuers' deposits = their supply less bills and RRP;
 * deposits − reserves unchanged since tick 0 (`depositsLessReserves`: every dollar created or drained reached a
 * depositor).
 */
export function checkCryptoDollars(
  t: number, date: string, inv: Investors, etf: Etf, s: Stablecoins, dep: DepositSlots, depositsLessReserves: number,
): void {
  const bal = dep.balance, tol = 1e-9;
  for (let k = 0; k < inv.cohorts.length; k++) {
    const c = inv.cohorts[k], led = bal[dep.cohorts[k]];
    if (Math.abs(c.cashSum - led) > tol * Math.max(1, Math.abs(led))) {
      throw new ModelError(t, date, 'crypto-investors', `Σ cash of ${c.name} − ${depositOf(c.name)}`, `${c.cashSum - led} USD bn (should be 0)`);
    }
  }
  const etfCash = bal[dep.etf];
  if (Math.abs(etfCash) > tol * Math.max(1, Math.abs(etf.flow))) throw new ModelError(t, date, 'etf', 'dep.crypto:etf', `${etfCash} USD bn left overnight (should be 0)`);
  const stableDep = bal[dep.stablecoins];
  if (Math.abs(stableDep - (s.supply - s.bills - s.rrp)) > tol * Math.max(1, s.supply)) {
    throw new ModelError(t, date, 'stablecoins', 'dep.crypto:stablecoins − (supply − bills − RRP)', `${stableDep - (s.supply - s.bills - s.rrp)} USD bn (should be 0)`);
  }
  const gap = bal[dep.total] - bal[dep.reserves] - depositsLessReserves;
  if (Math.abs(gap) > 1e-7 * Math.max(1, bal[dep.total])) throw new ModelError(t, date, 'banks', 'Δdeposits − Δreserves since tick 0', `${gap} USD bn (should be 0)`);
}
