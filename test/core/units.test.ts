import { describe, expect, it } from 'vitest';
import * as U from '../../src/sim/units.js';
import { SERIES } from '../../src/sim/run/series.js';

describe('unit conversions (design §3)', () => {
  it.each([
    ['percent → decimal', U.pctToDecimal(4.3), 0.043],
    ['decimal → percent', U.decimalToPct(0.0553), 5.53],
    ['bp → decimal', U.bpToDecimal(25), 0.0025],
    ['decimal → bp', U.decimalToBp(0.004), 40],
    ['QT $25bn a month per tick', U.perMonthToPerTick(25), 25 / 21],
    ['deficit $1.8T a year per tick', U.perYearToPerTick(1800), 1800 / 252],
    ['buybacks $30bn a quarter per tick', U.perQuarterToPerTick(30), 30 / 63],
  ])('%s', (_label, got, want) => expect(got).toBeCloseTo(want as number, 12));

  it('QT of $25bn a month is ≈ $1.19bn a tick', () => expect(U.perMonthToPerTick(25)).toBeCloseTo(1.19, 2));

  it('a per-quarter selling fraction compounds back from weekly reviews', () => {
    const weekly = U.quarterFractionToPerReview(0.2, 5);
    expect(1 - Math.pow(1 - weekly, 63 / 5)).toBeCloseTo(0.2, 12);
    expect(U.quarterFractionToPerReview(1.5, 5)).toBe(1); // capped at selling everything
    expect(U.quarterFractionToPerReview(0, 5)).toBe(0);
  });

  it("BTC's 61% annualised volatility is ≈ 3.8% per trading-day tick", () => {
    expect(U.annualVolToTick(0.61)).toBeCloseTo(0.0384, 4);
  });

  it('a half-life of H ticks halves in H ticks', () => {
    expect(Math.pow(U.halfLifeToDecay(50), 50)).toBeCloseTo(0.5, 12);
  });

  it('series convert yields to percent on output and keep USD bn as they are', () => {
    const y = SERIES.find((c) => c.name === 'ust10y')!;
    expect(y.unit).toBe('%');
    expect(y.toOutput(0.0422)).toBeCloseTo(4.22, 12);
    const r = SERIES.find((c) => c.name === 'reserves')!;
    expect(r.toOutput(3400)).toBe(3400);
  });
});
