// Unit-aware number display for reports: one place decides how a '%', 'bp', 'USD bn', 'USD' or 'fraction'
// value reads, in tables (formatValue) and on chart axes (unitStyle().axisFormat, a d3-format string).
// Hand-written rather than toLocaleString, whose output depends on the machine's locale and ICU data.

export interface UnitStyle {
  /** d3-format string for axis labels. */
  readonly axisFormat: string;
  /** Decimals in tables; null = chosen from the magnitude. */
  readonly digits: number | null;
  /** Fractions are shown ×100 with a % sign. */
  readonly percent: boolean;
  /** What to write after an axis title, e.g. "10y yield (%)". */
  readonly axisUnit: string;
}

const styles: Record<string, UnitStyle> = {
  '%': { axisFormat: '.2f', digits: 2, percent: false, axisUnit: '%' },
  bp: { axisFormat: ',.0f', digits: 1, percent: false, axisUnit: 'bp' },
  'usd bn': { axisFormat: ',.0f', digits: 1, percent: false, axisUnit: 'USD bn' },
  usd: { axisFormat: ',.0f', digits: 0, percent: false, axisUnit: 'USD' },
  'jpy per usd': { axisFormat: ',.0f', digits: 2, percent: false, axisUnit: 'JPY per USD' },
  fraction: { axisFormat: '.0%', digits: 1, percent: true, axisUnit: '%' },
};

export function unitStyle(unit: string): UnitStyle {
  return styles[unit.trim().toLowerCase()] ?? { axisFormat: ',~g', digits: null, percent: false, axisUnit: unit };
}

/**
 * The axis format for values spanning [lo, hi]: the unit's format with enough decimals that neighbouring ticks
 * differ. A fixed '.0%' over −5.2% … −4.8% wrote "−5%" on every tick of the sweep's btcReturn axis; here the
 * decimals follow the tick step (about a fifth of the span, as vega's ticks are). Formats without a fixed
 * precision (',~g') are left as they are.
 */
export function axisFormatFor(unit: string, lo: number, hi: number): string {
  const style = unitStyle(unit);
  const m = /^(,?)\.(\d+)([f%])$/.exec(style.axisFormat);
  if (!m || !Number.isFinite(lo) || !Number.isFinite(hi) || hi <= lo) return style.axisFormat;
  const step = ((hi - lo) * (m[3] === '%' ? 100 : 1)) / 5;
  const need = Math.min(6, Math.max(0, -Math.floor(Math.log10(step))));
  return `${m[1]}.${Math.max(Number(m[2]), need)}${m[3]}`;
}

/** The lowest and highest finite values, for axisFormatFor; [NaN, NaN] when there are none. */
export function extent(values: Iterable<number | null | undefined>): [number, number] {
  let lo = Infinity, hi = -Infinity;
  for (const v of values) {
    if (v === null || v === undefined || !Number.isFinite(v)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return lo <= hi ? [lo, hi] : [NaN, NaN];
}

/** "10y yield (%)"; an empty unit gives the bare label. */
export function withUnit(label: string, unit: string): string {
  const shown = unitStyle(unit).axisUnit;
  return shown ? `${label} (${shown})` : label;
}

export function formatValue(x: number | null | undefined, unit: string): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '—';
  const style = unitStyle(unit);
  const v = style.percent ? x * 100 : x;
  const text = formatFixed(v, style.digits ?? autoDigits(v));
  return style.percent ? `${text}%` : text;
}

/** Fixed decimals, comma thousands separators and a typographic minus; never "−0". */
export function formatFixed(x: number, digits: number): string {
  if (!Number.isFinite(x)) return '—';
  const fixed = x.toFixed(digits);
  const negative = fixed.startsWith('-') && Number(fixed) !== 0;
  const [whole, frac] = fixed.replace('-', '').split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return (negative ? '−' : '') + grouped + (frac ? `.${frac}` : '');
}

function autoDigits(x: number): number {
  if (Number.isInteger(x)) return 0;
  const a = Math.abs(x);
  return a >= 100 ? 0 : a >= 1 ? 2 : 3;
}
