// The crypto investors' common factors (design §4): a sentiment factor every cohort loads on, whose shocks scale
// with an attention term that rises after large BTC moves, and the momentum cohort's trailing return. Kept apart
// from crypto-investors.ts (the cohorts' demand and trades), which the crypto side's own issue reworks.

/** The parameters of the common factors, in model units (per tick). */
export interface CommonFactorParams {
  readonly attention: number; // weight of the latest squared move in the attention variance
  readonly attentionPersistence: number;
  readonly attentionRef: number; // the reference daily BTC move
  readonly sentimentDecay: number;
  readonly sentimentSd: number;
  readonly emaDecay: number; // of the momentum cohort's trailing return
}

export interface CommonFactors {
  attention: number;
  sentiment: number;
  momentumEma: number;
}

export const initialCommonFactors = (): CommonFactors => ({ attention: 1, sentiment: 0, momentumEma: 0 });

/**
 * One tick of the factors, given the last BTC log return and today's sentiment shock. Attention: investors revise
 * their views more after large moves — a GARCH(1,1)-like variance of the shock scale,
 * v = (1 − a − b) + a·min(9, (r/ref)²) + b·v, bounded so it cannot explode.
 */
export function stepCommonFactors(f: CommonFactors, p: CommonFactorParams, lastReturn: number, shock: number): void {
  f.attention = (1 - p.attention - p.attentionPersistence) + p.attention * Math.min(9, (lastReturn / p.attentionRef) ** 2) + p.attentionPersistence * f.attention;
  const scale = Math.sqrt(f.attention);
  f.sentiment = f.sentiment * p.sentimentDecay + p.sentimentSd * scale * shock;
  f.momentumEma = f.momentumEma * p.emaDecay + (1 - p.emaDecay) * lastReturn;
}
