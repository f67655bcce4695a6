// Issue 19, items 1, 4 and 6 through the CLI: a full disk in the middle of a pool batch, the kill windows of the
// first manifest and of the report step, and file-system errors as user errors (exit 2, path and OS reason, no
// stack trace, nothing half-written).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, statfsSync, statSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fimasim, fimasimAsync, read, RESULT_FILES, tempDir } from './cli.js';
import { runLayout } from '../../src/sim/batch/layout.js';

/** Bytes of one smoke run (20 ticks) in series.f32: the stride the messages below compute. */
const STRIDE = runLayout(20).seriesBytes;

const tmp = tempDir('full-disk');
const at = (name: string): string => join(tmp.dir, name);
const batch = (out: string, runs: number, ...more: string[]) =>
  ['batch', '--scenario', 'smoke', '--runs', String(runs), '--seed', '5', '--workers', '2', '--quiet', '--out', out, ...more];
const ref400 = at('ref400'), ref6 = at('ref6');

beforeAll(() => {
  for (const [dir, runs] of [[ref400, 400], [ref6, 6]] as const) {
    const r = fimasim(batch(dir, runs));
    expect(r.status, r.stderr).toBe(0);
  }
});
afterAll(tmp.cleanup);

const sameResults = (dir: string, ref: string): void => {
  for (const f of RESULT_FILES) expect(read(dir, f).equals(read(ref, f)), f).toBe(true);
};
const userError = (r: { status: number | null; stderr: string }): void => {
  expect(r.status, r.stderr).toBe(2);
  expect(r.stderr).not.toContain('internal error');
  expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
};

describe('a write error during a pool batch (issue 19, item 1)', () => {
  it('ENOSPC at a journal append: exit 2 naming the file, no run journaled as failed, --resume gives the same bytes', () => {
    const dir = at('enospc');
    // operation 21: a series write or journal append of the sixth run or so, while the pool has runs in flight
    const r = fimasim(batch(dir, 400), { env: { FIMASIM_FAULT: '21:ENOSPC' } });
    userError(r);
    expect(r.stderr).toMatch(/cannot write .*enospc\/(journal\.bin|series\.f32): no space left on device \(ENOSPC\)/);
    expect(r.stderr).toContain(`--resume --out ${dir}`);
    const resumed = fimasim(batch(dir, 400, '--resume'));
    expect(resumed.status, resumed.stderr).toBe(0);
    expect(read(dir, 'failures.jsonl').length).toBe(0);
    sameResults(dir, ref400);
  });

  const canMount = (mkdirSync(at('small'), { recursive: true }), spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', at('small')]).status === 0);
  if (!canMount) process.stderr.write('SKIPPED: the real full-disk test needs root to mount a 4 MB tmpfs (mount -t tmpfs)\n');
  it.skipIf(!canMount)('a real tmpfs filled up by another process mid-batch: exit 2, and after moving the folder to a disk with room --resume gives the same bytes', async () => {
    const dir = join(at('small'), 'b');
    try {
      // the batch fits when it starts (400 runs need ≈ 0.5 MB of the 1 MB); once its journal grows (40 runs or so
      // journaled, hundreds still to come), a filler file takes every free byte, as another program writing to the
      // same disk would
      const child = fimasimAsync(batch(dir, 400));
      let stderr = '';
      child.stderr!.on('data', (d) => { stderr += String(d); });
      const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
      const journal = join(dir, 'journal.bin');
      while (!(existsSync(journal) && statSync(journal).size > 20_000)) {
        if (child.exitCode !== null) throw new Error(`the batch ended before the disk was filled: ${stderr}`);
        await new Promise((r) => setImmediate(r));
      }
      const free = statfsSync(at('small'));
      try { writeFileSync(join(at('small'), 'filler'), Buffer.alloc(free.bavail * free.bsize)); } catch { /* full: as intended */ }
      userError({ status: await exited, stderr });
      expect(stderr).toMatch(/cannot write .*\/b\/(journal\.bin|series\.f32): no space left on device \(ENOSPC\)/);
      cpSync(dir, at('moved'), { recursive: true });
    } finally {
      spawnSync('umount', [at('small')]);
    }
    const resumed = fimasim(batch(at('moved'), 400, '--resume'));
    expect(resumed.status, resumed.stderr).toBe(0);
    expect(read(at('moved'), 'failures.jsonl').length).toBe(0);
    sameResults(at('moved'), ref400);
  });

  it.skipIf(!canMount)('a batch that cannot fit on the disk is refused before it starts, naming what it needs', () => {
    mkdirSync(at('tiny'));
    expect(spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', at('tiny')]).status).toBe(0);
    try {
      const r = fimasim(batch(join(at('tiny'), 'b'), 2000));
      userError(r);
      expect(r.stderr).toMatch(/--runs 2000: the batch needs about \d\.\d MB of disk in .*tiny\/b \(series\.f32 and the run journal\), but only 1\.0 MB is free there/);
      expect(readdirSync(at('tiny'))).toEqual([]);
    } finally {
      spawnSync('umount', [at('tiny')]);
    }
  });
});

describe('kill windows (issue 19, item 6)', () => {
  it('a kill inside the first manifest write leaves a folder that --resume and a fresh batch both accept', () => {
    const dir = at('kill-manifest');
    const r = fimasim(batch(dir, 6), { env: { FIMASIM_FAULT: '4:KILL' } }); // 4: the fsync of .manifest.json.tmp-PID
    expect(r.status).toBe(null);
    expect(readdirSync(dir).map((f) => f.replace(/\d+$/, 'PID')).sort()).toEqual(['.manifest.json.tmp-PID', 'batch.lock']);
    cpSync(dir, at('kill-manifest-2'), { recursive: true });
    const resumed = fimasim(batch(dir, 6, '--resume'));
    expect(resumed.status, resumed.stderr).toBe(0);
    sameResults(dir, ref6);
    expect(readdirSync(dir).sort()).toEqual(readdirSync(ref6).sort());
    const fresh = fimasim(batch(at('kill-manifest-2'), 6));
    expect(fresh.status, fresh.stderr).toBe(0);
    sameResults(at('kill-manifest-2'), ref6);
  });

  it('a kill in the report step: --resume draws the missing report.html', () => {
    const dir = at('kill-report');
    // 45 operations for the batch (faults.test.ts counts them), the 46th writes the report's temporary file
    const r = fimasim(batch(dir, 6), { env: { FIMASIM_FAULT: '46:KILL' } });
    expect(r.status).toBe(null);
    expect(existsSync(join(dir, 'report.html'))).toBe(false);
    sameResults(dir, ref6);
    const resumed = fimasim(batch(dir, 6, '--resume'));
    expect(resumed.status, resumed.stderr).toBe(0);
    expect(existsSync(join(dir, 'report.html'))).toBe(true);
    expect(readdirSync(dir).sort()).toEqual(readdirSync(ref6).sort());
  });
});

describe('file-system errors are user errors (issue 19, item 4)', () => {
  beforeAll(() => {
    writeFileSync(at('a-file'), 'x');
    symlinkSync(at('nowhere/x'), at('dangling'));
  });
  const cases: [string, () => string[], RegExp][] = [
    ['run --out an existing file', () => ['run', '--scenario', 'smoke', '--out', at('a-file')], /--out .*a-file: exists and is not a folder/],
    ['run --out file/sub', () => ['run', '--scenario', 'smoke', '--out', join(at('a-file'), 'sub')], /cannot \w+ .*a-file\/sub: not a directory \(ENOTDIR\)/],
    ['run --out ""', () => ['run', '--scenario', 'smoke', '--out', ''], /--out: expected a folder path, found an empty string/],
    ['run --out a dangling symlink', () => ['run', '--scenario', 'smoke', '--out', at('dangling')], /--out .*dangling: a symbolic link to a folder that does not exist/],
    ['run --out a batch folder', () => ['run', '--scenario', 'smoke', '--out', ref6], /--out .*ref6: the folder is not empty and is not the folder of a run/],
    ['batch --out file/sub', () => batch(join(at('a-file'), 'sub'), 2), /cannot mkdir .*a-file\/sub: not a directory \(ENOTDIR\)/],
    ['batch --out ""', () => batch('', 2), /--out: expected a folder path, found an empty string/],
    ['replay --out an existing file', () => ['replay', ref6, '--run', '1', '--out', at('a-file')], /--out .*a-file: exists and is not a folder/],
    ['replay --out a batch folder', () => ['replay', ref6, '--run', '1', '--out', ref400], /the folder is not empty and is not the folder of a run/],
    ['compare --out a file', () => ['compare', ref6, ref6, '--out', at('a-file')], /a-file: not a directory \(ENOTDIR\)/],
    ['sweep --out a file', () => ['sweep', '--scenario', 'smoke', '--runs', '2', '--vary', 'banks.mufg.policy.carryFloor=-1,-0.5', '--out', at('a-file')], /a-file: not a directory \(ENOTDIR\)/],
  ];
  for (const [name, args, message] of cases) {
    it(name, () => {
      const summary = read(ref6, 'summary.json');
      const r = fimasim(args());
      userError(r);
      expect(r.stderr).toMatch(message);
      expect(read(ref6, 'summary.json').equals(summary)).toBe(true);
      expect(readFileSync(at('a-file'), 'utf8')).toBe('x');
    });
  }

  it('replay with a truncated series.f32 says it could not check the series, and why', () => {
    const copy = at('replay-truncated');
    cpSync(ref6, copy, { recursive: true });
    truncateSync(join(copy, 'series.f32'), 100);
    const r = fimasim(['replay', copy, '--run', '2']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('The row matches runs.csv exactly');
    expect(r.stdout).toMatch(new RegExp(`The series could NOT be checked: .*series\\.f32 has 100 bytes, expected ${6 * STRIDE} \\(6 runs × ${STRIDE} bytes\\).*truncated or damaged`));
  });

  it('merge with a truncated shard series.f32 names the file', () => {
    for (const k of [0, 1]) expect(fimasim(batch(at(`shard${k}`), 4, '--shard', `${k}/2`)).status).toBe(0);
    truncateSync(join(at('shard1'), 'series.f32'), 100);
    const r = fimasim(['merge', at('shard0'), at('shard1'), '--out', at('merged')]);
    userError(r);
    expect(r.stderr).toMatch(new RegExp(`shard1/series\\.f32 has 100 bytes, expected ${2 * STRIDE} \\(2 runs × ${STRIDE} bytes\\).*truncated or damaged`));
    expect(existsSync(at('merged'))).toBe(false);
  });
});
