// The thesis as a chain of conditional probabilities across runs (summary.json `chain`, the report's chain table).
import { wilson } from './wilson.js';

/** The per-run metrics the chain reads (design §8 units: USD bn, bp, 0/1, USD bn, fraction). */
export interface ChainRow {
  jpSalesTotal: number;
  ust10yMaxRise20d: number;
  intervened: number;
  netLiquidityChange: number;
  btcReturn: number;
}

export interface ChainThresholds {
  salesThreshold: number; // USD bn
  spikeRiseBp: number; // bp
}

export interface ChainStep {
  step: string;
  condition: string;
  count: number;
  n: number;
  p: number | null;
  lo: number | null;
  hi: number | null;
}

interface Outcome {
  name: string;
  definition: string;
  holds: (row: ChainRow) => boolean;
}

function events(t: ChainThresholds): Record<'sales' | 'spike' | 'intervention' | 'nlUp' | 'btcUp', Outcome> {
  return {
    sales: { name: 'sales', definition: `jpSalesTotal ≥ ${t.salesThreshold} USD bn`,
      holds: (r) => r.jpSalesTotal >= t.salesThreshold },
    spike: { name: 'spike', definition: `ust10yMaxRise20d ≥ ${t.spikeRiseBp} bp`,
      holds: (r) => r.ust10yMaxRise20d >= t.spikeRiseBp },
    intervention: { name: 'intervention', definition: 'intervened = 1', holds: (r) => r.intervened === 1 },
    nlUp: { name: 'net liquidity up', definition: 'netLiquidityChange > 0', holds: (r) => r.netLiquidityChange > 0 },
    btcUp: { name: 'BTC up', definition: 'btcReturn > 0', holds: (r) => r.btcReturn > 0 },
  };
}

// P(target | all of `given`), with its Wilson interval; n counts the runs where every `given` event holds.
function conditional(rows: readonly ChainRow[], target: Outcome, given: Outcome[]): ChainStep {
  let n = 0;
  let count = 0;
  for (const row of rows) {
    if (!given.every((e) => e.holds(row))) continue;
    n++;
    if (target.holds(row)) count++;
  }
  if (given.length === 0) return { step: `P(${target.name})`, condition: target.definition, ...wilson(count, n) };
  return {
    step: `P(${target.name} | ${given.map((e) => e.name).join(', ')})`,
    condition: `${target.definition} given ${given.map((e) => e.definition).join(' and ')}`,
    ...wilson(count, n),
  };
}

/** The chain: each step is P(event | every earlier event held), counted over the runs, with a Wilson 95% interval. */
export function chain(rows: readonly ChainRow[], thresholds: ChainThresholds): ChainStep[] {
  const e = events(thresholds);
  const order = [e.sales, e.spike, e.intervention, e.nlUp, e.btcUp];
  return order.map((target, i) => conditional(rows, target, order.slice(0, i)));
}

/**
 * The links taken one at a time, each conditioned only on its immediate cause: P(spike), P(intervention),
 * P(net liquidity up | intervention), P(BTC up | net liquidity up). Set beside `chain` to show how much the
 * conditioning on the whole history matters.
 */
export function chainUnconditional(rows: readonly ChainRow[], thresholds: ChainThresholds): ChainStep[] {
  const e = events(thresholds);
  return [
    conditional(rows, e.spike, []),
    conditional(rows, e.intervention, []),
    conditional(rows, e.nlUp, [e.intervention]),
    conditional(rows, e.btcUp, [e.nlUp]),
  ];
}
