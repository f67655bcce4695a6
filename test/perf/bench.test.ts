// `fimasim bench` as a user runs it (the compiled CLI), on the quick workload: the figures are there, stdout holds
// only JSON, progress goes to stderr. Timings themselves are not tested (shared machines; bench/README.md).
import { describe, expect, it } from 'vitest';
import { fimasim } from '../cli/helpers.js';
import { humanReport } from '../../src/cli/bench.js';
import type { BenchReport } from '../../src/sim/bench/bench.js';
import { median } from '../../src/sim/bench/timing.js';

describe('fimasim bench', () => {
  const r = fimasim(['bench', '--quick', '--json']);
  const report = JSON.parse(r.stdout) as BenchReport;

  it('prints the figures of issue 7 as JSON on stdout, progress on stderr', () => {
    expect(r.code, r.stderr).toBe(0);
    for (const k of ['agentStepsPerSec', 'runsPerSec1', 'runsPerSec2', 'speedup2', 'agentStepsPerSec10x', 'costRatio10x', 'msPerRun'] as const) {
      expect(report[k], k).toBeGreaterThan(0);
    }
    expect(report.investors).toBe(1500);
    expect(report.investors10x).toBe(15000);
    expect(report.speedup2).toBeCloseTo(report.runsPerSec2 / report.runsPerSec1, 1);
    expect(report.speedup2VsInProcess).toBeCloseTo(report.runsPerSec2 / report.runsPerSecSerial, 1);
    expect(report.meets.speedup2VsInProcess).toBe(report.speedup2VsInProcess >= 1.6);
    expect(Object.keys(report.generators)).toEqual(expect.arrayContaining(['alea', 'xor4096', 'tychei', 'xorwow', 'tychei inline']));
    expect(r.stderr).toMatch(/^bench: single thread/m);
    expect(typeof report.contended).toBe('boolean');
  });

  it('reads as a table by default', () => {
    const text = humanReport(report, true);
    expect(text).toMatch(/1,500 investors .* M investor-steps\/s/);
    expect(text).toMatch(/pool, 2 worker threads .* speedup/);
    expect(text).toMatch(/2 workers against in-process .*×: (meets|MISSES) ≥ 1\.6/);
    expect(text).toContain('QUICK');
  });

  it('medians', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNaN();
  });
});
