// What really happened, in the model's series and units: the one table that says which data series stands for which
// model series (a backtest scores against it; reports draw it over the fans). Each value is an as-of lookup — the
// last observation on or before the date, never interpolated — and is missing (null) where the data is stale.
import { isoDate, parseIsoDate } from '../calendar.js';
import { asOf, daysBetween, loadDataset, resolveDataDir, type Dataset, type DataSeries, type Observation } from '../../data/dataset.js';

export interface RealisedSeries {
  /** The model series (series.ts) this stands for. */
  readonly series: ScoredSeries;
  readonly label: string;
  /** The data series it is read from. */
  readonly ids: readonly string[];
  /** How it is formed from them, for captions and docs. */
  readonly source: string;
  /** The naive benchmark moves it in logs (prices) or in levels (yields, USD bn). */
  readonly log: boolean;
  /** Model units of the value, as series.ts writes them. */
  readonly unit: string;
}

/** The series a backtest scores, in report order. */
export const SCORED_SERIES = ['ust10y', 'btcPrice', 'rrp', 'tga', 'reserves', 'netLiquidity', 'usdjpy'] as const;
export type ScoredSeries = (typeof SCORED_SERIES)[number];

export const REALISED: Readonly<Record<ScoredSeries, RealisedSeries>> = {
  ust10y: { series: 'ust10y', label: '10-year Treasury yield', ids: ['DGS10'], source: 'DGS10 (H.15)', log: false, unit: '%' },
  btcPrice: { series: 'btcPrice', label: 'BTC price', ids: ['BTCUSD'], source: 'BTCUSD (Yahoo BTC-USD close, third party)', log: true, unit: 'USD' },
  rrp: { series: 'rrp', label: 'ON RRP', ids: ['RRPONTSYD'], source: 'RRPONTSYD (NY Fed)', log: false, unit: 'USD bn' },
  tga: { series: 'tga', label: 'Treasury General Account', ids: ['WDTGAL'], source: 'WDTGAL (H.4.1, Wednesday level)', log: false, unit: 'USD bn' },
  reserves: { series: 'reserves', label: 'Bank reserves', ids: ['WRESBAL'], source: 'WRESBAL (H.4.1, week average)', log: false, unit: 'USD bn' },
  netLiquidity: { series: 'netLiquidity', label: 'Net liquidity (Fed assets − TGA − RRP)', ids: ['WALCL', 'WDTGAL', 'RRPONTSYD'],
    source: 'WALCL − WDTGAL − RRPONTSYD', log: false, unit: 'USD bn' },
  usdjpy: { series: 'usdjpy', label: 'USD/JPY', ids: ['DEXJPUS'], source: 'DEXJPUS (H.10, noon NY)', log: true, unit: 'JPY per USD' },
};

/** Every data series the realised table reads. */
export const REALISED_IDS: readonly string[] = [...new Set(SCORED_SERIES.flatMap((s) => REALISED[s].ids))];

/** The series the realised paths read, from `dir` (else FIMASIM_DATA, else the bundled folder). */
export function loadRealisedData(dir?: string): Dataset {
  return loadDataset(resolveDataDir(dir), REALISED_IDS);
}

export const isScored = (name: string): name is ScoredSeries => (SCORED_SERIES as readonly string[]).includes(name);

/** An as-of observation that is fresh (within the series' allowed lag), or null. */
function fresh(s: DataSeries, date: string): Observation | null {
  if (date < s.first) return null;
  const o = asOf(s, date);
  return o && daysBetween(o.date, date) <= s.spec.maxAgeDays ? o : null;
}

/** The realised value of a model series on a date (model units), and the date of the newest observation it uses;
 *  null where any series it needs has no fresh value. */
export function realisedAt(data: Dataset, series: ScoredSeries, date: string): { value: number; asOf: string } | null {
  const obs: Observation[] = [];
  for (const id of REALISED[series].ids) {
    const o = fresh(data.get(id), date);
    if (!o) return null;
    obs.push(o);
  }
  const newest = obs.reduce((a, o) => (o.date > a ? o.date : a), obs[0].date);
  if (series === 'netLiquidity') return { value: round6(obs[0].model - obs[1].model - obs[2].model), asOf: newest };
  return { value: obs[0].model, asOf: newest };
}

/** The realised path over a run's dates (null where the data is stale or has not started). */
export function realisedPath(data: Dataset, series: ScoredSeries, dates: readonly string[]): (number | null)[] {
  return dates.map((d) => realisedAt(data, series, d)?.value ?? null);
}

/**
 * The observations of a series over the trailing year before (and including) `origin`, oldest first: the naive
 * benchmark's window. Net liquidity is formed on the Wednesdays of WALCL (its slowest part).
 */
export function trailingYear(data: Dataset, series: ScoredSeries, origin: string): { values: number[]; tradingDaysPerObservation: number } {
  const from = isoDate(parseIsoDate(origin) - 365 * 86_400_000);
  const base = data.get(REALISED[series].ids[0]);
  const values: number[] = [];
  for (let i = 0; i < base.dates.length && base.dates[i] <= origin; i++) {
    const d = base.dates[i];
    if (d <= from) continue;
    const v = series === 'netLiquidity' ? realisedAt(data, series, d)?.value : base.spec.toModel(base.values[i]);
    if (v !== undefined && v !== null) values.push(v);
  }
  // ≈ 251 trading days a year; a 7-day series has more observations than trading days, a weekly one fewer
  const tradingDaysPerObservation = values.length > 1 ? TRADING_DAYS_PER_YEAR / (values.length - 1) : 1;
  return { values, tradingDaysPerObservation };
}

const TRADING_DAYS_PER_YEAR = 251;
const round6 = (x: number): number => Math.round(x * 1e6) / 1e6;
