// Issue 17 item 4, the reports' figures: every chart saved as figures/NAME.svg and NAME.vl.json (batch, sweep),
// event markers on the fans, the funnel on n = 1, readable sweep axes (known tick labels), bands and whole legends.
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeBatchReport } from '../../src/report/batch-report.js';
import { intervalBars, lineChart } from '../../src/report/charts.js';
import { batchEvents, FIRST_REQUEST_MISSING } from '../../src/report/events.js';
import { renderSvg } from '../../src/report/render.js';
import { writeSweepReport } from '../../src/report/sweep-report.js';
import { readBatchFolder } from '../../src/sim/files/batch-folder.js';
import { wilson } from '../../src/sim/stats/index.js';
import { writeHandMadeBatch } from './fixture.js';

const root = mkdtempSync(join(tmpdir(), 'fimasim-figures-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** The tick labels of each axis of an SVG vega drew, axis by axis. */
export function axisLabels(svg: string): string[][] {
  return [...svg.matchAll(/role-axis-label"[^>]*>(.*?)<\/g>/gs)].map((m) => [...m[1].matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((t) => t[1]));
}

/** The shape a Vega-Lite spec file must have to open in the Vega editor: the schema, and every mark with an encoding
 *  and inline data (data.values on the layer or on a layer around it). */
export function expectVegaLiteShape(spec: Record<string, unknown>, name: string): void {
  expect(spec.$schema, name).toBe('https://vega.github.io/schema/vega-lite/v5.json');
  type Spec = Record<string, unknown>;
  const values = (s: Spec) => (s.data as { values?: unknown[] } | undefined)?.values;
  const leaves = (s: Spec, data: unknown[] | undefined): { leaf: Spec; data: unknown[] | undefined }[] =>
    Array.isArray(s.layer) ? (s.layer as Spec[]).flatMap((l) => leaves(l, values(l) ?? data)) : [{ leaf: s, data }];
  const all = leaves(spec, values(spec));
  expect(all.length, name).toBeGreaterThan(0);
  for (const { leaf, data } of all) {
    expect(leaf.mark, `${name}: every layer has a mark`).toBeDefined();
    expect(typeof leaf.encoding, `${name}: every layer has an encoding`).toBe('object');
    expect(Array.isArray(data) && data.length > 0, `${name}: every layer has its data inline (data.values)`).toBe(true);
  }
}

/** An SVG file as vega writes it: an XML declaration, one <svg> root in the SVG namespace, balanced groups. */
export function expectSvgFile(text: string, name: string): void {
  expect(text.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg"'), name).toBe(true);
  expect(text.trimEnd().endsWith('</svg>'), name).toBe(true);
  expect((text.match(/<g[\s>]/g) ?? []).length, `${name}: balanced <g>`).toBe((text.match(/<\/g>/g) ?? []).length);
  expect(text.match(/<svg[\s>]/g), `${name}: one root`).toHaveLength(1);
}

describe('the batch report saves every chart under figures/', () => {
  const dir = join(root, 'batch');
  let page = '';
  beforeAll(async () => {
    writeHandMadeBatch(dir);
    mkdirSync(join(dir, 'figures'));
    writeFileSync(join(dir, 'figures', 'stale.svg'), '<svg/>'); // a figure an earlier report drew and this one does not
    page = readFileSync(await writeBatchReport(dir), 'utf8');
  });

  it('as NAME.svg and NAME.vl.json, one pair per figure on the page, and nothing stale', () => {
    const ids = [...page.matchAll(/<figure class="chart" id="chart-([^"]+)"/g)].map((m) => m[1]);
    expect(ids.length).toBe(11);
    expect(readdirSync(join(dir, 'figures')).sort()).toEqual(ids.flatMap((id) => [`${id}.svg`, `${id}.vl.json`]).sort());
  });

  it('the SVG file is the page\'s chart, and the spec has the Vega-Lite shape', () => {
    for (const name of ['chain', 'fan-ust10y', 'hist-btcReturn']) {
      const svg = readFileSync(join(dir, 'figures', `${name}.svg`), 'utf8');
      expectSvgFile(svg, name);
      const start = page.indexOf(`id="chart-${name}"`);
      const onPage = page.slice(page.indexOf('<svg', start), page.indexOf('</svg>', start) + 6);
      expect(svg).toContain(onPage);
      expectVegaLiteShape(JSON.parse(readFileSync(join(dir, 'figures', `${name}.vl.json`), 'utf8')), name);
    }
  });

  it('draws the events on the fans, with the first request named as not kept by a folder without requestTick', () => {
    const b = readBatchFolder(dir, ['bands', 'runs']);
    const { events, missing } = batchEvents({ scenario: b.manifest.scenario, bands: b.bands, runs: b.runs });
    // fixture: the earliest acceptance is tick 43 (u = 0.95), the median of the 10 accepting runs (43, 46, …, 70) is
    // 56.5, tick 57; FIMA repo
    // is drawn after tick 126 in every band above p05; weekdays from 2024-06-18
    expect(events.map((e) => [e.date, e.label])).toEqual([
      ['2024-08-16', 'first acceptance'],
      ['2024-09-05', 'median acceptance'],
      ['2024-11-05', 'election'],
      ['2024-12-12', 'FIMA drawn, 5% of runs'],
      ['2024-12-12', 'FIMA drawn, half of runs'],
    ]);
    expect(missing).toEqual([FIRST_REQUEST_MISSING]);
    const fan = readFileSync(join(dir, 'figures', 'fan-ust10y.svg'), 'utf8');
    for (const e of events) expect(fan).toContain(`>${e.label}</text>`);
    expect(page).toContain('<td>median acceptance</td><td class="nowrap">2024-09-05</td>');
    expect(page).toContain("Not drawn: the Treasury&#39;s first FIMA request");
  });

  it('is drawn from runs.csv requestTick like the acceptance: earliest and median run, the never marker left out', () => {
    const b = readBatchFolder(dir, ['bands', 'runs']);
    const requestTick = [-1, 30, 12, -1, 20, 25];
    const runs = { has: (name: string) => name === 'requestTick' || b.runs.has(name), numbers: (name: string) => (name === 'requestTick' ? requestTick : b.runs.numbers(name)) };
    const { events, missing } = batchEvents({ scenario: b.manifest.scenario, bands: b.bands, runs });
    expect(missing).toEqual([]);
    // ticks 12, 20, 25, 30 asked (4 of 6 runs): the first at tick 12, the median 22.5 rounds to 23; weekdays from 2024-06-18
    expect(events.filter((e) => e.label.endsWith('request')).map((e) => [e.label, e.date, e.meaning])).toEqual([
      ['first request', '2024-07-04', 'the earliest run\'s first request for FIMA absorption by the Treasury (tick 12; asked in 4 of 6 runs)'],
      ['median request', '2024-07-19', 'the median first request for FIMA absorption by the Treasury over the runs that asked (tick 23; 4 of 6 runs)'],
    ]);
  });

  it('a run table where the Treasury never asked draws no request marker and names none missing', () => {
    const b = readBatchFolder(dir, ['bands', 'runs']);
    const runs = { has: () => true, numbers: (name: string) => (name === 'requestTick' ? [-1, -1] : b.runs.numbers(name)) };
    const { events, missing } = batchEvents({ scenario: b.manifest.scenario, bands: b.bands, runs });
    expect(events.some((e) => e.label.endsWith('request'))).toBe(false);
    expect(missing).toEqual([]);
  });
});

describe('the chain funnel', () => {
  it('draws a link conditioned on one run as a sliver, labelled with its count and Wilson interval, label whole', async () => {
    const { chainFunnel } = await import('../../src/report/batch-report.js');
    const step = (s: string, count: number, n: number) => ({ step: s, condition: '', count, n, ...wilson(count, n) });
    const rows = chainFunnel([step('P(sales)', 1, 40), step('P(spike | sales)', 1, 1),
      step('P(BTC up | sales, spike, intervention, net liquidity up)', 1, 1)], 40);
    expect(rows.map((r) => r.value)).toEqual([0.025, 0.025, 0.025]);
    expect(rows[1].label).toBe('P(spike | sales): 1 of 1, 100.0% [20.7%–100.0%]');
    const svg = await renderSvg(intervalBars({ label: 'share of all runs', unit: 'fraction', domain: [0, 1], width: 300, rows }));
    const [labels] = axisLabels(svg).filter((a) => a.some((t) => t.startsWith('P(')));
    expect(labels).toEqual(rows.map((r) => r.label)); // none cut with "…"
    // the bar of the n = 1 link spans 2.5% of the 300px axis, not all of it
    const bars = [...svg.matchAll(/<path aria-label="[^"]*" role="graphics-symbol"[^>]*d="M0,[\d.]+h([\d.]+)v/g)].map((m) => Number(m[1]));
    expect(bars).toEqual([7.5, 7.5, 7.5]);
  });
});

describe('sweep axes', () => {
  it('a btcReturn axis over −5.2% … −4.8% reads distinct ticks, not "−5%" on each', async () => {
    const svg = await renderSvg(lineChart({ xLabel: 'treasury.policy.propensity', xType: 'quantitative', yLabel: 'BTC return', yUnit: 'fraction',
      series: [{ name: 'median', points: [{ x: 0.04, y: -0.052 }, { x: 0.08, y: -0.05 }, { x: 0.16, y: -0.048 }] }] }));
    const [x, y] = axisLabels(svg);
    expect(x).toEqual(['0.04', '0.08', '0.16']); // a tick at each swept value
    expect(y).toEqual(['−5.20%', '−5.15%', '−5.10%', '−5.05%', '−5.00%', '−4.95%', '−4.90%', '−4.85%', '−4.80%']);
  });
});

describe('the sweep report', () => {
  const dir = join(root, 'sweep');
  let page = '';
  beforeAll(async () => {
    const points = [['0.04', '30'], ['0.04', '120'], ['0.16', '30'], ['0.16', '120']].map(([p, cap], i) => {
      const d = `point-00${i}`;
      writeHandMadeBatch(join(dir, d), 20, 30);
      return { point: i, dir: d, values: { 'treasury.policy.propensity': p, 'fed.fima.capPerCounterparty': cap }, scenarioHash: 'h' };
    });
    writeFileSync(join(dir, 'sweep.json'), JSON.stringify({ scenario: 'hand-made', sets: [], seed: '1', runs: 20, points, workers: 1,
      vary: [{ path: 'treasury.policy.propensity', values: ['0.04', '0.16'] }, { path: 'fed.fima.capPerCounterparty', values: ['30', '120'] }],
      command: 'fimasim sweep …', startedAt: '', finishedAt: '' }));
    page = readFileSync(await writeSweepReport(dir), 'utf8');
  });

  it('titles each metric in words with its unit and draws both bands for every line', () => {
    const svg = readFileSync(join(dir, 'figures', 'sweep-btcReturn.svg'), 'utf8');
    expect(page).toContain('>BTC return over the run, end / start − 1 (%)</figcaption>');
    expect(page).toContain('>Japanese bank Treasury sales over the run (USD bn)</figcaption>');
    // two groups (cap = 30, 120) × (5–95% band, 25–75% band)
    expect(svg.match(/<path[^>]*role="graphics-symbol"[^>]*aria-roledescription="area mark"/g)).toHaveLength(4);
  });

  it('keeps whole legend labels', () => {
    const svg = readFileSync(join(dir, 'figures', 'sweep-intervened.svg'), 'utf8');
    expect(svg).toContain('>capPerCounterparty = 30</text>');
    expect(svg).toContain('>capPerCounterparty = 120</text>');
    expect(svg).not.toContain('…');
  });

  it('saves every chart under figures/', () => {
    const ids = [...page.matchAll(/<figure class="chart" id="chart-([^"]+)"/g)].map((m) => m[1]);
    expect(ids).toContain('sweep-chain-5');
    expect(readdirSync(join(dir, 'figures')).sort()).toEqual(ids.flatMap((id) => [`${id}.svg`, `${id}.vl.json`]).sort());
    expectVegaLiteShape(JSON.parse(readFileSync(join(dir, 'figures', 'sweep-btcReturn.vl.json'), 'utf8')), 'sweep-btcReturn');
  });
});
