// bands.csv: per tick, quantiles across the successful runs of each banded series, computed exactly from
// series.f32 a block of columns at a time, so memory stays bounded however many runs there are.
import { BANDED } from '../run/series.js';
import { csvLine, formatNumber } from '../format.js';
import { quantilesUnsorted } from '../stats/index.js';
import type { SeriesFile } from './series-file.js';
import type { RunTable } from './table.js';

/** The series are stored as Float32, so a band value is rounded to Float32 and written as the shortest decimal
 *  that reads back as that Float32 (4.22, not 4.21999979019165): no digits the storage does not have. */
export function formatFloat32(x: number): string {
  const f = Math.fround(x);
  if (!Number.isFinite(f) || f === 0) return formatNumber(f);
  for (let p = 1; p < 9; p++) {
    const text = formatNumber(Number(f.toPrecision(p)));
    if (Math.fround(Number(text)) === f) return text;
  }
  return formatNumber(Number(f.toPrecision(9)));
}

export const BAND_QUANTILES = [0.05, 0.25, 0.5, 0.75, 0.95];
const BAND_NAMES = ['p05', 'p25', 'p50', 'p75', 'p95'];

/** Bytes of Float64 column buffer per block: 32 MB, i.e. ~4 blocks for 10,000 runs of 252 ticks. */
export const BAND_BLOCK_BYTES = 32 * 1024 * 1024;

export function bandsCsv(table: RunTable, file: SeriesFile, dates: readonly string[], blockBytes = BAND_BLOCK_BYTES): string {
  const { points, floats } = table.layout;
  const okSlots: number[] = [];
  for (let s = 0; s < table.list.count; s++) if (table.isOk(s)) okSlots.push(s);
  const n = okSlots.length;
  const q = new Float64Array(floats * BAND_QUANTILES.length);
  if (n > 0) {
    const block = Math.max(1, Math.min(floats, Math.floor(blockBytes / (8 * n))));
    const columns = new Float64Array(block * n);
    const scratch = new Float32Array(block);
    for (let c0 = 0; c0 < floats; c0 += block) {
      const width = Math.min(block, floats - c0);
      okSlots.forEach((slot, j) => {
        const part = file.read(slot, c0, c0 + width, scratch);
        for (let c = 0; c < width; c++) columns[c * n + j] = part[c];
      });
      for (let c = 0; c < width; c++) {
        quantilesUnsorted(columns.subarray(c * n, (c + 1) * n), BAND_QUANTILES).forEach((v, k) => { q[(c0 + c) * BAND_QUANTILES.length + k] = v; });
      }
    }
  }
  const header = csvLine(['tick', 'date', ...BANDED.flatMap((s) => BAND_NAMES.map((p) => `${s}_${p}`))]);
  const lines = [header];
  for (let t = 0; t < points; t++) {
    const cells: (string | number)[] = [t, dates[t]];
    for (let b = 0; b < BANDED.length; b++) {
      for (let k = 0; k < BAND_QUANTILES.length; k++) cells.push(n > 0 ? formatFloat32(q[(b * points + t) * BAND_QUANTILES.length + k]) : '');
    }
    lines.push(csvLine(cells));
  }
  return `${lines.join('\n')}\n`;
}
