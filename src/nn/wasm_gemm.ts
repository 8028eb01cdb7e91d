/**
 * The GEMM of matmul.ts as a WebAssembly SIMD kernel: several times the throughput of the JavaScript
 * kernel for the network layer's shapes, with bit-identical results.
 *
 * Why identical: every C[i][j] is still accumulated from 0 over p = 0, 1, ..., k-1 in that order, one
 * rounded multiply and one rounded add per term (WebAssembly never contracts to FMA), then stored or
 * added to C once, exactly as gemmStrided. SIMD runs two such sums side by side (columns j, j+1 in
 * one f64x2), which changes nothing per element.
 *
 * Per product the spans of A, B (and C when accumulating) are copied into the module's memory (native
 * copies); A is read there with its own strides (scalar loads), B must have unit column stride and is
 * repacked in WebAssembly when it has not (the transposed operand of A B^T). C is computed in whole
 * 4x4 blocks into a padded scratch and compacted back. The module is hand-assembled below from the
 * encodings of src/wasm_encoding.ts (no toolchain needed); wasmGemm is null where the runtime lacks
 * WebAssembly SIMD.
 */

import {
  BR_IF,
  codeEmitter,
  ELSE,
  END,
  F64_LOAD,
  F64_STORE,
  F64X2_ADD,
  F64X2_MUL,
  funcBody,
  funcType,
  get,
  growMemory,
  I32,
  I32_ADD,
  I32_LT_S,
  I32_MUL,
  i32c,
  IF_V128,
  LOOP,
  memoryImportingModule,
  set,
  tee,
  V128,
  V128_LOAD,
  V128_LOAD64_SPLAT,
  V128_STORE,
  V128_ZERO,
  wasmAccepts,
} from '../wasm_encoding.js';

/**
 * C[i*n + j] (+)= sum_p A[i*ai + p*ap] * B[p*bp + j*bj], i < m, j < n, p < k (as gemmStrided), m, n, k >= 1.
 * Returns false, doing nothing, when the operands would need more than MAX_BYTES of module memory.
 */
export type GemmKernel = (
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
) => boolean;

/** Largest module memory the kernel grows to (larger products go to the JavaScript kernel). */
const MAX_BYTES = 1 << 30;

/**
 * Two functions over the imported memory (byte offsets, element strides given in bytes):
 *   gemm(m4, n4, k, a, ai, ap, b, bp, c, ldc, acc): for i < m4, j < n4 (multiples of 4), k >= 1:
 *     C[i*ldc + j] (+ if acc)= sum_p A[i*ai + p*ap] * B[p*bp + j]; 4x4 blocks of C in 8 f64x2
 *     accumulators, per p two loads of B's row and four splatted scalars of A (so A may be strided).
 *   pack(src, rows, cols, rs, cs, dst, drs): dst[r*drs + c] = src[r*rs + c*cs] (a transposed B made
 *     row-contiguous for gemm; C between its padded and its caller's layout).
 */
function moduleBytes(): Uint8Array<ArrayBuffer> {
  const gemm = (() => {
    const M4 = 0,
      N4 = 1,
      K = 2,
      A = 3,
      AI = 4,
      AP = 5,
      B = 6,
      BP = 7,
      C = 8,
      LDC = 9,
      ACCUM = 10;
    const I = 11,
      J = 12,
      P = 13,
      PA = 14,
      PB = 18,
      PC = 19;
    const ACC = 20,
      Y0 = 28,
      Y1 = 29,
      X = 30;
    const { code, e } = codeEmitter();
    e(i32c(0), set(I), LOOP);
    e(i32c(0), set(J), LOOP);
    for (let r = 0; r < 8; r++) e(V128_ZERO, set(ACC + r));
    // PA+r = &A[i+r][0], PB = &B[0][j]
    e(get(A), get(I), get(AI), I32_MUL, I32_ADD, set(PA));
    for (let r = 1; r < 4; r++) e(get(PA + r - 1), get(AI), I32_ADD, set(PA + r));
    e(get(B), get(J), i32c(8), I32_MUL, I32_ADD, set(PB));
    e(i32c(0), set(P), LOOP);
    e(get(PB), V128_LOAD(0), set(Y0), get(PB), V128_LOAD(16), set(Y1));
    for (let r = 0; r < 4; r++) {
      // acc[r] += splat(A[i+r][p]) * B[p][j..j+3], one rounding per multiply and per add
      e(get(PA + r), V128_LOAD64_SPLAT(0), set(X)); // one load-and-duplicate (movddup) instead of a load and a splat
      e(get(ACC + 2 * r), get(X), get(Y0), F64X2_MUL, F64X2_ADD, set(ACC + 2 * r));
      e(get(ACC + 2 * r + 1), get(X), get(Y1), F64X2_MUL, F64X2_ADD, set(ACC + 2 * r + 1));
      e(get(PA + r), get(AP), I32_ADD, set(PA + r));
    }
    e(get(PB), get(BP), I32_ADD, set(PB));
    e(get(P), i32c(1), I32_ADD, tee(P), get(K), I32_LT_S, BR_IF(0));
    e(END);
    for (let r = 0; r < 4; r++) {
      e(get(C), get(I), i32c(r), I32_ADD, get(LDC), I32_MUL, I32_ADD, get(J), i32c(8), I32_MUL, I32_ADD, set(PC)); // &C[i+r][j]
      for (let h = 0; h < 2; h++) {
        // C (+)= acc: the sum from 0 added to C once, as the JavaScript kernel
        e(
          get(PC),
          get(ACCUM),
          IF_V128,
          [...get(PC), ...V128_LOAD(16 * h), ...get(ACC + 2 * r + h), ...F64X2_ADD],
          ELSE,
          get(ACC + 2 * r + h),
          END,
          V128_STORE(16 * h),
        );
      }
    }
    e(get(J), i32c(4), I32_ADD, tee(J), get(N4), I32_LT_S, BR_IF(0));
    e(END);
    e(get(I), i32c(4), I32_ADD, tee(I), get(M4), I32_LT_S, BR_IF(0));
    e(END, END);
    return funcBody(
      [
        [9, I32],
        [11, V128],
      ],
      code,
    );
  })();
  const pack = (() => {
    const SRC = 0,
      ROWS = 1,
      COLS = 2,
      RS = 3,
      CS = 4,
      DST = 5,
      DRS = 6,
      R = 7,
      Cc = 8,
      PS = 9,
      PD = 10;
    const { code, e } = codeEmitter();
    e(i32c(0), set(R), LOOP);
    e(
      get(SRC),
      get(R),
      get(RS),
      I32_MUL,
      I32_ADD,
      set(PS),
      get(DST),
      get(R),
      get(DRS),
      I32_MUL,
      I32_ADD,
      set(PD),
      i32c(0),
      set(Cc),
      LOOP,
    );
    e(get(PD), get(PS), F64_LOAD(0), F64_STORE(0));
    e(get(PD), i32c(8), I32_ADD, set(PD), get(PS), get(CS), I32_ADD, set(PS));
    e(get(Cc), i32c(1), I32_ADD, tee(Cc), get(COLS), I32_LT_S, BR_IF(0));
    e(END);
    e(get(R), i32c(1), I32_ADD, tee(R), get(ROWS), I32_LT_S, BR_IF(0));
    e(END, END);
    return funcBody([[4, I32]], code);
  })();
  const params = (n: number) => funcType(new Array<number>(n).fill(I32), []); // i32 params, no results
  return memoryImportingModule(
    [params(11), params(7)],
    [
      { name: 'gemm', type: 0, body: gemm },
      { name: 'pack', type: 1, body: pack },
    ],
  );
}

function build(): GemmKernel | null {
  const bytes = moduleBytes();
  if (!wasmAccepts(bytes)) return null; // no WebAssembly SIMD
  const memory = new WebAssembly.Memory({ initial: 16 });
  const ex = new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { memory } }).exports;
  const gemm = ex.gemm as (
    m4: number,
    n4: number,
    k: number,
    a: number,
    ai: number,
    ap: number,
    b: number,
    bp: number,
    c: number,
    ldc: number,
    acc: number,
  ) => void;
  const pack = ex.pack as (
    src: number,
    rows: number,
    cols: number,
    rs: number,
    cs: number,
    dst: number,
    drs: number,
  ) => void;
  let heap = new Float64Array(memory.buffer);
  const up4 = (x: number) => (x + 3) & ~3; // also keeps every region 32-byte aligned

  return (m, n, k, A, ai, ap, B, bp, bj, C, accumulate) => {
    // gemm works on whole 4x4 blocks: the last block row reads up to 3 rows of A past the span of A,
    // the last block column up to 3 entries past a row of B (other data or stale values in this memory,
    // possibly not finite), which only reach entries of C's padded block that are not copied back.
    const m4 = up4(m),
      n4 = up4(n);
    const spanA = (m - 1) * ai + (k - 1) * ap + 1,
      spanB = (k - 1) * bp + (n - 1) * bj + 1;
    const packed = bj !== 1; // B^T: make its rows contiguous first
    const aBase = 0,
      bBase = up4(spanA + 3 * ai + 4),
      qBase = up4(bBase + spanB + 4);
    const cBase = up4(packed ? qBase + k * n + 4 : qBase); // m4 x n4 result
    const oBase = n4 === n ? cBase : cBase + m4 * n4; // m x n, the caller's layout
    const need = 8 * (oBase + m4 * n);
    if (need > MAX_BYTES) return false;
    if (growMemory(memory, need)) {
      heap = new Float64Array(memory.buffer);
    }
    heap.set(spanA === A.length ? A : A.subarray(0, spanA), aBase);
    heap.set(spanB === B.length ? B : B.subarray(0, spanB), bBase);
    if (packed) pack(8 * bBase, k, n, 8 * bp, 8 * bj, 8 * qBase, 8 * n);
    if (accumulate) {
      heap.set(m * n === C.length ? C : C.subarray(0, m * n), oBase);
      if (oBase !== cBase) pack(8 * oBase, m, n, 8 * n, 8, 8 * cBase, 8 * n4);
    }
    gemm(
      m4,
      n4,
      k,
      8 * aBase,
      8 * ai,
      8 * ap,
      8 * (packed ? qBase : bBase),
      8 * (packed ? n : bp),
      8 * cBase,
      8 * n4,
      accumulate ? 1 : 0,
    );
    if (oBase !== cBase) pack(8 * cBase, m, n, 8 * n4, 8, 8 * oBase, 8 * n);
    C.set(heap.subarray(oBase, oBase + m * n));
    return true;
  };
}

/** The WebAssembly kernel, or null without WebAssembly SIMD. */
export const wasmGemm: GemmKernel | null = build();
