// Treasury market clearing, 10-year equivalent (design §5; issue 14 item 1). The 10y is expected short rates plus a
// term premium from a preferred-habitat block (Vayanos–Vila): risk-averse arbitrageurs absorb the net duration supply
// D_t, so the premium rises by λp per USD bn of 10y-eq they must hold, and a flow adds a transient part that decays:
//   y_t = y*_t + λp·S_t + λτ·O_t + γ·(O_t − K)⁺²,  S_t = S_{t−1} + q_t − a_t,  O_t = O_{t−1}·2^(−1/H) + q_t,
// with y*_t = A_10,t + TP0 + λp·(announced stock) + shocks (the engine's part), q_t the net supply of the tick (Japanese
// sales, off-schedule issuance and repayment sales, against BOJ absorption, buybacks and Fed purchases) and a_t the
// part of it an announced programme had already put in the stock. Absorption and emergency purchases depend on the
// clearing yield, so we solve y = Y(q(y)) by bracketing.
import type { AbsorptionSchedule, PurchaseSchedule } from '../contracts.js';
import { brent } from './root-finder.js';

export interface YieldImpact {
  readonly permanent: number; // λp, decimal yield per USD bn (10y-eq)
  readonly transient: number; // λτ
  readonly decay: number; // 2^(−1/H)
  readonly capacity: number; // K, USD bn
  readonly convexity: number; // γ, decimal per USD bn²
}

export interface TreasuryFlows {
  readonly yStar: number;
  readonly permanentBefore: number; // S_{t−1}
  readonly overhangBefore: number; // O_{t−1}
  readonly anticipated10y?: number; // a_t: 10y-eq of today's supply already in the stock (an announced programme); 0 if absent
  readonly jpSales: number; // par, USD bn
  readonly jpSales10y: number; // 10y-eq
  readonly otherSupply10y: number; // off-schedule issuance + repayment sales − buybacks, 10y-eq
  readonly absorption: AbsorptionSchedule | null;
  readonly officialRatio10y: number; // 10y-eq per USD bn par of what the BOJ/MoF buys from other holders
  readonly purchases: PurchaseSchedule | null;
}

export interface YieldClearing {
  readonly y10: number;
  readonly supply10y: number; // q_t
  readonly permanent: number; // S_t
  readonly overhang: number; // O_t
  readonly absorbed: number; // par of Japanese sales absorbed by the BOJ
  readonly bought: number; // par the BOJ/MoF bought from other holders
  readonly purchased: number; // par bought by the Fed
  readonly iterations: number;
}

/** Absorbed par at yield y: φ · ramp(y) · sales, capped by the repo headroom. */
export function absorbedAt(s: AbsorptionSchedule | null, sales: number, y: number): number {
  if (!s || sales <= 0) return 0;
  const ramp = s.ramp > 0 ? Math.min(1, Math.max(0, (y - s.aboveYield) / s.ramp)) : (y >= s.aboveYield ? 1 : 0);
  return Math.min(s.limit, s.share * ramp * sales);
}

/** Par the BOJ/MoF buys from other holders at yield y: its market amount, ramped like its absorption, within what the
 *  Japanese sales it took leave of the limit. */
export function boughtAt(s: AbsorptionSchedule | null, sales: number, y: number): number {
  if (!s || s.market <= 0) return 0;
  const ramp = s.ramp > 0 ? Math.min(1, Math.max(0, (y - s.aboveYield) / s.ramp)) : (y >= s.aboveYield ? 1 : 0);
  return Math.max(0, Math.min(s.limit - absorbedAt(s, sales, y), s.market * ramp));
}

export const purchasedAt = (s: PurchaseSchedule | null, y: number): number =>
  s ? Math.min(s.max, s.slope * Math.max(0, y - s.threshold)) : 0;

/** The yield implied by a net supply surprise q (before contingent buyers react again). */
export function yieldFor(q: number, f: TreasuryFlows, m: YieldImpact): number {
  const o = f.overhangBefore * m.decay + q;
  const excess = o - m.capacity;
  return f.yStar + m.permanent * (f.permanentBefore + q - (f.anticipated10y ?? 0)) + m.transient * o + (excess > 0 ? m.convexity * excess * excess : 0);
}

export function clearYield(f: TreasuryFlows, m: YieldImpact): YieldClearing {
  const ratio10y = f.jpSales > 0 ? f.jpSales10y / f.jpSales : 0;
  const q = (y: number): number =>
    f.jpSales10y + f.otherSupply10y - absorbedAt(f.absorption, f.jpSales, y) * ratio10y - boughtAt(f.absorption, f.jpSales, y) * f.officialRatio10y - purchasedAt(f.purchases, y);
  const excess = (y: number): number => y - yieldFor(q(y), f, m); // increasing in y: buyers only add at higher yields
  // No buyer reacts: the highest possible yield. Every buyer at its maximum: the lowest.
  const hi = yieldFor(f.jpSales10y + f.otherSupply10y, f, m);
  const maxAbsorbed = f.absorption ? Math.min(f.absorption.limit, f.absorption.share * Math.max(0, f.jpSales)) : 0;
  const maxBought = f.absorption ? Math.max(0, Math.min(f.absorption.limit, f.absorption.market)) : 0;
  const lo = yieldFor(f.jpSales10y + f.otherSupply10y - maxAbsorbed * ratio10y - maxBought * f.officialRatio10y - (f.purchases ? f.purchases.max : 0), f, m);
  let y = hi, iterations = 0;
  if (excess(hi) > 0 && hi > lo) {
    const r = brent(excess, lo - 1e-12, hi, 1e-14);
    y = r.x; iterations = r.iterations;
  }
  const qt = q(y);
  return {
    y10: y, supply10y: qt, permanent: f.permanentBefore + qt - (f.anticipated10y ?? 0), overhang: f.overhangBefore * m.decay + qt,
    absorbed: absorbedAt(f.absorption, f.jpSales, y), bought: boughtAt(f.absorption, f.jpSales, y), purchased: purchasedAt(f.purchases, y), iterations,
  };
}
