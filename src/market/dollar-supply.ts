// The dollar supply as double-entry T-accounts (design §5). Each function returns the entries of one flow; every
// set balances by itself (Fed assets against liabilities, Treasury holders against outstanding). Net liquidity =
// Fed assets − TGA − ON RRP; foreign official deposits are a liability of their own; reserves are a ledger line.
import type { Entry, UstAccount } from '../contracts.js';

/** A bank's par account, `ust.bank:<id>`, spelled once per bank: a name built per posting would be a new string for
 *  the ledger to hash on every lookup. */
const bankAccounts = new Map<string, UstAccount>();
function bankAccount(bank: string): UstAccount {
  let a = bankAccounts.get(bank);
  if (a === undefined) bankAccounts.set(bank, (a = `ust.bank:${bank}`));
  return a;
}

/** FIMA repo draw X: Fed assets "FIMA repo" +X; foreign official deposits +X. Collateral stays in custody. */
export const repoDraw = (x: number): Entry[] => [
  { account: 'fed.fimaRepo', delta: x },
  { account: 'fed.foreignDeposits', delta: x },
];

/** The BOJ buys Q from a Japanese bank: deposits −Q, reserves +Q; the bond moves from the bank to official custody. */
export const officialPurchaseFromBank = (bank: string, q: number): Entry[] => [
  { account: 'fed.foreignDeposits', delta: -q },
  { account: 'fed.reserves', delta: q },
  { account: bankAccount(bank), delta: -q },
  { account: 'ust.custody', delta: q },
];

/** The BOJ/MoF buys Q from other (private) holders: deposits −Q, reserves +Q; the bond moves into official custody. */
export const officialPurchaseFromMarket = (q: number): Entry[] => [
  { account: 'fed.foreignDeposits', delta: -q },
  { account: 'fed.reserves', delta: q },
  { account: 'ust.private', delta: -q },
  { account: 'ust.custody', delta: q },
];

/** A Japanese bank sells Q to private buyers: reserves change hands inside the banking system; only holders move. */
export const privatePurchaseFromBank = (bank: string, q: number): Entry[] => [
  { account: bankAccount(bank), delta: -q },
  { account: 'ust.private', delta: q },
];

/**
 * Repayment R, a share funded by selling custody bonds into the market (buyers pay with reserves, which become
 * foreign deposits) and the rest from deposits; then the repo is extinguished against the deposits.
 */
export const repoRepayment = (r: number, fromSales: number): Entry[] => [
  { account: 'ust.custody', delta: -fromSales },
  { account: 'ust.private', delta: fromSales },
  { account: 'fed.reserves', delta: -fromSales },
  { account: 'fed.foreignDeposits', delta: fromSales - r },
  { account: 'fed.fimaRepo', delta: -r },
];

/** Money funds move cash between bank deposits (reserves) and the ON RRP. */
export const toRrp = (x: number): Entry[] => [
  { account: 'fed.reserves', delta: -x },
  { account: 'fed.rrp', delta: x },
];

/**
 * QT runoff of Treasuries T (SOMA holdings mature and are not reinvested; the Treasury refinances them with the
 * public, so outstanding is unchanged) and of MBS/other assets M, paid out of reserves. What the money funds buy of
 * the refinancing bills out of the ON RRP is their own posting (`toRrp`, negative), as for any other new bill.
 */
export const qtRunoff = (t: number, mbs: number, other: number): Entry[] => [
  { account: 'fed.treasuries', delta: -t },
  { account: 'ust.soma', delta: -t },
  { account: 'ust.private', delta: t },
  { account: 'fed.mbs', delta: -mbs },
  { account: 'fed.otherAssets', delta: -other },
  { account: 'fed.reserves', delta: -(t + mbs + other) },
];

/** The public's demand for currency C: currency in circulation +C, reserves −C (banks pay for the notes). */
export const currencyDemand = (c: number): Entry[] => [
  { account: 'fed.currency', delta: c },
  { account: 'fed.reserves', delta: -c },
];

/** Fed purchases P from private holders: SOMA +P, reserves +P. */
export const fedPurchase = (p: number): Entry[] => [
  { account: 'fed.treasuries', delta: p },
  { account: 'ust.soma', delta: p },
  { account: 'ust.private', delta: -p },
  { account: 'fed.reserves', delta: p },
];

/** Deficit spending D (spending − taxes): TGA −D, reserves +D. */
export const deficitSpending = (d: number): Entry[] => [
  { account: 'fed.tga', delta: -d },
  { account: 'fed.reserves', delta: d },
];

/** Issuance I bought by private investors: outstanding +I, private +I; TGA +I, reserves −I. */
export const issuance = (i: number): Entry[] => [
  { account: 'ust.outstanding', delta: i },
  { account: 'ust.private', delta: i },
  { account: 'fed.tga', delta: i },
  { account: 'fed.reserves', delta: -i },
];

/** Buyback B of coupons from private holders, paid from the TGA (outstanding −B; reserves +B). */
export const buyback = (b: number): Entry[] => [
  { account: 'ust.outstanding', delta: -b },
  { account: 'ust.private', delta: -b },
  { account: 'fed.tga', delta: -b },
  { account: 'fed.reserves', delta: b },
];

/** The standing repo facility lends X overnight against Treasuries (issue 14 item 2): Fed assets "SRF repo" +X;
 *  reserves +X. The collateral stays with the dealer (a repo, not a purchase). A negative X is the repayment. */
export const srfLoan = (x: number): Entry[] => [
  { account: 'fed.srf', delta: x },
  { account: 'fed.reserves', delta: x },
];

// ── Japan's MoF selling dollars for yen (src/agents/japan-mof.ts). The buyer of the dollars is paid into a US bank
// account, so the dollars become reserves; which Fed liability they leave depends on where the MoF found them. ──

/** A dollar sale D out of the MoF's deposits at the Fed: foreign official deposits −D, reserves +D. */
export const dollarSaleFromDeposits = (d: number): Entry[] => [
  { account: 'fed.foreignDeposits', delta: -d },
  { account: 'fed.reserves', delta: d },
];

/** A dollar sale R financed by FIMA repo, collateral staying in custody: FIMA repo +R (asset), reserves +R. (The
 *  repo's dollars pass through the MoF's deposits on the way: +R then −R.) */
export const dollarSaleFromRepo = (r: number): Entry[] => [
  { account: 'fed.fimaRepo', delta: r },
  { account: 'fed.reserves', delta: r },
];

/** The MoF sells C of custody Treasuries to private buyers: the bonds move to private holders; the buyers pay with
 *  reserves, which become the MoF's deposits (sold for yen by `dollarSaleFromDeposits`). */
export const custodySale = (c: number): Entry[] => [
  { account: 'ust.custody', delta: -c },
  { account: 'ust.private', delta: c },
  { account: 'fed.reserves', delta: -c },
  { account: 'fed.foreignDeposits', delta: c },
];
