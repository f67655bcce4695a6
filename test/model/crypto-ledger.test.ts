// Crypto on the ledger (issue 15 item 2): the postings balance, the deposit-share rule, the ETFs' and stablecoin
// issuers' rules by hand, and whole runs in which every crypto dollar is a deposit account's.
import { describe, expect, it } from 'vitest';
import { Ledger, CRYPTO_DEPOSITS } from '../../src/sim/run/ledger.js';
import { btcTrades, depositsFollowReserves, stablecoinReserves, toCryptoHolder } from '../../src/market/crypto-flows.js';
import { createLiquidityChannel, cryptoShare, newDollars } from '../../src/market/liquidity-channel.js';
import { createEtf, etfFlow, etfSchema } from '../../src/agents/etf.js';
import { createStablecoins, stablecoinSchema, stepStablecoins } from '../../src/agents/stablecoins.js';
import { loadScenario } from '../../src/sim/scenario/load.js';
import { simulate, type CryptoProbe } from '../../src/sim/run/engine.js';
import { SERIES_INDEX } from '../../src/sim/run/series.js';
import type { Account } from '../../src/contracts.js';

const who = { tick: 1, date: '2024-06-19', agent: 'test', quantity: 'q' };
const ledger = () => new Ledger([], {
  'fed.treasuries': 100, 'fed.reserves': 60, 'fed.rrp': 40, 'ust.outstanding': 500, 'ust.soma': 100, 'ust.private': 380,
  'ust.stablecoins': 20, 'dep.total': 1000, 'dep.rest': 900, 'dep.crypto:funds': 50, 'dep.crypto:momentum': 30, 'dep.crypto:stablecoins': 20,
});

describe('crypto postings', () => {
  it('each flow balances and moves what it says', () => {
    const l = ledger();
    l.post(depositsFollowReserves(7), who);
    l.post(toCryptoHolder('funds', 5), who);
    l.post(btcTrades(['funds', 'momentum', 'etf'], [3, -4, 1]), who); // paid: funds 3, momentum −4 (sold), etf 1
    l.post(stablecoinReserves(6, 4), who);
    expect(l.get('dep.total')).toBe(1000 + 7 - 4);
    expect(l.get('dep.rest')).toBe(900 + 7 - 5 + 6);
    expect(l.get('dep.crypto:funds')).toBe(50 + 5 - 3);
    expect(l.get('dep.crypto:momentum')).toBe(30 + 4);
    expect(l.get('dep.crypto:etf')).toBe(-1);
    expect(l.get('dep.crypto:stablecoins')).toBe(20 - 10);
    expect(l.get('ust.stablecoins')).toBe(26);
    expect(l.get('fed.reserves')).toBe(56);
    expect(l.get('fed.rrp')).toBe(44);
    expect(l.depositorsTotal()).toBeCloseTo(l.get('dep.total'), 12);
  });

  it('rejects an unbalanced deposit posting, naming agent and quantity', () => {
    const l = ledger();
    expect(() => l.post([{ account: 'dep.crypto:funds', delta: 5 }], who))
      .toThrow(/test.*q.*unbalanced deposit posting: depositors − deposits changed by 5/);
    expect(() => l.post(btcTrades(['funds', 'momentum'], [3, -2]), who)).toThrow(/unbalanced deposit posting/);
  });

  it('the end-of-tick check finds deposits that do not add up', () => {
    const l = new Ledger([], { 'dep.total': 10, 'dep.rest': 9 });
    expect(() => l.check(1, '2024-06-19')).toThrow(/banks.*Σ depositors − deposits.*-1 USD bn/);
  });

  it('the crypto deposit accounts are the cohorts, the ETFs and the stablecoin issuers', () => {
    expect(CRYPTO_DEPOSITS).toEqual(['dep.crypto:funds', 'dep.crypto:momentum', 'dep.crypto:holders', 'dep.crypto:newcomers', 'dep.crypto:etf', 'dep.crypto:stablecoins']);
  });
});

describe('the deposit-share rule', () => {
  it('crypto’s part is tilt·C / (tilt·C + R), by hand', () => {
    expect(cryptoShare(9.5, 656.6, 16807)).toBeCloseTo((9.5 * 656.6) / (9.5 * 656.6 + 16807), 15);
    expect(cryptoShare(9.5, 656.6, 16807)).toBeCloseTo(0.2707, 4); // the v1 share, at hayes-2024's opening
    expect(cryptoShare(1, 100, 900)).toBe(0.1); // tilt 1: the share of deposits
    expect(cryptoShare(0, 100, 900)).toBe(0); // the knock-out
    // a market a tenth the size gets about a tenth of the flow
    expect(cryptoShare(9.5, 65.66, 16807) / cryptoShare(9.5, 656.6, 16807)).toBeCloseTo(0.1 * (1 + 0.371) / (1 + 0.0371), 2);
  });

  it('the timing rule alone: null passes the change, a half-life spreads it', () => {
    expect(newDollars(createLiquidityChannel({ share: 1, halfLife: null }), -3.3)).toBe(-3.3);
    const c = createLiquidityChannel({ channel: 'deposit-share', share: 0.27, tilt: 9.5, halfLife: 1 });
    expect(newDollars(c, 100)).toBeCloseTo(50, 12);
    expect(newDollars(c, 0)).toBeCloseTo(25, 12);
  });
});

describe('spot ETFs', () => {
  const p = etfSchema.parse({});
  it('flows chase the EMA of returns, none before launch, by hand', () => {
    const e = createEtf(p, 3);
    const keep = 2 ** (-1 / 21);
    expect(etfFlow(e, 1, 0.02, 90, 1e6)).toBe(0); // before launch: the EMA moves, nothing flows
    expect(e.ema).toBeCloseTo((1 - keep) * 0.02, 15);
    const ema2 = keep * e.ema + (1 - keep) * 0.01;
    expect(etfFlow(e, 3, 0.01, 90, 1e6)).toBeCloseTo(0.2 * 90 * ema2, 15);
    expect(e.cumFlow).toBeCloseTo(0.2 * 90 * ema2, 15);
  });
  it('a redemption sells at most the coins held', () => {
    const e = createEtf({ ...p, coins: 100 }, 0);
    const f = etfFlow(e, 1, -50, 90, 1000); // an enormous loss: capped
    expect(f).toBeCloseTo(-(100 * 90) / (1000 + 100), 12);
    const price = (90 + f) / 1000; // USD bn per coin
    expect(-f / price).toBeCloseTo(100, 9); // exactly the fund's coins
  });
});

describe('stablecoin issuers', () => {
  const p = stablecoinSchema.parse({});
  it('supply closes the gap to supply₀·(P/P₀)^ε with a half-life; reserves keep the mix, by hand', () => {
    const s = createStablecoins(p, 65_000, 1000);
    expect([s.supply, s.bills, s.rrp]).toEqual([160, 104, 24]);
    const out = { issued: 0, bills: 0, rrp: 0 };
    stepStablecoins(s, 65_000, 1000, out);
    expect(out).toEqual({ issued: 0, bills: 0, rrp: 0 });
    stepStablecoins(s, 130_000, 1000, out);
    const issued = (1 - 2 ** (-1 / 21)) * (160 * 2 ** 0.6 - 160);
    expect(out.issued).toBeCloseTo(issued, 12);
    expect(out.bills).toBeCloseTo(0.65 * issued, 12);
    expect(out.rrp).toBeCloseTo(0.15 * issued, 12);
    expect(s.supply - s.bills - s.rrp).toBeCloseTo(0.2 * s.supply, 12);
  });
  it('an ON RRP that cannot give back enough: more bills are sold, deposits stay ≥ 0', () => {
    const s = createStablecoins({ ...p, rrp: 0.35 }, 65_000, 1000);
    const out = { issued: 0, bills: 0, rrp: 0 };
    stepStablecoins(s, 1, 0, out); // a collapse, and no room at the RRP
    expect(out.rrp === 0).toBe(true); // (−0: nothing taken back)
    expect(s.supply - s.bills - s.rrp).toBeGreaterThanOrEqual(-1e-12);
  });
});

describe('runs on the ledger', () => {
  const probeRun = (sets: string[], run = 0) => {
    const s = loadScenario('hayes-2024', sets).scenario;
    const rows: { t: number; get: Map<Account, number>; c: CryptoProbe }[] = [];
    const accounts: Account[] = ['dep.total', 'dep.rest', 'fed.reserves', 'ust.stablecoins', ...CRYPTO_DEPOSITS];
    const r = simulate(s, '7', run, { probe: (t, bal, c) => rows.push({ t, get: new Map(accounts.map((a) => [a, bal(a)])), c }) });
    return { r, rows, s };
  };

  it('every tick: Σ cash of each cohort = its deposits, Σ depositors = deposits, Δdeposits = Δreserves, the ETFs hold no cash', () => {
    const { rows, r } = probeRun([]);
    const gap0 = rows[0].get.get('dep.total')! - rows[0].get.get('fed.reserves')!;
    for (const { get, c } of rows) {
      c.cohortCash.forEach((cash, k) => expect(Math.abs(cash - get.get(CRYPTO_DEPOSITS[k])!)).toBeLessThan(1e-9 * Math.max(1, cash)));
      let held = 0;
      for (const a of ['dep.rest', ...CRYPTO_DEPOSITS] as Account[]) held += get.get(a)!;
      expect(Math.abs(held - get.get('dep.total')!)).toBeLessThan(1e-6);
      expect(get.get('dep.total')! - get.get('fed.reserves')!).toBeCloseTo(gap0, 6);
      expect(get.get('dep.crypto:etf')).toBe(0);
      expect(get.get('ust.stablecoins')).toBeCloseTo(c.stablecoinBills, 9);
    }
    expect(rows.at(-1)!.c.price).toBe(r.series[SERIES_INDEX.btcPrice].at(-1));
    // the ETFs trade (hayes-2024 starts after the launch) and their coins are what they bought
    expect(rows.some((x) => x.c.etfFlow !== 0)).toBe(true);
    expect(rows.at(-1)!.c.etfCoins).toBeGreaterThanOrEqual(0);
  });

  it('no ETF flow before its launch; the reserves-inflow channel also runs on the ledger', () => {
    const { rows } = probeRun(['crypto.etf.launch=2024-09-03']);
    const launch = rows.findIndex((x) => x.c.etfFlow !== 0);
    expect(launch).toBeGreaterThan(40);
    expect(rows.slice(0, launch).every((x) => x.c.etfCoins === 0)).toBe(true);
    const v1 = probeRun(['crypto.liquidity.channel=reserves-inflow']);
    expect(v1.rows.length).toBe(v1.s.ticks);
  });

  it('the channel cut (tilt 0): no cohort’s deposits move but by its own trades and newcomers', () => {
    const { rows } = probeRun(['crypto.liquidity.tilt=0', 'crypto.etf.chase=0', 'crypto.cohorts.newcomers.arrivalProb=0']);
    // with no channel, no ETF and no newcomers, the cohorts only pay each other: their total deposits never move
    const total0 = rows[0].c.cohortCash.reduce((a, b) => a + b, 0);
    for (const x of rows) expect(x.c.cohortCash.reduce((a, b) => a + b, 0)).toBeCloseTo(total0, 6);
  });

  it('bad reserve shares are a user error naming the field', () => {
    expect(() => loadScenario('hayes-2024', ['crypto.stablecoins.bills=0.9', 'crypto.stablecoins.rrp=0.2']))
      .toThrow(/crypto\.stablecoins\.rrp.*at most 1 − bills/);
  });
});
