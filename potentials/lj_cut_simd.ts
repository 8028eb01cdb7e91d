/**
 * The single-type lj/cut force loop of lj_cut_kernel.ts (ljHalfForcesSingle) as a WebAssembly SIMD
 * kernel: two list entries per f64x2 operation, no bounds checks. Same results, bit for bit:
 *
 * - every pair is evaluated with the same IEEE operations in the same order as the JavaScript loop
 *   (dx = xi - xj, rsq = (dx dx + dy dy) + dz dz, the mask 0 - floor((rsq - cutsq) 2^-600), r2inv =
 *   1/rsq, r6inv = (r2inv r2inv) r2inv, fpair = ((r6inv (lj1 r6inv - lj2)) r2inv) mask); SIMD runs two
 *   pairs side by side, which changes nothing per pair, and WebAssembly never contracts to FMA;
 * - the sums keep their order: atom i's force and the energy take pair k's lane, then pair k+1's
 *   (scalar adds), and f[j] -= F_ij is applied pair by pair in list order.
 *
 * The module's memory is private to the calling thread (each worker instantiates its own): per call
 * the extended coordinates and the force accumulator are copied in (native copies), the force
 * accumulator back out; the list rows of the slice are copied only when the list changed (its
 * version). The module is hand-assembled below from the encodings of src/wasm_encoding.ts, as
 * src/nn/wasm_gemm.ts; ljSimd is null where the runtime lacks WebAssembly SIMD.
 */
import { WIDE_SCALE } from '../src/branchless.js';
import {
  BLOCK,
  BR,
  BR_IF,
  codeEmitter,
  END,
  F64,
  F64_ADD,
  F64_LOAD,
  F64_STORE,
  F64_SUB,
  F64X2_ADD,
  F64X2_DIV,
  F64X2_EXTRACT_LANE,
  F64X2_FLOOR,
  F64X2_MUL,
  F64X2_SPLAT,
  F64X2_SUB,
  f64c,
  funcBody,
  funcType,
  get,
  growMemory,
  I32,
  I32_ADD,
  I32_GE_S,
  I32_GT_S,
  I32_LOAD,
  I32_LT_S,
  I32_MUL,
  i32c,
  IF,
  LOOP,
  memoryImportingModule,
  optimizedModule,
  set,
  V128,
  V128_LOAD64_LANE,
  V128_LOAD64_SPLAT,
  wasmAccepts,
} from '../src/wasm_encoding.js';

/**
 * lj(i0, i1, pFirst, pList, pX, pF, cutsq, lj1, lj2, lj3, lj4, off, eflag) -> energy: the loop of
 * ljHalfForcesSingle over rows i0 <= i < i1 with byte addresses pFirst + 4i (CSR offsets),
 * pList + 4k (neighbor indices), pX + 24j (coordinates), pF + 24j (forces, added to).
 */
function moduleBytes(): Uint8Array<ArrayBuffer> {
  // parameters
  const P_I0 = 0,
    P_I1 = 1,
    P_FIRST = 2,
    P_LIST = 3,
    P_X = 4,
    P_F = 5,
    P_CUT = 6,
    P_LJ1 = 7,
    P_LJ2 = 8,
    P_LJ3 = 9,
    P_LJ4 = 10,
    P_OFF = 11,
    P_EFLAG = 12;
  // i32 locals
  const I = 13,
    K = 14,
    KEND = 15,
    J0 = 16,
    J1 = 17,
    PI = 18;
  // f64 locals
  const FXI = 19,
    FYI = 20,
    FZI = 21,
    E = 22;
  // v128 locals
  const VXI = 23,
    VYI = 24,
    VZI = 25,
    DX = 26,
    DY = 27,
    DZ = 28,
    RSQ = 29,
    IN = 30,
    R2 = 31,
    R6 = 32,
    FP = 33,
    VCUT = 34,
    VLJ1 = 35,
    VLJ2 = 36,
    VLJ3 = 37,
    VLJ4 = 38,
    VOFF = 39,
    VSCALE = 40,
    VONE = 41,
    VZERO = 42,
    FX = 43,
    FY = 44,
    FZ = 45,
    EV = 46;
  const { code, e } = codeEmitter();
  const splatParam = (p: number, v: number) => e(get(p), F64X2_SPLAT, set(v));
  splatParam(P_CUT, VCUT);
  splatParam(P_LJ1, VLJ1);
  splatParam(P_LJ2, VLJ2);
  splatParam(P_LJ3, VLJ3);
  splatParam(P_LJ4, VLJ4);
  splatParam(P_OFF, VOFF);
  e(f64c(WIDE_SCALE), F64X2_SPLAT, set(VSCALE), f64c(1), F64X2_SPLAT, set(VONE), f64c(0), F64X2_SPLAT, set(VZERO));
  e(f64c(0), set(E));

  /** Pairs (J0, J1) (byte offsets 24 j) in lanes 0 and 1; lanes: how many to apply. */
  const pairBody = (lanes: 1 | 2) => {
    // load_lane takes (address, vector): build xj first, then subtract from xi.
    for (const [c, vi, dv] of [
      [0, VXI, DX],
      [1, VYI, DY],
      [2, VZI, DZ],
    ] as const) {
      e(get(P_X), get(J1), I32_ADD); // address of j1's coordinate (lane 1)
      e(get(P_X), get(J0), I32_ADD, V128_LOAD64_SPLAT(8 * c)); // j0's in both lanes
      e(V128_LOAD64_LANE(8 * c, 1)); // j1's into lane 1
      e(set(dv), get(vi), get(dv), F64X2_SUB, set(dv)); // d = xi - xj
    }
    // rsq = (dx dx + dy dy) + dz dz
    e(
      get(DX),
      get(DX),
      F64X2_MUL,
      get(DY),
      get(DY),
      F64X2_MUL,
      F64X2_ADD,
      get(DZ),
      get(DZ),
      F64X2_MUL,
      F64X2_ADD,
      set(RSQ),
    );
    // mask = 0 - floor((rsq - cutsq) * 2^-600)
    e(get(VZERO), get(RSQ), get(VCUT), F64X2_SUB, get(VSCALE), F64X2_MUL, F64X2_FLOOR, F64X2_SUB, set(IN));
    // r2inv = 1 / rsq; r6inv = (r2inv r2inv) r2inv
    e(get(VONE), get(RSQ), F64X2_DIV, set(R2));
    e(get(R2), get(R2), F64X2_MUL, get(R2), F64X2_MUL, set(R6));
    // fpair = ((r6inv (lj1 r6inv - lj2)) r2inv) mask
    e(
      get(R6),
      get(VLJ1),
      get(R6),
      F64X2_MUL,
      get(VLJ2),
      F64X2_SUB,
      F64X2_MUL,
      get(R2),
      F64X2_MUL,
      get(IN),
      F64X2_MUL,
      set(FP),
    );
    e(get(DX), get(FP), F64X2_MUL, set(FX), get(DY), get(FP), F64X2_MUL, set(FY), get(DZ), get(FP), F64X2_MUL, set(FZ));
    // energy lanes: (r6inv (lj3 r6inv - lj4) - offset) mask
    e(get(P_EFLAG), IF);
    e(
      get(R6),
      get(VLJ3),
      get(R6),
      F64X2_MUL,
      get(VLJ4),
      F64X2_SUB,
      F64X2_MUL,
      get(VOFF),
      F64X2_SUB,
      get(IN),
      F64X2_MUL,
      set(EV),
    );
    for (let l = 0; l < lanes; l++) e(get(E), get(EV), F64X2_EXTRACT_LANE(l), F64_ADD, set(E));
    e(END);
    for (let l = 0; l < lanes; l++) {
      const J = l === 0 ? J0 : J1;
      // fxi += fx; f[j] -= fx (per component), pair by pair
      for (const [acc, fv] of [
        [FXI, FX],
        [FYI, FY],
        [FZI, FZ],
      ] as const) {
        e(get(acc), get(fv), F64X2_EXTRACT_LANE(l), F64_ADD, set(acc));
      }
      for (const [c, fv] of [
        [0, FX],
        [1, FY],
        [2, FZ],
      ] as const) {
        e(
          get(P_F),
          get(J),
          I32_ADD,
          get(P_F),
          get(J),
          I32_ADD,
          F64_LOAD(8 * c),
          get(fv),
          F64X2_EXTRACT_LANE(l),
          F64_SUB,
        );
        e(F64_STORE(8 * c));
      }
    }
  };

  const loadJ = (dst: number, kOffset: number) =>
    e(get(P_LIST), get(K), i32c(4), I32_MUL, I32_ADD, I32_LOAD(4 * kOffset), i32c(24), I32_MUL, set(dst));

  e(get(P_I0), set(I));
  e(BLOCK, LOOP); // rows
  e(get(I), get(P_I1), I32_GE_S, BR_IF(1));
  e(get(P_X), get(I), i32c(24), I32_MUL, I32_ADD, set(PI));
  e(
    get(PI),
    F64_LOAD(0),
    F64X2_SPLAT,
    set(VXI),
    get(PI),
    F64_LOAD(8),
    F64X2_SPLAT,
    set(VYI),
    get(PI),
    F64_LOAD(16),
    F64X2_SPLAT,
    set(VZI),
  );
  e(f64c(0), set(FXI), f64c(0), set(FYI), f64c(0), set(FZI));
  e(get(P_FIRST), get(I), i32c(4), I32_MUL, I32_ADD, I32_LOAD(0), set(K));
  e(get(P_FIRST), get(I), i32c(4), I32_MUL, I32_ADD, I32_LOAD(4), set(KEND));
  e(BLOCK, LOOP); // pairs two at a time while k + 2 <= kend
  e(get(K), i32c(2), I32_ADD, get(KEND), I32_GT_S, BR_IF(1)); // k + 2 > kend: leave
  loadJ(J0, 0);
  loadJ(J1, 1);
  pairBody(2);
  e(get(K), i32c(2), I32_ADD, set(K), BR(0));
  e(END, END);
  // one pair left: both lanes hold it, lane 0 is applied
  e(get(K), get(KEND), I32_LT_S, IF); // k < kend
  loadJ(J0, 0);
  e(get(J0), set(J1));
  pairBody(1);
  e(END);
  // f[i] += fi
  e(get(P_F), get(I), i32c(24), I32_MUL, I32_ADD, set(PI));
  for (const [c, acc] of [
    [0, FXI],
    [1, FYI],
    [2, FZI],
  ] as const)
    e(get(PI), get(PI), F64_LOAD(8 * c), get(acc), F64_ADD, F64_STORE(8 * c));
  e(get(I), i32c(1), I32_ADD, set(I), BR(0));
  e(END, END);
  e(get(E));

  const body = funcBody(
    [
      [6, I32],
      [4, F64],
      [24, V128],
    ],
    [...code, ...END],
  );
  // (i32 x 6, f64 x 6, i32) -> f64
  const type = funcType([...new Array<number>(6).fill(I32), ...new Array<number>(6).fill(F64), I32], [F64]);
  return memoryImportingModule([type], [{ name: 'lj', type: 0, body }]);
}

type LjExport = (
  i0: number,
  i1: number,
  pFirst: number,
  pList: number,
  pX: number,
  pF: number,
  cutsq: number,
  lj1: number,
  lj2: number,
  lj3: number,
  lj4: number,
  off: number,
  eflag: number,
) => number;

/**
 * ljHalfForcesSingle's contract (lj_cut_kernel.ts) plus nall (extended atoms: x and f hold nall x 3)
 * and listVersion (NeighborList.version, or -1 when unknown: the rows are then copied every call).
 * Returns the energy, or null (having done nothing) when the system needs more than MAX_BYTES.
 */
export type LjSimdKernel = (
  x: Float64Array,
  first: Int32Array,
  list: Int32Array,
  listVersion: number,
  i0: number,
  i1: number,
  nall: number,
  f: Float64Array,
  cutsq: number,
  lj1: number,
  lj2: number,
  lj3: number,
  lj4: number,
  off: number,
  eflag: boolean,
) => number | null;

/** Largest module memory (bytes): larger systems use the JavaScript loop. */
const MAX_BYTES = 1 << 30;

function build(): LjSimdKernel | null {
  const bytes = moduleBytes();
  if (!wasmAccepts(bytes)) return null; // no WebAssembly SIMD
  const memory = new WebAssembly.Memory({ initial: 16 });
  const lj = new WebAssembly.Instance(optimizedModule(bytes), { env: { memory } }).exports.lj as LjExport;
  let f64 = new Float64Array(memory.buffer);
  let i32 = new Int32Array(memory.buffer);
  // Rows cached in the module's memory: which list, version and slice they are.
  let cList: Int32Array | null = null;
  let cVersion = -1,
    cI0 = -1,
    cI1 = -1,
    cK0 = -1,
    cK1 = -1;
  return (x, first, list, listVersion, i0, i1, nall, f, cutsq, lj1, lj2, lj3, lj4, off, eflag) => {
    if (i1 <= i0) return 0;
    const k0 = first[i0],
      k1 = first[i1];
    // Layout (8-byte units): x | f | first rows (i0..i1) | list rows (k0..k1)
    const n3 = 3 * nall;
    const xOff = 0,
      fOff = n3,
      firstOff = 2 * n3; // in 8-byte units; int32 index 2 * firstOff
    const firstInts = i1 - i0 + 1;
    const listOff = firstOff + Math.ceil(firstInts / 2);
    const need = 8 * (listOff + Math.ceil((k1 - k0) / 2) + 2);
    if (need > MAX_BYTES) return null;
    let fresh = false;
    if (growMemory(memory, need)) {
      f64 = new Float64Array(memory.buffer);
      i32 = new Int32Array(memory.buffer);
      fresh = true;
    }
    if (
      fresh ||
      listVersion < 0 ||
      list !== cList ||
      listVersion !== cVersion ||
      i0 !== cI0 ||
      i1 !== cI1 ||
      k0 !== cK0 ||
      k1 !== cK1
    ) {
      // The slice's rows moved: copy offsets (rebased on k0) and neighbor indices.
      const fi = 2 * firstOff;
      for (let i = i0; i <= i1; i++) i32[fi + i - i0] = first[i] - k0;
      i32.set(list.subarray(k0, k1), 2 * listOff);
      cList = list;
      cVersion = listVersion;
      cI0 = i0;
      cI1 = i1;
      cK0 = k0;
      cK1 = k1;
    }
    f64.set(x.subarray(0, n3), xOff);
    f64.set(f.subarray(0, n3), fOff);
    // Row i's offsets at pFirst + 4 i and neighbors at pList + 4 k: bases shifted by the slice start
    // (i32 arithmetic wraps, the sums land inside the copies).
    const pFirst = 8 * firstOff - 4 * i0,
      pList = 8 * listOff;
    const energy = lj(i0, i1, pFirst | 0, pList, 8 * xOff, 8 * fOff, cutsq, lj1, lj2, lj3, lj4, off, eflag ? 1 : 0);
    f.set(f64.subarray(fOff, fOff + n3));
    return energy;
  };
}

/** The WebAssembly kernel of this thread, or null without WebAssembly SIMD. */
export const ljSimd: LjSimdKernel | null = build();
