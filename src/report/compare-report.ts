// The report page of `fimasim compare` (design §9): how the two batches were matched, the per-metric differences
// with their intervals, which way each metric leans, and the distribution of the differences for the headline
// metrics. Same page shell and chart builders as the batch report.
import { readFileSync } from 'node:fs';
import { writeFileAtomic } from '../sim/files/atomic.js';
import { join } from 'node:path';
import { batchRuns, type BatchRuns, type Comparison } from '../sim/experiments/compare.js';
import { readBatchFolder } from '../sim/files/batch-folder.js';
import { METRICS } from '../sim/run/metrics.js';
import { histogram, intervalBars } from './charts.js';
import { figure, html, page, section, table, type Column, type Content, type Html } from './html.js';
import { renderSvg } from './render.js';
import { formatValue, unitStyle } from './units.js';

const HEADLINE = ['ust10yPeak', 'jpSalesTotal', 'fimaPeak', 'netLiquidityChange', 'btcReturn', 'ust10yMaxRise20d'] as const;

export async function writeCompareReport(dir: string, c: Comparison, a: BatchRuns, b: BatchRuns): Promise<string> {
  const path = join(dir, 'report.html');
  writeFileAtomic(path, await compareReportHtml(c, a, b));
  return path;
}

/** (Re)writes report.html of a comparison folder from its compare.json and the two batch folders it names. */
export async function rewriteCompareReport(dir: string): Promise<string> {
  const c = JSON.parse(readFileSync(join(dir, 'compare.json'), 'utf8')) as Comparison;
  return writeCompareReport(dir, c, batchRuns(readBatchFolder(c.a.dir, ['runs'])), batchRuns(readBatchFolder(c.b.dir, ['runs'])));
}

export async function compareReportHtml(c: Comparison, a: BatchRuns, b: BatchRuns): Promise<string> {
  const parts = [
    { id: 'parameters', nav: 'Parameters', title: 'What differs between the two batches', body: parametersPart(c) },
    { id: 'method', nav: 'Method', title: 'How the batches are compared', body: methodPart(c) },
    { id: 'direction', nav: 'Direction', title: 'Which way each metric leans', body: await directionPart(c) },
    { id: 'differences', nav: 'Differences', title: 'Differences per metric', body: differencesTable(c) },
    { id: 'distributions', nav: 'Distributions', title: c.paired ? 'Paired differences, run by run' : 'The two distributions',
      body: await distributionsPart(c, a, b) },
  ];
  return page({
    title: `${label(c.a)} vs ${label(c.b)}`,
    kicker: 'fimasim · comparison',
    lead: html`<p class="lead">A = <strong>${label(c.a)}</strong>: <code>${c.a.dir}</code> (${c.a.scenarioName}, seed ${c.a.seed}, ${c.a.runs} runs);
B = <strong>${label(c.b)}</strong>: <code>${c.b.dir}</code> (${c.b.scenarioName}, seed ${c.b.seed}, ${c.b.runs} runs).</p>`,
    toc: parts.map((p) => ({ id: p.id, title: p.nav })),
    body: parts.map((p) => section(p.id, p.title, p.body)),
    footer: html`Written by fimasim from runs.csv and manifest.json of the two batch folders; the numbers are in
compare.json beside this page. Self-contained: it loads nothing from the network.`,
  });
}

/** A side's label; a compare.json written before labels existed falls back to the folder's name. */
const label = (s: Comparison['a']): string => s.label ?? s.dir.replace(/^.*[/\\]/, '');

/** Every scenario value that differs, A beside B: what the comparison is about. */
function parametersPart(c: Comparison): Content {
  const diff = c.parameters ?? [];
  if (diff.length === 0) {
    return html`<p>The two batches ran the same scenario values${c.a.scenarioHash === c.b.scenarioHash ? '' : ' (their hashes differ: a custom policy module changed?)'}.</p>`;
  }
  const show = (v: unknown): string => (typeof v === 'string' ? v : JSON.stringify(v));
  return [
    html`<p>${diff.length} scenario value${diff.length === 1 ? '' : 's'} differ${diff.length === 1 ? 's' : ''} (from the resolved scenarios in the two manifests).</p>`,
    table([{ title: 'path' }, { title: `A: ${label(c.a)}` }, { title: `B: ${label(c.b)}` }],
      diff.map((d) => [html`<code>${d.path}</code>`, show(d.a), show(d.b)])),
  ];
}

function methodPart(c: Comparison): Content {
  return html`<p>${c.pairing[0].toUpperCase()}${c.pairing.slice(1)}.</p>
<ul>
<li>Difference: ${c.methods.difference}.</li>
<li>P(A &gt; B), P(A = B), P(A &lt; B): ${c.methods.probabilities}.</li>
${c.methods.test ? html`<li>Test of a shift between the distributions: ${c.methods.test}.</li>` : ''}
</ul>`;
}

async function directionPart(c: Comparison): Promise<Content> {
  const rows = Object.entries(c.metrics).filter(([, m]) => m.pGreater !== null && m.pLess !== null)
    .map(([name, m]) => ({ label: name, value: m.pGreater! - m.pLess! }));
  if (rows.length === 0) return html`<p class="note">No metric has values in both batches.</p>`;
  const svg = await renderSvg(intervalBars({ label: 'P(A > B) − P(A < B)', unit: '', rows, domain: [-1, 1] }));
  return figure('chart-direction', 'Share of comparisons where A is higher, minus where B is higher', svg,
    `Right: A tends to be higher; left: B does; 0: no lean (or A = B in every ${c.paired ? 'pair' : 'cross pair'}).`);
}

function differencesTable(c: Comparison): Content {
  const definitions = new Map(METRICS.map((m) => [m.name, m.definition]));
  const columns: Column[] = [{ title: 'metric' }, { title: 'unit', nowrap: true }, { title: 'mean A', numeric: true },
    { title: 'mean B', numeric: true }, { title: 'A − B', numeric: true }, { title: '95% interval', numeric: true },
    { title: 'P(A > B)', numeric: true }, { title: 'P(A = B)', numeric: true }, { title: 'P(A < B)', numeric: true },
    ...(c.paired ? [] : [{ title: 'Mann–Whitney p', numeric: true }])];
  const rows = Object.entries(c.metrics).map(([name, m]) => [
    html`<code>${name}</code>${definitions.has(name) ? html`<div class="def">${definitions.get(name)}</div>` : ''}`,
    unitStyle(m.unit).axisUnit, formatValue(m.meanA, m.unit), formatValue(m.meanB, m.unit), diff(m.meanDiff, m.unit),
    m.lo === null ? '—' : html`${diff(m.lo, m.unit)} to ${diff(m.hi, m.unit)}${m.excludesZero ? html` <strong>*</strong>` : ''}`,
    pct(m.pGreater), pct(m.pEqual), pct(m.pLess),
    ...(c.paired ? [] : [pValue(m.mannWhitney?.pValue)]),
  ]);
  return [table(columns, rows), html`<p class="note">* the 95% interval excludes 0. ${c.methods.difference}.</p>`];
}

async function distributionsPart(c: Comparison, a: BatchRuns, b: BatchRuns): Promise<Content> {
  const figures: Html[] = [];
  const common = new Map(b.runIndex.map((r, k) => [r, k]));
  for (const name of HEADLINE) {
    const m = c.metrics[name];
    const xa = a.metric(name), xb = b.metric(name);
    if (!m || !xa || !xb) continue;
    if (c.paired) {
      const d: number[] = [];
      a.runIndex.forEach((r, k) => { const j = common.get(r); if (j !== undefined && Number.isFinite(xa[k]) && Number.isFinite(xb[j])) d.push(xa[k] - xb[j]); });
      const svg = await renderSvg(histogram({ label: `${name}, A − B`, unit: m.unit, values: d,
        markers: [{ label: '0', value: 0 }, ...(m.meanDiff === null ? [] : [{ label: 'mean', value: m.meanDiff }])] }));
      figures.push(figure(`chart-diff-${name}`, name, svg));
    } else {
      for (const [side, xs] of [['A', xa], ['B', xb]] as const) {
        const mean = side === 'A' ? m.meanA : m.meanB;
        const svg = await renderSvg(histogram({ label: `${name}, ${side}`, unit: m.unit, values: xs.filter(Number.isFinite),
          markers: mean === null ? [] : [{ label: 'mean', value: mean }] }));
        figures.push(figure(`chart-dist-${name}-${side}`, `${name} — ${side}`, svg));
      }
    }
  }
  return [html`<p class="note">${c.paired ? 'Runs per bin of the difference run i of A − run i of B; dashed lines: 0 and the mean difference.'
    : 'Runs per bin in each batch; dashed line: the mean.'}</p>`, html`<div class="grid">${figures}</div>`];
}

const pct = (x: number | null): string => formatValue(x, 'fraction');
const pValue = (p: number | null | undefined): string => (p === null || p === undefined ? '—' : p < 1e-4 ? '< 0.0001' : p.toPrecision(2));

/** A difference keeps enough significant digits to show a small effect (a 0.4bp shift of a yield in %). */
function diff(x: number | null, unit: string): string {
  if (x === null || !Number.isFinite(x)) return '—';
  const style = unitStyle(unit);
  const v = style.percent ? x * 100 : x;
  const text = Math.abs(v) >= 1000 || v === 0 ? formatValue(x, unit) : `${v < 0 ? '−' : ''}${Number(Math.abs(v).toPrecision(3))}${style.percent ? '%' : ''}`;
  return text;
}
