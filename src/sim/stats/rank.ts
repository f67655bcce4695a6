// Ranks for the rank-based methods (Mann–Whitney, PRCC, binned sensitivity).

/** Average ranks, 1-based: tied values share the mean of the ranks they span (R rank(ties = 'average')). */
export function averageRanks(values: ArrayLike<number>): Float64Array {
  const n = values.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((i, j) => values[i] - values[j]);
  const ranks = new Float64Array(n);
  for (let i = 0; i < n; ) {
    let j = i;
    while (j + 1 < n && values[order[j + 1]] === values[order[i]]) j++;
    const rank = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) ranks[order[k]] = rank;
    i = j + 1;
  }
  return ranks;
}

/** Σ (t³ − t) over groups of tied values: the tie term of rank-test variances. */
export function tieSum(values: ArrayLike<number>): number {
  const sorted = Float64Array.from(values).sort();
  let total = 0;
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[i]) j++;
    const t = j - i + 1;
    total += t * t * t - t;
    i = j + 1;
  }
  return total;
}
