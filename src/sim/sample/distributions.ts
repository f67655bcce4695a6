// The distributions of `fimasim sample --sample path=dist(...)`, as plain data (they travel to worker threads in
// the batch spec and are recorded in manifest.json), and the map from a Latin-hypercube unit value u ∈ [0, 1) to a
// parameter value: the distribution's quantile function, so stratifying u stratifies the value.
import { inverseNormal } from '../../market/random-variates.js';

/** A numeric bound of the scenario schema at the sampled path; `inclusive: false` for `positive()` and the like. */
export interface Bound {
  readonly value: number;
  readonly inclusive: boolean;
}

export type Distribution =
  | { readonly kind: 'uniform'; readonly lo: number; readonly hi: number }
  | { readonly kind: 'loguniform'; readonly lo: number; readonly hi: number }
  // truncated to [min, max]: the schema's range at the path (null = unbounded on that side)
  | { readonly kind: 'normal'; readonly mean: number; readonly sd: number; readonly min: Bound | null; readonly max: Bound | null }
  | { readonly kind: 'choice'; readonly values: readonly (number | string)[] };

export type SampledValue = number | string;

export const DISTRIBUTION_FORMS = 'uniform(lo,hi), loguniform(lo,hi), normal(mean,sd) or choice(a,b,...)';

/**
 * The value at unit u. Continuous distributions map u through their quantile function; `choice` takes value
 * ⌊u·k⌋, so a hypercube of n runs gives each of k values n/k times (±1). u = 1 (never drawn) gives the supremum,
 * which is what the extremes check validates. `integer` rounds to the nearest integer (an integer schema field).
 */
export function valueAt(d: Distribution, u: number, integer = false): SampledValue {
  const round = (x: number): number => (integer ? Math.round(x) : x);
  switch (d.kind) {
    case 'uniform':
      return round(u >= 1 ? d.hi : d.lo + u * (d.hi - d.lo));
    case 'loguniform': {
      if (u <= 0) return round(d.lo);
      if (u >= 1) return round(d.hi);
      const x = Math.exp(Math.log(d.lo) + u * (Math.log(d.hi) - Math.log(d.lo)));
      return round(Math.min(d.hi, Math.max(d.lo, x)));
    }
    case 'normal':
      return round(truncatedNormal(d, u));
    case 'choice':
      return d.values[Math.min(d.values.length - 1, Math.floor(u * d.values.length))];
  }
}

// p never reaches 0 or 1, where the normal quantile is infinite
const P_MIN = 1e-300;

function truncatedNormal(d: Extract<Distribution, { kind: 'normal' }>, u: number): number {
  const lo = innerEdge(d.min, 1), hi = innerEdge(d.max, -1);
  const pa = normalCdf((lo - d.mean) / d.sd), pb = normalCdf((hi - d.mean) / d.sd);
  const p = Math.min(1 - Number.EPSILON / 2, Math.max(P_MIN, pa + Math.min(1, u) * (pb - pa)));
  const x = d.mean + d.sd * inverseNormal(p);
  return Math.min(hi, Math.max(lo, x));
}

/** The closest admissible value to a bound: the bound itself when inclusive, the next double inward otherwise. */
function innerEdge(b: Bound | null, inward: 1 | -1): number {
  if (b === null) return inward * -Infinity;
  if (b.inclusive) return b.value;
  return nextDouble(b.value, inward);
}

function nextDouble(x: number, direction: 1 | -1): number {
  if (x === 0) return direction * Number.MIN_VALUE;
  const buf = new Float64Array([x]);
  const bits = new BigInt64Array(buf.buffer);
  bits[0] += (x > 0) === (direction > 0) ? 1n : -1n;
  return buf[0];
}

/** Probability mass the truncation keeps, P(min ≤ X ≤ max); ≈ 0 means the truncation is almost empty. */
export function truncatedMass(d: Extract<Distribution, { kind: 'normal' }>): number {
  return normalCdf((innerEdge(d.max, -1) - d.mean) / d.sd) - normalCdf((innerEdge(d.min, 1) - d.mean) / d.sd);
}

/**
 * The standard normal CDF Φ(x), double precision: Hart's rational approximation (1968) as given by G. West,
 * "Better approximations to cumulative normal functions", Wilmott (2005). Φ(±∞) = 1 or 0.
 */
export function normalCdf(x: number): number {
  const z = Math.abs(x);
  let c = 0;
  if (z <= 37) {
    const e = Math.exp((-z * z) / 2);
    if (z < 7.07106781186547) {
      let n = 3.52624965998911e-2 * z + 0.700383064443688;
      n = n * z + 6.37396220353165;
      n = n * z + 33.912866078383;
      n = n * z + 112.079291497871;
      n = n * z + 221.213596169931;
      n = n * z + 220.206867912376;
      let m = 8.83883476483184e-2 * z + 1.75566716318264;
      m = m * z + 16.064177579207;
      m = m * z + 86.7807322029461;
      m = m * z + 296.564248779674;
      m = m * z + 637.333633378831;
      m = m * z + 793.826512519948;
      m = m * z + 440.413735824752;
      c = (e * n) / m;
    } else {
      let f = z + 0.65;
      f = z + 4 / f;
      f = z + 3 / f;
      f = z + 2 / f;
      f = z + 1 / f;
      c = e / f / 2.506628274631;
    }
  }
  return x <= 0 ? c : 1 - c;
}

/** The distribution as the user would write it, e.g. `uniform(0.1,0.3)`. */
export function distributionText(d: Distribution): string {
  switch (d.kind) {
    case 'uniform':
    case 'loguniform':
      return `${d.kind}(${d.lo},${d.hi})`;
    case 'normal':
      return `normal(${d.mean},${d.sd})`;
    case 'choice':
      return `choice(${d.values.join(',')})`;
  }
}

/** The value of a choice as a number for rank statistics: numbers as they are, other values by their position. */
export function numericCode(d: Distribution, v: SampledValue): number {
  if (typeof v === 'number') return v;
  return d.kind === 'choice' ? d.values.indexOf(v) : Number.NaN;
}
