// The batch folder's owner (src/sim/files/batch-folder.ts): problems come back as data, quoted cells read back as
// written, and no other module names the folder's files.
import { afterAll, describe, expect, it } from 'vitest';
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeHandMadeBatch } from '../report/fixture.js';
import { inspectBatchFolder, readBatchFolder, writeFailures, writeRunsCsv, BATCH_FILES } from '../../src/sim/files/batch-folder.js';
import { UserError } from '../../src/errors.js';
import { ROOT, tempDir } from '../experiments/helpers.js';

const tmp = tempDir('batch-folder');
afterAll(tmp.cleanup);

function batch(name: string): string {
  const dir = join(tmp.dir, name);
  writeHandMadeBatch(dir, 6, 10);
  writeFailures(dir, []);
  return dir;
}

describe('inspectBatchFolder', () => {
  it('reads a finished folder with the parts asked for, and only those', () => {
    const dir = batch('good');
    const { folder, problems } = inspectBatchFolder(dir, ['runs', 'summary']);
    expect(problems).toEqual([]);
    expect(folder!.runs.runIndex).toEqual([0, 1, 2, 3, 4, 5]);
    expect(folder!.runs.rowOf(4)).toBe(4);
    expect(folder!.runs.rowOf(99)).toBe(-1);
    expect(folder!.summary.runsDone).toBe(6);
    expect(folder!.bands).toBeUndefined();
    expect(folder!.manifest.scenarioName).toBe('hand-made');
  });

  it('returns every problem as data: file, line and message', () => {
    const dir = batch('bad');
    writeFileSync(join(dir, BATCH_FILES.runs), 'runIndex,seed,btcReturn\n0,1\n1,1,0.5\n2,1,0.1,9\n');
    writeFileSync(join(dir, BATCH_FILES.summary), '{"metrics": {}}');
    writeFileSync(join(dir, BATCH_FILES.failures), '{"runIndex": 3, "seed": "1", "error": "boom"}\nnot json\n');
    const { folder, problems } = inspectBatchFolder(dir, ['runs', 'summary', 'failures']);
    expect(folder).toBeNull();
    expect(problems).toEqual([
      { file: join(dir, 'runs.csv'), line: 2, message: '2 fields, expected 3' },
      { file: join(dir, 'runs.csv'), line: 4, message: '4 fields, expected 3' },
      { file: join(dir, 'summary.json'), line: null, message: 'expected "metrics" (an object) and "chain" (a list)' },
      { file: join(dir, 'failures.jsonl'), line: 2, message: expect.stringContaining('not valid JSON') },
    ]);
  });

  it('checks the manifest fields the readers rely on', () => {
    const dir = batch('manifest');
    const m = JSON.parse(readFileSync(join(dir, BATCH_FILES.manifest), 'utf8'));
    writeFileSync(join(dir, BATCH_FILES.manifest), JSON.stringify({ ...m, runs: 0, seed: 7, shard: { index: 'a' } }));
    expect(inspectBatchFolder(dir, []).problems.map((p) => p.message)).toEqual([
      '"seed": expected a string, found 7',
      '"runs": expected a positive integer, found 0',
      '"shard": expected null or { index, count }, found {"index":"a"}',
    ]);
  });

  it('throws one UserError of kind batch-folder naming each problem', () => {
    const dir = batch('throws');
    writeFileSync(join(dir, BATCH_FILES.runs), 'runIndex,seed\n0\n');
    const e = (() => { try { readBatchFolder(dir, ['runs']); } catch (x) { return x; } })() as UserError;
    expect(e).toBeInstanceOf(UserError);
    expect(e.kind).toBe('batch-folder');
    expect(e.message).toBe(`${join(dir, 'runs.csv')}, line 2: 1 fields, expected 2`);
  });

  it('says an interrupted batch can be resumed', () => {
    const dir = batch('interrupted');
    rmSync(join(dir, BATCH_FILES.runs));
    expect(inspectBatchFolder(dir, ['runs']).problems[0].message).toBe(`'${dir}' is not a finished batch folder: runs.csv is missing ` +
      `(the batch may have been interrupted: finish it with 'fimasim batch --resume --out ${dir}')`);
  });
});

describe('the runs table', () => {
  it('reads quoted cells back as written (a choice with a comma, a quote), where splitting on commas would not', () => {
    const dir = batch('quoted');
    writeRunsCsv(dir, ['runIndex', 'seed', 'btcReturn', 'policy'], [[0, '1', 0.25, 'a,b'], [1, '1', -0, 'say "hi"']]);
    expect(readFileSync(join(dir, BATCH_FILES.runs), 'utf8')).toBe('runIndex,seed,btcReturn,policy\n0,1,0.25,"a,b"\n1,1,0,"say ""hi"""\n');
    const { runs } = readBatchFolder(dir, ['runs']);
    expect(runs.text('policy')).toEqual(['a,b', 'say "hi"']);
    expect(runs.metric('btcReturn')).toEqual([0.25, 0]);
    expect(runs.metric('nope')).toBeUndefined();
    expect(runs.line(0)).toBe('0,1,0.25,"a,b"');
    expect(runs.line(1)).toBe('1,1,0,"say ""hi"""');
  });

  it('names the file, line and column of a cell that is not a number', () => {
    const dir = batch('nan');
    writeFileSync(join(dir, BATCH_FILES.runs), 'runIndex,seed,btcReturn\n0,1,0.1\n1,1,oops\n');
    const { runs } = readBatchFolder(dir, ['runs']);
    expect(() => runs.numbers('btcReturn')).toThrow(`${join(dir, 'runs.csv')}, line 3, column 'btcReturn': 'oops' is not a number`);
  });
});

describe('one owner', () => {
  const files = (d: string): string[] => readdirSync(d).flatMap((f) => {
    const p = join(d, f);
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : [];
  });
  const src = files(join(ROOT, 'src'));

  it("no module but the owner names 'runs.csv', 'manifest.json', 'bands.csv', 'failures.jsonl' or 'series.f32'", () => {
    const owner = join(ROOT, 'src/sim/files/batch-folder.ts');
    const naming = src.filter((f) => f !== owner && /'(runs\.csv|manifest\.json|bands\.csv|failures\.jsonl|series\.f32|journal\.bin)'/.test(readFileSync(f, 'utf8')));
    expect(naming).toEqual([]);
  });

  it('sample/ imports nothing from sim/batch/ (data flows scenario → run → batch → files → report)', () => {
    const sample = src.filter((f) => f.includes('/src/sim/sample/'));
    expect(sample.length).toBeGreaterThan(0);
    expect(sample.filter((f) => /from '\.\.\/batch\//.test(readFileSync(f, 'utf8')))).toEqual([]);
  });
});
