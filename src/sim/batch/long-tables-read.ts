// Reading a finished folder's long tables back, run by run (for `fimasim merge`, which rebuilds the unsharded
// batch's long tables from its shards'): from Parquet (read with hyparquet, exact Float32) or, when a shard wrote
// only CSV, from the CSV (the shortest decimal that reads back as the stored Float32, so the same values). Each
// run's rows come out as the table's part of the run's extra columns (all-series.ts), ready for series-all.f32.
import { closeSync, openSync, readSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { parquetMetadataAsync, parquetRead } from 'hyparquet';
import { asyncBufferFromFile } from 'hyparquet/src/node.js';
import { csvLine } from '../format.js';
import { BatchError } from './errors.js';

/** A long table as a run's extra columns hold it: `agents` blocks (none for the series table) of `values.length`
 *  columns of `points` ticks, at `offset` floats into the run's extra columns. */
export interface LongTablePart {
  readonly path: string;
  readonly agentColumn: string | null;
  readonly agents: readonly string[];
  readonly values: readonly string[];
  readonly points: number;
}

/** Floats of one run in a table's part. */
export const partFloats = (t: LongTablePart): number => Math.max(1, t.agents.length) * t.values.length * t.points;

/** Collects the rows of one run at a time; `onRun` gets each run once its rows are complete. */
class RunAssembler {
  private run = -1;
  private rows = 0;
  private readonly part: Float32Array;
  private readonly agentIndex: Map<string, number>;
  private readonly seen = new Set<number>();

  constructor(private readonly t: LongTablePart, private readonly onRun: (run: number, part: Float32Array) => void) {
    this.part = new Float32Array(partFloats(t));
    this.agentIndex = new Map(t.agents.map((a, i) => [a, i]));
  }

  row(line: number | string, run: number, tick: number, agent: string | null, value: (k: number) => number): void {
    if (run !== this.run) {
      this.flush();
      if (!Number.isInteger(run) || run < 0) throw this.error(line, `run '${run}' is not a run index`);
      if (this.seen.has(run)) throw this.error(line, `run ${run} appears twice (its rows are not together)`);
      this.seen.add(run);
      this.run = run;
    }
    const a = agent === null ? 0 : this.agentIndex.get(agent);
    if (a === undefined) throw this.error(line, `unknown ${this.t.agentColumn} '${agent}' (expected one of ${this.t.agents.join(', ')})`);
    if (!Number.isInteger(tick) || tick < 0 || tick >= this.t.points) throw this.error(line, `tick '${tick}' is outside 0–${this.t.points - 1}`);
    const width = this.t.values.length, P = this.t.points;
    for (let k = 0; k < width; k++) this.part[(a * width + k) * P + tick] = value(k);
    this.rows++;
  }

  flush(): void {
    if (this.run < 0) return;
    const want = Math.max(1, this.t.agents.length) * this.t.points;
    if (this.rows !== want) throw this.error(null, `run ${this.run} has ${this.rows} rows, expected ${want}`);
    this.onRun(this.run, this.part);
    this.run = -1;
    this.rows = 0;
  }

  private error(line: number | string | null, message: string): BatchError {
    return new BatchError(`merge: ${this.t.path}${line === null ? '' : typeof line === 'number' ? `, line ${line}` : `, ${line}`}: ${message}`);
  }
}

export async function readLongTable(t: LongTablePart, format: 'csv' | 'parquet', onRun: (run: number, part: Float32Array) => void): Promise<void> {
  const runs = new RunAssembler(t, onRun);
  if (format === 'csv') readCsv(t, runs);
  else await readParquet(t, runs);
  runs.flush();
}

function readCsv(t: LongTablePart, runs: RunAssembler): void {
  const header = csvLine(['run', 'tick', 'date', ...(t.agentColumn ? [t.agentColumn] : []), ...t.values]);
  const first = t.agentColumn ? 4 : 3;
  const fd = openSync(t.path, 'r');
  try {
    const buf = Buffer.alloc(8 << 20);
    let carry = '', line = 0, n: number;
    const block = (text: string): void => {
      const records = parse(text, { relax_column_count: true }) as string[][];
      for (const r of records) {
        line++;
        if (line === 1) {
          if (csvLine(r) !== header) throw new BatchError(`merge: ${t.path}: the header is '${csvLine(r)}', expected '${header}'`);
          continue;
        }
        if (r.length !== first + t.values.length) throw new BatchError(`merge: ${t.path}, line ${line}: ${r.length} fields, expected ${first + t.values.length}`);
        runs.row(line, Number(r[0]), Number(r[1]), t.agentColumn ? r[3] : null, (k) => number(t.path, line, r[first + k]));
      }
    };
    while ((n = readSync(fd, buf, 0, buf.length, null)) > 0) {
      const text = carry + buf.toString('utf8', 0, n); // the cells are ASCII: a block never splits a character
      const end = text.lastIndexOf('\n');
      if (end < 0) { carry = text; continue; }
      block(text.slice(0, end + 1));
      carry = text.slice(end + 1);
    }
    if (carry.length > 0) block(carry);
    if (line === 0) throw new BatchError(`merge: ${t.path} is empty (expected a header line)`);
  } finally {
    closeSync(fd);
  }
}

function number(path: string, line: number, cell: string): number {
  const v = Number(cell);
  if (Number.isNaN(v) && cell !== 'NaN') throw new BatchError(`merge: ${path}, line ${line}: '${cell}' is not a number`);
  return v;
}

/** One row group at a time (a row group holds whole runs), the needed columns only. */
async function readParquet(t: LongTablePart, runs: RunAssembler): Promise<void> {
  const file = await asyncBufferFromFile(t.path);
  const metadata = await parquetMetadataAsync(file);
  const names = ['run', 'tick', ...(t.agentColumn ? [t.agentColumn] : []), ...t.values];
  const have = metadata.schema.slice(1).map((e) => e.name);
  const absent = names.filter((c) => !have.includes(c));
  if (absent.length > 0) throw new BatchError(`merge: ${t.path} has no column ${absent.join(', ')} (columns: ${have.join(', ')})`);
  let start = 0;
  for (const [g, group] of metadata.row_groups.entries()) {
    const rows = Number(group.num_rows), end = start + rows;
    const cols = new Map<string, unknown[]>(names.map((c) => [c, new Array<unknown>(rows)]));
    await parquetRead({
      file, metadata, rowStart: start, rowEnd: end, columns: names,
      onChunk: (c) => {
        const into = cols.get(c.columnName)!;
        for (let r = Math.max(c.rowStart, start); r < Math.min(c.rowEnd, end); r++) into[r - start] = c.columnData[r - c.rowStart];
      },
    });
    const [run, tick] = [cols.get('run')!, cols.get('tick')!];
    const agent = t.agentColumn ? cols.get(t.agentColumn)! : null;
    const values = t.values.map((c) => cols.get(c)!);
    for (let r = 0; r < rows; r++) {
      runs.row(`row group ${g}, row ${r}`, Number(run[r]), Number(tick[r]), agent ? String(agent[r]) : null, (k) => values[k][r] as number);
    }
    start = end;
  }
}
