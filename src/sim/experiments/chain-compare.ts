// The chain compared link by link between two batches (compare's report): each link's conditional probability on
// both sides, and the difference A − B with a 95% interval. Paired when the batches share their master seed (run i
// of A and run i of B saw the same random draws): a paired bootstrap over the pairs, recomputing both sides' link
// in every resample, so the correlation the common random numbers create narrows the interval (two identical
// batches give exactly [0, 0]). Unpaired: Newcombe's hybrid score interval from the two Wilson intervals. Each
// side's chain uses its own scenario's outcome thresholds, as its summary.json does.
import seedrandom from 'seedrandom';
import type { BatchRuns } from './compare.js';
import { chain, quantilesSorted, type ChainRow, type ChainStep, type ChainThresholds } from '../stats/index.js';

export const CHAIN_BOOTSTRAP_REPLICAS = 2000;
export const PAIRED_CHAIN_METHOD = `paired bootstrap: ${CHAIN_BOOTSTRAP_REPLICAS.toLocaleString('en-US')} resamples of the pairs (run i of A, run i of B), both sides' link recomputed in each, percentile 95% interval`;
export const UNPAIRED_CHAIN_METHOD = "Newcombe's hybrid score interval for a difference of independent proportions (from the two Wilson 95% intervals)";

export const chainBootstrapSeedKey = (seed: string): string => `fimasim/v1|${seed}|compare|chain`;

type Link = Omit<ChainStep, 'condition'> & { readonly condition: string };

export interface ChainLinkComparison {
  readonly step: string;
  readonly condition: string; // A's; B's when it differs is in conditionB
  readonly conditionB?: string;
  readonly a: Link;
  readonly b: Link;
  readonly diff: number | null; // P_A − P_B
  readonly lo: number | null;
  readonly hi: number | null;
  readonly excludesZero: boolean;
  /** Paired only: the bootstrap resamples in which both sides had a run to condition on (the interval's basis). */
  readonly replicas?: number;
}

export interface ChainComparison {
  readonly paired: boolean;
  readonly pairs: number | null;
  readonly method: string;
  readonly thresholds: { readonly a: ChainThresholds; readonly b: ChainThresholds };
  readonly links: readonly ChainLinkComparison[];
}

const CHAIN_COLUMNS = ['jpSalesTotal', 'ust10yMaxRise20d', 'intervened', 'netLiquidityChange', 'btcReturn'] as const;

/** The outcome thresholds of a resolved scenario, or null when it has none (a manifest without the scenario). */
export function chainThresholds(scenario: unknown): ChainThresholds | null {
  const o = (scenario as { outcomes?: { salesThreshold?: unknown; spikeRiseBp?: unknown } } | null | undefined)?.outcomes;
  return typeof o?.salesThreshold === 'number' && typeof o.spikeRiseBp === 'number'
    ? { salesThreshold: o.salesThreshold, spikeRiseBp: o.spikeRiseBp } : null;
}

function chainRows(r: BatchRuns): ChainRow[] | null {
  const cols = CHAIN_COLUMNS.map((c) => r.metric(c));
  if (cols.some((c) => c === undefined)) return null;
  return r.runIndex.map((_, k) => Object.fromEntries(CHAIN_COLUMNS.map((c, j) => [c, cols[j]![k]])) as unknown as ChainRow);
}

/** Null (with the reason) when a side lacks a chain column or its scenario's thresholds. */
export function compareChains(a: BatchRuns, b: BatchRuns): ChainComparison | { readonly missing: string } {
  const ta = chainThresholds(a.scenario), tb = chainThresholds(b.scenario);
  if (!ta || !tb) return { missing: `the manifest of ${!ta ? a.dir : b.dir} has no resolved scenario with outcome thresholds` };
  const ra = chainRows(a), rb = chainRows(b);
  if (!ra || !rb) return { missing: `runs.csv of ${!ra ? a.dir : b.dir} lacks one of ${CHAIN_COLUMNS.join(', ')}` };
  const posB = new Map(b.runIndex.map((r, k) => [r, k]));
  const common = a.runIndex.map((r, k) => [k, posB.get(r)] as const).filter((p): p is readonly [number, number] => p[1] !== undefined);
  const paired = a.seed === b.seed && common.length >= 2;
  const rowsA = paired ? common.map(([k]) => ra[k]) : ra, rowsB = paired ? common.map(([, j]) => rb[j]) : rb;
  const ca = chain(rowsA, ta), cb = chain(rowsB, tb);
  const intervals = paired ? pairedIntervals(rowsA, rowsB, ta, tb, a.seed) : ca.map((x, s) => newcombe(x, cb[s]));
  const links = ca.map((x, s): ChainLinkComparison => {
    const y = cb[s];
    const diff = x.p === null || y.p === null ? null : x.p - y.p;
    const { lo, hi, replicas } = intervals[s];
    return { step: x.step, condition: x.condition, ...(y.condition !== x.condition ? { conditionB: y.condition } : {}), a: x, b: y,
      diff, lo, hi, excludesZero: lo !== null && hi !== null && (lo > 0 || hi < 0), ...(replicas === undefined ? {} : { replicas }) };
  });
  return { paired, pairs: paired ? common.length : null, method: paired ? PAIRED_CHAIN_METHOD : UNPAIRED_CHAIN_METHOD, thresholds: { a: ta, b: tb }, links };
}

interface Interval { readonly lo: number | null; readonly hi: number | null; readonly replicas?: number }

/** Newcombe (1998) method 10: the difference's interval from each proportion's Wilson interval. */
export function newcombe(a: Pick<ChainStep, 'p' | 'lo' | 'hi'>, b: Pick<ChainStep, 'p' | 'lo' | 'hi'>): Interval {
  if (a.p === null || b.p === null || a.lo === null || a.hi === null || b.lo === null || b.hi === null) return { lo: null, hi: null };
  const d = a.p - b.p;
  return { lo: d - Math.hypot(a.p - a.lo, b.hi - b.p), hi: d + Math.hypot(a.hi - a.p, b.p - b.lo) };
}

/** Percentile intervals of P_A − P_B per link over bootstrap resamples of the pairs (seeded: the same batches give the same interval). */
function pairedIntervals(rowsA: readonly ChainRow[], rowsB: readonly ChainRow[], ta: ChainThresholds, tb: ChainThresholds, seed: string): Interval[] {
  const m = rowsA.length;
  // each run's part in each link: 1 if it is conditioned on (n), 1 if it also passes (count) — chain() of the run alone
  const flags = (rows: readonly ChainRow[], t: ChainThresholds) => rows.map((r) => chain([r], t).map((s) => [s.n, s.count] as const));
  const fa = flags(rowsA, ta), fb = flags(rowsB, tb);
  const links = fa[0]?.length ?? 0;
  const diffs = Array.from({ length: links }, () => [] as number[]);
  const rng = seedrandom.alea(chainBootstrapSeedKey(seed));
  const nA = new Float64Array(links), cA = new Float64Array(links), nB = new Float64Array(links), cB = new Float64Array(links);
  for (let r = 0; r < CHAIN_BOOTSTRAP_REPLICAS; r++) {
    nA.fill(0); cA.fill(0); nB.fill(0); cB.fill(0);
    for (let i = 0; i < m; i++) {
      const k = Math.floor(rng() * m);
      for (let s = 0; s < links; s++) {
        nA[s] += fa[k][s][0]; cA[s] += fa[k][s][1]; nB[s] += fb[k][s][0]; cB[s] += fb[k][s][1];
      }
    }
    for (let s = 0; s < links; s++) if (nA[s] > 0 && nB[s] > 0) diffs[s].push(cA[s] / nA[s] - cB[s] / nB[s]);
  }
  return diffs.map((d) => {
    // fewer than half the resamples with runs to condition on both sides: too few for a percentile interval
    if (d.length < CHAIN_BOOTSTRAP_REPLICAS / 2) return { lo: null, hi: null, replicas: d.length };
    const [lo, hi] = quantilesSorted(Float64Array.from(d).sort(), [0.025, 0.975]);
    return { lo, hi, replicas: d.length };
  });
}
