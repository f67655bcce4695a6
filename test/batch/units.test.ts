// The batch layer's pieces on their own: shard slots, --shard parsing, the journal's torn-tail handling, and bands
// computed in blocks equal to bands computed at once (and to their definition).
import { afterAll, describe, expect, it } from 'vitest';
import { appendFileSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from './cli.js';
import { RunList } from '../../src/sim/batch/spec.js';
import { parseShard } from '../../src/sim/batch/shard.js';
import { Journal, JOURNAL_HEADER_BYTES, okRecordBytes, type JournalEntry } from '../../src/sim/batch/journal.js';
import { packRun, runLayout, runOfShared, shareRuns, unpackRun } from '../../src/sim/batch/layout.js';
import { RunTable } from '../../src/sim/batch/table.js';
import { SeriesFile } from '../../src/sim/batch/series-file.js';
import { bandsCsv, formatFloat32, BAND_QUANTILES } from '../../src/sim/batch/bands.js';
import { quantilesSorted } from '../../src/sim/stats/index.js';

const tmp = tempDir('units');
afterAll(tmp.cleanup);

describe('RunList', () => {
  it.each([[10, 1], [10, 3], [10, 7], [3, 7], [1, 1]])('covers run indices 0..%i−1 exactly once over %i shards', (runs, n) => {
    const seen: number[] = [];
    for (let k = 0; k < n; k++) {
      const list = new RunList(runs, n === 1 ? null : { index: k, count: n });
      for (let s = 0; s < list.count; s++) {
        const i = list.runIndexOf(s);
        expect(i % n).toBe(k);
        expect(list.slotOf(i)).toBe(s);
        seen.push(i);
      }
    }
    expect(seen.sort((a, b) => a - b)).toEqual(Array.from({ length: runs }, (_, i) => i));
  });

  it('owns no index of another shard', () => {
    const list = new RunList(20, { index: 2, count: 7 });
    expect([1, 3, 8, 20, 23, -5, 2.5].map((i) => list.slotOf(i))).toEqual([-1, -1, -1, -1, -1, -1, -1]);
    expect([2, 9, 16].map((i) => list.slotOf(i))).toEqual([0, 1, 2]);
  });
});

describe('parseShard', () => {
  it.each([
    ['3/7', {}, { index: 3, count: 7 }],
    ['auto/7', { JOB_COMPLETION_INDEX: '4' }, { index: 4, count: 7 }],
    ['auto/7', { SLURM_ARRAY_TASK_ID: '5', SLURM_ARRAY_TASK_MIN: '1' }, { index: 4, count: 7 }],
    ['auto/7', { SLURM_ARRAY_TASK_ID: '6', SLURM_ARRAY_TASK_MIN: '6', FIMASIM_SHARD_BASE: '1' }, { index: 5, count: 7 }],
    ['auto/7', { AWS_BATCH_JOB_ARRAY_INDEX: '0' }, { index: 0, count: 7 }],
  ])('%s with %j', (text, env, shard) => {
    expect(parseShard(text, env)).toEqual(shard);
  });

  it.each([
    ['3', {}, '--shard: expected K/N (e.g. 2/7) or auto/N, found \'3\''],
    ['3/0', {}, "--shard: N must be a positive integer, found '0' in '3/0'"],
    ['x/4', {}, "--shard: K must be a non-negative integer or 'auto', found 'x' in 'x/4'"],
    ['4/4', {}, '--shard: K must be below N (shards are numbered 0 to 3), found 4/4'],
    ['auto/4', { JOB_COMPLETION_INDEX: 'two' }, "--shard auto: JOB_COMPLETION_INDEX must be a non-negative integer, found 'two'"],
    ['auto/4', { SLURM_ARRAY_TASK_ID: '0', SLURM_ARRAY_TASK_MIN: '1' }, '--shard auto: SLURM_ARRAY_TASK_ID 0 is below the array base 1'],
    ['auto/4', { JOB_COMPLETION_INDEX: '4' }, '--shard: K must be below N (shards are numbered 0 to 3), found 4/4'],
  ])('refuses %s with %j', (text, env, message) => {
    expect(() => parseShard(text, env)).toThrow(message);
  });
});

describe('Journal', () => {
  const layout = runLayout(3);
  const packed = (i: number): ArrayBuffer =>
    packRun(layout, Float64Array.from({ length: layout.metrics }, (_, k) => i + k / 10), Float32Array.from({ length: layout.floats }, (_, k) => i * k));

  function writeJournal(path: string): void {
    const { journal } = Journal.open(path, layout, () => {});
    journal.append({ runIndex: 4, ok: true, packed: packed(4) });
    journal.append({ runIndex: 1, ok: false, error: 'ModelError: tick 3 … ünïcode' });
    journal.append({ runIndex: 0, ok: true, packed: packed(0) });
    journal.close();
  }
  const replay = (path: string) => {
    const entries: JournalEntry[] = [];
    const { journal, records, droppedBytes } = Journal.open(path, layout, (e) => entries.push(e));
    journal.close();
    return { entries, records, droppedBytes };
  };

  it('replays every record in the order written', () => {
    const path = join(tmp.dir, 'whole.bin');
    writeJournal(path);
    const { entries, droppedBytes } = replay(path);
    expect(droppedBytes).toBe(0);
    expect(entries.map((e) => e.runIndex)).toEqual([4, 1, 0]);
    expect(entries[1]).toEqual({ runIndex: 1, ok: false, error: 'ModelError: tick 3 … ünïcode' });
    const e0 = entries[0] as Extract<JournalEntry, { ok: true }>;
    expect(Buffer.from(e0.packed).equals(Buffer.from(packed(4)))).toBe(true);
  });

  it.each([1, 11, 12, 40, okRecordBytes(layout) - 1])('drops a last record torn after %i bytes and appends after it', (cut) => {
    const path = join(tmp.dir, `torn-${cut}.bin`);
    writeJournal(path);
    const full = statSync(path).size;
    const { journal } = Journal.open(path, layout, () => {});
    journal.append({ runIndex: 9, ok: true, packed: packed(9) });
    journal.close();
    writeFileSync(path, readFileSync(path).subarray(0, full + cut));
    const first = replay(path);
    expect(first.entries.map((e) => e.runIndex)).toEqual([4, 1, 0]);
    expect(first.droppedBytes).toBe(cut);
    expect(statSync(path).size).toBe(full);
    const { journal: again } = Journal.open(path, layout, () => {});
    again.append({ runIndex: 9, ok: true, packed: packed(9) });
    again.close();
    expect(replay(path).entries.map((e) => e.runIndex)).toEqual([4, 1, 0, 9]);
  });

  it('stops at a record whose checksum does not match', () => {
    const path = join(tmp.dir, 'corrupt.bin');
    writeJournal(path);
    const bytes = readFileSync(path);
    bytes[JOURNAL_HEADER_BYTES + 30] ^= 0xff; // inside the first record's payload
    writeFileSync(path, bytes);
    const { entries, droppedBytes } = replay(path);
    expect(entries).toEqual([]);
    expect(droppedBytes).toBe(bytes.length - JOURNAL_HEADER_BYTES);
  });

  it('refuses a journal of another layout', () => {
    const path = join(tmp.dir, 'other.bin');
    writeJournal(path);
    expect(() => Journal.open(path, runLayout(4), () => {})).toThrow('was written by a fimasim with another run layout');
  });

  it('starts afresh from a header cut short', () => {
    const path = join(tmp.dir, 'short.bin');
    appendFileSync(path, Buffer.from('FIMA'));
    expect(replay(path)).toMatchObject({ records: 0, droppedBytes: 4 });
  });
});

describe('shared result buffers (worker → main thread)', () => {
  const layout = runLayout(5);
  const run = (i: number) =>
    packRun(layout, Float64Array.from({ length: layout.metrics }, (_, k) => i * 100 + k), Float32Array.from({ length: layout.floats }, (_, k) => i + k / 4));

  it('carry a chunk of packed runs that come back out one by one, unchanged, as plain buffers', () => {
    const runs = [run(0), run(1), run(2)];
    const shared = shareRuns(layout, runs);
    expect(shared).toBeInstanceOf(SharedArrayBuffer);
    expect(shared.byteLength).toBe(3 * layout.packedBytes);
    runs.forEach((original, k) => {
      const out = runOfShared(layout, shared, k);
      expect(out).toBeInstanceOf(ArrayBuffer);
      expect(Buffer.from(out).equals(Buffer.from(original))).toBe(true);
      expect(unpackRun(layout, out).metrics[1]).toBe(k * 100 + 1);
      expect(unpackRun(layout, out).series[3]).toBe(k + 0.75);
    });
  });

  it('detach nothing: the worker keeps its buffers usable (a detach would slow the thread, layout.ts)', () => {
    const runs = [run(7)];
    shareRuns(layout, runs);
    expect(runs[0].byteLength).toBe(layout.packedBytes);
  });

  it('copy each run out, so the main thread may keep it after the shared chunk is reused', () => {
    const shared = shareRuns(layout, [run(3)]);
    const out = runOfShared(layout, shared, 0);
    new Uint8Array(shared).fill(0);
    expect(unpackRun(layout, out).metrics[0]).toBe(300);
  });
});

describe('bands', () => {
  const ticks = 9;
  const layout = runLayout(ticks);
  const runs = 37;
  const list = new RunList(runs, null);
  const table = new RunTable(list, layout);
  const path = join(tmp.dir, 'series.f32');
  const file = SeriesFile.open(path, layout, runs);
  const values = (slot: number): Float32Array =>
    Float32Array.from({ length: layout.floats }, (_, c) => Math.sin(slot * 12.9898 + c * 78.233) * 1000 + c);
  for (let s = 0; s < runs; s++) {
    if (s % 9 === 4) table.setFailed(s, 'failed');
    else { table.setOk(s, new Float64Array(layout.metrics)); file.write(s, values(s)); }
  }
  const dates = Array.from({ length: ticks + 1 }, (_, t) => `2024-07-${String(t + 1).padStart(2, '0')}`);

  it('are the same computed in blocks of one column, of three, or all at once', () => {
    const whole = bandsCsv(table, file, dates);
    expect(bandsCsv(table, file, dates, 8 * table.done)).toBe(whole);
    expect(bandsCsv(table, file, dates, 3 * 8 * table.done)).toBe(whole);
  });

  it('are type-7 quantiles of the successful runs, column by column', () => {
    const lines = bandsCsv(table, file, dates).trim().split('\n');
    expect(lines).toHaveLength(ticks + 2);
    const okSlots = Array.from({ length: runs }, (_, s) => s).filter((s) => s % 9 !== 4);
    for (const [b, t] of [[0, 0], [2, 5], [5, ticks]]) {
      const column = okSlots.map((s) => values(s)[b * layout.points + t]).sort((x, y) => x - y);
      const expected = quantilesSorted(column, BAND_QUANTILES).map(formatFloat32);
      expect(lines[t + 1].split(',').slice(2 + b * 5, 7 + b * 5)).toEqual(expected);
    }
  });

  it('write Float32 values with the digits Float32 has', () => {
    expect([4.21999979019165, 65000, 0, -0, 1e-7, 123456789].map(formatFloat32)).toEqual(['4.22', '65000', '0', '0', '1e-7', '123456790']);
    for (const x of [Math.PI, -2.5e-12, 3.4e38, 7.000001]) expect(Math.fround(Number(formatFloat32(x)))).toBe(Math.fround(x));
  });
});
