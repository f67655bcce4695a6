// The report page of `fimasim sweep` (design §9): how the headline metrics and the outcome probabilities move with
// the swept parameters, and a table of the points with links to their batch folders. Same page shell and chart
// builders as the batch report.
import { readBatchSummary } from '../sim/files/batch-folder.js';
import { readFileSync } from 'node:fs';
import { writeFileAtomic } from '../sim/files/atomic.js';
import { join } from 'node:path';
import type { SweepMeta } from '../sim/experiments/sweep.js';
import type { PointSummary } from '../sim/experiments/sweep-table.js';
import { METRICS } from '../sim/run/metrics.js';
import { lineChart, type LineSeries } from './charts.js';
import { figure, html, page, section, table, type Column, type Content, type Html } from './html.js';
import { renderSvg } from './render.js';
import { formatValue } from './units.js';

const HEADLINE = ['jpSalesTotal', 'ust10yPeak', 'ust10yMaxRise20d', 'fimaPeak', 'netLiquidityChange', 'btcReturn'] as const;

/** (Re)writes report.html of a sweep folder from sweep.json and the points' summary.json files. */
export async function writeSweepReport(dir: string): Promise<string> {
  const meta = JSON.parse(readFileSync(join(dir, 'sweep.json'), 'utf8')) as SweepMeta;
  const points: PointSummary[] = meta.points.map((p) => ({ ...p, summary: readBatchSummary(join(dir, p.dir)) }));
  const path = join(dir, 'report.html');
  writeFileAtomic(path, await sweepReportHtml(meta, points));
  return path;
}

export async function sweepReportHtml(meta: SweepMeta, points: readonly PointSummary[]): Promise<string> {
  const parts = [
    { id: 'metrics', nav: 'Metrics', title: 'Metrics across the grid', body: await metricsPart(meta, points) },
    { id: 'probabilities', nav: 'Probabilities', title: 'Outcome probabilities across the grid', body: await probabilityPart(meta, points) },
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
Self-contained: it loads nothing from the network.`,
  });
}

/** The x axis is the first varied path; the other paths (if any) split the lines. */
function layout(meta: SweepMeta, points: readonly PointSummary[]) {
  const [first, ...rest] = meta.vary;
  const numeric = first.values.every((v) => v.trim() !== '' && Number.isFinite(Number(v)));
  const x = (p: PointSummary): number | string => (numeric ? Number(p.values[first.path]) : p.values[first.path]);
  const groupOf = (p: PointSummary): string => rest.map((a) => `${a.path.split('.').pop()}=${p.values[a.path]}`).join(', ');
  const groups = [...new Set(points.map(groupOf))];
  return { first, rest, numeric, x, groupOf, groups };
}

async function metricsPart(meta: SweepMeta, points: readonly PointSummary[]): Promise<Content> {
  const l = layout(meta, points);
  const units = new Map(METRICS.map((m) => [m.name, m.unit]));
  const figures: Html[] = [];
  for (const name of HEADLINE) {
    const unit = units.get(name) ?? '';
    const stat = (p: PointSummary) => p.summary.metrics[name];
    let series: LineSeries[];
    if (l.rest.length === 0) {
      series = [
        { name: 'median, 5–95% of runs', points: points.map((p) => ({ x: l.x(p), y: stat(p)?.p50 ?? NaN, lo: stat(p)?.p05 ?? undefined, hi: stat(p)?.p95 ?? undefined })) },
        { name: 'mean', points: points.map((p) => ({ x: l.x(p), y: stat(p)?.mean ?? NaN })) },
      ];
    } else {
      series = l.groups.map((g) => ({ name: g, points: points.filter((p) => l.groupOf(p) === g).map((p) => ({ x: l.x(p), y: stat(p)?.p50 ?? NaN })) }));
    }
    series = series.map((s) => ({ ...s, points: s.points.filter((p) => Number.isFinite(p.y)) }));
    const svg = await renderSvg(lineChart({ xLabel: l.first.path, xType: l.numeric ? 'quantitative' : 'ordinal', yLabel: name, yUnit: unit, series, width: 300, height: 180 }));
    figures.push(figure(`chart-sweep-${name}`, name, svg));
  }
  return [html`<p class="note">${l.rest.length === 0 ? 'Line: the median across runs at each point (band: 5–95% of runs); second line: the mean.'
    : `Lines: the median across runs, one per value of ${l.rest.map((a) => a.path).join(', ')}.`}</p>`, html`<div class="grid">${figures}</div>`];
}

async function probabilityPart(meta: SweepMeta, points: readonly PointSummary[]): Promise<Content> {
  const l = layout(meta, points);
  const pick = (p: PointSummary) => [
    ...Object.entries(p.summary.probabilities ?? {}).map(([k, v]) => ({ name: `P(${k})`, v })),
    ...(p.summary.chain?.length ? [{ name: p.summary.chain[0].step, v: p.summary.chain[0] }] : []),
  ];
  const names = points.length ? pick(points[0]).map((q) => q.name) : [];
  const series: LineSeries[] = (l.rest.length === 0 ? names.map((n) => ({ n, g: '' })) : l.groups.flatMap((g) => names.map((n) => ({ n, g }))))
    .map(({ n, g }) => ({
      name: g ? `${n}, ${g}` : n,
      points: points.filter((p) => !g || l.groupOf(p) === g).map((p) => {
        const v = pick(p).find((q) => q.name === n)?.v;
        return { x: l.x(p), y: v?.p ?? NaN, lo: v?.lo ?? undefined, hi: v?.hi ?? undefined };
      }).filter((q) => Number.isFinite(q.y)),
    }));
  if (series.every((s) => s.points.length === 0)) return html`<p class="note">No probability could be computed (no finished runs).</p>`;
  const svg = await renderSvg(lineChart({ xLabel: l.first.path, xType: l.numeric ? 'quantitative' : 'ordinal', yLabel: 'probability', yUnit: 'fraction', series }));
  return figure('chart-sweep-probabilities', 'Share of runs, with Wilson 95% intervals', svg);
}

function pointsTable(meta: SweepMeta, points: readonly PointSummary[]): Content {
  const units = new Map(METRICS.map((m) => [m.name, m.unit]));
  const columns: Column[] = [{ title: 'point', numeric: true }, ...meta.vary.map((a) => ({ title: a.path, numeric: true })),
    { title: 'runs done / failed', numeric: true }, ...HEADLINE.map((h) => ({ title: `${h} (mean)`, numeric: true })), { title: 'folder' }];
  const rows = points.map((p) => [p.point, ...meta.vary.map((a) => p.values[a.path]), `${p.summary.runsDone} / ${p.summary.runsFailed}`,
    ...HEADLINE.map((h) => formatValue(p.summary.metrics[h]?.mean, units.get(h) ?? '')),
    html`<a href="${p.dir}/">${p.dir}</a>`]);
  return table(columns, rows);
}
