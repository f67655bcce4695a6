// The dated events drawn on a batch's fans, from what the batch folder keeps: the election date of the resolved
// scenario (manifest.json), the Treasury's first request for FIMA absorption and the BOJ/MoF's first acceptance per
// run (requestTick and interventionTick in runs.csv: the earliest run's and the median over the runs where it
// happened; runs where it never did are left out and counted) and the dates by which the FIMA repo is drawn in 5% and
// in half of the runs (fimaRepo's quantiles in bands.csv). A folder written before runs.csv kept requestTick has no
// request marker, and says so.
import type { CsvTable } from '../sim/files/csv-table.js';
import { NEVER_MARKERS } from '../sim/run/metrics.js';
import { quantilesSorted } from '../sim/stats/index.js';
import type { ChartEvent } from './charts.js';

export interface BatchEvent extends ChartEvent {
  /** What the marker means, in a sentence, for the table under the fans. */
  readonly meaning: string;
}

export interface BatchEvents {
  readonly events: readonly BatchEvent[];
  /** Events asked for that the folder cannot place, with the reason. */
  readonly missing: readonly string[];
}

export const FIRST_REQUEST_MISSING = 'the Treasury\'s first FIMA request: runs.csv has no requestTick (a folder written before fimasim kept it)';

/** What the events need of a batch folder; runs and bands may lack a column (an older or reduced batch). */
export interface EventSource {
  readonly scenario: unknown; // manifest.json's resolved scenario
  readonly bands: CsvTable;
  readonly runs?: { has(name: string): boolean; numbers(name: string): readonly number[] };
}

/** The per-run ticks drawn as events: the earliest run's and the median run's. */
const TICK_EVENTS: readonly { metric: string; noun: string; what: string; verb: string; missing?: string }[] = [
  { metric: 'requestTick', noun: 'request', what: 'request for FIMA absorption by the Treasury', verb: 'asked', missing: FIRST_REQUEST_MISSING },
  { metric: 'interventionTick', noun: 'acceptance', what: 'acceptance of a FIMA request', verb: 'accepted' },
];

export function batchEvents(b: EventSource): BatchEvents {
  const dates = b.bands.text('date');
  const ticks = b.bands.has('tick') ? b.bands.numbers('tick') : dates.map((_, i) => i);
  const dateOfTick = new Map(ticks.map((t, i) => [t, dates[i]]));
  const events: BatchEvent[] = [];
  const election = electionDate(b.scenario);
  if (election) events.push({ date: election, label: 'election', meaning: `US presidential election (treasury.electionDate ${election})` });
  const missing: string[] = [];
  for (const m of TICK_EVENTS) {
    if (!b.runs?.has(m.metric)) {
      if (m.missing) missing.push(m.missing);
      continue;
    }
    const marker = NEVER_MARKERS[m.metric];
    const all = b.runs.numbers(m.metric).filter(Number.isFinite);
    const happened = all.filter((t) => t !== marker).sort((x, y) => x - y);
    if (happened.length === 0) continue;
    const first = happened[0];
    const median = Math.round(quantilesSorted(Float64Array.from(happened), [0.5])[0]);
    const share = `${happened.length} of ${all.length} runs`;
    const at = (t: number) => dateOfTick.get(t);
    if (at(first)) events.push({ date: at(first)!, label: `first ${m.noun}`, meaning: `the earliest run's first ${m.what} (tick ${first}; ${m.verb} in ${share})` });
    if (at(median) && median !== first) events.push({ date: at(median)!, label: `median ${m.noun}`, meaning: `the median first ${m.what} over the runs that ${m.verb} (tick ${median}; ${share})` });
  }
  for (const [column, label, meaning] of [
    ['fimaRepo_p95', 'FIMA drawn, 5% of runs', 'the first date on which at least 5% of runs have FIMA repo outstanding (bands.csv fimaRepo_p95 > 0)'],
    ['fimaRepo_p50', 'FIMA drawn, half of runs', 'the first date on which at least half of the runs have FIMA repo outstanding (bands.csv fimaRepo_p50 > 0)'],
  ] as const) {
    if (!b.bands.has(column)) continue;
    const k = b.bands.numbers(column).findIndex((v) => v > 0);
    if (k >= 0) events.push({ date: dates[k], label, meaning });
  }
  return { events: events.sort((x, y) => (x.date < y.date ? -1 : x.date > y.date ? 1 : 0)), missing };
}

/** treasury.electionDate of a resolved scenario, if it has one. */
export function electionDate(scenario: unknown): string | null {
  const t = (scenario as { treasury?: { electionDate?: unknown } } | null | undefined)?.treasury?.electionDate;
  return typeof t === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(t) ? t : null;
}
