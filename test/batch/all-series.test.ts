// `--series all --format csv,parquet`: every per-tick series and the agent-level series of every run in long
// tables, read back through a real Parquet reader (hyparquet) and compared value by value with the CSVs; the same
// bytes on 1 and 2 workers and after a SIGKILL and --resume; the agents' series add up to the aggregate series.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parquetReadObjects } from 'hyparquet';
import { asyncBufferFromFile } from 'hyparquet/src/node.js';
import { fimasim, killWhen, read, RESULT_FILES, tempDir } from './cli.js';
import { parseCsvTable } from '../../src/sim/files/csv-table.js';
import { readFileSync } from 'node:fs';
import { SERIES } from '../../src/sim/run/series.js';
import { formatFloat32 } from '../../src/sim/batch/bands.js';

const tmp = tempDir('all-series');
const one = join(tmp.dir, 'one'), two = join(tmp.dir, 'two'), killed = join(tmp.dir, 'killed');
const RUNS = 7, POINTS = 21; // smoke: 20 ticks
const args = (out: string, workers: string, runs = RUNS) => ['batch', '--scenario', 'smoke', '--runs', String(runs), '--seed', '5', '--workers', workers,
  '--series', 'all', '--format', 'csv,parquet', '--quiet', '--out', out];
const LONG = ['series.csv', 'banks.csv', 'cohorts.csv', 'series.parquet', 'banks.parquet', 'cohorts.parquet', 'runs.parquet', 'bands.parquet'];
const csv = (dir: string, name: string) => {
  const { table, problems } = parseCsvTable(readFileSync(join(dir, name), 'utf8'), name);
  if (!table) throw new Error(JSON.stringify(problems));
  return table;
};
const parquet = async (dir: string, name: string) => parquetReadObjects({ file: await asyncBufferFromFile(join(dir, name)) }) as Promise<Record<string, unknown>[]>;

beforeAll(() => {
  for (const [out, w] of [[one, '1'], [two, '2']] as const) {
    const r = fimasim(args(out, w));
    expect(r.status, r.stderr).toBe(0);
  }
});
afterAll(tmp.cleanup);

describe('batch --series all --format csv,parquet', () => {
  it('writes the long tables and keeps no store behind', () => {
    for (const f of LONG) expect(existsSync(join(one, f)), f).toBe(true);
    expect(existsSync(join(one, 'series-all.f32'))).toBe(false);
    expect(readdirSync(one).filter((f) => f.startsWith('.'))).toEqual([]);
  });

  it('series.csv is tidy long form: run, tick, date, then every series, one row per (run, tick)', () => {
    const t = csv(one, 'series.csv');
    expect(t.header).toEqual(['run', 'tick', 'date', ...SERIES.map((c) => c.name)]);
    expect(t.rows).toBe(RUNS * POINTS);
    expect(t.numbers('run').filter((_, k) => k % POINTS === 0)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    const bands = csv(one, 'bands.csv');
    expect(t.text('date').slice(0, POINTS)).toEqual(bands.text('date'));
  });

  it('the agents add up: Σ bank holdings = jpHoldings, Σ bank sales cumulated = jpSalesCum, Σ cohort and ETF coins = the float', () => {
    const s = csv(one, 'series.csv'), b = csv(one, 'banks.csv'), c = csv(one, 'cohorts.csv');
    expect(b.header).toEqual(['run', 'tick', 'date', 'bank', 'holdings', 'sales', 'hedgeRatio']);
    expect(c.header).toEqual(['run', 'tick', 'date', 'cohort', 'cash', 'coins']);
    const banks = [...new Set(b.text('bank'))];
    expect(banks).toEqual([...banks].sort());
    expect(b.rows).toBe(RUNS * POINTS * banks.length);
    expect([...new Set(c.text('cohort'))]).toEqual(['funds', 'momentum', 'holders', 'newcomers', 'etf']);
    const jp = s.numbers('jpHoldings'), cum = s.numbers('jpSalesCum');
    const holdings = b.numbers('holdings'), sales = b.numbers('sales'), coins = c.numbers('coins');
    let anySales = false;
    for (let row = 0; row < s.rows; row++) {
      const run = Math.floor(row / POINTS), tick = row % POINTS;
      let h = 0, sold = 0, k = 0;
      for (let i = 0; i < banks.length; i++) {
        const at = (run * banks.length + i) * POINTS;
        h += holdings[at + tick];
        for (let t = 0; t <= tick; t++) sold += sales[at + t];
      }
      for (let i = 0; i < 5; i++) k += coins[(run * 5 + i) * POINTS + tick]; // four cohorts and the spot ETF
      if (sold > 0) anySales = true;
      expect(h).toBeCloseTo(jp[row], 2);
      expect(sold).toBeCloseTo(cum[row], 2);
      expect(k / 19_710_000).toBeCloseTo(1, 5);
    }
    expect(anySales).toBe(true); // the check above bites
  });

  it('the Parquet files hold exactly the CSV values (read back with hyparquet)', async () => {
    for (const name of ['series', 'banks', 'cohorts']) {
      const t = csv(one, `${name}.csv`);
      const rows = await parquet(one, `${name}.parquet`);
      expect(Object.keys(rows[0]), name).toEqual(t.header);
      expect(rows, name).toHaveLength(t.rows);
      for (const col of t.header) {
        const fromCsv = t.text(col);
        // FLOAT columns come back as the Float32 the batch kept; written to CSV as its shortest decimal
        const fromPq = rows.map((r) => (typeof r[col] === 'number' && !['run', 'tick'].includes(col) ? formatFloat32(r[col] as number) : String(r[col])));
        expect(fromPq, `${name}.${col}`).toEqual(fromCsv);
      }
    }
    const runs = csv(one, 'runs.csv'), rp = await parquet(one, 'runs.parquet');
    expect(rp.map((r) => r.runIndex)).toEqual(runs.numbers('runIndex'));
  });

  it('is byte-identical on 1 and 2 workers', () => {
    for (const f of [...RESULT_FILES, ...LONG]) expect(read(two, f).equals(read(one, f)), f).toBe(true);
  });

  it('after a SIGKILL mid-batch, --resume writes the same bytes', async () => {
    const ref = join(tmp.dir, 'ref');
    const runs = 150; // a record is ≈ 4 kB with every series: the kill comes ≈ 30 runs in, with ≈ 120 still to go
    expect(fimasim(args(ref, '2', runs)).status).toBe(0);
    const journal = join(killed, 'journal.bin');
    await killWhen(args(killed, '2', runs), () => existsSync(journal) && statSync(journal).size > 120_000);
    expect(existsSync(join(killed, 'runs.csv'))).toBe(false);
    const other = fimasim(['batch', '--scenario', 'smoke', '--runs', String(runs), '--seed', '5', '--workers', '2', '--series', 'default', '--quiet', '--out', killed, '--resume']);
    expect(other.status).toBe(2);
    expect(other.stderr).toContain('was started with --series all --format csv,parquet, not --series default --format csv');
    const r = fimasim([...args(killed, '2', runs), '--resume']);
    expect(r.status, r.stderr).toBe(0);
    for (const f of [...RESULT_FILES, ...LONG]) expect(read(killed, f).equals(read(ref, f)), f).toBe(true);
  }, 240_000);

  it('names a bad --series or --format, exit 2, nothing written', () => {
    const bad1 = join(tmp.dir, 'bad1'), bad2 = join(tmp.dir, 'bad2');
    const a = fimasim(['batch', '--scenario', 'smoke', '--runs', '2', '--series', 'every', '--out', bad1]);
    expect(a.status).toBe(2);
    expect(a.stderr).toContain("--series must be 'none', 'default' or 'all', found 'every'");
    const b = fimasim(['batch', '--scenario', 'smoke', '--runs', '2', '--format', 'csv,arrow', '--out', bad2]);
    expect(b.status).toBe(2);
    expect(b.stderr).toContain("--format must be 'csv', 'parquet' or 'csv,parquet', found 'csv,arrow'");
    expect(existsSync(bad1) || existsSync(bad2)).toBe(false);
  });
});

describe('--series none and default', () => {
  it('none keeps no per-run series (no series.f32), the same runs.csv and bands.csv as default', () => {
    const none = join(tmp.dir, 'none'), def = join(tmp.dir, 'default');
    expect(fimasim(['batch', '--scenario', 'smoke', '--runs', '4', '--seed', '5', '--workers', '1', '--series', 'none', '--quiet', '--out', none]).status).toBe(0);
    expect(fimasim(['batch', '--scenario', 'smoke', '--runs', '4', '--seed', '5', '--workers', '1', '--format', 'parquet', '--quiet', '--out', def]).status).toBe(0);
    expect(existsSync(join(none, 'series.f32'))).toBe(false);
    for (const f of ['runs.csv', 'bands.csv', 'summary.json']) expect(read(none, f).equals(read(def, f)), f).toBe(true);
    for (const f of ['runs.parquet', 'bands.parquet', 'series.parquet', 'series.f32']) expect(existsSync(join(def, f)), f).toBe(true);
  });
});
