// FX (design §5): hedge cost H = (r_USD − r_JPY) − basis; the basis widens (more negative) under yield stress and
// narrows when the facility is used; USD/JPY moves with the rate gap, with unhedged flows and with noise.

export const hedgeCost = (rUsd: number, rJpy: number, basis: number): number => rUsd - rJpy - basis;

export interface BasisParams {
  readonly anchor: number; // decimal, ≤ 0
  readonly decay: number; // per tick, 2^(−1/H)
  readonly sd: number; // decimal per tick
  readonly stressSensitivity: number; // basis change per unit of positive 20-day yield rise
  readonly facilityNarrowing: number; // decimal at a fully drawn standard cap
}

/** The level the basis reverts to today. */
export function basisTarget(p: BasisParams, y10Rise20: number, repoShareOfCap: number): number {
  return p.anchor - p.stressSensitivity * Math.max(0, y10Rise20) + p.facilityNarrowing * Math.min(1, Math.max(0, repoShareOfCap));
}

export function stepBasis(basis: number, target: number, p: BasisParams, shock: number): number {
  return target + (basis - target) * p.decay + p.sd * shock;
}

export interface FxParams {
  readonly sd: number; // log points per tick
  readonly rateGapSensitivity: number; // Δln(USDJPY) per unit change of (r_USD − r_JPY)
  readonly flowImpact: number; // Δln(USDJPY) per USD bn of dollars sold for yen
}

/** USD/JPY after today's flows: `dollarsSold` is USD bn converted into yen (unhedged sales, net of hedge cuts). */
export function stepUsdJpy(usdjpy: number, p: FxParams, gapChange: number, dollarsSold: number, shock: number): number {
  return usdjpy * Math.exp(p.rateGapSensitivity * gapChange - p.flowImpact * dollarsSold + p.sd * shock);
}
