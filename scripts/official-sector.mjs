// The official sector's figures (docs/model.md §8.11): for a scenario and a set of --set overrides, N runs from one
// seed, in process (the same runs as `fimasim batch --seed S`, run index by run index), with their events:
// how often the Treasury asks, the BOJ/MoF absorbs, the cap binds, the MoF intervenes (and when); and the paired
// difference uncapped − capped (fed.fima.capPerCounterparty=500) in net liquidity.
// Usage: node scripts/official-sector.mjs SCENARIO RUNS SEED [--paired] [--months] [SET ...]   (after npm run build)
import { loadScenario } from '../dist/sim/scenario/load.js';
import { simulate } from '../dist/sim/run/engine.js';
import { pairedDifference } from '../dist/sim/stats/index.js';

const [ref, nArg, seed, ...rest] = process.argv.slice(2);
const paired = rest.includes('--paired'), months = rest.includes('--months');
const sets = rest.filter((a) => !a.startsWith('--'));
const n = Number(nArg);
const runAll = (extra) => {
  const s = loadScenario(ref, [...sets, ...extra]).scenario;
  return Array.from({ length: n }, (_, i) => simulate(s, seed, i, { recordEvents: true }));
};
const share = (xs, f) => xs.filter(f).length / xs.length;
const median = (xs) => { const a = [...xs].sort((x, y) => x - y); return a.length ? (a[(a.length - 1) >> 1] + a[a.length >> 1]) / 2 : NaN; };
const has = (r, kind) => r.events.some((e) => e.kind === kind);
const capped = runAll([]);
const mof = capped.map((r) => r.events.filter((e) => e.kind === 'mof-intervenes'));
const out = {
  scenario: ref, sets, runs: n, seed,
  treasuryRequests: share(capped, (r) => has(r, 'treasury-stabilises')),
  bojAbsorbs: share(capped, (r) => r.metrics.intervened === 1),
  capBinds: share(capped, (r) => r.metrics.fimaCapBound === 1),
  absorbedMedianIfAbsorbed: median(capped.filter((r) => r.metrics.intervened === 1).map((r) => r.metrics.fimaAbsorbed)),
  fimaPeakMedianIfAbsorbed: median(capped.filter((r) => r.metrics.intervened === 1).map((r) => r.metrics.fimaPeak)),
  netLiquidityChangeMedian: median(capped.map((r) => r.metrics.netLiquidityChange)),
  mofIntervenes: share(mof, (e) => e.length > 0),
  mofInterventionsMedianIfAny: median(mof.filter((e) => e.length > 0).map((e) => e.length)),
  mofSoldMedianIfAny: median(mof.filter((e) => e.length > 0).map((e) => e.reduce((s, x) => s + x.value, 0))),
};
if (months) {
  const byMonth = {};
  for (const e of mof.flat()) byMonth[e.date.slice(0, 7)] = (byMonth[e.date.slice(0, 7)] ?? 0) + 1;
  const first = {};
  for (const e of mof) if (e.length) first[e[0].date.slice(0, 7)] = (first[e[0].date.slice(0, 7)] ?? 0) + 1;
  out.mofInterventionsByMonth = byMonth; out.mofFirstInterventionByMonth = first;
}
if (paired) {
  const uncapped = runAll(['fed.fima.capPerCounterparty=500']);
  const d = pairedDifference(uncapped.map((r) => r.metrics.netLiquidityChange), capped.map((r) => r.metrics.netLiquidityChange));
  out.uncappedMinusCappedNetLiquidity = { mean: d.meanDiff, lo: d.lo, hi: d.hi, method: d.method, pairsDiffering: share(uncapped, (r, i) => r.metrics.netLiquidityChange !== capped[i].metrics.netLiquidityChange) };
}
console.log(JSON.stringify(out, null, 1));
