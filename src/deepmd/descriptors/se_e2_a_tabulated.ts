/**
 * Compressed se_e2_a (DeePMD-kit `dp compress`): the embedding nets replaced by the quintic tables
 * of compress.ts, evaluated fused with the contraction so G is never stored. Forward: per real slot,
 * locate s in the table, evaluate the ng quintics and accumulate gr += G^T R; padded tails add a
 * suffix sum precomputed at bind time. Then D = gr gr[:axis]^T. Backward recomputes G and dG/ds from
 * the remembered table offsets. Bound once per evaluator (se_e2_a.ts bindTabulated).
 */
import { grBackward } from '../kernels.js';
import { locate, type CompressSpec, type CompressTable } from '../compress.js';
import type { BoundTabulated, TabulatedContext } from './descriptor.js';
import { REC_DOUBLES, TableWasm } from './table_wasm.js';

export class SeATabulated implements BoundTabulated {
  private readonly nt: number;
  private readonly nnei: number;
  private readonly ng: number;
  private readonly axis: number;
  private readonly sel: number[];
  private readonly sec: Int32Array;
  private readonly typeOneSide: boolean;
  private readonly tables: (CompressTable | null)[];
  /** gr of the chunk: nc x ng x 4. */
  private readonly gr: Float64Array;
  private readonly dgr: Float64Array;
  /** Suffix sums within each type block of G_pad^T R_pad, ntypes x (nnei + 1) x ng x 4. */
  private readonly padSuf: Float64Array;
  private readonly slotOff: Int32Array;
  private readonly slotX: Float64Array;
  private readonly loc = new Float64Array(1);
  /** The WebAssembly SIMD kernels (table_wasm.ts), or null: the JavaScript loops below. */
  private readonly wk: TableWasm | null;
  readonly kernel: 'wasm' | 'js';
  readonly minNborDist: number;

  constructor(comp: CompressSpec, axis: number, c: TabulatedContext) {
    const tables = comp.tables;
    this.minNborDist = comp.minNborDist;
    const nt = c.ntypes,
      nnei = c.nnei,
      ng = c.ng;
    this.nt = nt;
    this.nnei = nnei;
    this.ng = ng;
    this.axis = axis;
    this.sel = c.sel;
    this.sec = c.sec;
    this.typeOneSide = c.typeOneSide;
    this.tables = tables;
    this.gr = new Float64Array(c.chunk * ng * 4);
    this.dgr = new Float64Array(ng * 4);
    this.slotOff = new Int32Array(c.chunk * nnei);
    this.slotX = new Float64Array(c.chunk * nnei);
    this.padSuf = new Float64Array(nt * (nnei + 1) * ng * 4);
    this.wk = TableWasm.create(tables, ng, axis, nnei, c.chunk, Math.max(...c.sel));
    this.kernel = this.wk ? 'wasm' : 'js';
    for (let ti = 0; ti < nt; ti++) {
      for (let t = 0; t < nt; t++) {
        for (let q = this.sec[t + 1] - 1; q >= this.sec[t]; q--) {
          const o = (ti * (nnei + 1) + q) * ng * 4,
            on = o + ng * 4,
            no = (ti * nnei + q) * 4,
            go = (ti * nnei + q) * ng;
          const end = q === this.sec[t + 1] - 1;
          for (let m = 0; m < ng; m++) {
            for (let cc = 0; cc < 4; cc++) {
              this.padSuf[o + 4 * m + cc] =
                (end ? 0 : this.padSuf[on + 4 * m + cc]) + c.padG[go + m] * (-c.davg[no + cc] / c.dstd[no + cc]);
            }
          }
        }
      }
    }
  }

  /** Number of leading real slots of a type block, and whether all later slots are padding. */
  private blockSplit(nlist: Int32Array, base: number, n: number): number {
    let nr = 0;
    while (nr < n && nlist[base + nr] >= 0) nr++;
    for (let q = nr; q < n; q++) if (nlist[base + q] >= 0) return n; // padding in the middle: no shortcut
    return nr;
  }

  forward(i0: number, nc: number, type: Int32Array, nlist: Int32Array, env: Float64Array, D: Float64Array): number {
    if (this.wk) return this.forwardWasm(this.wk, i0, nc, type, nlist, env, D);
    const nt = this.nt,
      nnei = this.nnei,
      ng = this.ng,
      axis = this.axis,
      gr = this.gr,
      loc = this.loc,
      slotOff = this.slotOff,
      slotX = this.slotX;
    const tables = this.tables;
    const inv = 1 / nnei;
    let outOfTable = 0;
    for (let a = 0; a < nc; a++) {
      const ti = type[i0 + a];
      const go = a * ng * 4;
      gr.fill(0, go, go + ng * 4);
      for (let t = 0; t < nt; t++) {
        const tab = tables[this.typeOneSide ? t : ti + t * nt];
        if (!tab) continue;
        const data = tab.data,
          n = this.sel[t],
          base = a * nnei + this.sec[t];
        const m = this.blockSplit(nlist, base, n);
        for (let q = 0; q < m; q++) {
          const slot = base + q;
          if (env[4 * slot] >= tab.max) outOfTable++;
          slotOff[slot] = locate(tab, ng, env[4 * slot], loc);
          slotX[slot] = loc[0];
        }
        // Two slots per pass: each gr row is loaded and stored once for both (half the memory traffic
        // of one slot at a time; measured 15% of the compressed step).
        let q = 0;
        for (; q + 1 < m; q += 2) {
          const sa = base + q,
            sb = sa + 1;
          const a0 = env[4 * sa],
            a1 = env[4 * sa + 1],
            a2 = env[4 * sa + 2],
            a3 = env[4 * sa + 3];
          const b0 = env[4 * sb],
            b1 = env[4 * sb + 1],
            b2 = env[4 * sb + 2],
            b3 = env[4 * sb + 3];
          const xa = slotX[sa],
            xb = slotX[sb];
          for (let mm = 0, ca = slotOff[sa], cb = slotOff[sb], o = go; mm < ng; mm++, ca += 6, cb += 6, o += 4) {
            const ga =
              data[ca] +
              xa * (data[ca + 1] + xa * (data[ca + 2] + xa * (data[ca + 3] + xa * (data[ca + 4] + xa * data[ca + 5]))));
            const gb =
              data[cb] +
              xb * (data[cb + 1] + xb * (data[cb + 2] + xb * (data[cb + 3] + xb * (data[cb + 4] + xb * data[cb + 5]))));
            gr[o] += ga * a0 + gb * b0;
            gr[o + 1] += ga * a1 + gb * b1;
            gr[o + 2] += ga * a2 + gb * b2;
            gr[o + 3] += ga * a3 + gb * b3;
          }
        }
        if (q < m) {
          const slot = base + q;
          const e0 = env[4 * slot],
            e1 = env[4 * slot + 1],
            e2 = env[4 * slot + 2],
            e3 = env[4 * slot + 3];
          const xx = slotX[slot];
          for (let mm = 0, c = slotOff[slot], o = go; mm < ng; mm++, c += 6, o += 4) {
            const g =
              data[c] +
              xx * (data[c + 1] + xx * (data[c + 2] + xx * (data[c + 3] + xx * (data[c + 4] + xx * data[c + 5]))));
            gr[o] += g * e0;
            gr[o + 1] += g * e1;
            gr[o + 2] += g * e2;
            gr[o + 3] += g * e3;
          }
        }
        if (m < n) {
          const so = (ti * (nnei + 1) + this.sec[t] + m) * ng * 4;
          for (let k = 0; k < ng * 4; k++) gr[go + k] += this.padSuf[so + k];
        }
      }
      for (let k = 0; k < ng * 4; k++) gr[go + k] *= inv;
      this.descriptorRow(go, a * ng * axis, D);
    }
    return outOfTable;
  }

  /** D row of one atom from its (scaled) gr at go: D[m][n] = Σ_c gr[m][c] gr[n][c], n < axis. */
  private descriptorRow(go: number, dO: number, D: Float64Array): void {
    const gr = this.gr,
      ng = this.ng,
      axis = this.axis;
    for (let mm = 0; mm < ng; mm++) {
      const om = go + 4 * mm;
      for (let n = 0; n < axis; n++) {
        const on = go + 4 * n;
        D[dO + mm * axis + n] =
          gr[om] * gr[on] + gr[om + 1] * gr[on + 1] + gr[om + 2] * gr[on + 2] + gr[om + 3] * gr[on + 3];
      }
    }
  }

  /**
   * forward on the WebAssembly kernel: per type block the real slots' records (table address, x, R row)
   * go to module memory, fwd accumulates gr there (c-major, bit-identical to the loops of forward), the
   * padded tail's suffix sum is added between blocks in the same order, then gr is scaled and D formed
   * as in forward. The records stay for backwardWasm.
   */
  private forwardWasm(
    wk: TableWasm,
    i0: number,
    nc: number,
    type: Int32Array,
    nlist: Int32Array,
    env: Float64Array,
    D: Float64Array,
  ): number {
    const nt = this.nt,
      nnei = this.nnei,
      ng = this.ng,
      ngp = wk.ngp,
      loc = this.loc,
      heap = wk.heap,
      grB = wk.grBase,
      recB = wk.recBase;
    const tables = this.tables;
    let outOfTable = 0;
    for (let a = 0; a < nc; a++) {
      const ti = type[i0 + a];
      heap.fill(0, grB, grB + 4 * ngp);
      for (let t = 0; t < nt; t++) {
        const k = this.typeOneSide ? t : ti + t * nt;
        const tab = tables[k];
        if (!tab) continue;
        const n = this.sel[t],
          base = a * nnei + this.sec[t],
          tb = wk.tabBase[k];
        const m = this.blockSplit(nlist, base, n);
        for (let q = 0; q < m; q++) {
          const slot = base + q,
            r = recB + REC_DOUBLES * slot;
          const s = env[4 * slot];
          if (s >= tab.max) outOfTable++;
          const off = locate(tab, ng, s, loc); // interval · ng · 6
          heap[r] = 8 * (tb + (off / ng) * ngp);
          heap[r + 1] = loc[0];
          heap[r + 2] = s;
          heap[r + 3] = env[4 * slot + 1];
          heap[r + 4] = env[4 * slot + 2];
          heap[r + 5] = env[4 * slot + 3];
        }
        if (m > 0) {
          if (m & 1) {
            // dummy partner: a valid interval, x = 0, R = 0 (adds ±0 to every gr element)
            const r = recB + REC_DOUBLES * (base + m);
            heap[r] = heap[r - REC_DOUBLES];
            heap.fill(0, r + 1, r + REC_DOUBLES);
          }
          wk.fwd(8 * grB, 8 * (recB + REC_DOUBLES * base), m + (m & 1));
        }
        if (m < n) {
          const so = (ti * (nnei + 1) + this.sec[t] + m) * ng * 4;
          for (let mm = 0; mm < ng; mm++)
            for (let cc = 0; cc < 4; cc++) heap[grB + cc * ngp + mm] += this.padSuf[so + 4 * mm + cc];
        }
      }
      wk.fin(8 * grB, 8 * (wk.gr4Base + a * ng * 4), 8 * (wk.dBase + a * ng * this.axis));
    }
    D.set(heap.subarray(wk.dBase, wk.dBase + nc * ng * this.axis));
    return outOfTable;
  }

  /**
   * backward on the WebAssembly kernel: dgr (grBackward) goes to module memory c-major, bwd runs over
   * each block's records from forwardWasm, and the two lanes of each sum are added here:
   * dEnv = (r_0 + ds, r_1, r_2, r_3); padded and table-less slots get 0 as in backward.
   */
  private backwardWasm(
    wk: TableWasm,
    i0: number,
    nc: number,
    type: Int32Array,
    nlist: Int32Array,
    dD: Float64Array,
    dEnv: Float64Array,
  ): void {
    const nt = this.nt,
      nnei = this.nnei,
      ng = this.ng,
      heap = wk.heap,
      dgrB = wk.dgrBase,
      outB = wk.outBase,
      recB = wk.recBase;
    const tables = this.tables;
    heap.set(dD.subarray(0, nc * ng * this.axis), wk.dBase);
    for (let a = 0; a < nc; a++) {
      const ti = type[i0 + a];
      wk.grb(8 * (wk.gr4Base + a * ng * 4), 8 * (wk.dBase + a * ng * this.axis), 8 * dgrB);
      for (let t = 0; t < nt; t++) {
        const tab = tables[this.typeOneSide ? t : ti + t * nt];
        const n = this.sel[t],
          base = a * nnei + this.sec[t];
        const m = tab ? this.blockSplit(nlist, base, n) : 0;
        if (m > 0) wk.bwd(8 * dgrB, 8 * (recB + REC_DOUBLES * base), m, 8 * outB);
        for (let q = 0; q < m; q++) {
          const s = base + q;
          if (nlist[s] < 0) {
            dEnv[4 * s] = dEnv[4 * s + 1] = dEnv[4 * s + 2] = dEnv[4 * s + 3] = 0;
            continue;
          }
          const o = outB + 10 * q;
          dEnv[4 * s] = heap[o] + heap[o + 1] + (heap[o + 8] + heap[o + 9]);
          dEnv[4 * s + 1] = heap[o + 2] + heap[o + 3];
          dEnv[4 * s + 2] = heap[o + 4] + heap[o + 5];
          dEnv[4 * s + 3] = heap[o + 6] + heap[o + 7];
        }
        for (let q = m; q < n; q++) {
          const s = base + q;
          dEnv[4 * s] = dEnv[4 * s + 1] = dEnv[4 * s + 2] = dEnv[4 * s + 3] = 0;
        }
      }
    }
  }

  backward(
    i0: number,
    nc: number,
    type: Int32Array,
    nlist: Int32Array,
    env: Float64Array,
    dD: Float64Array,
    dEnv: Float64Array,
  ): void {
    if (this.wk) {
      this.backwardWasm(this.wk, i0, nc, type, nlist, dD, dEnv);
      return;
    }
    const nt = this.nt,
      nnei = this.nnei,
      ng = this.ng,
      dgr = this.dgr,
      slotOff = this.slotOff,
      slotX = this.slotX;
    const tables = this.tables;
    for (let a = 0; a < nc; a++) {
      const ti = type[i0 + a];
      grBackward(ng, this.axis, 1 / nnei, this.gr, a * ng * 4, dD, a * ng * this.axis, dgr);
      for (let t = 0; t < nt; t++) {
        const tab = tables[this.typeOneSide ? t : ti + t * nt];
        const n = this.sel[t],
          base = a * nnei + this.sec[t];
        let q = 0;
        while (q < n) {
          const sa = base + q;
          if (!tab || nlist[sa] < 0) {
            dEnv[4 * sa] = dEnv[4 * sa + 1] = dEnv[4 * sa + 2] = dEnv[4 * sa + 3] = 0;
            q++;
            continue;
          }
          const data = tab.data,
            sb = sa + 1;
          if (q + 1 < n && nlist[sb] >= 0) {
            // two real slots per pass: the dgr row is loaded once for both
            const xa = slotX[sa],
              xb = slotX[sb];
            const a0 = env[4 * sa],
              a1 = env[4 * sa + 1],
              a2 = env[4 * sa + 2],
              a3 = env[4 * sa + 3];
            const b0 = env[4 * sb],
              b1 = env[4 * sb + 1],
              b2 = env[4 * sb + 2],
              b3 = env[4 * sb + 3];
            let ra0 = 0,
              ra1 = 0,
              ra2 = 0,
              ra3 = 0,
              dsa = 0,
              rb0 = 0,
              rb1 = 0,
              rb2 = 0,
              rb3 = 0,
              dsb = 0;
            for (let mm = 0, ca = slotOff[sa], cb = slotOff[sb], o = 0; mm < ng; mm++, ca += 6, cb += 6, o += 4) {
              const q0 = dgr[o],
                q1 = dgr[o + 1],
                q2 = dgr[o + 2],
                q3 = dgr[o + 3];
              let c1 = data[ca + 1],
                c2 = data[ca + 2],
                c3 = data[ca + 3],
                c4 = data[ca + 4],
                c5 = data[ca + 5];
              const ga = data[ca] + xa * (c1 + xa * (c2 + xa * (c3 + xa * (c4 + xa * c5))));
              const dga = c1 + xa * (2 * c2 + xa * (3 * c3 + xa * (4 * c4 + xa * 5 * c5)));
              c1 = data[cb + 1];
              c2 = data[cb + 2];
              c3 = data[cb + 3];
              c4 = data[cb + 4];
              c5 = data[cb + 5];
              const gb = data[cb] + xb * (c1 + xb * (c2 + xb * (c3 + xb * (c4 + xb * c5))));
              const dgb = c1 + xb * (2 * c2 + xb * (3 * c3 + xb * (4 * c4 + xb * 5 * c5)));
              ra0 += q0 * ga;
              ra1 += q1 * ga;
              ra2 += q2 * ga;
              ra3 += q3 * ga;
              rb0 += q0 * gb;
              rb1 += q1 * gb;
              rb2 += q2 * gb;
              rb3 += q3 * gb;
              dsa += (q0 * a0 + q1 * a1 + q2 * a2 + q3 * a3) * dga;
              dsb += (q0 * b0 + q1 * b1 + q2 * b2 + q3 * b3) * dgb;
            }
            dEnv[4 * sa] = ra0 + dsa;
            dEnv[4 * sa + 1] = ra1;
            dEnv[4 * sa + 2] = ra2;
            dEnv[4 * sa + 3] = ra3;
            dEnv[4 * sb] = rb0 + dsb;
            dEnv[4 * sb + 1] = rb1;
            dEnv[4 * sb + 2] = rb2;
            dEnv[4 * sb + 3] = rb3;
            q += 2;
            continue;
          }
          const xx = slotX[sa];
          const e0 = env[4 * sa],
            e1 = env[4 * sa + 1],
            e2 = env[4 * sa + 2],
            e3 = env[4 * sa + 3];
          let r0 = 0,
            r1 = 0,
            r2 = 0,
            r3 = 0,
            ds = 0;
          for (let mm = 0, c = slotOff[sa], o = 0; mm < ng; mm++, c += 6, o += 4) {
            const c1 = data[c + 1],
              c2 = data[c + 2],
              c3 = data[c + 3],
              c4 = data[c + 4],
              c5 = data[c + 5];
            const g = data[c] + xx * (c1 + xx * (c2 + xx * (c3 + xx * (c4 + xx * c5))));
            const dg = c1 + xx * (2 * c2 + xx * (3 * c3 + xx * (4 * c4 + xx * 5 * c5)));
            const q0 = dgr[o],
              q1 = dgr[o + 1],
              q2 = dgr[o + 2],
              q3 = dgr[o + 3];
            r0 += q0 * g;
            r1 += q1 * g;
            r2 += q2 * g;
            r3 += q3 * g;
            ds += (q0 * e0 + q1 * e1 + q2 * e2 + q3 * e3) * dg;
          }
          dEnv[4 * sa] = r0 + ds;
          dEnv[4 * sa + 1] = r1;
          dEnv[4 * sa + 2] = r2;
          dEnv[4 * sa + 3] = r3;
          q++;
        }
      }
    }
  }
}
