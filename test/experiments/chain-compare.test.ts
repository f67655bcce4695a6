// The chain compared link by link (compare's report): known counts on a small hand-made pair of batches, the paired
// bootstrap's exact zero on identical batches, and Newcombe's interval against his published example.
import { describe, expect, it } from 'vitest';
import type { BatchRuns } from '../../src/sim/experiments/compare.js';
import { compareChains, newcombe, PAIRED_CHAIN_METHOD, UNPAIRED_CHAIN_METHOD, type ChainComparison } from '../../src/sim/experiments/chain-compare.js';
import { wilson } from '../../src/sim/stats/index.js';

type Row = [sales: number, rise: number, intervened: number, nl: number, btc: number];

function batch(rows: Row[], seed = '1', dir = 'a'): BatchRuns {
  const cols = ['jpSalesTotal', 'ust10yMaxRise20d', 'intervened', 'netLiquidityChange', 'btcReturn'];
  return {
    dir, scenarioName: 'x', scenarioHash: 'h', seed, runIndex: rows.map((_, i) => i), label: dir,
    metric: (name) => { const k = cols.indexOf(name); return k < 0 ? undefined : rows.map((r) => r[k]); },
    scenario: { outcomes: { salesThreshold: 100, spikeRiseBp: 50 } },
  };
}

// A: 8 runs with sales, 6 of them spike, 3 of those intervene, 2 of those lift net liquidity, 1 of those lifts BTC
const A: Row[] = [
  [150, 60, 1, 10, 0.1], [150, 60, 1, 10, -0.1], [150, 60, 1, -10, 0.1], [150, 60, 0, 10, 0.1],
  [150, 60, 0, 10, 0.1], [150, 60, 0, 10, 0.1], [150, 40, 0, 10, 0.1], [150, 40, 0, 10, 0.1],
  [50, 60, 1, 10, 0.1], [50, 60, 1, 10, 0.1],
];
// B: the same runs except that runs 3 and 4 also intervene (and lift net liquidity and BTC)
const B: Row[] = A.map((r, i) => (i === 3 || i === 4 ? [r[0], r[1], 1, r[3], r[4]] : r));

const counts = (c: ChainComparison, side: 'a' | 'b') => c.links.map((l) => `${l[side].count}/${l[side].n}`);

describe('compareChains', () => {
  it('counts each link on both sides and takes the difference (paired: same seed)', () => {
    const c = compareChains(batch(A), batch(B, '1', 'b')) as ChainComparison;
    expect(c.paired).toBe(true);
    expect(c.pairs).toBe(10);
    expect(c.method).toBe(PAIRED_CHAIN_METHOD);
    expect(counts(c, 'a')).toEqual(['8/10', '6/8', '3/6', '2/3', '1/2']);
    expect(counts(c, 'b')).toEqual(['8/10', '6/8', '5/6', '4/5', '3/4']);
    expect(c.links.map((l) => l.diff)).toEqual([0, 0, 3 / 6 - 5 / 6, 2 / 3 - 4 / 5, 1 / 2 - 3 / 4]);
    // links whose runs are the same on both sides differ by exactly 0 in every resample
    expect([c.links[0].lo, c.links[0].hi, c.links[1].lo, c.links[1].hi]).toEqual([0, 0, 0, 0]);
    for (const l of c.links) expect(l.lo! <= l.diff! && l.diff! <= l.hi!).toBe(true);
    // B intervenes wherever A does and in runs 3 and 4 too: no resample has A above B on that link, most have it below
    expect(c.links[2].hi).toBe(0);
    expect(c.links[2].lo).toBeLessThan(-0.3);
  });

  it('gives [0, 0] on every link for two identical batches with the same seed', () => {
    const c = compareChains(batch(A), batch(A, '1', 'b')) as ChainComparison;
    for (const l of c.links) expect([l.diff, l.lo, l.hi]).toEqual([0, 0, 0]);
  });

  it('is the same on every call (a seeded bootstrap)', () => {
    expect(compareChains(batch(A), batch(B, '1', 'b'))).toEqual(compareChains(batch(A), batch(B, '1', 'b')));
  });

  it('compares the distributions with Newcombe\'s interval when the seeds differ', () => {
    const c = compareChains(batch(A), batch(B, '2', 'b')) as ChainComparison;
    expect(c.paired).toBe(false);
    expect(c.method).toBe(UNPAIRED_CHAIN_METHOD);
    const [lo, hi] = [c.links[0].lo!, c.links[0].hi!];
    expect(lo).toBeLessThan(0); // identical shares, but independent samples: an interval around 0
    expect(hi).toBeCloseTo(-lo, 12);
  });

  it('says what is missing when a side has no thresholds or no chain column', () => {
    const bare = { ...batch(A), scenario: undefined };
    expect(compareChains(bare, batch(B))).toEqual({ missing: 'the manifest of a has no resolved scenario with outcome thresholds' });
    const noBtc = { ...batch(B, '1', 'b'), metric: (n: string) => (n === 'btcReturn' ? undefined : batch(B).metric(n)) };
    expect(compareChains(batch(A), noBtc)).toEqual({ missing: 'runs.csv of b lacks one of jpSalesTotal, ust10yMaxRise20d, intervened, netLiquidityChange, btcReturn' });
  });
});

describe('newcombe', () => {
  it("matches Newcombe (1998), Table II, example (a): 56/70 − 48/80, method 10 → 0.0524 to 0.3339", () => {
    const i = newcombe(wilson(56, 70), wilson(48, 80));
    expect(i.lo).toBeCloseTo(0.0524, 4);
    expect(i.hi).toBeCloseTo(0.3339, 4);
  });
});
