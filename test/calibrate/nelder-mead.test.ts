// The search of `fimasim calibrate`: Nelder–Mead within a box, on functions whose minimum is known.
import { describe, expect, it } from 'vitest';
import { nelderMead } from '../../src/sim/calibrate/nelder-mead.js';

const rosenbrock = ([x, y]: number[]): number => 100 * (y - x * x) ** 2 + (1 - x) ** 2;

describe('nelderMead', () => {
  it('finds the minimum of Rosenbrock\'s valley inside the box', async () => {
    const r = await nelderMead(rosenbrock, [-1.2, 1], { lo: [-2, -1], hi: [2, 3], maxEvaluations: 1000, xTolerance: 1e-7, fTolerance: 1e-14 });
    expect(r.converged).toBe(true);
    expect(r.x[0]).toBeCloseTo(1, 3);
    expect(r.x[1]).toBeCloseTo(1, 3);
    expect(r.f).toBeLessThan(1e-6);
  });

  it('finds a quadratic\'s minimum, and stops at the bound when the minimum lies outside the box', async () => {
    const q = (x: number[]) => (x[0] - 0.3) ** 2 + 2 * (x[1] + 0.7) ** 2 + 0.5 * (x[0] - 0.3) * (x[1] + 0.7);
    const inside = await nelderMead(q, [0.9, 0.9], { lo: [-1, -1], hi: [1, 1], maxEvaluations: 500, xTolerance: 1e-8, fTolerance: 1e-16 });
    expect(inside.x[0]).toBeCloseTo(0.3, 4);
    expect(inside.x[1]).toBeCloseTo(-0.7, 4);
    const bounded = await nelderMead(q, [0.9, 0.9], { lo: [0.5, -0.5], hi: [1, 1], maxEvaluations: 500 });
    expect(bounded.x[1]).toBe(-0.5); // on the lower bound of y
    for (const [v, i] of bounded.x.map((v, i) => [v, i] as const)) {
      expect(v).toBeGreaterThanOrEqual([0.5, -0.5][i]);
      expect(v).toBeLessThanOrEqual([1, 1][i]);
    }
  });

  it('never asks for a point outside the box, keeps to its budget and is deterministic', async () => {
    const seen: number[][] = [];
    const f = (x: number[]) => { seen.push(x); return rosenbrock(x); };
    const a = await nelderMead(f, [1.9, 2.9], { lo: [-2, -1], hi: [2, 3], maxEvaluations: 37 });
    expect(a.evaluations).toBe(37);
    expect(seen).toHaveLength(37);
    expect(seen.every(([x, y]) => x >= -2 && x <= 2 && y >= -1 && y <= 3)).toBe(true);
    const b = await nelderMead(rosenbrock, [1.9, 2.9], { lo: [-2, -1], hi: [2, 3], maxEvaluations: 37 });
    expect(b).toEqual(a);
  });

  it('ends when stop() says so (a budget of new evaluations) and takes async objectives', async () => {
    let calls = 0;
    const r = await nelderMead(async (x) => { calls++; return (x[0] - 0.2) ** 2; }, [0.5], { lo: [0], hi: [1], maxEvaluations: 100, stop: () => calls >= 5 });
    expect(calls).toBe(5);
    expect(r.evaluations).toBe(5);
    expect(r.f).toBeLessThanOrEqual(0.09);
  });
});
