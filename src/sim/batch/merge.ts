// `fimasim merge`: shard folders of one batch into the folder the single-machine batch would have written. Every
// run index must be present exactly once (an identical duplicate from a retried shard is fine, a conflicting one is
// an error), and summary.json and bands.csv are recomputed from the raw rows and series, with the same code as a
// batch, so the merged files are byte-identical to the unsharded batch. Shards run with `--series all` bring their
// long tables (series, banks, cohorts; Parquet, else CSV): each run's rows go back into series-all.f32 and the
// merged tables are written from there by the batch's own writer, so they are the unsharded batch's bytes too; so
// are the Parquet copies of runs.csv and bands.csv of `--format parquet`.
import { existsSync, mkdirSync, readdirSync, rmSync, statSync, unlinkSync } from 'node:fs';
import { BatchError } from './errors.js';
import { runLayout } from './layout.js';
import { describeIdentity, identityOf, newManifest, readManifest, writeManifest, type Manifest } from './manifest.js';
import { writeResultFiles } from './outputs.js';
import {
  BATCH_FILES, batchFile, DEFAULT_OUTPUT, describeOutput, formatFolderProblem, inspectBatchFolder, LONG_TABLE_FILES, sameOutput,
  type BatchOutput, type FailureRecord, type LongTable, type RunsTable,
} from '../files/batch-folder.js';
import { fsOp } from '../files/fs-ops.js';
import { tradingDates } from '../calendar.js';
import { agentNames, BANK_COLUMNS, COHORT_COLUMNS, extraColumnCount, LONG_TABLE_COLUMNS, LongTablesWriter, openAllSeriesStore } from './all-series.js';
import { exportParquet } from './export-parquet.js';
import { partFloats, readLongTable, type LongTablePart } from './long-tables-read.js';
import { SERIES } from '../run/series.js';
import { RUNS_CSV_HEADER } from './run-record.js';
import { SeriesFile } from './series-file.js';
import { RunList, type Shard } from './spec.js';
import { RunTable } from './table.js';
import { missingShardsMessage } from './missing.js';

export interface MergeRequest {
  readonly inputs: readonly string[];
  readonly out: string;
  readonly command: string;
}

export interface MergeOutcome {
  readonly dir: string;
  readonly summary: object;
  readonly runsDone: number;
  readonly runsFailed: number;
  readonly duplicates: number;
}

interface Input {
  readonly dir: string;
  readonly manifest: Manifest;
  readonly list: RunList; // the input's own slots
  readonly runs: RunsTable;
  readonly failures: readonly FailureRecord[];
  readonly output: BatchOutput;
}

/** Where run i comes from: its input, its slot there, and its row text or its error. */
interface Holder {
  readonly input: number;
  readonly slot: number;
  readonly row?: string;
  readonly metrics?: Float64Array;
  readonly error?: string;
}

export async function mergeBatches(req: MergeRequest): Promise<MergeOutcome> {
  const started = new Date();
  if (req.inputs.length === 0) throw new BatchError('merge: name the shard folders to merge');
  if (existsSync(req.out) && (!statSync(req.out).isDirectory() || readdirSync(req.out).length > 0)) {
    throw new BatchError(`merge: --out ${req.out} exists and is not empty; choose a new folder`);
  }
  const inputs = req.inputs.map(openInput);
  const first = inputs[0];
  const id = identityOf(first.manifest);
  for (const x of inputs.slice(1)) {
    const other = identityOf(x.manifest);
    if (other.scenarioHash !== id.scenarioHash || other.seed !== id.seed || other.runs !== id.runs) {
      throw new BatchError(`merge: ${x.dir} is a batch of ${describeIdentity({ ...other, shard: null }, x.manifest.scenarioName)}, ` +
        `but ${first.dir} is one of ${describeIdentity({ ...id, shard: null }, first.manifest.scenarioName)}: ` +
        'only shards of the same batch (scenario hash, seed and run count) can be merged');
    }
  }
  const output = first.output;
  for (const x of inputs.slice(1)) {
    if (!sameOutput(x.output, output)) {
      throw new BatchError(`merge: ${x.dir} was run with ${describeOutput(x.output)}, but ${first.dir} with ${describeOutput(output)}: ` +
        'the shards of one batch must keep the same outputs; run the odd one again with the others\' options');
    }
  }
  const { scenario } = first.manifest;
  const names = agentNames(scenario);
  const all = output.series === 'all';
  const layout = runLayout(scenario.ticks, all ? extraColumnCount(names) : 0);
  const list = new RunList(id.runs, null);

  // pass 1: who holds each run, and whether duplicates agree (nothing is written before this is settled)
  const holders: (Holder | undefined)[] = new Array(list.count);
  let duplicates = 0;
  const series = inputs.map((x) => SeriesFile.open(batchFile(x.dir, 'series'), layout, x.list.count, 'read'));
  try {
    inputs.forEach((x, k) => {
      for (const h of readHolders(x, k)) {
        const runIndex = x.list.runIndexOf(h.slot);
        const seen = holders[runIndex];
        if (!seen) { holders[runIndex] = h; continue; }
        const conflict = differs(seen, h, layout.floats, series);
        if (conflict) {
          throw new BatchError(`merge: run ${runIndex} is in ${inputs[seen.input].dir} and in ${x.dir} with different results ` +
            `(${conflict}); one of them was not made by this batch's scenario, seed and fimasim: remove the wrong folder and merge again`);
        }
        duplicates++;
      }
    });
    const missing: number[] = [];
    for (let i = 0; i < list.count; i++) if (!holders[i]) missing.push(i);
    if (missing.length > 0) throw new BatchError(missingShardsMessage(missing, inputs.map((x) => ({ dir: x.dir, manifest: x.manifest }))));

    // pass 2: the merged folder (a shard's long table found damaged on the way leaves nothing behind)
    mkdirSync(req.out, { recursive: true });
    try {
      return await writeMerged();
    } catch (e) {
      rmSync(req.out, { recursive: true, force: true });
      throw e;
    }
  } finally {
    for (const s of series) s.close();
  }

  async function writeMerged(): Promise<MergeOutcome> {
    const table = new RunTable(list, layout);
    const merged = SeriesFile.open(batchFile(req.out, 'series'), layout, list.count);
    const store = all ? openAllSeriesStore(req.out, layout, list.count) : null;
    try {
      const manifest = { ...newManifest(scenario, { ...id, shard: null }, req.command, started), ...(sameOutput(output, DEFAULT_OUTPUT) ? {} : { output }), mergedFrom: inputs.map((x) => x.dir) };
      writeManifest(req.out, manifest); // unfinished until the end, as a batch's
      const buf = new Float32Array(layout.floats);
      holders.forEach((h, runIndex) => {
        if (h!.error !== undefined) { table.setFailed(runIndex, h!.error); return; }
        table.setOk(runIndex, h!.metrics!);
        merged.write(runIndex, series[h!.input].read(h!.slot, 0, layout.floats, buf));
      });
      if (store) await gatherLongTables(inputs, holders, names, scenario.ticks + 1, store);
      const summary = writeResultFiles(req.out, { scenario, scenarioHash: id.scenarioHash, seed: id.seed }, table, merged);
      if (output.formats.includes('parquet')) exportParquet(req.out, output.series === 'default' ? ['runs', 'bands', 'series'] : ['runs', 'bands']);
      if (store) {
        const tables = new LongTablesWriter(req.out, output, names, layout, tradingDates(scenario.start, scenario.ticks), table, store);
        try {
          tables.finish();
        } catch (e) {
          tables.abort();
          throw e;
        }
        store.close();
        const storePath = batchFile(req.out, 'allSeriesStore');
        fsOp('unlink', storePath, () => unlinkSync(storePath));
      }
      const finished = new Date();
      writeManifest(req.out, { ...manifest, finishedAt: finished.toISOString(), wallSeconds: (finished.getTime() - started.getTime()) / 1000 });
      return { dir: req.out, summary, runsDone: table.done, runsFailed: table.failed, duplicates };
    } finally {
      merged.close();
      store?.close();
    }
  }
}

function openInput(dir: string): Input {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new BatchError(`merge: ${dir} is not a folder`);
  const manifest = readManifest(dir);
  if (!manifest) throw new BatchError(`merge: ${dir} is not a batch folder (no readable ${BATCH_FILES.manifest})`);
  if (manifest.sample) throw new BatchError(`merge: ${dir} is a sample batch (fimasim sample), which is never sharded; there is nothing to merge`);
  if (!manifest.finishedAt || existsSync(batchFile(dir, 'journal'))) {
    throw new BatchError(`merge: ${dir} is an unfinished batch${manifest.shard ? ` (shard ${manifest.shard.index}/${manifest.shard.count})` : ''}; ` +
      `complete it first with its command and --resume --out ${dir} (${manifest.command})`);
  }
  const output = manifest.output ?? DEFAULT_OUTPUT;
  if (output.series === 'none') {
    throw new BatchError(`merge: ${dir} was run with --series none, which keeps no per-run series: the merged bands.csv cannot be ` +
      'computed from it; run the shards with --series default or all to merge them');
  }
  if (!existsSync(batchFile(dir, 'series'))) throw new BatchError(`merge: ${dir} has no ${BATCH_FILES.series}; it cannot be merged`);
  if (output.series === 'all') {
    const absent = LONG_TABLES.map((t) => batchFile(dir, LONG_TABLE_FILES[t][longTableFormat(output)])).filter((f) => !existsSync(f));
    if (absent.length > 0) throw new BatchError(`merge: ${dir} was run with ${describeOutput(output)} but has no ${absent.join(', ')}; it cannot be merged`);
  }
  const { folder, problems } = inspectBatchFolder(dir, ['runs', 'failures']);
  if (!folder) throw new BatchError(`merge: ${problems.map(formatFolderProblem).join('\n')}`);
  if (folder.runs.header.join(',') !== RUNS_CSV_HEADER) {
    throw new BatchError(`merge: ${batchFile(dir, 'runs')} has the columns '${folder.runs.header.join(',')}', expected '${RUNS_CSV_HEADER}' (another fimasim version?)`);
  }
  return { dir, manifest, list: new RunList(manifest.runs, manifest.shard ?? null), runs: folder.runs, failures: folder.failures, output };
}

function readHolders(x: Input, input: number): Holder[] {
  const out: Holder[] = [];
  const where = (runIndex: number, file: 'runs' | 'failures'): number => {
    const slot = x.list.slotOf(runIndex);
    if (slot < 0) throw new BatchError(`merge: ${batchFile(x.dir, file)} holds run ${runIndex}, which is not part of ${shardName(x.manifest.shard)}`);
    return slot;
  };
  x.runs.runIndex.forEach((runIndex, k) => out.push({ input, slot: where(runIndex, 'runs'), row: x.runs.line(k), metrics: metricsOf(x, k) }));
  for (const f of x.failures) out.push({ input, slot: where(f.runIndex, 'failures'), error: f.error });
  return out;
}

function differs(a: Holder, b: Holder, floats: number, series: SeriesFile[]): string | null {
  if ((a.error === undefined) !== (b.error === undefined)) return 'it failed in one and not in the other';
  if (a.error !== undefined) return a.error === b.error ? null : 'different errors';
  if (a.row !== b.row) return `different ${BATCH_FILES.runs} rows`;
  const sa = series[a.input].read(a.slot, 0, floats, new Float32Array(floats));
  const sb = series[b.input].read(b.slot, 0, floats, new Float32Array(floats));
  return Buffer.from(sa.buffer).equals(Buffer.from(sb.buffer)) ? null : `different series in ${BATCH_FILES.series}`;
}

function metricsOf(x: Input, k: number): Float64Array {
  const cells = x.runs.cells(k);
  const values = cells.slice(2).map(Number);
  if (values.some((v, j) => Number.isNaN(v) && cells[j + 2] !== 'NaN')) throw new BatchError(`merge: ${batchFile(x.dir, 'runs')}: a row that is not numbers: ${x.runs.line(k)}`);
  return Float64Array.from(values);
}

const shardName = (s: Shard | null): string => (s ? `shard ${s.index}/${s.count}` : 'this batch');

const LONG_TABLES: readonly LongTable[] = ['series', 'banks', 'cohorts'];

/** A shard's long tables are read from Parquet when it wrote them (exact Float32), else from CSV. */
const longTableFormat = (o: BatchOutput): 'csv' | 'parquet' => (o.formats.includes('parquet') ? 'parquet' : 'csv');

/** Every successful run's long-table rows, from the shard that holds it, into the merged series-all.f32 (slot = run
 *  index); a run missing from a table, or found in a shard that does not own it, is refused. */
async function gatherLongTables(inputs: readonly Input[], holders: readonly (Holder | undefined)[], names: ReturnType<typeof agentNames>, points: number, store: SeriesFile): Promise<void> {
  const nS = SERIES.length;
  const offsets: Record<LongTable, number> = { series: 0, banks: nS * points, cohorts: (nS + BANK_COLUMNS.length * names.banks.length) * points };
  for (const t of LONG_TABLES) {
    const got = new Uint8Array(holders.length);
    for (const [k, x] of inputs.entries()) {
      const part: LongTablePart = {
        path: batchFile(x.dir, LONG_TABLE_FILES[t][longTableFormat(x.output)]),
        agentColumn: t === 'series' ? null : LONG_TABLE_COLUMNS[t][0],
        agents: t === 'banks' ? names.banks : t === 'cohorts' ? names.cohorts : [],
        values: t === 'series' ? LONG_TABLE_COLUMNS[t] : t === 'banks' ? BANK_COLUMNS : COHORT_COLUMNS,
        points,
      };
      if (partFloats(part) + offsets[t] > store.layout.extraFloats) throw new Error(`the ${t} table does not fit the run's extra columns`);
      await readLongTable(part, longTableFormat(x.output), (run, values) => {
        const h = holders[run];
        if (x.list.slotOf(run) < 0 || h === undefined || h.error !== undefined) {
          throw new BatchError(`merge: ${part.path} holds run ${run}, which ${x.list.slotOf(run) < 0 ? `is not part of ${shardName(x.manifest.shard)}` : 'is not a successful run of it'}`);
        }
        if (h.input !== k) return; // an identical duplicate: the first holder's rows are kept
        store.writeAt(run, offsets[t], values);
        got[run] = 1;
      });
    }
    const lacking = holders.findIndex((h, run) => h !== undefined && h.error === undefined && got[run] === 0);
    if (lacking >= 0) {
      throw new BatchError(`merge: run ${lacking} is in ${BATCH_FILES.runs} of ${inputs[holders[lacking]!.input].dir} but not in its ${t} table; ` +
        'the folder is damaged: run that shard again');
    }
  }
}
