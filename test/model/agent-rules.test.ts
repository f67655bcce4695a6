// The rules that moved out of the engine into their agents (issue 14 item 4), pinned by known values.
import { describe, expect, it } from 'vitest';
import type { SimEvent } from '../../src/contracts.js';
import { applyFedStressRules, type FedStance } from '../../src/agents/fed-fima.js';
import { bankSelf, isSelling, settleBankSales, type BankBook } from '../../src/agents/japanese-bank.js';
import { buybackBudgetAt, treasurySchema } from '../../src/agents/us-treasury.js';
import { initialCommonFactors, stepCommonFactors } from '../../src/agents/crypto-sentiment.js';

describe('the Fed’s stress rules', () => {
  const rules = { qtPauseRise: 0.0075, qtResumeRise: 0.002, capRule: { rise: 0.004, newCap: 500 } };
  it('pauses QT at the pause rise, resumes below the resume rise, and lifts the cap only with a request active', () => {
    const stance: FedStance = { qtPaused: false, fimaCap: 60 };
    const events: SimEvent[] = [];
    const emit = (e: SimEvent) => events.push(e);
    expect(applyFedStressRules(stance, rules, 0.0074, false, emit)).toBe(false);
    expect(stance.qtPaused).toBe(false);
    expect(applyFedStressRules(stance, rules, 0.0075, false, emit)).toBe(false); // no request: no cap change
    expect([stance.qtPaused, stance.fimaCap]).toEqual([true, 60]);
    applyFedStressRules(stance, rules, 0.003, false, emit); // between the two thresholds: still paused
    expect(stance.qtPaused).toBe(true);
    expect(applyFedStressRules(stance, rules, 0.004, true, emit)).toBe(true);
    expect(stance.fimaCap).toBe(500);
    expect(applyFedStressRules(stance, rules, 0.001, true, emit)).toBe(false); // lifted once, for the run
    expect(stance.qtPaused).toBe(false);
    expect(events.map((e) => e.kind)).toEqual(['qt-pause', 'fima-cap-raised', 'qt-resume']);
  });
});

describe('a bank’s sales', () => {
  it('realise duration × (y − book) per $bn sold, mark the first sale, and count as selling for 5 ticks', () => {
    const self = { ...bankSelf('b', { label: 'B', holdings: 100, bookYield: 3, duration: 6, hedgeRatio: 1, lossBudget: 10, policy: { name: 'hold' } }) };
    const book: BankBook = { self, sold: 0, lastSaleTick: -Infinity, started: false };
    expect(settleBankSales(book, 100, 0, 0.05, 1)).toBe(false);
    expect(settleBankSales(book, 98, 2, 0.05, 2)).toBe(true);
    expect(book.self.realisedLoss).toBeCloseTo(2 * 6 * 0.02, 12);
    expect(settleBankSales(book, 97, 1, 0.02, 3)).toBe(false); // below book: no loss, not the first sale
    expect(book.self.realisedLoss).toBeCloseTo(0.24, 12);
    expect([book.sold, book.self.holdings, book.lastSaleTick]).toEqual([3, 97, 3]);
    expect([isSelling(book, 8), isSelling(book, 9)]).toEqual([true, false]);
  });
});

describe('the buyback budget', () => {
  it('is a quarter’s budget on ticks 1, 64, 127, … and what is left in between', () => {
    const t = treasurySchema.parse({});
    const quarter = (t.buybackBudgetPerQuarter / 63) * 63;
    expect([buybackBudgetAt(t, 1, 0), buybackBudgetAt(t, 64, 3), buybackBudgetAt(t, 2, 3)]).toEqual([quarter, quarter, 3]);
  });
});

describe('the crypto common factors', () => {
  it('attention falls without moves, holds at the reference move, caps at 9 × its weight; sentiment takes the scaled shock', () => {
    const f = initialCommonFactors();
    const p = { attention: 0.1, attentionPersistence: 0.8, attentionRef: 0.04, sentimentDecay: 0.9, sentimentSd: 0.01, emaDecay: 0.5 };
    stepCommonFactors(f, p, 0, 1); // v = (1 − 0.1 − 0.8) + 0 + 0.8·1
    expect(f.attention).toBeCloseTo(0.9, 12);
    expect(f.sentiment).toBeCloseTo(0.01 * Math.sqrt(0.9), 12);
    stepCommonFactors(f, p, 0.04, 0); // (r/ref)² = 1
    expect(f.attention).toBeCloseTo(0.1 + 0.1 + 0.8 * 0.9, 12);
    expect(f.sentiment).toBeCloseTo(0.9 * 0.01 * Math.sqrt(0.9), 12);
    expect(f.momentumEma).toBeCloseTo(0.02, 12);
    stepCommonFactors(f, p, 0.4, 0); // ten times the reference: (r/ref)² capped at 9
    expect(f.attention).toBeCloseTo(0.1 + 0.1 * 9 + 0.8 * 0.92, 12);
  });
});
