// `fimasim btc-facts`: BTC's stylised facts in the data (with 95% block-bootstrap intervals) against the same facts
// pooled over a scenario's runs (issue 15 item 1; src/sim/calibrate/btc-facts.ts). Runs are serial and in process:
// a few hundred runs take seconds.
import type { CommandModule } from 'yargs';
import { DataError, loadDataset, resolveDataDir } from '../data/dataset.js';
import { simulate } from '../sim/run/engine.js';
import { SERIES_INDEX } from '../sim/run/series.js';
import { isValidIsoDate } from '../sim/calendar.js';
import { jsonText } from '../sim/format.js';
import { dataInputs } from '../sim/calibrate/inputs.js';
import { BTC_FACTS, dataFacts, factsOf, factsTable, logReturns } from '../sim/calibrate/btc-facts.js';
import { dataLiquidityRegression, simLiquidityRegression, weeklyChanges } from '../sim/calibrate/liquidity-regression.js';
import { checkPositiveInt, checkRuns, checkSeed, policiesFromArgs, scenarioFromArgs, withScenario, withSeed } from './options.js';
import { UsageError } from './errors.js';

function checkDate(flag: string, v: unknown): string {
  const s = String(v);
  if (!isValidIsoDate(s)) throw new UsageError(`${flag}: expected a YYYY-MM-DD calendar date, found '${s}'`);
  return s;
}

export const btcFactsCommand: CommandModule = {
  command: 'btc-facts',
  describe: "BTC's stylised facts: the data's (with 95% block-bootstrap intervals) against a scenario's runs, pooled",
  builder: (y) => withSeed(withScenario(y))
    .option('runs', { type: 'string', default: '300', describe: 'runs of the scenario, pooled' })
    .option('from', { type: 'string', default: '2019-01-01', describe: 'first date of the data window' })
    .option('to', { type: 'string', default: '2025-12-31', describe: 'last date of the data window' })
    .option('block', { type: 'string', default: '63', describe: 'bootstrap block length (trading days)' })
    .option('replicas', { type: 'string', default: '500', describe: 'bootstrap replicas' })
    .option('json', { type: 'boolean', default: false, describe: 'print the table as JSON on stdout' })
    .example('$0 btc-facts --runs 300 --seed 1', 'the table in docs/model.md §8.5'),
  handler: async (argv) => {
    const seed = checkSeed(argv.seed), runs = checkRuns(argv.runs);
    const from = checkDate('--from', argv.from), to = checkDate('--to', argv.to);
    if (from >= to) throw new UsageError(`--from ${from} must be before --to ${to}`);
    const block = checkPositiveInt('--block', argv.block, 10_000), replicas = checkPositiveInt('--replicas', argv.replicas, 100_000);
    let data;
    try {
      data = dataInputs(loadDataset(resolveDataDir(argv.data === undefined ? undefined : String(argv.data)), ['BTCUSD', 'DGS10', 'RRPONTSYD', 'WDTGAL', 'WRESBAL', 'WALCL']), from, to);
    } catch (e) {
      if (e instanceof DataError) throw new UsageError(e.message);
      throw e;
    }
    if (data.inputs['d.btc'].length < 2 * 252) throw new UsageError(`--from ${from} --to ${to}: ${data.inputs['d.btc'].length} daily BTC returns in the data; the facts need at least 504`);
    const loaded = scenarioFromArgs(argv as never);
    const policies = await policiesFromArgs(loaded);
    const segments: Float64Array[] = [], weekly: ReturnType<typeof weeklyChanges>[] = [];
    for (let i = 0; i < runs; i++) {
      const r = simulate(loaded.scenario, seed, i, { policies });
      segments.push(logReturns(r.series[SERIES_INDEX.btcPrice]));
      weekly.push(weeklyChanges(r.series[SERIES_INDEX.btcPrice], r.series[SERIES_INDEX.netLiquidity]));
    }
    const rows = factsTable(dataFacts(data, block, replicas, seed), factsOf(segments));
    const liquidity = { data: dataLiquidityRegression(data, block, replicas, seed), model: simLiquidityRegression(weekly) };
    if (argv.json) {
      process.stdout.write(jsonText({ scenario: loaded.scenario.name, hash: loaded.hash, seed, runs, from, to, block, replicas, returns: data.inputs['d.btc'].length, facts: rows, liquidity }));
      return;
    }
    const f = (v: number) => (Number.isFinite(v) ? (Math.abs(v) < 1 ? v.toFixed(3) : v.toFixed(2)) : 'n/a');
    const w = Math.max(...BTC_FACTS.map((x) => x.name.length));
    process.stdout.write(`BTC stylised facts: data ${from} → ${to} (${data.inputs['d.btc'].length} daily returns, ${replicas} block-bootstrap replicas of ${block} days) against '${loaded.scenario.name}' (${runs} runs, seed ${seed}), pooled\n`);
    for (const r of rows) process.stdout.write(`  ${r.name.padEnd(w)}  data ${f(r.data).padStart(7)} [${f(r.lo)}, ${f(r.hi)}]  model ${f(r.model).padStart(7)}  ${r.inside ? 'inside' : 'OUTSIDE'}\n`);
    const d = liquidity.data, m = liquidity.model;
    process.stdout.write(`weekly ln BTC on ln net liquidity (data: ${d.weeks} weeks, 95% block-bootstrap interval; model: median per run [5%, 95%] across runs)\n`);
    process.stdout.write(`  levels   data ${f(d.levels.value).padStart(6)} [${f(d.levels.lo)}, ${f(d.levels.hi)}]  model ${f(m.levels.value).padStart(6)} [${f(m.levels.lo)}, ${f(m.levels.hi)}]\n`);
    process.stdout.write(`  changes  data ${f(d.changes.value).padStart(6)} [${f(d.changes.lo)}, ${f(d.changes.hi)}]  model ${f(m.changes.value).padStart(6)} [${f(m.changes.lo)}, ${f(m.changes.hi)}], pooled over runs ${f(m.pooledChanges)}\n`);
  },
};
