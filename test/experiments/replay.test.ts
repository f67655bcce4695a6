// fimasim replay: a run of a batch made on 2 worker threads, redone in-process from the manifest, gives the identical
// runs.csv row and compact series, and the same series.csv and events.jsonl as `fimasim run --run-index`.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fimasim, tempDir } from './helpers.js';

const tmp = tempDir('replay');
const batch = join(tmp.dir, 'batch');

beforeAll(() => {
  const r = fimasim(['batch', '--scenario', 'hayes-2024', '--set', 'ticks=60', '--runs', '12', '--seed', '9', '--workers', '2', '--out', batch, '--quiet']);
  expect(r.code, r.stderr).toBe(0);
});
afterAll(tmp.cleanup);

describe('fimasim replay', () => {
  it('reproduces a run of a 2-worker batch: the identical row and series', () => {
    const r = fimasim(['replay', batch, '--run', '7']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('The row matches runs.csv exactly (16 metrics).');
    expect(r.stdout).toContain('The series matches series.f32 (549 values).');
    const alone = join(tmp.dir, 'alone');
    expect(fimasim(['run', '--scenario', 'hayes-2024', '--set', 'ticks=60', '--seed', '9', '--run-index', '7', '--out', alone]).code).toBe(0);
    for (const f of ['series.csv', 'events.jsonl']) expect(readFileSync(join(batch, 'replay-7', f), 'utf8')).toBe(readFileSync(join(alone, f), 'utf8'));
    const summary = JSON.parse(readFileSync(join(batch, 'replay-7', 'summary.json'), 'utf8'));
    const row = readFileSync(join(batch, 'runs.csv'), 'utf8').split('\n').find((l) => l.startsWith('7,'))!;
    expect(['7', '9', ...Object.values(summary.metrics).map(String)].join(',')).toBe(row);
  });

  it('exits with 1 and shows the differing fields when the recorded row does not match', () => {
    const copy = join(tmp.dir, 'tampered');
    cpSync(batch, copy, { recursive: true });
    const lines = readFileSync(join(copy, 'runs.csv'), 'utf8').split('\n');
    const header = lines[0].split(',');
    const k = lines.findIndex((l) => l.startsWith('3,'));
    const cells = lines[k].split(',');
    const peak = header.indexOf('ust10yPeak');
    const recorded = cells[peak];
    cells[peak] = '9.99';
    lines[k] = cells.join(',');
    writeFileSync(join(copy, 'runs.csv'), lines.join('\n'));
    const r = fimasim(['replay', copy, '--run', '3', '--out', join(tmp.dir, 'tampered-out')]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('The replay does NOT match the batch:');
    expect(r.stdout).toMatch(new RegExp(`ust10yPeak\\s+9\\.99  →  ${recorded.replace('.', '\\.')}`));
    expect(r.stdout).not.toMatch(/jpSalesTotal\s+\S+\s+→/); // only the fields that differ
  });

  it('refuses a run index outside the batch with exit 2', () => {
    const r = fimasim(['replay', batch, '--run', '12']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`--run: ${batch} has runs 0 to 11, found 12`);
  });
});
