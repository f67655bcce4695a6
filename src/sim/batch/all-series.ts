// `--series all`: every per-tick series (all of SERIES) and the agent-level series (per bank: holdings, sales,
// hedge ratio; per crypto cohort: cash, coins) of every run, in tidy long form. A worker packs them after the run's
// compact series (layout.ts, the "extra columns"); the main thread keeps them in series-all.f32 at a fixed stride
// (slot order, like series.f32) and streams the long tables out in run-index order as soon as the runs before are
// finished, so memory stays bounded and the bytes are the same on any number of workers and after a resume.
import { ByteWriter, ParquetWriter, schemaFromColumnData } from 'hyparquet-writer';
import type { AgentSeries, RunResult } from '../run/engine.js';
import { SERIES } from '../run/series.js';
import { COHORTS } from '../../agents/crypto-investors.js';
import type { Scenario } from '../scenario/schema.js';
import { csvLine } from '../format.js';
import { batchFile, LONG_TABLE_FILES, streamBatchFile, type BatchOutput, type LongTable } from '../files/batch-folder.js';
import type { AtomicStream } from '../files/atomic.js';
import { formatFloat32 } from './bands.js';
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

type Sink = { csv?: AtomicStream; parquet?: ParquetSink };

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
    private readonly dates: readonly string[], private readonly table: RunTable, private readonly store: SeriesFile,
  ) {
    this.buf = new Float32Array(layout.extraFloats);
    this.dateCells = dates.map((d) => csvLine([d]));
    const open = (t: LongTable): Sink => ({
      ...(output.formats.includes('csv') ? { csv: streamBatchFile(dir, LONG_TABLE_FILES[t].csv) } : {}),
      ...(output.formats.includes('parquet') ? { parquet: new ParquetSink(streamBatchFile(dir, LONG_TABLE_FILES[t].parquet), t, layout.points * rowsPerRun(t, names)) } : {}),
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
    pq?.addRun(run, this.dates, (t, k) => v[k * P + t], null);
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
        s.parquet?.addRun(run, this.dates, (tick, k) => v[base + k * P + tick], id);
      });
    };
    agentTable('banks', banks, BANK_COLUMNS.length, nS);
    agentTable('cohorts', cohorts, COHORT_COLUMNS.length, nS + BANK_COLUMNS.length * banks.length);
  }
}

const rowsPerRun = (t: LongTable, a: AgentNames): number => (t === 'series' ? 1 : t === 'banks' ? a.banks.length : a.cohorts.length);

/** One long table's Parquet file, written a row group (RUNS_PER_ROW_GROUP runs) at a time through hyparquet-writer. */
class ParquetSink {
  private readonly pq: ParquetWriter;
  private readonly values: readonly string[];
  private readonly capacity: number;
  private rows = 0;
  private readonly run: Int32Array; private readonly tick: Int32Array; private readonly date: string[];
  private readonly agent: string[] | null; private readonly cols: Float32Array[];

  constructor(private readonly out: AtomicStream, private readonly table: LongTable, rowsPerRunOfTable: number) {
    const named = table !== 'series';
    this.values = named ? LONG_TABLE_COLUMNS[table].slice(1) : LONG_TABLE_COLUMNS[table];
    this.capacity = Math.max(1, rowsPerRunOfTable) * RUNS_PER_ROW_GROUP;
    this.run = new Int32Array(this.capacity); this.tick = new Int32Array(this.capacity); this.date = new Array<string>(this.capacity);
    this.agent = named ? new Array<string>(this.capacity) : null;
    this.cols = this.values.map(() => new Float32Array(this.capacity));
    const writer = new ByteWriter();
    const flush = (): void => {
      out.write(new Uint8Array(writer.buffer, 0, writer.index));
      writer.index = 0;
    };
    const grow = writer.ensure.bind(writer);
    writer.ensure = (size: number): void => {
      if (writer.index > 1_000_000) flush();
      grow(size);
    };
    writer.finish = flush;
    this.pq = new ParquetWriter({ writer, schema: schemaFromColumnData({ columnData: this.columns(0) as never }) });
  }

  addRun(run: number, dates: readonly string[], value: (tick: number, k: number) => number, agent: string | null): void {
    const P = dates.length;
    if (this.rows + P > this.capacity) this.writeGroup();
    for (let t = 0; t < P; t++) {
      const r = this.rows++;
      this.run[r] = run; this.tick[r] = t; this.date[r] = dates[t];
      if (this.agent) this.agent[r] = agent ?? '';
      for (let k = 0; k < this.cols.length; k++) this.cols[k][r] = value(t, k);
    }
  }

  finish(): void {
    this.writeGroup();
    this.pq.finish();
    this.out.commit();
  }

  abort(): void {
    this.out.abort();
  }

  private writeGroup(): void {
    if (this.rows === 0) return;
    const n = this.rows;
    this.pq.write({ columnData: this.columns(n) as never, rowGroupSize: n });
    this.rows = 0;
  }

  /** Encodings chosen, not tried (hyparquet-writer would otherwise try a dictionary and compute statistics for
   *  every column, which was a third of the writing time): run and tick delta-packed with statistics (a reader can
   *  skip row groups by run), dates and names as dictionaries, the values byte-stream-split (floats compress well so). */
  private columns(n: number): { name: string; data: ArrayLike<unknown>; type: string; nullable: boolean; encoding: string; statistics: boolean }[] {
    return [
      { name: 'run', data: this.run.subarray(0, n), type: 'INT32', nullable: false, encoding: 'DELTA_BINARY_PACKED', statistics: true },
      { name: 'tick', data: this.tick.subarray(0, n), type: 'INT32', nullable: false, encoding: 'DELTA_BINARY_PACKED', statistics: true },
      { name: 'date', data: this.date.slice(0, n), type: 'STRING', nullable: false, encoding: 'RLE_DICTIONARY', statistics: false },
      ...(this.agent ? [{ name: LONG_TABLE_COLUMNS[this.table][0], data: this.agent.slice(0, n), type: 'STRING', nullable: false, encoding: 'RLE_DICTIONARY', statistics: false }] : []),
      ...this.values.map((name, k) => ({ name, data: this.cols[k].subarray(0, n), type: 'FLOAT', nullable: false, encoding: 'BYTE_STREAM_SPLIT', statistics: false })),
    ];
  }
}
