// The banded series that get a fan chart, with the words and unit every page shows them with: one table for the
// batch report, the compare report and explore's page (each picks its own series and order from it).

export interface FanSeries {
  readonly series: string; // the column prefix in bands.csv (`${series}_p05` …)
  readonly label: string;
  readonly unit: string;
}

const table = {
  ust10y: { label: '10-year Treasury yield', unit: '%' },
  netLiquidity: { label: 'Net dollar liquidity', unit: 'USD bn' },
  fimaRepo: { label: 'FIMA repo outstanding', unit: 'USD bn' },
  jpHoldings: { label: 'Japanese bank Treasury holdings', unit: 'USD bn' },
  reserves: { label: 'Bank reserves', unit: 'USD bn' },
  btcPrice: { label: 'BTC price', unit: 'USD' },
  rrp: { label: 'ON RRP', unit: 'USD bn' },
  tga: { label: 'Treasury General Account', unit: 'USD bn' },
  usdjpy: { label: 'USD/JPY', unit: 'JPY per USD' },
} as const satisfies Record<string, Omit<FanSeries, 'series'>>;

export type FanSeriesName = keyof typeof table;

/** The named series' rows of the table, in the order given. */
export function fanSeries<const S extends readonly FanSeriesName[]>(names: S): { readonly [K in keyof S]: FanSeries & { readonly series: S[K] } } {
  return names.map((series) => ({ series, ...table[series] })) as never;
}

/** The report pages' fans (batch and compare), in page order. */
export const REPORT_FANS = fanSeries(['ust10y', 'netLiquidity', 'fimaRepo', 'jpHoldings', 'reserves', 'btcPrice', 'rrp', 'tga', 'usdjpy']);
