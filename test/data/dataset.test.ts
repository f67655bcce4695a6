import { describe, expect, it } from 'vitest';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  BUNDLED_DATA_DIR, DataError, asOf, asOfFresh, between, checkDataFolder, commonRange, loadDataset, parseSeriesText,
  resolveDataDir, type DataProblem,
} from '../../src/data/dataset.js';
import { SERIES_CATALOG, seriesSpec } from '../../src/data/catalog.js';

const ds = loadDataset(BUNDLED_DATA_DIR);
const tmp = mkdtempSync(join(tmpdir(), 'fimasim-data-'));

const thrown = (f: () => unknown): DataError => {
  try {
    f();
  } catch (e) {
    if (e instanceof DataError) return e;
    throw e;
  }
  throw new Error('expected a DataError');
};

describe('the bundled data', () => {
  it('holds every catalog series, all valid', () => {
    expect(checkDataFolder(BUNDLED_DATA_DIR)).toEqual([]);
    expect(ds.ids()).toEqual(SERIES_CATALOG.map((s) => s.id));
    expect(ds.ids()).toHaveLength(18);
  });

  it('DGS10 runs 2015-01-02..2026-10-08 with 2944 rows', () => {
    const s = ds.get('DGS10');
    expect([s.first, s.last, s.dates.length, s.values.length]).toEqual(['2015-01-02', '2026-10-08', 2944, 2944]);
  });

  // PROVENANCE.md's sanity table, value as found in the file
  it.each([
    ['DGS10', '2024-06-18', 4.22], ['DGS10', '2024-09-16', 3.63], ['DGS10', '2025-01-14', 4.78], ['DGS10', '2025-06-17', 4.39],
    ['DGS2', '2025-06-17', 3.94], ['DGS3MO', '2024-06-18', 5.5], ['RRPONTSYD', '2024-06-18', 375.542], ['RRPONTSYD', '2025-06-17', 168.939],
    ['WALCL', '2024-06-19', 7252542], ['WALCL', '2025-06-18', 6681056], ['WRESBAL', '2025-06-18', 3406366], ['WTREGEN', '2025-06-18', 337762],
    ['WDTGAL', '2024-06-19', 782158], ['WCURCIR', '2025-06-18', 2389746], ['DFEDTARL', '2025-06-17', 4.25], ['DFEDTARU', '2025-06-17', 4.5],
    ['EFFR', '2024-06-18', 5.33], ['SOFR', '2025-06-17', 4.31], ['BTCUSD', '2024-12-17', 106140.6], ['BTCUSD', '2025-06-17', 104601.12],
    ['DEXJPUS', '2024-07-10', 161.73], ['JP_UST_HOLDINGS_TIC', '2025-06-30', 1147.9],
  ] as const)('%s on %s is %d', (id, date, value) => {
    expect(asOf(ds.get(id), date)).toMatchObject({ date, value });
  });

  it('converts to model units: USD millions → USD bn, percent stays percent', () => {
    expect(asOf(ds.get('WALCL'), '2025-06-18')).toEqual({ date: '2025-06-18', value: 6681056, model: 6681.056 });
    expect(asOf(ds.get('RRPONTSYD'), '2025-06-17')?.model).toBe(168.939);
    expect(asOf(ds.get('DGS10'), '2025-06-17')?.model).toBe(4.39);
  });
});

describe('as-of', () => {
  const dgs10 = ds.get('DGS10'), walcl = ds.get('WALCL');
  it('on a daily series: the day itself, a weekend or holiday → the previous business day, before the first → null', () => {
    expect(asOf(dgs10, '2025-06-17')).toMatchObject({ date: '2025-06-17', value: 4.39 });
    expect(asOf(dgs10, '2025-06-14')).toMatchObject({ date: '2025-06-13', value: 4.41 }); // Saturday
    expect(asOf(dgs10, '2025-06-15')).toMatchObject({ date: '2025-06-13', value: 4.41 }); // Sunday
    expect(asOf(dgs10, '2025-06-19')).toMatchObject({ date: '2025-06-18', value: 4.38 }); // Juneteenth
    expect(asOf(dgs10, '2015-01-01')).toBeNull();
    expect(asOf(dgs10, '2015-01-02')).toMatchObject({ date: '2015-01-02', value: 2.12 });
    expect(asOf(dgs10, '2030-01-01')).toMatchObject({ date: '2026-10-08' });
  });

  it('on a weekly series: by the Wednesday dates in the file', () => {
    expect(asOf(walcl, '2025-06-17')).toMatchObject({ date: '2025-06-11', value: 6677155 }); // Tuesday
    expect(asOf(walcl, '2025-06-18')).toMatchObject({ date: '2025-06-18', value: 6681056 }); // Wednesday
    expect(asOf(walcl, '2025-06-19')).toMatchObject({ date: '2025-06-18', value: 6681056 });
  });

  it('never interpolates: every as-of value is a value of the file', () => {
    const rrp = ds.get('RRPONTSYD');
    const file = new Set(rrp.values);
    for (const d of ['2025-06-14', '2025-06-15', '2025-06-19', '2024-12-25']) expect(file.has(asOf(rrp, d)!.value)).toBe(true);
  });

  it('refuses a malformed date', () => {
    expect(thrown(() => asOf(dgs10, '2025-02-30')).message).toMatch(/DGS10: as-of date '2025-02-30' is not a YYYY-MM-DD calendar date/);
  });

  it('asOfFresh refuses a date before the series and a stale value, naming the series and the dates', () => {
    const sofr = ds.get('SOFR');
    expect(thrown(() => asOfFresh(sofr, '2018-01-02')).message)
      .toMatch(/SOFR: no value as of 2018-01-02: the series starts on 2018-04-03 \(.*SOFR\.csv covers 2018-04-03\.\.2026-08-20\)/);
    expect(thrown(() => asOfFresh(sofr, '2026-09-30')).message)
      .toMatch(/SOFR: no value as of 2026-09-30: the latest observation is 2026-08-20, 41 days earlier \(a business-daily series may lag at most 7 days; .*covers 2018-04-03\.\.2026-08-20\)/);
    // WTREGEN's six-week gap in the file is refused too, not bridged
    expect(thrown(() => asOfFresh(ds.get('WTREGEN'), '2025-12-17')).message).toMatch(/WTREGEN: no value as of 2025-12-17: the latest observation is 2025-11-19, 28 days earlier/);
    expect(asOfFresh(walcl, '2025-06-17')).toMatchObject({ date: '2025-06-11' });
    expect(asOfFresh(sofr, '2026-08-27')).toMatchObject({ date: '2026-08-20' }); // 7 days: still fresh
  });

  it('between is inclusive at both ends', () => {
    expect(between(dgs10, '2025-06-13', '2025-06-17').map((o) => o.date)).toEqual(['2025-06-13', '2025-06-16', '2025-06-17']);
    expect(between(dgs10, '2025-06-14', '2025-06-15')).toEqual([]);
    expect(between(dgs10, '2000-01-01', '2015-01-05').map((o) => o.value)).toEqual([2.12, 2.04]);
    expect(between(walcl, '2025-06-12', '2025-06-18')).toEqual([{ date: '2025-06-18', value: 6681056, model: 6681.056 }]);
  });

  it('commonRange is the span every named series covers', () => {
    expect(commonRange(ds, ['DGS10', 'SOFR', 'WTREGEN'])).toEqual({ first: '2018-04-03', last: '2026-05-27' });
  });
});

describe('checking files: every problem with its file and line', () => {
  const check = (text: string): DataProblem[] => parseSeriesText(text, 'X.csv').problems;
  it.each([
    ['a valid file with a trailing newline', 'date,value\n2024-01-02,1\n2024-01-03,2\n', []],
    ['Windows line ends', 'date,value\r\n2024-01-02,1\r\n', []],
    ['a bad header', 'Date,Value\n2024-01-02,1\n', [[1, "header: expected 'date,value', found 'Date,Value'"]]],
    ['a FRED graph download', 'observation_date,DGS10\n2024-01-02,.\n2024-01-03,4.1\n', [
      [1, "header: expected 'date,value', found 'observation_date,DGS10' (a FRED download: rename the header to 'date,value')"],
      [2, "value: expected a finite number, found '.' (a missing-value marker: delete the row; values are never filled in)"]]],
    ['a duplicate date', 'date,value\n2024-01-02,1\n2024-01-03,2\n2024-01-03,2\n', [[4, 'duplicate date 2024-01-03 (also on line 3)']]],
    ['an unsorted file', 'date,value\n2024-01-02,1\n2024-01-05,2\n2024-01-03,2\n', [[4, 'date 2024-01-03 comes after 2024-01-05 on line 3: dates must be strictly increasing']]],
    ['a non-number', 'date,value\n2024-01-02,abc\n2024-01-03,Infinity\n2024-01-04,0x10\n', [
      [2, "value: expected a finite number, found 'abc'"], [3, "value: expected a finite number, found 'Infinity'"], [4, "value: expected a finite number, found '0x10'"]]],
    ['a bad date', 'date,value\n2024-02-30,1\n01/02/2024,1\n', [
      [2, "date: expected a YYYY-MM-DD calendar date, found '2024-02-30'"], [3, "date: expected a YYYY-MM-DD calendar date, found '01/02/2024'"]]],
    ['a wrong field count', 'date,value\n2024-01-02,1,2\n2024-01-03\n', [
      [2, "expected 2 fields (date,value), found 3: '2024-01-02,1,2'"], [3, "expected 2 fields (date,value), found 1: '2024-01-03'"]]],
    ['a blank line inside', 'date,value\n2024-01-02,1\n\n2024-01-03,2\n', [[3, 'blank line']]],
    ['an empty file', '', [[null, "empty file (expected the header 'date,value' and one row per observation)"]]],
    ['only a header', 'date,value\n', [[null, 'no observations (only a header)']]],
  ] as const)('%s', (_, text, expected) => {
    expect(check(text).map((p) => [p.line, p.message])).toEqual(expected);
    for (const p of check(text)) expect(p.file).toBe('X.csv');
  });
});

describe('folders', () => {
  const folder = (name: string, edit?: (dir: string) => void): string => {
    const dir = join(tmp, name);
    mkdirSync(dir);
    for (const s of SERIES_CATALOG) copyFileSync(join(BUNDLED_DATA_DIR, `${s.id}.csv`), join(dir, `${s.id}.csv`));
    edit?.(dir);
    return dir;
  };

  it('loadDataset throws every problem of every file at once; a missing file is one', () => {
    const dir = folder('broken', (d) => {
      writeFileSync(join(d, 'DGS2.csv'), 'date,value\n2024-01-02,1\n2024-01-02,1\n');
      writeFileSync(join(d, 'EFFR.csv'), 'date,value\n2024-01-02,x\n');
      writeFileSync(join(d, 'SOFR.csv'), '');
      rmSync(join(d, 'IORB.csv'));
    });
    const e = thrown(() => loadDataset(dir));
    expect(e.problems.map((p) => [p.file.slice(dir.length + 1), p.line])).toEqual([['DGS2.csv', 3], ['EFFR.csv', 2], ['SOFR.csv', null], ['IORB.csv', null]]);
    expect(e.message).toContain(`${join(dir, 'DGS2.csv')}:3: duplicate date 2024-01-02 (also on line 2)`);
    expect(e.message).toContain(`${join(dir, 'IORB.csv')}: missing: no such file`);
    expect(e.message.split('\n')[0]).toBe('4 data problems');
    expect(checkDataFolder(dir)).toEqual(e.problems);
  });

  it('loads only the series asked for, and refuses an unknown id with a did-you-mean', () => {
    const dir = folder('partial', (d) => writeFileSync(join(d, 'EFFR.csv'), 'oops'));
    const part = loadDataset(dir, ['DGS10', 'WALCL']);
    expect(part.ids()).toEqual(['DGS10', 'WALCL']);
    expect(part.has('EFFR')).toBe(false);
    expect(thrown(() => part.get('EFFR')).message).toMatch(/EFFR: not loaded from .*partial \(loaded: DGS10, WALCL\)/);
    expect(thrown(() => part.get('DGS1O')).message).toMatch(/'DGS1O' is not a known series \(did you mean 'DGS10'\?\)/);
    expect(thrown(() => loadDataset(dir, ['WALCI'])).message).toMatch(/did you mean 'WALCL'/);
    expect(thrown(() => seriesSpec('btcusd')).message).toMatch(/did you mean 'BTCUSD'/);
  });

  it('rereads a file that changed (the cache is keyed by mtime and size)', () => {
    const dir = folder('changing');
    expect(asOf(loadDataset(dir, ['DGS10']).get('DGS10'), '2030-01-01')?.date).toBe('2026-10-08');
    writeFileSync(join(dir, 'DGS10.csv'), `${readFileSync(join(dir, 'DGS10.csv'), 'utf8')}2026-10-09,5.3\n`);
    expect(asOf(loadDataset(dir, ['DGS10']).get('DGS10'), '2030-01-01')).toMatchObject({ date: '2026-10-09', value: 5.3 });
  });

  it('resolveDataDir: --data over FIMASIM_DATA over the bundled data; a bad path is named', () => {
    const dir = folder('chosen');
    expect(resolveDataDir(undefined, {})).toBe(BUNDLED_DATA_DIR);
    expect(resolveDataDir(undefined, { FIMASIM_DATA: dir })).toBe(dir);
    expect(resolveDataDir(BUNDLED_DATA_DIR, { FIMASIM_DATA: dir })).toBe(BUNDLED_DATA_DIR);
    expect(thrown(() => resolveDataDir(join(tmp, 'nope'), {})).message).toBe(`${join(tmp, 'nope')}: no such directory (from --data)`);
    expect(thrown(() => resolveDataDir(undefined, { FIMASIM_DATA: join(dir, 'DGS10.csv') })).message)
      .toBe(`${join(dir, 'DGS10.csv')}: not a directory (from FIMASIM_DATA)`);
    expect(thrown(() => loadDataset(join(tmp, 'nope'))).problems).toHaveLength(1);
  });
});
