// fimasim from code: one run, a small batch, its files read back, and two batches compared on the same seeds.
// Run with `node examples/quick-start.mjs` after `npm run build` (CI runs it: test/api/examples.test.ts).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compare, loadScenario, readBatch, runBatch, simulate } from 'fimasim';

const work = mkdtempSync(join(tmpdir(), 'fimasim-example-'));
try {
  // a scenario, with an override, validated once (every problem would be in one ScenarioError)
  const scenario = loadScenario('smoke', { set: ['banks.mufg.policy.carryFloor=-1'] });

  // one run in memory: every per-tick series by name, in output units
  const run = await simulate(scenario, { seed: 7 });
  const y = run.series.ust10y;
  console.log(`one run: ${run.dates.length} days, 10y from ${y[0].toFixed(2)}% to ${y[y.length - 1].toFixed(2)}%, BTC return ${run.metrics.btcReturn.toFixed(3)}`);

  // a batch on worker threads, with progress as a callback
  let last = 0;
  const thesis = await runBatch('smoke', { runs: 20, seed: 1, workers: 2, out: join(work, 'thesis'), onProgress: (p) => { last = p.finished; } });
  console.log(`batch: ${thesis.summary.runsDone} runs done (progress reached ${last}), P(intervened) = ${thesis.summary.probabilities.intervened.p}`);

  // the same seeds with the Treasury's FIMA request switched off
  const noFima = await runBatch('smoke', { runs: 20, seed: 1, workers: 2, out: join(work, 'no-fima'), set: ['treasury.policy.name=stabilise-no-fima'] });

  // the folder read back, typed and checked
  const batch = readBatch(thesis.dir);
  const peaks = batch.runs.metric('ust10yPeak');
  console.log(`runs.csv: ${batch.runs.rows} rows, first 10y peak ${peaks[0]}%`);

  // paired by run index, since both used master seed 1
  const c = await compare(thesis.dir, noFima.dir);
  const d = c.metrics.ust10yPeak;
  console.log(`compare: ${c.paired ? 'paired' : 'unpaired'}, 10y peak A − B = ${d.meanDiff} (95% interval ${d.lo} to ${d.hi})`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
