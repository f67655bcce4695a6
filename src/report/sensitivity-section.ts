// The sensitivity section of the report of a sample batch (a batch folder with sensitivity.csv): what was sampled,
// tornado charts of the PRCC with bootstrap intervals for the outcome metrics, and the full ranking as a table.
import { METRICS } from '../sim/run/metrics.js';
import { readOptionalTable, type BatchFolder, type BatchSummary, type RunsTable } from '../sim/files/batch-folder.js';
import { intervalBars } from './charts.js';
import { html, table, type Column, type Content } from './html.js';
import { Figures } from './figures.js';
import { formatFixed, formatValue } from './units.js';

/** Metrics that get a tornado chart, in page order: the three the issue names first, then the chain's other links. */
const TORNADOS = ['btcReturn', 'ust10yPeak', 'netLiquidityChange', 'jpSalesTotal', 'intervened', 'fimaPeak'] as const;

interface SampledParameterInfo {
  readonly path: string;
  readonly spec: string;
  readonly targets: readonly string[];
  readonly integer?: boolean;
}

interface SampleManifest {
  readonly study?: string | null;
  readonly runs?: number;
  readonly parameters?: readonly SampledParameterInfo[];
  readonly derivation?: string;
}

interface Row {
  readonly metric: string;
  readonly parameter: string;
  readonly prcc: number;
  readonly lo: number;
  readonly hi: number;
  readonly firstOrder: number;
  readonly rank: number;
}

export interface ReportPart {
  readonly id: string;
  readonly nav: string;
  readonly title: string;
  readonly body: Content;
}

/** The section, or null when the folder is not a sample batch (no sensitivity.csv). */
export async function sensitivityPart(b: BatchFolder & { readonly runs: RunsTable; readonly summary: BatchSummary }, figures = new Figures()): Promise<ReportPart | null> {
  const csv = readOptionalTable(b.dir, 'sensitivity');
  if (!csv) return null;
  const num = csv.numbers.bind(csv);
  const [prcc, lo, hi, s1, rank] = ['prcc', 'lo', 'hi', 'firstOrder', 'rank'].map(num);
  const metric = csv.text('metric'), parameter = csv.text('parameter');
  const rows: Row[] = metric.map((m, i) => ({ metric: m, parameter: parameter[i], prcc: prcc[i], lo: lo[i], hi: hi[i], firstOrder: s1[i], rank: rank[i] }));
  const sample = ((b.manifest as { sample?: SampleManifest }).sample ?? {}) as SampleManifest;
  const params = sample.parameters ?? [];
  const definitions = new Map(METRICS.map((m) => [m.name, m.definition]));

  const charts: Content[] = [];
  for (const m of TORNADOS) {
    const mine = rows.filter((r) => r.metric === m);
    if (mine.length === 0) continue;
    const drawn = mine.filter((r) => Number.isFinite(r.prcc));
    if (drawn.length === 0) {
      charts.push(html`<h3><code>${m}</code></h3><p class="note">The PRCC is undefined for every parameter: ${m} does not vary across the runs.</p>`);
      continue;
    }
    const spec = intervalBars({
      label: 'partial rank correlation (PRCC)', unit: '', domain: [-1, 1], width: 360,
      rows: drawn.map((r) => ({ label: r.parameter, value: r.prcc, lo: finite(r.lo), hi: finite(r.hi) })),
    });
    const s1Text = drawn.map((r, k) => html`${k > 0 ? ', ' : ''}<code>${r.parameter}</code> ${formatFixed(r.firstOrder, 2)}`);
    charts.push(await figures.figure(`sensitivity-${m}`, `${m}: ${definitions.get(m) ?? ''}`, spec,
      html`Ranked by |PRCC|; whiskers: bootstrap 95% interval. First-order index S1: ${s1Text}.`));
  }
  const runsCsv = b.runs;
  const paramRows = params.map((p) => {
    const values = runsCsv.has(p.path) ? runsCsv.text(p.path) : [];
    const numeric = values.map(Number).filter(Number.isFinite);
    const span = numeric.length === values.length && numeric.length > 0
      ? `${formatValue(Math.min(...numeric), '')} – ${formatValue(Math.max(...numeric), '')}`
      : [...new Set(values)].join(', ');
    return [html`<code>${p.path}</code>`, html`<code>${p.spec}</code>${p.integer ? ' (rounded)' : ''}`,
      targetsText(p), span];
  });
  const allColumns: Column[] = [{ title: 'metric' }, { title: 'rank', numeric: true }, { title: 'parameter' },
    { title: 'PRCC', numeric: true }, { title: '95% interval', numeric: true }, { title: 'S1', numeric: true }];
  const all = rows.map((r) => [html`<code>${r.metric}</code>`, Number.isFinite(r.rank) ? r.rank : '—',
    html`<code>${r.parameter}</code>`, fixed(r.prcc), Number.isFinite(r.lo) ? `${fixed(r.lo)} – ${fixed(r.hi)}` : '—', fixed(r.firstOrder)]);
  return {
    id: 'sensitivity',
    nav: 'Sensitivity',
    title: 'Which sampled assumptions drive the outcomes',
    body: [
      html`<p>${sample.study ? html`Built-in study <code>${sample.study}</code>: ` : ''}${params.length} parameters sampled by Latin
hypercube, one set of values per run (${sample.runs ?? b.summary.runs} strata). A run's values depend only on the master seed and its
run index; they are the last columns of runs.csv.</p>`,
      table([{ title: 'parameter' }, { title: 'distribution' }, { title: 'sets' }, { title: 'values drawn', numeric: true }], paramRows),
      html`<p class="note">PRCC: the rank correlation of a metric with a parameter once the other sampled parameters are partialled
out (+1: more of the parameter, always more of the metric; 0: no monotone effect). Whiskers: percentile 95% bootstrap interval
(500 resamples, fixed seed). S1: the share of the metric's variance explained by the parameter's decile (a cheap first-order index;
about 9/runs of it is noise).</p>`,
      html`<div class="grid">${charts}</div>`,
      html`<details><summary>Every metric (sensitivity.csv)</summary>${table(allColumns, all)}</details>`,
      sample.derivation ? html`<details><summary>How each run's values are derived</summary><p class="note">${sample.derivation}</p></details>` : '',
    ],
  };
}

/** What a `*` path stands for: the keys it matched (`* = norinchukin, mufg, …`); '—' for a plain path. */
function targetsText(p: SampledParameterInfo): Content {
  if (p.targets.length === 1 && p.targets[0] === p.path) return '—';
  const keys = p.path.split('.');
  const star = keys.indexOf('*');
  if (star < 0 || keys.lastIndexOf('*') !== star) return html`${p.targets.map((t, k) => html`${k > 0 ? ', ' : ''}<code>${t}</code>`)}`;
  return html`<code>*</code> = ${p.targets.map((t) => t.split('.')[star]).join(', ')} (${p.targets.length} paths, one value)`;
}

const finite = (x: number): number | undefined => (Number.isFinite(x) ? x : undefined);
const fixed = (x: number): string => (Number.isFinite(x) ? formatFixed(x, 2) : '—');
