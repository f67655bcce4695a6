// The money funds (issue 14 item 2): bills drain the ON RRP by a share that rises with the bill–RRP spread, never
// more than the RRP holds; the spread reverts to its anchor and rises with bill supply above its usual pace.
import { describe, expect, it } from 'vitest';
import { billsFromRrp, rrpShare, rrpToRepo, stepBillSpread, type MoneyFundRules } from '../../src/agents/money-funds.js';
import { loadScenario } from '../../src/sim/scenario/load.js';
import { simulate } from '../../src/sim/run/engine.js';
import { SERIES_INDEX } from '../../src/sim/run/series.js';

const rules: MoneyFundRules = { anchor: 0.0015, decay: 0.5, impact: 0.0001, pace: 2, shareAtZero: 0.3, sharePerUnit: 200, repoPerBp: 0.02 };

describe('money funds', () => {
  it('the share bought out of the RRP: 0.3 at zero spread, +0.02 per bp, held in [0, 1]', () => {
    expect(rrpShare(rules, 0)).toBe(0.3);
    expect(rrpShare(rules, 0.0015)).toBeCloseTo(0.6, 12);
    expect(rrpShare(rules, 0.01)).toBe(1);
    expect(rrpShare(rules, -0.01)).toBe(0);
  });
  it('the spread moves halfway back to its anchor and up 1bp per $bn above pace', () => {
    const s = { spread: 0.0035 };
    stepBillSpread(s, rules, 2); // at pace: only the reversion
    expect(s.spread).toBeCloseTo(0.0025, 12);
    stepBillSpread(s, rules, 5); // 3 above pace
    expect(s.spread).toBeCloseTo(0.0015 + 0.0005 + 0.0003, 12);
  });
  it('takes its share of the new bills, never more than the RRP holds, never negative', () => {
    const s = { spread: 0.0015 };
    expect(billsFromRrp(s, rules, 10, 100)).toBeCloseTo(6, 12);
    expect(billsFromRrp(s, rules, 10, 4)).toBe(4);
    expect(billsFromRrp(s, rules, 0, 100)).toBe(0);
  });
  it('lend RRP cash in repo only when repo pays a scarcity premium: 2% of the RRP per bp, at most all of it', () => {
    expect(rrpToRepo(rules, 0, 300)).toBe(0);
    expect(rrpToRepo(rules, -3, 300)).toBe(0);
    expect(rrpToRepo(rules, 5, 300)).toBeCloseTo(30, 12);
    expect(rrpToRepo(rules, 80, 300)).toBe(300);
    expect(rrpToRepo(rules, 5, 0)).toBe(0);
  });
  it('in a run, bill issuance drains the RRP with no drain share; with the funds\' share cut to 0 it never moves (smoke: no FIMA draw)', () => {
    const rrp = (sets: string[], i: number) => simulate(loadScenario('smoke', sets).scenario, '1', i).series[SERIES_INDEX.rrp];
    for (const i of [0, 1, 2]) {
      // the stablecoin issuers' RRP placements (issue 15 item 2) are the other mover of the RRP: cut too
      const on = rrp([], i), off = rrp(['moneyFunds.rrpShareAtZeroSpread=0', 'moneyFunds.rrpSharePerBp=0', 'crypto.stablecoins.rrp=0'], i);
      expect(on[on.length - 1]).toBeLessThan(on[0] - 5);
      for (const v of off) expect(v).toBe(off[0]); // the link cut: exactly flat
    }
  });
});
