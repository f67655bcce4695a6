import { describe, it, expect } from 'vitest';
import { chain, chainUnconditional, type ChainRow } from '../../src/sim/stats/chain.js';
import { wilson } from '../../src/sim/stats/wilson.js';

const thresholds = { salesThreshold: 50, spikeRiseBp: 30 };

// Build `k` copies of a row from flags: sales, spike, intervention, net liquidity up, BTC up.
function rows(k: number, [s, sp, i, nl, btc]: number[]): ChainRow[] {
  return Array.from({ length: k }, () => ({
    jpSalesTotal: s ? 50 : 49.9, // exactly at the threshold counts as sales
    ust10yMaxRise20d: sp ? 30 : 29,
    intervened: i,
    netLiquidityChange: nl ? 12 : 0, // 0 is not "up"
    btcReturn: btc ? 0.2 : -0.1,
  }));
}

// 40 runs. Sales in 30; of those a spike in 20; then intervention in 12; then NL up in 9; then BTC up in 6.
const TABLE: ChainRow[] = [
  ...rows(6, [1, 1, 1, 1, 1]),
  ...rows(3, [1, 1, 1, 1, 0]),
  ...rows(3, [1, 1, 1, 0, 1]),
  ...rows(8, [1, 1, 0, 1, 1]),
  ...rows(10, [1, 0, 1, 1, 1]),
  ...rows(4, [0, 1, 1, 1, 0]),
  ...rows(6, [0, 0, 0, 0, 0]),
];

describe('chain', () => {
  const steps = chain(TABLE, thresholds);

  it('counts each step over the runs where every earlier step held', () => {
    expect(steps.map((s) => [s.count, s.n])).toEqual([[30, 40], [20, 30], [12, 20], [9, 12], [6, 9]]);
  });

  it('carries the Wilson interval of each count', () => {
    steps.forEach((s) => expect({ ...s, step: undefined, condition: undefined }).toEqual({
      ...wilson(s.count, s.n), step: undefined, condition: undefined,
    }));
  });

  it('names the steps and their exact conditions', () => {
    expect(steps[0]).toMatchObject({ step: 'P(sales)', condition: 'jpSalesTotal ≥ 50 USD bn' });
    expect(steps[1].step).toBe('P(spike | sales)');
    expect(steps[4].step).toBe('P(BTC up | sales, spike, intervention, net liquidity up)');
    expect(steps[2].condition).toBe('intervened = 1 given jpSalesTotal ≥ 50 USD bn and ust10yMaxRise20d ≥ 30 bp');
  });

  it('gives n = 0 and null probabilities after a step no run reached', () => {
    const none = chain(rows(5, [0, 1, 1, 1, 1]), thresholds);
    expect(none[0]).toMatchObject({ count: 0, n: 5, p: 0 });
    expect(none[1]).toMatchObject({ count: 0, n: 0, p: null, lo: null, hi: null });
  });

  it('does not depend on row order', () => {
    expect(chain([...TABLE].reverse(), thresholds)).toEqual(steps);
  });
});

describe('chainUnconditional', () => {
  it('conditions each link only on its immediate cause', () => {
    const links = chainUnconditional(TABLE, thresholds);
    expect(links.map((s) => s.step)).toEqual([
      'P(spike)',
      'P(intervention)',
      'P(net liquidity up | intervention)',
      'P(BTC up | net liquidity up)',
    ]);
    // spike: 6+3+3+8+4 = 24 of 40; intervention: 6+3+3+10+4 = 26 of 40;
    // NL up among those 26: 6+3+10+4 = 23; NL up overall: 6+3+8+10+4 = 31, BTC up among them: 6+8+10 = 24.
    expect(links.map((s) => [s.count, s.n])).toEqual([[24, 40], [26, 40], [23, 26], [24, 31]]);
  });
});
