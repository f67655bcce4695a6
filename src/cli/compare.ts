// `fimasim compare A B`: compares two batch folders metric by metric — paired by run index when both used the same
// master seed, unpaired otherwise — prints a table (or JSON with --json) and writes compare.json and report.html.
// A thin layer over the API's compare (docs/api.md).
import { existsSync, readdirSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import type { CommandModule } from 'yargs';
import { compare } from '../api/index.js';
import type { Comparison, MetricComparison } from '../sim/experiments/compare.js';
import type { ChainComparison } from '../sim/experiments/chain-compare.js';
import { jsonText } from '../sim/format.js';
import { UsageError } from './errors.js';
import { outFlag } from './options.js';
import { stampedFolder } from '../sim/files/stamped-folder.js';

export const compareCommand: CommandModule = {
  command: 'compare <a> <b>',
  describe: 'compare two batch folders per metric: paired by run index when the master seeds match, unpaired otherwise',
  builder: (y) => y
    .positional('a', { type: 'string', describe: 'batch folder A' })
    .positional('b', { type: 'string', describe: 'batch folder B (differences are A − B)' })
    .option('out', { type: 'string', describe: 'folder for compare.json and report.html (default: a new folder under runs/)' })
    .option('label', { type: 'string', array: true, describe: 'what to call A and B in the table and the report: --label thesis --label no-fima (default: the folders\' names)' })
    .option('json', { type: 'boolean', default: false, describe: 'print the comparison as JSON on stdout (no folder is written unless --out is given)' })
    .option('quiet', { type: 'boolean', default: false, describe: 'nothing on stderr but warnings and errors (no progress, no notices)' })
    .example('$0 compare runs/thesis runs/no-fima', 'the effect of the FIMA request on the same random draws'),
  handler: async (argv) => {
    const [a, b] = [String(argv.a), String(argv.b)];
    const given = ((argv.label as unknown[] | undefined) ?? []).map(String);
    if (given.length > 2) throw new UsageError(`--label: at most two (A, then B), found ${given.length}`);
    const labels: [string, string] = [given[0] ?? basename(resolve(a)), given[1] ?? basename(resolve(b))];
    if (argv.json && outFlag(argv.out) === undefined) { // --json alone: the comparison on stdout, nothing on disk
      process.stdout.write(jsonText({ out: null, ...(await compare(a, b, { labels })) }));
      return;
    }
    const out = outFlag(argv.out) ?? stampedFolder('runs', `compare-${labels[0]}-vs-${labels[1]}`);
    if (existsSync(out) && readdirSync(out).length > 0 && existsSync(join(out, 'compare.json')) === false) {
      throw new UsageError(`--out ${out}: the folder exists and holds other files; choose another folder`);
    }
    const { report, ...c } = await compare(a, b, { out, labels });
    if (argv.json) process.stdout.write(jsonText({ out, report, ...c }));
    else {
      process.stdout.write(`${comparisonTable(c, [String(argv.a), String(argv.b)])}\n${chainTable(c.chain)}\n  Files: ${join(out, 'compare.json')}, ${report}\n`);
    }
  },
};

/** The human table: one line per metric, the method named above it. `names`: the folders as the user typed them. */
export function comparisonTable(c: Comparison, names: readonly [string, string] = [c.a.dir, c.b.dir]): string {
  const side = (k: 'A' | 'B', s: Comparison['a']) => `${k} = ${s.label ?? ''}: ${k === 'A' ? names[0] : names[1]} (${s.scenarioName}, seed ${s.seed}, ${s.runs} runs)`;
  const head = ['metric', 'unit', 'mean A', 'mean B', 'A − B', '95% interval', 'P(A>B)', 'P(A=B)', 'P(A<B)', ...(c.paired ? [] : ['M–W p'])];
  const rows = Object.entries(c.metrics).map(([name, m]) => [
    name, m.unit, num(m.meanA), num(m.meanB), num(m.meanDiff),
    m.lo === null ? '–' : `[${num(m.lo)}, ${num(m.hi)}]${m.excludesZero ? ' *' : ''}`,
    pct(m.pGreater), pct(m.pEqual), pct(m.pLess), ...(c.paired ? [] : [pValue(m)]),
  ]);
  const widths = head.map((h, k) => Math.max(h.length, ...rows.map((r) => r[k].length)));
  const line = (cells: string[]) => `  ${cells.map((x, k) => (k < 2 ? x.padEnd(widths[k]) : x.padStart(widths[k]))).join('  ')}`;
  return [
    side('A', c.a), side('B', c.b),
    c.parameters.length === 0 ? 'Same scenario values.' : `Scenario values that differ (${c.parameters.length}): ` +
      c.parameters.slice(0, 6).map((d) => `${d.path} ${JSON.stringify(d.a)} → ${JSON.stringify(d.b)}`).join('; ') + (c.parameters.length > 6 ? '; … (compare.json, the report)' : ''),
    `${c.pairing[0].toUpperCase()}${c.pairing.slice(1)}.`,
    `Difference: ${c.methods.difference}.`,
    `P(A>B), P(A=B), P(A<B): ${c.methods.probabilities}.`,
    ...(c.methods.test ? [`Test: ${c.methods.test}.`] : []),
    '',
    line(head),
    ...rows.map(line),
    '  * the 95% interval of A − B excludes 0',
  ].join('\n');
}

/** The chain link by link: each side's count / n and probability, A − B in percentage points with its interval. */
export function chainTable(c: ChainComparison | { readonly missing: string }): string {
  if ('missing' in c) return `\nThe chain is not compared: ${c.missing}.`;
  const p = (x: number | null) => (x === null ? '–' : `${(x * 100).toFixed(1)}%`);
  const pp = (x: number | null) => (x === null ? '–' : `${x > 0 ? '+' : ''}${(x * 100).toFixed(1)}`);
  const head = ['link', 'A', 'B', 'A − B (pp)', '95% interval'];
  const rows = c.links.map((l) => [l.step, `${p(l.a.p)} ${l.a.count}/${l.a.n}`, `${p(l.b.p)} ${l.b.count}/${l.b.n}`, pp(l.diff),
    l.lo === null ? '–' : `[${pp(l.lo)}, ${pp(l.hi)}]${l.excludesZero ? ' *' : ''}`]);
  const widths = head.map((h, k) => Math.max(h.length, ...rows.map((r) => r[k].length)));
  const line = (cells: string[]) => `  ${cells.map((x, k) => (k === 0 ? x.padEnd(widths[k]) : x.padStart(widths[k]))).join('  ')}`;
  return ['', `The chain, link by link (${c.method}):`, line(head), ...rows.map(line)].join('\n');
}

/** Four significant digits: enough to show a small difference next to its interval. */
function num(x: number | null): string {
  if (x === null || !Number.isFinite(x)) return '–';
  if (x === 0) return '0';
  return Math.abs(x) >= 1e4 ? x.toFixed(0) : String(Number(x.toPrecision(4)));
}

const pct = (x: number | null): string => (x === null ? '–' : `${(x * 100).toFixed(1)}%`);
const pValue = (m: MetricComparison): string => {
  const p = m.mannWhitney?.pValue;
  return p === null || p === undefined ? '–' : p < 1e-4 ? '<0.0001' : p.toPrecision(2);
};
