// Issue 19, items 5–7: bounded inputs (each message names the flag and the limit), strict input (decimal integers,
// no prototype keys, bounded nesting, a message naming the culprit), and SIGHUP / a second Ctrl-C leaving a folder
// that --resume completes, without a stale lock.
import { afterAll, describe, expect, it } from 'vitest';
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fimasim, fimasimAsync, read, RESULT_FILES, tempDir } from '../batch/cli.js';

const tmp = tempDir('limits');
afterAll(tmp.cleanup);
const file = (name: string, text: string): string => {
  const path = join(tmp.dir, name);
  writeFileSync(path, text);
  return path;
};

const refusals: [string, () => string[], string][] = [
  ['--runs in hex', () => ['batch', '--scenario', 'smoke', '--runs', '0x10'], "--runs: expected a positive integer, found '0x10'"],
  ['--runs in exponent form', () => ['batch', '--scenario', 'smoke', '--runs', '1e9'], "--runs: expected a positive integer, found '1e9'"],
  ['--runs above the limit', () => ['batch', '--scenario', 'smoke', '--runs', '2000000'], '--runs: at most 1,000,000, found 2000000'],
  ['--workers above the limit', () => ['batch', '--scenario', 'smoke', '--runs', '4', '--workers', '100000'], '--workers: at most '],
  ['--run-index in hex', () => ['run', '--scenario', 'smoke', '--run-index', '0x1'], "--run-index: expected a non-negative integer, found '0x1'"],
  ['a ten-million-point grid', () => ['sweep', '--scenario', 'smoke', '--vary', 'banks.mufg.policy.carryFloor=-1:1:10000', '--vary', 'fed.policy.acceptBase=0:1:1000'],
    '--vary: the grid has 10,000,000 points (10000 × 1000); at most 10,000'],
  ['a range of too many steps', () => ['sweep', '--scenario', 'smoke', '--vary', 'banks.mufg.policy.carryFloor=-1:1:99999999'], 'steps of lo:hi:steps: at most 10,000'],
  ['runs × points of a sweep', () => ['sweep', '--scenario', 'smoke', '--runs', '600000', '--vary', 'banks.mufg.policy.carryFloor=-1,1'],
    '--runs 600000 × 2 grid points = 1,200,000 runs; at most 1,000,000 in one sweep'],
  ['a __proto__ key', () => ['validate', file('proto.json', '{"extends":"smoke","__proto__":{"ticks":3}}')],
    "__proto__: expected a key other than __proto__, constructor or prototype, found the key '__proto__'"],
  ['a constructor key inside a map', () => ['validate', file('ctor.json', '{"extends":"smoke","banks":{"constructor":{}}}')],
    "banks.constructor: expected a key other than __proto__, constructor or prototype, found the key 'constructor'"],
  ['a __proto__ path in --set', () => ['run', '--scenario', 'smoke', '--set', '__proto__.ticks=3'], "--set __proto__.ticks: expected a path through one of"],
  ['a __proto__ key inside a --set value', () => ['run', '--scenario', 'smoke', '--set', 'timeline=[{"__proto__":{}}]'],
    "--set timeline[0].__proto__: expected a key other than __proto__, constructor or prototype, found the key '__proto__'"],
  ['5,000-deep nesting', () => ['validate', file('deep.json', `{"extends":"smoke","x":${'['.repeat(5000)}${']'.repeat(5000)}}`)],
    'expected nesting at most 64 levels deep, found deeper nesting'],
  ['a unicode bank id', () => ['validate', file('unicode.json', '{"extends":"smoke","banks":{"müfg":{}}}')],
    "banks.müfg: expected a valid key (bank ids are lower-case words joined by -), found the key 'müfg'"],
];

describe('bounded and strict input: exit 2, one message naming the culprit, nothing written', () => {
  for (const [name, args, message] of refusals) {
    it(name, () => {
      const r = fimasim(args(), { cwd: tmp.dir });
      expect(r.status, r.stderr).toBe(2);
      expect(r.stderr).toContain(message);
      expect(r.stderr).not.toContain('internal error');
      expect(existsSync(join(tmp.dir, 'runs'))).toBe(false);
    });
  }
});

describe('signals', () => {
  // the signals come ≈ 55 runs in (50 kB of 0.9 kB journal records), with ≈ 545 still to go
  const args = (out: string, ...more: string[]) => ['batch', '--scenario', 'smoke', '--runs', '600', '--seed', '8', '--workers', '2', '--quiet', '--out', out, ...more];
  const ref = join(tmp.dir, 'ref');

  /** Starts the batch, waits until its journal has some records, sends the signals, and returns the exit status. */
  async function signalled(out: string, signals: NodeJS.Signals[]): Promise<number | null> {
    const child = fimasimAsync(args(out));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const journal = join(out, 'journal.bin');
    while (!(existsSync(journal) && statSync(journal).size > 50_000)) {
      if (child.exitCode !== null) throw new Error('the batch finished before the signal: raise --runs');
      await new Promise((r) => setImmediate(r));
    }
    for (const s of signals) child.kill(s);
    return exited;
  }

  it('SIGHUP stops the batch like SIGTERM (exit 130), and --resume completes it to the same bytes', async () => {
    expect(fimasim(args(ref)).status).toBe(0);
    const dir = join(tmp.dir, 'hup');
    expect(await signalled(dir, ['SIGHUP'])).toBe(130);
    expect(existsSync(join(dir, 'batch.lock'))).toBe(false);
    const r = fimasim(args(dir, '--resume'));
    expect(r.status, r.stderr).toBe(0);
    for (const f of RESULT_FILES) expect(read(dir, f).equals(read(ref, f)), f).toBe(true);
  });

  it('a second Ctrl-C exits at once without leaving a stale lock', async () => {
    const dir = join(tmp.dir, 'int2');
    expect(await signalled(dir, ['SIGINT', 'SIGINT'])).toBe(130);
    expect(readdirSync(dir)).not.toContain('batch.lock');
    const r = fimasim(args(dir, '--resume'));
    expect(r.status, r.stderr).toBe(0);
    for (const f of RESULT_FILES) expect(read(dir, f).equals(read(ref, f)), f).toBe(true);
  });
});
