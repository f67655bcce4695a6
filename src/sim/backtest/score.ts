// Scoring a backtest: each origin's ensemble at each horizon against what happened (realised.ts), one tidy row per
// origin × series × horizon, and the summary across origins (coverage, CRPS and its skill against a naive random
// walk, PIT). Everything is recomputed from the origin folders in a fixed order, so the same batches give the same
// bytes however they were run.
import type { Dataset } from '../../data/dataset.js';
import { runLayout } from '../batch/layout.js';
import { batchFile, readBatchFolder } from '../files/batch-folder.js';
import { SeriesFile } from '../batch/series-file.js';
import { tradingDates } from '../calendar.js';
import { csvLine, formatNumber } from '../format.js';
import { BANDED } from '../run/series.js';
import {
  centralInterval, covers, crpsEnsembleFairSorted, crpsRandomWalk, crpsSkill, pitHistogram, pitSorted, pitUniformity, quantilesSorted, trailingChangeSd,
} from '../stats/index.js';
import { REALISED, SCORED_SERIES, realisedAt, trailingYear, type ScoredSeries } from './realised.js';

export interface BacktestRow {
  readonly origin: string;
  readonly series: ScoredSeries;
  readonly horizon: number;
  readonly date: string; // the target date: the origin's trading day + horizon
  readonly runs: number; // ensemble members (finished runs)
  readonly realised: number | null;
  readonly realisedAsOf: string | null; // the date of the newest observation the realised value uses
  readonly mean: number;
  readonly p05: number; readonly p25: number; readonly p50: number; readonly p75: number; readonly p95: number;
  readonly in50: boolean | null;
  readonly in90: boolean | null;
  readonly pit: number | null;
  readonly crps: number | null;
  readonly naiveSd: number | null; // the random walk's sd at this horizon (in logs for prices)
  readonly naiveCrps: number | null;
}

const BANDED_INDEX: Readonly<Record<string, number>> = Object.fromEntries(BANDED.map((s, i) => [s, i]));

/** The rows of one origin: its batch folder read at each horizon, scored against the data. */
export function scoreOrigin(dir: string, origin: string, horizons: readonly number[], data: Dataset): BacktestRow[] {
  const folder = readBatchFolder(dir, ['runs']);
  const { manifest } = folder, ok = folder.runs.runIndex; // the runs table lists the finished runs only
  if (!manifest.finishedAt) throw new Error(`${dir}: the origin's batch is not finished`);
  const { ticks } = manifest.scenario;
  const layout = runLayout(ticks);
  const dates = tradingDates(origin, ticks);
  // each finished run's compact series, read once (one read per run, not one per value)
  const file = SeriesFile.open(batchFile(dir, 'series'), layout, manifest.runs, 'read');
  let runs: Float32Array[];
  try {
    runs = ok.map((runIndex) => file.read(runIndex, 0, layout.floats, new Float32Array(layout.floats)));
  } finally {
    file.close();
  }
  const rows: BacktestRow[] = [];
  for (const series of SCORED_SERIES) {
    const b = BANDED_INDEX[series];
    const spec = REALISED[series];
    const start = realisedAt(data, series, origin);
    const trailing = trailingYear(data, series, origin);
    const change = trailingChangeSd(trailing.values, spec.log);
    for (const h of horizons) {
      const members = new Float64Array(ok.length);
      runs.forEach((run, j) => { members[j] = run[b * layout.points + h]; });
      members.sort();
      const truth = realisedAt(data, series, dates[h]);
      const [p05, p25, p50, p75, p95] = quantilesSorted(members, [0.05, 0.25, 0.5, 0.75, 0.95]);
      let mean = 0;
      for (const x of members) mean += x;
      mean /= members.length;
      // the naive forecast: a random walk from the origin's value with the trailing year's volatility per trading day
      const naiveSd = start && change ? change.sd * Math.sqrt(h / trailing.tradingDaysPerObservation) : null;
      const y = truth?.value ?? null;
      rows.push({
        origin, series, horizon: h, date: dates[h], runs: members.length, realised: y, realisedAsOf: truth?.asOf ?? null,
        mean, p05, p25, p50, p75, p95,
        in50: y === null ? null : covers(centralInterval(members, 0.5), y),
        in90: y === null ? null : covers(centralInterval(members, 0.9), y),
        pit: y === null ? null : pitSorted(members, y),
        crps: y === null ? null : crpsEnsembleFairSorted(members, y),
        naiveSd,
        naiveCrps: y === null || naiveSd === null || !start ? null : crpsRandomWalk(start.value, naiveSd, 1, spec.log, y),
      });
    }
  }
  return rows;
}

export const BACKTEST_COLUMNS = ['origin', 'series', 'horizon', 'date', 'runs', 'realised', 'realisedAsOf', 'mean', 'p05', 'p25', 'p50', 'p75', 'p95',
  'in50', 'in90', 'pit', 'crps', 'naiveSd', 'naiveCrps'] as const;

export function backtestCsv(rows: readonly BacktestRow[]): string {
  const cell = (v: unknown): string | number => (v === null ? '' : typeof v === 'boolean' ? (v ? 1 : 0) : (v as string | number));
  const lines = [csvLine([...BACKTEST_COLUMNS]), ...rows.map((r) => csvLine(BACKTEST_COLUMNS.map((c) => cell(r[c]))))];
  return `${lines.join('\n')}\n`;
}

export interface HorizonScore {
  readonly series: ScoredSeries;
  readonly horizon: number;
  readonly origins: number; // origins with a realised value
  readonly coverage50: number | null;
  readonly coverage90: number | null;
  readonly crps: number | null; // mean over origins
  readonly naiveCrps: number | null;
  readonly skill: number | null; // 1 − CRPS / naive CRPS (positive: better than the random walk)
  readonly medianError: number | null; // mean of (ensemble median − realised): the bias
  readonly pitHistogram: number[];
  readonly pitChi2: number | null;
  readonly pitChi2P: number | null;
  readonly pitKs: number | null;
  readonly pitKsP: number | null;
}

export const PIT_BINS = 10;

/** Scores across origins for every series and horizon, in SCORED_SERIES × horizon order. */
export function horizonScores(rows: readonly BacktestRow[], horizons: readonly number[]): HorizonScore[] {
  const out: HorizonScore[] = [];
  for (const series of SCORED_SERIES) {
    for (const horizon of horizons) {
      const rs = rows.filter((r) => r.series === series && r.horizon === horizon && r.realised !== null);
      const n = rs.length;
      const share = (f: (r: BacktestRow) => boolean | null): number | null => (n === 0 ? null : rs.filter((r) => f(r) === true).length / n);
      const meanOf = (xs: number[]): number | null => (xs.length === 0 ? null : xs.reduce((a, b) => a + b, 0) / xs.length);
      const crps = rs.map((r) => r.crps as number);
      const paired = rs.filter((r) => r.naiveCrps !== null);
      const pits = rs.map((r) => r.pit as number);
      const u = n > 0 ? pitUniformity(pits, PIT_BINS) : null;
      out.push({
        series, horizon, origins: n,
        coverage50: share((r) => r.in50), coverage90: share((r) => r.in90),
        crps: meanOf(crps), naiveCrps: meanOf(paired.map((r) => r.naiveCrps as number)),
        skill: crpsSkill(paired.map((r) => r.crps as number), paired.map((r) => r.naiveCrps as number)),
        medianError: meanOf(rs.map((r) => r.p50 - (r.realised as number))),
        pitHistogram: pitHistogram(pits, PIT_BINS),
        pitChi2: u?.chi2 ?? null, pitChi2P: u?.chi2P ?? null, pitKs: u?.ks ?? null, pitKsP: u?.ksP ?? null,
      });
    }
  }
  return out;
}

/** Numbers in summary.json keep at most 6 significant digits: means over origins need no more, and the file stays readable. */
export const round = (x: number | null): number | null => (x === null || !Number.isFinite(x) ? x : Number(formatNumber(Number(x.toPrecision(6)))));
