// The grid of a sweep: `--vary path=v1,v2,...` or `--vary path=lo:hi:steps`, repeatable, crossed as a Cartesian
// product (Mesa's batch_run). Each point is the base scenario plus one `--set path=value` per axis, so values are
// parsed and validated exactly as `--set` does it.
import { grouped, MAX_GRID_POINTS } from '../limits.js';
import { formatNumber } from '../format.js';
import { ExperimentError } from './errors.js';

export interface Axis {
  readonly path: string;
  readonly values: readonly string[]; // as `--set` values
}

export interface GridPoint {
  readonly index: number;
  readonly values: Readonly<Record<string, string>>; // path → value, in axis order
  readonly sets: readonly string[]; // `path=value`, in axis order
}

const RANGE = /^(-?[\d.eE+-]+):(-?[\d.eE+-]+):(\d+)$/;

export function parseVary(spec: string): Axis {
  const eq = spec.indexOf('=');
  if (eq <= 0 || eq === spec.length - 1) throw new ExperimentError(`--vary: expected path=v1,v2,... or path=lo:hi:steps, found '${spec}'`);
  const path = spec.slice(0, eq), text = spec.slice(eq + 1);
  const range = RANGE.exec(text);
  if (range) return { path, values: rangeValues(path, Number(range[1]), Number(range[2]), Number(range[3])) };
  const values = text.split(',');
  if (values.some((v) => v === '')) throw new ExperimentError(`--vary ${path}: an empty value in '${text}' (values are separated by commas, without spaces)`);
  if (new Set(values).size !== values.length) throw new ExperimentError(`--vary ${path}: a value is listed twice in '${text}'`);
  return { path, values };
}

/** `steps` evenly spaced values from lo to hi inclusive, rounded to 12 significant digits so −1.5:−0.5:3 gives −1. */
function rangeValues(path: string, lo: number, hi: number, steps: number): string[] {
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) throw new ExperimentError(`--vary ${path}: lo and hi of lo:hi:steps must be numbers, found '${lo}:${hi}'`);
  if (steps > MAX_GRID_POINTS) throw new ExperimentError(`--vary ${path}: steps of lo:hi:steps: at most ${grouped(MAX_GRID_POINTS)}, found ${steps}`);
  if (!Number.isSafeInteger(steps) || steps < 2) throw new ExperimentError(`--vary ${path}: steps of lo:hi:steps must be an integer ≥ 2, found ${steps}`);
  if (lo === hi) throw new ExperimentError(`--vary ${path}: lo and hi of lo:hi:steps are equal (${lo}); list a single value as path=${lo}`);
  return Array.from({ length: steps }, (_, k) => formatNumber(Number((lo + (k * (hi - lo)) / (steps - 1)).toPrecision(12))));
}

export function parseGrid(specs: readonly string[]): Axis[] {
  if (specs.length === 0) throw new ExperimentError('--vary: name at least one parameter to vary, e.g. --vary banks.mufg.policy.carryFloor=-1.5,-1,-0.5');
  const axes = specs.map(parseVary);
  const seen = new Set<string>();
  for (const a of axes) {
    if (seen.has(a.path)) throw new ExperimentError(`--vary ${a.path}: the same path is varied twice; list all its values in one --vary`);
    seen.add(a.path);
  }
  const points = axes.reduce((n, a) => n * a.values.length, 1);
  if (points > MAX_GRID_POINTS) {
    throw new ExperimentError(`--vary: the grid has ${grouped(points)} points (${axes.map((a) => a.values.length).join(' × ')}); ` +
      `at most ${grouped(MAX_GRID_POINTS)}`);
  }
  return axes;
}

/** The Cartesian product, the first axis varying slowest. */
export function gridPoints(axes: readonly Axis[]): GridPoint[] {
  let combos: string[][] = [[]];
  for (const a of axes) combos = combos.flatMap((c) => a.values.map((v) => [...c, v]));
  return combos.map((vals, index) => ({
    index,
    values: Object.fromEntries(axes.map((a, k) => [a.path, vals[k]])),
    sets: axes.map((a, k) => `${a.path}=${vals[k]}`),
  }));
}
