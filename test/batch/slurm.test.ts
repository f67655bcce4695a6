// Issue 19, item 7: the Slurm array launcher of deploy/slurm on a real scheduler. A single-node Slurm from Debian's
// packages is started for the test (test/batch/fixtures/slurm-cluster.sh), the real array job runs a small batch in
// two shards, the real merge job (afterok on the array) merges them, and the merged folder must equal the
// single-machine batch byte for byte. Where Slurm cannot start (not root, packages missing), the test skips with
// the reason — except under CI=true, where it fails.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BIN, ROOT, fimasim, read, RESULT_FILES, tempDir } from './cli.js';

const tmp = tempDir('slurm');
const cluster = join(tmp.dir, 'cluster'), study = join(tmp.dir, 'study'), jobs = join(tmp.dir, 'jobs');
const script = join(ROOT, 'test/batch/fixtures/slurm-cluster.sh');
const started = spawnSync('bash', [script, 'start', cluster], { encoding: 'utf8', timeout: 60_000 });
const why = started.status === 0 ? '' : (started.stderr || `exit ${started.status}`).trim();
const conf = /SLURM_CONF=(\S+)/.exec(started.stdout ?? '')?.[1] ?? '';
const skip = started.status !== 0 && process.env.CI !== 'true';
if (skip) process.stderr.write(`\n*** SKIPPED the Slurm test: a single-node Slurm could not start: ${why} ***\n\n`);

afterAll(() => {
  spawnSync('bash', [script, 'stop', cluster]);
  tmp.cleanup();
});

const env = (): NodeJS.ProcessEnv => ({
  ...process.env, SLURM_CONF: conf, FIMASIM: `${process.execPath} ${BIN}`, STUDY: study,
  SCENARIO: 'smoke', RUNS: '40', SEED: '3', SHARDS: '2', FIMASIM_SHARD_BASE: '0',
});
const sbatch = (args: string[]): string =>
  execFileSync('sbatch', ['--parsable', '--mem=0', ...args], { cwd: jobs, env: env(), encoding: 'utf8' }).trim().split(';')[0];

describe.skipIf(skip)('deploy/slurm on a real single-node Slurm', () => {
  beforeAll(() => {
    if (started.status !== 0) throw new Error(`a single-node Slurm could not start (CI=true: this fails rather than skips): ${why}`);
    mkdirSync(jobs, { recursive: true });
  });

  it('the array job and the merge job give the bytes of the single-machine batch', async () => {
    const array = sbatch(['--array=0-1', '--cpus-per-task=1', join(ROOT, 'deploy/slurm/fimasim-shards.sh')]);
    const merge = sbatch([`--dependency=afterok:${array}`, join(ROOT, 'deploy/slurm/fimasim-merge.sh')]);
    const merged = join(study, 'merged');
    for (let waited = 0; ; waited += 250) {
      const queue = execFileSync('squeue', ['-h', '-j', `${array},${merge}`], { env: env(), encoding: 'utf8' }).trim();
      if (queue === '') break;
      if (waited > 90_000) throw new Error(`the jobs did not finish within 90 s:\n${queue}`);
      await new Promise((r) => setTimeout(r, 250));
    }
    const logs = ['fimasim-shards-' + array + '_0.log', 'fimasim-shards-' + array + '_1.log', `fimasim-merge-${merge}.log`]
      .map((f) => (existsSync(join(jobs, f)) ? `${f}:\n${readFileSync(join(jobs, f), 'utf8')}` : `${f}: missing`)).join('\n');
    expect(existsSync(join(merged, 'manifest.json')), logs).toBe(true);
    for (const k of [0, 1]) expect(JSON.parse(readFileSync(join(study, `shard-${k}`, 'manifest.json'), 'utf8')).shard).toEqual({ index: k, count: 2 });

    const single = join(tmp.dir, 'single');
    const r = fimasim(['batch', '--scenario', 'smoke', '--runs', '40', '--seed', '3', '--workers', '2', '--quiet', '--out', single]);
    expect(r.status, r.stderr).toBe(0);
    for (const f of RESULT_FILES) expect(read(merged, f).equals(read(single, f)), f).toBe(true);
    expect(existsSync(join(merged, 'report.html'))).toBe(true);
  });
});
