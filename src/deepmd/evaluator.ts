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
  contractA, contractABackward, contractR, contractRBackward, envMat, formatNeighbors, NeighborScratch,
  prodForceVirial, type EnvParams,
} from './kernels.js';
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
    this.sec = new Int32Array(nt + 1);
    for (let t = 0; t < nt; t++) this.sec[t + 1] = this.sec[t] + d.sel[t];
    const pairMask = (pairs: [number, number][]): Uint8Array | null => {
      if (pairs.length === 0) return null;
      const m = new Uint8Array(nt * nt);
      for (const [a, b] of pairs) { m[a * nt + b] = 1; m[b * nt + a] = 1; }
      return m;
    };
    const ncomp = this.isA ? 4 : 1;
    this.env = {
      rcut: d.rcut, rcutSmth: d.rcutSmth, protection: d.envProtection, ntypes: nt, nnei: this.nnei, ncomp,
      davg: Float64Array.from(d.davg), dstd: Float64Array.from(d.dstd), excl: pairMask(d.excludeTypes),
    };
    this.pairExcl = pairMask(spec.pairExcludeTypes);
    this.typeOneSide = d.typeOneSide;
    this.emb = d.embeddings.map((n) => (n ? bindNet(n) : null));
    this.fit = spec.fitting.nets.map(bindNet);
    this.biasAtomE = Float64Array.from(spec.fitting.biasAtomE);
    this.outBias = Float64Array.from(spec.outBias);
    this.fitExcl = new Uint8Array(nt);
    for (const t of spec.fitting.excludeTypes) this.fitExcl[t] = 1;
    this.atomExcl = new Uint8Array(nt);
    for (const t of spec.atomExcludeTypes) this.atomExcl[t] = 1;

    const perAtom = this.nnei * this.ng;
    const C = Math.max(1, Math.floor(opts.chunk ?? Math.min(256, Math.max(8, Math.floor(1_000_000 / perAtom)))));
    this.chunk = C;
    const nn = C * this.nnei;
    this.nlist = new Int32Array(nn);
    this.envV = new Float64Array(nn * ncomp);
    this.envD = new Float64Array(nn * ncomp * 3);
    this.rij = new Float64Array(nn * 3);
    this.G = new Float64Array(nn * this.ng);
    this.dG = new Float64Array(nn * this.ng);
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
    for (let i0 = 0; i0 < nlocal; i0 += C) {
      const nc = Math.min(C, nlocal - i0);
      // 1. dense per-type neighbor slots
      for (let a = 0; a < nc; a++) {
        const i = i0 + a;
        dropped += formatNeighbors(i, nl.list, nl.offset[i], nl.offset[i + 1], x, type, this.rcut, this.sel, this.sec, nt,
          this.pairExcl, this.nlist, a * nnei, this.nsc);
      }
      // 2. environment matrix and its derivative
      envMat(this.env, i0, nc, this.nlist, x, type, this.envV, this.envD, this.rij);
      // 3. embedding nets: G and dG/ds per slot
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
          for (let s = 0; s < n; s++) this.sbuf[s] = this.envV[(base + s) * ncomp];
          embedForwardD(net, this.sbuf, 0, n, this.G, this.dG, base * ng, this.esc);
        }
      }
      // 4. descriptor
      if (this.isA) contractA(nc, nnei, ng, this.axis, this.G, this.envV, this.gr, this.D);
      else contractR(nc, nnei, ng, this.G, this.D);
      // 5. fitting per type: atomic energies and dE/dD
      const dimD = this.dimD;
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
      for (let a = 0; a < nc; a++) {
        etot += this.eChunk[a];
        if (out.atomEnergy) out.atomEnergy[i0 + a] = this.eChunk[a];
      }
      // 6. backward through the contraction to dE/dR
      if (this.isA) contractABackward(nc, nnei, ng, this.axis, this.G, this.dG, this.envV, this.gr, this.dD, this.dgr, this.dEnv);
      else contractRBackward(nc, nnei, ng, this.dG, this.dD, this.dEnv);
      // 7. forces and virials
      prodForceVirial(i0, nc, nnei, ncomp, this.nlist, this.dEnv, this.envD, this.rij, out.force, out.virial, out.atomVirial);
    }
    this.lastDropped = dropped;
    if (dropped > 0 && !this.warned) {
      this.warned = true;
      this.warn(`deepmd: ${dropped} neighbor(s) within rcut = ${this.rcut} did not fit in sel = [${this.sel.join(', ')}] and were ` +
        'dropped (the farthest, as DeePMD-kit does); results may be inaccurate; increase sel when training (warned once)');
    }
    return etot;
  }
}
