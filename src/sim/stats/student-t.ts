// Student's t distribution, for confidence intervals of mean differences (simple-statistics has no t quantile).
import * as ss from 'simple-statistics';

const EPS = 1e-16;
const TINY = 1e-300;
// The continued fraction needs O(sqrt(max(a, b))) terms; this covers df up to ~1e8.
const MAX_TERMS = 50_000;

// Continued fraction of the incomplete beta function, modified Lentz (Numerical Recipes §6.4).
function betaContinuedFraction(x: number, a: number, b: number): number {
  const qab = a + b;
  const qap = a + 1;
  const qam = a - 1;
  let c = 1;
  let d = 1 - (qab * x) / qap;
  if (Math.abs(d) < TINY) d = TINY;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= MAX_TERMS; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((qam + m2) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (qab + m) * x) / ((a + m2) * (qap + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < EPS) break;
  }
  return h;
}

/** Regularized incomplete beta I_x(a, b) by its continued fraction, using the symmetry for fast convergence. */
export function incompleteBeta(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const lnFront = ss.gammaln(a + b) - ss.gammaln(a) - ss.gammaln(b) + a * Math.log(x) + b * Math.log1p(-x);
  const front = Math.exp(lnFront);
  if (x < (a + 1) / (a + b + 2)) return (front * betaContinuedFraction(x, a, b)) / a;
  return 1 - (front * betaContinuedFraction(1 - x, b, a)) / b;
}

/** CDF of Student's t with df > 0 degrees of freedom (df may be fractional, as in Welch's interval). */
export function tCdf(t: number, df: number): number {
  const tail = 0.5 * incompleteBeta(df / (df + t * t), df / 2, 0.5);
  return t >= 0 ? 1 - tail : tail;
}

/** Quantile of Student's t: bisection on x of I_x(df/2, 1/2) = 2(1 − p), then t = sqrt(df (1 − x) / x). */
export function tQuantile(p: number, df: number): number {
  if (!(p > 0 && p < 1) || !(df > 0)) return NaN;
  if (p === 0.5) return 0;
  if (p < 0.5) return -tQuantile(1 - p, df);
  // I_x is increasing in x, and x = df / (df + t²) falls as t grows; bisect to the last representable step.
  const target = 2 * (1 - p);
  let lo = 0;
  let hi = 1;
  for (let i = 0; i < 1100 && hi - lo > 0; i++) {
    const mid = lo + (hi - lo) / 2;
    if (mid === lo || mid === hi) break;
    if (incompleteBeta(mid, df / 2, 0.5) < target) lo = mid;
    else hi = mid;
  }
  const x = lo + (hi - lo) / 2;
  return Math.sqrt((df * (1 - x)) / x);
}
