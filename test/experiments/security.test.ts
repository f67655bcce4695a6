// Issue 19, item 2 (docs/security.md): custom policy modules are code. validate and replay say which modules they
// import before importing them, and replay refuses a module outside the batch folder, or whose content differs from
// the one the batch ran, unless --allow-modules is given. A marker file written by the module's top-level code
// shows whether it was imported.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync, appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, fimasim, tempDir } from './helpers.js';

const tmp = tempDir('security');
afterAll(tmp.cleanup);
const src = join(tmp.dir, 'src'), batch = join(tmp.dir, 'batch'), copy = join(tmp.dir, 'copy');
const marker = join(tmp.dir, 'imported.txt');

beforeAll(() => {
  mkdirSync(src);
  const example = readFileSync(join(ROOT, 'examples/persistent-carry-bank.mjs'), 'utf8');
  writeFileSync(join(src, 'policy.mjs'), `import { appendFileSync } from 'node:fs';\nappendFileSync(${JSON.stringify(marker)}, 'x');\n${example}`);
  writeFileSync(join(src, 'scenario.json'), JSON.stringify({ extends: 'smoke', banks: { mufg: { policy: { name: './policy.mjs' } } } }));
  const r = fimasim(['batch', '--scenario', join(src, 'scenario.json'), '--runs', '4', '--seed', '3', '--workers', '1', '--quiet', '--out', batch]);
  expect(r.code, r.stderr).toBe(0);
  const manifest = JSON.parse(readFileSync(join(batch, 'manifest.json'), 'utf8'));
  expect(Object.keys(manifest.modules)).toEqual([join(src, 'policy.mjs')]);
  expect(manifest.modules[join(src, 'policy.mjs')]).toMatch(/^[0-9a-f]{64}$/);
  // the same batch with its module inside the folder, the manifest pointing there
  cpSync(batch, copy, { recursive: true });
  cpSync(join(src, 'policy.mjs'), join(copy, 'policy.mjs'));
  writeFileSync(join(copy, 'manifest.json'), readFileSync(join(copy, 'manifest.json'), 'utf8').replaceAll(join(src, 'policy.mjs'), join(copy, 'policy.mjs')));
});
const clearMarker = (): void => rmSync(marker, { force: true });

describe('custom policy modules are code', () => {
  it('validate names the module it imports before importing it', () => {
    clearMarker();
    const r = fimasim(['validate', join(src, 'scenario.json')]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain(`validate imports this policy module (code that runs with your rights):\n  banks.mufg.policy: ${join(src, 'policy.mjs')}`);
    expect(existsSync(marker)).toBe(true);
  });

  it('replay refuses a module outside the batch folder, importing nothing', () => {
    clearMarker();
    const r = fimasim(['replay', batch, '--run', '1', '--out', join(tmp.dir, 'r1')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`banks.mufg.policy: ${join(src, 'policy.mjs')}: outside the batch folder`);
    expect(r.stderr).toContain('add --allow-modules to load them anyway (docs/security.md)');
    expect(existsSync(marker)).toBe(false);
    expect(existsSync(join(tmp.dir, 'r1'))).toBe(false);
  });

  it('replay --allow-modules loads it, saying so, and reproduces the run', () => {
    clearMarker();
    const r = fimasim(['replay', batch, '--run', '1', '--allow-modules', '--out', join(tmp.dir, 'r2')]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain(`replay's batch names this policy module (code that runs with your rights; imported only if allowed):\n  banks.mufg.policy: ${join(src, 'policy.mjs')} (outside the batch folder)`);
    expect(r.stdout).toContain('The row matches runs.csv exactly');
    expect(existsSync(marker)).toBe(true);
  });

  it('replay loads a module inside the batch folder whose content matches, without --allow-modules', () => {
    const r = fimasim(['replay', copy, '--run', '2', '--out', join(tmp.dir, 'r3')]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain(`banks.mufg.policy: ${join(copy, 'policy.mjs')}\n`);
    expect(r.stdout).toContain('The row matches runs.csv exactly');
  });

  it('replay refuses a module whose content changed since the batch', () => {
    appendFileSync(join(copy, 'policy.mjs'), '\n// changed\n');
    clearMarker();
    const r = fimasim(['replay', copy, '--run', '2', '--out', join(tmp.dir, 'r4')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/banks\.mufg\.policy: .*copy\/policy\.mjs: its content \(sha256 [0-9a-f]{12}…\) differs from the batch's \([0-9a-f]{12}…\)/);
    expect(existsSync(marker)).toBe(false);
  });
});
