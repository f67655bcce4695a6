// A run that throws is recorded, the batch goes on, and the exit code says so; a worker thread that dies is
// replaced and its run retried once. The failures are injected through the test hooks FIMASIM_FAIL_RUNS and
// FIMASIM_CRASH_RUNS (src/sim/batch/spec.ts), which go through the same code paths as real failures.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fimasim, read, RESULT_FILES, tempDir } from './cli.js';

const tmp = tempDir('failures');
const args = (out: string, workers: string, ...more: string[]) =>
  ['batch', '--scenario', 'smoke', '--runs', '40', '--seed', '5', '--workers', workers, '--quiet', '--out', join(tmp.dir, out), ...more];
let ref: ReturnType<typeof fimasim>;

beforeAll(() => {
  ref = fimasim(args('ref', '1'));
  expect(ref.status, ref.stderr).toBe(0);
});
afterAll(tmp.cleanup);

describe('failing runs', () => {
  it.each(['1', '2'])('are listed in failures.jsonl and counted, with exit code 3 (%s workers)', (workers) => {
    const out = `failing-${workers}`;
    const r = fimasim(args(out, workers), { env: { FIMASIM_FAIL_RUNS: '3,17' } });
    expect(r.status).toBe(3);
    expect(r.stderr).toContain(`2 run(s) failed: see ${join(tmp.dir, out, 'failures.jsonl')}`);
    const lines = readFileSync(join(tmp.dir, out, 'failures.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(lines).toEqual([
      { runIndex: 3, seed: '5', error: 'Error: injected failure (FIMASIM_FAIL_RUNS includes run 3)' },
      { runIndex: 17, seed: '5', error: 'Error: injected failure (FIMASIM_FAIL_RUNS includes run 17)' },
    ]);
    const summary = JSON.parse(readFileSync(join(tmp.dir, out, 'summary.json'), 'utf8'));
    expect(summary).toMatchObject({ runs: 40, runsDone: 38, runsFailed: 2 });
    expect(summary.probabilities.intervened.n).toBe(38);
    const rows = readFileSync(join(tmp.dir, out, 'runs.csv'), 'utf8').trim().split('\n').slice(1);
    const refRows = readFileSync(join(tmp.dir, 'ref', 'runs.csv'), 'utf8').trim().split('\n').slice(1);
    expect(rows).toEqual(refRows.filter((row) => !/^(3|17),/.test(row)));
  });

  it('give exit code 0 with --allow-failures', () => {
    const r = fimasim(args('allowed', '2', '--allow-failures'), { env: { FIMASIM_FAIL_RUNS: '0' } });
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(readFileSync(join(tmp.dir, 'allowed', 'summary.json'), 'utf8')).runsFailed).toBe(1);
  });
});

describe('a worker thread that dies', () => {
  it('is replaced and its run retried once, giving the same files', () => {
    const r = fimasim(args('crash', '2').filter((a) => a !== '--quiet'), { env: { FIMASIM_CRASH_RUNS: '4,9' } });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toContain('the worker running run 4 died');
    expect(r.stderr).toContain('the worker running run 9 died');
    for (const f of RESULT_FILES) expect(read(join(tmp.dir, 'crash'), f).equals(read(join(tmp.dir, 'ref'), f)), f).toBe(true);
  });
});
