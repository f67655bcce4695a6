// Start from data (issue 13): the opening state pinned against the files, the realised policy path, a programme
// under way at the start, the newest date of the data, and every refusal with the series and date it names.
import { mkdirSync, writeFileSync, copyFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadScenario } from '../../src/sim/scenario/load.js';
import { simulate } from '../../src/sim/run/engine.js';
import { SERIES_INDEX } from '../../src/sim/run/series.js';
import { BUNDLED_DATA_DIR, asOf, loadDataset } from '../../src/data/dataset.js';
import { OPENING_IDS, startRange } from '../../src/sim/scenario/start-from-data.js';
import { isTradingDay, tradingDates } from '../../src/sim/calendar.js';
import { compileModel } from '../../src/sim/run/model.js';
import { expectedAverage, fitCurve, shortEnd, slopeLoading } from '../../src/market/rates.js';
import { fimasim, tempDir } from '../batch/cli.js';

const tmp = tempDir('start-from-data');
afterAll(tmp.cleanup);

/** The value of a file's row, read without the data module: the pins below check it against the files themselves. */
function fileValue(id: string, date: string): number {
  const line = readFileSync(join(BUNDLED_DATA_DIR, `${id}.csv`), 'utf8').split('\n').find((l) => l.startsWith(`${date},`));
  if (!line) throw new Error(`${id} has no row ${date}`);
  return Number(line.split(',')[1]);
}

describe('the opening curve and its news, from the data (docs/model.md §3.2)', () => {
  /** Sample sd, in bp, of the day-to-day changes of a file's series over the 365 days before `date` (both ends in). */
  function trailingSdBp(id: string, date: string): number {
    const from = new Date(Date.parse(date) - 365 * 86_400_000).toISOString().slice(0, 10);
    const rows = readFileSync(join(BUNDLED_DATA_DIR, `${id}.csv`), 'utf8').trim().split('\n').slice(1)
      .map((l) => l.split(',')).filter(([d, v]) => d >= from && d <= date && v !== '' && Number.isFinite(Number(v)));
    const d = rows.slice(1).map(([, v], i) => (Number(v) - Number(rows[i][1])) * 100);
    const mean = d.reduce((a, x) => a + x, 0) / d.length;
    return Math.sqrt(d.reduce((a, x) => a + (x - mean) ** 2, 0) / (d.length - 1));
  }

  // 12 Sep 2022: EFFR 2.33%, 3m 3.17%, 2y 3.58% — a front that priced 75bp a meeting, so the curve sets κ itself
  const { scenario } = loadScenario('hayes-2024', [], { start: '2022-09-12' });
  const model = compileModel(scenario);
  const r0 = (scenario.fed.policyRateTop - scenario.fed.effrBelowTop) / 100;

  it('goes through the EFFR, the 3m (money-market basis) as the 3-month average and the 2y, at the κ the three give', () => {
    expect(r0).toBeCloseTo(fileValue('EFFR', '2022-09-12') / 100, 12);
    const fit = fitCurve(r0, (fileValue('DGS3MO', '2022-09-12') / 100) * 360 / 365, fileValue('DGS2', '2022-09-12') / 100, Math.LN2 / 0.95);
    expect(fit.identified).toBe(true);
    expect(model.rates.kappa).toBe(fit.kappa);
    expect(model.rates.kappa).toBeGreaterThan(5); // a half-life under two months, not the fallback's 0.95 years
    expect(shortEnd(model.ratePath0)).toBeCloseTo(r0, 14);
    expect(expectedAverage(model.ratePath0, model.rates.kappa, 0.25)).toBeCloseTo((3.17 / 100) * 360 / 365, 12);
    expect(expectedAverage(model.ratePath0, model.rates.kappa, 2)).toBeCloseTo(0.0358, 12);
  });

  it('draws news at the trailing year\'s volatility: the 10y\'s daily sd at the curve\'s κ is the DGS10\'s', () => {
    const f10 = slopeLoading(model.rates.kappa, 10);
    const sd10 = Math.hypot((1 - f10) * scenario.market.ust.fundamentalSdBp, f10 * scenario.market.ust.slopeSdBp);
    expect(scenario.market.ust.slopeSdBp).toBeCloseTo(trailingSdBp('DGS3MO', '2022-09-12'), 5);
    expect(sd10).toBeCloseTo(trailingSdBp('DGS10', '2022-09-12'), 4);
  });
});

describe('the opening state as of a date', () => {
  const { scenario } = loadScenario('hayes-2024', [], { start: '2025-06-17' });

  it('comes from the files (daily series on the day, weekly H.4.1 series on the Wednesday before)', () => {
    expect(scenario.start).toBe('2025-06-17');
    expect(scenario.market.y10).toBe(fileValue('DGS10', '2025-06-17')); // 4.39
    expect(scenario.market.y10).toBe(4.39);
    expect(scenario.crypto.price).toBe(fileValue('BTCUSD', '2025-06-17')); // 104601.12
    expect(scenario.fedBalanceSheet.rrp).toBe(fileValue('RRPONTSYD', '2025-06-17')); // 168.939
    expect(scenario.fedBalanceSheet.reserves).toBe(fileValue('WRESBAL', '2025-06-11') / 1000);
    expect(scenario.fedBalanceSheet.tga).toBe(fileValue('WDTGAL', '2025-06-11') / 1000);
    expect(scenario.fedBalanceSheet.currency).toBe(fileValue('WCURCIR', '2025-06-11') / 1000);
    const fb = scenario.fedBalanceSheet;
    expect(fb.treasuries + fb.mbs + fb.otherAssets).toBeCloseTo(fileValue('WALCL', '2025-06-11') / 1000, 6);
    expect(scenario.market.fx.usdjpy).toBe(fileValue('DEXJPUS', '2025-06-17'));
    expect(scenario.fed.policyRateTop).toBe(fileValue('DFEDTARU', '2025-06-17'));
    expect(scenario.fed.effrBelowTop).toBeCloseTo(4.5 - 4.33, 12);
    expect(scenario.japan.ticTotal).toBe(fileValue('JP_UST_HOLDINGS_TIC', '2025-05-31'));
    expect(scenario.treasury.tgaTarget).toBe(scenario.fedBalanceSheet.tga); // hayes-2024 sets no target of its own
  });

  it('records each series\' as-of observation, and drops the timeline events before the start', () => {
    expect(scenario.dataStart?.asOf.WALCL).toEqual({ date: '2025-06-11', value: fileValue('WALCL', '2025-06-11') / 1000 });
    expect(scenario.dataStart?.asOf.DGS10).toEqual({ date: '2025-06-17', value: 4.39 });
    expect(Object.keys(scenario.dataStart!.asOf).sort()).toEqual([...OPENING_IDS].sort());
    expect(scenario.timeline).toEqual([]); // every hayes-2024 event is in 2024
  });

  it('gives a tick-0 row equal to the data, and a net liquidity that is Fed assets − TGA − RRP of the data', () => {
    const r = simulate(scenario, '1', 0, {});
    const at0 = (name: string) => r.series[SERIES_INDEX[name]][0];
    expect(at0('ust10y')).toBeCloseTo(0.0439, 12);
    expect(at0('btcPrice')).toBe(104601.12);
    expect(at0('rrp')).toBe(168.939);
    expect(at0('netLiquidity')).toBeCloseTo((fileValue('WALCL', '2025-06-11') - fileValue('WDTGAL', '2025-06-11')) / 1000 - 168.939, 6);
  });

  it('a scenario without a start from data has no dataStart (its hash is unchanged) and its own numbers', () => {
    const own = loadScenario('smoke').scenario;
    expect(own.dataStart).toBeUndefined();
    expect(own.market.y10).toBe(4.22);
  });
  it('the built-in scenarios open from the data on 2024-06-18 (issue 14 item 5), the thesis on the priced policy path', () => {
    const s = loadScenario('hayes-2024').scenario;
    expect(s.dataStart).toMatchObject({ date: '2024-06-18', realisedPolicy: false });
    expect(s.market.y10).toBe(fileValue('DGS10', '2024-06-18'));
    expect(s.fedBalanceSheet.rrp).toBeCloseTo(375.542, 6);
    expect(s.moneyFunds.billSpreadBp).toBeCloseTo((5.5 * 360 / 365 - 5.3) * 100, 5);
    expect(s.reserves.scaleBn).toBe(23400);
    expect(s.reserves.srf).toEqual({ enabled: true, maxBn: 500, spreadBp: null });
    expect(s.timeline.filter((e) => e.kind === 'fed-rate').map((e) => e.date)).toEqual(['2024-09-18', '2024-12-18']);
    for (const name of ['hayes-no-fima', 'no-backstop', 'hayes-uncapped', 'hayes-stress', 'calm']) {
      expect(loadScenario(name).scenario.dataStart?.date, name).toBe('2024-06-18');
    }
  });
  it('before the SRF (July 2021) the Fed lends by repo only at the September 2019 spike\'s spread', () => {
    const s = loadScenario('smoke', [], { start: '2019-08-01' }).scenario;
    expect(s.reserves.srf.spreadBp).toBe(315);
    expect(s.reserves.scaleBn).toBeGreaterThan(17000);
    expect(s.reserves.scaleBn).toBeLessThan(18000);
  });
});

describe('the realised policy path', () => {
  it('puts a fed-rate event on the first trading day of each change of DFEDTARU (2024 cuts)', () => {
    const { scenario } = loadScenario('hayes-2024', [], { start: '2024-06-18', realisedPolicy: true });
    expect(scenario.timeline.filter((e) => e.kind === 'fed-rate')).toEqual([
      { date: '2024-09-19', kind: 'fed-rate', top: 5 },
      { date: '2024-11-08', kind: 'fed-rate', top: 4.75 },
      { date: '2024-12-19', kind: 'fed-rate', top: 4.5 },
    ]);
    // the scenario's own non-rate events after the start stay
    expect(scenario.timeline.filter((e) => e.kind === 'note').map((e) => e.date)).toEqual(['2024-06-18', '2024-11-05', '2025-01-02']);
  });

  it('history-2024 is a thin scenario on top of it', () => {
    const { scenario } = loadScenario('history-2024');
    expect(scenario.dataStart?.realisedPolicy).toBe(true);
    expect(scenario.market.y10).toBe(fileValue('DGS10', '2024-06-18'));
    expect(scenario.timeline.filter((e) => e.kind === 'fed-rate').map((e) => e.top)).toEqual([5, 4.75, 4.5]);
  });

  it('the Fed follows it in a run', () => {
    const { scenario } = loadScenario('hayes-2024', [], { start: '2024-06-18', realisedPolicy: true });
    const r = simulate(scenario, '1', 0, {});
    const dates = tradingDates('2024-06-18', scenario.ticks);
    const rUsd = r.series[SERIES_INDEX.rUsd];
    const effrGap = (5.5 - fileValue('EFFR', '2024-06-18')) / 100;
    expect(rUsd[dates.indexOf('2024-09-18')]).toBeCloseTo(0.055 - effrGap, 12);
    expect(rUsd[dates.indexOf('2024-09-19')]).toBeCloseTo(0.05 - effrGap, 12);
    expect(rUsd[scenario.ticks]).toBeCloseTo(0.045 - effrGap, 12);
  });
});

describe('a programme under way at the start', () => {
  it('sells only what is left of it, at the announced pace', () => {
    const sets = ['banks.norinchukin.policy={"name":"programme","total":63,"from":"2024-06-20","to":"2025-03-31"}',
      ...['mufg', 'smbc', 'mizuho', 'japan-post', 'regionals', 'life-insurers'].map((b) => `banks.${b}.policy.name=hold`)];
    const whole = tradingDates('2024-06-20', 400).indexOf('2025-03-31') + 1; // trading days of the programme
    const { scenario } = loadScenario('hayes-2024', sets, { start: '2024-12-02' });
    const left = tradingDates('2024-12-02', 200).indexOf('2025-03-31'); // trading days after the start, to the end
    const r = simulate(scenario, '1', 0, {});
    expect(r.series[SERIES_INDEX.jpSalesCum][scenario.ticks]).toBeCloseTo((63 * left) / whole, 9);
  });
});

describe('the newest date of the data', () => {
  it('a run can start on the last trading day on which every opening series is fresh', () => {
    const data = loadDataset(BUNDLED_DATA_DIR);
    let newest = '';
    for (const d of tradingDates('2026-06-01', 200)) {
      const fresh = OPENING_IDS.every((id) => {
        const s = data.get(id);
        const o = asOf(s, d);
        return o !== null && (Date.parse(d) - Date.parse(o.date)) / 86_400_000 <= s.spec.maxAgeDays;
      });
      if (fresh) newest = d; else if (newest) break;
    }
    expect(isTradingDay(newest)).toBe(true);
    expect(newest >= '2026-08-20').toBe(true);
    expect(startRange(data)).toEqual({ first: '2015-02-02', newest }); // what `fimasim data` prints
    const after = tradingDates(newest, 1)[1]; // the next trading day: some series is stale by then
    expect(fimasim(['run', '--start', after, '--out', join(tmp.dir, 'too-new')]).status).toBe(2);
    const out = join(tmp.dir, 'newest');
    const r = fimasim(['run', '--scenario', 'hayes-2024', '--start', newest, '--seed', '3', '--out', out]);
    expect(r.status, r.stderr).toBe(0);
    const series = readFileSync(join(out, 'series.csv'), 'utf8').split('\n');
    expect(series[1].split(',')[1]).toBe(newest);
  });
});

describe('refusals (exit 2, naming the series, the date and where)', () => {
  it('a start after the data ends names the series that ran out', () => {
    const r = fimasim(['batch', '--start', '2030-01-02', '--runs', '2', '--out', join(tmp.dir, 'late')]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('--start');
    expect(r.stderr).toMatch(/DGS10: no value as of 2030-01-02: the latest observation is 2026-10-08/);
    expect(r.stderr).not.toContain('    at ');
  });

  it('a start before the data begins', () => {
    const r = fimasim(['run', '--start', '2014-06-02', '--out', join(tmp.dir, 'early')]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/DGS10: no value as of 2014-06-02: the series starts on 2015-01-02/);
  });

  it('a start on a weekend, a malformed date, --realised-policy without a start', () => {
    expect(fimasim(['run', '--start', '2025-06-14', '--out', join(tmp.dir, 'w')]).stderr).toContain("start: expected a US bond-market trading day, found '2025-06-14'");
    expect(fimasim(['run', '--start', '2025-13-01', '--out', join(tmp.dir, 'm')]).stderr).toContain("--start: expected a date YYYY-MM-DD, found '2025-13-01'");
    const r = fimasim(['run', '--scenario', 'smoke', '--realised-policy', '--out', join(tmp.dir, 'rp')]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('--realised-policy: expected a start from data');
  });

  it('a realised path the data cannot cover names DFEDTARU and its last date', () => {
    const r = fimasim(['run', '--start', '2026-06-01', '--realised-policy', '--out', join(tmp.dir, 'rp2')]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/DFEDTARU: --realised-policy needs the policy rate to 2027-\d\d-\d\d .* but the series ends on 2026-08-21/);
  });

  it('a --data folder with a missing or broken series names the file and line, and leaves nothing behind', () => {
    const dir = join(tmp.dir, 'mydata');
    mkdirSync(dir);
    for (const id of OPENING_IDS) if (id !== 'WCURCIR') copyFileSync(join(BUNDLED_DATA_DIR, `${id}.csv`), join(dir, `${id}.csv`));
    const missing = fimasim(['batch', '--start', '2025-06-17', '--data', dir, '--runs', '2', '--out', join(tmp.dir, 'x1')]);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('WCURCIR.csv');
    writeFileSync(join(dir, 'WCURCIR.csv'), 'date,value\n2025-06-04,2380000\n2025-06-11,oops\n');
    const broken = fimasim(['batch', '--start', '2025-06-17', '--data', dir, '--runs', '2', '--out', join(tmp.dir, 'x2')]);
    expect(broken.status).toBe(2);
    expect(broken.stderr).toMatch(/WCURCIR\.csv:3: .*'oops'/);
    expect(fimasim(['batch', '--start', '2025-06-17', '--data', join(tmp.dir, 'nope'), '--runs', '2', '--out', join(tmp.dir, 'x3')]).status).toBe(2);
    for (const x of ['x1', 'x2', 'x3']) expect(() => readFileSync(join(tmp.dir, x, 'manifest.json'))).toThrow();
  });

  it('FIMASIM_DATA points at a folder too', () => {
    const r = fimasim(['run', '--start', '2025-06-17', '--out', join(tmp.dir, 'env')], { env: { FIMASIM_DATA: join(tmp.dir, 'nowhere') } });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(join(tmp.dir, 'nowhere'));
  });

  it('a file\'s "start" object is checked key by key', () => {
    const file = join(tmp.dir, 'bad-start.json');
    writeFileSync(file, JSON.stringify({ extends: 'smoke', start: { date: '2025-06-17', fromData: 'yes', when: 1 } }));
    const r = fimasim(['validate', file]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("start.when: expected one of date, fromData, realisedPolicy, found an unknown key");
    expect(r.stderr).toContain("start.fromData: expected true or false, found 'yes'");
  });
});

describe('batch --start', () => {
  it('starts from that day: the tick-0 row of bands.csv is the data', () => {
    const out = join(tmp.dir, 'batch');
    const r = fimasim(['batch', '--scenario', 'hayes-2024', '--start', '2025-06-17', '--runs', '20', '--workers', '2', '--quiet', '--out', out]);
    expect(r.status, r.stderr).toBe(0);
    const [header, row0] = readFileSync(join(out, 'bands.csv'), 'utf8').split('\n');
    const cols = header.split(','), cells = row0.split(',');
    const at = (name: string) => Number(cells[cols.indexOf(name)]);
    expect(cells[1]).toBe('2025-06-17');
    expect(at('ust10y_p05')).toBe(4.39);
    expect(at('ust10y_p95')).toBe(4.39);
    expect(at('btcPrice_p50')).toBeCloseTo(104601.12, 1); // Float32
    expect(at('rrp_p50')).toBeCloseTo(168.939, 3);
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'));
    expect(manifest.scenario.dataStart.date).toBe('2025-06-17');
    expect(manifest.command).toContain('--start 2025-06-17');
  });

  it('its report draws what happened, dashed and labelled with its source, over every fan the data covers', () => {
    const page = readFileSync(join(tmp.dir, 'batch', 'report.html'), 'utf8');
    for (const label of ['DGS10 (H.15)', 'WALCL − WDTGAL − RRPONTSYD', 'RRPONTSYD (NY Fed)', 'DEXJPUS (H.10, noon NY)']) {
      expect(page).toContain(`realised (${label})`);
    }
    for (const id of ['chart-fan-rrp', 'chart-fan-tga', 'chart-fan-usdjpy']) expect(page).toContain(`id="${id}"`);
    expect(page).toContain('dashed, what happened');
  });
});

describe('--start on sweep and sample', () => {
  const tick0 = (dir: string) => {
    const [header, row0] = readFileSync(join(dir, 'bands.csv'), 'utf8').split('\n');
    const cols = header.split(','), cells = row0.split(',');
    return { date: cells[1], y10: Number(cells[cols.indexOf('ust10y_p50')]), rrp: Number(cells[cols.indexOf('rrp_p50')]) };
  };

  it('sweep: every point opens from the data, and its manifest remakes it alone', () => {
    const out = join(tmp.dir, 'sweep');
    const r = fimasim(['sweep', '--scenario', 'smoke', '--start', '2025-06-17', '--vary', 'crypto.liquidity.share=0,0.5', '--runs', '4', '--workers', '1', '--quiet', '--out', out]);
    expect(r.status, r.stderr).toBe(0);
    for (const point of ['point-000', 'point-001']) {
      expect(tick0(join(out, point))).toEqual({ date: '2025-06-17', y10: 4.39, rrp: 168.939 });
      expect(JSON.parse(readFileSync(join(out, point, 'manifest.json'), 'utf8')).command).toContain('--start 2025-06-17');
    }
  });

  it('sample: the sampled batch opens from the data', () => {
    const out = join(tmp.dir, 'sample');
    const r = fimasim(['sample', '--scenario', 'smoke', '--start', '2025-06-17', '--sample', 'crypto.liquidity.share=uniform(0,0.5)', '--runs', '4', '--workers', '1', '--quiet', '--out', out]);
    expect(r.status, r.stderr).toBe(0);
    expect(tick0(out)).toEqual({ date: '2025-06-17', y10: 4.39, rrp: 168.939 });
  });
});
