// The per-tick series a run records (model units inside, output units in files), declared once as a table so the
// CSV header, the compact per-run series of a batch and the report all come from here.
import { decimalToPct } from '../units.js';

export interface SeriesColumn {
  readonly name: string;
  readonly unit: string;
  readonly label: string;
  readonly toOutput: (x: number) => number;
}

const same = (x: number): number => x;
const col = (name: string, unit: string, label: string, toOutput: (x: number) => number = same): SeriesColumn => ({ name, unit, label, toOutput });

export const SERIES: readonly SeriesColumn[] = [
  col('ust10y', '%', '10y Treasury yield', decimalToPct),
  col('ustFundamental', '%', '10y before the day\'s supply: expected short rates + term premium', decimalToPct),
  col('rUsd', '%', 'effective fed funds rate', decimalToPct),
  col('hedgeCost', '%', 'USD/JPY hedge cost', decimalToPct),
  col('basis', '%', 'cross-currency basis', decimalToPct),
  col('usdjpy', 'JPY per USD', 'USD/JPY'),
  col('fedAssets', 'USD bn', 'Fed total assets'),
  col('reserves', 'USD bn', 'bank reserves'),
  col('rrp', 'USD bn', 'ON RRP'),
  col('tga', 'USD bn', 'Treasury General Account'),
  col('foreignDeposits', 'USD bn', 'foreign official deposits'),
  col('netLiquidity', 'USD bn', 'net liquidity (Fed assets − TGA − RRP)'),
  col('fimaRepo', 'USD bn', 'FIMA repo outstanding'),
  col('custody', 'USD bn', 'official Japanese Treasuries in custody'),
  col('jpHoldings', 'USD bn', 'Japanese bank Treasury holdings'),
  col('jpSalesCum', 'USD bn', 'cumulative Japanese bank sales'),
  col('btcPrice', 'USD', 'BTC price'),
  col('repoSpread', 'bp', 'repo rate (SOFR) minus IORB'),
  col('srf', 'USD bn', 'standing repo facility loans outstanding'),
];

export const SERIES_INDEX: Readonly<Record<string, number>> = Object.fromEntries(SERIES.map((c, i) => [c.name, i]));

/** The series kept per run in a batch (Float32, output units) for the per-tick bands. */
export const BANDED = ['ust10y', 'netLiquidity', 'reserves', 'fimaRepo', 'jpHoldings', 'btcPrice', 'rrp', 'tga', 'usdjpy'] as const;
