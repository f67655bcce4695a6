// fimasim sample on the model (smoke scenario): a parameter that cannot affect any per-run metric
// (outcomes.salesThreshold only sets a threshold of the chain in summary.json) gets a PRCC interval containing 0; one
// that drives the 10y yield monotonically (market.y10, its level at tick 0) gets a PRCC above 0.8. The results are
// byte-identical on 1 and 2 workers, runs.csv carries each run's values (recomputable from the seed and the run
// index), and a sampled run is reproduced exactly by the replay code path and by `fimasim run --set`.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fimasim, read, RESULT_FILES, tempDir } from '../batch/cli.js';
import { METRIC_NAMES } from '../../src/sim/run/metrics.js';
import { readManifest } from '../../src/sim/batch/manifest.js';
import { runLayout } from '../../src/sim/batch/layout.js';
import { runsCsvLine, simulateRun } from '../../src/sim/batch/run-record.js';
import { SeriesFile } from '../../src/sim/batch/series-file.js';
import { scenarioSchema } from '../../src/sim/scenario/schema.js';
import { sampledSets, sampledValues } from '../../src/sim/sample/values.js';

const tmp = tempDir('sample');
const one = join(tmp.dir, 'one'), two = join(tmp.dir, 'two');
const RUNS = 200;
const SAMPLES = ['outcomes.salesThreshold=uniform(0,200)', 'market.y10=uniform(2,8)', 'banks.*.policy.kappa=uniform(0.1,0.5)'];
const common = ['sample', '--scenario', 'smoke', ...SAMPLES.flatMap((s) => ['--sample', s]), '--runs', String(RUNS), '--seed', '3', '--quiet'];
let json: { out: string; ranking: Row[]; runsDone: number };

interface Row { metric: string; parameter: string; prcc: number | null; lo: number | null; hi: number | null; firstOrder: number | null; rank: number | null }

beforeAll(() => {
  const r1 = fimasim([...common, '--workers', '1', '--out', one]);
  expect(r1.status, r1.stderr).toBe(0);
  const r2 = fimasim([...common, '--workers', '2', '--out', two, '--json']);
  expect(r2.status, r2.stderr).toBe(0);
  json = JSON.parse(r2.stdout);
});
afterAll(tmp.cleanup);

const csv = (dir: string) => {
  const [head, ...lines] = readFileSync(join(dir, 'runs.csv'), 'utf8').trimEnd().split('\n');
  return { header: head.split(','), lines, cells: lines.map((l) => l.split(',')) };
};
const row = (metric: string, parameter: string): Row => json.ranking.find((r) => r.metric === metric && r.parameter === parameter)!;

describe('fimasim sample on 1 and 2 workers', () => {
  it.each([...RESULT_FILES, 'sensitivity.csv'])('writes a byte-identical %s', (file) => {
    expect(read(two, file).equals(read(one, file))).toBe(true);
  });
});

describe('the sensitivity ranking (synthetic case on the model)', () => {
  it.each(['ust10yPeak', 'btcReturn', 'netLiquidityChange'])('gives the parameter that cannot affect %s an interval containing 0', (metric) => {
    const r = row(metric, 'outcomes.salesThreshold');
    expect(r.lo!).toBeLessThan(0);
    expect(r.hi!).toBeGreaterThan(0);
  });

  it('gives the parameter that drives the 10y yield a PRCC above 0.8, with its whole interval, ranked first', () => {
    const r = row('ust10yPeak', 'market.y10');
    expect(r.prcc!).toBeGreaterThan(0.8);
    expect(r.lo!).toBeGreaterThan(0.8);
    expect(r.rank).toBe(1);
    expect(r.firstOrder!).toBeGreaterThan(0.8);
  });

  it('writes sensitivity.csv: every metric × every parameter, ranked by |PRCC|', () => {
    const lines = readFileSync(join(one, 'sensitivity.csv'), 'utf8').trimEnd().split('\n');
    expect(lines[0]).toBe('metric,parameter,prcc,lo,hi,firstOrder,rank');
    expect(lines).toHaveLength(1 + METRIC_NAMES.length * SAMPLES.length);
    expect([...new Set(lines.slice(1).map((l) => l.split(',')[0]))]).toEqual(METRIC_NAMES);
    for (const m of METRIC_NAMES) {
      const mine = json.ranking.filter((r) => r.metric === m && r.prcc !== null);
      expect(mine.map((r) => r.rank)).toEqual(mine.map((_, k) => k + 1));
      const sizes = mine.map((r) => Math.abs(r.prcc!));
      expect(sizes).toEqual([...sizes].sort((a, b) => b - a));
    }
  });
});

describe('the sampled values', () => {
  it('are the last columns of runs.csv, named by path, after the metrics', () => {
    expect(csv(one).header).toEqual(['runIndex', 'seed', ...METRIC_NAMES, 'outcomes.salesThreshold', 'market.y10', 'banks.*.policy.kappa']);
  });

  it('form a Latin hypercube: each of the runs strata of every parameter holds exactly one run', () => {
    const { header, cells } = csv(one);
    for (const [path, lo, hi] of [['outcomes.salesThreshold', 0, 200], ['market.y10', 2, 8], ['banks.*.policy.kappa', 0.1, 0.5]] as const) {
      const k = header.indexOf(path);
      const strata = cells.map((c) => Math.floor(((Number(c[k]) - lo) / (hi - lo)) * RUNS)).sort((a, b) => a - b);
      expect(strata).toEqual(Array.from({ length: RUNS }, (_, i) => i));
    }
  });

  it('are recorded in manifest.json with the paths they set, and recomputed from the spec alone', () => {
    const m = readManifest(one)!;
    expect(m.sample).toMatchObject({ seed: '3', runs: RUNS, study: null });
    expect(m.sample!.parameters.map((p) => p.path)).toEqual(SAMPLES.map((s) => s.split('=')[0]));
    expect(m.sample!.parameters[2].targets).toEqual(['banks.norinchukin.policy.kappa', 'banks.mufg.policy.kappa', 'banks.japan-post.policy.kappa']);
    expect(m.sample!.derivation).toMatch(/lhsPermutation/);
    const { cells } = csv(one);
    for (const i of [0, 57, 199]) expect(sampledValues(m.sample!, i).map(String)).toEqual(cells[i].slice(-3));
  });
});

describe('a sampled run replays exactly', () => {
  it("through replay's code path: the manifest's scenario, seed and sample spec give the identical row and series", () => {
    const m = readManifest(two)!;
    const scenario = scenarioSchema.parse(m.scenario);
    const layout = runLayout(scenario.ticks);
    const file = SeriesFile.open(join(two, 'series.f32'), layout, RUNS, 'read');
    try {
      for (const i of [11, 140]) {
        const record = simulateRun(scenario, m.seed, i, { recordEvents: true, sample: m.sample });
        expect(runsCsvLine(i, m.seed, record.metrics, record.sampled)).toBe(csv(two).lines[i]);
        const stored = file.read(i, 0, layout.floats, new Float32Array(layout.floats));
        expect(Buffer.from(record.series.buffer).equals(Buffer.from(stored.buffer))).toBe(true);
      }
    } finally {
      file.close();
    }
  });

  it('with `fimasim replay DIR --run i` (a run of the 2-worker batch)', () => {
    const r = fimasim(['replay', two, '--run', '140', '--out', join(tmp.dir, 'replay-140')]);
    expect(r.status, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toContain('The row matches runs.csv exactly');
    expect(r.stdout).toContain('The series matches series.f32');
  });

  it('as `fimasim run --set path=value ... --run-index i`: the row is that run', () => {
    const m = readManifest(one)!;
    const i = 73;
    const sets = sampledSets(m.sample!.parameters, sampledValues(m.sample!, i));
    expect(sets).toHaveLength(5); // salesThreshold, y10 and the κ of three banks
    const r = fimasim(['run', '--scenario', 'smoke', '--seed', '3', '--run-index', String(i), ...sets.flatMap((s) => ['--set', s]), '--json']);
    expect(r.status, r.stderr).toBe(0);
    const metrics = JSON.parse(r.stdout).metrics as Record<string, number>;
    expect([i, '3', ...METRIC_NAMES.map((n) => String(metrics[n]))].join(',')).toBe(csv(one).cells[i].slice(0, -3).join(','));
  });
});

describe('the report of a sample batch', () => {
  it('opens with the sensitivity section: tornado charts with intervals for the outcome metrics', () => {
    const html = readFileSync(join(one, 'report.html'), 'utf8');
    expect(html).toContain('fimasim · sample report');
    expect(html).toContain('<section id="sensitivity">');
    for (const m of ['btcReturn', 'ust10yPeak', 'netLiquidityChange']) expect(html).toContain(`id="chart-sensitivity-${m}"`);
    expect(html.indexOf('id="sensitivity"')).toBeLessThan(html.indexOf('id="chain"')); // then the usual batch sections
    expect(html).toContain('banks.*.policy.kappa');
  });
});

describe('resuming', () => {
  it('refuses a folder made with other sampled parameters (exit 2), and finds nothing to do in a finished one', () => {
    const other = fimasim(['sample', '--scenario', 'smoke', '--sample', 'market.y10=uniform(2,7)', '--runs', String(RUNS), '--seed', '3',
      '--quiet', '--resume', '--out', one]);
    expect(other.status).toBe(2);
    expect(other.stderr).toContain('sampling market.y10=uniform(2,7)');
    const batch = fimasim(['batch', '--scenario', 'smoke', '--runs', String(RUNS), '--seed', '3', '--quiet', '--resume', '--out', one]);
    expect(batch.status).toBe(2);
    const same = fimasim([...common, '--workers', '1', '--resume', '--out', one]);
    expect(same.status, same.stderr).toBe(0);
    expect(same.stdout).toContain('already complete');
    expect(existsSync(join(one, 'sensitivity.csv'))).toBe(true);
  });
});
