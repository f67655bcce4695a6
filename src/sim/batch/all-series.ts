// `--series all`: every per-tick series (all of SERIES) and the agent-level series (per bank: holdings, sales,
// hedge ratio; per crypto cohort: cash, coins) of every run, in tidy long form. A worker packs them after the run's
// compact series (layout.ts, the "extra columns"); the main thread keeps them in series-all.f32 at a fixed stride
// (slot order, like series.f32) and streams the long tables out in run-index order as soon as the runs before are
// finished, so memory stays bounded and the bytes are the same on any number of workers and after a resume.
import type { AgentSeries, RunResult } from '../run/engine.js';
import { SERIES } from '../run/series.js';
import { COHORTS } from '../../agents/crypto-investors.js';
import type { Scenario } from '../scenario/schema.js';
import { csvLine } from '../format.js';
import { batchFile, LONG_TABLE_FILES, streamBatchFile, type BatchOutput, type LongTable } from '../files/batch-folder.js';
import type { AtomicStream } from '../files/atomic.js';
import { formatFloat32 } from './bands.js';
import { LongParquetWriter } from './long-parquet.js';
import type { RunLayout } from './layout.js';
import { SeriesFile } from './series-file.js';
import type { RunTable } from './table.js';

export const BANK_COLUMNS = ['holdings', 'sales', 'hedgeRatio'] as const;
export const COHORT_COLUMNS = ['cash', 'coins'] as const;
export const AGENT_UNITS: Readonly<Record<string, string>> = { holdings: 'USD bn', sales: 'USD bn per tick', hedgeRatio: 'share', cash: 'USD bn', coins: 'BTC' };

/** The agents of a scenario whose series a run records: the banks in id order (the engine's), the cohorts, then the spot ETF. */
export interface AgentNames {
  readonly banks: readonly string[];
  readonly cohorts: readonly string[];
}

export const agentNames = (scenario: Scenario): AgentNames => ({ banks: Object.keys(scenario.banks).sort(), cohorts: [...COHORTS, 'etf'] }); // the spot ETF holds coins beside the cohorts

/** Extra columns per tick: every series, 3 per bank, 2 per cohort. */
export const extraColumnCount = (a: AgentNames): number => SERIES.length + BANK_COLUMNS.length * a.banks.length + COHORT_COLUMNS.length * a.cohorts.length;

/** The run's extra columns, Float32 in output units: SERIES one after another, then each bank's three, then each
 *  cohort's two, `points` values each. */
export function packAllSeries(r: RunResult, names: AgentNames, points: number): Float32Array {
  const agents: AgentSeries | undefined = r.agents;
  if (!agents) throw new Error('the run did not record its agent series (RunOptions.agentSeries)');
  if (agents.banks.length !== names.banks.length || agents.cohorts.length !== names.cohorts.length ||
    agents.banks.some((b, i) => b.id !== names.banks[i]) || agents.cohorts.some((c, i) => c.name !== names.cohorts[i])) {
    throw new Error(`the run's agents (${agents.banks.map((b) => b.id)}; ${agents.cohorts.map((c) => c.name)}) are not the batch's (${names.banks}; ${names.cohorts})`);
  }
  const out = new Float32Array(extraColumnCount(names) * points);
  let col = 0;
  const put = (values: ArrayLike<number>, f: (x: number) => number = (x) => x): void => {
    const at = col++ * points;
    for (let t = 0; t < points; t++) out[at + t] = f(values[t]);
  };
  SERIES.forEach((c, k) => put(r.series[k], c.toOutput));
  for (const b of agents.banks) { put(b.holdings); put(b.sales); put(b.hedgeRatio); }
  for (const c of agents.cohorts) { put(c.cash); put(c.coins); }
  return out;
}

/** The stored layout of series-all.f32 (a SeriesFile of the extra columns). */
export const allSeriesStoreLayout = (layout: RunLayout): RunLayout => ({ ...layout, floats: layout.extraFloats, seriesBytes: layout.extraFloats * 4 });

export const openAllSeriesStore = (dir: string, layout: RunLayout, slots: number): SeriesFile =>
  SeriesFile.open(batchFile(dir, 'allSeriesStore'), allSeriesStoreLayout(layout), slots);

/** The columns of each long table after run, tick, date (and the agent's name for banks and cohorts). */
export const LONG_TABLE_COLUMNS: Readonly<Record<LongTable, readonly string[]>> = {
  series: SERIES.map((c) => c.name),
  banks: ['bank', ...BANK_COLUMNS],
  cohorts: ['cohort', ...COHORT_COLUMNS],
};

/** Runs per Parquet row group: fixed, so the files do not depend on timing. */
export const RUNS_PER_ROW_GROUP = 256;

type Sink = { csv?: AtomicStream; parquet?: LongParquetWriter };

/**
 * Streams the long tables (series, banks, cohorts) of the finished runs in run-index order: `advance` writes every
 * run from the cursor on whose slot is finished (a failed run has no rows), `finish` the rest and commits the files.
 */
export class LongTablesWriter {
  private cursor = 0;
  private readonly sinks: Record<LongTable, Sink>;
  private readonly buf: Float32Array;
  private readonly dateCells: string[];

  constructor(
    dir: string, private readonly output: BatchOutput, private readonly names: AgentNames, private readonly layout: RunLayout,
    dates: readonly string[], private readonly table: RunTable, private readonly store: SeriesFile,
  ) {
    this.buf = new Float32Array(layout.extraFloats);
    this.dateCells = dates.map((d) => csvLine([d]));
    const open = (t: LongTable): Sink => ({
      ...(output.formats.includes('csv') ? { csv: streamBatchFile(dir, LONG_TABLE_FILES[t].csv) } : {}),
      ...(output.formats.includes('parquet') ? { parquet: new LongParquetWriter(streamBatchFile(dir, LONG_TABLE_FILES[t].parquet), {
        dates, agentColumn: t === 'series' ? null : LONG_TABLE_COLUMNS[t][0], agents: t === 'banks' ? names.banks : t === 'cohorts' ? names.cohorts : [],
        values: t === 'series' ? LONG_TABLE_COLUMNS[t] : LONG_TABLE_COLUMNS[t].slice(1),
      }, RUNS_PER_ROW_GROUP) } : {}),
    });
    this.sinks = { series: open('series'), banks: open('banks'), cohorts: open('cohorts') };
    for (const t of ['series', 'banks', 'cohorts'] as const) this.sinks[t].csv?.write(`${csvLine(['run', 'tick', 'date', ...LONG_TABLE_COLUMNS[t]])}\n`);
  }

  advance(): void {
    const { table } = this;
    while (this.cursor < table.list.count && !table.isPending(this.cursor)) {
      const slot = this.cursor++;
      if (table.isOk(slot)) this.writeRun(table.list.runIndexOf(slot), this.store.read(slot, 0, this.layout.extraFloats, this.buf));
    }
  }

  finish(): void {
    this.advance();
    if (this.cursor < this.table.list.count) throw new Error(`the long tables stopped at slot ${this.cursor}: a run is still pending`);
    for (const t of ['series', 'banks', 'cohorts'] as const) {
      this.sinks[t].parquet?.finish();
      this.sinks[t].csv?.commit();
    }
  }

  abort(): void {
    for (const t of ['series', 'banks', 'cohorts'] as const) { this.sinks[t].parquet?.abort(); this.sinks[t].csv?.abort(); }
  }

  private writeRun(run: number, v: Float32Array): void {
    const P = this.layout.points, nS = SERIES.length, { banks, cohorts } = this.names;
    const csv = this.sinks.series.csv, pq = this.sinks.series.parquet;
    if (csv) {
      let text = '';
      for (let t = 0; t < P; t++) {
        text += `${run},${t},${this.dateCells[t]}`;
        for (let k = 0; k < nS; k++) text += `,${formatFloat32(v[k * P + t])}`;
        text += '\n';
      }
      csv.write(text);
    }
    pq?.addRun(run, (k) => v.subarray(k * P, (k + 1) * P));
    const agentTable = (t: LongTable, ids: readonly string[], width: number, first: number): void => {
      const s = this.sinks[t];
      ids.forEach((id, i) => {
        const base = (first + i * width) * P;
        if (s.csv) {
          const idCell = csvLine([id]);
          let text = '';
          for (let tick = 0; tick < P; tick++) {
            text += `${run},${tick},${this.dateCells[tick]},${idCell}`;
            for (let k = 0; k < width; k++) text += `,${formatFloat32(v[base + k * P + tick])}`;
            text += '\n';
          }
          s.csv.write(text);
        }
      });
      s.parquet?.addRun(run, (k, i) => v.subarray((first + i * width + k) * P, (first + i * width + k + 1) * P));
    };
    agentTable('banks', banks, BANK_COLUMNS.length, nS);
    agentTable('cohorts', cohorts, COHORT_COLUMNS.length, nS + BANK_COLUMNS.length * banks.length);
  }
}
