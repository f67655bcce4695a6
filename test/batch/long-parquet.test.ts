// The long tables' Parquet writer on its own: runs spread over several pages and row groups (a partial last page and
// group), read back with a real reader (hyparquet), every cell compared with what was written, the row groups'
// run statistics, and the same bytes whatever the order of the calls that fill a page.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parquetMetadata, parquetReadObjects } from 'hyparquet';
import { asyncBufferFromFile } from 'hyparquet/src/node.js';
import { openAtomicStream } from '../../src/sim/files/atomic.js';
import { LongParquetWriter, RUNS_PER_PAGE, type LongTableShape } from '../../src/sim/batch/long-parquet.js';
import { readLongTable } from '../../src/sim/batch/long-tables-read.js';

const root = mkdtempSync(join(tmpdir(), 'fimasim-long-parquet-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const dates = ['2024-06-18', '2024-06-19', '2024-06-20', '2024-06-21'];
/** A value that differs in every byte position from run to run, agent to agent, column to column and tick to tick,
 *  with the awkward ones mixed in. */
const value = (run: number, k: number, a: number, t: number): number => {
  const special = [NaN, -0, Infinity, -Infinity, 3.4e38, 1e-45];
  return Math.fround((run * 7 + t) % 23 === 5 ? special[(run + k + a + t) % special.length] : (run + 1) * 1.37e3 ** (k - 1) * (a + 1) - t * 0.01);
};

function write(name: string, shape: LongTableShape, runs: readonly number[], rowGroup: number): string {
  const path = join(root, name);
  const w = new LongParquetWriter(openAtomicStream(path), shape, rowGroup);
  for (const run of runs) w.addRun(run, (k, a) => Float32Array.from(dates, (_, t) => value(run, k, a, t)));
  w.finish();
  return path;
}

describe('LongParquetWriter', () => {
  const runs = Array.from({ length: 2 * RUNS_PER_PAGE * 2 + 5 }, (_, i) => 3 * i + 1); // 2 full groups and a partial one
  const rowGroup = 2 * RUNS_PER_PAGE;

  it('an agent table reads back cell by cell, in run, agent, tick order, with run statistics per row group', async () => {
    const shape: LongTableShape = { dates, agentColumn: 'bank', agents: ['mufg', 'smbc', 'japan-post'], values: ['holdings', 'sales'] };
    const path = write('banks.parquet', shape, runs, rowGroup);
    const rows = await parquetReadObjects({ file: await asyncBufferFromFile(path) }) as Record<string, unknown>[];
    expect(rows.length).toBe(runs.length * 3 * dates.length);
    let r = 0;
    for (const run of runs) {
      for (let a = 0; a < 3; a++) {
        for (let t = 0; t < dates.length; t++, r++) {
          const row = rows[r];
          expect([row.run, row.tick, row.date, row.bank]).toEqual([run, t, dates[t], shape.agents[a]]);
          expect(Object.is(row.holdings, value(run, 0, a, t)) && Object.is(row.sales, value(run, 1, a, t)), `row ${r}`).toBe(true);
        }
      }
    }
    const meta = parquetMetadata(readFileSync(path).buffer);
    expect(meta.row_groups.map((g) => Number(g.num_rows))).toEqual([rowGroup, rowGroup, 5].map((n) => n * 3 * dates.length));
    const runStats = meta.row_groups.map((g) => g.columns[0].meta_data!.statistics);
    expect(runStats.map((s) => [s!.min_value, s!.max_value])).toEqual([[runs[0], runs[rowGroup - 1]], [runs[rowGroup], runs[2 * rowGroup - 1]], [runs[2 * rowGroup], runs.at(-1)]]);
    expect(meta.schema.map((e) => e.name)).toEqual(['root', 'run', 'tick', 'date', 'bank', 'holdings', 'sales']);
  });

  it('the series table (no agent column) reads back, and the bytes depend only on the runs', async () => {
    const shape: LongTableShape = { dates, agentColumn: null, agents: [], values: ['ust10y', 'btcPrice', 'srf'] };
    const a = write('series-a.parquet', shape, runs, rowGroup);
    const b = write('series-b.parquet', shape, runs, rowGroup);
    expect(readFileSync(a).equals(readFileSync(b))).toBe(true);
    const rows = await parquetReadObjects({ file: await asyncBufferFromFile(a) }) as Record<string, unknown>[];
    expect(rows.length).toBe(runs.length * dates.length);
    rows.forEach((row, i) => {
      const run = runs[Math.floor(i / dates.length)], t = i % dates.length;
      expect([row.run, row.tick, row.date]).toEqual([run, t, dates[t]]);
      shape.values.forEach((name, k) => expect(Object.is(row[name], value(run, k, 0, t)), `${name} of run ${run}, tick ${t}`).toBe(true));
    });
  });

  it('reads back run by run across pages and row groups (merge\'s reader), each run as its part of the extra columns', async () => {
    const shape: LongTableShape = { dates, agentColumn: 'cohort', agents: ['funds', 'etf'], values: ['cash', 'coins'] };
    const path = write('cohorts.parquet', shape, runs, rowGroup);
    const got: number[] = [];
    await readLongTable({ path, ...shape, points: dates.length }, 'parquet', (run, part) => {
      got.push(run);
      const want = Float32Array.from({ length: 2 * 2 * dates.length }, (_, i) => value(run, Math.floor(i / dates.length) % 2, Math.floor(i / (2 * dates.length)), i % dates.length));
      expect(Buffer.from(part.buffer, part.byteOffset, part.byteLength).equals(Buffer.from(want.buffer)), `run ${run}`).toBe(true);
    });
    expect(got).toEqual(runs);
  });

  it('an empty table (every run failed) is a valid file with no rows', async () => {
    const path = write('empty.parquet', { dates, agentColumn: 'cohort', agents: ['funds'], values: ['cash'] }, [], rowGroup);
    expect(await parquetReadObjects({ file: await asyncBufferFromFile(path) })).toEqual([]);
  });

  it('refuses a row group that is not a whole number of pages', () => {
    expect(() => new LongParquetWriter(openAtomicStream(join(root, 'x.parquet')), { dates, agentColumn: null, agents: [], values: ['a'] }, RUNS_PER_PAGE + 1))
      .toThrow(/multiple of/);
  });
});
