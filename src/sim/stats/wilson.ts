// Probabilities of boolean outcomes across runs, with their uncertainty.

/** z of a two-sided 95% interval: the 0.975 quantile of the standard normal. */
export const Z_95 = 1.959963984540054;

export interface Proportion {
  count: number;
  n: number;
  p: number | null;
  lo: number | null;
  hi: number | null;
}

/** Wilson score interval for count/n (Wilson 1927); p, lo, hi are null when n = 0. */
export function wilson(count: number, n: number, z = Z_95): Proportion {
  if (n === 0) return { count, n, p: null, lo: null, hi: null };
  const p = count / n;
  const z2n = (z * z) / n;
  const centre = (p + z2n / 2) / (1 + z2n);
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2n / (4 * n))) / (1 + z2n);
  // At count = 0 (or n) the exact bound is 0 (or 1); the formula only gets there up to rounding, either side.
  const lo = count === 0 ? 0 : Math.max(0, centre - half);
  const hi = count === n ? 1 : Math.min(1, centre + half);
  return { count, n, p, lo, hi };
}
