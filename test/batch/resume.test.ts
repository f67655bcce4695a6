// Durability (design §11): a batch killed with SIGKILL once some runs are journaled, then resumed, writes exactly
// the files of an uninterrupted batch; so does one whose journal ends in the middle of a record.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cpSync, existsSync, readFileSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { fimasim, fimasimAsync, read, RESULT_FILES, tempDir } from './cli.js';
import { runLayout } from '../../src/sim/batch/layout.js';
import { JOURNAL_HEADER_BYTES, okRecordBytes } from '../../src/sim/batch/journal.js';

const tmp = tempDir('resume');
const ref = join(tmp.dir, 'ref'), killed = join(tmp.dir, 'killed'), torn = join(tmp.dir, 'torn');
const args = (out: string, ...more: string[]) => ['batch', '--scenario', 'smoke', '--runs', '600', '--seed', '11', '--workers', '2', '--quiet', '--out', out, ...more];
const record = okRecordBytes(runLayout(20)); // smoke has 20 ticks
const KILL_AT = 100; // of 600 runs: hundreds still to go when the kill comes

/** Starts the batch and SIGKILLs it as soon as the journal holds KILL_AT records (polling the file, no sleeps). */
async function killAfterRecords(out: string): Promise<number> {
  const child = fimasimAsync(args(out));
  const journal = join(out, 'journal.bin');
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  let records = 0;
  for (;;) {
    if (child.exitCode !== null) throw new Error('the batch finished before it could be killed: raise --runs');
    records = existsSync(journal) ? Math.floor((statSync(journal).size - JOURNAL_HEADER_BYTES) / record) : 0;
    if (records >= KILL_AT) break;
    await new Promise((r) => setImmediate(r));
  }
  child.kill('SIGKILL');
  await exited;
  return records;
}

beforeAll(async () => {
  const r = fimasim(args(ref));
  expect(r.status, r.stderr).toBe(0);
  const records = await killAfterRecords(killed);
  expect(records).toBeGreaterThanOrEqual(KILL_AT);
  expect(existsSync(join(killed, 'runs.csv'))).toBe(false); // really interrupted
  expect(existsSync(join(killed, 'batch.lock'))).toBe(true); // left behind by the killed process
  cpSync(killed, torn, { recursive: true });
});
afterAll(tmp.cleanup);

describe('a batch killed with SIGKILL', () => {
  it('refuses a second process while the lock is held by a live process', () => {
    const lock = join(torn, 'batch.lock');
    const saved = readFileSync(lock);
    writeFileSync(lock, JSON.stringify({ host: hostname(), pid: process.pid, since: new Date().toISOString() }));
    const r = fimasim(args(torn, '--resume'));
    writeFileSync(lock, saved);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`is in use by process ${process.pid}`);
    expect(r.stderr).toContain('batch.lock');
  });

  it('is completed by --resume to the bytes of an uninterrupted batch', () => {
    const r = fimasim(args(killed, '--resume').filter((a) => a !== '--quiet'));
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/resuming .*killed: \d+ of 600 runs already finished/);
    for (const f of RESULT_FILES) expect(read(killed, f).equals(read(ref, f)), f).toBe(true);
    const m = JSON.parse(readFileSync(join(killed, 'manifest.json'), 'utf8'));
    expect(m.resumedAt).toHaveLength(1);
    expect(existsSync(join(killed, 'journal.bin'))).toBe(false);
  });

  it('drops a torn last record and redoes that run', () => {
    const journal = join(torn, 'journal.bin');
    const whole = Math.floor((statSync(journal).size - JOURNAL_HEADER_BYTES) / record);
    truncateSync(journal, JOURNAL_HEADER_BYTES + (whole - 1) * record + Math.floor(record / 2));
    const r = fimasim(args(torn, '--resume').filter((a) => a !== '--quiet'));
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toContain(`${whole - 1} of 600 runs already finished (a torn last record of ${Math.floor(record / 2)} bytes was dropped)`);
    for (const f of RESULT_FILES) expect(read(torn, f).equals(read(ref, f)), f).toBe(true);
  });

  it('says so when asked to resume a finished folder, and leaves it as it is', () => {
    const before = read(ref, 'summary.json');
    const r = fimasim(args(ref, '--resume'));
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('already complete');
    expect(read(ref, 'summary.json').equals(before)).toBe(true);
  });
});
