// The moving-block bootstrap of the empirical moments: deterministic for a seed, blocks shared by every input.
import { describe, expect, it } from 'vitest';
import { blockStarts, bootstrapMoments, covariance, replicaInputs } from '../../src/sim/calibrate/bootstrap.js';
import { dataInputs } from '../../src/sim/calibrate/inputs.js';
import { findMoment, INPUTS } from '../../src/sim/calibrate/moments.js';
import { loadBacktestData } from '../../src/sim/backtest/run-backtest.js';

const data = dataInputs(loadBacktestData(), '2022-01-03', '2023-12-29');
const moments = ['ust10y.dailySd', 'tga.weeklySd', 'btc.liquidityBeta'].map((m) => findMoment(m)!);

describe('the block bootstrap', () => {
  it('gives the same replicas for the same seed, and others for another seed', () => {
    const a = bootstrapMoments(data, moments, 21, 50, '7');
    const b = bootstrapMoments(data, moments, 21, 50, '7');
    const c = bootstrapMoments(data, moments, 21, 50, '8');
    expect(a.replicas.map((r) => Array.from(r))).toEqual(b.replicas.map((r) => Array.from(r)));
    expect(Array.from(a.cov)).toEqual(Array.from(b.cov));
    expect(Array.from(a.sd)).not.toEqual(Array.from(c.sd));
    expect(a.sd.every((s) => s > 0)).toBe(true);
  });

  it('draws ⌈T/L⌉ blocks inside the window', () => {
    const starts = blockStarts(data.days.length, 21, 10, '1');
    expect(starts).toHaveLength(10);
    for (const s of starts) {
      expect(s).toHaveLength(Math.ceil(data.days.length / 21));
      expect(Math.min(...s)).toBeGreaterThanOrEqual(0);
      expect(Math.max(...s)).toBeLessThanOrEqual(data.days.length - 21);
    }
  });

  it('a block as long as the window gives back the data itself', () => {
    const x = replicaInputs(data, Int32Array.of(0), data.days.length);
    for (const k of INPUTS) expect(Array.from(x[k])).toEqual(Array.from(data.inputs[k]));
  });

  it('computes the covariance by its definition', () => {
    const rows = [Float64Array.of(1, 2), Float64Array.of(2, 4), Float64Array.of(3, 9)];
    // var(x) = 1, var(y) = 13, cov = 3.5
    expect(Array.from(covariance(rows, 2))).toEqual([1, 3.5, 3.5, 13]);
  });
});
