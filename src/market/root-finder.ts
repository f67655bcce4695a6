// The shared bracketing root-finder: Brent's method (bisection, secant and inverse quadratic interpolation).
// Clearing needs it because price-contingent buyers make excess demand nonlinear in the yield.

export interface RootResult {
  readonly x: number;
  readonly iterations: number;
}

/** Finds x in [lo, hi] with f(x) = 0, given f(lo) and f(hi) of opposite signs (or one of them zero). */
export function brent(f: (x: number) => number, lo: number, hi: number, tol = 1e-12, maxIter = 100): RootResult {
  let a = lo, b = hi, fa = f(a), fb = f(b);
  if (fa === 0) return { x: a, iterations: 0 };
  if (fb === 0) return { x: b, iterations: 0 };
  if (!(fa * fb < 0)) throw new RangeError(`root not bracketed: f(${lo}) = ${fa}, f(${hi}) = ${fb}`);
  let c = a, fc = fa, d = b - a, e = d;
  for (let i = 1; i <= maxIter; i++) {
    if (fb * fc > 0) { c = a; fc = fa; d = b - a; e = d; }
    if (Math.abs(fc) < Math.abs(fb)) { a = b; b = c; c = a; fa = fb; fb = fc; fc = fa; }
    const tol1 = 2 * Number.EPSILON * Math.abs(b) + 0.5 * tol;
    const m = 0.5 * (c - b);
    if (Math.abs(m) <= tol1 || fb === 0) return { x: b, iterations: i };
    if (Math.abs(e) >= tol1 && Math.abs(fa) > Math.abs(fb)) {
      const s = fb / fa;
      let p: number, q: number;
      if (a === c) { p = 2 * m * s; q = 1 - s; }
      else {
        const qa = fa / fc, r = fb / fc;
        p = s * (2 * m * qa * (qa - r) - (b - a) * (r - 1));
        q = (qa - 1) * (r - 1) * (s - 1);
      }
      if (p > 0) q = -q; else p = -p;
      if (2 * p < Math.min(3 * m * q - Math.abs(tol1 * q), Math.abs(e * q))) { e = d; d = p / q; }
      else { d = m; e = d; }
    } else { d = m; e = d; }
    a = b; fa = fb;
    b += Math.abs(d) > tol1 ? d : (m > 0 ? tol1 : -tol1);
    fb = f(b);
  }
  return { x: b, iterations: maxIter };
}
