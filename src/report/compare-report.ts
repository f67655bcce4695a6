// The report page of `fimasim compare` (design §9): what differs between the two batches (their scenario values), how
// they were matched, the chain link by link, the two fans overlaid, the per-metric differences with their
// intervals, which way each metric leans, and the distribution of the differences for the headline metrics. Same
// page shell and chart builders as the batch report; every chart also in figures/.
import { readFileSync } from 'node:fs';
import { writeFileAtomic } from '../sim/files/atomic.js';
import { join } from 'node:path';
import { batchRuns, type BatchRuns, type Comparison } from '../sim/experiments/compare.js';
import { readBatchFolder } from '../sim/files/batch-folder.js';
import type { CsvTable } from '../sim/files/csv-table.js';
import { METRICS } from '../sim/run/metrics.js';
import type { ChainComparison } from '../sim/experiments/chain-compare.js';
import { fanOverlay, histogram, intervalBars, type ChartEvent, type FanPoint } from './charts.js';
import { batchEvents, electionDate } from './events.js';
import { REPORT_FANS } from './fan-series.js';
import { Figures, writeFigures } from './figures.js';
import { html, page, section, table, type Column, type Content, type Html } from './html.js';
import { formatValue, unitStyle } from './units.js';

const HEADLINE = ['ust10yPeak', 'jpSalesTotal', 'fimaPeak', 'netLiquidityChange', 'btcReturn', 'ust10yMaxRise20d'] as const;

/** Writes report.html of a comparison folder, and each chart as figures/NAME.svg and figures/NAME.vl.json. The fans
 *  come from the two batch folders' bands.csv (a.dir, b.dir); a folder without one gets no fans, said on the page. */
export async function writeCompareReport(dir: string, c: Comparison, a: BatchRuns, b: BatchRuns): Promise<string> {
  const figures = new Figures();
  const text = await compareReportHtml(c, a, b, figures, [readBands(a.dir), readBands(b.dir)]);
  writeFigures(dir, figures);
  const path = join(dir, 'report.html');
  writeFileAtomic(path, text);
  return path;
}

function readBands(dir: string): CsvTable | null {
  try {
    return readBatchFolder(dir, ['bands']).bands;
  } catch {
    return null; // an older batch folder, or one moved since: the page says the fans are missing
  }
}

/** (Re)writes report.html of a comparison folder from its compare.json and the two batch folders it names. */
export async function rewriteCompareReport(dir: string): Promise<string> {
  const c = JSON.parse(readFileSync(join(dir, 'compare.json'), 'utf8')) as Comparison;
  return writeCompareReport(dir, c, batchRuns(readBatchFolder(c.a.dir, ['runs'])), batchRuns(readBatchFolder(c.b.dir, ['runs'])));
}

export async function compareReportHtml(c: Comparison, a: BatchRuns, b: BatchRuns, figures = new Figures(),
  bands: readonly [CsvTable | null, CsvTable | null] = [null, null]): Promise<string> {
  const parts = [
    { id: 'parameters', nav: 'Parameters', title: 'What differs between the two batches', body: parametersPart(c) },
    { id: 'method', nav: 'Method', title: 'How the batches are compared', body: methodPart(c) },
    { id: 'chain', nav: 'Chain', title: 'The chain, link by link', body: await chainPart(c, figures) },
    { id: 'paths', nav: 'Paths', title: 'Paths over time, both batches', body: await fansPart(c, a, b, bands, figures) },
    { id: 'direction', nav: 'Direction', title: 'Which way each metric leans', body: await directionPart(c, figures) },
    { id: 'differences', nav: 'Differences', title: 'Differences per metric', body: differencesTable(c) },
    { id: 'distributions', nav: 'Distributions', title: c.paired ? 'Paired differences, run by run' : 'The two distributions',
      body: await distributionsPart(c, a, b, figures) },
  ];
  return page({
    title: `${label(c.a)} vs ${label(c.b)}`,
    kicker: 'fimasim · comparison',
    lead: html`<p class="lead">A = <strong>${label(c.a)}</strong>: <code>${c.a.dir}</code> (${c.a.scenarioName}, seed ${c.a.seed}, ${c.a.runs} runs);
B = <strong>${label(c.b)}</strong>: <code>${c.b.dir}</code> (${c.b.scenarioName}, seed ${c.b.seed}, ${c.b.runs} runs).</p>`,
    toc: parts.map((p) => ({ id: p.id, title: p.nav })),
    body: parts.map((p) => section(p.id, p.title, p.body)),
    footer: html`Written by fimasim from runs.csv, bands.csv and manifest.json of the two batch folders; the numbers are
in compare.json beside this page (the chain's link-by-link comparison is computed for the page from runs.csv).
Self-contained: it loads nothing from the network. Each chart is also in figures/ as an SVG and as the Vega-Lite
spec that drew it (NAME.svg, NAME.vl.json).`,
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

async function directionPart(c: Comparison, figures: Figures): Promise<Content> {
  const rows = Object.entries(c.metrics).filter(([, m]) => m.pGreater !== null && m.pLess !== null)
    .map(([name, m]) => ({ label: name, value: m.pGreater! - m.pLess! }));
  if (rows.length === 0) return html`<p class="note">No metric has values in both batches.</p>`;
  return figures.figure('direction', 'Share of comparisons where A is higher, minus where B is higher',
    intervalBars({ label: 'P(A > B) − P(A < B)', unit: '', rows, domain: [-1, 1] }),
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

async function distributionsPart(c: Comparison, a: BatchRuns, b: BatchRuns, figures: Figures): Promise<Content> {
  const drawn: Html[] = [];
  const common = new Map(b.runIndex.map((r, k) => [r, k]));
  for (const name of HEADLINE) {
    const m = c.metrics[name];
    const xa = a.metric(name), xb = b.metric(name);
    if (!m || !xa || !xb) continue;
    if (c.paired) {
      const d: number[] = [];
      a.runIndex.forEach((r, k) => { const j = common.get(r); if (j !== undefined && Number.isFinite(xa[k]) && Number.isFinite(xb[j])) d.push(xa[k] - xb[j]); });
      drawn.push(await figures.figure(`diff-${name}`, name, histogram({ label: `${name}, A − B`, unit: m.unit, values: d,
        markers: [{ label: '0', value: 0 }, ...(m.meanDiff === null ? [] : [{ label: 'mean', value: m.meanDiff }])] })));
    } else {
      for (const [side, xs] of [['A', xa], ['B', xb]] as const) {
        const mean = side === 'A' ? m.meanA : m.meanB;
        drawn.push(await figures.figure(`dist-${name}-${side}`, `${name} — ${side}`, histogram({ label: `${name}, ${side}`, unit: m.unit,
          values: xs.filter(Number.isFinite), markers: mean === null ? [] : [{ label: 'mean', value: mean }] })));
      }
    }
  }
  return [html`<p class="note">${c.paired ? 'Runs per bin of the difference run i of A − run i of B; dashed lines: 0 and the mean difference.'
    : 'Runs per bin in each batch; dashed line: the mean.'}</p>`, html`<div class="grid">${drawn}</div>`];
}

/** The chain link by link: each side's link with its Wilson interval, and A − B with its interval. */
async function chainPart(c: Comparison, figures: Figures): Promise<Content> {
  const cc = c.chain;
  if ('missing' in cc) return html`<p class="note">The chain cannot be compared: ${cc.missing}.</p>`;
  const la = label(c.a), lb = label(c.b);
  const link = (x: ChainComparison['links'][number]['a']) => x.p === null ? html`${x.count} / ${x.n}: —`
    : html`${x.count} / ${x.n}: <strong>${pct(x.p)}</strong> <span class="def">[${pct(x.lo)} – ${pct(x.hi)}]</span>`;
  const rows = cc.links.map((l) => [
    html`${l.step}<div class="def">${l.condition}${l.conditionB ? html` (B: ${l.conditionB})` : ''}</div>`,
    link(l.a), link(l.b), pp(l.diff),
    l.lo === null ? '—' : html`${pp(l.lo)} to ${pp(l.hi)}${l.excludesZero ? html` <strong>*</strong>` : ''}`,
  ]);
  const drawable = cc.links.filter((l) => l.diff !== null);
  const chart = drawable.length === 0 ? '' : await figures.figure('chain-diff', `Each link's probability, ${la} − ${lb}`,
    intervalBars({ label: `P(${la}) − P(${lb})`, unit: 'fraction', domain: symmetricDomain(drawable.flatMap((l) => [l.diff!, l.lo ?? 0, l.hi ?? 0])), width: 300,
      rows: drawable.map((l) => ({ label: l.step, value: l.diff!, lo: l.lo ?? undefined, hi: l.hi ?? undefined })) }),
    `Right: the link is more likely in ${la}; left: in ${lb}. Whiskers: the 95% interval of the difference (${cc.method}).`);
  return [
    html`<p>Each link is P(event | every earlier event held), counted over ${cc.paired ? `the ${cc.pairs} paired runs` : 'all runs'} of each batch with
its own scenario's thresholds. The difference's interval: ${cc.method}.</p>`,
    table([{ title: 'link' }, { title: `A: ${la} (count / n: P [Wilson 95%])`, numeric: true }, { title: `B: ${lb}`, numeric: true },
      { title: 'A − B', numeric: true }, { title: '95% interval', numeric: true }], rows),
    html`<p class="note">* the interval excludes 0. Differences in percentage points.${cc.paired ? ' A link with no run to condition on in a resample leaves that resample out of its interval.' : ''}</p>`,
    chart,
  ];
}

/** The fans of both batches on one chart per series, with the election and each side's median first acceptance. */
async function fansPart(c: Comparison, a: BatchRuns, b: BatchRuns, bands: readonly [CsvTable | null, CsvTable | null], figures: Figures): Promise<Content> {
  const [ba, bb] = bands;
  if (!ba || !bb) return html`<p class="note">No fans: ${!ba ? c.a.dir : c.b.dir} has no readable bands.csv.</p>`;
  const la = label(c.a), lb = label(c.b);
  const events: ChartEvent[] = [];
  const elections = [...new Set([electionDate(a.scenario), electionDate(b.scenario)].filter((d): d is string => d !== null))];
  for (const d of elections) events.push({ date: d, label: elections.length > 1 ? `election (${d === electionDate(a.scenario) ? 'A' : 'B'})` : 'election' });
  for (const [side, name, runs, band] of [['A', la, a, ba], ['B', lb, b, bb]] as const) {
    const column = { has: (m: string) => runs.metric(m) !== undefined, numbers: (m: string) => runs.metric(m) ?? [] };
    const found = batchEvents({ scenario: null, bands: band, runs: column }).events;
    const median = found.find((e) => e.label === 'median acceptance') ?? found.find((e) => e.label === 'first acceptance');
    if (median) events.push({ date: median.date, label: `${side} (${name}): ${median.label}` });
  }
  const parts: Content[] = [html`<p class="note">Across runs, per tick, each batch in its colour: shaded 5–95% and 25–75% of runs, line the median.
Dotted vertical lines: the election and each batch's median first acceptance of a FIMA request (its first, when only one run accepted).</p>`];
  const points = (t: CsvTable, series: string): FanPoint[] | null => {
    const cols = ['p05', 'p25', 'p50', 'p75', 'p95'].map((q) => `${series}_${q}`);
    if (!cols.every((col) => t.has(col))) return null;
    const [p05, p25, p50, p75, p95] = cols.map((col) => t.numbers(col));
    return t.text('date').map((date, i) => ({ date, p05: p05[i], p25: p25[i], p50: p50[i], p75: p75[i], p95: p95[i] }));
  };
  for (const f of REPORT_FANS) {
    const pa = points(ba, f.series), pb = points(bb, f.series);
    if (!pa || !pb) continue;
    parts.push(await figures.figure(`fan-${f.series}`, f.label, fanOverlay({ label: f.label, unit: f.unit, yTitle: f.unit, events,
      sides: [{ name: `A: ${la}`, points: pa }, { name: `B: ${lb}`, points: pb }] })));
  }
  return parts;
}

/** [−m, m] around 0, m the largest |value| rounded up to a tenth: differences stay readable, 0 stays central. */
function symmetricDomain(values: readonly number[]): [number, number] {
  const m = Math.min(1, Math.max(0.1, Math.ceil(Math.max(...values.map(Math.abs)) * 10 - 1e-9) / 10));
  return [-m, m];
}

/** A difference of probabilities in percentage points. */
function pp(x: number | null): string {
  if (x === null || !Number.isFinite(x)) return '—';
  const v = Math.abs(x * 100) < 0.05 ? 0 : x * 100;
  return `${v > 0 ? '+' : v < 0 ? '−' : ''}${Math.abs(v).toFixed(1)} pp`;
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
