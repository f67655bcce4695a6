// Responses around dated events (issue 16): the move's unit, where it falls in the data and in a simulated path, and
// the yardstick its uncertainty comes from.
import { describe, expect, it } from 'vitest';
import { eventData, eventMoment, eventMove, eventReplicas, eventSchema } from '../../src/sim/calibrate/events.js';
import { simInputs, tradingDaysIn } from '../../src/sim/calibrate/inputs.js';
import { sd } from '../../src/sim/calibrate/moments.js';
import { loadBacktestData } from '../../src/sim/backtest/run-backtest.js';
import { BANDED } from '../../src/sim/run/series.js';

const fomc = eventSchema.parse({ name: 'first-cut', date: '2024-09-18', series: 'ust10y', before: 1, after: 20 });

describe('an event response', () => {
  it.each([
    ['the 10y in bp', 'ust10y', 4.0, 4.25, 25],
    ['BTC in log points', 'btcPrice', 50_000, 100_000, Math.log(2)],
    ['the RRP in USD bn', 'rrp', 400, 169, -231],
  ] as const)('moves %s', (_, series, from, to, want) => {
    expect(eventMove(series, from, to)).toBeCloseTo(want, 9);
  });

  it('reads the data: the 10y rose 44bp from the day before the first cut of 2024 to 20 trading days after', () => {
    const days = tradingDaysIn('2024-01-02', '2024-12-31');
    const d = eventData(loadBacktestData(), fomc, days, days.indexOf('2024-09-18'))!;
    // DGS10: 3.65 on 2024-09-17, 4.09 on 2024-10-17
    expect(d.value).toBeCloseTo(44, 6);
    expect(d.changes.length).toBeGreaterThan(200);
  });

  it('reads a simulated path at the ticks where the event falls, in its segment', () => {
    const points = 30;
    const seg = (level: (t: number) => number): Float32Array => {
      const s = new Float32Array(BANDED.length * points);
      for (let t = 0; t < points; t++) s[BANDED.indexOf('ust10y') * points + t] = level(t);
      return s;
    };
    const x = simInputs([seg(() => 4), seg((t) => 4 + 0.01 * t)], [points, points],
      [{ name: 'first-cut', series: 'ust10y', segment: 1, from: 5, to: 25 }]);
    expect(x.events!['first-cut']).toBeCloseTo(20, 3);
    expect(eventMoment(fomc).compute(x)).toBeCloseTo(20, 3);
    expect(eventMoment(fomc).name).toBe('event.first-cut');
    expect(eventMoment(fomc).unit).toBe('bp');
  });

  it('draws its yardstick from the window: replicas centred on the response, spread like same-length changes, seeded', () => {
    const changes = Float64Array.from({ length: 400 }, (_, i) => 30 * Math.sin(i * 1.7));
    const d = { value: 44, changes };
    const r = eventReplicas(d, 4000, '7', 'first-cut');
    const mean = r.reduce((a, b) => a + b, 0) / r.length;
    expect(mean).toBeCloseTo(44, 0);
    expect(sd(r) / sd(changes)).toBeGreaterThan(0.95);
    expect(sd(r) / sd(changes)).toBeLessThan(1.05);
    expect(Array.from(eventReplicas(d, 5, '7', 'first-cut'))).toEqual(Array.from(r.subarray(0, 5)));
    expect(Array.from(eventReplicas(d, 5, '8', 'first-cut'))).not.toEqual(Array.from(r.subarray(0, 5)));
  });
});
