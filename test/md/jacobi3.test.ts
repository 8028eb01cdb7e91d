import { describe, expect, it } from 'vitest';
import { jacobi3 } from '../../integrators/jacobi3.js';
import { RanMars } from '../../src/random_mars.js';

/**
 * jacobi3 (LAMMPS MathEigen::jacobi3, the inertia-tensor diagonalisation of fix rigid) checked
 * against the definition: A v = λ v for each column v, orthonormal columns, eigenvalues in
 * decreasing order, and a diagonal matrix left as it is (sorted).
 */
describe('jacobi3', () => {
  it('A v = λ v, orthonormal, decreasing, for random symmetric matrices', () => {
    const rng = new RanMars(4711);
    const a = new Float64Array(9);
    const evals = new Float64Array(3);
    const evec = new Float64Array(9);
    for (let trial = 0; trial < 200; trial++) {
      for (let i = 0; i < 3; i++) for (let j = i; j < 3; j++) a[3 * i + j] = a[3 * j + i] = 10 * (rng.uniform() - 0.5);
      expect(jacobi3(a, evals, evec)).toBe(false);
      expect(evals[0]).toBeGreaterThanOrEqual(evals[1]);
      expect(evals[1]).toBeGreaterThanOrEqual(evals[2]);
      for (let k = 0; k < 3; k++) {
        for (let i = 0; i < 3; i++) {
          let av = 0;
          for (let j = 0; j < 3; j++) av += a[3 * i + j] * evec[3 * j + k];
          expect(Math.abs(av - evals[k] * evec[3 * i + k])).toBeLessThan(1e-12);
        }
        for (let l = 0; l < 3; l++) {
          let dot = 0;
          for (let i = 0; i < 3; i++) dot += evec[3 * i + k] * evec[3 * i + l];
          expect(Math.abs(dot - (k === l ? 1 : 0))).toBeLessThan(1e-14);
        }
      }
    }
  });

  it('a diagonal matrix: its entries sorted, unit vectors as eigenvectors', () => {
    const evals = new Float64Array(3);
    const evec = new Float64Array(9);
    jacobi3([1, 0, 0, 0, 3, 0, 0, 0, 2], evals, evec);
    expect(Array.from(evals)).toEqual([3, 2, 1]);
    // columns: e_y, e_z, e_x
    expect(Array.from(evec)).toEqual([0, 0, 1, 1, 0, 0, 0, 1, 0]);
  });
});
