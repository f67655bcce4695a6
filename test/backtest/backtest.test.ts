// `fimasim backtest` (issue 13): the same bytes on 1 and 2 workers and after a kill + --resume; rows that score
// the right values against the data; a report; every bad input refused with exit 2.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fimasim, killWhen, tempDir, RESULT_FILES } from '../batch/cli.js';
import { BUNDLED_DATA_DIR } from '../../src/data/dataset.js';
import { SCORED_SERIES } from '../../src/sim/backtest/realised.js';
import { originDates, originSeed, parseHorizons } from '../../src/sim/backtest/origins.js';
import { tradingDates } from '../../src/sim/calendar.js';

const tmp = tempDir('backtest');
afterAll(tmp.cleanup);
const one = join(tmp.dir, 'one'), two = join(tmp.dir, 'two'), killed = join(tmp.dir, 'killed');
const args = (out: string, workers: string, ...more: string[]) => ['backtest', '--scenario', 'smoke', '--from', '2023-01-03', '--to', '2024-12-31',
  '--every', '63', '--horizons', '5,10', '--runs', '40', '--seed', '5', '--workers', workers, '--quiet', '--out', out, ...more];
const ORIGINS = originDates('2023-01-03', '2024-12-31', 63);

/** Kills the backtest once the third origin's batch has journaled runs. */
const killMidway = (out: string): Promise<void> => killWhen(args(out, '2'), () => {
  const journal = join(out, 'origins', ORIGINS[2], 'journal.bin');
  return existsSync(journal) && statSync(journal).size > 4096;
});

function filesOf(dir: string): string[] {
  const out = ['backtest.csv', 'summary.json'];
  for (const o of readdirSync(join(dir, 'origins')).sort()) for (const f of RESULT_FILES) out.push(join('origins', o, f));
  return out;
}

beforeAll(async () => {
  const r1 = fimasim(args(one, '1'));
  expect(r1.status, r1.stderr).toBe(0);
  const r2 = fimasim(args(two, '2'));
  expect(r2.status, r2.stderr).toBe(0);
  await killMidway(killed);
});

describe('a backtest', () => {
  it('writes one tidy row per origin × series × horizon', () => {
    const lines = readFileSync(join(one, 'backtest.csv'), 'utf8').trimEnd().split('\n');
    expect(lines[0]).toBe('origin,series,horizon,date,runs,realised,realisedAsOf,mean,p05,p25,p50,p75,p95,in50,in90,pit,crps,naiveSd,naiveCrps');
    expect(lines.length - 1).toBe(ORIGINS.length * SCORED_SERIES.length * 2);
    expect(ORIGINS).toEqual(['2023-01-03', '2023-04-04', '2023-07-06', '2023-10-04', '2024-01-08', '2024-04-09', '2024-07-10', '2024-10-08']);
  });

  it('gives each origin its own streams: the origin\'s batch runs on a seed derived from the master seed and its date', () => {
    expect(originSeed('1', '2019-01-02')).toBe('144764578960094'); // the first 48 bits of SHA-256("1/2019-01-02")
    expect(originSeed('1', '2019-02-01')).not.toBe(originSeed('1', '2019-01-02'));
    expect(originSeed('2', '2019-01-02')).not.toBe(originSeed('1', '2019-01-02'));
    const seeds = ORIGINS.map((o) => JSON.parse(readFileSync(join(one, 'origins', o, 'manifest.json'), 'utf8')).seed);
    expect(seeds).toEqual(ORIGINS.map((o) => originSeed('5', o)));
    expect(new Set(seeds).size).toBe(ORIGINS.length);
  });

  it('scores against the data: the realised 10y at the target date is the file\'s value', () => {
    const rows = readFileSync(join(one, 'backtest.csv'), 'utf8').trimEnd().split('\n').slice(1).map((l) => l.split(','));
    const row = rows.find((r) => r[0] === '2024-01-08' && r[1] === 'ust10y' && r[2] === '10')!;
    const target = tradingDates('2024-01-08', 10)[10];
    expect(row[3]).toBe(target);
    const file = readFileSync(join(BUNDLED_DATA_DIR, 'DGS10.csv'), 'utf8').split('\n').find((l) => l.startsWith(`${target},`))!;
    expect(Number(row[5])).toBe(Number(file.split(',')[1]));
    expect(Number(row[4])).toBe(40);
    const pit = Number(row[15]), crps = Number(row[16]);
    expect(pit).toBeGreaterThanOrEqual(0);
    expect(pit).toBeLessThanOrEqual(1);
    expect(crps).toBeGreaterThan(0);
    // coverage flags agree with the interval columns
    for (const r of rows.filter((x) => x[5] !== '')) {
      const y = Number(r[5]);
      expect(r[14]).toBe(y >= Number(r[8]) && y <= Number(r[12]) ? '1' : '0');
    }
  });

  it('summarises coverage, CRPS, skill and PIT per series and horizon', () => {
    const s = JSON.parse(readFileSync(join(one, 'summary.json'), 'utf8'));
    expect(s.origins).toBe(ORIGINS.length);
    expect(s.scores).toHaveLength(SCORED_SERIES.length * 2);
    for (const x of s.scores) {
      expect(x.origins).toBe(ORIGINS.length);
      expect(x.pitHistogram.reduce((a: number, b: number) => a + b, 0)).toBe(ORIGINS.length);
      expect(x.coverage90).toBeGreaterThanOrEqual(x.coverage50);
    }
  });

  it('gives the same bytes on 1 and 2 workers', () => {
    for (const f of filesOf(one)) expect(readFileSync(join(two, f)).equals(readFileSync(join(one, f))), f).toBe(true);
  });

  it('is completed by --resume after a SIGKILL, to the same bytes', () => {
    expect(existsSync(join(killed, 'summary.json'))).toBe(false);
    const r = fimasim(args(killed, '2', '--resume'));
    expect(r.status, r.stderr).toBe(0);
    for (const f of filesOf(one)) expect(readFileSync(join(killed, f)).equals(readFileSync(join(one, f))), f).toBe(true);
  });

  it('writes a report with the tables, PIT histograms and the realised paths over the fans', () => {
    const page = readFileSync(join(one, 'report.html'), 'utf8');
    expect(page).toContain('Coverage and CRPS by series and horizon');
    expect(page).toContain('id="chart-pit-btcPrice"');
    expect(page).toContain(`id="chart-fan-${ORIGINS[0]}-ust10y"`);
    expect(page).toContain('realised (DGS10 (H.15))');
    expect(page).not.toMatch(/<script/i);
  });

  it('each origin is an ordinary batch folder, remade alone by the command in its manifest', () => {
    const m = JSON.parse(readFileSync(join(one, 'origins', ORIGINS[1], 'manifest.json'), 'utf8'));
    expect(m.command).toContain(`--start ${ORIGINS[1]} --realised-policy`);
    expect(m.scenario.ticks).toBe(10);
    expect(m.scenario.dataStart.date).toBe(ORIGINS[1]);
  });
});

describe('bad input (exit 2, nothing written)', () => {
  const bad = (out: string, ...more: string[]) => fimasim(['backtest', '--scenario', 'smoke', '--runs', '2', '--quiet', '--out', join(tmp.dir, out), ...more]);
  it.each([
    [['--horizons', '0'], "--horizons: expected trading-day counts from 1 to 2520 separated by commas (e.g. 5,21,63), found '0'"],
    [['--horizons', '5,5'], "--horizons: '5,5' names a horizon twice"],
    [['--horizons', '5,x'], "found 'x' in '5,x'"],
    [['--from', '2024-05-01', '--to', '2024-01-01'], '--to 2024-01-01 is before --from 2024-05-01'],
    [['--from', '2024-02-30'], "--from: expected a date YYYY-MM-DD, found '2024-02-30'"],
    [['--every', '0'], "--every: expected a positive integer, found '0'"],
    [['--from', '2025-06-01', '--to', '2026-09-01', '--every', '63', '--horizons', '252'], 'DFEDTARU: --realised-policy needs the policy rate to'],
    [['--from', '2014-01-02', '--to', '2014-02-03', '--horizons', '5'], 'DGS10: no value as of 2014-01-02'],
  ])('%j', (more, message) => {
    const out = `bad-${(more as string[]).join('-').replace(/[^\w-]/g, '')}`;
    const r = bad(out, ...(more as string[]));
    expect(r.status, r.stderr).toBe(2);
    expect(r.stderr).toContain(message as string);
    expect(r.stderr).not.toContain('    at ');
    expect(existsSync(join(tmp.dir, out))).toBe(false);
  });

  it('refuses a non-empty --out without --resume, and a resume of another backtest', () => {
    const r = fimasim(args(one, '1'));
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('the folder exists and is not empty');
    const other = fimasim(args(one, '1', '--resume').map((a) => (a === '5,10' ? '5' : a)));
    expect(other.status).toBe(2);
    expect(other.stderr).toContain('holds another backtest');
  });

  it('parses horizons and origins', () => {
    expect(parseHorizons('63, 5,21')).toEqual([5, 21, 63]);
    expect(originDates('2024-12-24', '2025-01-03', 2)).toEqual(['2024-12-24', '2024-12-27', '2024-12-31', '2025-01-03']);
  });
});
