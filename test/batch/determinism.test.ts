// The serial executor is the reference: the worker pool (real threads) must write the same bytes, and a runs.csv
// row must be `fimasim run --run-index i`.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fimasim, read, RESULT_FILES, tempDir } from './cli.js';
import { METRIC_NAMES } from '../../src/sim/run/metrics.js';

const tmp = tempDir('determinism');
const one = join(tmp.dir, 'one'), two = join(tmp.dir, 'two');
const common = ['batch', '--scenario', 'smoke', '--runs', '200', '--seed', '3', '--quiet'];
let outTwo: ReturnType<typeof fimasim>;

beforeAll(() => {
  const r1 = fimasim([...common, '--workers', '1', '--out', one]);
  expect(r1.status, r1.stderr).toBe(0);
  outTwo = fimasim([...common, '--workers', '2', '--out', two, '--json']);
  expect(outTwo.status, outTwo.stderr).toBe(0);
});
afterAll(tmp.cleanup);

describe('fimasim batch on 1 and 2 workers', () => {
  it.each(RESULT_FILES)('writes a byte-identical %s', (file) => {
    expect(read(two, file).equals(read(one, file))).toBe(true);
  });

  it('records the workers used and the folder layout of docs/files.md', () => {
    const m1 = JSON.parse(readFileSync(join(one, 'manifest.json'), 'utf8'));
    const m2 = JSON.parse(readFileSync(join(two, 'manifest.json'), 'utf8'));
    expect([m1.workers, m2.workers]).toEqual([1, 2]);
    expect(m2).toMatchObject({ scenarioName: 'smoke', seed: '3', runs: 200, shard: null, node: process.version });
    expect(typeof m2.finishedAt).toBe('string');
    expect(m2.scenario.ticks).toBe(20);
    expect(existsSync(join(two, 'journal.bin'))).toBe(false);
    expect(existsSync(join(two, 'batch.lock'))).toBe(false);
    expect(readFileSync(join(two, 'bands.csv'), 'utf8').split('\n').length).toBe(21 + 2); // header, ticks 0..20, final newline
  });

  it('prints the summary as JSON on stdout with --json', () => {
    const s = JSON.parse(outTwo.stdout);
    expect(s).toMatchObject({ out: two, runs: 200, runsDone: 200, runsFailed: 0, seed: '3' });
    expect(s.quantileMethod).toMatch(/type 7/);
    expect(Object.keys(s.metrics)).toEqual(METRIC_NAMES);
    expect(s.chain).toHaveLength(5);
    expect(s.probabilities.intervened.n).toBe(200);
  });

  it.each([0, 137])('has a runs.csv row equal to `fimasim run --run-index %i --json`', (i) => {
    const run = fimasim(['run', '--scenario', 'smoke', '--seed', '3', '--run-index', String(i), '--json']);
    expect(run.status, run.stderr).toBe(0);
    const metrics = JSON.parse(run.stdout).metrics as Record<string, number>;
    const row = readFileSync(join(one, 'runs.csv'), 'utf8').split('\n')[i + 1];
    expect(row).toBe([i, '3', ...METRIC_NAMES.map((n) => String(metrics[n]))].join(','));
  });
});
