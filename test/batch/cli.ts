// Runs the compiled `fimasim` (npm test builds dist/ first) as a child process, as a user or a scheduler would.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const BIN = join(ROOT, 'dist/cli/main.js');

export interface Result {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Environment without the scheduler variables of the machine running the tests. */
export function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const k of ['JOB_COMPLETION_INDEX', 'SLURM_ARRAY_TASK_ID', 'SLURM_ARRAY_TASK_MIN', 'AWS_BATCH_JOB_ARRAY_INDEX',
    'FIMASIM_SHARD_BASE', 'FIMASIM_FAIL_RUNS', 'FIMASIM_CRASH_RUNS', 'FIMASIM_FAULT']) delete env[k];
  return { ...env, ...extra };
}

export function fimasim(args: string[], opts: { cwd?: string; env?: Record<string, string> } = {}): Result {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: opts.cwd ?? ROOT, env: cleanEnv(opts.env), encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

export function fimasimAsync(args: string[], opts: { cwd?: string; env?: Record<string, string> } = {}): ChildProcess {
  return spawn(process.execPath, [BIN, ...args], { cwd: opts.cwd ?? ROOT, env: cleanEnv(opts.env), stdio: ['ignore', 'pipe', 'pipe'] });
}

export function tempDir(label: string): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), `fimasim-${label}-`));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export const read = (dir: string, file: string): Buffer => readFileSync(join(dir, file));

/** The files that must be byte-identical whatever the workers, interruptions or shards (design §8). */
export const RESULT_FILES = ['runs.csv', 'summary.json', 'bands.csv', 'series.f32', 'failures.jsonl'] as const;

/**
 * Starts `fimasim args` and SIGKILLs it as soon as `ready()` holds (polled between event-loop turns, never a sleep),
 * as a crash at that moment would; fails if the command finishes first.
 */
export async function killWhen(args: string[], ready: () => boolean): Promise<void> {
  const child = fimasimAsync(args);
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  for (;;) {
    if (child.exitCode !== null) throw new Error(`'fimasim ${args[0]}' finished before it could be killed`);
    if (ready()) break;
    await new Promise((r) => setImmediate(r));
  }
  child.kill('SIGKILL');
  await exited;
}
