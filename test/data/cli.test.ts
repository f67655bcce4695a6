import { describe, expect, it } from 'vitest';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fimasim } from '../cli/helpers.js';
import { BUNDLED_DATA_DIR } from '../../src/data/dataset.js';
import { SERIES_CATALOG } from '../../src/data/catalog.js';

const tmp = mkdtempSync(join(tmpdir(), 'fimasim-data-cli-'));

/** A copy of the bundled data with one change. */
function folder(name: string, edit: (dir: string) => void): string {
  const dir = join(tmp, name);
  mkdirSync(dir);
  for (const s of SERIES_CATALOG) copyFileSync(join(BUNDLED_DATA_DIR, `${s.id}.csv`), join(dir, `${s.id}.csv`));
  edit(dir);
  return dir;
}
const replaceLine = (file: string, line: number, text: string) => {
  const lines = readFileSync(file, 'utf8').split('\n');
  lines[line - 1] = text;
  writeFileSync(file, lines.join('\n'));
};

describe('fimasim data', () => {
  it('lists all 18 series with their ranges', () => {
    const r = fimasim(['data']);
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(19);
    expect(lines[0].split(/\s{2,}/)).toEqual(['id', 'meaning', 'unit', 'frequency', 'first', 'last', 'rows', 'source']);
    for (const s of SERIES_CATALOG) expect(r.stdout).toContain(s.id);
    expect(lines[1]).toMatch(/^DGS10\s+10-year Treasury constant-maturity yield\s+percent\s+business-daily\s+2015-01-02\s+2026-10-08\s+2944\s/);
    expect(fimasim(['data', 'list']).stdout).toBe(r.stdout);
  });

  it('--json gives every series with first, last and rows', () => {
    const r = fimasim(['data', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.series.map((s: { id: string }) => s.id)).toEqual(SERIES_CATALOG.map((s) => s.id));
    expect(j.series[0]).toMatchObject({ id: 'DGS10', unit: 'percent', modelUnit: '%', first: '2015-01-02', last: '2026-10-08', rows: 2944 });
    expect(j.series.find((s: { id: string }) => s.id === 'SOFR')).toMatchObject({ first: '2018-04-03', last: '2026-08-20', rows: 2094 });
    expect(j.series.find((s: { id: string }) => s.id === 'BTCUSD').licence).toMatch(/third party/);
  });

  it('lists a user folder that holds only some series, the others as missing', () => {
    const dir = join(tmp, 'some');
    mkdirSync(dir);
    copyFileSync(join(BUNDLED_DATA_DIR, 'WALCL.csv'), join(dir, 'WALCL.csv'));
    const r = fimasim(['data', '--json'], { env: { FIMASIM_DATA: dir } });
    expect(r.code, r.stderr).toBe(0);
    const rows = JSON.parse(r.stdout).series;
    expect(rows.find((s: { id: string }) => s.id === 'WALCL')).toMatchObject({ first: '2015-01-07', last: '2026-08-19', rows: 607 });
    expect(rows.find((s: { id: string }) => s.id === 'DGS10')).toMatchObject({ first: null, last: null, rows: 0 });
  });
});

describe('fimasim data show', () => {
  it('DGS10 on 2025-06-17 is 4.39', () => {
    const r = fimasim(['data', 'show', 'DGS10', '--from', '2025-06-17', '--to', '2025-06-17', '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).rows).toEqual([{ date: '2025-06-17', value: 4.39, model: 4.39 }]);
  });

  it('prints CSV rows in the file unit and the model unit', () => {
    const r = fimasim(['data', 'show', 'WALCL', '--from', '2025-06-12', '--to', '2025-06-25']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('date,value,model\n2025-06-18,6681056,6681.056\n2025-06-25,6662200,6662.2\n');
    expect(r.stderr).toMatch(/value in USD millions, model in USD bn; 2 rows/);
  });

  it('--as-of gives the last observation on or before the date', () => {
    const walcl = JSON.parse(fimasim(['data', 'show', 'WALCL', '--as-of', '2025-06-18', '--json']).stdout);
    expect(walcl).toMatchObject({ observation: { date: '2025-06-18', value: 6681056, model: 6681.056 }, ageDays: 0, stale: false });
    const rrp = JSON.parse(fimasim(['data', 'show', 'RRPONTSYD', '--as-of', '2025-06-17', '--json']).stdout);
    expect(rrp.observation).toEqual({ date: '2025-06-17', value: 168.939, model: 168.939 });
    expect(fimasim(['data', 'show', 'WALCL', '--as-of', '2025-06-17']).stdout).toMatch(/WALCL as of 2025-06-17: 2025-06-11 {2}6677155 USD millions {2}= 6677\.155 USD bn {2}\(6 days old\)/);
  });

  it.each([
    [['data', 'show', 'DGS1O'], /data show: 'DGS1O' is not a known series \(did you mean 'DGS10'\?\)/],
    [['data', 'show', 'DGS10', '--from', '2025-02-30'], /--from: expected a YYYY-MM-DD calendar date, found '2025-02-30'/],
    [['data', 'show', 'DGS10', '--to', '17/06/2025'], /--to: expected a YYYY-MM-DD calendar date, found '17\/06\/2025'/],
    [['data', 'show', 'DGS10', '--from', '2025-03-01', '--to', '2025-02-01'], /--from 2025-03-01 is after --to 2025-02-01/],
    [['data', 'show', 'DGS10', '--data', join(tmp, 'absent')], /absent: no such directory \(from --data\)/],
    [['data', 'show'], /Not enough non-option arguments/],
  ])('%j → exit 2', (args, message) => {
    const r = fimasim(args as string[]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/internal error|\n\s+at /);
    expect(r.stdout).toBe('');
  });
});

describe('fimasim data check', () => {
  it('the bundled data passes', () => {
    const r = fimasim(['data', 'check']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe(`18 series, all valid (${BUNDLED_DATA_DIR})\n`);
  });

  it.each([
    ['unsorted', (d: string) => replaceLine(join(d, 'DGS10.csv'), 3, '2014-12-31,2.04'), 'DGS10.csv:3: date 2014-12-31 comes after 2015-01-02 on line 2: dates must be strictly increasing'],
    ['duplicate', (d: string) => replaceLine(join(d, 'WALCL.csv'), 4, '2015-01-14,4496069'), 'WALCL.csv:4: duplicate date 2015-01-14 (also on line 3)'],
    ['non-number', (d: string) => replaceLine(join(d, 'BTCUSD.csv'), 10, '2015-01-09,n/a'), "BTCUSD.csv:10: value: expected a finite number, found 'n/a'"],
    ['bad-header', (d: string) => replaceLine(join(d, 'SOFR.csv'), 1, 'observation_date,SOFR'), "SOFR.csv:1: header: expected 'date,value', found 'observation_date,SOFR' (a FRED download: rename the header to 'date,value')"],
    ['missing', (d: string) => rmSync(join(d, 'IORB.csv')), 'IORB.csv: missing: no such file'],
  ])('finds a %s file, naming file and line, exit 2', (name, edit, problem) => {
    const dir = folder(name, edit);
    const r = fimasim(['data', 'check', '--data', dir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`fimasim: data check: 1 problem in 1 file of ${dir}\n${join(dir, problem)}\n`);
    expect(fimasim(['data', 'check'], { env: { FIMASIM_DATA: dir } }).stderr).toBe(r.stderr);
  });

  it('reports every problem of every file at once; --json lists them on stdout', () => {
    const dir = folder('many', (d) => {
      replaceLine(join(d, 'DGS2.csv'), 5, '2015-01-07,.');
      replaceLine(join(d, 'DGS2.csv'), 7, '2015-13-01,0.6');
      rmSync(join(d, 'EFFR.csv'));
    });
    const r = fimasim(['data', 'check', '--data', dir]);
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n').slice(0, 4)).toEqual([
      `fimasim: data check: 3 problems in 2 files of ${dir}`,
      `${join(dir, 'DGS2.csv')}:5: value: expected a finite number, found '.' (a missing-value marker: delete the row; values are never filled in)`,
      `${join(dir, 'DGS2.csv')}:7: date: expected a YYYY-MM-DD calendar date, found '2015-13-01'`,
      `${join(dir, 'EFFR.csv')}: missing: no such file`,
    ]);
    const j = fimasim(['data', 'check', '--data', dir, '--json']);
    expect(j.code).toBe(2);
    expect(JSON.parse(j.stdout)).toMatchObject({ valid: false, problems: [{ line: 5 }, { line: 7 }, { line: null }] });
  });

  it('checks only the series named, and refuses an unknown one', () => {
    const dir = folder('named', (d) => rmSync(join(d, 'IORB.csv')));
    expect(fimasim(['data', 'check', '--data', dir, 'DGS10', 'WALCL']).stdout).toBe(`2 series, all valid (${dir})\n`);
    const r = fimasim(['data', 'check', '--data', dir, 'WALX']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/WALX\.csv: 'WALX' is not a known series \(did you mean 'WALCL'\?\)/);
  });

  it('an invalid folder also stops list and show, with every problem named', () => {
    const dir = folder('stops', (d) => replaceLine(join(d, 'DGS10.csv'), 2, '2015-01-02,x'));
    for (const args of [['data', '--data', dir], ['data', 'show', 'DGS10', '--data', dir]]) {
      const r = fimasim(args);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`${join(dir, 'DGS10.csv')}:2: value: expected a finite number, found 'x'`);
    }
  });
});
