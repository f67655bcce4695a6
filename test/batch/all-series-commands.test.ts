// --series/--format reach every command that runs batches (sweep points, sample, backtest origins) and the API's
// options of the same names, with messages that name the option.
import { afterAll, describe, expect, it } from 'vitest';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fimasim, read, tempDir } from './cli.js';
import { runBatch } from '../../src/api/index.js';

const tmp = tempDir('all-series-commands');
afterAll(tmp.cleanup);
const LONG = ['series.parquet', 'banks.parquet', 'cohorts.parquet', 'runs.parquet', 'bands.parquet'];

describe('--series all --format parquet beyond batch', () => {
  it('sweep: every point folder has the long tables', () => {
    const out = join(tmp.dir, 'sweep');
    const r = fimasim(['sweep', '--scenario', 'smoke', '--vary', 'banks.mufg.policy.carryFloor=-1.5,-0.5', '--runs', '3', '--seed', '2', '--workers', '1',
      '--series', 'all', '--format', 'parquet', '--quiet', '--out', out]);
    expect(r.status, r.stderr).toBe(0);
    const points = readdirSync(out).filter((d) => d.startsWith('point-'));
    expect(points).toHaveLength(2);
    for (const p of points) for (const f of LONG) expect(existsSync(join(out, p, f)), `${p}/${f}`).toBe(true);
  }, 120_000);

  it('sample: the long tables beside sensitivity.csv, and runs.parquet carries the sampled values', () => {
    const out = join(tmp.dir, 'sample');
    const r = fimasim(['sample', '--scenario', 'smoke', '--sample', 'banks.mufg.policy.carryFloor=uniform(-1.5,-0.5)', '--runs', '4', '--seed', '2',
      '--workers', '1', '--series', 'all', '--format', 'csv,parquet', '--quiet', '--out', out]);
    expect(r.status, r.stderr).toBe(0);
    for (const f of [...LONG, 'series.csv', 'banks.csv', 'cohorts.csv', 'sensitivity.csv']) expect(existsSync(join(out, f)), f).toBe(true);
  }, 120_000);

  it('backtest refuses --series none, naming why, before anything is written', () => {
    const out = join(tmp.dir, 'backtest');
    const r = fimasim(['backtest', '--from', '2024-01-02', '--to', '2024-02-01', '--runs', '2', '--series', 'none', '--quiet', '--out', out]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('--series none: a backtest scores each origin from its series.f32');
    expect(existsSync(out)).toBe(false);
  });
});

describe('the API options', () => {
  it('series and format are checked and named as options', async () => {
    await expect(runBatch('smoke', { runs: 2, series: 'every' as never })).rejects.toThrow("options.series must be 'none', 'default' or 'all', found 'every'");
    await expect(runBatch('smoke', { runs: 2, format: 'xlsx' })).rejects.toThrow("options.format must be 'csv', 'parquet' or 'csv,parquet', found 'xlsx'");
  });

  it('an API batch with series: all is the bytes of the CLI batch', async () => {
    const api = join(tmp.dir, 'api'), cli = join(tmp.dir, 'cli');
    await runBatch('smoke', { runs: 3, seed: 4, workers: 1, out: api, series: 'all', format: ['csv', 'parquet'] });
    const r = fimasim(['batch', '--scenario', 'smoke', '--runs', '3', '--seed', '4', '--workers', '1', '--series', 'all', '--format', 'csv,parquet', '--quiet', '--out', cli]);
    expect(r.status, r.stderr).toBe(0);
    for (const f of [...LONG, 'series.csv', 'banks.csv', 'cohorts.csv', 'runs.csv', 'bands.csv']) expect(read(api, f).equals(read(cli, f)), f).toBe(true);
  }, 120_000);
});
