// The US bond-market trading calendar (SIFMA's recommended full closes): every tick is a trading day with a date.
// Dates are plain ISO strings computed in UTC, never local time, so they are the same on every machine.

const DAY_MS = 86_400_000;

export const isoDate = (ms: number): string => new Date(ms).toISOString().slice(0, 10);
export const parseIsoDate = (iso: string): number => {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(iso)) return NaN;
  const ms = Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10)));
  return isoDate(ms) === iso ? ms : NaN; // rejects 2024-02-30
};
export const isValidIsoDate = (iso: string): boolean => Number.isFinite(parseIsoDate(iso));

const utc = (y: number, m: number, d: number): number => Date.UTC(y, m - 1, d);
const weekday = (ms: number): number => new Date(ms).getUTCDay();

/** The n-th given weekday (0 = Sunday) of a month; n = −1 for the last one. */
function nthWeekday(year: number, month: number, dow: number, n: number): number {
  if (n > 0) {
    const first = utc(year, month, 1);
    return first + (((dow - weekday(first) + 7) % 7) + (n - 1) * 7) * DAY_MS;
  }
  const last = utc(year, month + 1, 1) - DAY_MS;
  return last - ((weekday(last) - dow + 7) % 7) * DAY_MS;
}

/** Easter Sunday (Gregorian, anonymous algorithm of Meeus/Jones/Butcher). */
function easter(year: number): number {
  const a = year % 19, b = Math.floor(year / 100), c = year % 100;
  const d = Math.floor(b / 4), e = b % 4, f = Math.floor((b + 8) / 25), g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30, i = Math.floor(c / 4), k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7, m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31), day = ((h + l - 7 * m + 114) % 31) + 1;
  return utc(year, month, day);
}

/** A fixed-date holiday on a Sunday is observed on Monday, on a Saturday on Friday (not for New Year's Day). */
function observed(ms: number, saturdayToFriday = true): number | null {
  const dow = weekday(ms);
  if (dow === 0) return ms + DAY_MS;
  if (dow === 6) return saturdayToFriday ? ms - DAY_MS : null;
  return ms;
}

/** The US bond-market full-day closes of a year, as ISO dates. */
export function bondMarketHolidays(year: number): string[] {
  const days: (number | null)[] = [
    observed(utc(year, 1, 1), false), // New Year's Day
    nthWeekday(year, 1, 1, 3), // Martin Luther King Jr. Day
    nthWeekday(year, 2, 1, 3), // Washington's Birthday
    easter(year) - 2 * DAY_MS, // Good Friday
    nthWeekday(year, 5, 1, -1), // Memorial Day
    year >= 2022 ? observed(utc(year, 6, 19)) : null, // Juneteenth
    observed(utc(year, 7, 4)), // Independence Day
    nthWeekday(year, 9, 1, 1), // Labor Day
    nthWeekday(year, 10, 1, 2), // Columbus Day
    observed(utc(year, 11, 11)), // Veterans Day
    nthWeekday(year, 11, 4, 4), // Thanksgiving
    observed(utc(year, 12, 25)), // Christmas
  ];
  return days.filter((d): d is number => d !== null).map(isoDate).sort();
}

const holidayCache = new Map<number, Set<string>>();
export function isTradingDay(iso: string): boolean {
  const ms = parseIsoDate(iso);
  const dow = weekday(ms);
  if (dow === 0 || dow === 6) return false;
  const year = Number(iso.slice(0, 4));
  let set = holidayCache.get(year);
  if (!set) holidayCache.set(year, (set = new Set(bondMarketHolidays(year))));
  return !set.has(iso);
}

/** The dates of ticks 0..ticks (tick 0 = start, which must itself be a trading day). */
export function tradingDates(start: string, ticks: number): string[] {
  if (!isTradingDay(start)) throw new RangeError(`start date ${start} is not a US bond-market trading day`);
  const out = [start];
  let ms = parseIsoDate(start);
  while (out.length <= ticks) {
    ms += DAY_MS;
    const iso = isoDate(ms);
    if (isTradingDay(iso)) out.push(iso);
  }
  return out;
}

/** Trading days d with from ≤ d ≤ to (0 when to < from). */
export function tradingDaysBetween(from: string, to: string): number {
  if (to < from) return 0;
  let ms = parseIsoDate(from), n = 0;
  const end = parseIsoDate(to);
  for (; ms <= end; ms += DAY_MS) if (isTradingDay(isoDate(ms))) n++;
  return n;
}

/** The tick of a date: the index of the first trading day on or after it, counting from `start` (tick 0). */
export function tickOfDate(start: string, date: string): number {
  if (date <= start) return 0;
  let ms = parseIsoDate(start), tick = 0;
  const end = parseIsoDate(date);
  while (ms < end) {
    ms += DAY_MS;
    if (isTradingDay(isoDate(ms))) tick++;
  }
  return isTradingDay(date) ? tick : tick + 1;
}
