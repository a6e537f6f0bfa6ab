/**
 * Dense symmetric positive-definite solves for the estimators' small systems (one per neuron, of the
 * size of the network): Cholesky factorisation in place, row-major P x P.
 */

/** Factors a (upper triangle read) into L L^T, L stored in the lower triangle. False if not positive definite. */
export function choleskyInPlace(a: Float64Array, p: number): boolean {
  for (let j = 0; j < p; j++) {
    let diagonal = a[j * p + j];
    for (let k = 0; k < j; k++) diagonal -= a[j * p + k] * a[j * p + k];
    if (!(diagonal > 0)) return false;
    const l = Math.sqrt(diagonal);
    a[j * p + j] = l;
    for (let i = j + 1; i < p; i++) {
      // The upper triangle holds the matrix: a[j][i] is (i, j) by symmetry.
      let sum = a[j * p + i];
      for (let k = 0; k < j; k++) sum -= a[i * p + k] * a[j * p + k];
      a[i * p + j] = sum / l;
    }
  }
  return true;
}

/** Solves L L^T x = b with the factor from choleskyInPlace; b is overwritten with x. */
export function choleskySolve(l: Float64Array, p: number, b: Float64Array): void {
  for (let i = 0; i < p; i++) {
    let sum = b[i];
    for (let k = 0; k < i; k++) sum -= l[i * p + k] * b[k];
    b[i] = sum / l[i * p + i];
  }
  for (let i = p - 1; i >= 0; i--) {
    let sum = b[i];
    for (let k = i + 1; k < p; k++) sum -= l[k * p + i] * b[k];
    b[i] = sum / l[i * p + i];
  }
}

/** The diagonal of (L L^T)^-1: the variances of a Newton fit's coefficients. */
export function inverseDiagonal(l: Float64Array, p: number): Float64Array {
  const out = new Float64Array(p);
  const e = new Float64Array(p);
  for (let j = 0; j < p; j++) {
    e.fill(0);
    e[j] = 1;
    choleskySolve(l, p, e);
    out[j] = e[j];
  }
  return out;
}

/**
 * Ridge solution of the normal equations (gram + ridge) x = rhs, gram upper triangle given. The ridge is
 * relative (ridge * its diagonal, plus a floor), so a candidate that never fired (a zero column) gets 0
 * rather than a singular system. Returns null if even then it is not positive definite.
 */
export function ridgeSolve(gram: Float64Array, rhs: Float64Array, p: number, ridge: number, firstPenalised: number): Float64Array | null {
  const a = gram.slice();
  for (let j = firstPenalised; j < p; j++) a[j * p + j] += ridge * a[j * p + j] + 1e-9;
  if (!choleskyInPlace(a, p)) return null;
  const x = rhs.slice();
  choleskySolve(a, p, x);
  return x;
}

/**
 * Solves (a + ridge) x = rhs for a general (not symmetric) p x p matrix by Gaussian elimination with
 * partial pivoting; the ridge as in ridgeSolve. Null when singular.
 */
export function ridgeSolveGeneral(matrix: Float64Array, rhs: Float64Array, p: number, ridge: number, firstPenalised: number): Float64Array | null {
  const a = matrix.slice();
  const x = rhs.slice();
  for (let j = firstPenalised; j < p; j++) a[j * p + j] += ridge * Math.abs(a[j * p + j]) + 1e-9;
  for (let col = 0; col < p; col++) {
    let pivot = col;
    for (let r = col + 1; r < p; r++) if (Math.abs(a[r * p + col]) > Math.abs(a[pivot * p + col])) pivot = r;
    if (a[pivot * p + col] === 0) return null;
    if (pivot !== col) {
      for (let k = 0; k < p; k++) {
        const t = a[col * p + k];
        a[col * p + k] = a[pivot * p + k];
        a[pivot * p + k] = t;
      }
      const t = x[col];
      x[col] = x[pivot];
      x[pivot] = t;
    }
    const diagonal = a[col * p + col];
    for (let r = col + 1; r < p; r++) {
      const factor = a[r * p + col] / diagonal;
      if (factor === 0) continue;
      for (let k = col; k < p; k++) a[r * p + k] -= factor * a[col * p + k];
      x[r] -= factor * x[col];
    }
  }
  for (let r = p - 1; r >= 0; r--) {
    let sum = x[r];
    for (let k = r + 1; k < p; k++) sum -= a[r * p + k] * x[k];
    x[r] = sum / a[r * p + r];
  }
  return x;
}
