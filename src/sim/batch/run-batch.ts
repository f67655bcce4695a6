// A batch from start to finish: choose and lock the folder, replay the journal of an interrupted batch, run what is
// left on the chosen executor (journaling each run as it finishes), then write the result files and the manifest.
import { existsSync, mkdirSync, readdirSync, statfsSync, unlinkSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import type { LoadedScenario } from '../scenario/load.js';
import { isTempName, removeStaleTemps } from '../files/atomic.js';
import { FileError, fsOp } from '../files/fs-ops.js';
import { BatchError } from './errors.js';
import { serialExecutor, type Executor } from './executor.js';
import { chooseFolder } from './folder.js';
import { Journal, JournalError, okRecordBytes } from './journal.js';
import { runLayout, unpackRun, type RunLayout } from './layout.js';
import { LOCK_FILE, LockError, lockFolder } from './lock.js';
import { newManifest, writeManifest } from './manifest.js';
import { writeResultFiles } from './outputs.js';
import { batchFile, DEFAULT_OUTPUT, sameOutput, type BatchOutput } from '../files/batch-folder.js';
import { tradingDates } from '../calendar.js';
import { agentNames, extraColumnCount, LongTablesWriter, openAllSeriesStore } from './all-series.js';
import { exportParquet } from './export-parquet.js';
import { poolExecutor } from './pool.js';
import { SeriesFile } from './series-file.js';
import { RunList, taskFor, type BatchIdentity, type Injections, type Shard } from './spec.js';
import type { SampleSpec } from '../sample/spec.js';
import { RunTable } from './table.js';

export interface ProgressSink {
  start(total: number, alreadyFinished: number): void;
  update(finished: number, failed: number): void;
  stop(): void;
}

export interface BatchRequest {
  readonly loaded: LoadedScenario;
  readonly seed: string;
  readonly runs: number;
  readonly shard: Shard | null;
  readonly workers: number | 'auto';
  readonly out?: string;
  readonly resume: boolean;
  readonly inject: Injections;
  readonly command: string;
  readonly runsRoot: string;
  readonly progress?: ProgressSink;
  readonly notice?: (line: string) => void;
  readonly signal?: AbortSignal;
  /** A shared executor (e.g. one pool for every point of a sweep): used as is, and closed by its owner, not here. */
  readonly executor?: Executor;
  /** `fimasim sample`: the sampled parameters (each task carries them; runs.csv gets their values). */
  readonly sample?: SampleSpec | null;
  /** `--series` and `--format` (default: the manifest's when resuming, else DEFAULT_OUTPUT). */
  readonly output?: BatchOutput;
}

export interface BatchOutcome {
  readonly dir: string;
  readonly summary: object | null; // null when the folder was already complete
  readonly runsDone: number;
  readonly runsFailed: number;
  readonly runsResumed: number; // finished runs found in the journal
  readonly workers: number;
  readonly alreadyComplete: boolean;
}

export class BatchInterrupted extends Error {
  constructor(readonly dir: string) {
    super(`interrupted; the finished runs are journaled in ${dir}`);
    this.name = 'BatchInterrupted';
  }
}

export function resolveWorkers(workers: number | 'auto', pending: number): number {
  const wanted = workers === 'auto' ? availableParallelism() : workers;
  return Math.max(1, Math.min(wanted, pending));
}

export async function runBatch(req: BatchRequest): Promise<BatchOutcome> {
  const started = new Date();
  const identity: BatchIdentity = { scenarioHash: req.loaded.hash, seed: req.seed, runs: req.runs, shard: req.shard, ...(req.sample ? { sample: req.sample } : {}) };
  const { scenario } = req.loaded;
  const choice = chooseFolder({ identity, scenarioName: scenario.name, out: req.out, resume: req.resume, runsRoot: req.runsRoot, now: started });
  const dir = choice.dir;
  if (choice.manifest?.finishedAt) {
    tidyFinished(dir); // a kill after the final manifest was written can leave the journal behind
    req.notice?.(`${dir} is already complete (finished ${choice.manifest.finishedAt}); nothing to resume`);
    return { dir, summary: null, runsDone: 0, runsFailed: 0, runsResumed: 0, workers: 0, alreadyComplete: true };
  }
  const output = outputOf(req, choice.manifest?.output, dir, Boolean(choice.manifest));
  const all = output.series === 'all';
  const names = agentNames(scenario);
  const layout = runLayout(scenario.ticks, all ? extraColumnCount(names) : 0);
  if (!choice.manifest) checkDiskRoom(dir, layout, new RunList(req.runs, req.shard).count, req.notice);
  fsOp('mkdir', dir, () => mkdirSync(dir, { recursive: true }));
  const lock = takeLock(dir);
  const list = new RunList(req.runs, req.shard);
  const table = new RunTable(list, layout);
  let series: SeriesFile | undefined;
  let store: SeriesFile | undefined; // --series all: series-all.f32
  let tables: LongTablesWriter | undefined;
  let journal: Journal | undefined;
  let owned: Executor | undefined; // the executor this batch started, and so closes
  try {
    removeStaleTemps(dir); // a process killed inside an atomic write (the first manifest's included) left these
    const manifest = choice.manifest ?? { ...newManifest(scenario, identity, req.command, started), ...(sameOutput(output, DEFAULT_OUTPUT) ? {} : { output }) };
    if (choice.manifest) manifest.resumedAt = [...(manifest.resumedAt ?? []), started.toISOString()];
    writeManifest(dir, manifest);

    series = SeriesFile.open(batchFile(dir, 'series'), layout, list.count);
    const file = series;
    if (all) store = openAllSeriesStore(dir, layout, list.count);
    const extraFile = store;
    const opened = openJournal(batchFile(dir, 'journal'), layout, (e) => {
      const slot = list.slotOf(e.runIndex);
      if (slot < 0) throw new BatchError(`${batchFile(dir, 'journal')} holds run ${e.runIndex}, which is not part of this batch`);
      if (e.ok) {
        const run = unpackRun(layout, e.packed);
        file.write(slot, run.series);
        extraFile?.write(slot, run.extra);
        table.setOk(slot, run.metrics);
      } else table.setFailed(slot, e.error);
    });
    journal = opened.journal;
    const resumed = table.finished;
    if (store) {
      tables = new LongTablesWriter(dir, output, names, layout, tradingDates(scenario.start, scenario.ticks), table, store);
      tables.advance();
    }
    const longTables = tables;
    if (choice.manifest) {
      const torn = opened.droppedBytes > 0 ? ` (a torn last record of ${opened.droppedBytes} bytes was dropped)` : '';
      req.notice?.(`resuming ${dir}: ${resumed} of ${list.count} runs already finished${torn}`);
    }

    const pending = [...table.pendingSlots()];
    const workers = req.executor?.workers ?? resolveWorkers(req.workers, pending.length);
    if (pending.length > 0) {
      const run = req.executor ?? (owned = workers === 1 ? await serialExecutor(req.loaded)
        : poolExecutor(req.loaded, workers, (i, error) => req.notice?.(`the worker running run ${i} died (${error}); retrying the run once`)));
      req.progress?.start(list.count, resumed);
      await runPending(run, pending, run.window ?? workers * 2, { ...req, allSeries: all }, list, async (slot, result) => {
        const runIndex = list.runIndexOf(slot);
        if (typeof result === 'string') {
          journal!.append({ runIndex, ok: false, error: result });
          table.setFailed(slot, result);
        } else {
          const run = unpackRun(layout, result);
          file.write(slot, run.series); // before the journal record: a journaled run always has its series
          extraFile?.write(slot, run.extra);
          journal!.append({ runIndex, ok: true, packed: result });
          table.setOk(slot, run.metrics);
        }
        longTables?.advance(); // the long tables follow in run-index order as the runs before them finish
        req.progress?.update(table.finished, table.failed);
      });
      req.progress?.stop();
      await owned?.close();
      owned = undefined;
    }
    if (req.signal?.aborted) throw new BatchInterrupted(dir);

    const summary = writeResultFiles(dir, { scenario, scenarioHash: req.loaded.hash, seed: req.seed, sample: req.sample ?? null }, table, file);
    if (output.formats.includes('parquet')) exportParquet(dir, output.series === 'default' ? ['runs', 'bands', 'series'] : ['runs', 'bands']);
    if (tables) {
      tables.finish();
      tables = undefined;
      store!.close();
      store = undefined;
      const storePath = batchFile(dir, 'allSeriesStore');
      fsOp('unlink', storePath, () => unlinkSync(storePath)); // the long tables now hold what it did
    }
    const finished = new Date();
    writeManifest(dir, { ...manifest, workers, finishedAt: finished.toISOString(), wallSeconds: (finished.getTime() - started.getTime()) / 1000 });
    journal.close();
    journal = undefined;
    const journalPath = batchFile(dir, 'journal');
    fsOp('unlink', journalPath, () => unlinkSync(journalPath)); // runs.csv, failures.jsonl and series.f32 now hold everything it did
    if (output.series === 'none') {
      // --series none: series.f32 was only the store of the bands; the folder keeps no per-run series
      file.close();
      const seriesPath = batchFile(dir, 'series');
      fsOp('unlink', seriesPath, () => unlinkSync(seriesPath));
    }
    return { dir, summary, runsDone: table.done, runsFailed: table.failed, runsResumed: resumed, workers, alreadyComplete: false };
  } catch (e) {
    // a full disk, a read-only or vanished folder: the user's to fix, and the folder stays resumable
    if (e instanceof FileError) {
      throw new BatchError(`${e.message}. The runs finished so far are journaled in ${dir}: fix this, then complete ` +
        `the batch with the same command and --resume --out ${dir}`);
    }
    throw e;
  } finally {
    req.progress?.stop();
    await owned?.close();
    journal?.close();
    series?.close();
    tables?.abort();
    store?.close();
    lock.release();
  }
}

function outputOf(req: BatchRequest, recorded: BatchOutput | undefined, dir: string, resuming: boolean): BatchOutput {
  const had = recorded ?? DEFAULT_OUTPUT;
  if (!resuming || req.output === undefined) return req.output ?? had;
  if (!sameOutput(req.output, had)) {
    throw new BatchError(`${dir} was started with --series ${had.series} --format ${had.formats.join(',')}, not --series ${req.output.series} ` +
      `--format ${req.output.formats.join(',')}: resume it with the options it was started with`);
  }
  return had;
}


/** Before a new batch: the disk must hold series.f32 and the run journal (which holds each run's series again until
 *  the batch finishes). Refused when it cannot, so a big batch does not stop on a full disk hours later; a batch of
 *  more than 1 GB says what it needs. */
function checkDiskRoom(dir: string, layout: RunLayout, runs: number, notice?: (line: string) => void): void {
  const disk = runs * (layout.seriesBytes + layout.extraFloats * 4 + okRecordBytes(layout));
  const memory = runs * (layout.metrics * 8 + 16); // the run table; bands.csv reads series.f32 a block at a time
  let at = resolve(dir);
  while (!existsSync(at) && dirname(at) !== at) at = dirname(at);
  let free = Infinity;
  try {
    const fs = statfsSync(at);
    free = fs.bavail * fs.bsize;
  } catch { /* no statfs here: the write errors will say so */ }
  const gb = (b: number): string => (b >= 1e9 ? `${(b / 1e9).toFixed(1)} GB` : b >= 1e6 ? `${(b / 1e6).toFixed(1)} MB` : `${Math.ceil(b / 1e3)} kB`);
  if (disk > free) {
    throw new BatchError(`--runs ${runs}: the batch needs about ${gb(disk)} of disk in ${dir} (series.f32 and the run journal), ` +
      `but only ${gb(free)} is free there; free some space, choose another --out, or run fewer runs (or shards, docs/cluster.md)`);
  }
  if (disk > 1e9) notice?.(`this batch needs about ${gb(disk)} of disk (${gb(free)} free) and ${gb(memory)} of memory for its run table`);
}

/** A finished folder keeps its result files only: a journal, temporary files or a stale lock left by a kill after
 *  the final manifest was written are removed (a lock held by a live process is refused as usual). */
function tidyFinished(dir: string): void {
  const journalPath = batchFile(dir, 'journal');
  if (!existsSync(journalPath) && !existsSync(join(dir, LOCK_FILE)) && !readdirSync(dir).some(isTempName)) return;
  const lock = takeLock(dir);
  try {
    removeStaleTemps(dir);
    if (existsSync(journalPath)) fsOp('unlink', journalPath, () => unlinkSync(journalPath));
  } finally {
    lock.release();
  }
}

function takeLock(dir: string): ReturnType<typeof lockFolder> {
  try {
    return lockFolder(dir);
  } catch (e) {
    if (e instanceof LockError) throw new BatchError(e.message);
    throw e;
  }
}

function openJournal(path: string, layout: ReturnType<typeof runLayout>, onEntry: Parameters<typeof Journal.open>[2]) {
  try {
    return Journal.open(path, layout, onEntry);
  } catch (e) {
    if (e instanceof JournalError) throw new BatchError(e.message);
    throw e;
  }
}

/** Runs the pending slots with at most `window` tasks in flight, dispatched in run-index order; stops dispatching
 *  when the signal aborts and waits for the runs in flight, so each of them is journaled.
 *  After the first error (a write that failed, an executor that went away) nothing more is dispatched or recorded,
 *  and it returns only once every lane has stopped: the executor is closed after that, never under a lane, so an
 *  abort of a run in flight can never be recorded as a failed run (issue 19, item 1). */
async function runPending(
  executor: Executor, pending: number[], window: number, req: BatchRequest & { allSeries: boolean }, list: RunList,
  onResult: (slot: number, result: ArrayBuffer | string) => Promise<void>,
): Promise<void> {
  let next = 0;
  let failure: { error: unknown } | null = null;
  const lane = async (): Promise<void> => {
    try {
      while (failure === null && next < pending.length && !req.signal?.aborted) {
        const slot = pending[next++];
        const result = await executor.run(taskFor(req.seed, list.runIndexOf(slot), req.inject, req.sample ?? null, req.allSeries));
        if (failure !== null) return; // its result may be sound, but the journal is no longer trusted to take it
        await onResult(slot, result);
      }
    } catch (e) {
      failure ??= { error: e };
    }
  };
  await Promise.all(Array.from({ length: Math.min(window, pending.length) }, lane));
  if (failure !== null) throw (failure as { error: unknown }).error;
}
