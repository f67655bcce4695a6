// Responses around dated events (issue 16): a study may name dates — a policy decision, an announcement, a stress
// episode — and match the model's move in one series over [date − before, date + after] trading days to the data's.
// Each event is one more moment, `event.<name>`, computed by the same rule on a simulated run and on the data.
//
// Its uncertainty cannot come from the block bootstrap (a dated event is one observation, and resampling blocks loses
// its date). The yardstick is how much the series moves over any span of the same length in the window: a replica's
// value is the data's response plus a randomly drawn same-length change of the window, recentred, so the interval says
// whether the model's response would be unusual for that series, not only whether it is the data's number.
import seedrandom from 'seedrandom';
import { z } from 'zod';
import type { Dataset } from '../../data/dataset.js';
import { REALISED, realisedAt, SCORED_SERIES, type ScoredSeries } from '../backtest/realised.js';
import type { Moment } from './moments.js';

export const eventSchema = z.strictObject({
  name: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'lower-case letters, digits and dashes'),
  date: z.string().describe('the event day: a US trading day inside the window (YYYY-MM-DD)'),
  series: z.enum(SCORED_SERIES).describe('the series whose move is matched'),
  before: z.number().int().min(0).max(252).default(1).describe('trading days before the date where the move starts'),
  after: z.number().int().min(1).max(252).default(20).describe('trading days after the date where the move ends'),
  description: z.string().default(''),
});
export type StudyEvent = z.infer<typeof eventSchema>;

export const eventMomentName = (e: StudyEvent): string => `event.${e.name}`;

/** The move of a series between two levels, in the moment's unit: bp for the 10y, log points for prices, else USD bn. */
export function eventMove(series: ScoredSeries, from: number, to: number): number {
  if (REALISED[series].log) return Math.log(to / from);
  return series === 'ust10y' ? (to - from) * 100 : to - from;
}

const unitOf = (series: ScoredSeries): string => (REALISED[series].log ? 'log' : series === 'ust10y' ? 'bp' : 'USD bn');

/** The event as a moment: it reads the response that the inputs carry under its name. */
export function eventMoment(e: StudyEvent): Moment {
  const name = eventMomentName(e);
  return {
    name, unit: unitOf(e.series), inputs: [], minTicks: e.before + e.after + 1,
    label: `${REALISED[e.series].label}: move from ${e.before} trading days before ${e.date} to ${e.after} after`,
    compute: (x) => x.events?.[e.name] ?? Number.NaN,
  };
}

/** Where an event falls in a simulated path: segment k, and the ticks where its move starts and ends. */
export interface EventTicks {
  readonly name: string;
  readonly series: ScoredSeries;
  readonly segment: number;
  readonly from: number;
  readonly to: number;
}

/** The data's response to an event and every same-length change of the window (the yardstick of its uncertainty). */
export interface EventData {
  readonly value: number;
  readonly changes: Float64Array;
}

/** The event's response in the data and the window's same-length changes; null where the data is stale at either end. */
export function eventData(data: Dataset, e: StudyEvent, days: readonly string[], at: number): EventData | null {
  const level = days.map((d) => realisedAt(data, e.series, d)?.value ?? null);
  const a = level[at - e.before], b = level[at + e.after];
  if (a === null || b === null || a === undefined || b === undefined) return null;
  const span = e.before + e.after;
  const changes: number[] = [];
  for (let i = span; i < level.length; i++) {
    const u = level[i - span], v = level[i];
    if (u !== null && v !== null) changes.push(eventMove(e.series, u, v));
  }
  return { value: eventMove(e.series, a, b), changes: Float64Array.from(changes) };
}

export const eventSeedKey = (seed: string, name: string): string => `fimasim/v1|${seed}|calibrate|bootstrap|event|${name}`;

/** Replica values of one event: its response plus a recentred random same-length change of the window. */
export function eventReplicas(d: EventData, replicas: number, seed: string, name: string): Float64Array {
  const rng = seedrandom.alea(eventSeedKey(seed, name));
  const n = d.changes.length;
  let mean = 0;
  for (const c of d.changes) mean += c / n;
  return Float64Array.from({ length: replicas }, () => (n ? d.value + d.changes[Math.floor(rng() * n)] - mean : Number.NaN));
}
