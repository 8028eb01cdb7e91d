/**
 * Eigen-decomposition of a symmetric 3x3 matrix by Jacobi rotations, as LAMMPS's
 * MathEigen::jacobi3 (math_eigen.cpp over jacobi_pd's Jacobi class, math_eigen_impl.h) does it:
 * repeatedly zero the largest off-diagonal element (tracked per row), eigenvalues sorted in
 * decreasing order, eigenvectors returned as the COLUMNS of evec. Fix rigid diagonalises each
 * body's inertia tensor with it; the rotation order matters for the principal axes' last bits.
 *
 * mat: 9 values row-major (only the upper triangle is read); evals: 3; evec: 9 row-major.
 * Returns true when it did not converge within 50 sweeps (LAMMPS: "Insufficient Jacobi rotations").
 */
export function jacobi3(mat: ArrayLike<number>, evals: Float64Array, evec: Float64Array): boolean {
  const n = 3;
  // M: working copy (row-major 3x3); E: eigenvectors as rows while iterating.
  const M = new Float64Array(9);
  const E = evec;
  for (let i = 0; i < n; i++) for (let j = i; j < n; j++) M[3 * i + j] = mat[3 * i + j];
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) E[3 * i + j] = i === j ? 1.0 : 0.0;
  const maxIdxRow = new Int32Array(n);
  const maxEntryRow = (i: number): number => {
    let jMax = i + 1;
    for (let j = i + 2; j < n; j++) if (Math.abs(M[3 * i + j]) > Math.abs(M[3 * i + jMax])) jMax = j;
    return jMax;
  };
  for (let i = 0; i < n - 1; i++) maxIdxRow[i] = maxEntryRow(i);

  const maxIters = (50 * n * (n - 1)) / 2;
  let iters = 0;
  for (iters = 0; iters < maxIters; iters++) {
    // largest off-diagonal entry, from the per-row maxima
    let i = 0;
    let j = maxIdxRow[0];
    let maxEntry = Math.abs(M[3 * i + j]);
    for (let r = 1; r < n - 1; r++) {
      const c = maxIdxRow[r];
      if (Math.abs(M[3 * r + c]) > maxEntry) {
        maxEntry = Math.abs(M[3 * r + c]);
        i = r;
        j = c;
      }
    }
    // negligible next to both diagonal entries: set it to zero
    if (M[3 * i + i] + M[3 * i + j] === M[3 * i + i] && M[3 * j + j] + M[3 * i + j] === M[3 * j + j]) {
      M[3 * i + j] = 0.0;
      maxIdxRow[i] = maxEntryRow(i);
    }
    if (M[3 * i + j] === 0.0) break;

    // CalcRot: t = tan θ, the root of t² + 2κt − 1 = 0 of smaller magnitude, κ = (M_jj − M_ii)/(2 M_ij)
    let t = 1.0;
    const mjjii = M[3 * j + j] - M[3 * i + i];
    if (mjjii !== 0.0) {
      let kappa = mjjii;
      t = 0.0;
      const mij = M[3 * i + j];
      if (mij !== 0.0) {
        kappa /= 2.0 * mij;
        t = 1.0 / (Math.sqrt(1 + kappa * kappa) + Math.abs(kappa));
        if (kappa < 0.0) t = -t;
      }
    }
    const c = 1.0 / Math.sqrt(1 + t * t);
    const s = c * t;

    // ApplyRot: M' = Rᵀ M R on the upper triangle (below-diagonal slots keep the old values)
    M[3 * i + i] -= t * M[3 * i + j];
    M[3 * j + j] += t * M[3 * i + j];
    M[3 * i + j] = 0.0;
    for (let w = 0; w < i; w++) {
      M[3 * i + w] = M[3 * w + i];
      M[3 * w + i] = c * M[3 * w + i] - s * M[3 * w + j];
      if (i === maxIdxRow[w]) maxIdxRow[w] = maxEntryRow(w);
      else if (Math.abs(M[3 * w + i]) > Math.abs(M[3 * w + maxIdxRow[w]])) maxIdxRow[w] = i;
    }
    for (let w = i + 1; w < j; w++) {
      M[3 * w + i] = M[3 * i + w];
      M[3 * i + w] = c * M[3 * i + w] - s * M[3 * w + j];
    }
    for (let w = j + 1; w < n; w++) {
      M[3 * w + i] = M[3 * i + w];
      M[3 * i + w] = c * M[3 * i + w] - s * M[3 * j + w];
    }
    maxIdxRow[i] = maxEntryRow(i);
    for (let w = 0; w < i; w++) {
      M[3 * w + j] = s * M[3 * i + w] + c * M[3 * w + j];
      if (j === maxIdxRow[w]) maxIdxRow[w] = maxEntryRow(w);
      else if (Math.abs(M[3 * w + j]) > Math.abs(M[3 * w + maxIdxRow[w]])) maxIdxRow[w] = j;
    }
    for (let w = i + 1; w < j; w++) {
      M[3 * w + j] = s * M[3 * w + i] + c * M[3 * w + j];
      if (j === maxIdxRow[w]) maxIdxRow[w] = maxEntryRow(w);
      else if (Math.abs(M[3 * w + j]) > Math.abs(M[3 * w + maxIdxRow[w]])) maxIdxRow[w] = j;
    }
    for (let w = j + 1; w < n; w++) M[3 * j + w] = s * M[3 * w + i] + c * M[3 * j + w];
    maxIdxRow[j] = maxEntryRow(j);

    // ApplyRotLeft on the eigenvector rows
    for (let v = 0; v < n; v++) {
      const eiv = E[3 * i + v];
      E[3 * i + v] = c * E[3 * i + v] - s * E[3 * j + v];
      E[3 * j + v] = s * eiv + c * E[3 * j + v];
    }
  }
  for (let i = 0; i < n; i++) evals[i] = M[3 * i + i];

  // SortRows, decreasing eigenvalues (selection sort with swaps, as jacobi_pd)
  for (let i = 0; i < n - 1; i++) {
    let iMax = i;
    for (let j = i + 1; j < n; j++) if (evals[j] > evals[iMax]) iMax = j;
    const tv = evals[i];
    evals[i] = evals[iMax];
    evals[iMax] = tv;
    for (let k = 0; k < n; k++) {
      const te = E[3 * i + k];
      E[3 * i + k] = E[3 * iMax + k];
      E[3 * iMax + k] = te;
    }
  }
  // rows → columns (jacobi3 transposes)
  for (let i = 0; i < n; i++)
    for (let j = i + 1; j < n; j++) {
      const tmp = E[3 * i + j];
      E[3 * i + j] = E[3 * j + i];
      E[3 * j + i] = tmp;
    }
  return iters === maxIters;
}
