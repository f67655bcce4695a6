import { describe, expect, it } from 'vitest';
import { Ledger } from '../../src/sim/run/ledger.js';
import * as T from '../../src/market/dollar-supply.js';
import type { Account } from '../../src/contracts.js';

const opening = (): Ledger => new Ledger(['mufg'], {
  'fed.treasuries': 4470, 'fed.mbs': 2350, 'fed.otherAssets': 401, 'fed.reserves': 3400, 'fed.rrp': 400, 'fed.tga': 750,
  'fed.foreignDeposits': 10, 'fed.currency': 2340, 'fed.otherLiabilities': 321,
  'ust.outstanding': 27800, 'ust.custody': 900, 'ust.soma': 4470, 'ust.bank:mufg': 75, 'ust.private': 27800 - 900 - 4470 - 75,
});
const who = { tick: 1, date: '2024-06-20', agent: 'test', quantity: 'flow' };
/** Applies a flow and returns the change of every account it touched (and of net liquidity). */
function change(entries: ReturnType<typeof T.repoDraw>): Record<string, number> {
  const l = opening();
  const before = Array.from(l.balance);
  const nl0 = l.fedAssets() - l.get('fed.tga') - l.get('fed.rrp');
  l.post(entries, who);
  l.check(1, '2024-06-20');
  const out: Record<string, number> = {};
  for (const a of ['fed.treasuries', 'fed.mbs', 'fed.fimaRepo', 'fed.otherAssets', 'fed.reserves', 'fed.rrp', 'fed.tga', 'fed.foreignDeposits', 'fed.currency',
    'ust.outstanding', 'ust.custody', 'ust.soma', 'ust.private', 'ust.bank:mufg'] as Account[]) {
    const d = l.get(a) - before[l.slot(a)];
    if (Math.abs(d) > 1e-12) out[a] = d;
  }
  out.netLiquidity = l.fedAssets() - l.get('fed.tga') - l.get('fed.rrp') - nl0;
  return out;
}

describe('FIMA T-accounts (design §5)', () => {
  it('repo draw X: Fed assets "FIMA repo" +X, foreign official deposits +X; the collateral never enters SOMA', () => {
    expect(change(T.repoDraw(20))).toEqual({ 'fed.fimaRepo': 20, 'fed.foreignDeposits': 20, netLiquidity: 20 });
  });
  it('the BOJ buys Q from a Japanese bank: deposits −Q, reserves +Q, the bond moves from the bank to custody', () => {
    expect(change(T.officialPurchaseFromBank('mufg', 5))).toEqual({
      'fed.foreignDeposits': -5, 'fed.reserves': 5, 'ust.bank:mufg': -5, 'ust.custody': 5, netLiquidity: 0 });
  });
  it('draw + purchase together: repo +Q, reserves +Q, net liquidity +Q', () => {
    const c = change([...T.repoDraw(5), ...T.officialPurchaseFromBank('mufg', 5)]);
    expect(c).toEqual({ 'fed.fimaRepo': 5, 'fed.reserves': 5, 'ust.bank:mufg': -5, 'ust.custody': 5, netLiquidity: 5 });
  });
  it('repayment R funded by selling S of custody bonds into the market and R − S from deposits', () => {
    const l = opening();
    l.post(T.repoDraw(10), who);
    const before = { repo: l.get('fed.fimaRepo'), dep: l.get('fed.foreignDeposits'), res: l.get('fed.reserves'), cus: l.get('ust.custody') };
    l.post(T.repoRepayment(10, 4), who);
    l.check(2, 'd');
    expect(l.get('fed.fimaRepo') - before.repo).toBe(-10); // Fed assets −R
    expect(l.get('fed.reserves') - before.res).toBe(-4); // buyers of the 4 sold pay with reserves
    expect(l.get('fed.foreignDeposits') - before.dep).toBe(-6); // the rest comes out of deposits
    expect(l.get('ust.custody') - before.cus).toBe(-4);
  });
  it('a Japanese sale to private buyers moves only holders (reserves change hands inside the system)', () => {
    expect(change(T.privatePurchaseFromBank('mufg', 3))).toEqual({ 'ust.bank:mufg': -3, 'ust.private': 3, netLiquidity: 0 });
  });
  it('QT runoff drains reserves; outstanding is unchanged, SOMA bonds pass to the public', () => {
    const c = change(T.qtRunoff(1, 0.5, 0.5));
    expect(c).toEqual({ 'fed.treasuries': -1, 'fed.mbs': -0.5, 'fed.otherAssets': -0.5, 'fed.reserves': -2, 'ust.soma': -1, 'ust.private': 1, netLiquidity: -2 });
  });
  it('money funds buying new bills out of the ON RRP: RRP down, reserves up, net liquidity up by as much', () => {
    expect(change(T.toRrp(-3))).toEqual({ 'fed.reserves': 3, 'fed.rrp': -3, netLiquidity: 3 });
  });
  it('currency demand swaps reserves for notes: net liquidity unchanged', () => {
    expect(change(T.currencyDemand(4))).toEqual({ 'fed.currency': 4, 'fed.reserves': -4, netLiquidity: 0 });
  });
  it('fiscal flows: spending adds reserves from the TGA; issuance adds bonds and moves reserves into the TGA', () => {
    expect(change(T.deficitSpending(7))).toEqual({ 'fed.tga': -7, 'fed.reserves': 7, netLiquidity: 7 });
    expect(change(T.issuance(7))).toEqual({ 'ust.outstanding': 7, 'ust.private': 7, 'fed.tga': 7, 'fed.reserves': -7, netLiquidity: -7 });
    expect(change([...T.buyback(2), ...T.issuance(2)])).toEqual({ netLiquidity: 0 }); // a bill-funded buyback is neutral at par
  });
  it('emergency purchases add SOMA bonds and reserves; FIMA proceeds parked in RRP leave net liquidity', () => {
    expect(change(T.fedPurchase(3))).toEqual({ 'fed.treasuries': 3, 'ust.soma': 3, 'ust.private': -3, 'fed.reserves': 3, netLiquidity: 3 });
    expect(change(T.toRrp(2))).toEqual({ 'fed.reserves': -2, 'fed.rrp': 2, netLiquidity: -2 });
  });
});
