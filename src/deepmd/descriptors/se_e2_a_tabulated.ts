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
    const nt = this.nt,
      nnei = this.nnei,
      ng = this.ng,
      axis = this.axis,
      gr = this.gr,
      loc = this.loc;
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
          const e0 = env[4 * slot],
            e1 = env[4 * slot + 1],
            e2 = env[4 * slot + 2],
            e3 = env[4 * slot + 3];
          if (e0 >= tab.max) outOfTable++;
          const off = locate(tab, ng, e0, loc);
          const xx = loc[0];
          this.slotOff[slot] = off;
          this.slotX[slot] = xx;
          for (let mm = 0, c = off, o = go; mm < ng; mm++, c += 6, o += 4) {
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
      const dO = a * ng * axis;
      for (let mm = 0; mm < ng; mm++) {
        const om = go + 4 * mm;
        for (let n = 0; n < axis; n++) {
          const on = go + 4 * n;
          D[dO + mm * axis + n] =
            gr[om] * gr[on] + gr[om + 1] * gr[on + 1] + gr[om + 2] * gr[on + 2] + gr[om + 3] * gr[on + 3];
        }
      }
    }
    return outOfTable;
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
    const nt = this.nt,
      nnei = this.nnei,
      ng = this.ng,
      dgr = this.dgr;
    const tables = this.tables;
    for (let a = 0; a < nc; a++) {
      const ti = type[i0 + a];
      grBackward(ng, this.axis, 1 / nnei, this.gr, a * ng * 4, dD, a * ng * this.axis, dgr);
      for (let t = 0; t < nt; t++) {
        const tab = tables[this.typeOneSide ? t : ti + t * nt];
        const n = this.sel[t],
          base = a * nnei + this.sec[t];
        for (let q = 0; q < n; q++) {
          const slot = base + q;
          if (!tab || nlist[slot] < 0) {
            dEnv[4 * slot] = dEnv[4 * slot + 1] = dEnv[4 * slot + 2] = dEnv[4 * slot + 3] = 0;
            continue;
          }
          const data = tab.data,
            off = this.slotOff[slot],
            xx = this.slotX[slot];
          const e0 = env[4 * slot],
            e1 = env[4 * slot + 1],
            e2 = env[4 * slot + 2],
            e3 = env[4 * slot + 3];
          let r0 = 0,
            r1 = 0,
            r2 = 0,
            r3 = 0,
            ds = 0;
          for (let mm = 0, c = off, o = 0; mm < ng; mm++, c += 6, o += 4) {
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
          dEnv[4 * slot] = r0 + ds;
          dEnv[4 * slot + 1] = r1;
          dEnv[4 * slot + 2] = r2;
          dEnv[4 * slot + 3] = r3;
        }
      }
    }
  }
}
