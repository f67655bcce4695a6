// `fimasim merge`: shard folders of one batch into the folder the single-machine batch would have written. Every
// run index must be present exactly once (an identical duplicate from a retried shard is fine, a conflicting one is
// an error), and summary.json and bands.csv are recomputed from the raw rows and series, with the same code as a
// batch, so the merged files are byte-identical to the unsharded batch.
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { BatchError } from './errors.js';
import { runLayout } from './layout.js';
import { describeIdentity, identityOf, newManifest, readManifest, writeManifest, type Manifest } from './manifest.js';
import { JOURNAL_FILE, SERIES_FILE, writeResultFiles } from './outputs.js';
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
}

/** Where run i comes from: its input, its slot there, and its row text or its error. */
interface Holder {
  readonly input: number;
  readonly slot: number;
  readonly row?: string;
  readonly error?: string;
}

export function mergeBatches(req: MergeRequest): MergeOutcome {
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
  const { scenario } = first.manifest;
  const layout = runLayout(scenario.ticks);
  const list = new RunList(id.runs, null);

  // pass 1: who holds each run, and whether duplicates agree (nothing is written before this is settled)
  const holders: (Holder | undefined)[] = new Array(list.count);
  let duplicates = 0;
  const series = inputs.map((x) => SeriesFile.open(join(x.dir, SERIES_FILE), layout, x.list.count, 'read'));
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

    // pass 2: the merged folder
    mkdirSync(req.out, { recursive: true });
    const table = new RunTable(list, layout);
    const merged = SeriesFile.open(join(req.out, SERIES_FILE), layout, list.count);
    try {
      const buf = new Float32Array(layout.floats);
      holders.forEach((h, runIndex) => {
        if (h!.error !== undefined) { table.setFailed(runIndex, h!.error); return; }
        table.setOk(runIndex, parseRow(h!.row!, inputs[h!.input].dir));
        merged.write(runIndex, series[h!.input].read(h!.slot, 0, layout.floats, buf));
      });
      const summary = writeResultFiles(req.out, { scenario, scenarioHash: id.scenarioHash, seed: id.seed }, table, merged);
      const finished = new Date();
      writeManifest(req.out, {
        ...newManifest(scenario, { ...id, shard: null }, req.command, started),
        finishedAt: finished.toISOString(),
        wallSeconds: (finished.getTime() - started.getTime()) / 1000,
        mergedFrom: inputs.map((x) => x.dir),
      });
      return { dir: req.out, summary, runsDone: table.done, runsFailed: table.failed, duplicates };
    } finally {
      merged.close();
    }
  } finally {
    for (const s of series) s.close();
  }
}

function openInput(dir: string): Input {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new BatchError(`merge: ${dir} is not a folder`);
  const manifest = readManifest(dir);
  if (!manifest) throw new BatchError(`merge: ${dir} is not a batch folder (no readable manifest.json)`);
  if (manifest.sample) throw new BatchError(`merge: ${dir} is a sample batch (fimasim sample), which is never sharded; there is nothing to merge`);
  if (!manifest.finishedAt || existsSync(join(dir, JOURNAL_FILE))) {
    throw new BatchError(`merge: ${dir} is an unfinished batch${manifest.shard ? ` (shard ${manifest.shard.index}/${manifest.shard.count})` : ''}; ` +
      `complete it first with its command and --resume --out ${dir} (${manifest.command})`);
  }
  for (const f of ['runs.csv', 'failures.jsonl', SERIES_FILE]) {
    if (!existsSync(join(dir, f))) throw new BatchError(`merge: ${dir} has no ${f}; it cannot be merged`);
  }
  return { dir, manifest, list: new RunList(manifest.runs, manifest.shard ?? null) };
}

function readHolders(x: Input, input: number): Holder[] {
  const out: Holder[] = [];
  const where = (runIndex: number, file: string): number => {
    const slot = x.list.slotOf(runIndex);
    if (slot < 0) throw new BatchError(`merge: ${join(x.dir, file)} holds run ${runIndex}, which is not part of ${shardName(x.manifest.shard)}`);
    return slot;
  };
  const lines = readFileSync(join(x.dir, 'runs.csv'), 'utf8').split('\n').filter((l) => l.length > 0);
  if (lines[0] !== RUNS_CSV_HEADER) {
    throw new BatchError(`merge: ${join(x.dir, 'runs.csv')} has the columns '${lines[0] ?? ''}', expected '${RUNS_CSV_HEADER}' (another fimasim version?)`);
  }
  for (const row of lines.slice(1)) {
    const [runIndex] = row.split(',', 1);
    out.push({ input, slot: where(Number(runIndex), 'runs.csv'), row });
  }
  for (const line of readFileSync(join(x.dir, 'failures.jsonl'), 'utf8').split('\n')) {
    if (!line) continue;
    const f = JSON.parse(line) as { runIndex: number; error: string };
    out.push({ input, slot: where(f.runIndex, 'failures.jsonl'), error: String(f.error) });
  }
  return out;
}

function differs(a: Holder, b: Holder, floats: number, series: SeriesFile[]): string | null {
  if ((a.error === undefined) !== (b.error === undefined)) return 'it failed in one and not in the other';
  if (a.error !== undefined) return a.error === b.error ? null : 'different errors';
  if (a.row !== b.row) return 'different runs.csv rows';
  const sa = series[a.input].read(a.slot, 0, floats, new Float32Array(floats));
  const sb = series[b.input].read(b.slot, 0, floats, new Float32Array(floats));
  return Buffer.from(sa.buffer).equals(Buffer.from(sb.buffer)) ? null : 'different series in series.f32';
}

function parseRow(row: string, dir: string): Float64Array {
  const cells = row.split(',');
  const values = cells.slice(2).map(Number);
  if (values.some((v, k) => Number.isNaN(v) && cells[k + 2] !== 'NaN')) throw new BatchError(`merge: ${join(dir, 'runs.csv')}: a row that is not numbers: ${row}`);
  return Float64Array.from(values);
}

const shardName = (s: Shard | null): string => (s ? `shard ${s.index}/${s.count}` : 'this batch');
