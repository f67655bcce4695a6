// The run's requestTick metric (issue 17: the "first request" marker on the fans): the tick of the Treasury's first
// request for FIMA absorption, −1 (the never marker) when it never asked. The BOJ/MoF accepts only a request, so an
// acceptance never comes before the first request; a Treasury that never asks leaves −1 in every run.
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../src/sim/scenario/load.js';
import { simulate } from '../../src/sim/run/engine.js';
import { METRIC_NAMES, NEVER_MARKERS } from '../../src/sim/run/metrics.js';

const runs = (sets: string[], n: number) => {
  const s = loadScenario('hayes-stress', sets).scenario;
  return Array.from({ length: n }, (_, i) => simulate(s, '20240618', i, { recordEvents: false }).metrics);
};

describe('requestTick', () => {
  it('is a metric with the never marker −1, listed before the acceptance', () => {
    expect(NEVER_MARKERS.requestTick).toBe(-1);
    expect(METRIC_NAMES.indexOf('requestTick')).toBeLessThan(METRIC_NAMES.indexOf('interventionTick'));
  });

  it('comes at or before the first acceptance in every run that accepted', () => {
    const ms = runs([], 24);
    expect(ms.some((m) => m.requestTick >= 0)).toBe(true);
    for (const m of ms) {
      expect(Number.isInteger(m.requestTick)).toBe(true);
      if (m.intervened) expect(m.requestTick).toBeGreaterThanOrEqual(0);
      if (m.intervened) expect(m.requestTick).toBeLessThanOrEqual(m.interventionTick);
    }
  });

  it('is −1 in every run of a Treasury that never asks', () => {
    for (const m of runs(['treasury.policy={"name":"passive"}'], 8)) expect([m.requestTick, m.interventionTick]).toEqual([-1, -1]);
  });
});
