// The backtest report: coverage and CRPS tables, PIT histograms, and the realised paths over the fans of a few
// origins. Self-contained like every report; written from the backtest folder's files (and the data for the paths).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../sim/files/atomic.js';
import { BACKTEST_FILE, type BacktestMeta, type BacktestSummary } from '../sim/backtest/run-backtest.js';
import { REALISED, SCORED_SERIES, loadRealisedData, realisedPath, type ScoredSeries } from '../sim/backtest/realised.js';
import type { HorizonScore } from '../sim/backtest/score.js';
import { readBatchFolder } from '../sim/files/batch-folder.js';
import { fanChart, pitChart, type FanPoint } from './charts.js';
import { facts, figure, html, page, section, table, type Content } from './html.js';
import { renderSvg } from './render.js';
import { formatValue } from './units.js';

/** Origins whose fans the page shows: the first, the middle and the last. */
export function shownOrigins(dates: readonly string[]): string[] {
  return [...new Set([dates[0], dates[Math.floor((dates.length - 1) / 2)], dates[dates.length - 1]])];
}

const FAN_SERIES: readonly ScoredSeries[] = ['ust10y', 'btcPrice', 'netLiquidity', 'rrp'];

export async function writeBacktestReport(dir: string): Promise<string> {
  const meta = JSON.parse(readFileSync(join(dir, BACKTEST_FILE), 'utf8')) as BacktestMeta;
  const summary = JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8')) as BacktestSummary;
  const text = await backtestReportHtml(dir, meta, summary);
  const path = join(dir, 'report.html');
  writeFileAtomic(path, text);
  return path;
}

async function backtestReportHtml(dir: string, meta: BacktestMeta, s: BacktestSummary): Promise<string> {
  const parts = [
    { id: 'scores', nav: 'Scores', title: 'Coverage and CRPS by series and horizon', body: scoresPart(s) },
    { id: 'pit', nav: 'PIT', title: 'PIT histograms', body: await pitPart(s) },
    { id: 'paths', nav: 'Paths', title: 'What happened, over the fans of three origins', body: await pathsPart(dir, meta) },
    { id: 'reproduce', nav: 'Reproduce', title: 'Reproduce', body: reproducePart(meta) },
  ];
  return page({
    title: `Backtest of ${s.scenario}`,
    kicker: 'fimasim · backtest report',
    lead: html`<p class="lead">For each origin, ${s.runsPerOrigin} runs of <code>${s.scenario}</code> started from the data on that day, the
policy rate following its realised path; each horizon scored against what happened.</p>
<p class="meta">${s.origins} origins ${s.firstOrigin} → ${s.lastOrigin}, every ${s.every} trading days · horizons ${s.horizons.join(', ')} trading days ·
master seed ${s.seed} at every origin</p>`,
    toc: parts.map((p) => ({ id: p.id, title: p.nav })),
    body: parts.map((p) => section(p.id, p.title, p.body)),
    footer: html`Written by fimasim from backtest.json, summary.json and the origin folders. Self-contained: it loads nothing from the network.`,
  });
}

function scoresPart(s: BacktestSummary): Content {
  const pct = (x: number | null) => formatValue(x, 'fraction');
  const rows = s.scores.map((r: HorizonScore) => {
    const unit = REALISED[r.series].unit;
    return [REALISED[r.series].label, r.horizon, r.origins, pct(r.coverage50), pct(r.coverage90), formatValue(r.crps, unit), formatValue(r.naiveCrps, unit),
      r.skill === null ? '—' : formatValue(r.skill, ''), formatValue(r.medianError, unit), r.pitChi2P === null ? '—' : r.pitChi2P.toPrecision(2)];
  });
  return [
    html`<p class="note">Coverage: the share of origins whose realised value fell inside the ensemble's central 50% (p25–p75) and 90%
(p05–p95) intervals — a calibrated ensemble gives ≈ 50% and ≈ 89% (the type-7 p05–p95 of ${s.runsPerOrigin} members covers a little less than 90%).
CRPS: the continuous ranked probability score, exact for the ensemble, in the series' unit (lower is better).
Naive: ${s.benchmark}. Skill = 1 − CRPS / naive CRPS (above 0: better than the random walk).
Bias: mean of (ensemble median − realised). Origins overlap at long horizons, so the counts are not independent draws.</p>`,
    table([{ title: 'series' }, { title: 'horizon (trading days)', numeric: true }, { title: 'origins', numeric: true }, { title: 'in 50%', numeric: true },
      { title: 'in 90%', numeric: true }, { title: 'CRPS', numeric: true }, { title: 'naive CRPS', numeric: true }, { title: 'skill', numeric: true },
      { title: 'bias', numeric: true }, { title: 'PIT χ² p', numeric: true }], rows),
    html`<p class="note">Sources: ${SCORED_SERIES.map((k) => `${REALISED[k].label}: ${REALISED[k].source}`).join(' · ')}.</p>`,
  ];
}

async function pitPart(s: BacktestSummary): Promise<Content> {
  const out: Content[] = [html`<p class="note">Where the realised value fell within each origin's ensemble (0: below every run, 1: above).
Flat: calibrated; U-shaped: too narrow; a hump: too wide; sloped: biased. Dashed: the uniform share.</p>`];
  for (const series of SCORED_SERIES) {
    const charts: string[] = [];
    for (const r of s.scores.filter((x) => x.series === series)) {
      charts.push(await renderSvg(pitChart({ title: `${r.horizon} days · ${r.origins} origins`, counts: r.pitHistogram })));
    }
    // the horizons side by side, so a reader sees the shape change with the horizon
    out.push(figure(`chart-pit-${series}`, REALISED[series].label, `<div style="display:flex;flex-wrap:wrap;gap:18px">${charts.join('')}</div>`));
  }
  return out;
}

async function pathsPart(dir: string, meta: BacktestMeta): Promise<Content> {
  let data;
  try {
    data = loadRealisedData();
  } catch (e) {
    return html`<p class="note">The data could not be read (${(e as Error).message}), so the realised paths are not drawn.</p>`;
  }
  const out: Content[] = [];
  for (const date of shownOrigins(meta.origins.map((o) => o.date))) {
    const origin = meta.origins.find((o) => o.date === date)!;
    const b = readBatchFolder(join(dir, origin.dir), ['bands']);
    const dates = b.bands.text('date');
    out.push(html`<h3>Origin ${date}</h3>`);
    for (const series of FAN_SERIES) {
      const cols = ['p05', 'p25', 'p50', 'p75', 'p95'].map((q) => `${series}_${q}`);
      if (!cols.every((c) => b.bands.has(c))) continue;
      const [p05, p25, p50, p75, p95] = cols.map((c) => b.bands.numbers(c));
      const points: FanPoint[] = dates.map((d, i) => ({ date: d, p05: p05[i], p25: p25[i], p50: p50[i], p75: p75[i], p95: p95[i] }));
      const spec = REALISED[series];
      const svg = await renderSvg(fanChart({ label: spec.label, unit: spec.unit, points, yTitle: spec.unit, width: 420, height: 170,
        realised: { source: spec.source, values: realisedPath(data, series, dates) } }));
      out.push(figure(`chart-fan-${date}-${series}`, `${spec.label}, from ${date}`, svg));
    }
  }
  return out;
}

function reproducePart(meta: BacktestMeta): Content {
  return [
    facts([['command', html`<code>fimasim ${meta.command}</code>`], ['origins', `${meta.origins.length} batch folders under origins/`],
      ['one origin alone', html`each origin's manifest.json holds the <code>batch</code> command that remakes it`]]),
  ];
}
