/**
 * The compressed se_e2_a table kernels (se_e2_a_tabulated.ts) as WebAssembly SIMD: two features m, m+1
 * of a slot in one f64x2, so the quintic of every feature and its use run two at a time.
 *
 * The tables are copied once into the module's memory, re-laid out coefficient-major per interval
 * (interval k, coefficient p, feature m at k·6·ngp + p·ngp + m, ngp = ng rounded up to even, the
 * padding column zero) so that one v128 load reads coefficient p of two features. Per slot the caller
 * writes a 6-double record: [byte address of its interval block, x = s - s_k, R row (4 values)].
 *
 *   fwd(gr, rec, m): for slot pairs (a, b) of m records (m even; an odd block gets a dummy with x = 0,
 *     R = 0): gr[c][m] += ga_m · Ra_c + gb_m · Rb_c, gr c-major (4 x ngp). Per element the same
 *     operations in the same order as the JavaScript two-slot loop (Horner from c5 inwards; WebAssembly
 *     never contracts to FMA), so gr is bit-identical.
 *   bwd(dgr, rec, m, out): per slot, with dgr c-major (4 x ngp): r_c = Σ_m dgr[c][m] g_m and
 *     ds = Σ_m (Σ_c dgr[c][m] R_c) g'_m, g' = c1 + x(2c2 + x(3c3 + x(4c4 + (5x)c5))) as the JavaScript
 *     kernel; the sums run in two lanes (even / odd m), written raw (5 x f64x2 per slot, r_0..r_3, ds)
 *     for the caller to add lane 0 + lane 1: the same terms summed in another order (roundoff only).
 *
 * The module is hand-assembled below (encodings from src/wasm_encoding.ts) for the table width (the 6
 * coefficient rows are immediate load offsets); it is null where the runtime lacks WebAssembly SIMD.
 */
import type { CompressTable } from '../compress.js';
import {
  BR_IF,
  END,
  F64_LOAD,
  F64_STORE,
  F64X2_ADD,
  F64X2_EXTRACT_LANE,
  F64X2_MUL,
  F64X2_SPLAT,
  f64c,
  funcBody,
  funcType,
  get,
  I32,
  I32_ADD,
  I32_LT_S,
  I32_MUL,
  I32_TRUNC_F64_U,
  i32c,
  IF,
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
} from '../../wasm_encoding.js';

/** Bytes of one slot record: [address, x, R0, R1, R2, R3]. */
export const REC_DOUBLES = 6;

function moduleBytes(ngp: number, ng: number, axis: number, inv: number): Uint8Array<ArrayBuffer> {
  const nb = 8 * ngp; // bytes of one coefficient row / one gr row
  const row = (p: number) => p * nb;
  // g = c0 + x (c1 + x (c2 + x (c3 + x (c4 + x c5)))) of the two features at pointer q, x splatted
  const horner = (q: number, x: number): number[] => [
    ...get(q),
    ...V128_LOAD(row(0)),
    ...get(x),
    ...get(q),
    ...V128_LOAD(row(1)),
    ...get(x),
    ...get(q),
    ...V128_LOAD(row(2)),
    ...get(x),
    ...get(q),
    ...V128_LOAD(row(3)),
    ...get(x),
    ...get(q),
    ...V128_LOAD(row(4)),
    ...get(x),
    ...get(q),
    ...V128_LOAD(row(5)),
    ...F64X2_MUL,
    ...F64X2_ADD,
    ...F64X2_MUL,
    ...F64X2_ADD,
    ...F64X2_MUL,
    ...F64X2_ADD,
    ...F64X2_MUL,
    ...F64X2_ADD,
    ...F64X2_MUL,
    ...F64X2_ADD,
  ];

  const fwd = (() => {
    const GR = 0,
      REC = 1,
      M = 2;
    const K = 3,
      J = 4,
      QA = 5,
      QB = 6,
      GP = 7;
    const XA = 8,
      XB = 9,
      EA = 10, // 10..13
      EB = 14, // 14..17
      GA = 18,
      GB = 19;
    const code: number[] = [];
    const e = (...parts: number[][]) => {
      for (const p of parts) code.push(...p);
    };
    e(i32c(0), set(K), LOOP);
    e(get(REC), F64_LOAD(0), I32_TRUNC_F64_U, set(QA), get(REC), F64_LOAD(48), I32_TRUNC_F64_U, set(QB));
    e(get(REC), V128_LOAD64_SPLAT(8), set(XA), get(REC), V128_LOAD64_SPLAT(56), set(XB));
    for (let c = 0; c < 4; c++) {
      e(get(REC), V128_LOAD64_SPLAT(16 + 8 * c), set(EA + c), get(REC), V128_LOAD64_SPLAT(64 + 8 * c), set(EB + c));
    }
    e(get(GR), set(GP), i32c(0), set(J), LOOP);
    e(horner(QA, XA), set(GA), horner(QB, XB), set(GB));
    for (let c = 0; c < 4; c++) {
      // gr[c] += ga·Ra_c + gb·Rb_c
      e(get(GP), get(GP), V128_LOAD(row(c)));
      e(get(GA), get(EA + c), F64X2_MUL, get(GB), get(EB + c), F64X2_MUL, F64X2_ADD, F64X2_ADD, V128_STORE(row(c)));
    }
    e(get(QA), i32c(16), I32_ADD, set(QA), get(QB), i32c(16), I32_ADD, set(QB), get(GP), i32c(16), I32_ADD, set(GP));
    e(get(J), i32c(16), I32_ADD, tee(J), i32c(nb), I32_LT_S, BR_IF(0), END);
    e(get(REC), i32c(96), I32_ADD, set(REC));
    e(get(K), i32c(2), I32_ADD, tee(K), get(M), I32_LT_S, BR_IF(0), END, END);
    return funcBody(
      [
        [5, I32],
        [12, V128],
      ],
      code,
    );
  })();

  const bwd = (() => {
    const DGR = 0,
      REC = 1,
      M = 2,
      OUT = 3;
    const K = 4,
      J = 5,
      Q = 6,
      DP = 7;
    const X = 8,
      E = 9, // 9..12
      R = 13, // 13..16
      DS = 17,
      G = 18,
      KC = 19, // the constant 3
      X5 = 20, // x·5
      T = 21,
      QD = 22; // 22..25: dgr[c] of the two features
    const code: number[] = [];
    const e = (...parts: number[][]) => {
      for (const p of parts) code.push(...p);
    };
    e(f64c(3), F64X2_SPLAT, set(KC));
    e(i32c(0), set(K), LOOP);
    e(get(REC), F64_LOAD(0), I32_TRUNC_F64_U, set(Q), get(REC), V128_LOAD64_SPLAT(8), tee(X));
    e(f64c(5), F64X2_SPLAT, F64X2_MUL, set(X5)); // x·5, loop-invariant
    for (let c = 0; c < 4; c++) e(get(REC), V128_LOAD64_SPLAT(16 + 8 * c), set(E + c), V128_ZERO, set(R + c));
    e(V128_ZERO, set(DS), get(DGR), set(DP), i32c(0), set(J), LOOP);
    e(horner(Q, X), set(G));
    for (let c = 0; c < 4; c++) {
      // r_c += dgr_c · g
      e(get(DP), V128_LOAD(row(c)), set(QD + c), get(R + c), get(QD + c), get(G), F64X2_MUL, F64X2_ADD, set(R + c));
    }
    // ds += (((q0 R0 + q1 R1) + q2 R2) + q3 R3) · g'
    e(get(DS), get(QD), get(E), F64X2_MUL);
    for (let c = 1; c < 4; c++) e(get(QD + c), get(E + c), F64X2_MUL, F64X2_ADD);
    // g' = c1 + x (2 c2 + x (3 c3 + x (4 c4 + (x 5) c5))); 2 c2 as c2 + c2 and 4 c4 as (c4 + c4) + (c4 + c4):
    // doubling is exact, so the same values as the products, on the adder instead of the multiplier
    e(get(Q), V128_LOAD(row(1)), get(X));
    e(get(Q), V128_LOAD(row(2)), tee(T), get(T), F64X2_ADD, get(X));
    e(get(KC), get(Q), V128_LOAD(row(3)), F64X2_MUL, get(X));
    e(get(Q), V128_LOAD(row(4)), tee(T), get(T), F64X2_ADD, tee(T), get(T), F64X2_ADD);
    e(get(X5), get(Q), V128_LOAD(row(5)));
    e(F64X2_MUL, F64X2_ADD, F64X2_MUL, F64X2_ADD, F64X2_MUL, F64X2_ADD, F64X2_MUL, F64X2_ADD);
    e(F64X2_MUL, F64X2_ADD, set(DS));
    e(get(Q), i32c(16), I32_ADD, set(Q), get(DP), i32c(16), I32_ADD, set(DP));
    e(get(J), i32c(16), I32_ADD, tee(J), i32c(nb), I32_LT_S, BR_IF(0), END);
    for (let c = 0; c < 4; c++) e(get(OUT), get(R + c), V128_STORE(16 * c));
    e(get(OUT), get(DS), V128_STORE(64));
    e(get(REC), i32c(8 * REC_DOUBLES), I32_ADD, set(REC), get(OUT), i32c(80), I32_ADD, set(OUT));
    e(get(K), i32c(1), I32_ADD, tee(K), get(M), I32_LT_S, BR_IF(0), END, END);
    return funcBody(
      [
        [4, I32],
        [18, V128],
      ],
      code,
    );
  })();

  const fin = (() => {
    const GRC = 0,
      GR4 = 1,
      DP = 2;
    const J = 3,
      P = 4,
      Q = 5,
      M = 6;
    const S = 7; // 7..10: gr[m][c] splatted
    const code: number[] = [];
    const e = (...parts: number[][]) => {
      for (const p of parts) code.push(...p);
    };
    // gr *= 1/nnei (c-major, in place)
    e(get(GRC), set(P), i32c(0), set(J), LOOP);
    e(get(P), get(P), V128_LOAD(0), f64c(inv), F64X2_SPLAT, F64X2_MUL, V128_STORE(0));
    e(get(P), i32c(16), I32_ADD, set(P), get(J), i32c(16), I32_ADD, tee(J), i32c(4 * nb), I32_LT_S, BR_IF(0), END);
    // gr4[m][c] = gr[c][m] (the row layout grb reads); D[m][n..n+1] = Σ_c gr[c][m] gr[c][n..n+1]
    e(get(GRC), set(P), get(GR4), set(Q), i32c(0), set(M), LOOP);
    for (let c = 0; c < 4; c++) {
      e(get(Q), get(P), F64_LOAD(row(c)), F64_STORE(8 * c));
      e(get(P), V128_LOAD64_SPLAT(row(c)), set(S + c));
    }
    e(get(GRC), set(J), LOOP); // J: &gr[0][n]
    e(get(DP), get(S), get(J), V128_LOAD(row(0)), F64X2_MUL);
    for (let c = 1; c < 4; c++) e(get(S + c), get(J), V128_LOAD(row(c)), F64X2_MUL, F64X2_ADD);
    e(V128_STORE(0), get(DP), i32c(16), I32_ADD, set(DP));
    e(get(J), i32c(16), I32_ADD, tee(J), get(GRC), i32c(8 * axis), I32_ADD, I32_LT_S, BR_IF(0), END);
    e(get(P), i32c(8), I32_ADD, set(P), get(Q), i32c(32), I32_ADD, set(Q));
    e(get(M), i32c(1), I32_ADD, tee(M), i32c(ng), I32_LT_S, BR_IF(0), END, END);
    return funcBody(
      [
        [4, I32],
        [4, V128],
      ],
      code,
    );
  })();

  // dgr[c][m] = inv (Σ_n dD[m][n] gr4[n][c] + [m < axis] Σ_m' dD[m'][m] gr4[m'][c]), c in two f64x2
  // (c = 0,1 and 2,3), the same sums in the same order as kernels.ts grBackward
  const grb = (() => {
    const GR4 = 0,
      DD = 1,
      OUT = 2;
    const M = 3,
      N = 4,
      PD = 5,
      PG = 6,
      PO = 7,
      PR = 8;
    const S01 = 9,
      S23 = 10,
      D = 11;
    const code: number[] = [];
    const e = (...parts: number[][]) => {
      for (const p of parts) code.push(...p);
    };
    const term = (stride: number) => [
      ...get(PD),
      ...V128_LOAD64_SPLAT(0),
      ...set(D),
      ...get(S01),
      ...get(D),
      ...get(PG),
      ...V128_LOAD(0),
      ...F64X2_MUL,
      ...F64X2_ADD,
      ...set(S01),
      ...get(S23),
      ...get(D),
      ...get(PG),
      ...V128_LOAD(16),
      ...F64X2_MUL,
      ...F64X2_ADD,
      ...set(S23),
      ...get(PD),
      ...i32c(stride),
      ...I32_ADD,
      ...set(PD),
      ...get(PG),
      ...i32c(32),
      ...I32_ADD,
      ...set(PG),
    ];
    e(get(OUT), set(PO), get(DD), set(PR), i32c(0), set(M), LOOP);
    e(V128_ZERO, set(S01), V128_ZERO, set(S23));
    e(get(PR), set(PD), get(GR4), set(PG), i32c(0), set(N), LOOP);
    e(term(8), get(N), i32c(1), I32_ADD, tee(N), i32c(axis), I32_LT_S, BR_IF(0), END);
    e(get(M), i32c(axis), I32_LT_S, IF);
    e(get(DD), get(M), i32c(8), I32_MUL, I32_ADD, set(PD), get(GR4), set(PG), i32c(0), set(N), LOOP);
    e(term(8 * axis), get(N), i32c(1), I32_ADD, tee(N), i32c(ng), I32_LT_S, BR_IF(0), END, END);
    e(get(S01), f64c(inv), F64X2_SPLAT, F64X2_MUL, set(S01), get(S23), f64c(inv), F64X2_SPLAT, F64X2_MUL, set(S23));
    e(
      get(PO),
      get(S01),
      F64X2_EXTRACT_LANE(0),
      F64_STORE(row(0)),
      get(PO),
      get(S01),
      F64X2_EXTRACT_LANE(1),
      F64_STORE(row(1)),
    );
    e(
      get(PO),
      get(S23),
      F64X2_EXTRACT_LANE(0),
      F64_STORE(row(2)),
      get(PO),
      get(S23),
      F64X2_EXTRACT_LANE(1),
      F64_STORE(row(3)),
    );
    e(get(PO), i32c(8), I32_ADD, set(PO), get(PR), i32c(8 * axis), I32_ADD, set(PR));
    e(get(M), i32c(1), I32_ADD, tee(M), i32c(ng), I32_LT_S, BR_IF(0), END, END);
    return funcBody(
      [
        [6, I32],
        [3, V128],
      ],
      code,
    );
  })();

  const params = (n: number) => funcType(new Array<number>(n).fill(I32), []); // i32 params, no results
  return memoryImportingModule(
    [params(3), params(4)], // fwd / fin / grb, bwd
    [
      { name: 'fwd', type: 0, body: fwd },
      { name: 'bwd', type: 1, body: bwd },
      { name: 'fin', type: 0, body: fin },
      { name: 'grb', type: 0, body: grb },
    ],
  );
}

/**
 * One evaluator's table kernels: the tables in module memory plus the chunk's slot records, its gr
 * rows (gr4, chunk x ng x 4), its D / dD (chunk x ng x axis) and the gr / dgr / out scratch. All offsets
 * below are Float64Array indices into `heap`.
 */
export class TableWasm {
  /** Padded feature count (even). */
  readonly ngp: number;
  /** Per table (same indexing as the tables): heap index of its first interval, or -1. */
  readonly tabBase: Int32Array;
  readonly grBase = 0;
  readonly dgrBase: number;
  readonly outBase: number;
  readonly gr4Base: number;
  readonly dBase: number;
  readonly recBase: number;

  private constructor(
    readonly heap: Float64Array,
    ngp: number,
    layout: { tabBase: Int32Array; outBase: number; gr4Base: number; dBase: number; recBase: number },
    /** fwd(gr, rec, m): gr (c-major) += the m (even) records' G^T R. */
    readonly fwd: (gr: number, rec: number, m: number) => void,
    /** bwd(dgr, rec, m, out): per record the two-lane sums r_0..r_3, ds. */
    readonly bwd: (dgr: number, rec: number, m: number, out: number) => void,
    /** fin(gr, gr4, D): gr *= 1/nnei, gr4 = its row layout, D = gr gr[:axis]^T (one atom). */
    readonly fin: (gr: number, gr4: number, D: number) => void,
    /** grb(gr4, dD, dgr): dgr (c-major) = dE/dgr (one atom). */
    readonly grb: (gr4: number, dD: number, dgr: number) => void,
  ) {
    this.ngp = ngp;
    this.tabBase = layout.tabBase;
    this.dgrBase = 4 * ngp;
    this.outBase = layout.outBase;
    this.gr4Base = layout.gr4Base;
    this.dBase = layout.dBase;
    this.recBase = layout.recBase;
  }

  /**
   * Kernels for `tables` (features ng, axis_neuron axis, nnei slots per atom, chunk atoms), at most
   * `maxBlock` slots per bwd call; null without WebAssembly SIMD, for an odd axis, or when
   * DPMD_TABLE=js (the JavaScript kernels, for comparisons).
   */
  static create(
    tables: (CompressTable | null)[],
    ng: number,
    axis: number,
    nnei: number,
    chunk: number,
    maxBlock: number,
  ): TableWasm | null {
    if (axis % 2 !== 0) return null;
    if (typeof process !== 'undefined' && process.env?.DPMD_TABLE === 'js') return null;
    const ngp = ng + (ng & 1);
    const bytes = moduleBytes(ngp, ng, axis, 1 / nnei);
    if (!wasmAccepts(bytes)) return null; // no WebAssembly SIMD
    // gr (4 ngp) | dgr (4 ngp) | out (maxBlock x 10) | gr4 | D | records (+1: an odd last block's dummy) | tables
    const outBase = 8 * ngp,
      gr4Base = outBase + 10 * maxBlock,
      dBase = gr4Base + chunk * ng * 4,
      recBase = dBase + chunk * ng * axis;
    let top = recBase + REC_DOUBLES * (chunk * nnei + 1);
    const tabBase = new Int32Array(tables.length).fill(-1);
    tables.forEach((t, k) => {
      if (!t) return;
      tabBase[k] = top;
      top += (t.n0 + t.n1) * 6 * ngp;
    });
    const memory = new WebAssembly.Memory({ initial: Math.ceil((8 * top) / 65536) + 1 });
    const heap = new Float64Array(memory.buffer);
    tables.forEach((t, k) => {
      if (!t) return;
      const n = t.n0 + t.n1,
        d = t.data,
        b = tabBase[k];
      for (let i = 0; i < n; i++)
        for (let m = 0; m < ng; m++)
          for (let p = 0; p < 6; p++) heap[b + (i * 6 + p) * ngp + m] = d[(i * ng + m) * 6 + p];
    });
    const ex = new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { memory } }).exports;
    return new TableWasm(
      heap,
      ngp,
      { tabBase, outBase, gr4Base, dBase, recBase },
      ex.fwd as TableWasm['fwd'],
      ex.bwd as TableWasm['bwd'],
      ex.fin as TableWasm['fin'],
      ex.grb as TableWasm['grb'],
    );
  }
}
