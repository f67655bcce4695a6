// Variates built from a uniform stream. Kept here (pure, no state) so agents and markets share one definition.
import type { Uniform } from '../contracts.js';

const TWO_PI = 2 * Math.PI;

/** A standard normal by Box–Muller (one draw per call, the cosine branch: two uniforms per normal). */
export function normal(u: Uniform): number {
  let u1 = u();
  while (u1 <= 0) u1 = u(); // alea can return exactly 0
  return Math.sqrt(-2 * Math.log(u1)) * Math.cos(TWO_PI * u());
}

/** Student-t with ν degrees of freedom scaled to unit variance (ν > 2): z / sqrt(χ²_ν/ν) · sqrt((ν−2)/ν). */
export function studentTUnit(u: Uniform, nu: number): number {
  const z = normal(u);
  let chi2 = 0;
  for (let k = 0; k < nu; k++) {
    const g = normal(u);
    chi2 += g * g;
  }
  return (z / Math.sqrt(chi2 / nu)) * Math.sqrt((nu - 2) / nu);
}

/** The inverse standard normal CDF (Acklam's rational approximation, |error| < 1.2e-9). */
export function inverseNormal(p: number): number {
  const a = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239];
  const b = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
  const c = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
  const lo = 0.02425;
  if (p < lo) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  }
  if (p > 1 - lo) return -inverseNormal(1 - p);
  const q = p - 0.5, r = q * q;
  return ((((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q) / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
}

/**
 * A table of normal quantiles at the midpoints of 2^k equal-probability cells. Indexing it with a uniform draw gives a
 * cheap, nearly normal idiosyncratic shock (one uniform, one load) instead of a Box–Muller pair per investor-step.
 */
export function normalTable(bits = 12): Float64Array {
  const n = 1 << bits;
  const t = new Float64Array(n);
  for (let k = 0; k < n; k++) t[k] = inverseNormal((k + 0.5) / n);
  // rescale so the table has exactly unit variance
  let s2 = 0;
  for (let k = 0; k < n; k++) s2 += t[k] * t[k];
  const scale = 1 / Math.sqrt(s2 / n);
  for (let k = 0; k < n; k++) t[k] *= scale;
  return t;
}
