// The page's chart templates: vega-lite specs whose data are named sources the page fills as runs arrive, compiled
// here to vega once (the page loads only vega's browser build, shipped with the package, so it works offline and
// redraws by swapping data, without recompiling). Colours and fonts follow the report's charts.
import type { TopLevelSpec } from 'vega-lite';
import { loadRenderer } from '../report/render.js';
import { chartFont } from '../report/charts.js';
import { unitStyle, withUnit } from '../report/units.js';
import { METRICS } from '../sim/run/metrics.js';
import { FAN_SERIES, HEADLINE } from './views.js';

export const COLOURS = { baseline: '#8a8a8a', tweak: '#2f6db5', marker: '#c0392b', interval: '#f0c27b', realised: '#111111' } as const;

const config = {
  font: chartFont, background: 'white', view: { stroke: null },
  axis: { labelFontSize: 11, titleFontSize: 11, titleFontWeight: 'normal', titleColor: '#333', labelColor: '#444', gridColor: '#ececec' },
  legend: { labelFontSize: 11, orient: 'top' },
} as const;
// re-measure the padding on every update: axis labels grow as runs arrive (vega's default measures once)
const autosize = { type: 'pad', resize: true } as const;
/** Differences can be small beside their levels: three significant digits, not the level's format. */
const diffFormat = (unit: string): string => (unit === 'fraction' ? '.2~%' : '.3~g');

const which = { field: 'which', type: 'nominal', title: null, scale: { domain: ['baseline', 'tweak'], range: [COLOURS.baseline, COLOURS.tweak] } } as const;

/** Fans of one series: tweak over baseline (data `fan`: date, which, p05…p95), the realised path dashed (data `realised`). */
function fanSpec(label: string, unit: string): TopLevelSpec {
  const x = { field: 'date', type: 'temporal', title: null, axis: { labelOverlap: true } } as const;
  const y = { type: 'quantitative', title: withUnit(label, unit), scale: { zero: false, nice: true }, axis: { format: unitStyle(unit).axisFormat } } as const;
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json', config, autosize, width: 420, height: 170,
    layer: [
      { data: { name: 'fan' }, mark: { type: 'area', opacity: 0.16 }, encoding: { x, y: { field: 'p05', ...y }, y2: { field: 'p95' }, color: which } },
      { data: { name: 'fan' }, mark: { type: 'area', opacity: 0.3 }, encoding: { x, y: { field: 'p25', ...y }, y2: { field: 'p75' }, color: which } },
      { data: { name: 'fan' }, mark: { type: 'line', strokeWidth: 2 }, encoding: { x, y: { field: 'p50', ...y }, color: which } },
      { data: { name: 'realised' }, mark: { type: 'line', color: COLOURS.realised, strokeWidth: 1.5, strokeDash: [5, 3] }, encoding: { x, y: { field: 'value', ...y } } },
    ],
  } as TopLevelSpec;
}

/** Paired differences of one metric, run by run (data `bins`: start, end, count, run — a click picks `run`), the
 *  95% interval of the mean difference shaded (data `interval`), and rules at 0 and the mean (data `marks`). */
function diffSpec(metric: string, unit: string): TopLevelSpec {
  const x = { type: 'quantitative', title: withUnit(`${metric}, tweak − baseline`, unit), axis: { format: diffFormat(unit) } } as const;
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json', config, autosize, width: 300, height: 130,
    layer: [
      { data: { name: 'interval' }, mark: { type: 'rect', color: COLOURS.interval, opacity: 0.5 }, encoding: { x: { field: 'lo', ...x }, x2: { field: 'hi' } } },
      { data: { name: 'bins' }, mark: { type: 'bar', color: COLOURS.tweak, binSpacing: 1, cursor: 'pointer' },
        encoding: { x: { field: 'start', bin: 'binned', ...x }, x2: { field: 'end' }, y: { field: 'count', type: 'quantitative', title: 'runs' },
          tooltip: [{ field: 'count', title: 'runs' }, { field: 'run', title: 'click: run' }] } },
      { data: { name: 'marks' }, mark: { type: 'rule', color: COLOURS.marker, strokeDash: [4, 3], strokeWidth: 1.5 }, encoding: { x: { field: 'value', ...x } } },
    ],
  } as TopLevelSpec;
}

/** The chain as two funnels side by side (data `funnel`: which, label, share of runs where every step so far holds,
 *  text: the step's conditional probability with its interval). */
function funnelSpec(): TopLevelSpec {
  const side = (w: 'baseline' | 'tweak') => ({
    width: 230, height: 130, title: { text: w, fontSize: 12, fontWeight: 'normal', anchor: 'start' },
    transform: [{ filter: `datum.which === '${w}'` }],
    layer: [
      { mark: { type: 'bar', color: COLOURS[w] }, encoding: {
        y: { field: 'label', type: 'ordinal', sort: null, title: null, axis: w === 'baseline' ? { labelLimit: 170 } : null },
        x: { field: 'share', type: 'quantitative', title: 'share of runs', scale: { domain: [0, 1] }, axis: { format: '.0%' } },
        tooltip: [{ field: 'step' }, { field: 'count' }, { field: 'runs' }, { field: 'p', format: '.1%', title: 'conditional p' }] } },
      { mark: { type: 'text', align: 'left', dx: 3, fontSize: 10 }, encoding: {
        y: { field: 'label', type: 'ordinal', sort: null }, x: { field: 'share', type: 'quantitative' }, text: { field: 'text' } } },
    ],
  });
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json', config, autosize,
    data: { name: 'funnel' },
    hconcat: [side('baseline'), side('tweak')],
    spacing: 24,
  } as TopLevelSpec;
}

/** One run's path of a series, tweak and baseline (data `path`: date, which, value). */
function pathSpec(label: string, unit: string): TopLevelSpec {
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json', config, autosize, width: 300, height: 120,
    data: { name: 'path' },
    mark: { type: 'line', strokeWidth: 1.5 },
    encoding: {
      x: { field: 'date', type: 'temporal', title: null, axis: { labelOverlap: true } },
      y: { field: 'value', type: 'quantitative', title: withUnit(label, unit), scale: { zero: false }, axis: { format: unitStyle(unit).axisFormat } },
      color: which,
    },
  } as TopLevelSpec;
}

export interface ChartTemplates {
  readonly fans: Readonly<Record<string, object>>;
  readonly diffs: Readonly<Record<string, object>>;
  readonly funnel: object;
  readonly paths: Readonly<Record<string, object>>;
}

let templates: Promise<ChartTemplates> | undefined;

/** The vega specs, compiled once per process. */
export function chartTemplates(): Promise<ChartTemplates> {
  templates ??= loadRenderer().then(({ compile }) => {
    const c = (s: TopLevelSpec): object => compile(s).spec;
    const unitOf = (m: string): string => METRICS.find((x) => x.name === m)!.unit;
    return {
      fans: Object.fromEntries(FAN_SERIES.map((f) => [f.series, c(fanSpec(f.label, f.unit))])),
      diffs: Object.fromEntries(HEADLINE.map((m) => [m, c(diffSpec(m, unitOf(m)))])),
      funnel: c(funnelSpec()),
      paths: Object.fromEntries(FAN_SERIES.map((f) => [f.series, c(pathSpec(f.label, f.unit))])),
    };
  });
  return templates;
}
