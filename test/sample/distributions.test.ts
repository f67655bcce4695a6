// The distributions of --sample as quantile functions of the hypercube's unit value, the schema ranges they are
// truncated to, `*` paths, and the built-in thesis study against hayes-2024.
import { describe, expect, it } from 'vitest';
import { normalCdf, valueAt, type Distribution } from '../../src/sim/sample/distributions.js';
import { parseSample, parseSamples } from '../../src/sim/sample/spec.js';
import { checkExtremes, sampledRun, sampledValues } from '../../src/sim/sample/values.js';
import { findStudy } from '../../src/sim/sample/studies.js';
import { loadScenario } from '../../src/sim/scenario/load.js';
import { inverseNormal } from '../../src/market/random-variates.js';

const hayes = loadScenario('hayes-2024').scenario;

describe('normalCdf', () => {
  it.each([[0, 0.5], [1, 0.8413447460685429], [-1.959963984540054, 0.025], [3, 0.9986501019683699], [-8, 6.22096057427178e-16]])('Φ(%d) = %d', (x, p) => {
    expect(Math.abs(normalCdf(x) - p)).toBeLessThan(Math.max(1e-14, p * 1e-12));
  });
  it('is 0 and 1 at the infinities and inverts inverseNormal', () => {
    expect([normalCdf(-Infinity), normalCdf(Infinity)]).toEqual([0, 1]);
    for (const p of [1e-10, 0.01, 0.3, 0.5, 0.9, 0.999]) expect(Math.abs(normalCdf(inverseNormal(p)) - p)).toBeLessThan(p * 1e-7); // inverseNormal is Acklam's (≈ 1e-9 relative)
  });
});

describe('valueAt (the quantile at the unit value u)', () => {
  it('maps u linearly for uniform and geometrically for loguniform, ends included', () => {
    const u: Distribution = { kind: 'uniform', lo: 100, hi: 300 };
    expect([valueAt(u, 0), valueAt(u, 0.25), valueAt(u, 1)]).toEqual([100, 150, 300]);
    const g: Distribution = { kind: 'loguniform', lo: 0.12, hi: 0.48 };
    expect([valueAt(g, 0), valueAt(g, 1)]).toEqual([0.12, 0.48]);
    expect(valueAt(g, 0.5)).toBeCloseTo(0.24, 12); // the geometric mid-point
  });

  it('truncates a normal to the schema range, with the median at the mean when the truncation is symmetric', () => {
    const n: Distribution = { kind: 'normal', mean: 0.5, sd: 0.2, min: { value: 0, inclusive: true }, max: { value: 1, inclusive: true } };
    expect(valueAt(n, 0.5)).toBeCloseTo(0.5, 12);
    expect([valueAt(n, 0), valueAt(n, 1)]).toEqual([0, 1]);
    for (let k = 0; k < 100; k++) {
      const v = valueAt(n, k / 100) as number;
      expect(v).toBeGreaterThanOrEqual(0);
      expect(v).toBeLessThanOrEqual(1);
    }
    // an exclusive bound (positive()) is never reached
    const p: Distribution = { kind: 'normal', mean: 1, sd: 5, min: { value: 0, inclusive: false }, max: null };
    expect(valueAt(p, 0) as number).toBeGreaterThan(0);
    expect(valueAt(p, 1) as number).toBeGreaterThan(30);
  });

  it('gives each value of a choice an equal share of the unit interval', () => {
    const c: Distribution = { kind: 'choice', values: ['sell', 'cut-hedge', 'x'] };
    expect([0, 0.33, 0.34, 0.66, 0.67, 0.999, 1].map((u) => valueAt(c, u))).toEqual(['sell', 'sell', 'cut-hedge', 'cut-hedge', 'x', 'x', 'x']);
  });

  it('rounds on an integer field', () => {
    expect(valueAt({ kind: 'uniform', lo: 1, hi: 10 }, 0.37, true)).toBe(4);
  });
});

describe('parseSample', () => {
  it('reads the truncation of a normal from the schema, and marks integer fields', () => {
    const p = parseSample('fed.policy.capacityShare=normal(0.5,0.3)', hayes);
    expect(p.dist).toEqual({ kind: 'normal', mean: 0.5, sd: 0.3, min: { value: 0, inclusive: true }, max: { value: 1, inclusive: true } });
    expect(parseSample('market.ust.overhangHalfLife=normal(50,10)', hayes).dist).toMatchObject({ min: { value: 0, inclusive: false }, max: null });
    expect(parseSample('banks.mufg.policy.reviewEvery=uniform(1,10)', hayes).integer).toBe(true);
  });

  it('expands * to every key where the rest of the path exists', () => {
    const p = parseSample('banks.*.policy.kappa=uniform(0.15,0.2)', hayes);
    expect(p.targets).toEqual(Object.keys(hayes.banks).map((id) => `banks.${id}.policy.kappa`));
    const mixed = loadScenario('hayes-2024', ['banks.mufg.policy.name=hold']).scenario;
    expect(parseSample('banks.*.policy.kappa=uniform(0.15,0.2)', mixed).targets).not.toContain('banks.mufg.policy.kappa');
  });
});

describe('the thesis study', () => {
  const study = findStudy('thesis')!;
  const spec = parseSamples(study.samples, hayes, '1', 1000, 'thesis');

  it('samples the five assumptions of the issue, κ of all seven banks as one, within the schema and valid at its extremes', () => {
    expect(spec.parameters.map((p) => p.path)).toEqual(['banks.*.policy.kappa', 'market.ust.permanentBpPerBn', 'market.ust.transientBpPerBn',
      'market.ust.dealerCapacity', 'fed.policy.amountPerStress', 'crypto.liquidity.tilt']);
    expect(spec.parameters[0].targets).toHaveLength(7);
    expect(() => checkExtremes(hayes, spec)).not.toThrow();
    expect(study.outcomes).toEqual(['btcReturn', 'ust10yPeak', 'netLiquidityChange']);
  });

  it("sets a run's scenario from its values, which depend on the seed and run index only", () => {
    const run = sampledRun(hayes, spec, '1', 17);
    expect(run.values).toEqual(sampledValues(spec, 17));
    expect(sampledValues({ ...spec }, 17)).toEqual(run.values);
    for (const bank of Object.values(run.scenario.banks)) expect(bank.policy).toMatchObject({ kappa: run.values[0] });
    expect(run.scenario.fed.policy).toMatchObject({ amountPerStress: run.values[4] });
    expect(run.scenario.crypto.liquidity.tilt).toBe(run.values[5]);
    expect(sampledValues(parseSamples(study.samples, hayes, '2', 1000), 17)).not.toEqual(run.values);
  });
});
