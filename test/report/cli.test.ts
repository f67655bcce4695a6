// The `report` command module on its own (main.ts registers it): prints the path, or a UsageError.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import yargs from 'yargs';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { UsageError } from '../../src/cli/errors.js';
import { UserError } from '../../src/errors.js';
import { reportCommand } from '../../src/cli/report.js';
import { writeHandMadeBatch } from './fixture.js';

const root = mkdtempSync(join(tmpdir(), 'fimasim-report-cli-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

async function run(args: string[]): Promise<string> {
  const out: string[] = [];
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    out.push(String(chunk));
    return true;
  });
  try {
    await yargs(args).command(reportCommand).strict().exitProcess(false)
      .fail((msg, err) => { throw err ?? new UsageError(msg); }).parseAsync();
  } finally {
    spy.mockRestore();
  }
  return out.join('');
}

describe('fimasim report', () => {
  it('writes the report and prints its path', async () => {
    const dir = join(root, 'batch');
    writeHandMadeBatch(dir);
    expect(await run(['report', dir])).toBe(`${join(dir, 'report.html')}\n`);
  });

  it('names the folder and what is missing when it is not a batch folder', async () => {
    const dir = join(root, 'plain');
    mkdirSync(dir);
    const error = await run(['report', dir]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserError);
    expect((error as Error).message).toBe(`'${dir}' is not a batch folder: manifest.json, summary.json, ` +
      "bands.csv and runs.csv are missing (a batch folder is written by 'fimasim batch')");
  });

  it('asks for the folder', async () => {
    await expect(run(['report'])).rejects.toThrow(/Not enough non-option arguments/);
  });
});
