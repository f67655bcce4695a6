import { describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fimasim } from './helpers.js';
import { METRIC_NAMES } from '../../src/sim/run/metrics.js';
import { SERIES } from '../../src/sim/run/series.js';

const tmp = mkdtempSync(join(tmpdir(), 'fimasim-run-'));
const FILES = ['series.csv', 'events.jsonl', 'summary.json'];
const read = (dir: string) => FILES.map((f) => readFileSync(join(dir, f), 'utf8'));

describe('fimasim run', () => {
  it('the same seed gives byte-identical files; another run index or seed does not', () => {
    const out = (name: string, extra: string[]) => {
      const dir = join(tmp, name);
      const r = fimasim(['run', '--scenario', 'hayes-2024', '--seed', '7', '--out', dir, ...extra]);
      expect(r.code, r.stderr).toBe(0);
      return read(dir);
    };
    const a = out('A', []), b = out('B', []);
    expect(b).toEqual(a);
    const c = out('C', ['--run-index', '1']);
    expect(c[0]).not.toEqual(a[0]);
    const d = fimasim(['run', '--scenario', 'hayes-2024', '--seed', '8', '--out', join(tmp, 'D')]);
    expect(d.code).toBe(0);
    expect(read(join(tmp, 'D'))[0]).not.toEqual(a[0]);
  });

  it('writes a dated row per tick, the events and the per-run metrics', () => {
    const dir = join(tmp, 'files');
    expect(fimasim(['run', '--scenario', 'smoke', '--seed', '3', '--out', dir]).code).toBe(0);
    const [series, events, summary] = read(dir);
    const lines = series.trim().split('\n');
    expect(lines[0]).toBe(['tick', 'date', ...SERIES.map((c) => c.name)].join(','));
    expect(lines).toHaveLength(22); // header + ticks 0..20
    expect(lines[1].startsWith('0,2024-06-18,4.22,')).toBe(true);
    expect(lines[2].startsWith('1,2024-06-20,')).toBe(true); // 2024-06-19 is a holiday
    for (const line of events.trim().split('\n')) expect(JSON.parse(line)).toHaveProperty('date');
    const s = JSON.parse(summary);
    expect(s).toMatchObject({ scenario: 'smoke', seed: '3', runIndex: 0 });
    expect(Object.keys(s.metrics)).toEqual(METRIC_NAMES);
  });

  it('--json prints the summary on stdout and nothing else', () => {
    const r = fimasim(['run', '--scenario', 'smoke', '--seed', '3', '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).metrics.btcReturn).toEqual(expect.any(Number));
  });

  it('prints a human summary that tells the story', () => {
    const r = fimasim(['run', '--scenario', 'hayes-2024', '--seed', '1']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Japanese banks sold \$\d+\.\dbn/);
    expect(r.stdout).toMatch(/What happened:/);
  });
});

describe('bad input: exit 2, a clear message, no stack trace, nothing written', () => {
  const bad = (args: string[], ...patterns: RegExp[]) => {
    const out = join(tmp, `never-${Math.random().toString(36).slice(2)}`);
    const r = fimasim([...args, '--out', out]);
    expect(r.code).toBe(2);
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
    for (const p of patterns) expect(r.stderr).toMatch(p);
    expect(existsSync(out)).toBe(false);
    return r;
  };

  it('a scenario file with several mistakes: one line per mistake, each with its path', () => {
    const file = join(tmp, 'bad.json');
    writeFileSync(file, JSON.stringify({ extends: 'hayes-2024', tiks: 3, market: { y10: 'x' }, banks: { mufg: { polcy: 1, policy: { name: 'cary-threshold' } } }, fed: { fima: { haircut: 2 } } }));
    const r = bad(['run', '--scenario', file], /5 problems/, /tiks: .*did you mean 'ticks'/, /market\.y10: expected a number/,
      /banks\.mufg\.polcy: .*did you mean 'policy'/, /banks\.mufg\.policy\.name: .*found 'cary-threshold' \(did you mean 'carry-threshold'\?\)/,
      /fed\.fima\.haircut: expected a number ≤ 0\.5, found number 2/);
    expect(r.stderr.trim().split('\n')).toHaveLength(6);
  });

  it('a bad --set path or value', () => {
    bad(['run', '--set', 'banks.mufg.policy.carryFlor=-1'], /--set banks\.mufg\.policy\.carryFlor.*did you mean 'carryFloor'/);
    bad(['run', '--set', 'ticks=abc'], /--set ticks: expected a number, found 'abc'/);
  });

  it('a missing file, invalid JSON and an unknown extends', () => {
    bad(['run', '--scenario', join(tmp, 'missing.json')], /no such file/);
    const broken = join(tmp, 'broken.json');
    writeFileSync(broken, '{\n  "ticks": 3,\n}');
    bad(['run', '--scenario', broken], /invalid JSON at line 3, column 1/);
    const ext = join(tmp, 'ext.json');
    writeFileSync(ext, JSON.stringify({ extends: 'calmm' }));
    bad(['run', '--scenario', ext], /extends: .*found 'calmm' \(did you mean 'calm'\?\)/);
  });

  it('bad flags', () => {
    bad(['run', '--seed', 'x1'], /--seed: expected a non-negative integer/);
    bad(['run', '--run-index', '-1'], /--run-index: expected a non-negative integer/);
    bad(['run', '--sed', '1'], /Unknown argument: sed/);
  });
});

describe('validate and scenarios', () => {
  it('validate reports a valid file and rejects a bad one with exit 2', () => {
    const good = join(tmp, 'good.json');
    writeFileSync(good, JSON.stringify({ extends: 'hayes-2024', ticks: 30 }));
    expect(fimasim(['validate', good])).toMatchObject({ code: 0, stdout: expect.stringMatching(/valid/) });
    const badFile = join(tmp, 'bad2.json');
    writeFileSync(badFile, JSON.stringify({ extends: 'hayes-2024', ticks: -3 }));
    const r = fimasim(['validate', badFile]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/ticks: expected a number ≥ 1, found number -3/);
  });

  it('scenarios lists the built-ins and --show prints one fully resolved', () => {
    const list = fimasim(['scenarios']);
    expect(list.code).toBe(0);
    for (const name of ['hayes-2024', 'hayes-no-fima', 'no-backstop', 'history-2024', 'calm', 'hayes-uncapped', 'hayes-stress', 'smoke']) expect(list.stdout).toContain(name);
    const show = fimasim(['scenarios', '--show', 'hayes-no-fima']);
    const s = JSON.parse(show.stdout);
    expect(s.treasury.policy).toMatchObject({ name: 'stabilise-no-fima', triggerRiseBp: expect.any(Number) });
    expect(s.banks.mufg.policy.kappa).toBe(0.2);
  });

  it('every command has --help', () => {
    for (const cmd of ['run', 'validate', 'scenarios']) {
      const r = fimasim([cmd, '--help']);
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/Options:/);
    }
  });
});
