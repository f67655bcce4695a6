// BTC clearing (design §5): with partial adjustment α_i, targets w_i, cash c_i and coins b_i, the price at which
// net trades sum to zero is P = Σ α_i w_i c_i / Σ α_i (1 − w_i) b_i. Demand is aggregated once per tick by the
// investors' loops; clearing never re-evaluates investors.

/** Clearing price in USD per BTC from aggregated demand (num in USD bn, den in coins). */
export function clearBtc(num: number, den: number): number {
  return (num / den) * 1e9;
}
