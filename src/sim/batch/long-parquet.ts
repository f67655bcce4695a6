// The Parquet writer of the long tables (series, banks, cohorts of `--series all`). Their shape is known in advance
// (per run: the same ticks, dates and agent names; only the run index and the values change), so instead of handing
// hyparquet-writer whole row groups of generic columns, which makes it estimate, scan and dictionary-build every
// value again (≈ 6 ms a run on the batch's main thread, bench/README.md), the runs are encoded as they arrive, one
// data page per column for every RUNS_PER_PAGE runs, with hyparquet-writer's own page header, snappy, delta and
// metadata encoders:
//  - run: DELTA_BINARY_PACKED, with min/max statistics so a reader skips row groups by run;
//  - tick, date and the agent's name: the same page for every page of runs, encoded once (date and name as
//    dictionaries);
//  - the values: BYTE_STREAM_SPLIT then snappy, as before.
// Pages and row groups hold fixed numbers of runs, so the bytes do not depend on timing or on the number of workers.
import { ByteWriter, schemaFromColumnData } from 'hyparquet-writer';
import { writePageHeader } from 'hyparquet-writer/src/datapage.js';
import { deltaBinaryPack } from 'hyparquet-writer/src/delta.js';
import { writeRleBitPackedHybrid } from 'hyparquet-writer/src/encoding.js';
import { writeMetadata } from 'hyparquet-writer/src/metadata.js';
import { writePlain } from 'hyparquet-writer/src/plain.js';
import { snappyCompress } from 'hyparquet-writer/src/snappy.js';
import type { ColumnChunk, Encoding, FileMetaData, PageHeader, RowGroup, SchemaElement } from 'hyparquet';
import type { AtomicStream } from '../files/atomic.js';

/** What a long table looks like: per run, `agents` blocks (one for the series table) of `points` rows each. */
export interface LongTableShape {
  readonly dates: readonly string[]; // one per tick: points = dates.length
  readonly agentColumn: string | null; // 'bank', 'cohort', or null (the series table)
  readonly agents: readonly string[]; // the agents in row order ([] for the series table)
  readonly values: readonly string[]; // the Float32 columns after run, tick, date (and the agent's name)
}

const MAGIC = 0x31524150; // 'PAR1'
const CODEC = 'SNAPPY' as const;
/** Runs per data page: pages of one run compressed ≈ 10% worse and cost more per page (measured). */
export const RUNS_PER_PAGE = 8;
export const LONG_PARQUET_CREATED_BY = 'fimasim (hyparquet-writer 0.17.0 encoders)';

interface Column {
  readonly name: string;
  readonly type: 'INT32' | 'BYTE_ARRAY' | 'FLOAT';
  readonly encoding: Encoding;
  readonly statistics: boolean;
  /** The dictionary page (dictionary columns), written at the start of each row group's chunk. */
  readonly dictionaryPage: Page | null;
  /** tick, date, agent name: the page of k runs is the same for every page of k runs (cached by k). */
  readonly constant: Int32Array | null;
  readonly constantPages: Map<number, Page>;
  /** This row group's pages so far. */
  readonly pages: ByteWriter;
  uncompressed: number;
  pageCount: number;
}

interface Page { readonly bytes: Uint8Array; readonly uncompressed: number }

export class LongParquetWriter {
  private readonly columns: Column[];
  private readonly schema: SchemaElement[];
  private readonly rowsPerRun: number;
  private readonly points: number;
  private readonly blocks: number;
  /** The runs of the page being filled: their run indices and their values, column by column. */
  private readonly runs: Int32Array;
  private readonly values: Float32Array[];
  private readonly split: Uint8Array;
  private readonly rowGroups: RowGroup[] = [];
  private offset = 0;
  private pageRuns = 0;
  private groupRuns = 0;
  private groupFirstRun = 0;
  private groupLastRun = 0;
  private numRows = 0;

  constructor(private readonly out: AtomicStream, private readonly shape: LongTableShape, private readonly runsPerRowGroup: number) {
    if (runsPerRowGroup % RUNS_PER_PAGE !== 0) throw new Error(`runs per row group (${runsPerRowGroup}) must be a multiple of ${RUNS_PER_PAGE}`);
    this.points = shape.dates.length;
    this.blocks = shape.agentColumn ? shape.agents.length : 1;
    this.rowsPerRun = this.blocks * this.points;
    const pageRows = RUNS_PER_PAGE * this.rowsPerRun;
    this.runs = new Int32Array(pageRows);
    this.values = shape.values.map(() => new Float32Array(pageRows));
    this.split = new Uint8Array(pageRows * 4);
    const names = shape.agentColumn ? [shape.agentColumn] : [];
    // the schema as hyparquet-writer infers it from typed columns (as the files had before this writer)
    this.schema = schemaFromColumnData({
      columnData: [
        { name: 'run', data: new Int32Array(0), type: 'INT32', nullable: false },
        { name: 'tick', data: new Int32Array(0), type: 'INT32', nullable: false },
        { name: 'date', data: [], type: 'STRING', nullable: false },
        ...names.map((name) => ({ name, data: [], type: 'STRING' as const, nullable: false })),
        ...shape.values.map((name) => ({ name, data: new Float32Array(0), type: 'FLOAT' as const, nullable: false })),
      ],
    });
    const tick = new Int32Array(pageRows), agent = new Int32Array(pageRows);
    for (let r = 0; r < pageRows; r++) { tick[r] = r % this.points; agent[r] = Math.floor(r / this.points) % this.blocks; }
    const column = (name: string, type: Column['type'], encoding: Encoding, statistics: boolean, constant: Int32Array | null, dictionary: readonly string[] | null): Column => ({
      name, type, encoding, statistics, dictionaryPage: dictionary ? dictionaryPage(dictionary) : null, constant, constantPages: new Map(),
      pages: new ByteWriter(1 << 16), uncompressed: 0, pageCount: 0,
    });
    this.columns = [
      column('run', 'INT32', 'DELTA_BINARY_PACKED', true, null, null),
      column('tick', 'INT32', 'DELTA_BINARY_PACKED', true, tick, null),
      column('date', 'BYTE_ARRAY', 'RLE_DICTIONARY', false, tick, shape.dates), // the date of tick t is dictionary entry t
      ...names.map((name) => column(name, 'BYTE_ARRAY', 'RLE_DICTIONARY', false, agent, shape.agents)),
      ...shape.values.map((name) => column(name, 'FLOAT', 'BYTE_STREAM_SPLIT', false, null, null)),
    ];
    this.write(uint32(MAGIC));
  }

  /** One run's rows: `values(k, a)` is value column k of agent block a (block 0 for the series table), `points`
   *  Float32 values. Runs must come in the file's order. */
  addRun(run: number, values: (k: number, a: number) => Float32Array): void {
    if (this.groupRuns === 0) this.groupFirstRun = run;
    this.groupLastRun = run;
    const P = this.points, at = this.pageRuns * this.rowsPerRun;
    this.runs.fill(run, at, at + this.rowsPerRun);
    this.values.forEach((col, k) => {
      for (let a = 0; a < this.blocks; a++) {
        const f = values(k, a);
        if (f.length !== P) throw new Error(`long table column ${this.shape.values[k]}: ${f.length} values for a run, expected ${P}`);
        col.set(f, at + a * P);
      }
    });
    this.numRows += this.rowsPerRun;
    this.groupRuns++;
    if (++this.pageRuns === RUNS_PER_PAGE) this.writePage();
    if (this.groupRuns === this.runsPerRowGroup) this.writeGroup();
  }

  finish(): void {
    this.writeGroup();
    const footer = new ByteWriter();
    const metadata: FileMetaData = { version: 2, created_by: LONG_PARQUET_CREATED_BY, schema: this.schema, num_rows: BigInt(this.numRows), row_groups: this.rowGroups, metadata_length: 0 };
    delete (metadata as Partial<FileMetaData>).metadata_length; // computed by writeMetadata, not a thrift field
    writeMetadata(footer, metadata);
    footer.appendUint32(MAGIC);
    this.write(footer.getBytes());
    this.out.commit();
  }

  abort(): void {
    this.out.abort();
  }

  /** The page of the runs so far, every column. */
  private writePage(): void {
    const n = this.pageRuns * this.rowsPerRun;
    if (n === 0) return;
    const first = this.shape.agentColumn ? 4 : 3;
    this.columns.forEach((c, j) => {
      if (c.constant) {
        let page = c.constantPages.get(n);
        if (!page) c.constantPages.set(n, page = dataPage(c.encoding, intBody(c.encoding, c.constant.subarray(0, n)), n));
        appendPage(c, page.bytes, page.uncompressed);
      } else if (j === 0) {
        const page = dataPage(c.encoding, intBody(c.encoding, this.runs.subarray(0, n)), n);
        appendPage(c, page.bytes, page.uncompressed);
      } else {
        const body = byteStreamSplit(this.values[j - first], n, this.split), compressed = snappyCompress(body);
        const headerStart = c.pages.offset;
        writePageHeader(c.pages, dataPageHeader(c.encoding, n, body.length, compressed.length));
        const header = c.pages.offset - headerStart;
        c.pages.appendBytes(compressed);
        c.uncompressed += header + body.length;
        c.pageCount++;
      }
    });
    this.pageRuns = 0;
  }

  private writeGroup(): void {
    this.writePage();
    if (this.groupRuns === 0) return;
    const groupStart = this.offset, rows = this.groupRuns * this.rowsPerRun;
    let uncompressed = 0n;
    const chunks: ColumnChunk[] = this.columns.map((c) => {
      const start = this.offset;
      let dictionaryOffset: bigint | undefined;
      if (c.dictionaryPage) {
        dictionaryOffset = BigInt(this.offset);
        this.write(c.dictionaryPage.bytes);
      }
      const dataOffset = BigInt(this.offset);
      this.write(c.pages.getBytes());
      const total = BigInt(c.uncompressed + (c.dictionaryPage?.uncompressed ?? 0));
      uncompressed += total;
      const chunk: ColumnChunk = {
        file_offset: BigInt(start),
        meta_data: {
          type: c.type, encodings: c.dictionaryPage ? ['PLAIN', c.encoding] : [c.encoding], path_in_schema: [c.name], codec: CODEC,
          num_values: BigInt(rows), total_compressed_size: BigInt(this.offset - start), total_uncompressed_size: total,
          data_page_offset: dataOffset, dictionary_page_offset: dictionaryOffset,
          ...(c.statistics ? {
            statistics: c.name === 'run'
              ? { min_value: this.groupFirstRun, max_value: this.groupLastRun, null_count: 0n }
              : { min_value: 0, max_value: this.points - 1, null_count: 0n },
            encoding_stats: [{ page_type: 'DATA_PAGE_V2', encoding: c.encoding, count: c.pageCount }],
          } : {}),
        },
      };
      c.pages.index = 0; c.pages.offset = 0; c.uncompressed = 0; c.pageCount = 0;
      return chunk;
    });
    this.rowGroups.push({ columns: chunks, total_byte_size: uncompressed, num_rows: BigInt(rows), total_compressed_size: BigInt(this.offset - groupStart) });
    this.groupRuns = 0;
  }

  private write(bytes: Uint8Array): void {
    this.out.write(bytes);
    this.offset += bytes.length;
  }
}

/** BYTE_STREAM_SPLIT of the first n floats: byte 0 of every value, then byte 1, and so on. */
function byteStreamSplit(f: Float32Array, n: number, out: Uint8Array): Uint8Array {
  const bytes = new Uint8Array(f.buffer, f.byteOffset, n * 4);
  const n2 = 2 * n, n3 = 3 * n;
  for (let i = 0, at = 0; i < n; i++, at += 4) {
    out[i] = bytes[at]; out[n + i] = bytes[at + 1]; out[n2 + i] = bytes[at + 2]; out[n3 + i] = bytes[at + 3];
  }
  return out.subarray(0, n * 4);
}

function appendPage(c: Column, bytes: Uint8Array, uncompressed: number): void {
  c.pages.appendBytes(bytes);
  c.uncompressed += uncompressed;
  c.pageCount++;
}

/** INT32 values as a page body: delta-packed, or dictionary indices (bit width, then the RLE/bit-packed hybrid). */
function intBody(encoding: Encoding, values: Int32Array): Uint8Array {
  const w = new ByteWriter();
  if (encoding === 'DELTA_BINARY_PACKED') deltaBinaryPack(w, values, 'INT32');
  else {
    let max = 0;
    for (const v of values) if (v > max) max = v;
    const bitWidth = Math.ceil(Math.log2(max + 1));
    w.appendUint8(bitWidth);
    writeRleBitPackedHybrid(w, values, bitWidth);
  }
  return w.getBytes();
}

/** The header of a DATA_PAGE_V2 of a required, flat column (no levels). */
const dataPageHeader = (encoding: Encoding, rows: number, body: number, compressed: number): PageHeader => ({
  type: 'DATA_PAGE_V2', uncompressed_page_size: body, compressed_page_size: compressed,
  data_page_header_v2: { num_values: rows, num_nulls: 0, num_rows: rows, encoding, definition_levels_byte_length: 0, repetition_levels_byte_length: 0, is_compressed: true },
});

/** A whole DATA_PAGE_V2: header, then the snappy-compressed body. */
function dataPage(encoding: Encoding, body: Uint8Array, rows: number): Page {
  const compressed = snappyCompress(body);
  const w = new ByteWriter();
  writePageHeader(w, dataPageHeader(encoding, rows, body.length, compressed.length));
  const header = w.offset;
  w.appendBytes(compressed);
  return { bytes: w.getBytes().slice(), uncompressed: header + body.length };
}

/** The PLAIN dictionary page of a string column. */
function dictionaryPage(values: readonly string[]): Page {
  const body = new ByteWriter();
  const encoder = new TextEncoder();
  writePlain(body, values.map((v) => encoder.encode(v)), 'BYTE_ARRAY', undefined);
  const plain = body.getBytes();
  const compressed = snappyCompress(plain);
  const w = new ByteWriter();
  writePageHeader(w, {
    type: 'DICTIONARY_PAGE', uncompressed_page_size: plain.length, compressed_page_size: compressed.length,
    dictionary_page_header: { num_values: values.length, encoding: 'PLAIN' },
  });
  const header = w.offset;
  w.appendBytes(compressed);
  return { bytes: w.getBytes().slice(), uncompressed: header + plain.length };
}

const uint32 = (v: number): Uint8Array => {
  const b = new Uint8Array(4);
  new DataView(b.buffer).setUint32(0, v, true);
  return b;
};
