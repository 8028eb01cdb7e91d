import { describe, it, expect } from 'vitest';
import { gemmKernelFor, gemmStridedJs, matmul, matmulTA, matmulTB } from '../../src/nn/matmul.js';
import { wasmGemm } from '../../src/nn/wasm_gemm.js';
import { Rng } from '../../src/nn/rng.js';

function rand(n: number, rng: Rng): Float64Array {
  const a = new Float64Array(n);
  rng.fillNormal(a);
  return a;
}

describe('matmul kernels', () => {
  const shapes: [number, number, number][] = [
    [1, 1, 1],
    [3, 5, 7],
    [4, 4, 4],
    [9, 6, 13],
    [64, 100, 110],
  ];
  for (const [m, k, n] of shapes) {
    it(`match the naive triple loop for m=${m} k=${k} n=${n}`, () => {
      const rng = new Rng(m * 1000 + k * 10 + n);
      const A = rand(m * k, rng),
        B = rand(k * n, rng);
      const C = new Float64Array(m * n);
      matmul(m, k, n, A, B, C);
      for (let i = 0; i < m; i++)
        for (let j = 0; j < n; j++) {
          let s = 0;
          for (let p = 0; p < k; p++) s += A[i * k + p] * B[p * n + j];
          expect(C[i * n + j]).toBeCloseTo(s, 12);
        }
      // A^T * D with D m x n -> k x n, accumulated on top of ones
      const D = rand(m * n, rng);
      const E = new Float64Array(k * n).fill(1);
      matmulTA(m, k, n, A, D, E, true);
      for (let p = 0; p < k; p++)
        for (let j = 0; j < n; j++) {
          let s = 1;
          for (let i = 0; i < m; i++) s += A[i * k + p] * D[i * n + j];
          expect(E[p * n + j]).toBeCloseTo(s, 12);
        }
      // D * B^T -> m x k
      const F = new Float64Array(m * k);
      matmulTB(m, n, k, D, B, F);
      for (let i = 0; i < m; i++)
        for (let p = 0; p < k; p++) {
          let s = 0;
          for (let j = 0; j < n; j++) s += D[i * n + j] * B[p * n + j];
          expect(F[i * k + p]).toBeCloseTo(s, 12);
        }
    });
  }
});

describe('WebAssembly SIMD GEMM', () => {
  it("is available and gives the JavaScript kernel's bits for all three products, any shape, both modes", () => {
    expect(wasmGemm).not.toBeNull();
    expect(gemmKernelFor(64, 110, 100)).toBe('wasm');
    expect(gemmKernelFor(4, 4, 4)).toBe('js');
    const rng = new Rng(7);
    // leave NaN in the kernel's memory: padded blocks read past the operands, which must not matter
    const nan = new Float64Array(400 * 400).fill(NaN);
    wasmGemm!(300, 300, 300, nan, 300, 1, nan, 300, 1, new Float64Array(300 * 300), false);
    const shapes: [number, number, number][] = [
      [1, 1, 1],
      [3, 5, 7],
      [4, 4, 4],
      [9, 6, 13],
      [17, 33, 2],
      [64, 110, 100],
      [5, 1, 40],
      [300, 200, 300],
    ];
    for (const [m, k, n] of shapes) {
      const A = rand(m * k, rng),
        B = rand(k * n, rng),
        D = rand(m * n, rng);
      // (m, n, k, A, ai, ap, B, bp, bj) for A B, A^T D, D B^T
      const cases: [number, number, number, Float64Array, number, number, Float64Array, number, number][] = [
        [m, n, k, A, k, 1, B, n, 1],
        [k, n, m, A, 1, k, D, n, 1],
        [m, k, n, D, n, 1, B, 1, n],
      ];
      for (const [mm, nn, kk, X, xi, xp, Y, yp, yj] of cases) {
        for (const acc of [false, true]) {
          const c0 = rand(mm * nn, rng);
          const js = Float64Array.from(c0),
            wa = Float64Array.from(c0);
          gemmStridedJs(mm, nn, kk, X, xi, xp, Y, yp, yj, js, acc);
          expect(wasmGemm!(mm, nn, kk, X, xi, xp, Y, yp, yj, wa, acc)).toBe(true);
          for (let i = 0; i < js.length; i++)
            if (!Object.is(js[i], wa[i])) expect(`${mm}x${nn}x${kk} acc=${acc} [${i}]: ${wa[i]}`).toBe(`${js[i]}`);
        }
      }
    }
  });
});
