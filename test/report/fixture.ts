// A small hand-made batch folder in the formats of docs/files.md, so the report can be tested without running
// the simulation. Values follow a fixed recipe (no randomness), shaped like a real batch.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

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
  const q = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
  const metrics = Object.fromEntries(names.map((n) => {
    const v = rows.map((r) => r[n]).sort((a, b) => a - b);
    const mean = v.reduce((a, b) => a + b, 0) / v.length;
    const sd = Math.sqrt(v.reduce((a, b) => a + (b - mean) ** 2, 0) / (v.length - 1));
    return [n, { unit: metricUnits[n], mean, sd, min: v[0], p05: q(v, 0.05), p25: q(v, 0.25), p50: q(v, 0.5),
      p75: q(v, 0.75), p95: q(v, 0.95), max: v[v.length - 1] }];
  }));
  return {
    scenarioName: 'hand-made', scenarioHash: '3f2a9c0d5e7b11aa', seed: '1', runs, runsDone: runs, runsFailed: 0,
    quantileMethod: 'type 7 (linear interpolation between order statistics)',
    metrics,
    probabilities: { intervened: { count: 11, n: 20, p: 0.55, lo: 0.3421, hi: 0.7418 } },
    chain: [
      { step: 'P(sales)', condition: 'jpSalesTotal ≥ 100 USD bn', count: 16, n: 20, p: 0.8, lo: 0.584, hi: 0.919 },
      { step: 'P(spike | sales)', condition: 'ust10yMaxRise20d ≥ 50 bp given sales', count: 10, n: 16, p: 0.625, lo: 0.386, hi: 0.815 },
      { step: 'P(intervention | sales, spike)', condition: 'intervened = 1 given …', count: 8, n: 10, p: 0.8, lo: 0.49, hi: 0.943 },
      { step: 'P(net liquidity up | …)', condition: 'netLiquidityChange > 0 given …', count: 5, n: 8, p: 0.625, lo: 0.306, hi: 0.863 },
      { step: 'P(BTC up | …)', condition: 'btcReturn > 0 given …', count: 0, n: 0, p: null, lo: null, hi: null },
    ],
  };
}

function manifest(dir: string, runs: number, ticks: number) {
  return {
    fimasimVersion: '0.1.0', node: 'v20.19.0', gitCommit: null, scenarioName: 'hand-made', scenarioHash: '3f2a9c0d5e7b11aa',
    scenario: {
      name: 'hand-made <b>bold</b> & co',
      description: `A test scenario whose description tries ${INJECTED} and a <img src=x onerror=alert(2)> tag.`,
      ticks, start: '2024-06-18',
      banks: {
        norinchukin: { label: 'Norinchukin', holdings: 200, policy: { name: 'programme', amount: 63, from: '2024-06-20', to: '2025-03-31' } },
        mufg: { label: 'MUFG', holdings: 150, policy: { name: 'carry-threshold', carryFloor: -0.8, lossTolerance: 0.3 } },
        life: { label: 'Life insurers', holdings: 300, policy: { name: 'hold' } },
      },
      treasury: { policy: { name: 'stabilise', triggerBp: 60, electionBoost: 1.5 } },
      fed: { fima: { capPerCounterparty: 60 }, policy: { name: 'standard', acceptBase: 0.3 } },
      crypto: { liquidity: { channel: 'reserves-inflow', share: 0.27 } },
    },
    seed: '1', runs, workers: 1, shard: null, startedAt: '2024-01-01T00:00:00.000Z',
    finishedAt: '2024-01-01T00:00:02.000Z', wallSeconds: 2.1,
    command: `fimasim batch --scenario hand-made --runs ${runs} --seed 1 --workers 1 --out ${dir}`,
  };
}
