// Without --out a batch goes to runs/<scenario>-<seed>-<stamp>/, and --resume without --out finds the newest
// unfinished folder there with the same scenario hash, seed and run count.
import { afterAll, describe, expect, it } from 'vitest';
import { cpSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fimasim, read, tempDir } from './cli.js';

const tmp = tempDir('default-folder');
afterAll(tmp.cleanup);
const batch = (...more: string[]) => ['batch', '--scenario', 'smoke', '--runs', '12', '--seed', '4', '--workers', '1', '--quiet', ...more];

function unfinish(dir: string, startedAt: string): void {
  const path = join(dir, 'manifest.json');
  const m = JSON.parse(readFileSync(path, 'utf8'));
  writeFileSync(path, JSON.stringify({ ...m, startedAt, finishedAt: null }));
  for (const f of ['runs.csv', 'summary.json', 'bands.csv']) rmSync(join(dir, f));
}

describe('the default batch folder', () => {
  it('is runs/<scenario>-<seed>-<stamp>/ and is printed with the report', () => {
    const r = fimasim(batch(), { cwd: tmp.dir });
    expect(r.status, r.stderr).toBe(0);
    const [name] = readdirSync(join(tmp.dir, 'runs'));
    expect(name).toMatch(/^smoke-4-\d{8}-\d{6}$/);
    expect(r.stdout).toContain(`Folder: runs/${name}`);
    expect(r.stdout).toContain(`Report: runs/${name}/report.html`);
  });

  it('is found again by --resume without --out: the newest unfinished one with the same identity', () => {
    const root = join(tmp.dir, 'runs');
    const [done] = readdirSync(root);
    const expected = read(join(root, done), 'runs.csv');
    for (const [name, startedAt] of [['a-old', '2024-01-01T00:00:00.000Z'], ['b-new', '2025-01-01T00:00:00.000Z'], ['c-older', '2023-01-01T00:00:00.000Z']]) {
      cpSync(join(root, done), join(root, name), { recursive: true });
      unfinish(join(root, name), startedAt);
    }
    const r = fimasim(batch('--resume').filter((a) => a !== '--quiet'), { cwd: tmp.dir });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toContain('resuming runs/b-new: 0 of 12 runs already finished');
    expect(read(join(root, 'b-new'), 'runs.csv').equals(expected)).toBe(true);
    const again = fimasim(batch('--resume').filter((a) => a !== '--quiet'), { cwd: tmp.dir });
    expect(again.stderr).toContain('resuming runs/a-old');
  });
});
