// Scale-out (issue 8): the same batch as 1, 3 and 7 shards — separate processes, the job-array index given the way
// Kubernetes, Slurm and AWS Batch give it — merges into the files of the single-machine batch, byte for byte.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fimasim, fimasimAsync, read, RESULT_FILES, tempDir } from './cli.js';

const tmp = tempDir('shards');
const single = join(tmp.dir, 'single');
const FAIL = { FIMASIM_FAIL_RUNS: '5,40' }; // failed runs must merge too
const batch = (...more: string[]) =>
  ['batch', '--scenario', 'smoke', '--runs', '150', '--seed', '9', '--workers', '1', '--quiet', '--allow-failures', ...more];

type Scheduler = (k: number, n: number) => Record<string, string>;
const kubernetes: Scheduler = (k) => ({ JOB_COMPLETION_INDEX: String(k) });
const slurm: Scheduler = (k) => ({ SLURM_ARRAY_JOB_ID: '4242', SLURM_ARRAY_TASK_ID: String(k + 1), SLURM_ARRAY_TASK_MIN: '1', SLURM_ARRAY_TASK_MAX: '3' });
const awsBatch: Scheduler = (k) => ({ AWS_BATCH_JOB_ARRAY_INDEX: String(k) });

const shardDir = (n: number, k: number): string => join(tmp.dir, `n${n}`, `shard-${k}`);

/** Starts the N shards at once, as the array job would, each with --shard auto/N and its scheduler's variables. */
async function runShards(n: number, scheduler: Scheduler): Promise<void> {
  const codes = await Promise.all(Array.from({ length: n }, (_, k) => new Promise<[number | null, string]>((resolve) => {
    const child = fimasimAsync(batch('--shard', `auto/${n}`, '--out', shardDir(n, k)), { env: { ...FAIL, ...scheduler(k, n) } });
    let stderr = '';
    child.stderr!.on('data', (d) => { stderr += d; });
    child.on('exit', (code) => resolve([code, stderr]));
  })));
  for (const [code, stderr] of codes) expect(code, stderr).toBe(0);
}

const merge = (n: number, dirs: string[], out: string) => fimasim(['merge', ...dirs, '--out', out]);
const shardDirs = (n: number): string[] => Array.from({ length: n }, (_, k) => shardDir(n, k));

beforeAll(async () => {
  const r = fimasim(batch('--out', single), { env: FAIL });
  expect(r.status, r.stderr).toBe(0);
  await Promise.all([runShards(1, kubernetes), runShards(3, slurm), runShards(7, awsBatch)]);
});
afterAll(tmp.cleanup);

describe('shards merged', () => {
  it.each([[1, 'Kubernetes'], [3, 'Slurm'], [7, 'AWS Batch']])('as %i shard(s) (%s variables) equal the single-machine batch', (n) => {
    const out = join(tmp.dir, `merged-${n}`);
    const r = merge(n, shardDirs(n).reverse(), out);
    expect(r.status, r.stderr).toBe(3); // runs 5 and 40 failed, as in the single batch
    expect(r.stdout).toContain('148 runs done, 2 failed');
    for (const f of RESULT_FILES) expect(read(out, f).equals(read(single, f)), f).toBe(true);
    const m = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'));
    expect(m).toMatchObject({ shard: null, runs: 150, seed: '9', mergedFrom: shardDirs(n).reverse() });
    expect(existsSync(join(out, 'report.html'))).toBe(true);
  });

  it('each shard holds the run indices i mod N = K and is marked as such', () => {
    const m = JSON.parse(readFileSync(join(shardDir(3, 1), 'manifest.json'), 'utf8'));
    expect(m.shard).toEqual({ index: 1, count: 3 });
    expect(m.runs).toBe(150);
    const indices = readFileSync(join(shardDir(3, 1), 'runs.csv'), 'utf8').trim().split('\n').slice(1).map((l) => Number(l.split(',')[0]));
    expect(indices.every((i) => i % 3 === 1)).toBe(true);
    expect(indices).toHaveLength(50 - 1); // run 40 failed
    expect(JSON.parse(readFileSync(join(shardDir(3, 1), 'summary.json'), 'utf8'))).toMatchObject({ runs: 50, runsDone: 49, runsFailed: 1 });
    expect(existsSync(join(shardDir(3, 1), 'report.html'))).toBe(false);
  });

  it('accept an identical duplicate (a retried shard)', () => {
    const copy = join(tmp.dir, 'copy-of-3-1');
    cpSync(shardDir(3, 1), copy, { recursive: true });
    const out = join(tmp.dir, 'merged-dup');
    const r = merge(3, [...shardDirs(3), copy], out);
    expect(r.status, r.stderr).toBe(3);
    expect(r.stdout).toContain('(50 identical duplicate runs ignored)');
    for (const f of RESULT_FILES) expect(read(out, f).equals(read(single, f)), f).toBe(true);
  });
});

describe('fimasim merge refuses', () => {
  it('a set with a shard missing, listing it for the scheduler', () => {
    const out = join(tmp.dir, 'merged-missing');
    const r = merge(7, shardDirs(7).filter((_, k) => k !== 3 && k !== 5), out);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('fimasim: merge: 42 of 150 runs are missing: shards 3, 5 of 7 were not given (folders given: 5).');
    expect(r.stderr).toContain('  Slurm (deploy/slurm/fimasim-shards.sh):  sbatch --array=3,5 deploy/slurm/fimasim-shards.sh');
    expect(r.stderr).toContain(`    fimasim batch --scenario smoke --runs 150 --seed 9 --workers 1 --quiet --allow-failures --shard 3/7 --out ${shardDir(7, 3)} --resume`);
    expect(r.stderr).toContain(`--shard 5/7 --out ${shardDir(7, 5)} --resume`);
    expect(existsSync(out)).toBe(false);
  });

  it('a conflicting duplicate, naming the run and both folders', () => {
    const bad = join(tmp.dir, 'tampered-3-2');
    cpSync(shardDir(3, 2), bad, { recursive: true });
    const csv = readFileSync(join(bad, 'runs.csv'), 'utf8').split('\n');
    const cells = csv[4].split(',');
    cells[2] = String(Number(cells[2]) + 1);
    csv[4] = cells.join(',');
    writeFileSync(join(bad, 'runs.csv'), csv.join('\n'));
    const out = join(tmp.dir, 'merged-conflict');
    const r = merge(3, [...shardDirs(3), bad], out);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(`fimasim: merge: run ${cells[0]} is in ${shardDir(3, 2)} and in ${bad} with different results (different runs.csv rows); ` +
      "one of them was not made by this batch's scenario, seed and fimasim: remove the wrong folder and merge again\n");
    expect(existsSync(out)).toBe(false);
  });

  it('shards of different batches', () => {
    const other = join(tmp.dir, 'other-seed');
    cpSync(shardDir(3, 0), other, { recursive: true });
    const m = JSON.parse(readFileSync(join(other, 'manifest.json'), 'utf8'));
    writeFileSync(join(other, 'manifest.json'), JSON.stringify({ ...m, seed: '10' }));
    const r = merge(3, [shardDir(3, 1), shardDir(3, 2), other], join(tmp.dir, 'merged-other'));
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/merge: .*other-seed is a batch of scenario smoke \(hash \w+\), seed 10, 150 runs, but .* is one of .*seed 9, 150 runs: only shards of the same batch/);
  });

  it('an unfinished shard, with the command that finishes it', () => {
    const unfinished = join(tmp.dir, 'unfinished');
    cpSync(shardDir(3, 0), unfinished, { recursive: true });
    const m = JSON.parse(readFileSync(join(unfinished, 'manifest.json'), 'utf8'));
    writeFileSync(join(unfinished, 'manifest.json'), JSON.stringify({ ...m, finishedAt: null }));
    const r = merge(3, [unfinished, shardDir(3, 1), shardDir(3, 2)], join(tmp.dir, 'merged-unfinished'));
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`merge: ${unfinished} is an unfinished batch (shard 0/3); complete it first with its command and --resume --out ${unfinished}`);
  });

  it('an --out that is not empty', () => {
    const r = merge(1, shardDirs(1), single);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(`fimasim: merge: --out ${single} exists and is not empty; choose a new folder\n`);
  });
});
