#!/usr/bin/env node
// The figures of docs/model.md §8 ("what the default scenario says"), regenerated in one command through the public
// API: every built-in scenario as a seeded batch, the chain of hayes-2024, and the paired comparisons that isolate
// each link (the facility, its cap, the Treasury's other tools, the Japanese sales). Prints Markdown on stdout;
// progress goes to stderr. Run after `npm run build`:
//
//   node bench/model-figures.mjs [--runs 1000] [--seed 1] [--workers 2] [--out runs/model-figures]
//
// A long measurement (≈ 10 batches of 1,000 runs), so it is not a test: docs/model.md quotes its output with the
// commit it ran on.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { compare, loadScenario, readBatch, runBatch, UserError } from 'fimasim';

const USAGE = 'usage: node bench/model-figures.mjs [--runs N] [--seed S] [--workers W] [--out DIR]';

function options() {
  let values;
  try {
    ({ values } = parseArgs({ options: { runs: { type: 'string', default: '1000' }, seed: { type: 'string', default: '1' },
      workers: { type: 'string', default: '2' }, out: { type: 'string', default: 'runs/model-figures' }, help: { type: 'boolean' } } }));
  } catch (e) {
    fail(`${e.message}\n${USAGE}`);
  }
  if (values.help) { process.stdout.write(`${USAGE}\n`); process.exit(0); }
  const int = (name) => {
    const v = Number(values[name]);
    if (!Number.isInteger(v) || v < 1) fail(`--${name} must be a positive integer, found '${values[name]}'`);
    return v;
  };
  if (existsSync(values.out)) fail(`--out ${values.out} exists: choose a new folder (nothing is overwritten)`);
  return { runs: int('runs'), seed: values.seed, workers: int('workers'), out: values.out };
}

function fail(message) {
  process.stderr.write(`model-figures: ${message}\n`);
  process.exit(2);
}

const opts = options();
const builtIns = readdirSync('scenarios').filter((f) => f.endsWith('.json')).map((f) => f.slice(0, -5)).filter((n) => n !== 'smoke').sort();
const banks = Object.keys(loadScenario('hayes-2024').scenario.banks);

/** Each batch: a name, the scenario, and its overrides. */
const batches = [
  ...builtIns.map((name) => ({ key: name, scenario: name, set: [] })),
  { key: 'hayes-2024 all banks hold', scenario: 'hayes-2024', set: banks.map((b) => `banks.${b}.policy.name=hold`) },
  { key: 'hayes-stress uncapped', scenario: 'hayes-stress', set: ['fed.fima.capPerCounterparty=500'] },
];
/** Paired comparisons, A − B, with what each isolates. */
const pairs = [
  ['hayes-2024', 'hayes-no-fima', 'the facility; the Treasury stabilises without it'],
  ['hayes-uncapped', 'hayes-2024', 'the $60bn cap in the thesis scenario'],
  ['no-backstop', 'hayes-2024', 'the Treasury\'s bill shift and buybacks, and the facility'],
  ['hayes-2024', 'hayes-2024 all banks hold', 'the Japanese sales'],
  ['hayes-stress uncapped', 'hayes-stress', 'the cap, when the chain is large enough to reach it'],
];

const dirs = new Map();
for (const b of batches) {
  const out = join(opts.out, b.key.replace(/[^a-z0-9-]+/gi, '-'));
  const progress = (p) => process.stderr.write(`\r${b.key}: ${p.finished}/${p.total}   `);
  const r = await runBatch(b.scenario, { runs: opts.runs, seed: opts.seed, workers: opts.workers, out, set: b.set, onProgress: progress });
  process.stderr.write('\n');
  dirs.set(b.key, r.dir);
}

const f = (x, d = 1) => {
  if (x === null || x === undefined || !Number.isFinite(x)) return '–';
  const shown = Math.abs(x) < 0.5 * 10 ** -d ? 0 : x; // no "-0.00"
  return shown.toLocaleString('en-US', { minimumFractionDigits: d, maximumFractionDigits: d });
};
const pct = (p) => `${f(100 * p.p, 1)}% [${f(100 * p.lo, 1)}, ${f(100 * p.hi, 1)}]`;
const q = (m, d = 1, scale = 1) => `${f(m.p50 * scale, d)} (${f(m.p05 * scale, d)} – ${f(m.p95 * scale, d)})`;

/** Wilson 95% interval of k out of n. */
function wilson(k, n) {
  if (n === 0) return { p: NaN, lo: NaN, hi: NaN };
  const z = 1.959963984540054, p = k / n, d = 1 + (z * z) / n;
  const c = (p + (z * z) / (2 * n)) / d, h = (z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n))) / d;
  return { p, lo: Math.max(0, c - h), hi: Math.min(1, c + h) };
}
const share = (col, test) => wilson(col.filter(test).length, col.length);

const out = [];
out.push(`Measured with \`node bench/model-figures.mjs --runs ${opts.runs} --seed ${opts.seed}\` (master seed ${opts.seed}, run indices 0–${opts.runs - 1}; medians with p05 – p95; probabilities with Wilson 95% intervals).`, '');
out.push('| scenario (hash) | Japanese sales, USD bn | 10y peak, % | max 20-day 10y rise, bp | P(BOJ/MoF absorbs) | absorbed, USD bn, p95 | P(cap binds) | net liquidity change, USD bn | P(net liquidity up) | BTC return, % | P(BTC up) |');
out.push('|---|---|---|---|---|---|---|---|---|---|---|');
for (const b of batches) {
  const folder = readBatch(dirs.get(b.key), ['summary', 'runs']);
  const s = folder.summary, m = s.metrics, runs = folder.runs;
  out.push(`| ${b.key} (\`${s.scenarioHash}\`) | ${q(m.jpSalesTotal, 0)} | ${q(m.ust10yPeak, 2)} | ${q(m.ust10yMaxRise20d, 0)} | ${pct(s.probabilities.intervened)} | ${f(m.fimaAbsorbed.p95, 1)} | ${pct(s.probabilities.fimaCapBound)} | ${q(m.netLiquidityChange, 0)} | ${pct(share(runs.metric('netLiquidityChange'), (x) => x > 0))} | ${q(m.btcReturn, 0, 100)} | ${pct(share(runs.metric('btcReturn'), (x) => x > 0))} |`);
}
out.push('', '**The chain of `hayes-2024`** (each step given all earlier ones, `summary.json`):', '');
out.push('| step | count / n | p [95% interval] |', '|---|---|---|');
for (const c of readBatch(dirs.get('hayes-2024'), ['summary']).summary.chain) out.push(`| ${c.step} | ${c.count} / ${c.n} | ${pct(c)} |`);

out.push('', '**Paired on the same seeds** (A − B, mean difference and its 95% interval; share of pairs where A > B / A < B):', '');
const shown = [['ust10yPeak', 'peak 10y, bp', 100], ['fimaAbsorbed', 'absorbed, USD bn', 1], ['netLiquidityChange', 'net liquidity, USD bn', 1], ['reservesChange', 'reserves, USD bn', 1], ['btcReturn', 'BTC return, pp', 100]];
out.push(`| A − B (what it isolates) | ${shown.map(([, label]) => label).join(' | ')} |`);
out.push(`|---|${shown.map(() => '---').join('|')}|`);
for (const [a, b, what] of pairs) {
  const c = await compare(dirs.get(a), dirs.get(b));
  if (!c.paired) throw new UserError('experiment', `${a} and ${b} are not paired: check the seeds`);
  const cells = shown.map(([name, , scale]) => {
    const x = c.metrics[name];
    if (!x || x.meanDiff === null) return '–';
    const d = Math.abs(x.meanDiff * scale) < 1 ? 2 : 1;
    return `${f(x.meanDiff * scale, d)} [${f(x.lo * scale, d)}, ${f(x.hi * scale, d)}]; ${f(100 * x.pGreater, 0)}% / ${f(100 * x.pLess, 0)}%`;
  });
  out.push(`| ${a} − ${b}: ${what} | ${cells.join(' | ')} |`);
}
process.stdout.write(`${out.join('\n')}\n`);
