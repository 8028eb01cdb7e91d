/**
 * The float64 reference evaluator of a DeePMD-kit energy model (se_e2_a / se_e2_r + energy fitting),
 * bound once from a ModelSpec and then called every step with extended (local + ghost) atoms and a
 * full neighbor list, as a `pair_style deepmd` does:
 *
 *   formatNeighbors -> envMat -> embedding (G, dG/ds) -> contraction (D) -> fitting (E_i, dE/dD)
 *   -> contraction backward (dE/dR) -> prodForceVirial (forces on extended atoms, virial, atom virial)
 *
 * Work is done in chunks of local atoms, so memory beyond per-atom outputs is O(chunk), independent
 * of N; the hot loops do not allocate. Forces/atom virials land on extended atoms: fold ghosts into
 * their owners afterwards (Ghosts.fold).
 */
import { bindNet, EmbedScratch, embedForwardD, MlpTape, mlpBackward, mlpForward, type BoundNet } from './network.js';
import {
  bindEnvironment,
  contractA, contractABackward, contractR, contractRBackward, envMat, formatNeighbors, grBackward, NeighborScratch,
  prodForceVirial, type EnvParams,
} from './kernels.js';
import { locate, type CompressTable } from './compress.js';
import type { ModelSpec } from './spec.js';

/** Extended atoms: locals first (Ghosts satisfies this). xAll: nall x 3, type: nall (model type indices). */
export interface ExtendedAtoms {
  nlocal: number;
  nall: number;
  xAll: Float64Array;
  type: Int32Array;
}

/** Full neighbor list in CSR form over extended indices (NeighborList(half=false) satisfies this). */
export interface FullNeighbors {
  offset: Int32Array;
  list: Int32Array;
}

export interface EvalOutput {
  /** nlocal atomic energies (written), or null. Energy units of the model (eV). */
  atomEnergy: Float64Array | null;
  /** nall x 3 forces, accumulated (eV/Å). */
  force: Float64Array;
  /** 9 (row-major), accumulated: W_ab = sum_i r_ia F_ib (eV). */
  virial: Float64Array;
  /** nall x 9 per-atom virial, accumulated, or null. */
  atomVirial: Float64Array | null;
}

export interface EvaluatorOptions {
  /** Local atoms per chunk (default: sized so G stays near 1M doubles). */
  chunk?: number;
  /** Where the one-time "neighbors beyond sel" warning goes (default console.warn). */
  warn?: (msg: string) => void;
}

export class DeepPotEvaluator {
  readonly typeMap: string[];
  readonly ntypes: number;
  readonly rcut: number;
  readonly sel: number[];
  readonly nnei: number;
  readonly chunk: number;
  /** Neighbors within rcut that got no slot in the last compute(). */
  lastDropped = 0;
  /**
   * Wall time (ms) spent per stage, accumulated over compute() calls while `profile` is true:
   * [neighbor slots, environment matrix, embedding + contraction, fitting (forward + backward),
   *  contraction backward (tabulated: with the embedding derivative), forces/virial].
   */
  readonly stageMs = new Float64Array(6);
  /** Tabulated (compressed) embedding in use. */
  readonly compressed: boolean;
  /** Slots of the last compute() whose embedding input lay beyond the compression table. */
  lastOutOfTable = 0;
  private warnedTable = false;
  profile = false;
  private warned = false;
  private readonly warn: (msg: string) => void;
  private readonly isA: boolean;
  private readonly ng: number;
  private readonly axis: number;
  private readonly dimD: number;
  private readonly sec: Int32Array;
  private readonly env: EnvParams;
  private readonly pairExcl: Uint8Array | null;
  private readonly emb: (BoundNet | null)[];
  private readonly typeOneSide: boolean;
  private readonly fit: BoundNet[];
  private readonly tapes: MlpTape[];
  private readonly biasAtomE: Float64Array;
  private readonly outBias: Float64Array;
  private readonly fitExcl: Uint8Array;
  private readonly atomExcl: Uint8Array;
  // chunk buffers
  private readonly nlist: Int32Array;
  private readonly envV: Float64Array;
  private readonly envD: Float64Array;
  private readonly rij: Float64Array;
  private readonly G: Float64Array;
  private readonly dG: Float64Array;
  private readonly gr: Float64Array;
  private readonly D: Float64Array;
  private readonly dD: Float64Array;
  private readonly dEnv: Float64Array;
  private readonly dgr: Float64Array;
  private readonly sbuf: Float64Array;
  private readonly esc: EmbedScratch;
  private readonly nsc = new NeighborScratch();
  private readonly rows: Int32Array;
  private readonly ones: Float64Array;
  private readonly eChunk: Float64Array;
  /** Embedding of the padded-slot input per (centre type, slot): G and dG/ds, ntypes x nnei x ng. */
  private readonly padG: Float64Array;
  private readonly padDG: Float64Array;
  /** se_e2_a: suffix sums within each type block of G_pad^T R_pad, ntypes x (nnei + 1) x ng x 4. */
  private readonly padSuf: Float64Array;
  private readonly tables: (CompressTable | null)[] | null;
  private readonly slotOff: Int32Array;
  private readonly slotX: Float64Array;
  private readonly loc = new Float64Array(1);

  constructor(readonly spec: ModelSpec, opts: EvaluatorOptions = {}) {
    const d = spec.descriptor;
    this.typeMap = [...spec.typeMap];
    this.ntypes = spec.typeMap.length;
    this.rcut = d.rcut;
    this.sel = [...d.sel];
    this.nnei = d.sel.reduce((a, b) => a + b, 0);
    this.isA = d.type === 'se_e2_a';
    this.ng = d.neuron[d.neuron.length - 1];
    this.axis = this.isA ? d.axisNeuron : 0;
    this.dimD = this.isA ? this.ng * this.axis : this.ng;
    this.warn = opts.warn ?? ((m) => console.warn(m));
    const nt = this.ntypes;
    const bound = bindEnvironment(spec);
    const ncomp = bound.ncomp;
    this.sec = bound.sec;
    this.env = bound.env;
    this.pairExcl = bound.pairExcl;
    this.typeOneSide = d.typeOneSide;
    this.emb = d.embeddings.map((n) => (n ? bindNet(n) : null));
    this.fit = spec.fitting.nets.map(bindNet);
    this.biasAtomE = Float64Array.from(spec.fitting.biasAtomE);
    this.outBias = Float64Array.from(spec.outBias);
    this.fitExcl = new Uint8Array(nt);
    for (const t of spec.fitting.excludeTypes) this.fitExcl[t] = 1;
    this.atomExcl = new Uint8Array(nt);
    for (const t of spec.atomExcludeTypes) this.atomExcl[t] = 1;

    const comp = this.isA && d.compress ? d.compress : null;
    this.compressed = comp !== null;
    this.tables = comp ? comp.tables : null;
    const perAtom = this.compressed ? this.nnei * 8 : this.nnei * this.ng;
    const C = Math.max(1, Math.floor(opts.chunk ?? Math.min(256, Math.max(8, Math.floor(1_000_000 / perAtom)))));
    this.chunk = C;
    const nn = C * this.nnei;
    this.nlist = new Int32Array(nn);
    this.envV = new Float64Array(nn * ncomp);
    this.envD = new Float64Array(nn * ncomp * 3);
    this.rij = new Float64Array(nn * 3);
    this.G = new Float64Array(this.compressed ? 0 : nn * this.ng);
    this.dG = new Float64Array(this.compressed ? 0 : nn * this.ng);
    this.slotOff = new Int32Array(this.compressed ? nn : 0);
    this.slotX = new Float64Array(this.compressed ? nn : 0);
    this.gr = new Float64Array(this.isA ? C * this.ng * 4 : 0);
    this.D = new Float64Array(C * this.dimD);
    this.dD = new Float64Array(C * this.dimD);
    this.dEnv = new Float64Array(nn * ncomp);
    this.dgr = new Float64Array(this.ng * 4);
    const maxSel = Math.max(...d.sel);
    this.sbuf = new Float64Array(maxSel);
    let maxW = 1;
    for (const n of this.emb) if (n) maxW = Math.max(maxW, n.maxWidth);
    this.esc = new EmbedScratch(maxSel, maxW);
    this.tapes = this.fit.map((n) => new MlpTape(n, C));
    this.rows = new Int32Array(C);
    this.ones = new Float64Array(C).fill(1);
    this.eChunk = new Float64Array(C);
    // Padded slots carry -davg/dstd of (centre type, slot): embed those inputs once, here.
    const ng = this.ng, nnei = this.nnei;
    this.padG = new Float64Array(nt * nnei * ng);
    this.padDG = new Float64Array(nt * nnei * ng);
    const sPad = new Float64Array(maxSel);
    for (let ti = 0; ti < nt; ti++) {
      for (let t = 0; t < nt; t++) {
        const net = this.emb[this.typeOneSide ? t : ti + t * nt];
        if (!net) continue;
        for (let q = 0; q < d.sel[t]; q++) {
          const no = (ti * nnei + this.sec[t] + q) * ncomp;
          sPad[q] = -this.env.davg[no] / this.env.dstd[no];
        }
        embedForwardD(net, sPad, 0, d.sel[t], this.padG, this.padDG, (ti * nnei + this.sec[t]) * ng, this.esc);
      }
    }
    this.padSuf = new Float64Array(this.isA ? nt * (nnei + 1) * ng * 4 : 0);
    if (this.isA) {
      for (let ti = 0; ti < nt; ti++) {
        for (let t = 0; t < nt; t++) {
          for (let q = this.sec[t + 1] - 1; q >= this.sec[t]; q--) {
            const o = (ti * (nnei + 1) + q) * ng * 4, on = o + ng * 4, no = (ti * nnei + q) * 4, go = (ti * nnei + q) * ng;
            const end = q === this.sec[t + 1] - 1;
            for (let m = 0; m < ng; m++) {
              for (let c = 0; c < 4; c++) {
                this.padSuf[o + 4 * m + c] = (end ? 0 : this.padSuf[on + 4 * m + c]) + this.padG[go + m] * (-this.env.davg[no + c] / this.env.dstd[no + c]);
              }
            }
          }
        }
      }
    }
  }

  /**
   * Energy, forces and virials of the local atoms of `ext` with neighbor candidates `nl` (any cutoff
   * >= rcut; entries beyond rcut are ignored). Returns the total energy (eV); fills `out` (forces and
   * virials accumulated on extended atoms, atomEnergy written per local atom).
   */
  compute(ext: ExtendedAtoms, nl: FullNeighbors, out: EvalOutput): number {
    const { nlocal, nall, xAll: x, type } = ext;
    const nt = this.ntypes, nnei = this.nnei, ng = this.ng, C = this.chunk, ncomp = this.env.ncomp;
    for (let k = 0; k < nall; k++) {
      const t = type[k];
      if (!(t >= 0 && t < nt)) throw new Error(`deepmd: atom ${k} has type index ${t}, model has ${nt} types (${this.typeMap.join(' ')})`);
    }
    let etot = 0;
    let dropped = 0;
    this.lastOutOfTable = 0;
    const prof = this.profile, st = this.stageMs;
    let t0 = prof ? performance.now() : 0;
    const lap = (k: number): void => {
      if (!prof) return;
      const t1 = performance.now();
      st[k] += t1 - t0;
      t0 = t1;
    };
    for (let i0 = 0; i0 < nlocal; i0 += C) {
      const nc = Math.min(C, nlocal - i0);
      // 1. dense per-type neighbor slots
      for (let a = 0; a < nc; a++) {
        const i = i0 + a;
        dropped += formatNeighbors(i, nl.list, nl.offset[i], nl.offset[i + 1], x, type, this.rcut, this.sel, this.sec, nt,
          this.pairExcl, this.nlist, a * nnei, this.nsc);
      }
      lap(0);
      // 2. environment matrix and its derivative
      envMat(this.env, i0, nc, this.nlist, x, type, this.envV, this.envD, this.rij);
      lap(1);
      // 3-4. embedding and descriptor
      if (this.compressed) this.tabulatedForward(i0, nc, type);
      else {
        this.embed(i0, nc, type);
        if (this.isA) contractA(nc, nnei, ng, this.axis, this.G, this.envV, this.gr, this.D);
        else contractR(nc, nnei, ng, this.G, this.D);
      }
      lap(2);
      // 5. fitting per type: atomic energies and dE/dD
      this.fitChunk(i0, nc, type);
      for (let a = 0; a < nc; a++) {
        etot += this.eChunk[a];
        if (out.atomEnergy) out.atomEnergy[i0 + a] = this.eChunk[a];
      }
      lap(3);
      // 6. backward through the contraction to dE/dR
      if (this.compressed) this.tabulatedBackward(i0, nc, type);
      else if (this.isA) contractABackward(nc, nnei, ng, this.axis, this.G, this.dG, this.envV, this.gr, this.dD, this.dgr, this.dEnv, this.nlist);
      else contractRBackward(nc, nnei, ng, this.dG, this.dD, this.dEnv);
      lap(4);
      // 7. forces and virials
      prodForceVirial(i0, nc, nnei, ncomp, this.nlist, this.dEnv, this.envD, this.rij, out.force, out.virial, out.atomVirial);
      lap(5);
    }
    if (this.lastOutOfTable > 0 && !this.warnedTable) {
      this.warnedTable = true;
      this.warn(`deepmd: ${this.lastOutOfTable} neighbor slot(s) lie beyond the compression table (closer than its min_nbor_dist = ` +
        `${this.spec.descriptor.compress?.minNborDist} Å allows, times the extrapolation); their embedding is clamped (warned once)`);
    }
    this.lastDropped = dropped;
    if (dropped > 0 && !this.warned) {
      this.warned = true;
      this.warn(`deepmd: ${dropped} neighbor(s) within rcut = ${this.rcut} did not fit in sel = [${this.sel.join(', ')}] and were ` +
        'dropped (the farthest, as DeePMD-kit does); results may be inaccurate; increase sel when training (warned once)');
    }
    return etot;
  }

  /** Number of leading real slots of a type block, and whether all later slots are padding. */
  private blockSplit(base: number, n: number): number {
    let nr = 0;
    while (nr < n && this.nlist[base + nr] >= 0) nr++;
    for (let q = nr; q < n; q++) if (this.nlist[base + q] >= 0) return n; // padding in the middle: no shortcut
    return nr;
  }

  /** Embedding nets on the chunk: G, dG (nc x nnei x ng); padded tails copied from the per-type cache. */
  private embed(i0: number, nc: number, type: Int32Array): void {
    const nt = this.ntypes, nnei = this.nnei, ng = this.ng, ncomp = this.env.ncomp;
    for (let a = 0; a < nc; a++) {
      const ti = type[i0 + a];
      for (let t = 0; t < nt; t++) {
        const n = this.sel[t];
        const base = a * nnei + this.sec[t];
        const net = this.emb[this.typeOneSide ? t : ti + t * nt];
        if (!net) {
          this.G.fill(0, base * ng, (base + n) * ng);
          this.dG.fill(0, base * ng, (base + n) * ng);
          continue;
        }
        const m = this.blockSplit(base, n);
        if (m > 0) {
          for (let s = 0; s < m; s++) this.sbuf[s] = this.envV[(base + s) * ncomp];
          embedForwardD(net, this.sbuf, 0, m, this.G, this.dG, base * ng, this.esc);
        }
        if (m < n) {
          const po = (ti * nnei + this.sec[t]) * ng;
          this.G.set(this.padG.subarray(po + m * ng, po + n * ng), (base + m) * ng);
          this.dG.set(this.padDG.subarray(po + m * ng, po + n * ng), (base + m) * ng);
        }
      }
    }
  }

  /** Fitting nets per centre type on the chunk's D: eChunk (nc) and dD (nc x dimD). */
  private fitChunk(i0: number, nc: number, type: Int32Array): void {
    const nt = this.ntypes, dimD = this.dimD;
    this.dD.fill(0, 0, nc * dimD);
    for (let t = 0; t < nt; t++) {
      let nr = 0;
      for (let a = 0; a < nc; a++) if (type[i0 + a] === t) this.rows[nr++] = a;
      if (nr === 0) continue;
      if (this.atomExcl[t] || this.fitExcl[t]) {
        const e = this.atomExcl[t] ? 0 : this.outBias[t];
        for (let r = 0; r < nr; r++) this.eChunk[this.rows[r]] = e;
        continue;
      }
      const net = this.fit[t], tape = this.tapes[t];
      const x0 = tape.xs[0];
      for (let r = 0; r < nr; r++) x0.set(this.D.subarray(this.rows[r] * dimD, (this.rows[r] + 1) * dimD), r * dimD);
      mlpForward(net, nr, tape);
      const y = tape.xs[net.layers.length];
      // DeePMD-kit order: (fit + bias_atom_e) + out_bias
      for (let r = 0; r < nr; r++) this.eChunk[this.rows[r]] = y[r] + this.biasAtomE[t] + this.outBias[t];
      mlpBackward(net, nr, tape, this.ones, x0);
      for (let r = 0; r < nr; r++) this.dD.set(x0.subarray(r * dimD, (r + 1) * dimD), this.rows[r] * dimD);
    }
  }

  /**
   * Compressed se_e2_a forward, fused with the contraction (G is never stored): per real slot,
   * locate s in the table, evaluate the ng quintics and accumulate gr += G^T R; padded tails add the
   * precomputed suffix sum. Then D = gr gr[:axis]^T. Remembers each slot's table offset for the backward.
   */
  private tabulatedForward(i0: number, nc: number, type: Int32Array): void {
    const nt = this.ntypes, nnei = this.nnei, ng = this.ng, axis = this.axis, gr = this.gr, env = this.envV, loc = this.loc;
    const tables = this.tables!;
    const inv = 1 / nnei;
    for (let a = 0; a < nc; a++) {
      const ti = type[i0 + a];
      const go = a * ng * 4;
      gr.fill(0, go, go + ng * 4);
      for (let t = 0; t < nt; t++) {
        const tab = tables[this.typeOneSide ? t : ti + t * nt];
        if (!tab) continue;
        const data = tab.data, n = this.sel[t], base = a * nnei + this.sec[t];
        const m = this.blockSplit(base, n);
        for (let q = 0; q < m; q++) {
          const slot = base + q;
          const e0 = env[4 * slot], e1 = env[4 * slot + 1], e2 = env[4 * slot + 2], e3 = env[4 * slot + 3];
          if (e0 >= tab.max) this.lastOutOfTable++;
          const off = locate(tab, ng, e0, loc);
          const xx = loc[0];
          this.slotOff[slot] = off; this.slotX[slot] = xx;
          for (let mm = 0, c = off, o = go; mm < ng; mm++, c += 6, o += 4) {
            const g = data[c] + xx * (data[c + 1] + xx * (data[c + 2] + xx * (data[c + 3] + xx * (data[c + 4] + xx * data[c + 5]))));
            gr[o] += g * e0; gr[o + 1] += g * e1; gr[o + 2] += g * e2; gr[o + 3] += g * e3;
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
          this.D[dO + mm * axis + n] = gr[om] * gr[on] + gr[om + 1] * gr[on + 1] + gr[om + 2] * gr[on + 2] + gr[om + 3] * gr[on + 3];
        }
      }
    }
  }

  /** Compressed backward: dEnv = dE/dR for real slots from the tables (G and dG/ds recomputed); 0 for padding. */
  private tabulatedBackward(i0: number, nc: number, type: Int32Array): void {
    const nt = this.ntypes, nnei = this.nnei, ng = this.ng, env = this.envV, dEnv = this.dEnv, dgr = this.dgr;
    const tables = this.tables!;
    for (let a = 0; a < nc; a++) {
      const ti = type[i0 + a];
      grBackward(ng, this.axis, 1 / nnei, this.gr, a * ng * 4, this.dD, a * ng * this.axis, dgr);
      for (let t = 0; t < nt; t++) {
        const tab = tables[this.typeOneSide ? t : ti + t * nt];
        const n = this.sel[t], base = a * nnei + this.sec[t];
        for (let q = 0; q < n; q++) {
          const slot = base + q;
          if (!tab || this.nlist[slot] < 0) {
            dEnv[4 * slot] = dEnv[4 * slot + 1] = dEnv[4 * slot + 2] = dEnv[4 * slot + 3] = 0;
            continue;
          }
          const data = tab.data, off = this.slotOff[slot], xx = this.slotX[slot];
          const e0 = env[4 * slot], e1 = env[4 * slot + 1], e2 = env[4 * slot + 2], e3 = env[4 * slot + 3];
          let r0 = 0, r1 = 0, r2 = 0, r3 = 0, ds = 0;
          for (let mm = 0, c = off, o = 0; mm < ng; mm++, c += 6, o += 4) {
            const c1 = data[c + 1], c2 = data[c + 2], c3 = data[c + 3], c4 = data[c + 4], c5 = data[c + 5];
            const g = data[c] + xx * (c1 + xx * (c2 + xx * (c3 + xx * (c4 + xx * c5))));
            const dg = c1 + xx * (2 * c2 + xx * (3 * c3 + xx * (4 * c4 + xx * 5 * c5)));
            const q0 = dgr[o], q1 = dgr[o + 1], q2 = dgr[o + 2], q3 = dgr[o + 3];
            r0 += q0 * g; r1 += q1 * g; r2 += q2 * g; r3 += q3 * g;
            ds += (q0 * e0 + q1 * e1 + q2 * e2 + q3 * e3) * dg;
          }
          dEnv[4 * slot] = r0 + ds; dEnv[4 * slot + 1] = r1; dEnv[4 * slot + 2] = r2; dEnv[4 * slot + 3] = r3;
        }
      }
    }
  }
}
