// Golden runs (issue 7): the exact metrics, a digest of every recorded series and of the events of a few seeds of the
// default scenario, of `smoke`, and of the default at 10× the investors (the benchmark's second workload). A
// performance change must leave all of them bit for bit identical; a deliberate model change (a new generator, say)
// regenerates them in a commit of its own that says why:
//   FIMASIM_UPDATE_GOLDEN=1 npx vitest run test/perf/golden.test.ts
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../src/sim/scenario/load.js';
import { simulate, type RunResult } from '../../src/sim/run/engine.js';
import { BENCH_SCENARIO, SCALE_FACTOR, scaledInvestorSets } from '../../src/sim/bench/workload.js';

interface GoldenRun {
  readonly case: string;
  readonly seed: string;
  readonly run: number;
  readonly metrics: Record<string, number>;
  readonly series: string; // sha-256 (first 32 hex digits) of the Float64 series in SERIES order
  readonly events: number;
  readonly eventsDigest: string;
}

const CASES: Record<string, { scenario: string; sets: readonly string[]; seed: string; runs: readonly number[] }> = {
  'hayes-2024': { scenario: 'hayes-2024', sets: [], seed: '1', runs: [0, 1, 2, 3, 4] },
  smoke: { scenario: 'smoke', sets: [], seed: '1', runs: [0, 1, 2] },
  'hayes-2024 ×10 investors': { scenario: BENCH_SCENARIO, sets: scaledInvestorSets(loadScenario(BENCH_SCENARIO).scenario, SCALE_FACTOR), seed: '7', runs: [0] },
};

const FILE = new URL('./golden.json', import.meta.url);
const hex = (h: ReturnType<typeof createHash>): string => h.digest('hex').slice(0, 32);

function seriesDigest(r: RunResult): string {
  const h = createHash('sha256');
  for (const c of r.series) h.update(new Uint8Array(c.buffer, c.byteOffset, c.byteLength));
  return hex(h);
}

function goldenRun(name: string, seed: string, run: number, r: RunResult): GoldenRun {
  return {
    case: name, seed, run, metrics: { ...r.metrics }, series: seriesDigest(r),
    events: r.events.length, eventsDigest: hex(createHash('sha256').update(JSON.stringify(r.events))),
  };
}

const actual: GoldenRun[] = Object.entries(CASES).flatMap(([name, c]) => {
  const scenario = loadScenario(c.scenario, c.sets).scenario;
  return c.runs.map((i) => goldenRun(name, c.seed, i, simulate(scenario, c.seed, i, { recordEvents: true })));
});

if (process.env.FIMASIM_UPDATE_GOLDEN === '1') writeFileSync(FILE, `${JSON.stringify(actual, null, 1)}\n`);
const golden = JSON.parse(readFileSync(FILE, 'utf8')) as GoldenRun[];

describe('golden runs: optimisations change no result', () => {
  it('covers the same runs as the golden file', () => {
    expect(actual.map((g) => `${g.case} seed ${g.seed} run ${g.run}`)).toEqual(golden.map((g) => `${g.case} seed ${g.seed} run ${g.run}`));
  });
  it.each(golden.map((g, k) => [`${g.case} seed ${g.seed} run ${g.run}`, k] as const))('%s', (_, k) => {
    const a = actual[k], g = golden[k];
    for (const [name, v] of Object.entries(g.metrics)) expect(a.metrics[name], name).toBe(v); // exact doubles
    expect(Object.keys(a.metrics)).toEqual(Object.keys(g.metrics));
    expect(a.series, 'every recorded series, bit for bit').toBe(g.series);
    expect([a.events, a.eventsDigest], 'the events').toEqual([g.events, g.eventsDigest]);
  });
});
