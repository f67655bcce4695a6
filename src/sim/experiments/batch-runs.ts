// Reads what compare and replay need of a finished batch folder: manifest.json (identity, resolved scenario) and
// runs.csv (one row per successful run). Problems name the folder and what is wrong.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { readManifest, type Manifest } from '../batch/manifest.js';
import type { BatchRuns } from './compare.js';
import { ExperimentError } from './errors.js';

export interface BatchFolderRuns extends BatchRuns {
  readonly manifest: Manifest;
  readonly header: readonly string[];
  readonly lines: readonly string[]; // runs.csv data lines as written, for exact comparison
}

export function readBatchRuns(dir: string): BatchFolderRuns {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new ExperimentError(`'${dir}' is not a folder: expected a batch folder written by 'fimasim batch'`);
  const manifest = readManifest(dir);
  if (!manifest) throw new ExperimentError(`'${dir}' is not a batch folder: no readable manifest.json (a batch folder is written by 'fimasim batch')`);
  const path = join(dir, 'runs.csv');
  if (!existsSync(path)) {
    throw new ExperimentError(`'${dir}' is not a finished batch folder: runs.csv is missing` +
      (manifest.finishedAt ? '' : ` (the batch may have been interrupted: finish it with 'fimasim batch --resume --out ${dir}')`));
  }
  const [head, ...lines] = readFileSync(path, 'utf8').split('\n').filter((l) => l.length > 0);
  const header = (head ?? '').split(',');
  if (header[0] !== 'runIndex') throw new ExperimentError(`${path}: expected a header starting with runIndex, found '${head ?? ''}'`);
  const cells = lines.map((l, k) => {
    const row = l.split(',');
    if (row.length !== header.length) throw new ExperimentError(`${path}, line ${k + 2}: ${row.length} fields, expected ${header.length}`);
    return row;
  });
  const column = (name: string): number[] | undefined => {
    const i = header.indexOf(name);
    return i < 0 ? undefined : cells.map((r) => Number(r[i]));
  };
  return {
    dir, manifest, header, lines,
    scenarioName: manifest.scenarioName, scenarioHash: manifest.scenarioHash, seed: String(manifest.seed),
    runIndex: column('runIndex')!,
    metric: column,
  };
}
