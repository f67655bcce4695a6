// Writing one run's files: series.csv (one row per tick with its date), events.jsonl and summary.json.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { RunResult } from './engine.js';
import { SERIES } from './series.js';
import { csvLine, jsonText } from '../format.js';
import { writeFileAtomic } from '../files/atomic.js';

export function seriesCsv(r: RunResult): string {
  const lines = [csvLine(['tick', 'date', ...SERIES.map((c) => c.name)])];
  for (let t = 0; t < r.dates.length; t++) {
    lines.push(csvLine([t, r.dates[t], ...SERIES.map((c, k) => c.toOutput(r.series[k][t]))]));
  }
  return `${lines.join('\n')}\n`;
}

export const eventsJsonl = (r: RunResult): string => r.events.map((e) => JSON.stringify(e)).join('\n') + (r.events.length ? '\n' : '');

export interface RunIdentity {
  readonly scenario: string;
  readonly scenarioHash: string;
  readonly seed: string;
  readonly runIndex: number;
}

export const runSummary = (id: RunIdentity, r: RunResult): object => ({ ...id, metrics: r.metrics });

export function writeRunFiles(dir: string, id: RunIdentity, r: RunResult): void {
  mkdirSync(dir, { recursive: true });
  writeFileAtomic(join(dir, 'series.csv'), seriesCsv(r));
  writeFileAtomic(join(dir, 'events.jsonl'), eventsJsonl(r));
  writeFileAtomic(join(dir, 'summary.json'), jsonText(runSummary(id, r)));
}
