// A small hand-made batch folder in the formats of docs/files.md, so the report can be tested without running
// the simulation. Values follow a fixed recipe (no randomness), shaped like a real batch.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chain, QUANTILE_METHOD, summarize, wilson, type ChainRow } from '../../src/sim/stats/index.js';

export const INJECTED = '<script>alert(1)</script>';

const metricUnits: Record<string, string> = {
  jpSalesTotal: 'USD bn', banksSelling: 'count', ust10yPeak: '%', ust10yEnd: '%', ust10yMaxRise20d: 'bp',
  intervened: '0/1', interventionTick: 'tick', fimaPeak: 'USD bn', netLiquidityChange: 'USD bn',
  reservesChange: 'USD bn', btcReturn: 'fraction', btcMaxDrawdown: 'fraction', btcPeak: 'USD',
};

export function writeHandMadeBatch(dir: string, runs = 20, ticks = 252): void {
  mkdirSync(dir, { recursive: true });
  const names = Object.keys(metricUnits);
  const rows = Array.from({ length: runs }, (_, i) => runMetrics(i, runs));
  writeFileSync(join(dir, 'runs.csv'),
    [`runIndex,seed,${names.join(',')}`, ...rows.map((r, i) => `${i},1,${names.map((n) => r[n]).join(',')}`)].join('\n') + '\n');
  writeFileSync(join(dir, 'bands.csv'), bandsCsv(ticks));
  writeFileSync(join(dir, 'summary.json'), JSON.stringify(summary(rows, names, runs), null, 2));
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest(dir, runs, ticks), null, 2));
}

function runMetrics(i: number, runs: number): Record<string, number> {
  const u = ((i * 7919) % runs) / runs; // a fixed permutation of [0, 1)
  const sales = Math.round(40 + 300 * u);
  const intervened = u > 0.45 ? 1 : 0;
  return {
    jpSalesTotal: sales, banksSelling: 1 + Math.floor(u * 6), ust10yPeak: 4.4 + 0.9 * u, ust10yEnd: 4.2 + 0.5 * u,
    ust10yMaxRise20d: 20 + 80 * u, intervened, interventionTick: intervened ? Math.round(100 - 60 * u) : -1,
    fimaPeak: intervened ? 60 : 0, netLiquidityChange: -150 + 260 * u, reservesChange: -100 + 200 * u,
    btcReturn: -0.35 + 0.8 * u, btcMaxDrawdown: 0.1 + 0.3 * (1 - u), btcPeak: 65000 * (1 + 0.8 * u),
  };
}

function bandsCsv(ticks: number): string {
  const series: Record<string, (t: number, q: number) => number> = {
    ust10y: (t, q) => 4.3 + 0.004 * t * (0.5 + q),
    netLiquidity: (t, q) => 6000 + (q - 0.5) * 8 * t,
    reserves: (t, q) => 3300 + (q - 0.5) * 5 * t,
    fimaRepo: (t, q) => (t > ticks / 2 ? 60 * q : 0),
    jpHoldings: (t, q) => 1100 - t * (1 - q) * 1.5,
    btcPrice: (t, q) => 65000 * Math.exp((q - 0.5) * 0.02 * t),
  };
  const quantiles = [0.05, 0.25, 0.5, 0.75, 0.95];
  const names = ['p05', 'p25', 'p50', 'p75', 'p95'];
  const header = ['tick', 'date', ...Object.keys(series).flatMap((s) => names.map((n) => `${s}_${n}`))];
  const lines = [header.join(',')];
  let day = Date.UTC(2024, 5, 18);
  for (let t = 0; t <= ticks; t++) {
    while ([0, 6].includes(new Date(day).getUTCDay())) day += 86_400_000;
    const values = Object.values(series).flatMap((f) => quantiles.map((q) => f(t, q)));
    lines.push([t, new Date(day).toISOString().slice(0, 10), ...values].join(','));
    day += 86_400_000;
  }
  return lines.join('\n') + '\n';
}

function summary(rows: Record<string, number>[], names: string[], runs: number) {
  const metrics = Object.fromEntries(names.map((n) => [n, { unit: metricUnits[n], ...summarize(rows.map((r) => r[n])) }]));
  return {
    scenarioName: 'hand-made', scenarioHash: '3f2a9c0d5e7b11aa', seed: '1', runs, runsDone: runs, runsFailed: 0,
    quantileMethod: QUANTILE_METHOD,
    metrics,
    probabilities: { intervened: wilson(rows.filter((r) => r.intervened === 1).length, runs) },
    chain: chain(rows as unknown as ChainRow[], { salesThreshold: 100, spikeRiseBp: 50 }),
  };
}

function manifest(dir: string, runs: number, ticks: number) {
  return {
    fimasimVersion: '0.1.0', node: 'v20.19.0', gitCommit: null, scenarioName: 'hand-made', scenarioHash: '3f2a9c0d5e7b11aa',
    scenario: {
      name: 'hand-made <b>bold</b> & co',
      description: `A test scenario whose description tries ${INJECTED} and a <img src=x onerror=alert(2)> tag.`,
      ticks, start: '2024-06-18', outcomes: { salesThreshold: 100, spikeRiseBp: 50 },
      banks: {
        norinchukin: { label: 'Norinchukin', holdings: 200, policy: { name: 'programme', amount: 63, from: '2024-06-20', to: '2025-03-31' } },
        mufg: { label: 'MUFG', holdings: 150, policy: { name: 'carry-threshold', carryFloor: -0.8, lossTolerance: 0.3 } },
        life: { label: 'Life insurers', holdings: 300, policy: { name: 'hold' } },
      },
      treasury: { electionDate: '2024-11-05', policy: { name: 'stabilise', triggerBp: 60, electionBoost: 1.5 } },
      fed: { fima: { capPerCounterparty: 60 }, policy: { name: 'standard', acceptBase: 0.3 } },
      crypto: { liquidity: { channel: 'reserves-inflow', share: 0.27 } },
    },
    seed: '1', runs, workers: 1, shard: null, startedAt: '2024-01-01T00:00:00.000Z',
    finishedAt: '2024-01-01T00:00:02.000Z', wallSeconds: 2.1,
    command: `fimasim batch --scenario hand-made --runs ${runs} --seed 1 --workers 1 --out ${dir}`,
  };
}
