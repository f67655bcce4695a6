// Stablecoin issuers (issue 15 item 2): dollars on-chain, backed by bills, ON RRP and bank deposits. Crypto's demand
// for on-chain dollars grows with the market: the supply's target is supply₀·(P/P₀)^elasticity, and the supply closes
// the gap to it with a half-life. New coins are paid for from `dep.rest`; the issuers then hold `bills` and `rrp`
// shares of the supply in bills and at the ON RRP, the rest as deposits (crypto-flows.ts stablecoinReserves).
// Redemptions run the other way. The link is one-way: the issuers' bill and RRP flows move the Treasury plumbing,
// the stablecoins themselves do not trade BTC.
import { z } from 'zod';

export const stablecoinSchema = z.strictObject({
  supply: z.number().min(0).default(160).describe('USD bn of stablecoins at tick 0'),
  elasticity: z.number().min(0).max(5).default(0.6).describe('target supply ∝ BTC price^elasticity'),
  halfLife: z.number().positive().max(10_000).default(21).describe('ticks: the supply closes half its gap to target in this time'),
  bills: z.number().min(0).max(1).default(0.65).describe('share of the reserves in Treasury bills'),
  rrp: z.number().min(0).max(1).default(0.15).describe('share of the reserves at the ON RRP (through a money fund); bills + rrp ≤ 1, the rest is bank deposits'),
});
export type StablecoinParams = z.infer<typeof stablecoinSchema>;

export interface Stablecoins {
  readonly elasticity: number;
  readonly speed: number; // 1 − 2^(−1/halfLife)
  readonly billShare: number;
  readonly rrpShare: number;
  readonly supply0: number;
  readonly price0: number;
  supply: number;
  bills: number;
  rrp: number; // the issuers' claim on the ON RRP (a part of fed.rrp)
}

export function createStablecoins(p: StablecoinParams, price0: number, rrpAvailable: number): Stablecoins {
  const rrp = Math.min(p.rrp * p.supply, rrpAvailable);
  return {
    elasticity: p.elasticity, speed: 1 - 2 ** (-1 / p.halfLife), billShare: p.bills, rrpShare: p.rrp,
    supply0: p.supply, price0, supply: p.supply, bills: p.bills * p.supply, rrp,
  };
}

/** Opening deposits of the issuers: the supply not in bills or at the RRP. */
export const stablecoinDeposits = (s: Stablecoins): number => s.supply - s.bills - s.rrp;

export interface StablecoinStep {
  issued: number; // USD bn, negative: redeemed
  bills: number; // bought (negative: sold)
  rrp: number; // placed (negative: taken back)
}

/**
 * Today's issuance and the reserves bought with it, at yesterday's price; `rrpRoom` is what the ON RRP can give back
 * today. The issuers' deposits stay ≥ 0: they never buy more than the supply leaves.
 */
export function stepStablecoins(s: Stablecoins, price: number, rrpRoom: number, out: StablecoinStep): StablecoinStep {
  const target = s.supply0 * (price / s.price0) ** s.elasticity;
  const issued = s.speed * (target - s.supply);
  s.supply += issued;
  const bills = s.billShare * s.supply - s.bills;
  let rrp = s.rrpShare * s.supply - s.rrp;
  if (rrp < 0) rrp = Math.max(rrp, -Math.min(s.rrp, rrpRoom));
  s.bills += bills; s.rrp += rrp;
  const short = s.supply - s.bills - s.rrp; // < 0 only if the RRP could not give back enough: sell more bills
  if (short < 0) { s.bills += short; out.bills = bills + short; } else out.bills = bills;
  out.issued = issued; out.rrp = rrp;
  return out;
}
