// Crash consistency by fault injection (issue 19), the way SQLite tests its recovery: a small pool batch is run
// once per file operation n (every write, rename, fsync, truncate, unlink, lock and mkdir, counted in
// src/sim/files/fs-ops.ts) with a fault at operation n — an OS error (ENOSPC at that operation only, EIO likewise)
// or a kill just before it (FREEZE: that operation and every later one never happen, so the folder is left as a
// SIGKILL would leave it) — and then completed with --resume. Every fault point must resume to the bytes of the
// uninterrupted batch, with no stray file left behind. The figures are printed and quoted in docs/files.md.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { read, RESULT_FILES, tempDir } from './cli.js';
import { loadScenario } from '../../src/sim/scenario/load.js';
import { runBatch, type BatchRequest } from '../../src/sim/batch/run-batch.js';
import { NO_INJECTIONS } from '../../src/sim/batch/spec.js';
import { armFaults, FileError, fsOpCount, FrozenError, type FaultPlan } from '../../src/sim/files/fs-ops.js';
import { BatchError } from '../../src/sim/batch/errors.js';
import type { Executor } from '../../src/sim/batch/executor.js';
import { poolExecutor } from '../../src/sim/batch/pool.js';

const tmp = tempDir('faults');
const loaded = loadScenario('smoke', []);
const RUNS = 6;
const request = (out: string, resume: boolean, workers: number, executor?: Executor): BatchRequest => ({
  loaded, seed: '19', runs: RUNS, shard: null, workers, out, resume, inject: NO_INJECTIONS, command: 'test', runsRoot: tmp.dir, executor,
});
// every faulted batch runs on one shared pool, to keep the suite quick (a pool of the batch's own, closed by the
// batch — the path of issue 19's item 1 — is tested through the CLI in full-disk.test.ts)
let shared: Executor;
const ref = join(tmp.dir, 'ref');
let points = 0;
const deadPid = spawnSync('true').pid!; // a process that has exited: the owner a killed batch leaves in its lock

beforeAll(async () => {
  shared = poolExecutor(loaded, 2);
  armFaults(null);
  await runBatch(request(ref, false, 2));
  points = fsOpCount();
});
afterAll(async () => {
  armFaults(null);
  await shared.close();
  tmp.cleanup();
});

/** Runs the batch with `plan`, then resumes it without faults; returns whether every result file matches. */
async function faultThenResume(dir: string, plan: FaultPlan): Promise<{ identical: boolean; why: string }> {
  armFaults(plan);
  let error: unknown = null;
  try {
    await runBatch(request(dir, false, 2, shared));
  } catch (e) {
    error = e;
  }
  armFaults(null);
  // the last operation is the lock's release, whose failure the finished batch shrugs off
  const last = plan.at === points;
  if (plan.fault === 'FREEZE') {
    if (!(error instanceof FrozenError || (last && error === null))) return { identical: false, why: `expected the simulated kill, got ${String(error)}` };
  } else if (!((error instanceof BatchError || error instanceof FileError) && /\((ENOSPC|EIO)\)/.test(error.message)) && !(last && error === null)) {
    return { identical: false, why: `expected a user error naming the OS reason, got ${String(error)}` };
  }
  // a lock left behind names this (live) test process; after a real kill it names a process that is gone
  const lock = join(dir, 'batch.lock');
  if (existsSync(lock)) writeFileSync(lock, readFileSync(lock, 'utf8').replace(`"pid":${process.pid}`, `"pid":${deadPid}`));
  await runBatch(request(dir, true, 1));
  for (const f of RESULT_FILES) if (!read(dir, f).equals(read(ref, f))) return { identical: false, why: `${f} differs` };
  const files = readdirSync(dir).sort().join(' '), want = readdirSync(ref).sort().join(' ');
  if (files !== want) return { identical: false, why: `files ${files}, expected ${want}` };
  return { identical: true, why: '' };
}

describe('fault injection at every file operation of a pool batch', () => {
  for (const fault of ['ENOSPC', 'EIO', 'FREEZE'] as const) {
    it(`${fault}: every fault point resumes to the bytes of the uninterrupted batch`, async () => {
      expect(points).toBeGreaterThan(30); // the count covers the journal appends, the series writes and every final file
      const bad: string[] = [];
      for (let n = 1; n <= points; n++) {
        const r = await faultThenResume(join(tmp.dir, `${fault}-${n}`), { at: n, fault });
        if (!r.identical) bad.push(`fault point ${n}: ${r.why}`);
      }
      process.stderr.write(`fault injection (${fault}): ${points} fault points, ${points - bad.length} identical\n`);
      expect(bad).toEqual([]);
    });
  }
});
