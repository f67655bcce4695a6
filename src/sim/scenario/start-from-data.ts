// Starting a scenario from the data (issue 13): any scenario can open on any date the data covers, with the market
// and the Fed's balance sheet as they were that day, and — for a backtest — the Fed's policy rate following its
// realised path. The opening state is written into the scenario document before validation, so the validated
// scenario (and its hash, its manifest, every worker's copy) holds the numbers themselves: a run never reads data.
import { DataError, asOf, asOfFresh, between, daysBetween, loadDataset, resolveDataDir, type Dataset, type Observation } from '../../data/dataset.js';
import { isoDate, isTradingDay, isValidIsoDate, parseIsoDate, tradingDates } from '../calendar.js';
import { isObject, type Json } from './json.js';
import { fitQuotedCurve, moneyMarketBasis, slopeLoading } from '../../market/rates.js';
import { pctToDecimal } from '../units.js';
import { describeValue, type Problem } from './problems.js';

/** Where a run opens from the data, and whether the policy rate follows its realised path. */
export interface StartSpec {
  readonly date: string;
  readonly realisedPolicy: boolean;
}

/** What the loader records of a start from data: the date, the rule for the policy rate, and each series' as-of
 *  observation (so a reader sees how old each opening value was). */
export interface DataStart extends StartSpec {
  readonly asOf: Readonly<Record<string, { readonly date: string; readonly value: number }>>;
  readonly policyPath: readonly { readonly date: string; readonly top: number }[];
}

/** The series the opening state reads, and what each sets (model units: percent, USD bn, USD, JPY per USD). */
export const OPENING_SERIES = {
  DGS10: 'market.y10',
  DGS3MO: 'market.y3m and moneyFunds.billSpreadBp (3m bill on a money-market basis minus the ON RRP rate)',
  DGS2: 'market.y2',
  DFEDTARU: 'fed.policyRateTop',
  DFEDTARL: 'moneyFunds.billSpreadBp (the ON RRP rate: the bottom of the range, +5bp from 2021-06-17 to 2024-12-18)',
  EFFR: 'fed.effrBelowTop (top − EFFR)',
  WALCL: 'fedBalanceSheet: total assets (split as the scenario splits them)',
  WRESBAL: 'fedBalanceSheet.reserves',
  RRPONTSYD: 'fedBalanceSheet.rrp',
  WDTGAL: 'fedBalanceSheet.tga and treasury.tgaTarget (unless the scenario sets it)',
  WCURCIR: 'fedBalanceSheet.currency',
  DEXJPUS: 'market.fx.usdjpy',
  BTCUSD: 'crypto.price',
  JP_UST_HOLDINGS_TIC: 'japan.ticTotal',
} as const;
export type OpeningSeries = keyof typeof OPENING_SERIES;
export const OPENING_IDS = Object.keys(OPENING_SERIES) as OpeningSeries[];

/**
 * The start a document asks for: `--start` (and `--realised-policy`) from the command line win over the file's
 * `"start": {"date": …, "fromData": true, "realisedPolicy": …}`; a plain date string opens from the scenario's own
 * numbers, as before. Problems name the flag or the path.
 */
export function startSpecOf(raw: Json, cli: { start?: string; realisedPolicy?: boolean }): { spec: StartSpec | null; problems: Problem[] } {
  const problems: Problem[] = [];
  const doc = isObject(raw) ? raw : {};
  let spec: StartSpec | null = null;
  if (isObject(doc.start)) {
    const s = doc.start;
    for (const k of Object.keys(s)) {
      if (!['date', 'fromData', 'realisedPolicy'].includes(k)) problems.push({ path: `start.${k}`, expected: 'one of date, fromData, realisedPolicy', found: 'an unknown key' });
    }
    if (typeof s.date !== 'string' || !isValidIsoDate(s.date)) problems.push({ path: 'start.date', expected: 'a date YYYY-MM-DD', found: describeValue(s.date) });
    for (const k of ['fromData', 'realisedPolicy'] as const) {
      if (s[k] !== undefined && typeof s[k] !== 'boolean') problems.push({ path: `start.${k}`, expected: 'true or false', found: describeValue(s[k]) });
    }
    if (s.fromData === false && s.realisedPolicy === true) problems.push({ path: 'start.realisedPolicy', expected: 'fromData: true (the realised path comes from the data)', found: 'fromData: false' });
    if (problems.length === 0 && s.fromData !== false) spec = { date: s.date as string, realisedPolicy: s.realisedPolicy === true };
  }
  if (cli.start !== undefined) {
    if (!isValidIsoDate(cli.start)) problems.push({ path: '--start', expected: 'a date YYYY-MM-DD', found: `'${cli.start}'` });
    else spec = { date: cli.start, realisedPolicy: cli.realisedPolicy ?? spec?.realisedPolicy ?? false };
  } else if (cli.realisedPolicy) {
    if (spec) spec = { ...spec, realisedPolicy: true };
    else problems.push({ path: '--realised-policy', expected: 'a start from data (--start DATE, or "start": {"date": …, "fromData": true} in the file)', found: 'a scenario that opens from its own numbers' });
  }
  return { spec, problems };
}

/** The document without a `start` object: the loader replaces it with the plain date before validation. */
function withPlainStart(doc: Record<string, Json>): Record<string, Json> {
  if (!isObject(doc.start)) return doc;
  const date = doc.start.date;
  return { ...doc, start: typeof date === 'string' ? date : (doc.start as Json) };
}

export function plainStart(raw: Json): Json {
  return isObject(raw) ? withPlainStart(raw) : raw;
}

/** The data's value, unless the document holds something that is not a number there: that is kept, so validation
 *  names the mistake instead of the data hiding it (the built-ins open from the data, and files extend them). */
const bad = (own: Json | undefined, fromData: number): Json => (own !== undefined && typeof own !== 'number' ? own : fromData);
const num = (v: Json | undefined, fallback: number): number => (typeof v === 'number' && Number.isFinite(v) ? v : fallback);
const obj = (v: Json | undefined): Record<string, Json> => (isObject(v) ? v : {});

// The scenario schema's defaults for the Fed's asset split, used when a document leaves them out (schema.ts).
const DEFAULT_ASSETS = { treasuries: 4470, mbs: 2350, otherAssets: 401 };

/**
 * The opening state as of `spec.date`, written into the document: market, Fed balance sheet, yen, BTC and Japan's
 * TIC holdings. Timeline events dated before the start are history the data already holds, and are dropped; with a
 * realised policy path the scenario's own `fed-rate` events give way to the data's. `ticks` is the run's length
 * (for the realised path's end). Throws DataError naming the series and dates when the data cannot supply a value.
 */
export function applyStartFromData(raw: Json, spec: StartSpec, ticks: number, data: Dataset): { raw: Json; start: DataStart } {
  const doc = withPlainStart(obj(raw));
  const asOf: Record<string, Observation> = {};
  const problems: DataError[] = [];
  for (const id of OPENING_IDS) {
    try { asOf[id] = asOfFresh(data.get(id), spec.date); } catch (e) { if (e instanceof DataError) problems.push(e); else throw e; }
  }
  if (problems.length) throw new DataError(problems.flatMap((e) => e.problems));
  const v = (id: OpeningSeries): number => asOf[id].model;

  const market = obj(doc.market);
  const fx = obj(market.fx);
  const fed = obj(doc.fed);
  const fb = obj(doc.fedBalanceSheet);
  const treasury = obj(doc.treasury);
  const crypto = obj(doc.crypto);
  const japan = obj(doc.japan);
  const moneyFunds = obj(doc.moneyFunds);
  const reserves = obj(doc.reserves);
  const srf = obj(reserves.srf);

  // WALCL is the total; the data do not split it, so the scenario's split (Treasuries, MBS, other) is kept in
  // proportion. The Fed's `otherLiabilities` (capital and the lines the model does not itemise) is the residual.
  const split = { treasuries: num(fb.treasuries, DEFAULT_ASSETS.treasuries), mbs: num(fb.mbs, DEFAULT_ASSETS.mbs), otherAssets: num(fb.otherAssets, DEFAULT_ASSETS.otherAssets) };
  const splitTotal = split.treasuries + split.mbs + split.otherAssets;
  const total = v('WALCL');
  const top = v('DFEDTARU');
  const effrBelowTop = Math.min(1, Math.max(0, round6(top - v('EFFR'))));
  const out: Record<string, Json> = {
    ...doc,
    start: spec.date,
    market: { ...market, y10: bad(market.y10, v('DGS10')), y3m: bad(market.y3m, v('DGS3MO')), y2: bad(market.y2, v('DGS2')), ust: withRateNews(obj(market.ust), data, spec.date, { r0: top - effrBelowTop, y3m: v('DGS3MO'), y2: v('DGS2') }), fx: { ...fx, usdjpy: bad(fx.usdjpy, v('DEXJPUS')) } },
    fed: { ...fed, policyRateTop: bad(fed.policyRateTop, top), effrBelowTop },
    fedBalanceSheet: {
      ...fb,
      treasuries: round6((total * split.treasuries) / splitTotal), mbs: round6((total * split.mbs) / splitTotal),
      otherAssets: round6(total - round6((total * split.treasuries) / splitTotal) - round6((total * split.mbs) / splitTotal)),
      reserves: bad(fb.reserves, v('WRESBAL')), rrp: bad(fb.rrp, v('RRPONTSYD')), tga: bad(fb.tga, v('WDTGAL')), currency: bad(fb.currency, v('WCURCIR')),
    },
    treasury: { ...treasury, tgaTarget: typeof treasury.tgaTarget === 'number' ? treasury.tgaTarget : v('WDTGAL') },
    crypto: { ...crypto, price: bad(crypto.price, v('BTCUSD')) },
    japan: { ...japan, ticTotal: bad(japan.ticTotal, v('JP_UST_HOLDINGS_TIC')) },
    moneyFunds: { ...moneyFunds, billSpreadBp: typeof moneyFunds.billSpreadBp === 'number' ? moneyFunds.billSpreadBp : billSpreadBp(v('DGS3MO'), v('DFEDTARL'), spec.date) },
    reserves: {
      ...reserves,
      scaleBn: typeof reserves.scaleBn === 'number' ? reserves.scaleBn : bankAssetsOn(spec.date),
      // before the SRF the Fed lent by repo only once repo spiked: at the September 2019 anchor's spread
      srf: spec.date >= SRF_FROM || srf.spreadBp !== undefined ? srf : { ...srf, spreadBp: num(reserves.scarceSpreadBp, 315) },
    },
  };

  const timeline = Array.isArray(doc.timeline) ? doc.timeline : [];
  let kept = timeline.filter((ev) => !(isObject(ev) && typeof ev.date === 'string' && ev.date < spec.date));
  let policyPath: { date: string; top: number }[] = [];
  if (spec.realisedPolicy) {
    policyPath = realisedPolicyPath(data, spec.date, ticks);
    kept = kept.filter((ev) => !(isObject(ev) && ev.kind === 'fed-rate'));
    const events: Json[] = policyPath.map((p) => ({ date: p.date, kind: 'fed-rate', top: p.top }));
    // stable by date: on a shared date the realised rate comes first, then the scenario's own events in file order
    kept = [...events, ...kept].map((ev, i) => ({ ev, i }))
      .sort((a, b) => dateOf(a.ev).localeCompare(dateOf(b.ev)) || a.i - b.i).map((x) => x.ev);
  }
  out.timeline = kept;
  const start: DataStart = {
    ...spec, policyPath,
    asOf: Object.fromEntries(OPENING_IDS.map((id) => [id, { date: asOf[id].date, value: asOf[id].model }])),
  };
  return { raw: out, start };
}

/** Sample sd of the day-to-day changes of a series over the year before `date`, in bp (the series in percent). */
function trailingSdBp(data: Dataset, id: string, date: string): { sd: number; n: number } {
  const from = isoDate(parseIsoDate(date) - 365 * 86_400_000);
  const obs = between(data.get(id), from, date);
  const d: number[] = [];
  for (let i = 1; i < obs.length; i++) d.push((obs[i].model - obs[i - 1].model) * 100);
  if (d.length < 2) return { sd: NaN, n: d.length };
  const mean = d.reduce((a, x) => a + x, 0) / d.length;
  return { sd: Math.sqrt(d.reduce((a, x) => a + (x - mean) ** 2, 0) / (d.length - 1)), n: d.length };
}

/**
 * The news of the expected short-rate path at the rate volatility of the year before the start (the volatility the
 * market's arbitrageurs price, and the random walk's): short-end news = sd of daily 3m changes, far-path news such
 * that the 10y's daily sd matches the DGS10's, σ10² = (1 − f10)²·far² + f10²·short², f10 = ℓ(κ, 10) at the κ of the
 * opening curve (src/market/rates.ts fitCurve, as src/sim/run/model.ts fits it). A value the scenario sets itself is
 * kept; so is the default when the year holds fewer than 100 observations.
 */
function withRateNews(ust: Record<string, Json>, data: Dataset, date: string, curve: { r0: number; y3m: number; y2: number }): Record<string, Json> {
  const s10 = trailingSdBp(data, 'DGS10', date), s3m = trailingSdBp(data, 'DGS3MO', date);
  if (s10.n < 100 || s3m.n < 100) return ust;
  const { kappa } = fitQuotedCurve(pctToDecimal(curve.r0), pctToDecimal(curve.y3m), pctToDecimal(curve.y2), Math.LN2 / num(ust.slopeHalfLifeYears, 0.95));
  const f10 = slopeLoading(kappa, 10);
  const far = Math.sqrt(Math.max(0, s10.sd ** 2 - (f10 * s3m.sd) ** 2)) / (1 - f10);
  return {
    ...ust,
    fundamentalSdBp: typeof ust.fundamentalSdBp === 'number' ? ust.fundamentalSdBp : Math.min(100, round6(far)),
    slopeSdBp: typeof ust.slopeSdBp === 'number' ? ust.slopeSdBp : Math.min(100, round6(s3m.sd)),
  };
}

/**
 * The 3-month bill's spread over the ON RRP rate (bp) on a date: DGS3MO is a bond-equivalent yield (actual/365), the
 * RRP rate a money-market rate (actual/360), so the bill is put on the RRP's basis first (× 360/365). The RRP rate is
 * the bottom of the target range, 5bp above it from the FOMC's technical adjustment of 2021-06-16 until that of
 * 2024-12-18 (FOMC implementation notes).
 */
export function billSpreadBp(dgs3mo: number, bottom: number, date: string): number {
  const rrpRate = bottom + (date >= '2021-06-17' && date < '2024-12-19' ? 0.05 : 0);
  return Math.min(200, Math.max(-200, round6((moneyMarketBasis(dgs3mo) - rrpRate) * 100)));
}

/** The standing repo facility's first operations (FOMC, 2021-07-28): before it, the Fed lent by repo only after the
 *  spike of 2019-09-17 (a start before sets `reserves.srf.spreadBp` to the anchor's spread). */
export const SRF_FROM = '2021-07-28';

/**
 * The reserves curve's scale on a date: commercial banks' total assets (Federal Reserve H.8), ≈ $23.4tn in June 2024
 * and ≈ $17.9tn in September 2019 (rounded, read off H.8; not in data/), joined by their constant growth rate
 * (≈ 5.6% a year) and extended at it before and after.
 */
export function bankAssetsOn(date: string): number {
  const years = (parseIsoDate(date) - parseIsoDate('2024-06-18')) / (365.25 * 86_400_000);
  const growth = Math.log(23_400 / 17_900) / ((parseIsoDate('2024-06-18') - parseIsoDate('2019-09-17')) / (365.25 * 86_400_000));
  return round6(23_400 * Math.exp(growth * years));
}

const dateOf = (ev: Json): string => (isObject(ev) && typeof ev.date === 'string' ? ev.date : '');
const round6 = (x: number): number => Math.round(x * 1e6) / 1e6;

/**
 * The policy rate's realised path over a run: a `fed-rate` event on the first trading day on or after each date the
 * top of the target range (DFEDTARU) changed. Refuses a run that outlives the series.
 */
export function realisedPolicyPath(data: Dataset, start: string, ticks: number): { date: string; top: number }[] {
  const series = data.get('DFEDTARU');
  if (!isTradingDay(start)) return []; // the loader reports the start itself
  const dates = tradingDates(start, ticks);
  const end = dates[dates.length - 1];
  if (series.last < end) {
    throw new DataError([{ file: series.file, line: null,
      message: `DFEDTARU: --realised-policy needs the policy rate to ${end} (the run's last day: ${ticks} ticks from ${start}), but the series ends on ${series.last}; start earlier or shorten the run (--set ticks=N)` }]);
  }
  const path: { date: string; top: number }[] = [];
  let last = asOfFresh(series, start).model;
  for (const o of between(series, start, end)) {
    if (o.model === last) continue;
    last = o.model;
    const on = dates.find((d) => d >= o.date);
    if (on !== undefined && on > start) path.push({ date: on, top: o.model });
  }
  return path;
}

/** Loads the series the opening state needs from `dir` (or --data / FIMASIM_DATA / the bundled folder). */
export function openingData(dir?: string): Dataset {
  return loadDataset(resolveDataDir(dir), [...OPENING_IDS]);
}

/** Whether every opening series has a fresh value as of `date` (the rule `applyStartFromData` enforces). */
function opensOn(data: Dataset, date: string): boolean {
  return OPENING_IDS.every((id) => {
    const s = data.get(id);
    const o = asOf(s, date);
    return o !== null && daysBetween(o.date, date) <= s.spec.maxAgeDays;
  });
}

/**
 * The first and the newest trading day a run can start on from these data (every opening series fresh), or null when
 * none. Found by walking from the latest first observation and back from the earliest staleness limit.
 */
export function startRange(data: Dataset): { first: string; newest: string } | null {
  const ids = OPENING_IDS.filter((id) => data.has(id));
  if (ids.length < OPENING_IDS.length) return null;
  const DAY = 86_400_000;
  const from = ids.map((id) => data.get(id).first).reduce((a, b) => (a > b ? a : b));
  const until = ids.map((id) => { const s = data.get(id); return isoDate(parseIsoDate(s.last) + s.spec.maxAgeDays * DAY); }).reduce((a, b) => (a < b ? a : b));
  let first: string | null = null, newest: string | null = null;
  for (let ms = parseIsoDate(from); isoDate(ms) <= until; ms += DAY) {
    const d = isoDate(ms);
    if (isTradingDay(d) && opensOn(data, d)) { first = d; break; }
  }
  for (let ms = parseIsoDate(until); first !== null && isoDate(ms) >= first; ms -= DAY) {
    const d = isoDate(ms);
    if (isTradingDay(d) && opensOn(data, d)) { newest = d; break; }
  }
  return first && newest ? { first, newest } : null;
}
