// The one declared table of data series: what each file holds, in which unit, how its rows are dated, how it
// converts to the model's unit and how old an as-of value may be. Docs, `fimasim data` and start-from-data all read
// this table; the facts come from data/README.md (publisher, licence, cross-checks).
import { closest } from '../sim/scenario/problems.js';
import { DataError } from './errors.js';

export type Frequency = 'daily' | 'business-daily' | 'weekly' | 'monthly';

export interface SeriesSpec {
  /** The file name without `.csv` (the FRED id where there is one). */
  readonly id: string;
  readonly meaning: string;
  /** The unit of the numbers in the file. */
  readonly unit: string;
  readonly frequency: Frequency;
  /** How rows are dated (which day an observation carries). */
  readonly dated: string;
  readonly modelUnit: string;
  /** File unit → model unit. */
  readonly toModel: (v: number) => number;
  /** An as-of value older than this many calendar days is refused as stale. */
  readonly maxAgeDays: number;
  /** Publisher, short (FRB = Board of Governors of the Federal Reserve System; NY Fed = Federal Reserve Bank of New York). */
  readonly source: string;
  readonly licence: string;
}

/** Calendar days an as-of value may lag its date: a business-daily series spans a long weekend plus a holiday, a
 *  7-day series a missed day or two, a weekly one a skipped release, a monthly one TIC's publication lag. */
export const MAX_AGE_DAYS: Readonly<Record<Frequency, number>> = { 'business-daily': 7, daily: 5, weekly: 10, monthly: 366 };

const same = (v: number): number => v;
// Division (not × 0.001) is correctly rounded, so 6681056 → 6681.056 exactly as printed.
const millionsToBillions = (v: number): number => v / 1000;

const PUBLIC_DOMAIN = 'public domain (US government work)';
const FRBNY = 'FRBNY terms of use (attribution)';

type Row = Omit<SeriesSpec, 'maxAgeDays' | 'modelUnit' | 'toModel'>;
const UNIT_TO_MODEL: Readonly<Record<string, [string, (v: number) => number]>> = {
  percent: ['%', same],
  'USD millions': ['USD bn', millionsToBillions],
  'USD billions': ['USD bn', same],
  USD: ['USD', same],
  'JPY per USD': ['JPY per USD', same],
};

const ROWS: readonly Row[] = [
  { id: 'DGS10', meaning: '10-year Treasury constant-maturity yield', unit: 'percent', frequency: 'business-daily', dated: 'business day',
    source: 'FRB H.15, via FRED', licence: PUBLIC_DOMAIN },
  { id: 'DGS2', meaning: '2-year Treasury constant-maturity yield', unit: 'percent', frequency: 'business-daily', dated: 'business day',
    source: 'FRB H.15, via FRED', licence: PUBLIC_DOMAIN },
  { id: 'DGS3MO', meaning: '3-month Treasury constant-maturity yield', unit: 'percent', frequency: 'business-daily', dated: 'business day',
    source: 'FRB H.15, via FRED', licence: PUBLIC_DOMAIN },
  { id: 'WALCL', meaning: 'Federal Reserve total assets', unit: 'USD millions', frequency: 'weekly', dated: 'Wednesday level',
    source: 'FRB H.4.1, via FRED', licence: PUBLIC_DOMAIN },
  { id: 'WRESBAL', meaning: 'reserve balances with Federal Reserve Banks', unit: 'USD millions', frequency: 'weekly', dated: 'week average, dated Wednesday',
    source: 'FRB H.4.1, via FRED', licence: PUBLIC_DOMAIN },
  { id: 'RRPONTSYD', meaning: 'overnight reverse repo (ON RRP) take-up', unit: 'USD billions', frequency: 'business-daily', dated: 'operation day (0 = published zero)',
    source: 'NY Fed, via FRED', licence: FRBNY },
  { id: 'WTREGEN', meaning: 'Treasury General Account (TGA), week average', unit: 'USD millions', frequency: 'weekly', dated: 'week average, dated Wednesday',
    source: 'FRB H.4.1, via FRED', licence: PUBLIC_DOMAIN },
  { id: 'WDTGAL', meaning: 'Treasury General Account (TGA), Wednesday level', unit: 'USD millions', frequency: 'weekly', dated: 'Wednesday level',
    source: 'FRB H.4.1, via FRED', licence: PUBLIC_DOMAIN },
  { id: 'WCURCIR', meaning: 'currency in circulation', unit: 'USD millions', frequency: 'weekly', dated: 'week ending Wednesday, dated Wednesday',
    source: 'FRB H.4.1, via FRED', licence: PUBLIC_DOMAIN },
  { id: 'DFEDTARU', meaning: 'federal funds target range, upper limit', unit: 'percent', frequency: 'daily', dated: 'calendar day',
    source: 'FRB (FOMC), via FRED', licence: PUBLIC_DOMAIN },
  { id: 'DFEDTARL', meaning: 'federal funds target range, lower limit', unit: 'percent', frequency: 'daily', dated: 'calendar day',
    source: 'FRB (FOMC), via FRED', licence: PUBLIC_DOMAIN },
  { id: 'EFFR', meaning: 'effective federal funds rate', unit: 'percent', frequency: 'business-daily', dated: 'business day',
    source: 'NY Fed, via FRED', licence: FRBNY },
  { id: 'DFF', meaning: 'effective federal funds rate, every calendar day', unit: 'percent', frequency: 'daily', dated: 'calendar day (weekends carry the previous business day)',
    source: 'FRB H.15 (NY Fed rate), via FRED', licence: 'public domain (cite FRB and FRBNY)' },
  { id: 'SOFR', meaning: 'secured overnight financing rate', unit: 'percent', frequency: 'business-daily', dated: 'business day',
    source: 'NY Fed, via FRED', licence: FRBNY },
  { id: 'IORB', meaning: 'interest rate on reserve balances', unit: 'percent', frequency: 'daily', dated: 'calendar day (from 2021-07-29)',
    source: 'FRB, via FRED', licence: PUBLIC_DOMAIN },
  { id: 'DEXJPUS', meaning: 'yen per US dollar, New York noon buying rate', unit: 'JPY per USD', frequency: 'business-daily', dated: 'business day, noon New York',
    source: 'FRB H.10, via FRED', licence: PUBLIC_DOMAIN },
  { id: 'BTCUSD', meaning: 'Bitcoin price in US dollars, daily close', unit: 'USD', frequency: 'daily', dated: 'UTC day close',
    source: 'Yahoo Finance BTC-USD (third party)', licence: 'third party: Yahoo Finance terms (re-source before publishing)' },
  { id: 'JP_UST_HOLDINGS_TIC', meaning: "Japan's holdings of US Treasury securities", unit: 'USD billions', frequency: 'monthly', dated: 'end of month',
    source: 'US Treasury, TIC', licence: PUBLIC_DOMAIN },
];

export const SERIES_CATALOG: readonly SeriesSpec[] = ROWS.map((r) => {
  const [modelUnit, toModel] = UNIT_TO_MODEL[r.unit];
  return Object.freeze({ ...r, modelUnit, toModel, maxAgeDays: MAX_AGE_DAYS[r.frequency] });
});

const BY_ID = new Map(SERIES_CATALOG.map((s) => [s.id, s]));

export const catalogIds = (): string[] => SERIES_CATALOG.map((s) => s.id);

/** The spec of a series; an unknown id is a user's mistake, named with the closest known id. */
export function seriesSpec(id: string): SeriesSpec {
  const spec = BY_ID.get(id);
  if (spec) return spec;
  const guess = closest(id, catalogIds());
  throw new DataError([{ file: `${id}.csv`, line: null,
    message: `'${id}' is not a known series${guess ? ` (did you mean '${guess}'?)` : ''}; known: ${catalogIds().join(', ')}` }]);
}
