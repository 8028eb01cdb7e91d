/**
 * The two EAM pair loops of eam_kernel.ts (eamRhoSlice, eamForceSlice) as a WebAssembly SIMD kernel:
 * two pairs per f64x2 operation, no bounds checks. Same results, bit for bit:
 *
 * - every pair goes through the same IEEE operations in the same order as the JavaScript loops
 *   (distances, sqrt, r -> (m, p) with the same truncation and clamps, the cubic rebuilt from the
 *   knots with the same expressions; WebAssembly never contracts to FMA), two pairs side by side;
 * - the sums keep their order: rho_i, atom i's force and the pair energy take pair k's lane, then pair
 *   k+1's, and rho[j] += / f[j] -= are applied pair by pair in list order ((fx, fy) of a pair as one
 *   f64x2 add/subtract: the same two IEEE operations as the scalar ones).
 *
 * The density loop runs each row in two passes (see rhoFunction): the list entries, two at a time,
 * through the distance test into the pair cache without a branch (j and r stored at the next slot,
 * which advances by the f64x2.lt lane mask), then the row's kept pairs, two at a time, through the
 * table. So the kept pairs and their order are the JavaScript loop's, and an entry beyond the cutoff
 * costs no table look-up and no scatter.
 *
 * Memory: the module's memory is private to the calling thread (each worker instantiates its own).
 * It holds the two tables (copied when the pair style's table arrays change), the extended
 * coordinates and types (copied per density call), this thread's density accumulator (copied in and
 * out), the list rows of the thread's slice (copied only when the list's version changes), and the
 * pair cache of kept pairs (j, r), which never leaves the module: the force loop of the same thread
 * and slice reads it, so **a force call must follow the density call of the same evaluation on the
 * same thread** (eamSimdForce checks the slice). The force call copies F'(rho) and the force
 * accumulator in, and the accumulator out.
 *
 * Fallbacks (the JavaScript loops): no WebAssembly SIMD in the runtime, DPMD_EAM_SIMD=0, per-atom
 * energies (eatom; the serial path only), and systems whose memory would pass MAX_BYTES.
 * The module is hand-assembled from src/wasm_encoding.ts's encodings, as lj_cut_simd.ts.
 */
import {
  BLOCK,
  BR,
  BR_IF,
  END,
  F64,
  F64_ADD,
  f64c,
  F64_LOAD,
  F64_STORE,
  F64_SUB,
  F64X2_ADD,
  F64X2_CONVERT_LOW_I32X4_S,
  F64X2_DIV,
  F64X2_EXTRACT_LANE,
  F64X2_LT,
  F64X2_MUL,
  F64X2_NEG,
  F64X2_PMIN,
  F64X2_SPLAT,
  F64X2_SQRT,
  F64X2_SUB,
  funcBody,
  funcType,
  get,
  growMemory,
  I32,
  I32_ADD,
  I32_AND,
  i32c,
  I32_GE_S,
  I32_GT_S,
  I32_LOAD,
  I32_LT_S,
  I32_MUL,
  I32_SHR_U,
  I32_STORE,
  I32_SUB,
  I32X4_EXTRACT_LANE,
  I32X4_MIN_S,
  I32X4_SHL,
  I32X4_SPLAT,
  I32X4_TRUNC_SAT_F64X2_S_ZERO,
  I8X16_SHUFFLE_LANES,
  IF,
  LOOP,
  memoryImportingModule,
  optimizedModule,
  set,
  V128,
  V128_LOAD,
  V128_LOAD64_LANE,
  V128_LOAD64_SPLAT,
  V128_STORE,
  wasmAccepts,
} from '../src/wasm_encoding.js';

/** A tiny assembler: code bytes appended in order. */
class Code {
  readonly bytes: number[] = [];
  e(...parts: number[][]): void {
    for (const p of parts) for (const b of p) this.bytes.push(b);
  }
  /** v = (f64 at a0 + off, f64 at a1 + off): a0, a1 are i32 locals holding byte addresses. */
  gather(v: number, a0: number, a1: number, off: number): void {
    this.e(get(a1), get(a0), V128_LOAD64_SPLAT(off), V128_LOAD64_LANE(off, 1), set(v));
  }
  /** acc += lane `lane` of vector v (scalar f64 local acc). */
  addLane(acc: number, v: number, lane: number): void {
    this.e(get(acc), get(v), F64X2_EXTRACT_LANE(lane), F64_ADD, set(acc));
  }
  /** f64 at (local addr) + off += / -= lane `lane` of v. */
  updateLane(addr: number, off: number, v: number, lane: number, op: number[]): void {
    this.e(get(addr), get(addr), F64_LOAD(off), get(v), F64X2_EXTRACT_LANE(lane), op, F64_STORE(off));
  }
  /** Local l = get(a) op get(b) (v128). */
  bin(l: number, a: number, op: number[], b: number): void {
    this.e(get(a), get(b), op, set(l));
  }
}

/** The names of a space-separated list, as a type: 'A B' -> 'A' | 'B'. */
type Names<S extends string> = S extends `${infer W} ${infer Rest}` ? W | Names<Rest> : S;
/** Name -> local index. */
type Indices<S extends string> = Record<Names<S>, number>;

/**
 * Local indices by name: the parameters first (signature order), then the declared locals in the
 * order they are taken; consecutive locals of one type form one group of the body's declarations.
 */
class Locals {
  private next = 0;
  /** (count, type) groups, as funcBody takes them. */
  readonly groups: [number, number][] = [];
  private indices<S extends string>(names: S): Indices<S> {
    const out: Record<string, number> = {};
    for (const n of names.split(' ')) out[n] = this.next++;
    return out as Indices<S>;
  }
  /** The parameters, space-separated (taken before any local). */
  params<const S extends string>(names: S): Indices<S> {
    if (this.next !== 0) throw new Error('eam SIMD assembler: parameters after locals');
    return this.indices(names);
  }
  /** One local of `type` per name (space-separated). */
  take<const S extends string>(type: number, names: S): Indices<S> {
    const count = names.split(' ').length;
    const last = this.groups[this.groups.length - 1];
    if (last !== undefined && last[1] === type) last[0] += count;
    else this.groups.push([count, type]);
    return this.indices(names);
  }
}

// The locals both pair loops declare (each function takes them at its own place in its order).
/**
 * i32: row i, list entry / kept pair k and its end, the pair's two j, their coordinate addresses,
 * atom i's knot row and type, the two j types, the knot addresses (A: block (ti, tj), B: (tj, ti)).
 */
const ROW_I32 = 'I K KEND J0 J1 XJ0 XJ1 ROW TI TJ0 TJ1 A0 A1 B0 B1';
/** v128: atom i's coordinates (splat) and the two pairs' x_i - x_j. */
const ATOM_V128 = 'VXI VYI VZI DX DY DZ';
/** v128: r, the knot fraction p and the knots' byte offsets m << shift (i32 lanes). */
const KNOT_V128 = 'R P MS';
/** v128: the splatted constants rdr, 1, 2, 3 and nrm1 (i32 lanes). */
const CONST_V128 = 'VRDR VONE VTWO VTHREE VNRM1';

/** The parameters both functions have (rho's OFFR or force's OFFT as OFF: the knot-address table). */
interface PairParams {
  I0: number;
  I1: number;
  X: number;
  TYPE: number;
  OFF: number;
  NTP: number;
  NRM1: number;
  RDR: number;
  PJ: number;
  PR: number;
}

/** What the shared emitters below read: the code, the shared parameters and locals, and PI (a scratch address). */
type PairLoop = { c: Code; p: PairParams; PI: number } & Indices<typeof ROW_I32> &
  Indices<typeof ATOM_V128> &
  Indices<typeof KNOT_V128> &
  Indices<typeof CONST_V128>;

/** The splatted constants (CONST_V128) from the parameters rdr and nrm1. */
function splatConstants(q: PairLoop): void {
  const { c, p } = q;
  c.e(get(p.RDR), F64X2_SPLAT, set(q.VRDR));
  c.e(f64c(1), F64X2_SPLAT, set(q.VONE), f64c(2), F64X2_SPLAT, set(q.VTWO), f64c(3), F64X2_SPLAT, set(q.VTHREE));
  c.e(get(p.NRM1), I32X4_SPLAT, set(q.VNRM1));
}

/**
 * The loop over rows i0 <= i < i1: before `body`, atom i's coordinates splatted (VXI, VYI, VZI), its
 * type TI and ROW, the address of its row of the knot-address table (pOff + 4 ti ntp).
 */
function forEachRow(q: PairLoop, body: () => void): void {
  const { c, p, I, PI } = q;
  c.e(get(p.I0), set(I));
  c.e(BLOCK, LOOP); // rows
  c.e(get(I), get(p.I1), I32_GE_S, BR_IF(1));
  c.e(get(p.X), get(I), i32c(24), I32_MUL, I32_ADD, set(PI));
  c.e(get(PI), F64_LOAD(0), F64X2_SPLAT, set(q.VXI), get(PI), F64_LOAD(8), F64X2_SPLAT, set(q.VYI));
  c.e(get(PI), F64_LOAD(16), F64X2_SPLAT, set(q.VZI));
  c.e(get(p.TYPE), get(I), i32c(4), I32_MUL, I32_ADD, I32_LOAD(0), set(q.TI));
  c.e(get(p.OFF), get(q.TI), get(p.NTP), I32_MUL, i32c(4), I32_MUL, I32_ADD, set(q.ROW));
  body();
  c.e(get(I), i32c(1), I32_ADD, set(I), BR(0));
  c.e(END, END);
}

/**
 * The loop over k from K while k < KEND: step(2) two at a time while k + 2 <= kend (k advanced by 2
 * after each), then step(1) for one left (both lanes hold it, lane 0 is applied).
 */
function twoAtATime(q: PairLoop, step: (lanes: 1 | 2) => void): void {
  const { c, K, KEND } = q;
  c.e(BLOCK, LOOP); // two at a time while k + 2 <= kend
  c.e(get(K), i32c(2), I32_ADD, get(KEND), I32_GT_S, BR_IF(1));
  step(2);
  c.e(get(K), i32c(2), I32_ADD, set(K), BR(0));
  c.e(END, END);
  c.e(get(K), get(KEND), I32_LT_S, IF); // one left
  step(1);
  c.e(END);
}

/** J0, J1 = i32 at base + 4k, + 4(k+1); for one lane J1 = J0. */
function loadJ(q: PairLoop, base: number, lanes: 1 | 2): void {
  const { c, K, J0, J1 } = q;
  c.e(get(base), get(K), i32c(4), I32_MUL, I32_ADD, I32_LOAD(0), set(J0));
  if (lanes === 2) c.e(get(base), get(K), i32c(4), I32_MUL, I32_ADD, I32_LOAD(4), set(J1));
  else c.e(get(J0), set(J1));
}

/** Kept pairs k (and k+1) from the pair cache: J0, J1 and R (one lane: r in both). */
function loadKeptPairs(q: PairLoop, lanes: 1 | 2): void {
  const { c, p } = q;
  loadJ(q, p.PJ, lanes);
  c.e(get(p.PR), get(q.K), i32c(8), I32_MUL, I32_ADD, lanes === 2 ? V128_LOAD(0) : V128_LOAD64_SPLAT(0), set(q.R));
}

/** XJ0, XJ1 = the coordinate addresses of J0, J1; DX, DY, DZ = x_i - x_j (two pairs). */
function distanceVector(q: PairLoop): void {
  const { c, p, XJ0, XJ1 } = q;
  c.e(get(p.X), get(q.J0), i32c(24), I32_MUL, I32_ADD, set(XJ0));
  c.e(get(p.X), get(q.J1), i32c(24), I32_MUL, I32_ADD, set(XJ1));
  for (const [off, vi, dv] of [
    [0, q.VXI, q.DX],
    [8, q.VYI, q.DY],
    [16, q.VZI, q.DZ],
  ] as const) {
    c.gather(dv, XJ0, XJ1, off);
    c.bin(dv, vi, F64X2_SUB, dv);
  }
}

/**
 * p = r rdr + 1; m = min(trunc p, nrm1); p = min(p - m, 1) (lanes); writes P (f64x2) and MS = m <<
 * shift (i32 lanes 0, 1: the knot's byte offset). The JavaScript loop's `p | 0` is trunc for these p
 * (1 <= p < 2^31).
 */
function knot(q: PairLoop, shift: number): void {
  const { c, R, P, MS } = q;
  c.e(get(R), get(q.VRDR), F64X2_MUL, get(q.VONE), F64X2_ADD, set(P));
  c.e(get(P), I32X4_TRUNC_SAT_F64X2_S_ZERO, get(q.VNRM1), I32X4_MIN_S, set(MS));
  c.e(get(P), get(MS), F64X2_CONVERT_LOW_I32X4_S, F64X2_SUB, get(q.VONE), F64X2_PMIN, set(P));
  c.e(get(MS), i32c(shift), I32X4_SHL, set(MS));
}

/**
 * The knot (P, MS; see knot) of the pairs (J0, J1), then the types of j (TJ0, TJ1) and the knot
 * addresses: A0, A1 in block (ti, tj) (i32 at ROW + 4 tj), B0, B1 in block (tj, ti) (i32 at
 * pOff + 4(tj ntp + ti)), each plus the lane's m << shift.
 */
function knotAddresses(q: PairLoop, shift: number): void {
  const { c, p, MS } = q;
  knot(q, shift);
  c.e(get(p.TYPE), get(q.J0), i32c(4), I32_MUL, I32_ADD, I32_LOAD(0), set(q.TJ0));
  c.e(get(p.TYPE), get(q.J1), i32c(4), I32_MUL, I32_ADD, I32_LOAD(0), set(q.TJ1));
  for (const [TJ, A, B, lane] of [
    [q.TJ0, q.A0, q.B0, 0],
    [q.TJ1, q.A1, q.B1, 1],
  ] as const) {
    c.e(get(q.ROW), get(TJ), i32c(4), I32_MUL, I32_ADD, I32_LOAD(0), get(MS), I32X4_EXTRACT_LANE(lane));
    c.e(I32_ADD, set(A));
    c.e(get(p.OFF), get(TJ), get(p.NTP), I32_MUL, get(q.TI), I32_ADD, i32c(4), I32_MUL, I32_ADD, I32_LOAD(0));
    c.e(get(MS), I32X4_EXTRACT_LANE(lane), I32_ADD, set(B));
  }
}

/**
 * The two knots of a cubic for the pairs at knot addresses (X0, X1): (F, S) = (f, s) at X + off and
 * (F1, S1) = (f, s) at X + off + stride (the next knot).
 */
function gatherKnots(
  c: Code,
  X0: number,
  X1: number,
  off: number,
  stride: number,
  [F, S, F1, S1]: readonly [number, number, number, number],
): void {
  c.gather(F, X0, X1, off);
  c.gather(S, X0, X1, off + 8);
  c.gather(F1, X0, X1, off + stride);
  c.gather(S1, X0, X1, off + stride + 8);
}

/**
 * The row's cubic from two knots (f, s at m; f1, s1 at m+1), as eam_kernel.ts:
 * d = f1 - f, c3 = (s + s1) - 2 d, c4 = (3 d - 2 s) - s1. Writes C3, C4 (v128 locals).
 */
function cubic(
  c: Code,
  F: number,
  S: number,
  F1: number,
  S1: number,
  C3: number,
  C4: number,
  TMP: number,
  two: number,
  three: number,
): void {
  c.e(get(F1), get(F), F64X2_SUB, set(TMP)); // d
  c.e(get(S), get(S1), F64X2_ADD, get(two), get(TMP), F64X2_MUL, F64X2_SUB, set(C3));
  c.e(get(three), get(TMP), F64X2_MUL, get(two), get(S), F64X2_MUL, F64X2_SUB, get(S1), F64X2_SUB, set(C4));
}

/** Pushes the cubic's value ((c3 p + c4) p + s) p + f (f64x2). */
function cubicValue(c: Code, C3: number, C4: number, S: number, F: number, P: number): void {
  c.e(get(C3), get(P), F64X2_MUL, get(C4), F64X2_ADD, get(P), F64X2_MUL, get(S), F64X2_ADD);
  c.e(get(P), F64X2_MUL, get(F), F64X2_ADD);
}

/**
 * rho(i0, i1, pFirst, pList, pX, pType, pRho, pOffR, pPJ, pPR, pEnd, ntp, nrm1, cutsq, rdr) -> kept
 * pairs: eamRhoSlice over rows i0 <= i < i1. Byte addresses: CSR row offsets at pFirst + 4i (rebased
 * to the slice's first entry), entries at pList + 4k, x at pX + 24j, type at pType + 4j, rho at
 * pRho + 8j, the density knots of type pair (ti, tj) at the absolute address i32[pOffR + 4(ti ntp +
 * tj)] (16 bytes a knot), the pair cache j at pPJ + 4n and r at pPR + 8n (n from 0), the end of row
 * i's kept pairs at pEnd + 4i.
 *
 * Each row runs in two passes: (1) the row's list entries two at a time: distance, cutoff mask,
 * sqrt, and the branch-free compaction of the kept pairs into the pair cache (j and r stored at the
 * next slot, which advances by the mask); (2) the row's kept pairs two at a time (still in L1):
 * knots, the two densities, rho_i += and rho[j] +=. The kept pairs are the JavaScript loop's, in its
 * order, and entries beyond the cutoff cost no table look-up or scatter.
 */
function rhoFunction(): number[] {
  const L = new Locals();
  const param = L.params('I0 I1 FIRST LIST X TYPE RHO OFFR PJ PR END NTP NRM1 CUT RDR');
  const rows = L.take(I32, ROW_I32);
  const { NP, KS, PI } = L.take(I32, 'NP KS PI');
  const { RHOI } = L.take(F64, 'RHOI');
  const atom = L.take(V128, ATOM_V128);
  const { RSQ, MASK } = L.take(V128, 'RSQ MASK');
  const knotLocals = L.take(V128, KNOT_V128);
  const { VCUT } = L.take(V128, 'VCUT');
  const constants = L.take(V128, CONST_V128);
  const { F, S, F1, S1, C3, C4, TMP, VA, VB } = L.take(V128, 'F S F1 S1 C3 C4 TMP VA VB');
  const c = new Code();
  const q: PairLoop = { c, p: { ...param, OFF: param.OFFR }, PI, ...rows, ...atom, ...knotLocals, ...constants };
  const { I, K, KEND, J0, J1 } = rows;
  const { DX, DY, DZ } = atom;
  const { R, P } = knotLocals;

  c.e(get(param.CUT), F64X2_SPLAT, set(VCUT));
  splatConstants(q);
  c.e(i32c(0), set(NP));

  /** Density value of knot rows at addresses (X0, X1) for fraction P into V. */
  const value = (X0: number, X1: number, V: number) => {
    gatherKnots(c, X0, X1, 0, 16, [F, S, F1, S1]);
    cubic(c, F, S, F1, S1, C3, C4, TMP, constants.VTWO, constants.VTHREE);
    cubicValue(c, C3, C4, S, F, P);
    c.e(set(V));
  };

  /** Pass 1: list entries (J0, J1) in lanes 0 and 1 into the pair cache; lanes: how many. */
  const filterBody = (lanes: 1 | 2) => {
    distanceVector(q);
    // rsq = (dx dx + dy dy) + dz dz; inside = rsq < cutsq (lane mask)
    c.e(get(DX), get(DX), F64X2_MUL, get(DY), get(DY), F64X2_MUL, F64X2_ADD, get(DZ), get(DZ), F64X2_MUL, F64X2_ADD);
    c.e(set(RSQ), get(RSQ), get(VCUT), F64X2_LT, set(MASK));
    c.e(get(RSQ), F64X2_SQRT, set(R));
    for (let l = 0; l < lanes; l++) {
      const J = l === 0 ? J0 : J1;
      // store at slot NP (byte offset 4n), advance when inside (mask lane = -1 or 0)
      c.e(get(param.PJ), get(NP), I32_ADD, get(J), I32_STORE(0));
      c.e(get(param.PR), get(NP), i32c(2), I32_MUL, I32_ADD, get(R), F64X2_EXTRACT_LANE(l), F64_STORE(0));
      c.e(get(NP), get(MASK), I32X4_EXTRACT_LANE(2 * l), i32c(4), I32_AND, I32_ADD, set(NP));
    }
  };

  /** Pass 2: kept pairs (J0, J1), r in R; lanes: how many to apply. */
  const pairBody = (lanes: 1 | 2) => {
    knotAddresses(q, 4); // rho_i from block (ti, tj), rho_j from (tj, ti)
    value(rows.A0, rows.A1, VA);
    value(rows.B0, rows.B1, VB);
    for (let l = 0; l < lanes; l++) {
      const J = l === 0 ? J0 : J1;
      c.addLane(RHOI, VA, l);
      c.e(get(param.RHO), get(J), i32c(8), I32_MUL, I32_ADD, set(PI));
      c.updateLane(PI, 0, VB, l, F64_ADD);
    }
  };

  forEachRow(q, () => {
    c.e(f64c(0), set(RHOI));
    c.e(get(NP), i32c(2), I32_SHR_U, set(KS)); // the row's first pair-cache slot
    // pass 1 over list entries k in [first[i], first[i+1])
    c.e(get(param.FIRST), get(I), i32c(4), I32_MUL, I32_ADD, I32_LOAD(0), set(K));
    c.e(get(param.FIRST), get(I), i32c(4), I32_MUL, I32_ADD, I32_LOAD(4), set(KEND));
    twoAtATime(q, (lanes) => {
      loadJ(q, param.LIST, lanes);
      filterBody(lanes);
    });
    // pass 2 over the row's kept pairs n in [KS, NP / 4)
    c.e(get(KS), set(K));
    c.e(get(NP), i32c(2), I32_SHR_U, set(KEND));
    twoAtATime(q, (lanes) => {
      loadKeptPairs(q, lanes);
      pairBody(lanes);
    });
    // rho[i] += rho_i; pairEnd[i] = kept pairs so far
    c.e(get(param.RHO), get(I), i32c(8), I32_MUL, I32_ADD, set(PI));
    c.e(get(PI), get(PI), F64_LOAD(0), get(RHOI), F64_ADD, F64_STORE(0));
    c.e(get(param.END), get(I), i32c(4), I32_MUL, I32_ADD, get(KEND), I32_STORE(0));
  });
  c.e(get(NP), i32c(2), I32_SHR_U);
  return funcBody(L.groups, [...c.bytes, ...END]);
}

/**
 * force(i0, i1, pEnd, pPJ, pPR, pX, pType, pFp, pF, pOffT, ntp, nrm1, eflag, rdr) -> pair energy:
 * eamForceSlice over rows i0 <= i < i1 and the pairs the density call kept (n from 0; row i's end at
 * pEnd + 4i). The knots of type pair (ti, tj) (32 bytes a knot: f_a, s_a, f_z, s_z) at the absolute
 * address i32[pOffT + 4(ti ntp + tj)]; F'(rho) at pFp + 8j, forces at pF + 24j (added to).
 */
function forceFunction(): number[] {
  const L = new Locals();
  const param = L.params('I0 I1 END PJ PR X TYPE FP F OFFT NTP NRM1 EFLAG RDR');
  const rows = L.take(I32, ROW_I32);
  const { PI, QJ0, QJ1 } = L.take(I32, 'PI QJ0 QJ1');
  const { FZI, E } = L.take(F64, 'FZI E');
  const atom = L.take(V128, ATOM_V128);
  const knotLocals = L.take(V128, KNOT_V128);
  const { RECIP } = L.take(V128, 'RECIP');
  const constants = L.take(V128, CONST_V128);
  const { FPI, FPJ } = L.take(V128, 'FPI FPJ'); // F'(rho_i), F'(rho_j)
  const { F, F1, S1, TMP } = L.take(V128, 'F F1 S1 TMP'); // knot values, the cubic's d
  const { A3, A4, SA, B3, B4, SB } = L.take(V128, 'A3 A4 SA B3 B4 SB'); // cubics of rho_a, rho_b: c3, c4, s
  const { Z3, Z4, SZ, FZ } = L.take(V128, 'Z3 Z4 SZ FZ'); // cubic of z2r: c3, c4, s, f
  const { RHOAP, RHOBP, Z2P, PHI, FP } = L.take(V128, 'RHOAP RHOBP Z2P PHI FP'); // rho_a', rho_b', z2', phi, fpair
  const { FX, FY, FZV, FXYI, FXY } = L.take(V128, 'FX FY FZV FXYI FXY'); // pair forces; (fx, fy) of atom i, of a pair
  const c = new Code();
  const q: PairLoop = { c, p: { ...param, OFF: param.OFFT }, PI, ...rows, ...atom, ...knotLocals, ...constants };
  const { I, K, KEND, J0, J1, XJ0, XJ1, A0, A1, B0, B1 } = rows;
  const { DX, DY, DZ } = atom;
  const { R, P } = knotLocals;
  const { VTWO, VTHREE, VRDR } = constants;

  splatConstants(q);
  c.e(f64c(0), set(E), i32c(0), set(K));

  /** (3 c3 p + 2 c4) p + s into D */
  const deriv = (C3: number, C4: number, Sv: number, D: number) => {
    c.e(get(VTHREE), get(C3), F64X2_MUL, get(P), F64X2_MUL, get(VTWO), get(C4), F64X2_MUL, F64X2_ADD);
    c.e(get(P), F64X2_MUL, get(Sv), F64X2_ADD, set(D));
  };

  /** Pairs (J0, J1), r in R; lanes: how many to apply. */
  const pairBody = (lanes: 1 | 2) => {
    knotAddresses(q, 5);
    c.e(get(constants.VONE), get(R), F64X2_DIV, set(RECIP));
    distanceVector(q);
    // rho_a: knots f_a, s_a at +0, +8 and +32, +40
    gatherKnots(c, A0, A1, 0, 32, [F, SA, F1, S1]);
    cubic(c, F, SA, F1, S1, A3, A4, TMP, VTWO, VTHREE);
    // rho_b: block (tj, ti)
    gatherKnots(c, B0, B1, 0, 32, [F, SB, F1, S1]);
    cubic(c, F, SB, F1, S1, B3, B4, TMP, VTWO, VTHREE);
    // z2r: f_z, s_z at +16, +24 and +48, +56
    gatherKnots(c, A0, A1, 16, 32, [FZ, SZ, F1, S1]);
    cubic(c, FZ, SZ, F1, S1, Z3, Z4, TMP, VTWO, VTHREE);
    deriv(A3, A4, SA, RHOAP);
    deriv(B3, B4, SB, RHOBP);
    deriv(Z3, Z4, SZ, Z2P);
    // z2 = ((z3 p + z4) p + sz) p + fz; phi = z2 recip
    cubicValue(c, Z3, Z4, SZ, FZ, P);
    c.e(get(RECIP), F64X2_MUL, set(PHI));
    c.e(get(param.FP), get(J0), i32c(8), I32_MUL, I32_ADD, set(QJ0));
    c.e(get(param.FP), get(J1), i32c(8), I32_MUL, I32_ADD, set(QJ1));
    c.gather(FPJ, QJ0, QJ1, 0);
    // psip = ((fpi rhoap + fpj rhobp) + z2p recip) rdr - phi recip; fpair = (-psip) recip
    c.e(get(FPI), get(RHOAP), F64X2_MUL, get(FPJ), get(RHOBP), F64X2_MUL, F64X2_ADD);
    c.e(get(Z2P), get(RECIP), F64X2_MUL, F64X2_ADD, get(VRDR), F64X2_MUL);
    c.e(get(PHI), get(RECIP), F64X2_MUL, F64X2_SUB, F64X2_NEG, get(RECIP), F64X2_MUL, set(FP));
    c.bin(FX, DX, F64X2_MUL, FP);
    c.bin(FY, DY, F64X2_MUL, FP);
    c.bin(FZV, DZ, F64X2_MUL, FP);
    for (let l = 0; l < lanes; l++) {
      const XJ = l === 0 ? XJ0 : XJ1;
      // (fx, fy) of this pair in one vector: (fxi, fyi) += it, (f[3j], f[3j+1]) -= it (the same
      // per-component operations as the scalar sums), fz alone
      c.e(get(FX), get(FY), I8X16_SHUFFLE_LANES(l), set(FXY));
      c.e(get(FXYI), get(FXY), F64X2_ADD, set(FXYI));
      c.addLane(FZI, FZV, l);
      // f[j] at pF + 24 j = XJ - pX + pF
      c.e(get(XJ), get(param.X), I32_SUB, get(param.F), I32_ADD, set(PI));
      c.e(get(PI), get(PI), V128_LOAD(0), get(FXY), F64X2_SUB, V128_STORE(0));
      c.updateLane(PI, 16, FZV, l, F64_SUB);
    }
    c.e(get(param.EFLAG), IF);
    for (let l = 0; l < lanes; l++) c.addLane(E, PHI, l);
    c.e(END);
  };

  forEachRow(q, () => {
    c.e(get(param.FP), get(I), i32c(8), I32_MUL, I32_ADD, F64_LOAD(0), F64X2_SPLAT, set(FPI));
    c.e(f64c(0), F64X2_SPLAT, set(FXYI), f64c(0), set(FZI));
    c.e(get(param.END), get(I), i32c(4), I32_MUL, I32_ADD, I32_LOAD(0), set(KEND));
    // row i's kept pairs k < end[i]: k runs on from the last row's end (the pair cache holds the rows
    // in order), so the one pair left also advances it
    twoAtATime(q, (lanes) => {
      loadKeptPairs(q, lanes);
      pairBody(lanes);
      if (lanes === 1) c.e(get(K), i32c(1), I32_ADD, set(K));
    });
    // f[i] += fi
    c.e(get(param.F), get(I), i32c(24), I32_MUL, I32_ADD, set(PI));
    c.e(get(PI), get(PI), V128_LOAD(0), get(FXYI), F64X2_ADD, V128_STORE(0));
    c.e(get(PI), get(PI), F64_LOAD(16), get(FZI), F64_ADD, F64_STORE(16));
  });
  c.e(get(E));
  return funcBody(L.groups, [...c.bytes, ...END]);
}

function moduleBytes(): Uint8Array<ArrayBuffer> {
  const rhoType = funcType([...new Array<number>(13).fill(I32), F64, F64], [I32]);
  const forceType = funcType([...new Array<number>(13).fill(I32), F64], [F64]);
  return memoryImportingModule(
    [rhoType, forceType],
    [
      { name: 'rho', type: 0, body: rhoFunction() },
      { name: 'force', type: 1, body: forceFunction() },
    ],
  );
}

/** Largest module memory (bytes): larger systems use the JavaScript loops. */
const MAX_BYTES = 1 << 30;

/** The kernel of one thread: its module memory, what is cached in it, and the last density call. */
interface Kernel {
  rho: (...a: number[]) => number;
  force: (...a: number[]) => number;
  memory: WebAssembly.Memory;
}

function build(): Kernel | null {
  const bytes = moduleBytes();
  if (!wasmAccepts(bytes)) return null; // no WebAssembly SIMD
  const memory = new WebAssembly.Memory({ initial: 16 });
  const ex = new WebAssembly.Instance(optimizedModule(bytes), { env: { memory } }).exports;
  return { rho: ex.rho as Kernel['rho'], force: ex.force as Kernel['force'], memory };
}

const kernel: Kernel | null = build();

/**
 * Whether PairEAMBase runs the kernel: the runtime has it (WebAssembly SIMD) and DPMD_EAM_SIMD is not
 * 0. Read on the main thread at each evaluation (the jobs take the decision from it); tests and A/B
 * scripts may switch it off to run the JavaScript loops in the same process.
 */
export const eamSimdSwitch = {
  on: kernel !== null && (typeof process === 'undefined' || process.env.DPMD_EAM_SIMD !== '0'),
};

/** Byte layout of the module memory; all 16-byte aligned. */
interface Layout {
  R: number;
  T: number;
  offR: number;
  offT: number;
  x: number;
  type: number;
  rho: number;
  fp: number;
  f: number;
  first: number;
  list: number;
  pj: number;
  pr: number;
  end: number;
  total: number;
  /** Capacities: extended atoms, slice rows, slice entries. */
  nall: number;
  rows: number;
  entries: number;
  rLen: number;
  tLen: number;
  ntp2: number;
}

const al = (b: number) => Math.ceil(b / 16) * 16;

function layoutFor(rLen: number, tLen: number, ntp2: number, nall: number, rows: number, entries: number): Layout {
  let o = 0;
  const take = (bytes: number) => {
    const at = o;
    o = al(o + bytes);
    return at;
  };
  const L = {
    R: take(8 * rLen),
    T: take(8 * tLen),
    offR: take(4 * ntp2),
    offT: take(4 * ntp2),
    x: take(24 * nall),
    type: take(4 * nall),
    rho: take(8 * nall),
    fp: take(8 * nall),
    f: take(24 * nall),
    first: take(4 * (rows + 1)),
    list: take(4 * (entries + 2)),
    pj: take(4 * (entries + 2)),
    pr: take(8 * (entries + 2)),
    end: take(4 * (rows + 1)),
    total: 0,
    nall,
    rows,
    entries,
    rLen,
    tLen,
    ntp2,
  };
  L.total = o;
  return L;
}

// This thread's state: layout, cached tables and rows, and the last density call's slice.
let lay: Layout | null = null;
let cR: Float64Array | null = null,
  cT: Float64Array | null = null,
  cOff: Int32Array | null = null;
let cList: Int32Array | null = null;
let cVersion = -1,
  cI0 = -1,
  cI1 = -1,
  cK0 = -1,
  cK1 = -1;
/** Slice [armedI0, armedI1) of the last density call whose pair cache the force call may read. */
let armedI0 = -1,
  armedI1 = -1,
  armedNall = -1;

/**
 * eamRhoSlice (eam_kernel.ts) through the kernel, plus nall (extended atoms) and listVersion
 * (NeighborList.version, or -1 when unknown: rows are then copied every call). Returns false, having
 * done nothing, where the kernel does not apply (no WebAssembly SIMD, memory above MAX_BYTES): the
 * caller then runs the JavaScript loops, both of them (eamSimdSwitch is the caller's to check). The
 * pair cache stays in the module memory.
 */
export function eamSimdRho(
  x: Float64Array,
  type: Int32Array,
  offset: Int32Array,
  nl: Int32Array,
  listVersion: number,
  i0: number,
  i1: number,
  nall: number,
  rho: Float64Array,
  cutsq: number,
  rdr: number,
  nrm1: number,
  ntp: number,
  R: Float64Array,
  T: Float64Array,
  tOff: Int32Array,
): boolean {
  armedI0 = armedI1 = -1;
  if (kernel === null) return false;
  const k0 = offset[i0],
    k1 = offset[i1];
  const rows = i1 - i0,
    entries = k1 - k0;
  const ntp2 = ntp * ntp;
  let L = lay;
  if (
    L === null ||
    L.rLen !== R.length ||
    L.tLen !== T.length ||
    L.ntp2 !== ntp2 ||
    L.nall < nall ||
    L.rows < rows ||
    L.entries < entries
  ) {
    // A new layout with room to spare, so that it holds from one list build to the next.
    const grow = (n: number, have: number) => (n <= have ? have : Math.ceil(n * 1.15) + 64);
    L = layoutFor(
      R.length,
      T.length,
      ntp2,
      grow(nall, L?.nall ?? 0),
      grow(rows, L?.rows ?? 0),
      grow(entries, L?.entries ?? 0),
    );
    if (L.total > MAX_BYTES) return false;
    growMemory(kernel.memory, L.total);
    lay = L;
    cR = cT = cOff = cList = null; // everything moved: recopy
  }
  const buf = kernel.memory.buffer;
  const f64 = new Float64Array(buf),
    i32 = new Int32Array(buf);
  if (R !== cR || T !== cT || tOff !== cOff) {
    f64.set(R, L.R >> 3);
    f64.set(T, L.T >> 3);
    // Absolute byte addresses of each ordered type pair's knot 0 (tOff is in doubles of T).
    for (let k = 0; k < ntp2; k++) {
      i32[(L.offR >> 2) + k] = L.R + 4 * tOff[k];
      i32[(L.offT >> 2) + k] = L.T + 8 * tOff[k];
    }
    cR = R;
    cT = T;
    cOff = tOff;
  }
  if (
    listVersion < 0 ||
    nl !== cList ||
    listVersion !== cVersion ||
    i0 !== cI0 ||
    i1 !== cI1 ||
    k0 !== cK0 ||
    k1 !== cK1
  ) {
    const fi = L.first >> 2;
    for (let i = i0; i <= i1; i++) i32[fi + i - i0] = offset[i] - k0;
    i32.set(nl.subarray(k0, k1), L.list >> 2);
    cList = nl;
    cVersion = listVersion;
    cI0 = i0;
    cI1 = i1;
    cK0 = k0;
    cK1 = k1;
  }
  f64.set(x.subarray(0, 3 * nall), L.x >> 3);
  i32.set(type.subarray(0, nall), L.type >> 2);
  f64.set(rho.subarray(0, nall), L.rho >> 3);
  // Row bases shifted by the slice start (i32 arithmetic wraps; the sums land inside the copies).
  kernel.rho(
    i0,
    i1,
    (L.first - 4 * i0) | 0,
    L.list,
    L.x,
    L.type,
    L.rho,
    L.offR,
    L.pj,
    L.pr,
    (L.end - 4 * i0) | 0,
    ntp,
    nrm1,
    cutsq,
    rdr,
  );
  rho.set(f64.subarray(L.rho >> 3, (L.rho >> 3) + nall));
  armedI0 = i0;
  armedI1 = i1;
  armedNall = nall;
  return true;
}

/** Forget the last density call (a JavaScript density loop ran instead). */
export function eamSimdDisarm(): void {
  armedI0 = armedI1 = -1;
}

/** Whether the last eamSimdRho call on this thread ran the kernel for slice [i0, i1). */
export function eamSimdArmed(i0: number, i1: number): boolean {
  return armedI0 === i0 && armedI1 === i1;
}

/**
 * eamForceSlice (eam_kernel.ts) through the kernel over the pairs the last eamSimdRho call on this
 * thread kept for the same slice (eamSimdArmed must hold; x and type are the copies of that call).
 * f (nall x 3) accumulates, fp (nall) is F'(rho); returns the pair energy when eflag.
 */
export function eamSimdForce(
  i0: number,
  i1: number,
  fp: Float64Array,
  f: Float64Array,
  rdr: number,
  nrm1: number,
  ntp: number,
  eflag: boolean,
): number {
  const L = lay;
  if (kernel === null || L === null || !eamSimdArmed(i0, i1))
    throw new Error('eam SIMD kernel: force call without the density call of the same slice');
  const nall = armedNall;
  const f64 = new Float64Array(kernel.memory.buffer);
  f64.set(fp.subarray(0, nall), L.fp >> 3);
  f64.set(f.subarray(0, 3 * nall), L.f >> 3);
  const e = kernel.force(
    i0,
    i1,
    (L.end - 4 * i0) | 0,
    L.pj,
    L.pr,
    L.x,
    L.type,
    L.fp,
    L.f,
    L.offT,
    ntp,
    nrm1,
    eflag ? 1 : 0,
    rdr,
  );
  f.set(f64.subarray(L.f >> 3, (L.f >> 3) + 3 * nall));
  armedI0 = armedI1 = -1;
  return e;
}
