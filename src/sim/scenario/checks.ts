// Checks that need more than one field: dates against the calendar, holdings that must add up, windows in order.
import type { Scenario } from './schema.js';
import type { Problem } from './problems.js';
import { isTradingDay } from '../calendar.js';

export function semanticProblems(s: Scenario): Problem[] {
  const out: Problem[] = [];
  if (!isTradingDay(s.start)) out.push({ path: 'start', expected: 'a US bond-market trading day', found: `'${s.start}' (a weekend or holiday)` });
  const banks = Object.values(s.banks).reduce((a, b) => a + b.holdings, 0);
  // Japan's TIC total = official holdings + the part of the banks' holdings recorded as Japanese (the rest sits in
  // third-country custody); the recorded share must be a share.
  const recorded = s.japan.ticTotal - s.japan.official;
  if (recorded < 0) out.push({ path: 'japan.official', expected: `at most japan.ticTotal (${s.japan.ticTotal})`, found: `${s.japan.official}` });
  else if (banks > 0 && recorded > banks) {
    out.push({ path: 'japan.ticTotal', expected: `at most japan.official + Σ bank holdings = ${s.japan.official + banks} USD bn`, found: `${s.japan.ticTotal}` });
  }
  const held = banks + s.japan.official + s.fedBalanceSheet.treasuries;
  if (held > s.market.ust.outstanding) {
    out.push({ path: 'market.ust.outstanding', expected: `at least banks + official + SOMA = ${held} USD bn`, found: `${s.market.ust.outstanding}` });
  }
  for (const [id, b] of Object.entries(s.banks)) {
    const window = b.policy.name === 'programme' ? { at: `banks.${id}.policy`, w: b.policy }
      : b.policy.name === 'carry-threshold' && b.policy.programme ? { at: `banks.${id}.policy.programme`, w: b.policy.programme } : null;
    if (window) {
      const { at, w } = window;
      if (w.to < w.from) out.push({ path: `${at}.to`, expected: `a date on or after from (${w.from})`, found: `'${w.to}'` });
      if (w.total > b.holdings) out.push({ path: `${at}.total`, expected: `at most the bank's holdings (${b.holdings})`, found: `${w.total}` });
    }
  }
  s.timeline.forEach((ev, i) => {
    if (ev.date < s.start) out.push({ path: `timeline[${i}].date`, expected: `a date on or after start (${s.start})`, found: `'${ev.date}'` });
  });
  const c = s.crypto.cohorts;
  const share = c.funds.coinShare + c.momentum.coinShare + c.holders.coinShare;
  if (Math.abs(share - 1) > 1e-9) out.push({ path: 'crypto.cohorts', expected: 'coinShare of funds, momentum and holders adding up to 1', found: `${share}` });
  for (const name of ['funds', 'momentum', 'holders'] as const) {
    if (c[name].coinShare > 0 && c[name].count === 0) out.push({ path: `crypto.cohorts.${name}.count`, expected: 'at least 1 investor to hold its coinShare', found: '0' });
  }
  const r = s.reserves;
  if (!(r.scarceRatio < r.ampleRatio)) out.push({ path: 'reserves.scarceRatio', expected: `below reserves.ampleRatio (${r.ampleRatio})`, found: `${r.scarceRatio}` });
  if (!(r.scarceSpreadBp > r.ampleSpreadBp)) out.push({ path: 'reserves.scarceSpreadBp', expected: `above reserves.ampleSpreadBp (${r.ampleSpreadBp})`, found: `${r.scarceSpreadBp}` });
  const st = s.crypto.stablecoins;
  if (st.bills + st.rrp > 1 + 1e-12) out.push({ path: 'crypto.stablecoins.rrp', expected: `at most 1 − bills (${1 - st.bills}): bills + rrp is a share of the reserves`, found: `${st.rrp}` });
  if (s.crypto.etf.coins >= s.crypto.coins) out.push({ path: 'crypto.etf.coins', expected: `below crypto.coins (${s.crypto.coins})`, found: `${s.crypto.etf.coins}` });
  if (s.crypto.minWeight >= s.crypto.maxWeight) out.push({ path: 'crypto.minWeight', expected: `below maxWeight (${s.crypto.maxWeight})`, found: `${s.crypto.minWeight}` });
  return out;
}
