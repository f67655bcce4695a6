// Human-readable output for the terminal (stderr for messages; the summary itself goes to stdout).
import type { Scenario } from '../sim/scenario/schema.js';
import type { RunResult } from '../sim/run/engine.js';
import type { RunIdentity } from '../sim/run/run-output.js';
import { METRICS } from '../sim/run/metrics.js';

const fmt = (x: number, unit: string): string => {
  if (unit === 'fraction') return `${(x * 100).toFixed(1)}%`;
  if (unit === '%') return `${x.toFixed(2)}%`;
  if (unit === 'bp') return `${x.toFixed(0)}bp`;
  if (unit === 'USD bn') return `${x < 0 ? '−' : ''}$${Math.abs(x).toFixed(1)}bn`;
  if (unit === 'USD') return `$${String(Math.round(x)).replace(/\B(?=(\d{3})+(?!\d))/g, ',')}`;
  return String(x);
};

export function printRunSummary(s: Scenario, id: RunIdentity, r: RunResult, out?: string): void {
  const m = r.metrics;
  const lines = [
    `${s.name} · seed ${id.seed} · run ${id.runIndex} · ${r.dates[0]} → ${r.dates[r.dates.length - 1]} (${s.ticks} ticks)`,
    `  Japanese banks sold ${fmt(m.jpSalesTotal, 'USD bn')} of Treasuries (${m.banksSelling} of ${Object.keys(s.banks).length} banks sold).`,
    `  10y yield: peak ${fmt(m.ust10yPeak, '%')}, end ${fmt(m.ust10yEnd, '%')}, largest 20-day rise ${fmt(m.ust10yMaxRise20d, 'bp')}.`,
    m.intervened ? `  The BOJ/MoF accepted the Treasury's request on ${r.dates[m.interventionTick]}; FIMA repo peaked at ${fmt(m.fimaPeak, 'USD bn')}.`
      : '  No FIMA absorption: the Treasury did not ask, or the BOJ/MoF declined.',
    `  Net liquidity changed by ${fmt(m.netLiquidityChange, 'USD bn')}, reserves by ${fmt(m.reservesChange, 'USD bn')}.`,
    `  BTC: ${fmt(m.btcReturn, 'fraction')} over the run, peak ${fmt(m.btcPeak, 'USD')}, worst drawdown ${fmt(m.btcMaxDrawdown, 'fraction')}.`,
  ];
  const notable = r.events.filter((e) => !e.kind.startsWith('timeline:') && e.kind !== 'fima-draw' && e.kind !== 'fima-repay' && e.kind !== 'bank-cuts-hedge');
  if (notable.length) {
    lines.push('  What happened:');
    for (const e of notable.slice(0, 12)) lines.push(`    ${e.date}  ${e.text}`);
    if (notable.length > 12) lines.push(`    … ${notable.length - 12} more in events.jsonl`);
  }
  lines.push('  Metrics:');
  for (const mt of METRICS) lines.push(`    ${mt.name.padEnd(20)} ${fmt(m[mt.name], mt.unit).padStart(12)}  ${mt.definition}`);
  if (out) lines.push(`  Files: ${out}/series.csv, events.jsonl, summary.json`);
  process.stdout.write(`${lines.join('\n')}\n`);
}
