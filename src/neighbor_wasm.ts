/**
 * The binning passes of NeighborList.build (bounding box, counting sort by bin: bboxWasm, binWasm)
 * and the candidate loop of neighborSlice (src/neighbor_kernel.ts) for a half list, with one uniform
 * cutoff (`half`: what the LJ and EAM decks build) or per-type-pair cutoffs (`halfTyped`), as
 * hand-assembled WebAssembly functions (scalar f64).
 *
 * Why: a list build runs once per ~20 steps, so V8 optimizes the JavaScript loop late: the first
 * builds of a run took 120–180 ms of CPU against 41–50 ms at steady state (32k LJ melt). This
 * module is compiled with V8's optimizing tier at once (optimizedModule) and each function called
 * once at import (V8 compiles functions lazily, at their first call), so the first build runs
 * optimized code (docs/md_performance.md, "WebAssembly neighbor candidate loop").
 *
 * Same list, entry for entry and in the same order: the same candidates in the same order (bins of
 * the stencil, atoms of each bin by sorted position), the same doubles (dx = xj - xi, rsq = (dx dx +
 * dy dy) + dz dz; WebAssembly never contracts to FMA), the same tests:
 * - the JavaScript masks are below(d, s) = 0 - floor(d s) (src/branchless.ts). For |d s| < 1, which
 *   holds for every candidate (within 1.5 list cutoffs per axis: -cmax <= rsq - csq < 7 cmax, |dz| <
 *   1.5 cut, scales 1/16 of the inverses of cmax, the largest squared cutoff), floor(d s) is -1
 *   exactly when d s < 0 and +-0 otherwise, so below(d, s) = (d s < 0) and the kernel computes
 *   f64.lt(d s, 0): the same 0/1 for every input, underflow of d s included (per-type cutoffs far
 *   below the largest too). With a uniform cutoff this is also exactly rsq < cutsq: d s underflows
 *   to zero only for d = 0 (rsq = cutsq, where both are 0), since for rsq != cutsq |d| is at least
 *   an ulp of min(rsq, cutsq)/2 or above cutsq/2, so |d s| >= 2^-58 for any cutsq a bin grid allows.
 * - the dz = 0 layer's (z, y, x) order test with the index tie rule, equal z (lattice planes) taking
 *   the branch as in JavaScript (f64.eq is ===, -0 equal to +0; coordinates are finite: the build
 *   checks them), and out[n] = sorted[p] written before n advances by the mask.
 * - the room rule: an atom is started only while n <= out.length - maxCand; offset[i+1] and the
 *   stop/n results are those of neighborSlice.
 *
 * Memory: one private module memory per thread (each worker instantiates this module). Per call the
 * sorted coordinates and indices, bin starts and stencil are copied in, with the slice's own
 * coordinates and bins; the slice's list entries and offsets are copied out (native copies, ~2 MB
 * for a 32k-atom system, well under 1 ms). The binning copies the coordinates and types in and its
 * five arrays out (the threaded build's workers and the JavaScript loops read them). With per-type
 * cutoffs the sorted types, the slice's types and the table are copied in too. Full lists keep the
 * JavaScript candidate loop (after the WebAssembly binning); NaN
 * coordinates (JavaScript's masks turn them into a NaN count), runtimes without WebAssembly,
 * DPMD_NEIGH_WASM=0 and systems needing more than 1 GiB of module memory keep the JavaScript build.
 */
import { neighborSlice } from './neighbor_kernel.js';
import {
  BLOCK,
  BR,
  BR_IF,
  codeEmitter,
  ELSE,
  END,
  F64,
  F64_ADD,
  F64_EQ,
  F64_FLOOR,
  F64_GT,
  F64_NE,
  F64_STORE,
  F64_LOAD,
  F64_LT,
  F64_MUL,
  F64_NEG,
  F64_SUB,
  f64c,
  funcBody,
  funcType,
  get,
  growMemory,
  I32,
  I32_ADD,
  I32_AND,
  I32_SUB,
  I32_TRUNC_F64_S,
  I32_EQZ,
  I32_GE_S,
  I32_GT_S,
  I32_LE_S,
  I32_LOAD,
  I32_MUL,
  I32_OR,
  I32_STORE,
  i32c,
  IF,
  LOOP,
  memoryImportingModule,
  optimizedModule,
  SELECT,
  set,
  tee,
  wasmAccepts,
} from './wasm_encoding.js';

/**
 * half(i0, i1, n0, cap, pX, pBin, pOff, pStart, pXs, pSorted, pStencil, nsSame, ns, pOut, pRes,
 * cutsq, scale, zscale): neighborSlice's half-list loop over atoms i0 <= i < i1 with byte addresses
 * pX + 24 i (atom i's coordinates), pBin + 4 i (its bin), pOff + 4 i (where offset[i+1] goes),
 * pStart + 4 b (bin starts), pXs + 24 p, pSorted + 4 p (sorted coordinates and atoms), pStencil + 4 t,
 * pOut + 4 n (list entries); writes stop and n at pRes.
 */
function halfFunction(typed: boolean): number[] {
  // parameters
  const P_I0 = 0,
    P_I1 = 1,
    P_N0 = 2,
    P_CAP = 3,
    P_X = 4,
    P_BIN = 5,
    P_OFF = 6,
    P_START = 7,
    P_XS = 8,
    P_SORTED = 9,
    P_STENCIL = 10,
    P_NSSAME = 11,
    P_NS = 12,
    P_OUT = 13,
    P_RES = 14,
    P_CUTSQ = 15,
    P_SCALE = 16,
    P_ZSCALE = 17;
  // typed only: pType + 4 i (type of atom i), pTs + 4 p (sorted types), pTcut + 8 k (squared
  // per-type-pair cutoffs, rows of tstride)
  const P_TYPE = 18,
    P_TS = 19,
    P_TCUT = 20,
    P_TSTRIDE = 21;
  const L = typed ? 4 : 0;
  // i32 locals
  const I = 18 + L,
    N = 19 + L,
    T = 20 + L,
    P = 21 + L,
    PEND = 22 + L,
    Q = 23 + L,
    J = 24 + L,
    BI = 25 + L,
    PB = 26 + L,
    TROW = 27 + L;
  // f64 locals
  const XI = 28 + L,
    YI = 29 + L,
    ZI = 30 + L,
    ZJ = 31 + L,
    DX = 32 + L,
    DY = 33 + L,
    DZ = 34 + L,
    RSQ = 35 + L,
    XJ = 36 + L,
    YJ = 37 + L,
    CSQ = 38 + L;
  const { code, e } = codeEmitter();
  /** P = start[b], PEND = start[b+1] for b = bi + stencil[t]. */
  const binRange = () => {
    e(get(P_START), get(BI), get(P_STENCIL), get(T), i32c(4), I32_MUL, I32_ADD, I32_LOAD(0), I32_ADD);
    e(i32c(4), I32_MUL, I32_ADD, set(PB));
    e(get(PB), I32_LOAD(0), set(P), get(PB), I32_LOAD(4), set(PEND));
  };
  /** Q = pXs + 24 p; DX, DY from xs; ZJ and DZ when withZ. */
  const candidate = () => {
    e(get(P_XS), get(P), i32c(24), I32_MUL, I32_ADD, set(Q));
    e(get(Q), F64_LOAD(16), set(ZJ));
    e(get(Q), F64_LOAD(0), get(XI), F64_SUB, set(DX));
    e(get(Q), F64_LOAD(8), get(YI), F64_SUB, set(DY));
    e(get(ZJ), get(ZI), F64_SUB, set(DZ));
    // csq = typeCutSq[trow + ts[p]]
    if (typed) e(get(P_TCUT), get(TROW), get(P_TS), get(P), i32c(4), I32_MUL, I32_ADD, I32_LOAD(0), I32_ADD);
    if (typed) e(i32c(8), I32_MUL, I32_ADD, F64_LOAD(0), set(CSQ));
  };
  /** The pair's squared cutoff on the stack. */
  const csq = () => e(get(typed ? CSQ : P_CUTSQ));
  /** rsq = (dx dx + dy dy) + dz dz on the stack. */
  const rsq = () =>
    e(get(DX), get(DX), F64_MUL, get(DY), get(DY), F64_MUL, F64_ADD, get(DZ), get(DZ), F64_MUL, F64_ADD);
  /** Address of out[n] on the stack. */
  const outAddr = () => e(get(P_OUT), get(N), i32c(4), I32_MUL, I32_ADD);
  /** sorted[p] on the stack. */
  const sortedP = () => e(get(P_SORTED), get(P), i32c(4), I32_MUL, I32_ADD, I32_LOAD(0));
  /** out[n] = sorted[p] (n then advances by the candidate's mask, as in JavaScript); n on the stack. */
  const storeCandidate = () => {
    outAddr();
    sortedP();
    e(I32_STORE(0));
    e(get(N));
  };
  /** below(rsq - cutsq, scale) as (rsq - cutsq) scale < 0, with rsq on the stack. */
  const belowCut = () => {
    csq();
    e(F64_SUB, get(P_SCALE), F64_MUL, f64c(0), F64_LT);
  };
  /**
   * The candidate loop over stencil entries t = from .. limit - 1 (the dz = 0 layer or the bins
   * above): for each atom p of bin bi + stencil[t], candidate() and then `perCandidate`.
   */
  const overStencil = (from: number[], limit: number, perCandidate: () => void) => {
    e(from, set(T));
    e(BLOCK, LOOP);
    e(get(T), get(limit), I32_GE_S, BR_IF(1));
    binRange();
    e(BLOCK, LOOP);
    e(get(P), get(PEND), I32_GE_S, BR_IF(1));
    candidate();
    perCandidate();
    e(get(P), i32c(1), I32_ADD, set(P), BR(0));
    e(END, END);
    e(get(T), i32c(1), I32_ADD, set(T), BR(0));
    e(END, END);
  };

  e(get(P_I0), set(I), get(P_N0), set(N));
  e(BLOCK, LOOP); // atoms
  e(get(I), get(P_I1), I32_GE_S, BR_IF(1));
  e(get(N), get(P_CAP), I32_GT_S, BR_IF(1)); // n > cap: no room for another atom
  e(get(P_X), get(I), i32c(24), I32_MUL, I32_ADD, set(Q));
  e(get(Q), F64_LOAD(0), set(XI), get(Q), F64_LOAD(8), set(YI), get(Q), F64_LOAD(16), set(ZI));
  e(get(P_BIN), get(I), i32c(4), I32_MUL, I32_ADD, I32_LOAD(0), set(BI));
  if (typed) e(get(P_TYPE), get(I), i32c(4), I32_MUL, I32_ADD, I32_LOAD(0), get(P_TSTRIDE), I32_MUL, set(TROW));

  // dz = 0 layer: stencil[0 .. nsSame)
  overStencil(i32c(0), P_NSSAME, () => {
    rsq();
    e(set(RSQ));
    e(get(ZJ), get(ZI), F64_EQ, IF);
    // Equal z: skip j when yj < yi || (yj == yi && (xj < xi || (xj == xi && j <= i))); else keep it
    // when rsq < cutsq.
    sortedP();
    e(set(J));
    e(get(Q), F64_LOAD(0), set(XJ), get(Q), F64_LOAD(8), set(YJ));
    e(get(YJ), get(YI), F64_LT);
    e(get(YJ), get(YI), F64_EQ);
    e(get(XJ), get(XI), F64_LT);
    e(get(XJ), get(XI), F64_EQ, get(J), get(I), I32_LE_S, I32_AND);
    e(I32_OR, I32_AND, I32_OR, I32_EQZ);
    e(get(RSQ));
    csq();
    e(F64_LT, I32_AND, IF);
    outAddr();
    e(get(J), I32_STORE(0));
    e(get(N), i32c(1), I32_ADD, set(N));
    e(END);
    e(ELSE);
    // out[n] = sorted[p]; n += below(-dz, zscale) * below(rsq - cutsq, scale)
    storeCandidate();
    e(get(DZ), F64_NEG, get(P_ZSCALE), F64_MUL, f64c(0), F64_LT);
    e(get(RSQ));
    belowCut();
    e(I32_AND, I32_ADD, set(N));
    e(END);
  });

  // Bins above: stencil[nsSame .. ns), every atom there is above i.
  overStencil(get(P_NSSAME), P_NS, () => {
    storeCandidate();
    rsq();
    belowCut();
    e(I32_ADD, set(N));
  });

  // offset[i+1] = n
  e(get(P_OFF), get(I), i32c(4), I32_MUL, I32_ADD, get(N), I32_STORE(0));
  e(get(I), i32c(1), I32_ADD, set(I), BR(0));
  e(END, END);
  e(get(P_RES), get(I), I32_STORE(0), get(P_RES), get(N), I32_STORE(4));

  return funcBody(
    [
      [10, I32],
      [11, F64],
    ],
    [...code, ...END],
  );
}

/**
 * bbox(pX, nall, pBox) -> bad: NeighborList's bounding-box loop over the nall atoms at pX + 24 k
 * (`if (a < xmin) xmin = a` as a select: the same ±0 and NaN behaviour), the six values at pBox;
 * bad = 1 when a coordinate is NaN (the caller then leaves the whole build to JavaScript).
 */
function bboxFunction(): number[] {
  const P_X = 0,
    P_N = 1,
    P_BOX = 2;
  const K = 3,
    Q = 4,
    BAD = 5;
  const A = 6,
    B = 7,
    C = 8,
    XMIN = 9,
    YMIN = 10,
    ZMIN = 11,
    XMAX = 12,
    YMAX = 13,
    ZMAX = 14;
  const { code, e } = codeEmitter();
  for (const v of [XMIN, YMIN, ZMIN]) e(f64c(Infinity), set(v));
  for (const v of [XMAX, YMAX, ZMAX]) e(f64c(-Infinity), set(v));
  e(i32c(0), set(K), i32c(0), set(BAD));
  e(BLOCK, LOOP);
  e(get(K), get(P_N), I32_GE_S, BR_IF(1));
  e(get(P_X), get(K), i32c(24), I32_MUL, I32_ADD, set(Q));
  e(get(Q), F64_LOAD(0), set(A), get(Q), F64_LOAD(8), set(B), get(Q), F64_LOAD(16), set(C));
  e(get(BAD), get(A), get(A), F64_NE, I32_OR, get(B), get(B), F64_NE, I32_OR, get(C), get(C), F64_NE, I32_OR, set(BAD));
  for (const [v, lo, hi] of [
    [A, XMIN, XMAX],
    [B, YMIN, YMAX],
    [C, ZMIN, ZMAX],
  ] as const) {
    e(get(v), get(lo), get(v), get(lo), F64_LT, SELECT, set(lo)); // lo = v < lo ? v : lo
    e(get(v), get(hi), get(v), get(hi), F64_GT, SELECT, set(hi)); // hi = v > hi ? v : hi
  }
  e(get(K), i32c(1), I32_ADD, set(K), BR(0));
  e(END, END);
  for (const [k, v] of [XMIN, YMIN, ZMIN, XMAX, YMAX, ZMAX].entries()) e(get(P_BOX), get(v), F64_STORE(8 * k));
  e(get(BAD));
  return funcBody(
    [
      [3, I32],
      [9, F64],
    ],
    [...code, ...END],
  );
}

/**
 * bin(pX, pType, nall, xmin, ymin, zmin, inv, nbx, nby, nbins, pBinOf, pStart, pSorted, pXs, pTs)
 * -> maxBin: NeighborList's counting sort by bin, pass for pass (start zeroed; bin of each atom,
 * floor((x - xmin) inv) exactly as Math.floor, the bin index in i32 as the doubles' exact integer
 * arithmetic below 2^31; counts to running ends with the largest count; the scatter in atom order;
 * ends shifted back to starts).
 */
function binFunction(): number[] {
  const P_X = 0,
    P_TYPE = 1,
    P_N = 2,
    P_XMIN = 3,
    P_YMIN = 4,
    P_ZMIN = 5,
    P_INV = 6,
    P_NBX = 7,
    P_NBY = 8,
    P_NBINS = 9,
    P_BINOF = 10,
    P_START = 11,
    P_SORTED = 12,
    P_XS = 13,
    P_TS = 14;
  const K = 15,
    Q = 16,
    B = 17,
    V = 18,
    MAXBIN = 19,
    PA = 20,
    R = 21;
  const { code, e } = codeEmitter();
  const loopUp = (counter: number, limit: number, body: () => void) => {
    e(i32c(0), set(counter), BLOCK, LOOP);
    e(get(counter), get(limit), I32_GE_S, BR_IF(1));
    body();
    e(get(counter), i32c(1), I32_ADD, set(counter), BR(0), END, END);
  };
  const startAddr = (b: () => void) => {
    e(get(P_START));
    b();
    e(i32c(4), I32_MUL, I32_ADD);
  };
  // start[0 .. nbins] = 0
  e(i32c(0), set(B), BLOCK, LOOP);
  e(get(B), get(P_NBINS), I32_GT_S, BR_IF(1));
  startAddr(() => e(get(B)));
  e(i32c(0), I32_STORE(0));
  e(get(B), i32c(1), I32_ADD, set(B), BR(0), END, END);
  // bin of each atom; start[b + 1]++
  loopUp(K, P_N, () => {
    e(get(P_X), get(K), i32c(24), I32_MUL, I32_ADD, set(Q));
    const cell = (off: number, lo: number) =>
      e(get(Q), F64_LOAD(off), get(lo), F64_SUB, get(P_INV), F64_MUL, F64_FLOOR, I32_TRUNC_F64_S);
    cell(16, P_ZMIN);
    e(get(P_NBY), I32_MUL);
    cell(8, P_YMIN);
    e(I32_ADD, get(P_NBX), I32_MUL);
    cell(0, P_XMIN);
    e(I32_ADD, set(B));
    e(get(P_BINOF), get(K), i32c(4), I32_MUL, I32_ADD, get(B), I32_STORE(0));
    startAddr(() => e(get(B)));
    e(tee(PA), get(PA), I32_LOAD(4), i32c(1), I32_ADD, I32_STORE(4));
  });
  // counts to running ends; maxBin
  e(i32c(0), set(MAXBIN));
  loopUp(B, P_NBINS, () => {
    startAddr(() => e(get(B)));
    e(set(PA));
    e(get(PA), I32_LOAD(4), set(V));
    e(get(V), get(MAXBIN), get(V), get(MAXBIN), I32_GT_S, SELECT, set(MAXBIN));
    e(get(PA), get(V), get(PA), I32_LOAD(0), I32_ADD, I32_STORE(4));
  });
  // scatter: p = start[binOf[k]]++; sorted[p] = k; xs[p] = x[k]; ts[p] = type[k]
  loopUp(K, P_N, () => {
    startAddr(() => e(get(P_BINOF), get(K), i32c(4), I32_MUL, I32_ADD, I32_LOAD(0)));
    e(tee(PA), I32_LOAD(0), set(R));
    e(get(PA), get(R), i32c(1), I32_ADD, I32_STORE(0));
    e(get(P_SORTED), get(R), i32c(4), I32_MUL, I32_ADD, get(K), I32_STORE(0));
    e(get(P_X), get(K), i32c(24), I32_MUL, I32_ADD, set(Q));
    e(get(P_XS), get(R), i32c(24), I32_MUL, I32_ADD, set(PA));
    for (const off of [0, 8, 16]) e(get(PA), get(Q), F64_LOAD(off), F64_STORE(off));
    e(get(P_TS), get(R), i32c(4), I32_MUL, I32_ADD, get(P_TYPE), get(K), i32c(4), I32_MUL, I32_ADD, I32_LOAD(0));
    e(I32_STORE(0));
  });
  // start[b] = start[b - 1] for b = nbins .. 1; start[0] = 0
  e(get(P_NBINS), set(B), BLOCK, LOOP);
  e(get(B), i32c(0), I32_LE_S, BR_IF(1));
  startAddr(() => e(get(B)));
  e(set(PA), get(PA), get(PA), i32c(4), I32_SUB, I32_LOAD(0), I32_STORE(0));
  e(get(B), i32c(1), I32_SUB, set(B), BR(0), END, END);
  e(get(P_START), i32c(0), I32_STORE(0));
  e(get(MAXBIN));
  return funcBody([[7, I32]], [...code, ...END]);
}

function moduleBytes(): Uint8Array<ArrayBuffer> {
  const i32s = (n: number) => new Array<number>(n).fill(I32);
  return memoryImportingModule(
    [
      funcType([...i32s(15), F64, F64, F64], []), // half
      funcType([...i32s(15), F64, F64, F64, ...i32s(4)], []), // halfTyped
      funcType(i32s(3), [I32]), // bbox
      funcType([I32, I32, I32, F64, F64, F64, F64, ...i32s(8)], [I32]), // bin
    ],
    [
      { name: 'half', type: 0, body: halfFunction(false) },
      { name: 'halfTyped', type: 1, body: halfFunction(true) },
      { name: 'bbox', type: 2, body: bboxFunction() },
      { name: 'bin', type: 3, body: binFunction() },
    ],
  );
}

type HalfExport = (
  i0: number,
  i1: number,
  n0: number,
  cap: number,
  pX: number,
  pBin: number,
  pOff: number,
  pStart: number,
  pXs: number,
  pSorted: number,
  pStencil: number,
  nsSame: number,
  ns: number,
  pOut: number,
  pRes: number,
  cutsq: number,
  scale: number,
  zscale: number,
  /** halfTyped only: pType, pTs, pTcut, tstride. */
  ...typed: number[]
) => void;

/** Largest module memory (bytes): larger systems use the JavaScript loop. */
const MAX_BYTES = 1 << 30;

/** Bytes rounded up to a multiple of 8 (keeps the f64 regions aligned). */
const up8 = (b: number) => Math.ceil(b / 8) * 8;

type BboxExport = (pX: number, nall: number, pBox: number) => number;
type BinExport = (
  pX: number,
  pType: number,
  nall: number,
  xmin: number,
  ymin: number,
  zmin: number,
  inv: number,
  nbx: number,
  nby: number,
  nbins: number,
  pBinOf: number,
  pStart: number,
  pSorted: number,
  pXs: number,
  pTs: number,
) => number;

/** This thread's instance: its functions and its memory with views that follow its growth. */
interface Instance {
  half: HalfExport;
  halfTyped: HalfExport;
  bbox: BboxExport;
  bin: BinExport;
  memory: WebAssembly.Memory;
  f64: Float64Array;
  i32: Int32Array;
}

function instantiate(): Instance | null {
  const bytes = moduleBytes();
  if (!wasmAccepts(bytes)) return null; // no WebAssembly
  const memory = new WebAssembly.Memory({ initial: 16 });
  const ex = new WebAssembly.Instance(optimizedModule(bytes), { env: { memory } }).exports;
  const inst: Instance = {
    half: ex.half as HalfExport,
    halfTyped: ex.halfTyped as HalfExport,
    bbox: ex.bbox as BboxExport,
    bin: ex.bin as BinExport,
    memory,
    f64: new Float64Array(memory.buffer),
    i32: new Int32Array(memory.buffer),
  };
  // V8 compiles a module's functions lazily, at their first call: call each once with no atoms so
  // that the compilation happens here, at import, not in the first build.
  inst.half(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1);
  inst.halfTyped(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 0, 0, 0, 1);
  inst.bbox(64, 0, 0);
  inst.bin(64, 64, 0, 0, 0, 0, 1, 1, 1, 0, 64, 64, 64, 64, 64);
  return inst;
}

/** This thread's instance of the module, or null without WebAssembly. */
const instance: Instance | null = instantiate();

/** Grow the memory to `need` bytes; false (nothing done) above MAX_BYTES. */
function reserve(w: Instance, need: number): boolean {
  if (need > MAX_BYTES) return false;
  if (growMemory(w.memory, need)) {
    w.f64 = new Float64Array(w.memory.buffer);
    w.i32 = new Int32Array(w.memory.buffer);
  }
  return true;
}

/**
 * The half-list build of one slice in w's module memory: neighborSlice's half-list contract (half
 * true; gtype, ts, typeCutSq and tstride as there, last) plus nall (sorted atoms: xs and sorted hold
 * nall entries) and nbins (start holds nbins + 1). Returns false, having done nothing, when the call
 * needs more than MAX_BYTES of module memory.
 */
function halfSliceWasm(
  w: Instance,
  x: Float64Array,
  binOf: Int32Array,
  start: Int32Array,
  nbins: number,
  sorted: Int32Array,
  xs: Float64Array,
  nall: number,
  stencil: Int32Array,
  nsSame: number,
  ns: number,
  cutsq: number,
  maxCand: number,
  i0: number,
  i1: number,
  offset: Int32Array,
  offsetBase: number,
  out: Int32Array,
  n0: number,
  res: Int32Array,
  resOff: number,
  gtype: Int32Array,
  ts: Int32Array,
  typeCutSq: Float64Array | null,
  tstride: number,
): boolean {
  const m = Math.max(0, i1 - i0);
  const outLen = Math.max(0, out.length - n0);
  const nt = typeCutSq === null ? 0 : typeCutSq.length;
  // Layout (bytes): table | xs | sorted | ts | start | stencil | x rows | bins | types | offsets |
  // out | res (table, ts and types only with per-type cutoffs)
  const bTcut = 0,
    bXs = 8 * nt,
    bSorted = bXs + 24 * nall,
    bTs = up8(bSorted + 4 * nall),
    bStart = up8(bTs + (nt > 0 ? 4 * nall : 0)),
    bStencil = up8(bStart + 4 * (nbins + 1)),
    bX = up8(bStencil + 4 * ns),
    bBin = bX + 24 * m,
    bType = up8(bBin + 4 * m),
    bOff = up8(bType + (nt > 0 ? 4 * m : 0)),
    bOut = up8(bOff + 4 * (m + 1)),
    bRes = up8(bOut + 4 * outLen);
  if (!reserve(w, bRes + 8)) return false;
  const f64 = w.f64,
    i32 = w.i32;
  f64.set(xs.subarray(0, 3 * nall), bXs / 8);
  i32.set(sorted.subarray(0, nall), bSorted / 4);
  i32.set(start.subarray(0, nbins + 1), bStart / 4);
  i32.set(stencil.subarray(0, ns), bStencil / 4);
  if (m > 0) {
    f64.set(x.subarray(3 * i0, 3 * i1), bX / 8);
    i32.set(binOf.subarray(i0, i1), bBin / 4);
  }
  // The scales of neighborSlice's below() masks, computed the same way.
  let cmax = cutsq;
  if (typeCutSq !== null) {
    for (let k = 0; k < nt; k++) cmax = Math.max(cmax, typeCutSq[k]);
    f64.set(typeCutSq, bTcut / 8);
    i32.set(ts.subarray(0, nall), bTs / 4);
    if (m > 0) i32.set(gtype.subarray(i0, i1), bType / 4);
  }
  const scale = 0.0625 / cmax,
    zscale = 0.0625 / Math.sqrt(cmax);
  // Row bases shifted by the slice start (i32 arithmetic wraps; the sums land inside the copies).
  (typeCutSq === null ? w.half : w.halfTyped)(
    i0,
    i1,
    n0,
    out.length - maxCand,
    (bX - 24 * i0) | 0,
    (bBin - 4 * i0) | 0,
    (bOff - 4 * i0) | 0,
    bStart,
    bXs,
    bSorted,
    bStencil,
    nsSame,
    ns,
    (bOut - 4 * n0) | 0,
    bRes,
    cutsq,
    scale,
    zscale,
    (bType - 4 * i0) | 0,
    bTs,
    bTcut,
    tstride,
  );
  const stop = i32[bRes / 4],
    n = i32[bRes / 4 + 1];
  if (n > n0) out.set(i32.subarray(bOut / 4, bOut / 4 + (n - n0)), n0);
  // offset[i+1] for i in [i0, stop): a native copy (a JavaScript loop here would run unoptimized
  // code in the first builds, the warm-up this module removes), shifted when offsetBase != 0.
  offset.set(i32.subarray(bOff / 4, bOff / 4 + (stop - i0)), i0 + 1);
  if (offsetBase !== 0) for (let i = i0; i < stop; i++) offset[i + 1] += offsetBase;
  res[resOff] = stop;
  res[resOff + 1] = n;
  return true;
}

/** Binning layout (bytes): box (48) | x | type | binOf | sorted | ts | xs | start. */
const B_X = 64;

/**
 * NeighborList's bounding-box loop over the nall atoms of x, into bb = (xmin, ymin, zmin, xmax,
 * ymax, zmax); leaves x in the module memory for binWasm. False (nothing written) without the
 * module, when a coordinate is NaN (the JavaScript loops then make the whole build: the candidate
 * loops' masks differ on NaN) or above 1 GiB.
 */
export function bboxWasm(x: Float64Array, nall: number, bb: Float64Array): boolean {
  if (instance === null || !reserve(instance, B_X + 24 * nall)) return false;
  instance.f64.set(x.subarray(0, 3 * nall), B_X / 8);
  if (instance.bbox(B_X, nall, 0) !== 0) return false;
  bb.set(instance.f64.subarray(0, 6));
  return true;
}

/**
 * NeighborList's counting sort by bin (after bboxWasm of the same x): fills binOf (nall), start
 * (nbins + 1: start of each bin), sorted, xs, ts as the JavaScript passes do, and returns the
 * largest bin count; -1 (nothing written) above 1 GiB.
 */
export function binWasm(
  type: Int32Array,
  nall: number,
  xmin: number,
  ymin: number,
  zmin: number,
  inv: number,
  nbx: number,
  nby: number,
  nbins: number,
  binOf: Int32Array,
  start: Int32Array,
  sorted: Int32Array,
  xs: Float64Array,
  ts: Int32Array,
): number {
  const bType = B_X + 24 * nall,
    bBinOf = up8(bType + 4 * nall),
    bSorted = up8(bBinOf + 4 * nall),
    bTs = up8(bSorted + 4 * nall),
    bXs = up8(bTs + 4 * nall),
    bStart = bXs + 24 * nall;
  if (instance === null || !reserve(instance, bStart + 4 * (nbins + 1))) return -1;
  const w = instance;
  w.i32.set(type.subarray(0, nall), bType / 4);
  const maxBin = w.bin(B_X, bType, nall, xmin, ymin, zmin, inv, nbx, nby, nbins, bBinOf, bStart, bSorted, bXs, bTs);
  binOf.set(w.i32.subarray(bBinOf / 4, bBinOf / 4 + nall));
  sorted.set(w.i32.subarray(bSorted / 4, bSorted / 4 + nall));
  ts.set(w.i32.subarray(bTs / 4, bTs / 4 + nall));
  xs.set(w.f64.subarray(bXs / 8, bXs / 8 + 3 * nall));
  start.set(w.i32.subarray(bStart / 4, bStart / 4 + nbins + 1));
  return maxBin;
}

/** Whether list builds use the kernel (DPMD_NEIGH_WASM=0 keeps the JavaScript loop; tests flip `on`). */
export const neighborWasmSwitch = {
  on: instance !== null && (typeof process === 'undefined' || process.env.DPMD_NEIGH_WASM !== '0'),
};

/**
 * neighborSlice's contract plus nall and nbins (how much of xs/sorted and start to copy) and wasm
 * (the caller's neighborWasmSwitch.on, read on the main thread): the WebAssembly loop for a half list
 * (uniform or per-type cutoffs), else (or when its memory would pass 1 GiB) the JavaScript loop. Same
 * entries, offsets and results either way.
 */
export function neighborSliceAny(
  x: Float64Array,
  gtype: Int32Array,
  binOf: Int32Array,
  start: Int32Array,
  sorted: Int32Array,
  xs: Float64Array,
  ts: Int32Array,
  stencil: Int32Array,
  nsSame: number,
  ns: number,
  half: boolean,
  cutsq: number,
  typeCutSq: Float64Array | null,
  tstride: number,
  maxCand: number,
  i0: number,
  i1: number,
  offset: Int32Array,
  offsetBase: number,
  out: Int32Array,
  n0: number,
  res: Int32Array,
  resOff: number,
  nall: number,
  nbins: number,
  wasm: boolean,
): void {
  if (
    wasm &&
    instance !== null &&
    half &&
    halfSliceWasm(
      instance,
      x,
      binOf,
      start,
      nbins,
      sorted,
      xs,
      nall,
      stencil,
      nsSame,
      ns,
      cutsq,
      maxCand,
      i0,
      i1,
      offset,
      offsetBase,
      out,
      n0,
      res,
      resOff,
      gtype,
      ts,
      typeCutSq,
      tstride,
    )
  )
    return;
  neighborSlice(
    x,
    gtype,
    binOf,
    start,
    sorted,
    xs,
    ts,
    stencil,
    nsSame,
    ns,
    half,
    cutsq,
    typeCutSq,
    tstride,
    maxCand,
    i0,
    i1,
    offset,
    offsetBase,
    out,
    n0,
    res,
    resOff,
  );
}
