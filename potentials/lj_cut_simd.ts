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
 * version). The module is hand-assembled below, as src/nn/wasm_gemm.ts; ljSimd is null where the
 * runtime lacks WebAssembly SIMD.
 */
import { setFlagsFromString } from 'node:v8';
import { WIDE_SCALE } from '../src/branchless.js';

// ---- WebAssembly encodings (https://webassembly.github.io/spec/core/binary/) ----
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
  F64 = 0x7c,
  V128 = 0x7b;
const get = (l: number) => [0x20, ...uleb(l)],
  set = (l: number) => [0x21, ...uleb(l)];
const i32c = (v: number) => [0x41, ...sleb(v)];
const f64c = (v: number) => [0x44, ...new Uint8Array(Float64Array.of(v).buffer)];
const I32_ADD = [0x6a],
  I32_MUL = [0x6c],
  I32_GE_S = [0x4e];
const BLOCK = [0x02, 0x40],
  LOOP = [0x03, 0x40],
  IF = [0x04, 0x40],
  END = [0x0b],
  BR = (d: number) => [0x0c, d],
  BR_IF = (d: number) => [0x0d, d];
const I32_LOAD = (off: number) => [0x28, 2, ...uleb(off)];
const F64_LOAD = (off: number) => [0x2b, 3, ...uleb(off)],
  F64_STORE = (off: number) => [0x39, 3, ...uleb(off)];
const F64_ADD = [0xa0],
  F64_SUB = [0xa1];
const simd = (op: number) => [0xfd, ...uleb(op)];
const LOAD64_SPLAT = (off: number) => [...simd(0x0a), 3, ...uleb(off)];
const LOAD64_LANE = (off: number, lane: number) => [...simd(0x57), 3, ...uleb(off), lane];
const EXTRACT = (lane: number) => [...simd(0x21), lane];
const SPLAT = simd(0x14),
  VADD = simd(0xf0),
  VSUB = simd(0xf1),
  VMUL = simd(0xf2),
  VDIV = simd(0xf3),
  VFLOOR = simd(0x75);

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
  const code: number[] = [];
  const e = (...parts: number[][]) => {
    for (const p of parts) code.push(...p);
  };
  const splatParam = (p: number, v: number) => e(get(p), SPLAT, set(v));
  splatParam(P_CUT, VCUT);
  splatParam(P_LJ1, VLJ1);
  splatParam(P_LJ2, VLJ2);
  splatParam(P_LJ3, VLJ3);
  splatParam(P_LJ4, VLJ4);
  splatParam(P_OFF, VOFF);
  e(f64c(WIDE_SCALE), SPLAT, set(VSCALE), f64c(1), SPLAT, set(VONE), f64c(0), SPLAT, set(VZERO));
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
      e(get(P_X), get(J0), I32_ADD, LOAD64_SPLAT(8 * c)); // j0's in both lanes
      e(LOAD64_LANE(8 * c, 1)); // j1's into lane 1
      e(set(dv), get(vi), get(dv), VSUB, set(dv)); // d = xi - xj
    }
    // rsq = (dx dx + dy dy) + dz dz
    e(get(DX), get(DX), VMUL, get(DY), get(DY), VMUL, VADD, get(DZ), get(DZ), VMUL, VADD, set(RSQ));
    // mask = 0 - floor((rsq - cutsq) * 2^-600)
    e(get(VZERO), get(RSQ), get(VCUT), VSUB, get(VSCALE), VMUL, VFLOOR, VSUB, set(IN));
    // r2inv = 1 / rsq; r6inv = (r2inv r2inv) r2inv
    e(get(VONE), get(RSQ), VDIV, set(R2));
    e(get(R2), get(R2), VMUL, get(R2), VMUL, set(R6));
    // fpair = ((r6inv (lj1 r6inv - lj2)) r2inv) mask
    e(get(R6), get(VLJ1), get(R6), VMUL, get(VLJ2), VSUB, VMUL, get(R2), VMUL, get(IN), VMUL, set(FP));
    e(get(DX), get(FP), VMUL, set(FX), get(DY), get(FP), VMUL, set(FY), get(DZ), get(FP), VMUL, set(FZ));
    // energy lanes: (r6inv (lj3 r6inv - lj4) - offset) mask
    e(get(P_EFLAG), IF);
    e(get(R6), get(VLJ3), get(R6), VMUL, get(VLJ4), VSUB, VMUL, get(VOFF), VSUB, get(IN), VMUL, set(EV));
    for (let l = 0; l < lanes; l++) e(get(E), get(EV), EXTRACT(l), F64_ADD, set(E));
    e(END);
    for (let l = 0; l < lanes; l++) {
      const J = l === 0 ? J0 : J1;
      // fxi += fx; f[j] -= fx (per component), pair by pair
      for (const [acc, fv] of [
        [FXI, FX],
        [FYI, FY],
        [FZI, FZ],
      ] as const) {
        e(get(acc), get(fv), EXTRACT(l), F64_ADD, set(acc));
      }
      for (const [c, fv] of [
        [0, FX],
        [1, FY],
        [2, FZ],
      ] as const) {
        e(get(P_F), get(J), I32_ADD, get(P_F), get(J), I32_ADD, F64_LOAD(8 * c), get(fv), EXTRACT(l), F64_SUB);
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
    SPLAT,
    set(VXI),
    get(PI),
    F64_LOAD(8),
    SPLAT,
    set(VYI),
    get(PI),
    F64_LOAD(16),
    SPLAT,
    set(VZI),
  );
  e(f64c(0), set(FXI), f64c(0), set(FYI), f64c(0), set(FZI));
  e(get(P_FIRST), get(I), i32c(4), I32_MUL, I32_ADD, I32_LOAD(0), set(K));
  e(get(P_FIRST), get(I), i32c(4), I32_MUL, I32_ADD, I32_LOAD(4), set(KEND));
  e(BLOCK, LOOP); // pairs two at a time while k + 2 <= kend
  e(get(K), i32c(2), I32_ADD, get(KEND), [0x4a], BR_IF(1)); // k + 2 > kend: leave
  loadJ(J0, 0);
  loadJ(J1, 1);
  pairBody(2);
  e(get(K), i32c(2), I32_ADD, set(K), BR(0));
  e(END, END);
  // one pair left: both lanes hold it, lane 0 is applied
  e(get(K), get(KEND), [0x48], IF); // k < kend
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

  const locals = [
    [...uleb(6), I32],
    [...uleb(4), F64],
    [...uleb(24), V128],
  ];
  const body = [...vec(locals), ...code, ...END];
  const type = [0x60, ...vec([...Array(6).fill([I32]), ...Array(6).fill([F64]), [I32]]), ...vec([[F64]])];
  return new Uint8Array([
    0x00,
    0x61,
    0x73,
    0x6d,
    0x01,
    0x00,
    0x00,
    0x00,
    ...section(1, vec([type])),
    ...section(2, vec([[...name('env'), ...name('memory'), 0x02, 0x00, ...uleb(1)]])),
    ...section(3, vec([[0x00]])),
    ...section(7, vec([[...name('lj'), 0x00, 0x00]])),
    ...section(10, vec([[...uleb(body.length), ...body]])),
  ]);
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
  if (typeof WebAssembly === 'undefined') return null;
  const bytes = moduleBytes();
  if (!WebAssembly.validate(bytes)) return null;
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
    if (need > memory.buffer.byteLength) {
      memory.grow(Math.ceil((need - memory.buffer.byteLength) / 65536));
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

/**
 * Compile with V8's optimizing tier at once. By default V8 first runs new WebAssembly code from its
 * baseline compiler (Liftoff) and optimizes a function only after it has run for a while; this
 * kernel is one call per step, so a run spent its first ~20 steps in baseline code, 1.5x slower
 * (measured: 8-9 ms against 5.5-6 ms per call on the 32k LJ melt). The flag is process-wide:
 * it is set for this one compilation only (a module of ~1 kB) and restored.
 */
function optimizedModule(bytes: Uint8Array<ArrayBuffer>): WebAssembly.Module {
  try {
    setFlagsFromString('--no-liftoff');
    return new WebAssembly.Module(bytes);
  } finally {
    setFlagsFromString('--liftoff');
  }
}

/** The WebAssembly kernel of this thread, or null without WebAssembly SIMD. */
export const ljSimd: LjSimdKernel | null = build();
