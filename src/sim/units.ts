// Unit conversions happen only at the edges (design §3): scenario files use percent, bp, USD bn and per-month or
// per-quarter amounts; the model uses decimals per year, USD bn and per-tick amounts.

/** US trading days per year and per month, used to turn calendar rates into per-tick rates. */
export const TICKS_PER_YEAR = 252;
export const TICKS_PER_MONTH = 21;
export const TICKS_PER_QUARTER = 63;
/** BTC trades every calendar day; a trading-day tick spans 365/252 calendar days on average. */
export const CALENDAR_DAYS_PER_YEAR = 365;

export const pctToDecimal = (pct: number): number => pct / 100;
export const decimalToPct = (x: number): number => x * 100;
export const bpToDecimal = (bp: number): number => bp / 10_000;
export const decimalToBp = (x: number): number => x * 10_000;

/** A monthly amount spread evenly over the trading days of a month: $25bn a month ≈ $1.19bn a tick. */
export const perMonthToPerTick = (perMonth: number): number => perMonth / TICKS_PER_MONTH;
export const perYearToPerTick = (perYear: number): number => perYear / TICKS_PER_YEAR;
export const perQuarterToPerTick = (perQuarter: number): number => perQuarter / TICKS_PER_QUARTER;

/** A fraction sold per quarter becomes the fraction per review that compounds to it: 1 − (1 − s)^(every/63). */
export const quarterFractionToPerReview = (sQuarter: number, reviewEveryTicks: number): number =>
  1 - Math.pow(1 - Math.min(1, Math.max(0, sQuarter)), reviewEveryTicks / TICKS_PER_QUARTER);

/** An annualised volatility over 365 calendar days, per trading-day tick: 61% → ≈ 3.8%. */
export const annualVolToTick = (annualVol: number): number => annualVol / Math.sqrt(TICKS_PER_YEAR);

/** Half-life in ticks → per-tick decay factor 2^(−1/H). */
export const halfLifeToDecay = (halfLifeTicks: number): number => Math.pow(2, -1 / halfLifeTicks);
