import { describe, expect, it } from 'vitest';
import { bins, fanChart, histogram, intervalBars, lineChart } from '../../src/report/charts.js';
import { renderSvg } from '../../src/report/render.js';
import { formatFixed, formatValue, unitStyle } from '../../src/report/units.js';

describe('bins', () => {
  it.each([
    { values: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10], maxBins: 5, starts: [0, 2, 4, 6, 8], counts: [2, 2, 2, 2, 3] },
    { values: [0.013, 0.021, 0.049], maxBins: 4, starts: [0.01, 0.02, 0.03, 0.04], counts: [1, 1, 0, 1] },
    { values: [-150, 45, 97], maxBins: 5, starts: [-150, -100, -50, 0, 50], counts: [1, 0, 0, 1, 1] },
  ])('$values into at most $maxBins round bins', ({ values, maxBins, starts, counts }) => {
    const b = bins(values, maxBins);
    expect(b.map((x) => x.start)).toEqual(starts.map((s) => expect.closeTo(s, 12)));
    expect(b.map((x) => x.count)).toEqual(counts);
  });

  it('gives one bin around a value every run shares', () => {
    expect(bins([0, 0, 0])).toEqual([{ start: -0.5, end: 0.5, count: 3 }]);
    expect(bins([60, 60])).toEqual([{ start: 55, end: 65, count: 2 }]);
  });

  it('leaves out non-finite values and counts every other one', () => {
    const values = [NaN, 1, 2, Infinity, 3.5];
    expect(bins(values).reduce((s, b) => s + b.count, 0)).toBe(3);
    expect(bins([NaN])).toEqual([]);
  });
});

describe('formatValue', () => {
  it.each([
    [4.3125, '%', '4.31'],
    [-12.345, 'bp', '−12.3'],
    [12345.67, 'USD bn', '12,345.7'],
    [65000.4, 'USD', '65,000'],
    [157.8123, 'JPY per USD', '157.81'],
    [0.1234, 'fraction', '12.3%'],
    [-0.00001, 'fraction', '0.0%'], // never "−0.0%"
    [3, 'count', '3'],
    [0.5, '0/1', '0.500'],
    [NaN, '%', '—'],
    [null, '%', '—'],
  ])('%s %s → %s', (x, unit, expected) => {
    expect(formatValue(x, unit)).toBe(expected);
  });

  it('groups thousands', () => {
    expect(formatFixed(-1234567.891, 2)).toBe('−1,234,567.89');
  });
});

// Every builder must give a spec vega-lite compiles and vega draws with data marks (sweep, compare and
// sensitivity pages use the ones the batch page does not).
describe('chart builders render to SVG with data marks', () => {
  const dates = ['2024-06-18', '2024-06-20', '2024-06-21'];
  it.each([
    ['fanChart', fanChart({ label: 'y', unit: '%', points: dates.map((date, i) =>
      ({ date, p05: i, p25: i + 1, p50: i + 2, p75: i + 3, p95: i + 4 })) }), ['mark-area', 'mark-line']],
    ['histogram', histogram({ label: 'x', unit: 'USD bn', values: [1, 2, 2, 3], markers: [{ label: 'median', value: 2 }] }),
      ['mark-rect', 'mark-rule']],
    ['intervalBars', intervalBars({ label: 'effect', unit: 'bp', rows: [{ label: 'a', value: 3, lo: 1, hi: 5 },
      { label: 'b', value: -2 }] }), ['mark-rect', 'mark-rule']],
    ['lineChart (swept parameter)', lineChart({ xLabel: 'cap', xUnit: 'USD bn', xType: 'quantitative', yLabel: 'P(BTC up)',
      yUnit: 'fraction', series: [{ name: 'hayes', points: [{ x: 60, y: 0.4, lo: 0.3, hi: 0.5 }, { x: 120, y: 0.5, lo: 0.4, hi: 0.6 }] },
        { name: 'calm', points: [{ x: 60, y: 0.2 }, { x: 120, y: 0.25 }] }] }), ['mark-area', 'mark-line', 'mark-symbol']],
    ['lineChart (dates)', lineChart({ xLabel: 'date', xType: 'temporal', yLabel: 'y', yUnit: '%',
      series: [{ name: 's', points: dates.map((x, i) => ({ x, y: i })) }] }), ['mark-line']],
  ])('%s', async (_, spec, marks) => {
    const svg = await renderSvg(spec);
    for (const m of marks) expect(svg).toMatch(new RegExp(`class="${m} role-mark`));
  });

  it('escapes text that reaches the SVG', async () => {
    const svg = await renderSvg(histogram({ label: '<script>x</script>', unit: '', values: [1, 2] }));
    expect(svg).not.toContain('<script>');
    expect(svg).toContain('&lt;script&gt;x&lt;/script&gt;');
  });
});

describe('axis formats', () => {
  it('USD/JPY reads as yen on its axis (not 1.6e+2)', () => {
    expect(unitStyle('JPY per USD').axisFormat).toBe(',.0f');
  });
});
