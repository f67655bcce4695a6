// Latin hypercube sampling for `fimasim sample`, arranged so a run never depends on another run's draws.
//
// Each sampled parameter has one permutation of the strata 0..nRuns−1, drawn from alea(seedKey) where the key
// names the master seed and the parameter path (lhsSeedKey). Run i takes stratum perm[i] and places itself inside
// it with a draw from its own stream. So the permutation depends only on (master seed, parameter path, nRuns),
// and a run's sampled values on the master seed and its index only (given the batch size): any worker, shard or
// replay of run i computes the same values without knowing what the other runs drew.
import seedrandom from 'seedrandom';

/** The seed key of a parameter's strata permutation, in the form of the run streams' keys (src/sim/rng.ts). */
export const lhsSeedKey = (masterSeed: string, parameterPath: string): string =>
  `fimasim/v1|${masterSeed}|lhs|${parameterPath}`;

/** A Fisher–Yates (Durstenfeld) shuffle of 0..nRuns−1 driven by alea(seedKey). */
export function lhsPermutation(nRuns: number, seedKey: string): Int32Array {
  const rng = seedrandom.alea(seedKey);
  const perm = new Int32Array(nRuns);
  for (let i = 0; i < nRuns; i++) perm[i] = i;
  for (let i = nRuns - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    const t = perm[i];
    perm[i] = perm[j];
    perm[j] = t;
  }
  return perm;
}

/** Run i's unit value for one parameter: (perm[i] + u()) / nRuns, in [0, 1), inside stratum perm[i]. */
export function lhsUnit(
  runIndex: number,
  nRuns: number,
  paramIndex: number,
  u: () => number,
  permutation: Int32Array,
): number {
  if (permutation.length !== nRuns || !(runIndex >= 0 && runIndex < nRuns) || !Number.isInteger(runIndex)) {
    throw new RangeError(
      `lhsUnit: run ${runIndex} of ${nRuns} has no stratum in parameter ${paramIndex}'s permutation ` +
        `(length ${permutation.length})`,
    );
  }
  return (permutation[runIndex] + u()) / nRuns;
}
