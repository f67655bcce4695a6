// The CLI is a thin layer over the API (issue 17 item 1): run, batch, sweep, sample, backtest and calibrate call
// src/api for their work, so no command module imports (as a value) the modules that do it: the engine, the batch
// runner and its executors, the scenario loader, policies, sweeps, samples, backtests and calibrations. Type-only
// imports, file names (files/batch-folder), help texts and the reports are not work the API does.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const CLI = fileURLToPath(new URL('../../src/cli/', import.meta.url));
const COMMANDS = ['run', 'batch', 'sweep', 'sample', 'backtest', 'calibrate'];
const WORK = [
  /\/sim\/run\/(engine|custom-policies|run-output)\.js$/, /\/sim\/batch\/(run-batch|run-record|executor|pool|spec|manifest|shard)\.js$/,
  /\/sim\/scenario\/load\.js$/, /\/sim\/experiments\/(sweep|grid|sweep-pool)\.js$/, /\/sim\/sample\/(spec|values|sensitivity)\.js$/,
  /\/sim\/backtest\/(run-backtest|origins)\.js$/, /\/sim\/calibrate\/run-calibrate\.js$/,
];

/** The value imports of a module (import type … is left out). */
function valueImports(source: string): string[] {
  return [...source.matchAll(/^import\s+(?!type\s)[^;]*?from\s+'([^']+)'/gms)].map((m) => m[1]);
}

describe('the CLI over the API', () => {
  it('finds the imports it checks (the scan works)', () => {
    expect(valueImports("import { a } from '../x.js';\nimport type { B } from '../sim/run/engine.js';\nimport {\n  c,\n} from '../y.js';")).toEqual(['../x.js', '../y.js']);
  });

  for (const name of COMMANDS) {
    it(`${name}.ts calls the API and imports none of the modules that do its work`, () => {
      const imports = valueImports(readFileSync(join(CLI, `${name}.ts`), 'utf8'));
      expect(imports, name).toContain('../api/index.js');
      expect(imports.filter((i) => WORK.some((w) => w.test(i))), name).toEqual([]);
    });
  }
});
