// Crypto's dollars as double-entry postings (issue 15 item 2, docs/model.md §4.10). Every function returns the entries
// of one flow; each set balances by itself in every ledger it touches: depositors against `dep.total`, Fed assets
// against liabilities, Treasury holders against outstanding. Amounts in USD bn.
import type { Entry } from '../contracts.js';

export type CryptoHolder = 'funds' | 'momentum' | 'holders' | 'newcomers' | 'etf' | 'stablecoins';
/** Each holder's deposit account, spelled once: a name built per posting would be a new string for the ledger to
 *  hash on every lookup. */
const DEPOSIT_ACCOUNT = {
  funds: 'dep.crypto:funds', momentum: 'dep.crypto:momentum', holders: 'dep.crypto:holders',
  newcomers: 'dep.crypto:newcomers', etf: 'dep.crypto:etf', stablecoins: 'dep.crypto:stablecoins',
} as const satisfies { [H in CryptoHolder]: `dep.crypto:${H}` };
export const depositOf = <H extends CryptoHolder>(h: H): (typeof DEPOSIT_ACCOUNT)[H] => DEPOSIT_ACCOUNT[h];

/**
 * The banks' deposits move with the reserves the day's flows create or drain (banks' other assets — loans — are not
 * modelled, so Δdeposits = Δreserves): the new dollars land first with `dep.rest`, the non-crypto depositors.
 */
export const depositsFollowReserves = (x: number): Entry[] => [
  { account: 'dep.total', delta: x },
  { account: 'dep.rest', delta: x },
];

/** Dollars move from the other depositors to a crypto holder (negative: back). The liquidity channel, newcomers. */
export const toCryptoHolder = (h: CryptoHolder, x: number): Entry[] => [
  { account: 'dep.rest', delta: -x },
  { account: depositOf(h), delta: x },
];

/**
 * One tick's BTC trades: each holder's deposits change by −(coins bought)·P. The deltas must add up to zero (the
 * coins traded do): the ledger rejects the posting otherwise.
 */
export function btcTrades(holders: readonly CryptoHolder[], paid: readonly number[]): Entry[] {
  const out: Entry[] = [];
  for (let k = 0; k < holders.length; k++) if (paid[k] !== 0) out.push({ account: depositOf(holders[k]), delta: -paid[k] });
  return out;
}

/**
 * The stablecoin issuers place (negative: take back) their reserves: `bills` bought from private holders (the
 * sellers' deposits rise, reserves stay in the banking system), `rrp` placed at the Fed's ON RRP through their money
 * fund (reserves and deposits leave the banks together), the rest stays as bank deposits. The bills are new demand
 * beside the money funds' (docs/model.md §4.10): the plumbing's bill supply can read them from this posting.
 */
export const stablecoinReserves = (bills: number, rrp: number): Entry[] => [
  { account: 'ust.private', delta: -bills },
  { account: 'ust.stablecoins', delta: bills },
  { account: 'dep.rest', delta: bills },
  { account: 'fed.reserves', delta: -rrp },
  { account: 'fed.rrp', delta: rrp },
  { account: 'dep.total', delta: -rrp },
  { account: depositOf('stablecoins'), delta: -(bills + rrp) },
];
