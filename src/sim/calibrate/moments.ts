// The moments a calibration matches, declared as one table (name, unit, what it is, the inputs it needs, and the
// function). Every moment is a function of *change series* — daily or weekly changes — so one function serves a
// simulated run, the data over the window, and a block-bootstrap replica of the data (inputs.ts builds each).

/** The change series moments are computed from. Daily: one value per trading day; weekly: one per week. */
export const INPUTS = ['d.ust10y', 'd.btc', 'w.rrp', 'w.tga', 'w.reserves', 'w.btc', 'w.nl'] as const;
export type InputName = (typeof INPUTS)[number];
/** The change series, and the responses to a study's dated events by event name (events.ts). */
export type Inputs = Readonly<Record<InputName, Float64Array>> & {
  readonly events?: Readonly<Record<string, number>>;
  /** A simulated path made of several segments: how many daily changes each segment contributes, in order (absent:
   *  one segment, as for the data and its bootstrap replicas). Statistics measured within years use it so that no
   *  year spans two segments. */
  readonly dailySegments?: readonly number[];
};

export interface Moment {
  readonly name: string;
  readonly unit: string;
  readonly label: string;
  readonly inputs: readonly InputName[];
  /** The fewest ticks a simulated segment needs for the moment to be defined within it. */
  readonly minTicks: number;
  readonly compute: (x: Inputs) => number;
}

const moment = (name: string, unit: string, label: string, inputs: InputName[], minTicks: number, compute: (x: Inputs) => number): Moment =>
  ({ name, unit, label, inputs, minTicks, compute });

/** Lags of the |r| autocorrelation, and the length of the "years" it is measured within (trading days). */
export const ABS_ACF_LAGS = 20;
export const YEAR_DAYS = 252;

export const MOMENTS: readonly Moment[] = [
  moment('ust10y.dailySd', 'bp', 'sd of daily 10y changes', ['d.ust10y'], 2, (x) => sd(x['d.ust10y'])),
  moment('ust10y.sd63', 'bp', 'sd of 63-day 10y changes (overlapping)', ['d.ust10y'], 64, (x) => sd(overlappingSums(x['d.ust10y'], 63))),
  moment('btc.dailyVol', 'log', 'sd of daily BTC log returns', ['d.btc'], 2, (x) => sd(x['d.btc'])),
  moment('btc.kurtosis', '', 'excess kurtosis of daily BTC log returns', ['d.btc'], 5, (x) => excessKurtosis(x['d.btc'])),
  moment('btc.absAcf', '', `mean autocorrelation of |daily BTC return|, lags 1–${ABS_ACF_LAGS}, within years`, ['d.btc'], ABS_ACF_LAGS + 2,
    (x) => meanAbsAcfWithinYears(dailySegments(x['d.btc'], x.dailySegments))),
  moment('btc.vr21', '', '21-day variance ratio of BTC log returns', ['d.btc'], 42, (x) => varianceRatio(x['d.btc'], 21)),
  moment('btc.vr252', '', '252-day variance ratio of BTC log returns', ['d.btc'], 504, (x) => varianceRatio(x['d.btc'], 252)),
  moment('rrp.weeklySd', 'USD bn', 'sd of weekly ON RRP changes', ['w.rrp'], 11, (x) => sd(x['w.rrp'])),
  moment('tga.weeklySd', 'USD bn', 'sd of weekly TGA changes', ['w.tga'], 11, (x) => sd(x['w.tga'])),
  moment('reserves.weeklySd', 'USD bn', 'sd of weekly reserves changes', ['w.reserves'], 11, (x) => sd(x['w.reserves'])),
  moment('btc.liquidityBeta', '', 'slope of weekly BTC log return on weekly Δln net liquidity', ['w.btc', 'w.nl'], 11,
    (x) => slope(x['w.nl'], x['w.btc'])),
];

export const momentNames = (): string[] => MOMENTS.map((m) => m.name);
export const findMoment = (name: string): Moment | undefined => MOMENTS.find((m) => m.name === name);

// ---- the statistics, each NaN where undefined (too few values, no variation) ----

export function mean(x: ArrayLike<number>): number {
  if (x.length === 0) return Number.NaN;
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i];
  return s / x.length;
}

/** Sample standard deviation (n − 1). */
export function sd(x: ArrayLike<number>): number {
  if (x.length < 2) return Number.NaN;
  const m = mean(x);
  let ss = 0;
  for (let i = 0; i < x.length; i++) ss += (x[i] - m) ** 2;
  return Math.sqrt(ss / (x.length - 1));
}

/** Sums of q consecutive values: x[0..q), x[1..q+1), … (n − q + 1 of them). */
export function overlappingSums(x: ArrayLike<number>, q: number): Float64Array {
  const n = x.length - q + 1;
  if (n <= 0) return new Float64Array(0);
  const out = new Float64Array(n);
  let s = 0;
  for (let i = 0; i < q; i++) s += x[i];
  out[0] = s;
  for (let i = 1; i < n; i++) {
    s += x[i + q - 1] - x[i - 1];
    out[i] = s;
  }
  return out;
}

/** m4 / m2² − 3 with population central moments. */
export function excessKurtosis(x: ArrayLike<number>): number {
  if (x.length < 4) return Number.NaN;
  const m = mean(x);
  let m2 = 0, m4 = 0;
  for (let i = 0; i < x.length; i++) {
    const d = (x[i] - m) ** 2;
    m2 += d;
    m4 += d * d;
  }
  m2 /= x.length;
  m4 /= x.length;
  return m2 > 0 ? m4 / (m2 * m2) - 3 : Number.NaN;
}

/** Sample autocorrelation at a lag: Σ (x_t − x̄)(x_{t+k} − x̄) / Σ (x_t − x̄)². */
export function autocorrelation(x: ArrayLike<number>, lag: number): number {
  if (x.length <= lag + 1) return Number.NaN;
  const m = mean(x);
  let num = 0, den = 0;
  for (let i = 0; i < x.length; i++) {
    den += (x[i] - m) ** 2;
    if (i + lag < x.length) num += (x[i] - m) * (x[i + lag] - m);
  }
  return den > 0 ? num / den : Number.NaN;
}

/** The mean autocorrelation of |x| over lags 1..maxLag (volatility clustering). */
export function meanAbsAcf(x: ArrayLike<number>, maxLag: number): number {
  const a = Float64Array.from(x, Math.abs);
  let s = 0;
  for (let k = 1; k <= maxLag; k++) s += autocorrelation(a, k);
  return s / maxLag;
}

/** Lo–MacKinlay variance ratio with overlapping q-period sums: Var(Σ_q x) / (q Var(x)); 1 for a random walk. */
export function varianceRatio(x: ArrayLike<number>, q: number): number {
  const v1 = sd(x) ** 2;
  const vq = sd(overlappingSums(x, q)) ** 2;
  return v1 > 0 ? vq / (q * v1) : Number.NaN;
}

/** The OLS slope of y on x: cov(x, y) / var(x). */
export function slope(x: ArrayLike<number>, y: ArrayLike<number>): number {
  const n = Math.min(x.length, y.length);
  if (n < 3) return Number.NaN;
  const mx = mean(x), my = mean(y);
  let sxy = 0, sxx = 0;
  for (let i = 0; i < n; i++) {
    sxy += (x[i] - mx) * (y[i] - my);
    sxx += (x[i] - mx) ** 2;
  }
  return sxx > 0 ? sxy / sxx : Number.NaN;
}

/** A concatenated daily series cut back into its segments (lengths as in Inputs.dailySegments; absent: one). */
export function dailySegments(x: Float64Array, lengths?: readonly number[]): Float64Array[] {
  if (!lengths || lengths.length <= 1) return [x];
  const out: Float64Array[] = [];
  let o = 0;
  for (const n of lengths) { out.push(x.subarray(o, o + n)); o += n; }
  return out;
}

/**
 * The segments cut into consecutive years of YEAR_DAYS returns (a shorter remainder is its own segment). The |r|
 * autocorrelation is measured within years, by `fimasim btc-facts` and by the calibration's btc.absAcf alike: pooled
 * over independent runs or over a long window, the differences between years' (or runs') volatility levels would
 * count as persistence that a single year cannot show.
 */
export function years(segments: readonly Float64Array[]): Float64Array[] {
  const out: Float64Array[] = [];
  for (const x of segments) for (let s = 0; s < x.length; s += YEAR_DAYS) out.push(x.subarray(s, Math.min(x.length, s + YEAR_DAYS)));
  return out;
}

/** Autocorrelations of |r| at lags 0..maxLag, each segment about its own mean, pairs only within a segment. */
export function absAcf(segments: readonly Float64Array[], maxLag: number): Float64Array {
  const out = new Float64Array(maxLag + 1).fill(Number.NaN);
  const means = segments.map((x) => { let s = 0; for (let i = 0; i < x.length; i++) s += Math.abs(x[i]); return x.length > 0 ? s / x.length : 0; });
  let den = 0;
  segments.forEach((x, j) => { for (let i = 0; i < x.length; i++) den += (Math.abs(x[i]) - means[j]) ** 2; });
  if (!(den > 0)) return out;
  for (let k = 0; k <= maxLag; k++) {
    let num = 0;
    segments.forEach((x, j) => { const m = means[j]; for (let i = 0; i + k < x.length; i++) num += (Math.abs(x[i]) - m) * (Math.abs(x[i + k]) - m); });
    out[k] = num / den;
  }
  return out;
}

/** The mean autocorrelation of |r| at lags 1..ABS_ACF_LAGS within years: btc-facts' `absAcf` and the moment btc.absAcf. */
export function meanAbsAcfWithinYears(segments: readonly Float64Array[], maxLag = ABS_ACF_LAGS): number {
  const a = absAcf(years(segments), maxLag);
  let sum = 0;
  for (let k = 1; k <= maxLag; k++) sum += a[k];
  return sum / maxLag;
}
