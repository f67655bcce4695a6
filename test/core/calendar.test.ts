import { describe, expect, it } from 'vitest';
import { bondMarketHolidays, isTradingDay, tickOfDate, tradingDates } from '../../src/sim/calendar.js';

describe('US bond-market calendar', () => {
  it('knows the 2024 full closes (SIFMA)', () => {
    expect(bondMarketHolidays(2024)).toEqual([
      '2024-01-01', '2024-01-15', '2024-02-19', '2024-03-29', '2024-05-27', '2024-06-19', '2024-07-04',
      '2024-09-02', '2024-10-14', '2024-11-11', '2024-11-28', '2024-12-25',
    ]);
  });

  it('observes weekend holidays: Juneteenth 2022 (Sun) on Monday, Independence Day 2026 (Sat) on Friday', () => {
    expect(bondMarketHolidays(2022)).toContain('2022-06-20');
    expect(bondMarketHolidays(2026)).toContain('2026-07-03');
    expect(bondMarketHolidays(2022)).not.toContain('2021-12-31'); // New Year on a Saturday is not moved back
  });

  it('2024-06-19 (Juneteenth) is not a trading day, so tick 1 after 2024-06-18 is 2024-06-20', () => {
    expect(isTradingDay('2024-06-19')).toBe(false);
    const d = tradingDates('2024-06-18', 3);
    expect(d).toEqual(['2024-06-18', '2024-06-20', '2024-06-21', '2024-06-24']);
  });

  it('252 ticks from 2024-06-18 end on a trading day in June 2025, with no weekend or holiday inside', () => {
    const d = tradingDates('2024-06-18', 252);
    expect(d).toHaveLength(253);
    expect(d.every(isTradingDay)).toBe(true);
    expect(d[252]).toBe('2025-06-24');
    expect(new Set(d).size).toBe(253);
  });

  it('dates map to ticks, and a holiday maps to the next trading day', () => {
    const d = tradingDates('2024-06-18', 252);
    expect(tickOfDate('2024-06-18', '2024-11-05')).toBe(d.indexOf('2024-11-05'));
    expect(tickOfDate('2024-06-18', '2024-06-19')).toBe(1);
    expect(tickOfDate('2024-06-18', '2025-03-31')).toBe(d.indexOf('2025-03-31'));
  });

  it('refuses a start date that is not a trading day', () => {
    expect(() => tradingDates('2024-06-19', 5)).toThrow(/not a US bond-market trading day/);
  });
});
