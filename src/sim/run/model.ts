// The scenario in model units: every conversion from the file's percent, bp, per-month and half-life figures
// happens here, once, at the edge (design §3).
import type { Scenario, TimelineEvent } from '../scenario/schema.js';
import type { PurchaseSchedule } from '../../contracts.js';
import type { YieldImpact } from '../../market/treasury-market.js';
import { fitQuotedCurve, type RatePath, type RatePathRules } from '../../market/rates.js';
import type { BasisParams, FxParams } from '../../market/fx.js';
import type { MoneyFundRules } from '../../agents/money-funds.js';
import { reserveCurve, type ReserveCurve } from '../../market/reserves.js';
import type { RateRule } from '../../agents/fed-fima.js';
import { bpToDecimal, halfLifeToDecay, pctToDecimal, perMonthToPerTick, perYearToPerTick } from '../units.js';

export interface Model {
  readonly y10: number; readonly fedTop0: number; readonly effrBelowTop: number; readonly rJpy0: number;
  readonly outstanding: number;
  /** The expected short-rate path at tick 0 (through the policy rate, the 3m and the 2y: fitCurve) and its rules;
   *  the term premium at tick 0 is what is left of the 10y: tp0 = y10 − A_10. */
  readonly ratePath0: Readonly<RatePath>; readonly rates: RatePathRules; readonly programmeHorizon: number;
  readonly impact: YieldImpact;
  readonly basis0: number; readonly basis: BasisParams; readonly usdjpy: number; readonly fx: FxParams;
  readonly qtTreasuryPerTick: number; readonly qtMbsPerTick: number; readonly qtOtherPerTick: number;
  readonly currencyGrowth: number; readonly qtPauseRise: number; readonly qtResumeRise: number;
  readonly purchases: PurchaseSchedule;
  readonly fimaCap: number; readonly haircut: number; readonly capRule: { rise: number; newCap: number; whenBinding?: boolean } | null;
  readonly rateRule: RateRule | null;
  readonly proceedsToRrpShare: number; readonly custodyDuration: number;
  readonly deficitPerTick: number; readonly fiscalSd: number;
  readonly moneyFunds: MoneyFundRules; readonly billShare: number; readonly reserveCurve: ReserveCurve;
  readonly coins: number; readonly idioSd: number; readonly wMin: number; readonly wMax: number;
  readonly sentimentNormal: boolean; readonly sentimentNu: number; readonly sentimentSd: number; readonly sentimentDecay: number;
  readonly attention: number; readonly attentionPersistence: number; readonly attentionRef: number;
  readonly momentum: number; readonly emaDecay: number;
  readonly arrivalProb: number; readonly newcomerCash: number;
  /** Share of the gap between base and held weight closed per tick (0: fixed base weights). */
  readonly anchorDrift: number;
  timelineByTick(tickOf: (date: string) => number): Map<number, TimelineEvent[]>;
}

/**
 * The opening path through the policy rate (EFFR = top − effrBelowTop), the 3m bill (on the money-market basis,
 * × 360/365, as the EFFR) and the 2y; its κ is the curve's where the three identify one, else the nearest the curve
 * allows (fitCurve: the fastest for a front steeper than it, ln 2 / slopeHalfLifeYears otherwise).
 */
function openingCurve(s: Scenario): ReturnType<typeof fitQuotedCurve> {
  const r0 = pctToDecimal(s.fed.policyRateTop - s.fed.effrBelowTop);
  return fitQuotedCurve(r0, pctToDecimal(s.market.y3m), pctToDecimal(s.market.y2), Math.LN2 / s.market.ust.slopeHalfLifeYears);
}

/** The rules of the expected short-rate path; its level news reverts to the level fitted at tick 0. */
function rateRules(s: Scenario, opening: ReturnType<typeof fitQuotedCurve>): RatePathRules {
  const u = s.market.ust, kappa = opening.kappa;
  return {
    kappa, rollDecay: Math.exp(-kappa / 252), levelAnchor: opening.path.level,
    levelDecay: halfLifeToDecay(u.fundamentalHalfLife), levelSd: bpToDecimal(u.fundamentalSdBp), slopeSd: bpToDecimal(u.slopeSdBp),
    surpriseToLevel: u.surpriseToLevel,
  };
}

/** The reference daily BTC move the attention mechanism is normalised to: 61% a year → ≈ 3.8% a tick. */
const BTC_TICK_VOL = 0.61 / Math.sqrt(252);

export function compileModel(s: Scenario): Model {
  const u = s.market.ust, fx = s.market.fx, f = s.fed, c = s.crypto, opening = openingCurve(s);
  return {
    y10: pctToDecimal(s.market.y10), fedTop0: pctToDecimal(f.policyRateTop), effrBelowTop: pctToDecimal(f.effrBelowTop),
    rJpy0: pctToDecimal(s.market.rJpy), outstanding: u.outstanding,
    ratePath0: opening.path, rates: rateRules(s, opening), programmeHorizon: u.programmeHorizonTicks,
    impact: {
      permanent: bpToDecimal(u.permanentBpPerBn), transient: bpToDecimal(u.transientBpPerBn),
      decay: halfLifeToDecay(u.overhangHalfLife), capacity: u.dealerCapacity, convexity: bpToDecimal(u.convexityBpPerBn2),
    },
    basis0: pctToDecimal(fx.basis),
    basis: {
      anchor: pctToDecimal(fx.basis), decay: halfLifeToDecay(fx.basisHalfLife), sd: bpToDecimal(fx.basisSdBp),
      stressSensitivity: fx.basisStressPerBp, facilityNarrowing: bpToDecimal(fx.facilityNarrowingBp),
    },
    usdjpy: fx.usdjpy,
    fx: { sd: pctToDecimal(fx.sdPct), rateGapSensitivity: fx.rateGapSensitivity, flowImpact: pctToDecimal(fx.flowImpactPctPerBn) },
    qtTreasuryPerTick: perMonthToPerTick(f.qt.treasuryCapPerMonth), qtMbsPerTick: perMonthToPerTick(f.qt.mbsPerMonth),
    qtOtherPerTick: perMonthToPerTick(f.qt.otherPerMonth), currencyGrowth: perYearToPerTick(f.currencyGrowthPctPerYear / 100),
    qtPauseRise: bpToDecimal(f.qt.pauseRiseBp), qtResumeRise: bpToDecimal(f.qt.resumeRiseBp),
    purchases: { threshold: pctToDecimal(f.emergency.yield), slope: f.emergency.slopePerBp * 1e4, max: f.emergency.maxPerTick },
    fimaCap: f.fima.capPerCounterparty, haircut: f.fima.haircut,
    capRule: f.fima.capRule ? { rise: bpToDecimal(f.fima.capRule.riseBp), newCap: f.fima.capRule.newCap, ...(f.fima.capRule.whenBinding ? { whenBinding: true } : {}) } : null,
    rateRule: f.rateRule ? { cutRise: bpToDecimal(f.rateRule.cutRiseBp), cut: bpToDecimal(f.rateRule.cutBp), meetingEvery: f.rateRule.meetingEvery, floor: pctToDecimal(f.rateRule.floorPct) } : null,
    proceedsToRrpShare: f.proceedsToRrpShare, custodyDuration: 6,
    deficitPerTick: perYearToPerTick(s.treasury.deficitPerYear), fiscalSd: s.treasury.fiscalSdPerTick,
    billShare: 1 - s.treasury.couponShare, reserveCurve: reserveCurve(s.reserves),
    moneyFunds: {
      anchor: bpToDecimal(s.moneyFunds.billSpreadBp), decay: halfLifeToDecay(s.moneyFunds.spreadHalfLife),
      impact: bpToDecimal(s.moneyFunds.supplyImpactBpPerBn),
      // a usual day's net new bills: the bill share of the expected deficit and of the refinanced QT runoff
      pace: (1 - s.treasury.couponShare) * (perYearToPerTick(s.treasury.deficitPerYear) + perMonthToPerTick(f.qt.treasuryCapPerMonth)),
      shareAtZero: s.moneyFunds.rrpShareAtZeroSpread, sharePerUnit: s.moneyFunds.rrpSharePerBp * 1e4, repoPerBp: s.moneyFunds.rrpToRepoPerBp,
    },
    coins: c.coins, idioSd: c.idiosyncraticSd, wMin: c.minWeight, wMax: c.maxWeight,
    sentimentNormal: c.sentiment.dist === 'normal', sentimentNu: c.sentiment.nu, sentimentSd: c.sentiment.sd,
    sentimentDecay: halfLifeToDecay(c.sentiment.halfLife), attention: c.sentiment.attention,
    attentionPersistence: c.sentiment.attentionPersistence, attentionRef: BTC_TICK_VOL,
    momentum: c.cohorts.momentum.momentum, emaDecay: halfLifeToDecay(c.cohorts.momentum.emaHalfLife),
    arrivalProb: c.cohorts.newcomers.arrivalProb,
    anchorDrift: c.anchorHalfLife === null ? 0 : 1 - halfLifeToDecay(c.anchorHalfLife),
    newcomerCash: c.cohorts.newcomers.slots > 0 ? c.cohorts.newcomers.cashTotal / c.cohorts.newcomers.slots : 0,
    timelineByTick(tickOf) {
      const byTick = new Map<number, TimelineEvent[]>();
      for (const ev of s.timeline) {
        // an event on a holiday applies on the next trading day; one dated on the start day, on the first tick
        const t = Math.max(1, tickOf(ev.date));
        if (t > s.ticks) continue; // after the horizon: never happens
        const list = byTick.get(t) ?? [];
        list.push(ev);
        byTick.set(t, list);
      }
      return byTick;
    },
  };
}
