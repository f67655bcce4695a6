// The batch report (design §9): one self-contained report.html beside the batch's files.
import { writeFileAtomic } from '../sim/files/atomic.js';
import { join } from 'node:path';
import { METRICS } from '../sim/run/metrics.js';
import { wilson } from '../sim/stats/wilson.js';
import { readBatchFolder, type BatchFolderWith, type Probability } from '../sim/files/batch-folder.js';

/** What the batch report reads of a batch folder. */
export type BatchFolder = BatchFolderWith<'summary' | 'bands' | 'runs'>;
import { fanChart, histogram, intervalBars, type FanPoint } from './charts.js';
import { batchEvents } from './events.js';
import { REPORT_FANS } from './fan-series.js';
import { Figures, writeFigures } from './figures.js';
import { facts, html, page, section, table, type Column, type Content, type Html } from './html.js';
import { sensitivityPart } from './sensitivity-section.js';
import { keyParameters, type KeyParameters } from './scenario-params.js';
import { formatValue, unitStyle } from './units.js';
import type { Dataset } from '../data/dataset.js';
import { REALISED, isScored, loadRealisedData, realisedPath } from '../sim/backtest/realised.js';

/** The data the realised paths come from (FIMASIM_DATA, else the bundled folder); a report without them still draws. */
function realisedData(): Dataset | null {
  try {
    return loadRealisedData();
  } catch {
    return null;
  }
}

/** The outcome metrics that get a histogram; units come from summary.json. */
const histograms = [
  { metric: 'btcReturn', title: 'BTC return', axis: 'end / start − 1' },
  { metric: 'ust10yPeak', title: 'Peak 10-year yield', axis: 'highest 10y yield of the run' },
  { metric: 'jpSalesTotal', title: 'Japanese bank sales', axis: 'total over the run, all banks' },
  { metric: 'netLiquidityChange', title: 'Net liquidity change', axis: 'end − start' },
] as const;

/** Runs listed at each end of these metrics, with the commands that replay them. */
const extremeMetrics = ['btcReturn', 'ust10yPeak'] as const;
const EXTREMES = 5;

/** Writes `report.html` into the batch folder (temp name + rename, so a reader never sees half a file), and each of
 *  its charts as figures/NAME.svg and figures/NAME.vl.json. */
export async function writeBatchReport(dir: string): Promise<string> {
  const figures = new Figures();
  const text = await batchReportHtml(readBatchFolder(dir, ['summary', 'bands', 'runs']), figures);
  writeFigures(dir, figures);
  const path = join(dir, 'report.html');
  writeFileAtomic(path, text);
  return path;
}

export async function batchReportHtml(b: BatchFolder, figures = new Figures()): Promise<string> {
  const params = keyParameters(b.manifest.scenario);
  const name = params.name ?? b.manifest.scenarioName ?? b.summary.scenarioName ?? 'unnamed scenario';
  const s = b.summary;
  const sensitivity = await sensitivityPart(b, figures); // a sample batch: its ranking comes first
  const parts = [
    ...(sensitivity ? [sensitivity] : []),
    { id: 'chain', nav: 'Chain', title: 'The chain of conditional probabilities', body: await chainPart(b, figures) },
    { id: 'paths', nav: 'Paths', title: 'Paths over time', body: await fanPart(b, figures) },
    { id: 'outcomes', nav: 'Outcomes', title: 'Outcome distributions', body: await histogramPart(b, figures) },
    { id: 'summary', nav: 'Summary', title: 'Summary of per-run metrics', body: summaryTable(b) },
    { id: 'extremes', nav: 'Extreme runs', title: 'Extreme runs', body: extremesPart(b) },
    { id: 'scenario', nav: 'Scenario', title: 'Scenario', body: scenarioPart(b, params) },
    { id: 'reproduce', nav: 'Reproduce', title: 'Reproduce', body: reproducePart(b) },
  ];
  return page({
    title: name,
    kicker: sensitivity ? 'fimasim · sample report' : 'fimasim · batch report',
    lead: html`${params.description ? html`<p class="lead">${params.description}</p>` : ''}
<p class="meta">${s.runs} runs (${s.runsDone} done, ${s.runsFailed} failed) · master seed ${s.seed}${
      params.ticks !== undefined ? ` · ${params.ticks} ticks` : ''}${params.start ? ` from ${params.start}` : ''
    } · scenario hash ${s.scenarioHash.slice(0, 12)}</p>`,
    toc: parts.map((p) => ({ id: p.id, title: p.nav })),
    body: parts.map((p) => section(p.id, p.title, p.body)),
    footer: html`Written by fimasim ${b.manifest.fimasimVersion ?? ''} from the files in this folder
(manifest.json, summary.json, bands.csv, runs.csv). Self-contained: it loads nothing from the network. Each chart is
also in figures/ as an SVG and as the Vega-Lite spec that drew it (NAME.svg, NAME.vl.json).`,
  });
}

/**
 * The funnel's bars: each step's runs as a share of all `total` finished runs (so a step conditioned on one run is
 * a sliver, never a full bar), with that share's Wilson interval as whiskers. The label carries the link itself:
 * "count of n", its conditional probability and that probability's Wilson interval.
 */
export function chainFunnel(steps: BatchFolder['summary']['chain'], total: number): { label: string; value: number; lo?: number; hi?: number }[] {
  const pct = (x: number | null) => formatValue(x, 'fraction');
  return steps.map((c) => {
    const w = wilson(c.count, total);
    const link = c.p === null ? 'no run to condition on' : `${pct(c.p)} [${pct(c.lo)}–${pct(c.hi)}]`;
    return { label: `${c.step}: ${c.count} of ${c.n}, ${link}`, value: c.count / total, lo: w.lo ?? undefined, hi: w.hi ?? undefined };
  });
}

async function chainPart(b: BatchFolder, figures: Figures): Promise<Content> {
  const steps = b.summary.chain;
  const total = b.summary.runsDone;
  // a funnel: the share of ALL runs still in the chain after each step, so a step conditioned on 1 run is a sliver,
  // never a full bar; the conditional probabilities are in the labels and the table below
  const chart = total === 0 || steps.length === 0 ? html`<p class="note">No run finished: there is no chain to draw.</p>`
    : await figures.figure('chain', `Runs still in the chain after each step, of all ${total} runs`,
      intervalBars({ label: 'share of all runs', unit: 'fraction', domain: [0, 1], width: 300, rows: chainFunnel(steps, total) }),
      'A funnel: bars are the share of all finished runs that passed every step so far (whiskers: its Wilson 95% interval). ' +
      'Each label gives the link itself: the runs that passed the step of the runs it was conditioned on, the conditional ' +
      'probability and its Wilson 95% interval (also in the table).');
  const probabilityColumns: Column[] = [{ title: 'runs (count / n)', numeric: true }, { title: 'P', numeric: true },
    { title: '95% interval (Wilson)', numeric: true }];
  const probs = Object.entries(b.summary.probabilities ?? {});
  return [
    chart,
    table([{ title: 'step' }, { title: 'condition' }, ...probabilityColumns],
      steps.map((c) => [c.step, c.condition, ...probabilityCells(c)])),
    probs.length === 0 ? '' : html`<h3>Outcome probabilities</h3>${
      table([{ title: 'outcome' }, ...probabilityColumns], probs.map(([k, p]) => [html`<code>${k}</code>`, ...probabilityCells(p)]))}`,
  ];
}

function probabilityCells(p: Probability): Content[] {
  const pct = (x: number | null) => formatValue(x, 'fraction');
  return [`${p.count} / ${p.n}`, pct(p.p), p.lo === null ? '—' : `${pct(p.lo)} – ${pct(p.hi)}`];
}

async function fanPart(b: BatchFolder, figures: Figures): Promise<Content> {
  const dates = b.bands.text('date');
  const data = realisedData();
  const { events, missing } = batchEvents({ scenario: b.manifest.scenario, bands: b.bands, runs: b.runs });
  const parts: Content[] = [html`<p class="note">Across runs, per tick: shaded 5–95% and 25–75% of runs, line the median${
    data ? '; dashed, what happened (as-of values of the data, where it covers the dates)' : ''}${
    events.length ? '; dotted vertical lines, the events below' : ''}.</p>`,
  events.length === 0 ? '' : table([{ title: 'event' }, { title: 'date', nowrap: true }, { title: 'what it marks' }],
    events.map((e) => [e.label, e.date, e.meaning])),
  missing.length === 0 ? '' : html`<p class="note">Not drawn: ${missing.join('; ')}.</p>`];
  for (const f of REPORT_FANS) {
    const cols = ['p05', 'p25', 'p50', 'p75', 'p95'].map((q) => `${f.series}_${q}`);
    if (!cols.every((c) => b.bands.has(c))) continue; // an older or reduced batch: show what it has
    const [p05, p25, p50, p75, p95] = cols.map((c) => b.bands.numbers(c));
    const points: FanPoint[] = dates.map((date, i) => ({ date, p05: p05[i], p25: p25[i], p50: p50[i], p75: p75[i], p95: p95[i] }));
    const realised = data && isScored(f.series) ? { source: REALISED[f.series].source, values: realisedPath(data, f.series, dates) } : undefined;
    const flat = p05.every((v) => v === p05[0]) && p95.every((v) => v === p05[0]);
    parts.push(await figures.figure(`fan-${f.series}`, f.label, fanChart({ label: f.label, unit: f.unit, points, yTitle: f.unit, realised, events }),
      flat ? `${formatValue(p05[0], f.unit)} ${f.unit} on every date in every run.` : undefined));
  }
  return parts;
}

async function histogramPart(b: BatchFolder, figures: Figures): Promise<Content> {
  const drawn: Html[] = [];
  for (const h of histograms) {
    const stats = b.summary.metrics[h.metric];
    if (!stats || !b.runs.has(h.metric)) continue;
    // a "never" marker (interventionTick −1) is not a value: left out, and counted in the title
    const values = b.runs.numbers(h.metric).filter((x) => Number.isFinite(x) && (stats.neverMarker === undefined || x !== stats.neverMarker));
    const spec = histogram({ label: h.axis, unit: stats.unit, values,
      markers: stats.p50 === null ? [] : [{ label: 'median', value: stats.p50 }] });
    drawn.push(await figures.figure(`hist-${h.metric}`, stats.never === undefined ? h.title : `${h.title} (${values.length} runs; never in ${stats.never})`, spec));
  }
  return [html`<p class="note">Runs per bin; dashed line: the median.</p>`, html`<div class="grid">${drawn}</div>`];
}

function summaryTable(b: BatchFolder): Content {
  const quantiles = ['mean', 'sd', 'min', 'p05', 'p25', 'p50', 'p75', 'p95', 'max'] as const;
  const columns: Column[] = [{ title: 'metric' }, { title: 'unit', nowrap: true },
    ...quantiles.map((q) => ({ title: q === 'p50' ? 'median' : q, numeric: true }))];
  const definitions = new Map(METRICS.map((m) => [m.name, m.definition]));
  const rows = Object.entries(b.summary.metrics).map(([name, m]) => [
    html`<code>${name}</code>${definitions.has(name) ? html`<div class="def">${definitions.get(name)}</div>` : ''}`,
    unitLabel(m.unit), ...quantiles.map((q) => formatValue(m[q], m.unit))]);
  const never = Object.entries(b.summary.metrics).filter(([, m]) => m.never !== undefined);
  return [table(columns, rows),
    html`<p class="note">Quantile method: ${b.summary.quantileMethod}. sd is the sample standard deviation.${never.map(([name, m]) =>
      html` <code>${name}</code>: over the ${m.n} runs where it happened; it never did in ${m.never} (marker ${m.neverMarker} in runs.csv, left out).`)}</p>`];
}

function extremesPart(b: BatchFolder): Content {
  const index = b.runs.numbers('runIndex');
  const seeds = b.runs.text('seed');
  const parts: Content[] = [html`<p class="note">Each command re-runs that run bit for bit and checks it against runs.csv.</p>`];
  const shown = extremeMetrics.filter((m) => b.runs.has(m));
  const values = new Map(shown.map((m) => [m, b.runs.numbers(m)]));
  const unit = (m: string) => b.summary.metrics[m]?.unit ?? '';
  for (const metric of shown) {
    const rows = extremeRows(values.get(metric) ?? [], index).map(({ end, row }) => [
      end, index[row], seeds[row], ...shown.map((m) => formatValue(values.get(m)?.[row], unit(m))),
      html`<code>${replayCommand(b.dir, index[row])}</code>`,
    ]);
    parts.push(html`<h3>By <code>${metric}</code></h3>`, table([{ title: '' }, { title: 'run', numeric: true },
      { title: 'seed', numeric: true }, ...shown.map((m) => ({ title: `${m} (${unitLabel(unit(m))})`, numeric: true })),
      { title: 'replay' }], rows));
  }
  return parts;
}

/** The lowest and highest runs by a metric; ties broken by run index, and no run listed twice. */
function extremeRows(values: readonly number[], index: readonly number[]): { end: string; row: number }[] {
  const order = values.map((_, row) => row).filter((row) => Number.isFinite(values[row]))
    .sort((a, c) => values[a] - values[c] || index[a] - index[c]);
  const low = order.slice(0, EXTREMES);
  const high = order.slice(Math.max(low.length, order.length - EXTREMES)).reverse();
  return [...low.map((row) => ({ end: 'lowest', row })), ...high.map((row) => ({ end: 'highest', row }))];
}

function scenarioPart(b: BatchFolder, p: KeyParameters): Content {
  return [
    facts([
      ['name', p.name ?? b.manifest.scenarioName],
      ['master seed', b.manifest.seed ?? b.summary.seed],
      ['runs', b.manifest.runs ?? b.summary.runs],
      ['ticks', p.ticks],
      ['start', p.start],
      ['crypto liquidity channel', p.liquidityShare ? html`${p.liquidityShare.value} <code>(${p.liquidityShare.path})</code>` : undefined],
      ['scenario hash', html`<code>${b.summary.scenarioHash}</code>`],
    ]),
    html`<h3>Agents' policies</h3>`,
    table([{ title: 'agent' }, { title: 'policy' }, { title: 'parameters' }],
      p.policies.map((r) => [r.agent, html`<code>${r.policy}</code>`,
        r.params.length === 0 ? '—' : r.params.map(([k, v], i) => html`${i > 0 ? ', ' : ''}${k} = ${v}`)])),
    html`<details><summary>The fully resolved scenario (JSON)</summary><pre>${
      JSON.stringify(b.manifest.scenario ?? null, null, 2)}</pre></details>`,
  ];
}

function reproducePart(b: BatchFolder): Content {
  const m = b.manifest;
  const recorded: unknown = m.command;
  const command = typeof recorded === 'string' ? recorded
    : Array.isArray(recorded) ? recorded.map(String).map(shellQuote).join(' ') : undefined;
  return [
    command ? html`<p>This batch was made by:</p><pre>${command}</pre>`
      : html`<p class="note">The manifest does not record the command.</p>`,
    html`<p class="note">The same command with the same fimasim version gives byte-identical runs.csv, summary.json
and bands.csv, whatever the number of workers; a single run is replayed with
<code>fimasim replay ${shellQuote(b.dir)} --run &lt;i&gt;</code>.</p>`,
    facts([
      ['fimasim', m.fimasimVersion], ['Node', m.node], ['git commit', m.gitCommit ?? 'unknown'],
      ['workers', m.workers], ['shard', m.shard === null || m.shard === undefined ? undefined : JSON.stringify(m.shard)],
      ['started', m.startedAt], ['finished', m.finishedAt],
      ['wall time', m.wallSeconds === undefined ? undefined : `${formatValue(m.wallSeconds, 's')} s`],
    ]),
  ];
}

function replayCommand(dir: string, run: number): string {
  return `fimasim replay ${shellQuote(dir)} --run ${run}`;
}

/** POSIX shell quoting, only when needed, so the commands in the report paste into a terminal as they are. */
function shellQuote(word: string): string {
  return /^[A-Za-z0-9_./:=@%+,-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/** Fractions are shown as percentages, so their unit reads '%'. */
function unitLabel(unit: string): string {
  return unitStyle(unit).axisUnit;
}
