import { describe, it, expect } from 'vitest';
import seedrandom from 'seedrandom';
import { lhsPermutation, lhsSeedKey, lhsUnit } from '../../src/sim/stats/lhs.js';

describe('lhsPermutation', () => {
  it('is a permutation of 0..n−1, fixed by its key', () => {
    const perm = lhsPermutation(200, lhsSeedKey('7', 'banks.mufg.policy.carryFloor'));
    expect(Array.from(perm).sort((a, b) => a - b)).toEqual(Array.from({ length: 200 }, (_, i) => i));
    expect(lhsPermutation(200, lhsSeedKey('7', 'banks.mufg.policy.carryFloor'))).toEqual(perm);
    expect(lhsPermutation(200, lhsSeedKey('7', 'fed.fimaCap'))).not.toEqual(perm);
    expect(lhsPermutation(200, lhsSeedKey('8', 'banks.mufg.policy.carryFloor'))).not.toEqual(perm);
  });

  it('handles empty and single-run batches', () => {
    expect(lhsPermutation(0, 'k')).toEqual(new Int32Array(0));
    expect(lhsPermutation(1, 'k')).toEqual(Int32Array.from([0]));
  });
});

describe('lhsUnit', () => {
  const n = 64;
  const perm = lhsPermutation(n, lhsSeedKey('7', 'x'));
  const unit = (i: number) => lhsUnit(i, n, 0, seedrandom.alea(`run ${i}`), perm);

  it('puts exactly one run in each of the n strata', () => {
    const strata = Array.from({ length: n }, (_, i) => Math.floor(unit(i) * n)).sort((a, b) => a - b);
    expect(strata).toEqual(Array.from({ length: n }, (_, i) => i));
  });

  it("gives run i the same value whatever the other runs drew or the order they ran in", () => {
    const forward = Array.from({ length: n }, (_, i) => unit(i));
    const backward = Array.from({ length: n }, (_, k) => unit(n - 1 - k)).reverse();
    expect(backward).toEqual(forward);
  });

  it('refuses a run outside the permutation', () => {
    expect(() => lhsUnit(64, n, 2, () => 0.5, perm)).toThrow(
      "lhsUnit: run 64 of 64 has no stratum in parameter 2's permutation (length 64)",
    );
  });
});
