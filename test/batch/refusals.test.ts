// What a batch refuses to do, each with its message and exit code 2, leaving no folder behind.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { hostname } from 'node:os';
import { fimasim, tempDir } from './cli.js';

const tmp = tempDir('refusals');
const done = join(tmp.dir, 'done');
const batch = (...more: string[]) => ['batch', '--scenario', 'smoke', '--runs', '10', '--seed', '2', '--workers', '1', '--quiet', ...more];

beforeAll(() => {
  const r = fimasim(batch('--out', done));
  expect(r.status, r.stderr).toBe(0);
});
afterAll(tmp.cleanup);

describe('fimasim batch refuses', () => {
  it('an existing non-empty --out without --resume', () => {
    const other = join(tmp.dir, 'other');
    mkdirSync(other);
    writeFileSync(join(other, 'notes.txt'), 'mine');
    const r = fimasim(batch('--out', other));
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(`fimasim: --out ${other}: the folder exists and is not empty (it holds files); choose another folder, or add --resume to complete the batch in it\n`);
    expect(readdirSync(other)).toEqual(['notes.txt']);
    expect(fimasim(batch('--out', done)).stderr).toContain('(it holds a finished batch)');
  });

  it.each([
    [['--seed', '3'], 'seed 3'],
    [['--runs', '11'], '11 runs'],
    [['--set', 'outcomes.salesThreshold=50'], 'scenario smoke (hash'],
  ])('--resume of a folder made by another batch (%j)', (change, asked) => {
    const args = batch('--out', done, '--resume');
    for (let k = 0; k < change.length; k += 2) {
      const at = args.indexOf(change[k]);
      if (at >= 0) args.splice(at, 2, change[k], change[k + 1]);
      else args.push(change[k], change[k + 1]);
    }
    const r = fimasim(args);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`^fimasim: --resume: ${done.replace(/[/\\.]/g, '\\$&')} holds a batch of scenario smoke \\(hash [0-9a-f]{16}\\), seed 2, 10 runs, but this command asks for .*${asked.replace(/[()]/g, '\\$&')}`));
    expect(r.stderr).toContain('Resume with the same --scenario, --set, --seed, --runs and --shard');
  });

  it('--resume without --out when no unfinished batch matches', () => {
    const r = fimasim(batch('--resume'), { cwd: tmp.dir });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--resume: no unfinished batch under runs\/ with scenario smoke \(hash [0-9a-f]+\), seed 2, 10 runs; name the folder with --out/);
    expect(existsSync(join(tmp.dir, 'runs'))).toBe(false);
  });

  it.each([
    [['--workers', '0'], "--workers: expected a positive integer, found '0'"],
    [['--workers', 'many'], "--workers: expected a positive integer, found 'many'"],
    [['--runs', '-5'], "--runs: expected a positive integer, found '-5'"],
    [['--shard', '7/7'], '--shard: K must be below N (shards are numbered 0 to 6), found 7/7'],
    [['--shard', 'auto/4'], '--shard auto/N: no job-array index in the environment'],
    [['--scenario', 'smok'], "smoke"],
  ])('bad input %j with exit code 2 and no folder', (bad, message) => {
    const out = join(tmp.dir, `bad-${bad.join('')}`.replace(/\//g, '_'));
    const args = batch('--out', out);
    const at = args.indexOf(bad[0]);
    if (at >= 0) args.splice(at, 2, ...bad); else args.push(...bad);
    const r = fimasim(args);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(message);
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
    expect(existsSync(out)).toBe(false);
  });

  it('nothing in a folder left with only the stale lock of a batch killed before its manifest', () => {
    const dir = join(tmp.dir, 'lock-only');
    mkdirSync(dir);
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout;
    writeFileSync(join(dir, 'batch.lock'), JSON.stringify({ host: hostname(), pid: Number(dead), since: '2020-01-01T00:00:00.000Z' }));
    const r = fimasim(batch('--out', dir));
    expect(r.status, r.stderr).toBe(0);
    expect(readdirSync(dir)).not.toContain('batch.lock');
  });

  it('a bad FIMASIM_FAIL_RUNS', () => {
    const r = fimasim(batch('--out', join(tmp.dir, 'x')), { env: { FIMASIM_FAIL_RUNS: 'three' } });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("FIMASIM_FAIL_RUNS: expected run indices separated by commas (e.g. 3,7), found 'three'");
  });
});
