// The CLI behaves the same way everywhere (issue 17, item 5): --json and --quiet on every command, one --runs
// default, integer flags labelled [number], did-you-mean for misspelt ids, --json writes no folder unless --out.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fimasim, tempDir } from '../experiments/helpers.js';

const COMMANDS = ['run', 'batch', 'sweep', 'sample', 'compare', 'replay', 'report', 'merge', 'scenarios', 'validate', 'bench', 'data',
  'backtest', 'calibrate', 'export', 'schema'];

describe('every command', () => {
  const help = new Map(COMMANDS.map((c) => [c, fimasim([c, '--help']).stdout]));

  it.each(COMMANDS)('%s has --json and --quiet', (c) => {
    expect(help.get(c)).toMatch(/--json\b/);
    expect(help.get(c)).toMatch(/--quiet\b/);
  });

  it.each(COMMANDS)('%s labels its integer flags [number], not [string]', (c) => {
    const lines = help.get(c)!.split('\n').filter((l) => /^\s+--(runs|seed|run|run-index|every|budget)\s/.test(l));
    for (const l of lines) expect(l).not.toContain('[string]');
  });

  it('batch, sweep and sample share one --runs default', () => {
    const defaults = ['batch', 'sweep', 'sample'].map((c) => /--runs\s.*\[default: (\d+)\]/.exec(help.get(c)!.replace(/\n\s{20,}/g, ' '))?.[1]);
    expect(defaults).toEqual(['1000', '1000', '1000']);
    expect(help.get('batch')).toMatch(/--runs\s.*\[number\]/);
  });

  it('still refuses an integer written in hex or exponent form, as typed', () => {
    const r = fimasim(['batch', '--scenario', 'smoke', '--runs', '1e3']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe("fimasim: --runs: expected a positive integer, found '1e3'\n");
  });
});

describe('did you mean, for misspelt ids of a map (banks)', () => {
  const tmp = tempDir('ids');
  afterAll(tmp.cleanup);

  it('in --set', () => {
    const r = fimasim(['validate', 'smoke', '--set', 'banks.mfug.policy.carryFloor=-1']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("--set banks.mfug.policy.carryFloor: expected one of banks (norinchukin, mufg, japan-post) at 'mfug', " +
      "found an unknown id 'mfug' (did you mean 'mufg'?)");
  });

  it('in a file: one problem naming the likely id instead of the missing fields of a new entry', () => {
    const file = join(tmp.dir, 'typo.json');
    writeFileSync(file, JSON.stringify({ extends: 'smoke', banks: { mfug: { holdings: 3 } } }));
    const r = fimasim(['validate', file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${file}: 1 problem\n  banks.mfug: expected one of the ids of banks (norinchukin, mufg, japan-post), or a complete new entry, ` +
      "found a new id 'mfug' with 4 problems (label, bookYield, lossBudget, policy) (did you mean 'mufg'?)");
  });

  it('but a new id far from every other is a new entry, reported field by field', () => {
    const r = fimasim(['validate', 'smoke', '--set', 'banks.shinkin.holdings=3']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('banks.shinkin.label: expected a string (required), found nothing');
    expect(r.stderr).not.toContain('did you mean');
  });
});

describe('--json writes no folder unless --out is given', () => {
  const tmp = tempDir('json-out');
  const a = join(tmp.dir, 'a'), b = join(tmp.dir, 'b');
  beforeAll(() => {
    for (const [dir, seed] of [[a, '1'], [b, '2']]) {
      const r = fimasim(['batch', '--scenario', 'smoke', '--runs', '3', '--seed', seed, '--workers', '1', '--out', dir, '--quiet']);
      expect(r.code, r.stderr).toBe(0);
    }
  });
  afterAll(tmp.cleanup);

  it('compare --json prints the comparison and leaves the working folder as it was', () => {
    const r = fimasim(['compare', a, b, '--json'], { cwd: tmp.dir });
    expect(r.code, r.stderr).toBe(0);
    const c = JSON.parse(r.stdout);
    expect(c.out).toBeNull();
    expect(c.paired).toBe(false);
    expect(Object.keys(c.metrics)).toContain('btcReturn');
    expect(readdirSync(tmp.dir).sort()).toEqual(['a', 'b']);
  });

  it('replay --json checks the run and writes no replay folder', () => {
    const r = fimasim(['replay', a, '--run', '1', '--json', '--quiet']);
    expect(r.code, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j).toMatchObject({ runIndex: 1, matches: true, differences: [], out: null });
    expect(j.series.checked).toBe(true);
    expect(existsSync(join(a, 'replay-1'))).toBe(false);
  });

  it('report --json prints the path as JSON', () => {
    const r = fimasim(['report', a, '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ report: join(a, 'report.html') });
  });

  it('scenarios and validate speak JSON too', () => {
    const list = JSON.parse(fimasim(['scenarios', '--json']).stdout) as { name: string }[];
    expect(list.map((s) => s.name)).toContain('smoke');
    expect(JSON.parse(fimasim(['validate', 'smoke', '--json']).stdout)).toMatchObject({ source: 'smoke', valid: true, name: 'smoke' });
  });
});
