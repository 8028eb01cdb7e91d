import { describe, it, expect } from 'vitest';
import { matmul, matmulTA, matmulTB } from '../src/nn/matmul.js';
import { Rng } from '../src/nn/rng.js';

function rand(n: number, rng: Rng): Float64Array {
  const a = new Float64Array(n);
  rng.fillNormal(a);
  return a;
}

describe('matmul kernels', () => {
  const shapes: [number, number, number][] = [[1, 1, 1], [3, 5, 7], [4, 4, 4], [9, 6, 13], [64, 100, 110]];
  for (const [m, k, n] of shapes) {
    it(`match the naive triple loop for m=${m} k=${k} n=${n}`, () => {
      const rng = new Rng(m * 1000 + k * 10 + n);
      const A = rand(m * k, rng), B = rand(k * n, rng);
      const C = new Float64Array(m * n);
      matmul(m, k, n, A, B, C);
      for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) {
        let s = 0;
        for (let p = 0; p < k; p++) s += A[i * k + p] * B[p * n + j];
        expect(C[i * n + j]).toBeCloseTo(s, 12);
      }
      // A^T * D with D m x n -> k x n, accumulated on top of ones
      const D = rand(m * n, rng);
      const E = new Float64Array(k * n).fill(1);
      matmulTA(m, k, n, A, D, E, true);
      for (let p = 0; p < k; p++) for (let j = 0; j < n; j++) {
        let s = 1;
        for (let i = 0; i < m; i++) s += A[i * k + p] * D[i * n + j];
        expect(E[p * n + j]).toBeCloseTo(s, 12);
      }
      // D * B^T -> m x k
      const F = new Float64Array(m * k);
      matmulTB(m, n, k, D, B, F);
      for (let i = 0; i < m; i++) for (let p = 0; p < k; p++) {
        let s = 0;
        for (let j = 0; j < n; j++) s += D[i * n + j] * B[p * n + j];
        expect(F[i * k + p]).toBeCloseTo(s, 12);
      }
    });
  }
});
