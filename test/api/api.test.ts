// The public API (docs/api.md): the examples run as a user would run them, option checks name the option, and the
// API gives the same bytes as the CLI.
import { describe, expect, it, afterAll } from 'vitest';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as fimasim from '../../src/index.js';
import { ROOT, fimasim as cli, tempDir } from '../experiments/helpers.js';

const example = (name: string) => spawnSync(process.execPath, [join(ROOT, 'examples', name)], { cwd: ROOT, encoding: 'utf8' });

describe('the examples (examples/*.mjs, importing from the built package)', () => {
  it('quick-start.mjs runs and prints what it says', () => {
    const r = example('quick-start.mjs');
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^one run: 21 days, 10y from 4\.22% to [\d.]+%, BTC return -?[\d.]+$/m);
    expect(r.stdout).toMatch(/^batch: 20 runs done \(progress reached 20\), P\(intervened\) = [\d.]+$/m);
    expect(r.stdout).toMatch(/^runs\.csv: 20 rows, first 10y peak [\d.]+%$/m);
    expect(r.stdout).toMatch(/^compare: paired, 10y peak A − B = /m);
  });

  it('cancel-and-resume.mjs: an aborted batch, resumed, equals an uninterrupted one', () => {
    const r = example('cancel-and-resume.mjs');
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('interrupted: the finished runs are journaled in the folder');
    expect(r.stdout).toContain('resumed: 40 runs; runs.csv identical to an uninterrupted batch: true');
    expect(r.stdout).toContain("refused (scenario): --set banks.mfug.holdings: expected one of banks (norinchukin, mufg, japan-post) at 'mfug'");
  });
});

describe('the entry exports every operation by its stable name', () => {
  it.each(['loadScenario', 'simulate', 'runBatch', 'sweep', 'sample', 'compare', 'replay', 'backtest', 'calibrate', 'readBatch'])('%s', (name) => {
    expect(typeof (fimasim as Record<string, unknown>)[name]).toBe('function');
  });
});

describe('options are checked once, with a message naming the option', () => {
  it.each([
    [() => fimasim.runBatch('smoke', { runs: 0 }), "options.runs must be a positive integer, found 0"],
    [() => fimasim.runBatch('smoke', { runs: 2.5 }), "options.runs must be a positive integer, found 2.5"],
    [() => fimasim.runBatch('smoke', { seed: -1 }), "options.seed must be a non-negative integer (a string for seeds beyond 2^53), found -1"],
    [() => fimasim.runBatch('smoke', { seed: '0x10' }), "options.seed must be a non-negative integer (a string for seeds beyond 2^53), found '0x10'"],
    [() => fimasim.runBatch('smoke', { workers: 0 }), "options.workers must be a positive integer, found 0"],
    [() => fimasim.simulate('smoke', { runIndex: -2 }), "options.runIndex must be a non-negative integer, found -2"],
    [() => fimasim.sample('smoke', { study: 'thesys' }), "options.study: no built-in study 'thesys'"],
    [() => fimasim.sweep('smoke', { vary: ['ticks'] }), "--vary: expected path=v1,v2,... or path=lo:hi:steps, found 'ticks'"],
  ] as const)('%#', async (call, message) => {
    const e = await Promise.resolve().then(call).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(fimasim.UserError);
    expect((e as Error).message).toContain(message);
  });

  it('loadScenario reports every problem as a UserError of kind scenario', () => {
    const e = (() => { try { fimasim.loadScenario('smoke', { set: ['ticks=abc', 'banks.mfug.holdings=1'] }); } catch (x) { return x; } })() as fimasim.UserError;
    expect(e.kind).toBe('scenario');
    expect(e.message).toContain("--set ticks: expected a number, found 'abc'");
    expect(e.message).toContain("(did you mean 'mufg'?)");
  });
});

describe('the API and the CLI write the same batch', () => {
  const tmp = tempDir('api');
  afterAll(tmp.cleanup);

  it('runBatch equals `fimasim batch`, byte for byte, with progress reported up to the total', async () => {
    const seen: number[] = [];
    const a = await fimasim.runBatch('smoke', { runs: 8, seed: 4, workers: 1, out: join(tmp.dir, 'api'), onProgress: (p) => seen.push(p.finished) });
    const r = cli(['batch', '--scenario', 'smoke', '--runs', '8', '--seed', '4', '--workers', '2', '--out', join(tmp.dir, 'cli'), '--quiet']);
    expect(r.code, r.stderr).toBe(0);
    for (const f of ['runs.csv', 'summary.json', 'bands.csv']) {
      expect(readFileSync(join(a.dir, f), 'utf8')).toBe(readFileSync(join(tmp.dir, 'cli', f), 'utf8'));
    }
    expect(seen[seen.length - 1]).toBe(8);
    expect(a.summary.runsDone).toBe(8);
  });

  it('simulate gives run i of the batch: the same metrics as its runs.csv row', async () => {
    const run = await fimasim.simulate('smoke', { seed: 4, runIndex: 5 });
    const batch = fimasim.readBatch(join(tmp.dir, 'cli'), ['runs']);
    const k = batch.runs.rowOf(5);
    expect(batch.runs.metric('btcReturn')![k]).toBe(run.metrics.btcReturn);
    expect(batch.runs.metric('ust10yPeak')![k]).toBe(run.metrics.ust10yPeak);
    expect(Object.keys(run.series)).toHaveLength(19);
  });
});
