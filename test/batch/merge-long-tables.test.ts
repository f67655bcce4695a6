// `fimasim merge` of `--series all` shards (issue 17): the merged folder has the long tables (series, banks, cohorts)
// and the Parquet copies of runs.csv and bands.csv, byte for byte those of the unsharded batch, whether the shards
// wrote Parquet (read back exactly) or only CSV; shards that kept different outputs, or none, are refused.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fimasim, read, RESULT_FILES, tempDir } from './cli.js';

const tmp = tempDir('merge-long');
const FAIL = { FIMASIM_FAIL_RUNS: '3,17' }; // failed runs have no rows in the long tables
const batch = (...more: string[]) => ['batch', '--scenario', 'smoke', '--runs', '30', '--seed', '4', '--workers', '1', '--quiet', '--allow-failures', ...more];
const single = join(tmp.dir, 'single');
const LONG_CSV = ['series.csv', 'banks.csv', 'cohorts.csv'];
const LONG_PARQUET = ['series.parquet', 'banks.parquet', 'cohorts.parquet', 'runs.parquet', 'bands.parquet'];

function shards(name: string, n: number, ...options: string[]): string[] {
  return shardsOf(name, n, Array.from({ length: n }, (_, k) => k), ...options);
}

/** Shards `ks` of N, each in its own folder. */
function shardsOf(name: string, n: number, ks: readonly number[], ...options: string[]): string[] {
  return ks.map((k) => {
    const out = join(tmp.dir, `${name}-${k}`);
    const r = fimasim(batch('--shard', `${k}/${n}`, '--out', out, ...options), { env: FAIL });
    expect(r.status, r.stderr).toBe(0);
    return out;
  });
}

const merge = (dirs: string[], out: string) => fimasim(['merge', ...dirs, '--out', out, '--allow-failures']);

beforeAll(() => {
  const r = fimasim(batch('--out', single, '--series', 'all', '--format', 'csv,parquet'), { env: FAIL });
  expect(r.status, r.stderr).toBe(0);
});
afterAll(tmp.cleanup);

describe('merge of --series all shards', () => {
  it.each([
    ['Parquet and CSV', 3, 'csv,parquet', [...LONG_CSV, ...LONG_PARQUET]], // 3 shards: run i of shard i mod 3
    ['Parquet only (read back with hyparquet)', 2, 'parquet', LONG_PARQUET],
    ['CSV only (read back from the shortest decimals)', 2, 'csv', LONG_CSV],
  ])('%s: the merged long tables are the unsharded batch\'s bytes', (label, n, format, files) => {
    const dirs = shards(`shard-${format}`, n as number, '--series', 'all', '--format', format as string);
    const out = join(tmp.dir, `merged-${format}`);
    const r = merge([...dirs].reverse(), out);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('28 runs done, 2 failed');
    for (const f of [...RESULT_FILES, ...(files as string[])]) expect(read(out, f).equals(read(single, f)), f).toBe(true);
    expect(existsSync(join(out, 'series-all.f32')), 'the store is removed').toBe(false);
    const m = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'));
    expect(m.output).toEqual({ series: 'all', formats: (format as string).split(',') });
    expect(m.finishedAt).not.toBeNull();
  });

  it('--series default --format parquet shards merge with their series.parquet', () => {
    const dirs = shards('shard-default-pq', 2, '--format', 'parquet');
    const one = join(tmp.dir, 'single-default-pq');
    expect(fimasim(batch('--out', one, '--format', 'parquet'), { env: FAIL }).status).toBe(0);
    const out = join(tmp.dir, 'merged-default-pq');
    expect(merge(dirs, out).status).toBe(0);
    for (const f of [...RESULT_FILES, 'runs.parquet', 'bands.parquet', 'series.parquet']) expect(read(out, f).equals(read(one, f)), f).toBe(true);
  });
});

describe('merge refuses', () => {
  it('shards that kept different outputs, naming both', () => {
    const [a] = shardsOf('mixed-all', 2, [0], '--series', 'all', '--format', 'parquet');
    const [b] = shardsOf('mixed-default', 2, [1]);
    const out = join(tmp.dir, 'merged-mixed');
    const r = merge([a, b], out);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`${b} was run with --series default --format csv, but ${a} with --series all --format parquet`);
    expect(existsSync(out)).toBe(false);
  });

  it('a shard whose long table lacks a run\'s rows, naming the run and the table, and leaves no folder', () => {
    const dirs = shards('damaged', 2, '--series', 'all', '--format', 'csv');
    const damaged = join(tmp.dir, 'damaged-copy');
    cpSync(dirs[1], damaged, { recursive: true });
    const lines = readFileSync(join(damaged, 'banks.csv'), 'utf8').split('\n');
    writeFileSync(join(damaged, 'banks.csv'), lines.filter((l, i) => i === 0 || !l.startsWith('29,')).join('\n')); // run 29's rows gone
    const out = join(tmp.dir, 'merged-damaged');
    const r = merge([dirs[0], damaged], out);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`merge: run 29 is in runs.csv of ${damaged} but not in its banks table`);
    expect(existsSync(out)).toBe(false);
  });

  it('--series none shards, which keep no per-run series', () => {
    const dirs = shardsOf('none', 2, [0], '--series', 'none');
    const out = join(tmp.dir, 'merged-none');
    const r = merge(dirs, out);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('was run with --series none, which keeps no per-run series');
    expect(existsSync(out)).toBe(false);
  });
});
