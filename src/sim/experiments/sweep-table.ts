// sweep.csv: one row per grid point — the varied values, the runs, each metric's mean, p05, p50 and p95, and the
// probabilities (the boolean outcomes and the chain's steps) with their Wilson 95% intervals. Everything comes from
// the points' summary.json files, so the table is byte-identical whatever the workers.
import { METRICS } from '../run/metrics.js';
import { csvLine } from '../format.js';
import type { Axis } from './grid.js';

interface Proportion { readonly p: number | null; readonly lo: number | null; readonly hi: number | null }

/** What sweep.csv and the sweep report read of a point's summary.json. */
export interface PointSummary {
  readonly point: number;
  readonly dir: string;
  readonly values: Readonly<Record<string, string>>;
  readonly scenarioHash: string;
  readonly summary: {
    readonly runs: number;
    readonly runsDone: number;
    readonly runsFailed: number;
    readonly metrics: Readonly<Record<string, { readonly mean: number | null; readonly p05: number | null; readonly p50: number | null; readonly p95: number | null }>>;
    readonly probabilities: Readonly<Record<string, Proportion>>;
    readonly chain: readonly (Proportion & { readonly step: string })[];
  };
}

export const METRIC_STATS = ['mean', 'p05', 'p50', 'p95'] as const;

/** A column name for a chain step: 'P(spike | sales)' → 'P_spike_given_sales'. */
export const chainColumn = (step: string): string =>
  `P_${step.replace(/^P\(|\)$/g, '').replace(/ \| /g, '_given_').replace(/, /g, '_and_').replace(/[^\w]+/g, '-')}`;

/** The probability columns of a summary, in order: boolean outcomes, then the chain. */
export function probabilityColumns(s: PointSummary['summary']): { name: string; value: Proportion }[] {
  return [
    ...Object.entries(s.probabilities ?? {}).map(([k, v]) => ({ name: `P_${k}`, value: v })),
    ...(s.chain ?? []).map((c) => ({ name: chainColumn(c.step), value: c })),
  ];
}

export function sweepCsv(axes: readonly Axis[], points: readonly PointSummary[]): string {
  const probs = points.length ? probabilityColumns(points[0].summary).map((c) => c.name) : [];
  const header = ['point', ...axes.map((a) => a.path), 'scenarioHash', 'runs', 'runsDone', 'runsFailed',
    ...METRICS.flatMap((m) => METRIC_STATS.map((s) => `${m.name}_${s}`)),
    ...probs.flatMap((p) => [p, `${p}_lo`, `${p}_hi`])];
  const cell = (x: number | null | undefined): string | number => (x === null || x === undefined ? '' : x);
  const rows = points.map((p) => {
    const pc = new Map(probabilityColumns(p.summary).map((c) => [c.name, c.value]));
    return csvLine([p.point, ...axes.map((a) => p.values[a.path]), p.scenarioHash, p.summary.runs, p.summary.runsDone, p.summary.runsFailed,
      ...METRICS.flatMap((m) => METRIC_STATS.map((s) => cell(p.summary.metrics[m.name]?.[s]))),
      ...probs.flatMap((name) => { const v = pc.get(name); return [cell(v?.p), cell(v?.lo), cell(v?.hi)]; })]);
  });
  return `${[csvLine(header), ...rows].join('\n')}\n`;
}
