// compare says what differs (issue 17, item 4): labels (--label, else the folders' names) and the table of every
// scenario value that differs, in the terminal table, compare.json and the report.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parameterDifferences } from '../../src/sim/experiments/compare.js';
import { metricSummary } from '../../src/sim/batch/summary.js';
import { fimasim, tempDir } from '../experiments/helpers.js';

const tmp = tempDir('compare-labels');
const a = join(tmp.dir, 'base'), b = join(tmp.dir, 'looser-floor');
beforeAll(() => {
  for (const [dir, sets] of [[a, []], [b, ['--set', 'banks.mufg.policy.carryFloor=-0.5']]] as const) {
    const r = fimasim(['batch', '--scenario', 'smoke', ...sets, '--runs', '4', '--seed', '1', '--workers', '1', '--out', dir, '--quiet']);
    expect(r.code, r.stderr).toBe(0);
  }
});
afterAll(tmp.cleanup);

describe('parameterDifferences', () => {
  it('lists the differing leaves by path, absent ones as null, and leaves name and description out', () => {
    expect(parameterDifferences(
      { name: 'x', description: 'd', ticks: 20, banks: { mufg: { holdings: 1, policy: { name: 'hold' } } }, timeline: [{ date: 'a', v: 1 }] },
      { name: 'y', description: 'e', ticks: 20, banks: { mufg: { holdings: 2, policy: { name: 'hold' } }, smbc: { holdings: 3 } }, timeline: [{ date: 'a', v: 2 }] },
    )).toEqual([
      { path: 'banks.mufg.holdings', a: 1, b: 2 },
      { path: 'banks.smbc', a: null, b: { holdings: 3 } },
      { path: 'timeline.0.v', a: 1, b: 2 },
    ]);
  });
});

describe('fimasim compare', () => {
  it("labels the sides by the folders' names and names the one value that differs", () => {
    const out = join(tmp.dir, 'c1');
    const r = fimasim(['compare', a, b, '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`A = base: ${a} (smoke, seed 1, 4 runs)`);
    expect(r.stdout).toContain(`B = looser-floor: ${b} (smoke, seed 1, 4 runs)`);
    expect(r.stdout).toContain('Scenario values that differ (1): banks.mufg.policy.carryFloor -1.1 → -0.5');
    expect(r.stdout).toContain('The chain, link by link (paired bootstrap: 2,000 resamples of the pairs');
    expect(r.stdout).toMatch(/\n {2}P\(sales\) +\S+ \d\/4 +\S+ \d\/4 +/);
    const c = JSON.parse(readFileSync(join(out, 'compare.json'), 'utf8'));
    expect(c.a.label).toBe('base');
    expect(c.parameters).toEqual([{ path: 'banks.mufg.policy.carryFloor', a: -1.1, b: -0.5 }]);
    expect(c.chain.paired).toBe(true); // the link-by-link chain is kept in the file too, one row per link
    expect(c.chain.links).toHaveLength(5);
    expect(c.chain.links[0].a.n).toBe(4);
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    expect(html).toContain('<title>base vs looser-floor');
    expect(html).toContain('<code>banks.mufg.policy.carryFloor</code>');
    expect(html).not.toContain('smoke vs smoke');
    // the chain link by link, paired (same seed), with the labels in the column heads
    const chain = html.slice(html.indexOf('<section id="chain">'), html.indexOf('</section>', html.indexOf('<section id="chain">')));
    expect(chain).toContain('counted over the 4 paired runs of each batch');
    expect(chain).toContain('<th class="num">A: base (count / n: P [Wilson 95%])</th><th class="num">B: looser-floor</th>');
    expect(chain.match(/<tr><td>P\(/g)).toHaveLength(5);
    // the fans overlaid, one chart per series, a legend naming both sides; each figure also under figures/
    for (const series of ['ust10y', 'netLiquidity', 'btcPrice']) {
      const svg = readFileSync(join(out, 'figures', `fan-${series}.svg`), 'utf8');
      expect(svg).toContain('>A: base</text>');
      expect(svg).toContain('>B: looser-floor</text>');
      expect(svg.match(/aria-roledescription="area mark"/g)!.length).toBe(4); // two bands per side
      expect(html).toContain(`id="chart-fan-${series}"`);
    }
    expect(readdirSync(join(out, 'figures'))).toContain('chain-diff.vl.json');
  });

  it('takes --label for each side', () => {
    const r = fimasim(['compare', a, b, '--label', 'thesis', '--label', 'looser', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const c = JSON.parse(r.stdout);
    expect([c.a.label, c.b.label]).toEqual(['thesis', 'looser']);
    const three = fimasim(['compare', a, b, '--label', 'x', '--label', 'y', '--label', 'z', '--json']);
    expect(three.code).toBe(2);
    expect(three.stderr).toBe('fimasim: --label: at most two (A, then B), found 3\n');
  });
});

describe('"never" markers (interventionTick −1) are left out of the statistics and counted apart', () => {
  it('metricSummary', () => {
    expect(metricSummary('interventionTick', 'tick', Float64Array.from([-1, 10, 20, -1, 30]))).toMatchObject({ mean: 20, min: 10, p50: 20, n: 3, never: 2, neverMarker: -1 });
    expect(metricSummary('btcReturn', 'fraction', Float64Array.from([-1, 1]))).toMatchObject({ mean: 0, min: -1 });
    expect(metricSummary('btcReturn', 'fraction', Float64Array.from([-1, 1]))).not.toHaveProperty('never');
  });

  it("in a batch's summary.json and report", () => {
    const s = JSON.parse(readFileSync(join(a, 'summary.json'), 'utf8'));
    const [header, ...rows] = readFileSync(join(a, 'runs.csv'), 'utf8').trim().split('\n');
    const column = header.split(',').indexOf('interventionTick');
    const runs = rows.map((l) => Number(l.split(',')[column]));
    const never = runs.filter((x) => x === -1).length;
    expect(s.metrics.interventionTick).toMatchObject({ n: 4 - never, never, neverMarker: -1 });
    if (never === 4) expect(s.metrics.interventionTick.mean).toBeNull();
    expect(readFileSync(join(a, 'report.html'), 'utf8')).toContain(`it never did in ${never} (marker -1 in runs.csv, left out)`);
  });
});

describe('the chain as a funnel', () => {
  it('draws each step as its share of all runs, so a step conditioned on one run is a sliver, never a full bar', async () => {
    const { chainFunnel } = await import('../../src/report/batch-report.js');
    const step = (s: string, count: number, n: number) => ({ step: s, condition: '', count, n, p: n ? count / n : null, lo: null, hi: null });
    const rows = chainFunnel([step('P(sales)', 6554, 10000), step('P(spike | sales)', 5822, 6554), step('P(BTC up | …)', 1, 1)], 10000);
    expect(rows.map((r) => r.value)).toEqual([0.6554, 0.5822, 0.0001]);
    expect(rows[2].label).toBe('P(BTC up | …): 1 of 1, 100.0% [—–—]');
    expect(rows[2].hi!).toBeLessThan(0.001);
  });
});
