import { describe, it, expect } from 'vitest';
import { averageRanks, tieSum } from '../../src/sim/stats/rank.js';
import { solveLinear } from '../../src/sim/stats/solve.js';

describe('averageRanks', () => {
  it('gives ties the mean of the ranks they span, 1-based', () => {
    expect(Array.from(averageRanks([30, 10, 20, 20, 50, 20]))).toEqual([5, 1, 3, 3, 6, 3]);
    expect(Array.from(averageRanks(Float64Array.from([2, 2])))).toEqual([1.5, 1.5]);
    expect(averageRanks([])).toEqual(new Float64Array(0));
  });
});

describe('tieSum', () => {
  it('sums t³ − t over tied groups', () => {
    expect(tieSum([1, 2, 2, 3, 3, 3])).toBe(6 + 24);
    expect(tieSum([4, 5, 6])).toBe(0);
  });
});

describe('solveLinear', () => {
  it('solves a system that needs pivoting, for two right-hand sides', () => {
    // A = [[0, 2], [3, 1]] (its first pivot is 0 without a row exchange), B = [[4, 2], [5, 4]]: X = [[1, 1], [2, 1]].
    const x = solveLinear(Float64Array.from([0, 2, 3, 1]), Float64Array.from([4, 2, 5, 4]), 2, 2)!;
    expect(Array.from(x)).toEqual([1, 1, 2, 1]);
  });

  it('returns null for a singular system', () => {
    expect(solveLinear(Float64Array.from([1, 2, 2, 4]), Float64Array.from([1, 2]), 2, 1)).toBeNull();
  });
});
