// The report page of `fimasim sweep` (design §9): how the headline metrics and the outcome probabilities move with
// the swept parameters, and a table of the points with links to their batch folders. Same page shell and chart
// builders as the batch report.
import { readBatchSummary, readManifest } from '../sim/files/batch-folder.js';
import { settablePaths } from '../sim/scenario/json-schema.js';
import { readFileSync } from 'node:fs';
import { writeFileAtomic } from '../sim/files/atomic.js';
import { join } from 'node:path';
import type { SweepMeta } from '../sim/experiments/sweep.js';
import type { PointSummary } from '../sim/experiments/sweep-table.js';
import { METRICS } from '../sim/run/metrics.js';
import { lineChart, type LineSeries } from './charts.js';
import { Figures, writeFigures } from './figures.js';
import { html, page, section, table, type Column, type Content, type Html } from './html.js';
import { formatValue, unitStyle } from './units.js';

/** The metrics drawn across the grid, each titled in words (its unit comes from METRICS). */
const HEADLINE = [
  { metric: 'jpSalesTotal', title: 'Japanese bank Treasury sales over the run' },
  { metric: 'ust10yPeak', title: 'Highest 10-year yield of the run' },
  { metric: 'ust10yMaxRise20d', title: 'Largest 20-day rise of the 10-year yield' },
  { metric: 'fimaPeak', title: 'Peak FIMA repo outstanding' },
  { metric: 'netLiquidityChange', title: 'Change in net liquidity over the run, end − start' },
  { metric: 'btcReturn', title: 'BTC return over the run, end / start − 1' },
] as const;

/** A varied path's description from the scenario schema ("USD bn: the TGA target level"), if the manifest has it. */
export type PathDescriptions = ReadonlyMap<string, string>;

/** (Re)writes report.html of a sweep folder from sweep.json and the points' summary.json files, and each chart as
 *  figures/NAME.svg and figures/NAME.vl.json. */
export async function writeSweepReport(dir: string): Promise<string> {
  const meta = JSON.parse(readFileSync(join(dir, 'sweep.json'), 'utf8')) as SweepMeta;
  const points: PointSummary[] = meta.points.map((p) => ({ ...p, summary: readBatchSummary(join(dir, p.dir)) }));
  const figures = new Figures();
  const text = await sweepReportHtml(meta, points, figures, pathDescriptions(meta, dir));
  writeFigures(dir, figures);
  const path = join(dir, 'report.html');
  writeFileAtomic(path, text);
  return path;
}

/** What the scenario schema says of each varied path, read from the first point's resolved scenario. */
function pathDescriptions(meta: SweepMeta, dir: string): PathDescriptions {
  const first = meta.points[0];
  const scenario = first ? readManifest(join(dir, first.dir))?.scenario : undefined;
  if (scenario === undefined) return new Map();
  const varied = new Set(meta.vary.map((a) => a.path));
  return new Map(settablePaths(scenario).filter((p) => varied.has(p.path) && p.description).map((p) => [p.path, p.description]));
}

/** The unit a schema description starts with ("USD bn: the TGA target level" → "USD bn"), or ''. */
export function descriptionUnit(description: string | undefined): string {
  const m = /^([A-Za-z%/ ]{1,16}):\s/.exec(description ?? '');
  return m ? m[1].trim() : '';
}

export async function sweepReportHtml(meta: SweepMeta, points: readonly PointSummary[], figures = new Figures(),
  descriptions: PathDescriptions = new Map()): Promise<string> {
  const parts = [
    { id: 'metrics', nav: 'Metrics', title: 'Metrics across the grid', body: await metricsPart(meta, points, figures, descriptions) },
    { id: 'probabilities', nav: 'Probabilities', title: 'Outcome probabilities across the grid', body: await probabilityPart(meta, points, figures, descriptions) },
    { id: 'points', nav: 'Points', title: 'The points', body: pointsTable(meta, points) },
    { id: 'reproduce', nav: 'Reproduce', title: 'Reproduce', body: html`<p>This sweep was made by:</p><pre>${meta.command}</pre>
<p class="note">Every point used master seed ${meta.seed} (common random numbers: run i sees the same random draws at every point
wherever its streams exist). Each point folder is a batch folder; the command in its manifest.json makes that point alone.</p>` },
  ];
  const grid = meta.vary.map((a) => html`<code>${a.path}</code> ∈ {${a.values.join(', ')}}`);
  return page({
    title: `Sweep of ${meta.scenario}`,
    kicker: 'fimasim · sweep report',
    lead: html`<p class="lead">${grid.map((g, i) => html`${i > 0 ? ' × ' : ''}${g}`)}${meta.sets.length ? html`, with ${meta.sets.map((s) => html`<code>${s}</code> `)}` : ''}</p>
<p class="meta">${points.length} points × ${meta.runs} runs · master seed ${meta.seed} at every point${meta.workers ? ` · ${meta.workers} worker${meta.workers === 1 ? '' : 's'}` : ''}</p>`,
    toc: parts.map((p) => ({ id: p.id, title: p.nav })),
    body: parts.map((p) => section(p.id, p.title, p.body)),
    footer: html`Written by fimasim from sweep.json and the points' summary.json files (the numbers are in sweep.csv).
Self-contained: it loads nothing from the network. Each chart is also in figures/ as an SVG and as the Vega-Lite spec
that drew it (NAME.svg, NAME.vl.json).`,
  });
}

/** The x axis is the first varied path; the other paths (if any) split the lines, one per combination of values. */
function layout(meta: SweepMeta, points: readonly PointSummary[], descriptions: PathDescriptions) {
  const [first, ...rest] = meta.vary;
  const numeric = first.values.every((v) => v.trim() !== '' && Number.isFinite(Number(v)));
  const x = (p: PointSummary): number | string => (numeric ? Number(p.values[first.path]) : p.values[first.path]);
  const groupOf = (p: PointSummary): string => rest.map((a) => `${a.path.split('.').pop()} = ${p.values[a.path]}`).join(', ');
  const groups = [...new Set(points.map(groupOf))];
  const xUnit = descriptionUnit(descriptions.get(first.path));
  const xCaption = descriptions.has(first.path) ? html` Across: <code>${first.path}</code>, ${descriptions.get(first.path)}.` : '';
  return { first, rest, numeric, x, groupOf, groups, xUnit, xCaption, xType: numeric ? 'quantitative' as const : 'ordinal' as const };
}

type Stat = { readonly mean: number | null; readonly p05: number | null; readonly p25?: number | null; readonly p50: number | null; readonly p75?: number | null; readonly p95: number | null };
const orUndefined = (x: number | null | undefined): number | undefined => (x === null || x === undefined ? undefined : x);

async function metricsPart(meta: SweepMeta, points: readonly PointSummary[], figures: Figures, descriptions: PathDescriptions): Promise<Content> {
  const l = layout(meta, points, descriptions);
  const units = new Map(METRICS.map((m) => [m.name, m.unit]));
  const drawn: Html[] = [];
  for (const { metric, title } of HEADLINE) {
    const unit = units.get(metric) ?? '';
    const stat = (p: PointSummary) => p.summary.metrics[metric] as Stat | undefined;
    const banded = (p: PointSummary) => ({ x: l.x(p), y: stat(p)?.p50 ?? NaN, lo: orUndefined(stat(p)?.p05), hi: orUndefined(stat(p)?.p95),
      lo50: orUndefined(stat(p)?.p25), hi50: orUndefined(stat(p)?.p75) });
    let series: LineSeries[] = l.rest.length === 0
      ? [{ name: 'median (bands: 25–75% and 5–95% of runs)', points: points.map(banded) },
        { name: 'mean', points: points.map((p) => ({ x: l.x(p), y: stat(p)?.mean ?? NaN })) }]
      : l.groups.map((g) => ({ name: g, points: points.filter((p) => l.groupOf(p) === g).map(banded) }));
    series = series.map((s) => ({ ...s, points: s.points.filter((p) => Number.isFinite(p.y)) }));
    drawn.push(await figures.figure(`sweep-${metric}`, `${title} (${unitStyle(unit).axisUnit})`,
      lineChart({ xLabel: l.first.path, xUnit: l.xUnit, xType: l.xType, yLabel: title, yTitle: unitStyle(unit).axisUnit, yUnit: unit, series, width: 300, height: 180 }),
      html`<code>${metric}</code>: ${METRICS.find((m) => m.name === metric)?.definition ?? ''}.`));
  }
  return [html`<p class="note">${l.rest.length === 0 ? 'Line: the median across runs at each point; shaded: 25–75% (darker) and 5–95% of runs; second line: the mean.'
    : html`Lines: the median across runs, one per value of ${l.rest.map((a, i) => html`${i > 0 ? ', ' : ''}<code>${a.path}</code>`)}; shaded in the line's colour: 25–75% (darker) and 5–95% of runs.`}${l.xCaption}</p>`,
  html`<div class="grid">${drawn}</div>`];
}

/** The probabilities a point's summary has, in order: the boolean outcomes, then every link of the chain. */
function probabilities(s: PointSummary['summary']): { key: string; title: string; v: { p: number | null; lo: number | null; hi: number | null } }[] {
  const definitions = new Map(METRICS.map((m) => [m.name, m.definition]));
  return [
    ...Object.entries(s.probabilities ?? {}).map(([k, v]) => ({ key: k, title: `P(${k}): share of runs where ${definitions.get(k) ?? k}`, v })),
    ...(s.chain ?? []).map((c, i) => ({ key: `chain-${i + 1}`, title: `Chain link ${i + 1}, ${c.step}`, v: c })),
  ];
}

async function probabilityPart(meta: SweepMeta, points: readonly PointSummary[], figures: Figures, descriptions: PathDescriptions): Promise<Content> {
  const l = layout(meta, points, descriptions);
  const list = points.length ? probabilities(points[0].summary) : [];
  const drawn: Html[] = [];
  for (const q of list) {
    const series: LineSeries[] = (l.rest.length === 0 ? [''] : l.groups).map((g) => ({
      name: g || 'share of runs (band: Wilson 95% interval)',
      points: points.filter((p) => !g || l.groupOf(p) === g).map((p) => {
        const v = probabilities(p.summary).find((x) => x.key === q.key)?.v;
        return { x: l.x(p), y: v?.p ?? NaN, lo: orUndefined(v?.lo), hi: orUndefined(v?.hi) };
      }).filter((x) => Number.isFinite(x.y)),
    }));
    if (series.every((s) => s.points.length === 0)) continue;
    drawn.push(await figures.figure(`sweep-${q.key}`, `${q.title} (%)`,
      lineChart({ xLabel: l.first.path, xUnit: l.xUnit, xType: l.xType, yLabel: 'share of runs', yTitle: '%', yUnit: 'fraction', series, width: 300, height: 180 })));
  }
  if (drawn.length === 0) return html`<p class="note">No probability could be computed (no finished runs).</p>`;
  return [html`<p class="note">Share of runs at each point, shaded: its Wilson 95% interval${l.rest.length ? ', one line per value of the other varied paths' : ''}. A chain link is conditioned on every earlier link.${l.xCaption}</p>`,
    html`<div class="grid">${drawn}</div>`];
}

function pointsTable(meta: SweepMeta, points: readonly PointSummary[]): Content {
  const units = new Map(METRICS.map((m) => [m.name, m.unit]));
  const columns: Column[] = [{ title: 'point', numeric: true }, ...meta.vary.map((a) => ({ title: a.path, numeric: true })),
    { title: 'runs done / failed', numeric: true }, ...HEADLINE.map((h) => ({ title: `${h.metric} (mean, ${unitStyle(units.get(h.metric) ?? '').axisUnit})`, numeric: true })), { title: 'folder' }];
  const rows = points.map((p) => [p.point, ...meta.vary.map((a) => p.values[a.path]), `${p.summary.runsDone} / ${p.summary.runsFailed}`,
    ...HEADLINE.map((h) => formatValue(p.summary.metrics[h.metric]?.mean, units.get(h.metric) ?? '')),
    html`<a href="${p.dir}/">${p.dir}</a>`]);
  return table(columns, rows);
}
