// Vega-lite spec builders shared by every report page (batch, sweep, compare, sensitivity), so all pages look
// alike. Builders take plain data in output units and return a spec; render.ts turns a spec into SVG.
import type { TopLevelSpec } from 'vega-lite';
import { textWidth } from './render.js';
import { axisFormatFor, extent, withUnit } from './units.js';

/** The page's font stack, also used by html.ts so chart text matches the page. */
export const chartFont = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif";

/** Plot-area sizes: with axes a default chart is ≈ 640px wide, legible on a laptop. */
export const chartSize = { width: 560, height: 220, halfWidth: 320 } as const;

const palette = {
  band: '#3b6ea8',
  median: '#1d3f66',
  bar: '#6b8fb8',
  marker: '#c0392b',
  positive: '#3b6ea8',
  negative: '#c8553d',
  interval: '#222222',
  realised: '#111111',
  event: '#7a4e9c',
  /** The two sides of a comparison: A blue, B orange (distinct for the common colour-vision deficiencies). */
  sides: ['#3b6ea8', '#d9822b'],
} as const;

const Y_AXIS_WIDTH = 60;

const config = {
  font: chartFont,
  background: 'white',
  view: { stroke: null },
  axis: {
    labelFontSize: 11,
    titleFontSize: 12,
    titleFontWeight: 'normal',
    titleColor: '#333',
    labelColor: '#444',
    gridColor: '#ececec',
    domainColor: '#888',
    tickColor: '#888',
  },
  // A fixed minimum width for y axes lines the plot areas of stacked charts up.
  axisY: { minExtent: Y_AXIS_WIDTH },
  // vega cuts legend labels at 160px by default ("P(intervened), propensity=0.…"); a legend row may use the width
  legend: { labelFontSize: 11, titleFontSize: 11, orient: 'bottom', labelLimit: 520 },
} as const;

/** The y-axis title sits horizontally above the axis, where a long label with its unit stays legible. */
const yTitleOnTop = {
  titleAngle: 0, titleAlign: 'left', titleAnchor: 'end', titleBaseline: 'bottom', titleX: -Y_AXIS_WIDTH, titleY: -8,
} as const;

export interface FanPoint {
  readonly date: string; // ISO date of the tick
  readonly p05: number;
  readonly p25: number;
  readonly p50: number;
  readonly p75: number;
  readonly p95: number;
}

export interface FanChartOptions {
  readonly label: string; // what is plotted, e.g. "10-year Treasury yield"
  readonly unit: string;
  readonly points: readonly FanPoint[];
  readonly yTitle?: string; // default "label (unit)"; a page whose heading names the series may give just the unit
  readonly width?: number;
  readonly height?: number;
  /** What happened, drawn dashed over the fan where the data covers the dates (null: no fresh value that day). */
  readonly realised?: { readonly source: string; readonly values: readonly (number | null)[] };
  /** Dated events drawn as labelled vertical rules (the election, the first acceptance, …); outside the dates: left out. */
  readonly events?: readonly ChartEvent[];
}

/** A dated event on a time axis. */
export interface ChartEvent {
  readonly date: string;
  readonly label: string;
}

/** p05–p95 and p25–p75 bands across runs with the median line, over dated ticks; the realised path dashed on top. */
export function fanChart(o: FanChartOptions): TopLevelSpec {
  const x = dateAxis('date', o.points.map((p) => p.date));
  const [lo, hi] = extent([...o.points.flatMap((p) => [p.p05, p.p95]), ...(o.realised?.values ?? [])]);
  const y = { type: 'quantitative', title: o.yTitle ?? withUnit(o.label, o.unit), scale: { zero: false, nice: true },
    axis: { format: axisFormatFor(o.unit, lo, hi), ...yTitleOnTop } } as const;
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    description: `${withUnit(o.label, o.unit)}: median, 25–75% and 5–95% of runs per date`,
    config,
    width: o.width ?? chartSize.width,
    height: o.height ?? chartSize.height,
    data: { values: o.points.map((p) => ({ ...p })) },
    layer: [
      { mark: { type: 'area', color: palette.band, opacity: 0.18 },
        encoding: { x, y: { field: 'p05', ...y }, y2: { field: 'p95' } } },
      { mark: { type: 'area', color: palette.band, opacity: 0.38 },
        encoding: { x, y: { field: 'p25', ...y }, y2: { field: 'p75' } } },
      { mark: { type: 'line', color: palette.median, strokeWidth: 2 },
        encoding: { x, y: { field: 'p50', ...y } } },
      ...(realisedLayer(o, x, y) as never[]),
      ...(eventLayer(o.events ?? [], o.points.map((p) => p.date), x) as never[]),
    ],
  };
}

/** Vertical dashed rules at the events' dates, each labelled at the top of the plot on its own line. */
function eventLayer(events: readonly ChartEvent[], dates: readonly string[], x: ReturnType<typeof dateAxis>): object[] {
  const first = dates[0], last = dates[dates.length - 1];
  const shown = events.filter((e) => first !== undefined && e.date >= first && e.date <= last)
    .map((e, k) => ({ ...e, row: 2 + 12 * k }));
  if (shown.length === 0) return [];
  return [{
    data: { values: shown },
    layer: [
      { mark: { type: 'rule', color: palette.event, strokeDash: [2, 3], strokeWidth: 1.25 }, encoding: { x } },
      { mark: { type: 'text', color: palette.event, align: 'left', baseline: 'top', dx: 3, fontSize: 10 },
        encoding: { x, y: { field: 'row', type: 'quantitative', scale: null }, text: { field: 'label' } } },
    ],
  }];
}

export interface FanOverlaySide {
  readonly name: string; // the side's label, shown in the legend
  readonly points: readonly FanPoint[];
}

export interface FanOverlayOptions {
  readonly label: string;
  readonly unit: string;
  readonly sides: readonly [FanOverlaySide, FanOverlaySide];
  readonly yTitle?: string;
  readonly events?: readonly ChartEvent[];
  readonly width?: number;
  readonly height?: number;
}

/** Two batches' fans on one chart: each side's p05–p95 and p25–p75 bands and median in its own colour, a legend
 *  naming the sides. */
export function fanOverlay(o: FanOverlayOptions): TopLevelSpec {
  const dates = [...new Set(o.sides.flatMap((s) => s.points.map((p) => p.date)))].sort();
  const x = dateAxis('date', dates);
  const [lo, hi] = extent(o.sides.flatMap((s) => s.points.flatMap((p) => [p.p05, p.p95])));
  const y = { type: 'quantitative', title: o.yTitle ?? withUnit(o.label, o.unit), scale: { zero: false, nice: true },
    axis: { format: axisFormatFor(o.unit, lo, hi), ...yTitleOnTop } } as const;
  const names = o.sides.map((s) => s.name);
  // the same legend on every layer (vega-lite disables a legend whose layers disagree), drawn as the median's stroke
  const color = { field: 'side', type: 'nominal', title: null, scale: { domain: names, range: [...palette.sides] },
    legend: { orient: 'bottom', symbolType: 'stroke', symbolStrokeWidth: 3, symbolOpacity: 1 } } as const;
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    description: `${withUnit(o.label, o.unit)}: ${names.join(' and ')}, median, 25–75% and 5–95% of runs per date`,
    config,
    width: o.width ?? chartSize.width,
    height: o.height ?? chartSize.height,
    data: { values: o.sides.flatMap((s) => s.points.map((p) => ({ side: s.name, ...p }))) },
    layer: [
      { mark: { type: 'area', opacity: 0.14 }, encoding: { x, color, y: { field: 'p05', ...y }, y2: { field: 'p95' } } },
      { mark: { type: 'area', opacity: 0.28 }, encoding: { x, color, y: { field: 'p25', ...y }, y2: { field: 'p75' } } },
      { mark: { type: 'line', strokeWidth: 2 }, encoding: { x, color, y: { field: 'p50', ...y } } },
      ...(eventLayer(o.events ?? [], dates, x) as never[]),
    ],
  } as TopLevelSpec;
}

function realisedLayer(o: FanChartOptions, x: ReturnType<typeof dateAxis>, y: object): object[] {
  const values = o.realised?.values;
  if (!values || values.every((v) => v === null)) return [];
  const label = `realised (${o.realised!.source})`;
  return [{
    data: { values: o.points.flatMap((p, i) => (values[i] === null ? [] : [{ date: p.date, realised: values[i], what: label }])) },
    mark: { type: 'line', color: palette.realised, strokeWidth: 1.75, strokeDash: [5, 3] },
    encoding: { x, y: { field: 'realised', ...y },
      // below the plot: the top of the plot holds the event labels
      color: { field: 'what', type: 'nominal', title: null, scale: { range: [palette.realised] }, legend: { orient: 'bottom', labelLimit: 400 } } },
  }];
}

export interface PitChartOptions {
  readonly title: string; // e.g. "horizon 21 trading days"
  readonly counts: readonly number[]; // per equal bin of [0, 1]
  readonly width?: number;
  readonly height?: number;
}

/** PIT histogram: the share of origins per bin, with the uniform line a calibrated ensemble would give. */
export function pitChart(o: PitChartOptions): TopLevelSpec {
  const n = o.counts.reduce((a, b) => a + b, 0);
  const k = o.counts.length;
  const rows = o.counts.map((c, i) => ({ start: i / k, end: (i + 1) / k, share: n > 0 ? c / n : 0 }));
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    description: `PIT histogram, ${o.title}`,
    config,
    width: o.width ?? 200,
    height: o.height ?? 110,
    title: { text: o.title, fontSize: 11, fontWeight: 'normal', anchor: 'start' },
    layer: [
      { data: { values: rows }, mark: { type: 'bar', color: palette.bar, binSpacing: 1 },
        encoding: { x: { field: 'start', bin: 'binned', type: 'quantitative', title: 'PIT', scale: { domain: [0, 1] }, axis: { values: [0, 0.5, 1], format: '.1f' } },
          x2: { field: 'end' }, y: { field: 'share', type: 'quantitative', title: null, axis: { format: '.0%', tickCount: 3 } } } },
      { data: { values: [{ uniform: 1 / k }] }, mark: { type: 'rule', color: palette.marker, strokeDash: [4, 3] },
        encoding: { y: { field: 'uniform', type: 'quantitative' } } },
    ],
  };
}

export interface Marker {
  readonly label: string;
  readonly value: number;
}

export interface HistogramOptions {
  readonly label: string;
  readonly unit: string;
  readonly values: readonly number[];
  readonly maxBins?: number; // default: see bins()
  readonly markers?: readonly Marker[]; // vertical rules, e.g. the median or zero
  readonly width?: number;
  readonly height?: number;
}

/** Count of runs per bin of a metric, with optional labelled vertical rules. */
export function histogram(o: HistogramOptions): TopLevelSpec {
  const data = bins(o.values, o.maxBins);
  const most = Math.max(1, ...data.map((b) => b.count));
  const few = most <= 6; // few runs per bin: a tick at every whole run, never at half a run
  const markers = o.markers ?? [];
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    config,
    width: o.width ?? chartSize.halfWidth,
    height: o.height ?? 160,
    layer: [
      {
        data: { values: data.map((b) => ({ ...b })) },
        mark: { type: 'bar', color: palette.bar, binSpacing: 1 },
        encoding: {
          x: { field: 'start', bin: 'binned', type: 'quantitative', title: withUnit(o.label, o.unit),
            axis: { format: axisFormatFor(o.unit, data[0]?.start ?? NaN, data[data.length - 1]?.end ?? NaN) } },
          x2: { field: 'end' },
          y: { field: 'count', type: 'quantitative', title: 'runs',
            ...(few ? { scale: { domain: [0, most], nice: false } } : {}),
            axis: { format: 'd', ...(few ? { values: Array.from({ length: most + 1 }, (_, i) => i) } : {}), ...yTitleOnTop } },
        },
      },
      ...(markers.length === 0 ? [] : [{
        data: { values: markers.map((m) => ({ ...m })) },
        layer: [
          { mark: { type: 'rule', color: palette.marker, strokeDash: [4, 3], strokeWidth: 1.5 },
            encoding: { x: { field: 'value', type: 'quantitative' } } },
          { mark: { type: 'text', color: palette.marker, align: 'center', baseline: 'bottom', dy: -2, fontSize: 10 },
            encoding: { x: { field: 'value', type: 'quantitative' }, y: { value: 0 }, text: { field: 'label' } } },
        ],
      }]),
    ],
  } as TopLevelSpec;
}

export interface Bin {
  readonly start: number;
  readonly end: number;
  readonly count: number;
}

/**
 * Equal-width bins on round edges (steps of 1, 2, 2.5 or 5 × 10^k), computed here rather than by vega-lite so
 * that a sample where every run has the same value still gets a visible bin, and the count axis can be exact.
 * Rice's rule (2·n^(1/3), between 5 and 40) by default. Non-finite values are left out.
 */
export function bins(values: readonly number[], maxBins?: number): Bin[] {
  let lo = Infinity;
  let hi = -Infinity;
  let n = 0;
  for (const v of values) {
    if (!Number.isFinite(v)) continue;
    n++;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (n === 0) return [];
  if (lo === hi) {
    const step = niceStep(lo === 0 ? 1 : Math.abs(lo) / 10);
    return [{ start: lo - step / 2, end: lo + step / 2, count: n }];
  }
  const step = niceStep((hi - lo) / (maxBins ?? Math.min(40, Math.max(5, Math.ceil(2 * Math.cbrt(n))))));
  const first = Math.floor(lo / step);
  const k = Math.max(1, Math.ceil(hi / step - first));
  const counts = new Array<number>(k).fill(0);
  for (const v of values) {
    if (Number.isFinite(v)) counts[Math.min(k - 1, Math.floor(v / step - first))]++;
  }
  return counts.map((count, i) => ({ start: (first + i) * step, end: (first + i + 1) * step, count }));
}

function niceStep(raw: number): number {
  const p = 10 ** Math.floor(Math.log10(raw));
  const m = raw / p;
  return (m <= 1 ? 1 : m <= 2 ? 2 : m <= 2.5 ? 2.5 : m <= 5 ? 5 : 10) * p;
}

export interface IntervalRow {
  readonly label: string;
  readonly value: number;
  readonly lo?: number; // interval, e.g. a Wilson 95% interval or a bootstrap interval
  readonly hi?: number;
}

export interface IntervalBarsOptions {
  readonly label: string; // the value axis title
  readonly unit: string;
  readonly rows: readonly IntervalRow[]; // drawn top to bottom in this order (sort them for a tornado)
  readonly base?: number; // bars start here; default 0
  readonly domain?: readonly [number, number];
  readonly width?: number;
  readonly rowHeight?: number;
}

/** Horizontal bars from a base with interval whiskers: probabilities, or a tornado of sensitivities. */
export function intervalBars(o: IntervalBarsOptions): TopLevelSpec {
  const base = o.base ?? 0;
  const [lo, hi] = o.domain ?? extent(o.rows.flatMap((r) => [r.value, r.lo, r.hi, base]));
  const x = { type: 'quantitative', title: withUnit(o.label, o.unit),
    axis: { format: axisFormatFor(o.unit, lo, hi) },
    scale: o.domain ? { domain: [...o.domain] } : { zero: true, nice: true } } as const;
  // The row labels are never cut: no label limit below the longest label (vega's default 200px cut the chain's), and
  // the axis reserves 20% more than the estimate, since a browser's sans-serif can be wider than the Helvetica
  // widths vega measures with (render.ts), and the SVG's left edge would clip the difference.
  const longest = Math.max(40, ...o.rows.map((r) => textWidth(r.label, config.axis.labelFontSize)));
  const y = { field: 'label', type: 'nominal', sort: null, title: null,
    axis: { labelLimit: Math.ceil(longest * 1.2) + 8, minExtent: Math.ceil(longest * 1.2) + 8 } } as const;
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    config,
    width: o.width ?? 380,
    height: { step: o.rowHeight ?? 26 },
    data: { values: o.rows.map((r) => ({ ...r, side: r.value >= base ? 'up' : 'down' })) },
    layer: [
      { mark: { type: 'bar', height: { band: 0.62 } },
        encoding: { y, x: { field: 'value', ...x }, x2: { datum: base },
          color: { field: 'side', type: 'nominal', legend: null,
            scale: { domain: ['up', 'down'], range: [palette.positive, palette.negative] } } } },
      { transform: [{ filter: 'isValid(datum.lo) && isValid(datum.hi)' }],
        mark: { type: 'rule', color: palette.interval, strokeWidth: 1.5 },
        encoding: { y, x: { field: 'lo', ...x }, x2: { field: 'hi' } } },
      { transform: [{ filter: 'isValid(datum.lo) && isValid(datum.hi)' }, { fold: ['lo', 'hi'], as: ['end', 'at'] }],
        mark: { type: 'tick', color: palette.interval, thickness: 1.5, size: 10 },
        encoding: { y, x: { field: 'at', ...x } } },
    ],
  } as TopLevelSpec;
}

export interface LinePoint {
  readonly x: number | string; // a number, or an ISO date for xType 'temporal', or a category
  readonly y: number;
  readonly lo?: number; // optional band around the line (e.g. 5–95% of runs, or a Wilson interval)
  readonly hi?: number;
  readonly lo50?: number; // optional inner band (25–75% of runs)
  readonly hi50?: number;
}

export interface LineSeries {
  readonly name: string;
  readonly points: readonly LinePoint[];
}

export interface LineChartOptions {
  readonly xLabel: string;
  readonly xUnit?: string;
  readonly xType: 'quantitative' | 'temporal' | 'ordinal';
  readonly yLabel: string;
  readonly yUnit: string;
  /** Default "yLabel (unit)"; a figure whose title says what is plotted may give just the unit. */
  readonly yTitle?: string;
  readonly series: readonly LineSeries[];
  readonly showPoints?: boolean; // default: true unless the x axis is temporal
  readonly width?: number;
  readonly height?: number;
}

/** Several series against one x (a swept parameter, a date), each with an optional lo–hi band. */
export function lineChart(o: LineChartOptions): TopLevelSpec {
  const rows = o.series.flatMap((s) => s.points.map((p) => ({ series: s.name, ...p })));
  const xs = rows.map((r) => r.x).filter((v): v is number => typeof v === 'number');
  const x = o.xType === 'temporal' ? dateAxis('x', rows.map((r) => String(r.x)).sort())
    : { field: 'x', type: o.xType, title: withUnit(o.xLabel, o.xUnit ?? ''),
      ...(o.xType === 'quantitative' ? { axis: { format: axisFormatFor(o.xUnit ?? '', ...extent(xs)),
        // a handful of swept values: a tick at each of them, not at round numbers between
        ...(new Set(xs).size <= 8 ? { values: [...new Set(xs)].sort((a, b) => a - b) } : {}) } } : {}) };
  const [lo, hi] = extent(rows.flatMap((r) => [r.y, r.lo, r.hi]));
  const y = { type: 'quantitative', title: o.yTitle ?? withUnit(o.yLabel, o.yUnit), scale: { zero: false, nice: true },
    axis: { format: axisFormatFor(o.yUnit, lo, hi), ...yTitleOnTop } } as const;
  // One legend for the lines and their bands, drawn as solid strokes rather than the bands' pale swatches.
  const color = { field: 'series', type: 'nominal', title: null, scale: { domain: o.series.map((s) => s.name) },
    legend: o.series.length < 2 ? null : { symbolType: 'stroke', symbolOpacity: 1, symbolStrokeWidth: 2, columns: 1 } } as const;
  const hasBand = rows.some((r) => r.lo !== undefined && r.hi !== undefined);
  const hasInner = rows.some((r) => r.lo50 !== undefined && r.hi50 !== undefined);
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    config,
    width: o.width ?? chartSize.width,
    height: o.height ?? chartSize.height,
    data: { values: rows },
    layer: [
      ...(hasBand ? [{ transform: [{ filter: 'isValid(datum.lo) && isValid(datum.hi)' }],
        mark: { type: 'area', opacity: 0.15 },
        encoding: { x, color, y: { field: 'lo', ...y }, y2: { field: 'hi' } } }] : []),
      ...(hasInner ? [{ transform: [{ filter: 'isValid(datum.lo50) && isValid(datum.hi50)' }],
        mark: { type: 'area', opacity: 0.3 },
        encoding: { x, color, y: { field: 'lo50', ...y }, y2: { field: 'hi50' } } }] : []),
      { mark: { type: 'line', strokeWidth: 2, point: o.showPoints ?? o.xType !== 'temporal' },
        encoding: { x, color, y: { field: 'y', ...y } } },
    ],
  } as TopLevelSpec;
}

/**
 * Dates are UTC calendar days: a UTC scale keeps the axis the same in every time zone. Ticks fall on month
 * starts ("Jul 2024") over a long horizon, on weeks ("8 Jul") over a short one.
 */
function dateAxis(field: string, dates: readonly string[]) {
  const days = dates.length < 2 ? 0 : (Date.parse(dates[dates.length - 1]) - Date.parse(dates[0])) / 86_400_000;
  const ticks = days >= 90
    ? { tickCount: { interval: 'month', step: days > 400 ? 3 : days > 200 ? 2 : 1 }, format: '%b %Y' } as const
    : { tickCount: { interval: 'week', step: days > 45 ? 2 : 1 }, format: '%-d %b' } as const;
  return { field, type: 'temporal', title: null, scale: { type: 'utc' }, axis: { ...ticks, labelOverlap: true } } as const;
}
