// The dates and date → tick lookup of a run, shared by every run of a batch with the same start and horizon.
import { tickOfDate, tradingDates } from '../calendar.js';

export interface RunCalendar {
  readonly dates: readonly string[];
  readonly tickOf: (date: string) => number;
}

// Building the dates walks the calendar day by day through Date and ISO strings, which cost more than a whole run of
// investors: every run of a batch shares one calendar per (start, ticks). The dates array is frozen because it is
// shared by every RunResult.
const calendars = new Map<string, RunCalendar>();

export function calendarOf(start: string, ticks: number): RunCalendar {
  const key = `${start}|${ticks}`;
  let cal = calendars.get(key);
  if (!cal) {
    const dates = Object.freeze(tradingDates(start, ticks));
    const cache = new Map<string, number>();
    const tickOf = (date: string): number => {
      let k = cache.get(date);
      if (k === undefined) cache.set(date, (k = tickOfDate(start, date)));
      return k;
    };
    calendars.set(key, (cal = { dates, tickOf }));
  }
  return cal;
}
