// The forecast origins of a rolling-origin backtest: every K-th trading day from the first trading day on or after
// `from` up to `to`, and the horizons (in trading days) each origin is scored at.
import { createHash } from 'node:crypto';
import { isoDate, isTradingDay, isValidIsoDate, parseIsoDate } from '../calendar.js';
import { ExperimentError } from '../experiments/errors.js';

export const MAX_ORIGINS = 2000;
export const MAX_HORIZON = 2520; // ten years of trading days

export function originDates(from: string, to: string, every: number): string[] {
  if (!isValidIsoDate(from)) throw new ExperimentError(`--from: expected a date YYYY-MM-DD, found '${from}'`);
  if (!isValidIsoDate(to)) throw new ExperimentError(`--to: expected a date YYYY-MM-DD, found '${to}'`);
  if (to < from) throw new ExperimentError(`--to ${to} is before --from ${from}`);
  if (!Number.isSafeInteger(every) || every < 1) throw new ExperimentError(`--every: expected a positive number of trading days, found '${every}'`);
  const out: string[] = [];
  let k = 0;
  for (let ms = parseIsoDate(from); ; ms += 86_400_000) {
    const d = isoDate(ms);
    if (d > to) break;
    if (!isTradingDay(d)) continue;
    if (k++ % every === 0) out.push(d);
    if (out.length > MAX_ORIGINS) {
      throw new ExperimentError(`--from ${from} --to ${to} --every ${every} gives more than ${MAX_ORIGINS} origins; choose a larger --every or a shorter range`);
    }
  }
  if (out.length === 0) throw new ExperimentError(`--from ${from} --to ${to}: no US bond-market trading day in the range`);
  return out;
}

/** `--horizons 5,21,63`: distinct positive trading-day counts, returned ascending. */
export function parseHorizons(text: string): number[] {
  const parts = text.split(',').map((s) => s.trim());
  const bad = parts.find((p) => !/^[1-9]\d*$/.test(p) || Number(p) > MAX_HORIZON);
  if (bad !== undefined) {
    throw new ExperimentError(`--horizons: expected trading-day counts from 1 to ${MAX_HORIZON} separated by commas (e.g. 5,21,63), found '${bad}' in '${text}'`);
  }
  const hs = [...new Set(parts.map(Number))].sort((a, b) => a - b);
  if (hs.length !== parts.length) throw new ExperimentError(`--horizons: '${text}' names a horizon twice`);
  return hs;
}

/**
 * The master seed of one origin's batch: the first 48 bits of SHA-256("<seed>/<origin>"), in decimal. Each origin
 * draws its own streams, so an ensemble's sampling error is independent from one origin to the next and averages out
 * over the origins in coverage and CRPS; with one set of streams at every origin (the first backtests), the same
 * sampled paths — their drift, their skew — repeated at all 77 origins and moved every score the same way (docs/backtest.md).
 */
export function originSeed(seed: string, origin: string): string {
  return BigInt(`0x${createHash('sha256').update(`${seed}/${origin}`).digest('hex').slice(0, 12)}`).toString();
}
