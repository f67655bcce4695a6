// The dated events drawn on a batch's fans, from what the batch folder keeps: the election date of the resolved
// scenario (manifest.json), the first acceptance of a FIMA request per run (interventionTick in runs.csv) and the
// dates by which the FIMA repo is drawn in 5% and in half of the runs (fimaRepo's quantiles in bands.csv). The
// Treasury's first request is not kept by the folder (no metric, no series), so it is named as missing, not guessed.
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

export const FIRST_REQUEST_MISSING = 'the Treasury\'s first FIMA request: the batch folder keeps no per-run request tick (only the first acceptance, interventionTick)';

/** What the events need of a batch folder; runs and bands may lack a column (an older or reduced batch). */
export interface EventSource {
  readonly scenario: unknown; // manifest.json's resolved scenario
  readonly bands: CsvTable;
  readonly runs?: { has(name: string): boolean; numbers(name: string): readonly number[] };
}

export function batchEvents(b: EventSource): BatchEvents {
  const dates = b.bands.text('date');
  const ticks = b.bands.has('tick') ? b.bands.numbers('tick') : dates.map((_, i) => i);
  const dateOfTick = new Map(ticks.map((t, i) => [t, dates[i]]));
  const events: BatchEvent[] = [];
  const election = electionDate(b.scenario);
  if (election) events.push({ date: election, label: 'election', meaning: `US presidential election (treasury.electionDate ${election})` });
  if (b.runs?.has('interventionTick')) {
    const marker = NEVER_MARKERS.interventionTick;
    const all = b.runs.numbers('interventionTick').filter(Number.isFinite);
    const happened = all.filter((t) => t !== marker).sort((x, y) => x - y);
    if (happened.length > 0) {
      const first = happened[0];
      const median = Math.round(quantilesSorted(Float64Array.from(happened), [0.5])[0]);
      const share = `${happened.length} of ${all.length} runs`;
      const at = (t: number) => dateOfTick.get(t);
      if (at(first)) events.push({ date: at(first)!, label: 'first acceptance', meaning: `the earliest run's first acceptance of a FIMA request (tick ${first}; accepted in ${share})` });
      if (at(median) && median !== first) events.push({ date: at(median)!, label: 'median acceptance', meaning: `the median first acceptance over the runs that accepted (tick ${median}; ${share})` });
    }
  }
  for (const [column, label, meaning] of [
    ['fimaRepo_p95', 'FIMA drawn, 5% of runs', 'the first date on which at least 5% of runs have FIMA repo outstanding (bands.csv fimaRepo_p95 > 0)'],
    ['fimaRepo_p50', 'FIMA drawn, half of runs', 'the first date on which at least half of the runs have FIMA repo outstanding (bands.csv fimaRepo_p50 > 0)'],
  ] as const) {
    if (!b.bands.has(column)) continue;
    const k = b.bands.numbers(column).findIndex((v) => v > 0);
    if (k >= 0) events.push({ date: dates[k], label, meaning });
  }
  return { events: events.sort((x, y) => (x.date < y.date ? -1 : x.date > y.date ? 1 : 0)), missing: [FIRST_REQUEST_MISSING] };
}

/** treasury.electionDate of a resolved scenario, if it has one. */
export function electionDate(scenario: unknown): string | null {
  const t = (scenario as { treasury?: { electionDate?: unknown } } | null | undefined)?.treasury?.electionDate;
  return typeof t === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(t) ? t : null;
}
