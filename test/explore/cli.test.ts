// `fimasim explore` as a user starts it: it prints a loopback URL with a token, serves the page there, refuses the
// page without the token, stops on Ctrl-C; bad flags and scenarios exit 2 before anything listens.
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { BIN, ROOT, fimasim } from '../cli/helpers.js';

describe('fimasim explore', () => {
  it.each([
    [['--scenario', 'nope'], /--scenario: expected a built-in scenario/],
    [['--port', '99999'], /--port: at most 65,535/],
    [['--runs', '1'], /--runs: expected 2 to 5000/],
    [['--set', 'banks.mufg.policy.carryFloor=abc'], /--set banks\.mufg\.policy\.carryFloor: expected a number, found 'abc'/],
  ])('%j: exit 2 with the problem named', (args, message) => {
    const r = fimasim(['explore', '--no-open', ...args]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
  });

  it('has --help naming its options', () => {
    const r = fimasim(['explore', '--help']);
    expect(r.code).toBe(0);
    for (const o of ['--scenario', '--port', '--no-open', '--runs', '--seed', '--save-dir']) expect(r.stdout).toContain(o);
  });

  it('prints its URL, serves the page with the token only, and stops on SIGINT', async () => {
    const child = spawn(process.execPath, [BIN, 'explore', '--scenario', 'smoke', '--no-open', '--workers', '1', '--runs', '4'], { cwd: ROOT });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => { out += c; });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    await expect.poll(() => out, { timeout: 30_000 }).toMatch(/http:\/\/127\.0\.0\.1:\d+\/\?token=\S+/);
    const url = /http:\/\/127\.0\.0\.1:\d+\/\?token=\S+/.exec(out)![0];
    const page = await fetch(url);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('fimasim explore');
    expect((await fetch(url.replace(/\?token=.*/, ''))).status).toBe(403);
    child.kill('SIGINT');
    expect(await exited).toBe(0);
  });
});
