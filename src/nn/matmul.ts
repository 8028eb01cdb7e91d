/**
 * Dense float64 matrix products on row-major Float64Arrays. One strided product serves the three a
 * dense layer needs:
 *   matmul      C(m x n)  = A(m x k)  * B(k x n)
 *   matmulTA    C(k x n)  = A(m x k)^T * B(m x n)     (weight gradient  x^T dy)
 *   matmulTB    C(m x k)  = A(m x n)  * B(k x n)^T    (input gradient  dy W^T)
 * With `accumulate` the product is added into C, otherwise C is overwritten.
 * Two kernels give the same bits (every C element summed from 0 over p in order, then stored or added
 * once): the WebAssembly SIMD kernel (wasm_gemm.ts) for products large enough to repay copying the
 * operands into its memory, and the JavaScript kernel (register-blocked 4x4, allocation-free) otherwise,
 * or everywhere when DPMD_GEMM=js (for comparisons) or without WebAssembly SIMD.
 */
import { wasmGemm } from './wasm_gemm.js';

/**
 * Smallest m*n*k for the WebAssembly kernel. Measured (time WebAssembly / JavaScript, copies included):
 * 0.27 for 64x100x110, 0.26-0.37 for 64 rows with k, n in 4..48, 0.5 for 1024x1x24, but 0.8-3 below
 * ~500 multiply-adds, where the call and the copies dominate.
 */
const WASM_MIN_WORK = 4096;
const wasm = typeof process !== 'undefined' && process.env?.DPMD_GEMM === 'js' ? null : wasmGemm;

/** Which kernel products of this shape use ('wasm' or 'js'). */
export function gemmKernelFor(m: number, n: number, k: number): 'wasm' | 'js' {
  return wasm !== null && m * n * k >= WASM_MIN_WORK ? 'wasm' : 'js';
}

/**
 * C[i*n + j] (+)= sum_p A[i*ai + p*ap] * B[p*bp + j*bj], i < m, j < n, p < k. C is m x n row-major.
 */
export function gemmStrided(
  m: number,
  n: number,
  k: number,
  A: Float64Array,
  ai: number,
  ap: number,
  B: Float64Array,
  bp: number,
  bj: number,
  C: Float64Array,
  accumulate: boolean,
): void {
  if (wasm !== null && m * n * k >= WASM_MIN_WORK && wasm(m, n, k, A, ai, ap, B, bp, bj, C, accumulate)) return;
  gemmStridedJs(m, n, k, A, ai, ap, B, bp, bj, C, accumulate);
}

/** gemmStrided by the JavaScript kernel: 4x4 register blocks (16 accumulators). */
export function gemmStridedJs(
  m: number,
  n: number,
  k: number,
  A: Float64Array,
  ai: number,
  ap: number,
  B: Float64Array,
  bp: number,
  bj: number,
  C: Float64Array,
  accumulate: boolean,
): void {
  const m4 = m - (m % 4);
  const n4 = n - (n % 4);
  for (let i = 0; i < m4; i += 4) {
    const a0 = i * ai,
      a1 = a0 + ai,
      a2 = a1 + ai,
      a3 = a2 + ai;
    for (let j = 0; j < n4; j += 4) {
      let c00 = 0,
        c01 = 0,
        c02 = 0,
        c03 = 0;
      let c10 = 0,
        c11 = 0,
        c12 = 0,
        c13 = 0;
      let c20 = 0,
        c21 = 0,
        c22 = 0,
        c23 = 0;
      let c30 = 0,
        c31 = 0,
        c32 = 0,
        c33 = 0;
      let pa = 0;
      let pb = j * bj;
      for (let p = 0; p < k; p++) {
        const x0 = A[a0 + pa],
          x1 = A[a1 + pa],
          x2 = A[a2 + pa],
          x3 = A[a3 + pa];
        const y0 = B[pb],
          y1 = B[pb + bj],
          y2 = B[pb + 2 * bj],
          y3 = B[pb + 3 * bj];
        c00 += x0 * y0;
        c01 += x0 * y1;
        c02 += x0 * y2;
        c03 += x0 * y3;
        c10 += x1 * y0;
        c11 += x1 * y1;
        c12 += x1 * y2;
        c13 += x1 * y3;
        c20 += x2 * y0;
        c21 += x2 * y1;
        c22 += x2 * y2;
        c23 += x2 * y3;
        c30 += x3 * y0;
        c31 += x3 * y1;
        c32 += x3 * y2;
        c33 += x3 * y3;
        pa += ap;
        pb += bp;
      }
      const r0 = i * n + j,
        r1 = r0 + n,
        r2 = r1 + n,
        r3 = r2 + n;
      if (accumulate) {
        C[r0] += c00;
        C[r0 + 1] += c01;
        C[r0 + 2] += c02;
        C[r0 + 3] += c03;
        C[r1] += c10;
        C[r1 + 1] += c11;
        C[r1 + 2] += c12;
        C[r1 + 3] += c13;
        C[r2] += c20;
        C[r2 + 1] += c21;
        C[r2 + 2] += c22;
        C[r2 + 3] += c23;
        C[r3] += c30;
        C[r3 + 1] += c31;
        C[r3 + 2] += c32;
        C[r3 + 3] += c33;
      } else {
        C[r0] = c00;
        C[r0 + 1] = c01;
        C[r0 + 2] = c02;
        C[r0 + 3] = c03;
        C[r1] = c10;
        C[r1 + 1] = c11;
        C[r1 + 2] = c12;
        C[r1 + 3] = c13;
        C[r2] = c20;
        C[r2 + 1] = c21;
        C[r2 + 2] = c22;
        C[r2 + 3] = c23;
        C[r3] = c30;
        C[r3 + 1] = c31;
        C[r3 + 2] = c32;
        C[r3 + 3] = c33;
      }
    }
    // remaining columns
    for (let j = n4; j < n; j++) {
      let c0 = 0,
        c1 = 0,
        c2 = 0,
        c3 = 0;
      let pa = 0;
      let pb = j * bj;
      for (let p = 0; p < k; p++) {
        const y = B[pb];
        c0 += A[a0 + pa] * y;
        c1 += A[a1 + pa] * y;
        c2 += A[a2 + pa] * y;
        c3 += A[a3 + pa] * y;
        pa += ap;
        pb += bp;
      }
      const r0 = i * n + j;
      if (accumulate) {
        C[r0] += c0;
        C[r0 + n] += c1;
        C[r0 + 2 * n] += c2;
        C[r0 + 3 * n] += c3;
      } else {
        C[r0] = c0;
        C[r0 + n] = c1;
        C[r0 + 2 * n] = c2;
        C[r0 + 3 * n] = c3;
      }
    }
  }
  // remaining rows
  for (let i = m4; i < m; i++) {
    const a0 = i * ai;
    for (let j = 0; j < n; j++) {
      let c = 0;
      let pa = a0;
      let pb = j * bj;
      for (let p = 0; p < k; p++) {
        c += A[pa] * B[pb];
        pa += ap;
        pb += bp;
      }
      if (accumulate) C[i * n + j] += c;
      else C[i * n + j] = c;
    }
  }
}

/** C(m x n) (+)= A(m x k) * B(k x n). */
export function matmul(
  m: number,
  k: number,
  n: number,
  A: Float64Array,
  B: Float64Array,
  C: Float64Array,
  accumulate = false,
): void {
  gemmStrided(m, n, k, A, k, 1, B, n, 1, C, accumulate);
}

/** C(k x n) (+)= A(m x k)^T * B(m x n). */
export function matmulTA(
  m: number,
  k: number,
  n: number,
  A: Float64Array,
  B: Float64Array,
  C: Float64Array,
  accumulate = false,
): void {
  gemmStrided(k, n, m, A, 1, k, B, n, 1, C, accumulate);
}

/** C(m x k) (+)= A(m x n) * B(k x n)^T. */
export function matmulTB(
  m: number,
  n: number,
  k: number,
  A: Float64Array,
  B: Float64Array,
  C: Float64Array,
  accumulate = false,
): void {
  gemmStrided(m, k, n, A, n, 1, B, 1, n, C, accumulate);
}
