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
 * 4x4 blocks into a padded scratch and compacted back. The module is hand-assembled below (no
 * toolchain needed); wasmGemm is null where the runtime lacks WebAssembly SIMD.
 */

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

// ---- a few WebAssembly encodings (https://webassembly.github.io/spec/core/binary/) ----
function uleb(n: number): number[] {
  const o: number[] = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n) b |= 0x80;
    o.push(b);
  } while (n);
  return o;
}
function sleb(n: number): number[] {
  const o: number[] = [];
  for (;;) {
    const b = n & 0x7f;
    n >>= 7;
    if ((n === 0 && !(b & 0x40)) || (n === -1 && b & 0x40)) return [...o, b];
    o.push(b | 0x80);
  }
}
const vec = (items: number[][]): number[] => [...uleb(items.length), ...items.flat()];
const section = (id: number, body: number[]): number[] => [id, ...uleb(body.length), ...body];
const name = (s: string): number[] => [...uleb(s.length), ...Array.from(s, (c) => c.charCodeAt(0))];
const I32 = 0x7f,
  V128 = 0x7b;
const get = (l: number) => [0x20, ...uleb(l)],
  set = (l: number) => [0x21, ...uleb(l)],
  tee = (l: number) => [0x22, ...uleb(l)];
const i32 = (v: number) => [0x41, ...sleb(v)];
const ADD = [0x6a],
  MUL = [0x6c],
  LT_S = [0x48];
const LOOP = [0x03, 0x40],
  END = [0x0b],
  BR_IF0 = [0x0d, 0x00],
  IF_V128 = [0x04, 0x7b],
  ELSE = [0x05];
const simd = (op: number) => [0xfd, ...uleb(op)];
const F64_LOAD = [0x2b, 3, 0],
  F64_STORE = [0x39, 3, 0];
const V128_LOAD = (offset: number) => [...simd(0x00), 3, ...uleb(offset)];
const V128_STORE = (offset: number) => [...simd(0x0b), 3, ...uleb(offset)];
const LOAD64_SPLAT = [...simd(0x0a), 3, 0];
const V128_ZERO = [...simd(0x0c), ...new Array<number>(16).fill(0)];
const F64X2_ADD = simd(0xf0),
  F64X2_MUL = simd(0xf2);

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
    const code: number[] = [];
    const e = (...parts: number[][]) => {
      for (const p of parts) code.push(...p);
    };
    e(i32(0), set(I), LOOP);
    e(i32(0), set(J), LOOP);
    for (let r = 0; r < 8; r++) e(V128_ZERO, set(ACC + r));
    // PA+r = &A[i+r][0], PB = &B[0][j]
    e(get(A), get(I), get(AI), MUL, ADD, set(PA));
    for (let r = 1; r < 4; r++) e(get(PA + r - 1), get(AI), ADD, set(PA + r));
    e(get(B), get(J), i32(8), MUL, ADD, set(PB));
    e(i32(0), set(P), LOOP);
    e(get(PB), V128_LOAD(0), set(Y0), get(PB), V128_LOAD(16), set(Y1));
    for (let r = 0; r < 4; r++) {
      // acc[r] += splat(A[i+r][p]) * B[p][j..j+3], one rounding per multiply and per add
      e(get(PA + r), LOAD64_SPLAT, set(X)); // one load-and-duplicate (movddup) instead of a load and a splat
      e(get(ACC + 2 * r), get(X), get(Y0), F64X2_MUL, F64X2_ADD, set(ACC + 2 * r));
      e(get(ACC + 2 * r + 1), get(X), get(Y1), F64X2_MUL, F64X2_ADD, set(ACC + 2 * r + 1));
      e(get(PA + r), get(AP), ADD, set(PA + r));
    }
    e(get(PB), get(BP), ADD, set(PB));
    e(get(P), i32(1), ADD, tee(P), get(K), LT_S, BR_IF0);
    e(END);
    for (let r = 0; r < 4; r++) {
      e(get(C), get(I), i32(r), ADD, get(LDC), MUL, ADD, get(J), i32(8), MUL, ADD, set(PC)); // &C[i+r][j]
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
    e(get(J), i32(4), ADD, tee(J), get(N4), LT_S, BR_IF0);
    e(END);
    e(get(I), i32(4), ADD, tee(I), get(M4), LT_S, BR_IF0);
    e(END, END);
    return [
      ...vec([
        [...uleb(9), I32],
        [...uleb(11), V128],
      ]),
      ...code,
    ];
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
    const code: number[] = [];
    const e = (...parts: number[][]) => {
      for (const p of parts) code.push(...p);
    };
    e(i32(0), set(R), LOOP);
    e(
      get(SRC),
      get(R),
      get(RS),
      MUL,
      ADD,
      set(PS),
      get(DST),
      get(R),
      get(DRS),
      MUL,
      ADD,
      set(PD),
      i32(0),
      set(Cc),
      LOOP,
    );
    e(get(PD), get(PS), F64_LOAD, F64_STORE);
    e(get(PD), i32(8), ADD, set(PD), get(PS), get(CS), ADD, set(PS));
    e(get(Cc), i32(1), ADD, tee(Cc), get(COLS), LT_S, BR_IF0);
    e(END);
    e(get(R), i32(1), ADD, tee(R), get(ROWS), LT_S, BR_IF0);
    e(END, END);
    return [...vec([[...uleb(4), I32]]), ...code];
  })();
  const params = (n: number) => [0x60, ...vec(Array.from({ length: n }, () => [I32])), 0x00];
  return new Uint8Array([
    0x00,
    0x61,
    0x73,
    0x6d,
    0x01,
    0x00,
    0x00,
    0x00, // magic, version 1
    ...section(1, vec([params(11), params(7)])), // types: gemm, pack (i32 params, no results)
    ...section(2, vec([[...name('env'), ...name('memory'), 0x02, 0x00, ...uleb(1)]])), // import memory, min 1 page
    ...section(3, vec([[0x00], [0x01]])),
    ...section(
      7,
      vec([
        [...name('gemm'), 0x00, 0x00],
        [...name('pack'), 0x00, 0x01],
      ]),
    ),
    ...section(
      10,
      vec([
        [...uleb(gemm.length), ...gemm],
        [...uleb(pack.length), ...pack],
      ]),
    ),
  ]);
}

function build(): GemmKernel | null {
  if (typeof WebAssembly === 'undefined') return null;
  const bytes = moduleBytes();
  if (!WebAssembly.validate(bytes)) return null; // no SIMD
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
    if (need > memory.buffer.byteLength) {
      memory.grow(Math.ceil((need - memory.buffer.byteLength) / 65536));
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
