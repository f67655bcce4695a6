// Runs the compiled `fimasim` (npm test builds dist/ first) as a user would, in a clean environment.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BIN = join(ROOT, 'dist/cli/main.js');

export function fimasim(args: string[], opts: { cwd?: string; env?: Record<string, string> } = {}) {
  const env = { ...process.env };
  for (const k of ['FIMASIM_FAIL_RUNS', 'FIMASIM_CRASH_RUNS', 'JOB_COMPLETION_INDEX', 'SLURM_ARRAY_TASK_ID']) delete env[k];
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: opts.cwd ?? ROOT, env: { ...env, ...opts.env }, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

export function tempDir(label: string): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), `fimasim-${label}-`));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** runs.csv as rows of named numbers. */
export function runsCsv(dir: string): Record<string, number>[] {
  const [head, ...lines] = readFileSync(join(dir, 'runs.csv'), 'utf8').trim().split('\n');
  const names = head.split(',');
  return lines.map((l) => Object.fromEntries(l.split(',').map((v, k) => [names[k], Number(v)])));
}
