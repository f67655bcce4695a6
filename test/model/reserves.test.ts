// The demand for reserves and the standing repo facility (issue 14 item 2): the repo spread over IORB is flat while
// reserves are ample and steep when they are scarce (anchored on September 2019); the SRF lends what brings the spread
// back to its rate, within its limit; its postings balance and the ledger checks them every tick; with reserves ample
// the SRF and the funds' repo response change nothing, bit for bit.
import { describe, expect, it } from 'vitest';
import { repoSpread, reserveCurve, reservesAtSpread, reservesSchema, scarcityPremium, srfLending } from '../../src/market/reserves.js';
import { srfLoan, toRrp } from '../../src/market/dollar-supply.js';
import { Ledger } from '../../src/sim/run/ledger.js';
import { loadScenario } from '../../src/sim/scenario/load.js';
import { simulate } from '../../src/sim/run/engine.js';
import { SERIES, SERIES_INDEX } from '../../src/sim/run/series.js';
import { bankAssetsOn, billSpreadBp } from '../../src/sim/scenario/start-from-data.js';

const defaults = reservesSchema.parse({});
const curve = reserveCurve(defaults);

describe('the reserve demand curve', () => {
  it('is flat at the ample spread (−7bp) at and above 12% of bank assets', () => {
    for (const r of [0.12 * 23400, 3400, 10000]) {
      expect(scarcityPremium(curve, r)).toBe(0);
      expect(repoSpread(curve, r)).toBe(-7);
    }
  });
  it('passes through the September 2019 anchor: +315bp at 7.79% of bank assets', () => {
    expect(repoSpread(curve, 0.0779 * 23400)).toBeCloseTo(315, 9);
  });
  it('multiplies the scarcity premium by e for every 0.107% of bank assets less (away from the flat end)', () => {
    const at = (x: number) => scarcityPremium(curve, x * 23400);
    expect(at(0.0779 + 0.00107)).toBeCloseTo(322 / Math.E, 6);
    expect(at(0.0779 - 0.00107)).toBeCloseTo(322 * Math.E, 5);
    // the curve is exactly the formula: −7 + A·(exp((0.12 − x)/w) − 1) with A fixed by the anchor
    const A = 322 / Math.expm1((0.12 - 0.0779) / 0.00107);
    expect(repoSpread(curve, 0.09 * 23400)).toBeCloseTo(-7 + A * Math.expm1((0.12 - 0.09) / 0.00107), 12);
    expect(repoSpread(curve, 0.0814 * 23400)).toBeCloseTo(-7 + A * Math.expm1((0.12 - 0.0814) / 0.00107), 9); // ≈ +5bp, the week to 2019-09-11
    expect(repoSpread(curve, 0.0814 * 23400)).toBeGreaterThan(3);
    expect(repoSpread(curve, 0.0814 * 23400)).toBeLessThan(7);
  });
  it('is capped at maxSpreadBp, finite even at negative reserves', () => {
    expect(repoSpread(curve, 0)).toBe(5000);
    expect(repoSpread(curve, -1000)).toBe(5000);
  });
  it('reservesAtSpread inverts it', () => {
    for (const s of [-6, 0, 10, 100, 315, 2000]) expect(repoSpread(curve, reservesAtSpread(curve, s))).toBeCloseTo(s, 8);
    expect(reservesAtSpread(curve, -7)).toBe(0.12 * 23400);
  });
});

describe('the standing repo facility', () => {
  const floor = reservesAtSpread(curve, 10); // the SRF's rate: the top of the range, 10bp above IORB
  it('lends nothing while the spread is below its rate, else what brings the spread back to its rate', () => {
    expect(srfLending(curve, 3400)).toBe(0);
    expect(srfLending(curve, floor + 1)).toBe(0);
    const lent = srfLending(curve, floor - 40);
    expect(lent).toBeCloseTo(40, 9);
    expect(repoSpread(curve, floor - 40 + lent)).toBeCloseTo(10, 9);
  });
  it('within its limit, and not at all when there is no facility', () => {
    expect(srfLending(curve, floor - 800)).toBe(500);
    expect(srfLending(reserveCurve({ ...defaults, srf: { enabled: false, maxBn: 500, spreadBp: null } }), floor - 40)).toBe(0);
  });
  it('its loan and repayment balance on the Fed ledger; a one-sided posting is refused', () => {
    const ledger = new Ledger([], { 'fed.treasuries': 100, 'fed.reserves': 100, 'ust.outstanding': 100, 'ust.soma': 100 });
    const who = { tick: 1, date: '2024-06-20', agent: 'fed', quantity: 'SRF loans' };
    ledger.post(srfLoan(25), who);
    ledger.check(1, '2024-06-20');
    expect(ledger.get('fed.srf')).toBe(25);
    expect(ledger.get('fed.reserves')).toBe(125);
    ledger.post(srfLoan(-25), who);
    ledger.check(2, '2024-06-21');
    expect(ledger.get('fed.srf')).toBe(0);
    expect(() => ledger.post([{ account: 'fed.srf', delta: 5 }], who)).toThrow(/unbalanced Fed posting/);
    ledger.post(toRrp(0), who);
  });
});

describe('in a run', () => {
  const run = (sets: string[], i: number) => simulate(loadScenario('hayes-2024', sets).scenario, '1', i).series;
  it('knock-out: with reserves ample, no SRF and no repo response leave every series identical', () => {
    for (const i of [0, 1]) {
      const on = run([], i), off = run(['reserves.srf.enabled=false', 'moneyFunds.rrpToRepoPerBp=0'], i);
      expect(Math.min(...on[SERIES_INDEX.reserves])).toBeGreaterThan(0.12 * 23400); // ample throughout
      SERIES.forEach((c, k) => expect(off[k], c.name).toEqual(on[k]));
      for (const v of on[SERIES_INDEX.srf]) expect(v).toBe(0);
      for (const v of on[SERIES_INDEX.repoSpread]) expect(v).toBe(-7);
    }
  });
  it('scarcity: reserves opened low ⇒ the spread rises, the SRF lends and holds reserves at its floor; without it the spread goes past its rate', () => {
    // the stablecoin issuers' ON RRP placements come before the repo market (docs/model.md §3.5.2), so the SRF holds
    // reserves at its floor with them on
    const low = ['fedBalanceSheet.reserves=1800', 'fedBalanceSheet.rrp=0'];
    const withSrf = run(low, 0), noSrf = run([...low, 'reserves.srf.enabled=false'], 0);
    const spread = withSrf[SERIES_INDEX.repoSpread], srf = withSrf[SERIES_INDEX.srf], res = withSrf[SERIES_INDEX.reserves];
    expect(spread[0]).toBeGreaterThan(10); // opened scarce, before any SRF loan
    expect(Math.max(...srf)).toBeGreaterThan(10);
    let atLimit = 0;
    for (let t = 1; t < spread.length; t++) {
      if (srf[t] >= 500 - 1e-9) { atLimit++; expect(spread[t]).toBeGreaterThanOrEqual(10 - 1e-9); continue; } // its $500bn limit binds
      expect(spread[t]).toBeLessThanOrEqual(10 + 1e-9);
      expect(res[t]).toBeGreaterThanOrEqual(floor() - 1e-6);
      if (srf[t] > 0) expect(spread[t]).toBeCloseTo(10, 9);
    }
    expect(atLimit).toBeLessThan(spread.length / 2);
    expect(Math.max(...noSrf[SERIES_INDEX.repoSpread].slice(1))).toBeGreaterThan(10);
    for (const v of noSrf[SERIES_INDEX.srf]) expect(v).toBe(0);
  });
  it('the funds lend RRP cash in repo when repo pays a premium: the RRP falls faster than with the response cut', () => {
    const low = ['fedBalanceSheet.reserves=1900'];
    const on = run(low, 0)[SERIES_INDEX.rrp], off = run([...low, 'moneyFunds.rrpToRepoPerBp=0'], 0)[SERIES_INDEX.rrp];
    expect(on[1]).toBeLessThan(off[1] - 10);
  });
});
const floor = () => reservesAtSpread(curve, 10);

describe('opening values from the data', () => {
  it('the bill spread on 2024-06-18: DGS3MO 5.50 on the RRP\'s basis (5.425) minus the RRP rate 5.30 = 12.5bp', () => {
    expect(billSpreadBp(5.5, 5.25, '2024-06-18')).toBeCloseTo(12.4658, 3);
    expect(billSpreadBp(4.3, 4.25, '2025-06-17')).toBeCloseTo((4.3 * 360 / 365 - 4.25) * 100, 5); // RRP at the bottom since 2024-12-19
    expect(billSpreadBp(2.0, 2.0, '2019-09-17')).toBeCloseTo((2.0 * 360 / 365 - 2.0) * 100, 5);
  });
  it('the curve\'s scale: bank assets $23.4tn on 2024-06-18 and $17.9tn on 2019-09-17', () => {
    expect(bankAssetsOn('2024-06-18')).toBe(23400);
    expect(bankAssetsOn('2019-09-17')).toBeCloseTo(17900, 3);
  });
});
