// Dense linear systems for the small least-squares problems of the sensitivity analysis.

/**
 * Solves A X = B by Gaussian elimination with partial pivoting. A is k×k and B is k×m, both row-major and
 * copied, not modified. Returns X (k×m, row-major), or null when a pivot falls below `tolerance` × the largest
 * |diagonal| of A: the system is singular or too close to it for the answer to mean anything.
 */
export function solveLinear(
  a: Float64Array,
  b: Float64Array,
  k: number,
  m: number,
  tolerance = 1e-10,
): Float64Array | null {
  const A = Float64Array.from(a);
  const X = Float64Array.from(b);
  let scale = 0;
  for (let i = 0; i < k; i++) scale = Math.max(scale, Math.abs(A[i * k + i]));
  if (!(scale > 0)) return k === 0 ? X : null;
  for (let col = 0; col < k; col++) {
    let pivot = col;
    for (let r = col + 1; r < k; r++) if (Math.abs(A[r * k + col]) > Math.abs(A[pivot * k + col])) pivot = r;
    if (!(Math.abs(A[pivot * k + col]) > tolerance * scale)) return null;
    if (pivot !== col) {
      for (let c = 0; c < k; c++) [A[col * k + c], A[pivot * k + c]] = [A[pivot * k + c], A[col * k + c]];
      for (let c = 0; c < m; c++) [X[col * m + c], X[pivot * m + c]] = [X[pivot * m + c], X[col * m + c]];
    }
    for (let r = col + 1; r < k; r++) {
      const f = A[r * k + col] / A[col * k + col];
      if (f === 0) continue;
      for (let c = col; c < k; c++) A[r * k + c] -= f * A[col * k + c];
      for (let c = 0; c < m; c++) X[r * m + c] -= f * X[col * m + c];
    }
  }
  for (let row = k - 1; row >= 0; row--) {
    for (let c = 0; c < m; c++) {
      let s = X[row * m + c];
      for (let j = row + 1; j < k; j++) s -= A[row * k + j] * X[j * m + c];
      X[row * m + c] = s / A[row * k + row];
    }
  }
  return X;
}
