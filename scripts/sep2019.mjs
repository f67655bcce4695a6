// September 2019 from the data (docs/model.md §8.10): N runs of hayes-2024 from 2019-08-01 with QT ended, quantiles of
// reserves, the repo spread, Fed repo lending and the TGA by date. Usage: npm run build; node scripts/sep2019.mjs N [--set-style path=value ...]
import { loadScenario } from '../dist/sim/scenario/load.js';
import { simulate } from '../dist/sim/run/engine.js';
import { SERIES_INDEX } from '../dist/sim/run/series.js';
const [,, n, ...sets] = process.argv;
const { scenario } = loadScenario('hayes-2024', ['ticks=65', 'fed.qt.treasuryCapPerMonth=0', 'fed.qt.mbsPerMonth=0', 'fed.qt.otherPerMonth=0', ...sets], { start: '2019-08-01', realisedPolicy: true });
console.log('scale', scenario.reserves.scaleBn, 'srf', JSON.stringify(scenario.reserves.srf), 'tgaTarget', scenario.treasury.tgaTarget, 'bill', scenario.moneyFunds.billSpreadBp);
const runs = [];
for (let i = 0; i < Number(n); i++) runs.push(simulate(scenario, '1', i));
const q = (a, p) => { const s = [...a].sort((x, y) => x - y); return s[Math.min(s.length - 1, Math.floor(p * s.length))]; };
const dates = runs[0].dates;
let spikeRuns = 0, srfRuns = 0, negRuns = 0;
for (const r of runs) {
  const sp = r.series[SERIES_INDEX.repoSpread];
  if (Math.max(...sp) > 100) spikeRuns++;
  if (Math.max(...r.series[SERIES_INDEX.srf]) > 0) srfRuns++;
  if (Math.min(...r.series[SERIES_INDEX.reserves]) < 0) negRuns++;
}
console.log(`runs with spread > 100bp: ${spikeRuns}/${n}; with Fed repo lending: ${srfRuns}/${n}`);
for (let t = 0; t < dates.length; t += 5) {
  const col = (k) => runs.map((r) => r.series[SERIES_INDEX[k]][t]);
  const f = (k, d = 0) => [0.05, 0.5, 0.95].map((p) => q(col(k), p).toFixed(d)).join(' / ');
  console.log(dates[t], 'reserves', f('reserves'), '| spread', f('repoSpread', 1), '| srf', f('srf'), '| tga', f('tga'));
}
