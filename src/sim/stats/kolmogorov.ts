// The limiting distribution of the scaled Kolmogorov–Smirnov statistic, for asymptotic p-values.

/** P(K > λ) for the Kolmogorov distribution: theta-function series for λ < 1, alternating series otherwise (as R). */
export function kolmogorovSurvival(lambda: number): number {
  if (!(lambda > 0)) return 1;
  if (lambda < 1) {
    // P(K ≤ λ) = √(2π)/λ Σ_{k≥1} exp(−(2k−1)²π²/(8λ²)); converges fast where the alternating series does not.
    let cdf = 0;
    for (let k = 1; k <= 20; k++) {
      cdf += Math.exp(-((2 * k - 1) ** 2) * Math.PI * Math.PI / (8 * lambda * lambda));
    }
    return 1 - (Math.sqrt(2 * Math.PI) / lambda) * cdf;
  }
  // P(K > λ) = 2 Σ_{k≥1} (−1)^{k−1} exp(−2k²λ²).
  let tail = 0;
  for (let k = 1; k <= 100; k++) {
    const term = Math.exp(-2 * k * k * lambda * lambda);
    tail += k % 2 === 1 ? term : -term;
    if (term < 1e-17) break;
  }
  return Math.min(1, Math.max(0, 2 * tail));
}
