// `fimasim export DIR --format parquet` read back with a real Parquet reader (hyparquet, the reference JavaScript
// reader) and compared value by value with the CSVs, and the per-run series with an independent `fimasim replay`.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { parquetReadObjects } from 'hyparquet';
import { asyncBufferFromFile } from 'hyparquet/src/node.js';
import { readBatchFolder } from '../../src/sim/files/batch-folder.js';
import { parseCsvTable } from '../../src/sim/files/csv-table.js';
import { readFileSync } from 'node:fs';
import { fimasim, tempDir } from '../experiments/helpers.js';

const tmp = tempDir('parquet');
const dir = join(tmp.dir, 'sample');
const read = async (name: string) => parquetReadObjects({ file: await asyncBufferFromFile(join(dir, name)) }) as Promise<Record<string, unknown>[]>;

beforeAll(() => {
  // a sample batch: its runs.csv has a sampled choice of words and a sampled number beside the metrics
  const r = fimasim(['sample', '--scenario', 'smoke', '--sample', 'treasury.policy.name=choice(stabilise,passive)',
    '--sample', 'banks.mufg.policy.carryFloor=uniform(-1.5,-0.5)', '--runs', '6', '--seed', '3', '--workers', '1', '--out', dir, '--quiet']);
  expect(r.code, r.stderr).toBe(0);
  const e = fimasim(['export', dir, '--format', 'parquet', '--json']);
  expect(e.code, e.stderr).toBe(0);
  expect(JSON.parse(e.stdout).rows).toEqual({ runs: 6, bands: 21, series: 6 * 21 });
});
afterAll(tmp.cleanup);

describe('runs.parquet', () => {
  it('holds runs.csv exactly: the same columns, run indices, texts and doubles', async () => {
    const rows = await read('runs.parquet');
    const { runs } = readBatchFolder(dir, ['runs']);
    expect(Object.keys(rows[0])).toEqual(runs.header);
    expect(rows.map((r) => r.runIndex)).toEqual(runs.runIndex);
    expect(rows.map((r) => r['treasury.policy.name'])).toEqual(runs.text('treasury.policy.name'));
    for (const name of runs.header.filter((h) => h !== 'runIndex' && h !== 'seed' && h !== 'treasury.policy.name')) {
      expect(rows.map((r) => r[name]), name).toEqual(runs.numbers(name));
    }
    expect(rows.every((r) => r.seed === '3')).toBe(true);
  });
});

describe('bands.parquet', () => {
  it('holds bands.csv exactly', async () => {
    const rows = await read('bands.parquet');
    const { bands } = readBatchFolder(dir, ['bands']);
    expect(rows.map((r) => r.date)).toEqual(bands.text('date'));
    for (const name of bands.header.filter((h) => h !== 'date')) expect(rows.map((r) => r[name]), name).toEqual(bands.numbers(name));
  });
});

describe('series.parquet', () => {
  it('is tidy long form: one row per (run, tick), every run of runs.csv, in run-index order', async () => {
    const rows = await read('series.parquet');
    expect(Object.keys(rows[0])).toEqual(['run', 'tick', 'date', 'ust10y', 'netLiquidity', 'reserves', 'fimaRepo', 'jpHoldings', 'btcPrice', 'rrp', 'tga', 'usdjpy']);
    expect(rows).toHaveLength(6 * 21);
    expect(rows.filter((r) => r.tick === 0).map((r) => r.run)).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('matches a replay of the run (its series.csv, rounded to the Float32 the batch keeps)', async () => {
    const rows = (await read('series.parquet')).filter((r) => r.run === 4);
    const out = join(tmp.dir, 'replay-4');
    const r = fimasim(['replay', dir, '--run', '4', '--out', out, '--quiet']);
    expect(r.code, r.stderr).toBe(0);
    const csv = parseCsvTable(readFileSync(join(out, 'series.csv'), 'utf8'), 'series.csv').table!;
    expect(rows.map((x) => x.date)).toEqual(csv.text('date'));
    for (const name of ['ust10y', 'netLiquidity', 'fimaRepo', 'btcPrice', 'usdjpy']) {
      expect(rows.map((x) => x[name]), name).toEqual(csv.numbers(name).map(Math.fround));
    }
  });
});

describe('export refuses what is not a finished batch folder', () => {
  it('names the folder (exit 2, nothing written)', () => {
    const r = fimasim(['export', tmp.dir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`'${tmp.dir}' is not a batch folder`);
  });
});
