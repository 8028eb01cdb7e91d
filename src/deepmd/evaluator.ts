/**
 * The float64 reference evaluator of a DeePMD-kit energy model (any registered descriptor + energy fitting),
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
  envMat,
  formatNeighbors,
  NeighborScratch,
  prodForceVirial,
  type EnvParams,
} from './kernels.js';
import type { ModelSpec } from './spec.js';
import type { BoundContraction, BoundTabulated } from './descriptors/descriptor.js';
import { descriptorModule } from './descriptors/registry.js';

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
  /** The compressed path's table kernels ('wasm': WebAssembly SIMD, 'js'), null when not compressed. */
  get tableKernel(): 'wasm' | 'js' | null {
    return this.tab ? this.tab.kernel : null;
  }
  /** Slots of the last compute() whose embedding input lay beyond the compression table. */
  lastOutOfTable = 0;
  private warnedTable = false;
  profile = false;
  private warned = false;
  private readonly warn: (msg: string) => void;
  private readonly ng: number;
  private readonly dimD: number;
  /** The descriptor's contraction, bound once (descriptors/). */
  private readonly contraction: BoundContraction;
  /** The descriptor's tabulated (compressed) path, or null. */
  private readonly tab: BoundTabulated | null;
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
  private readonly D: Float64Array;
  private readonly dD: Float64Array;
  private readonly dEnv: Float64Array;
  private readonly sbuf: Float64Array;
  private readonly esc: EmbedScratch;
  private readonly nsc = new NeighborScratch();
  private readonly rows: Int32Array;
  private readonly ones: Float64Array;
  private readonly eChunk: Float64Array;
  /** Embedding of the padded-slot input per (centre type, slot): G and dG/ds, ntypes x nnei x ng. */
  private readonly padG: Float64Array;
  private readonly padDG: Float64Array;

  constructor(
    readonly spec: ModelSpec,
    opts: EvaluatorOptions = {},
  ) {
    const d = spec.descriptor;
    this.typeMap = [...spec.typeMap];
    this.ntypes = spec.typeMap.length;
    this.rcut = d.rcut;
    this.sel = [...d.sel];
    this.nnei = d.sel.reduce((a, b) => a + b, 0);
    const desc = descriptorModule(d);
    this.ng = d.neuron[d.neuron.length - 1];
    this.dimD = desc.dimD(d);
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

    this.compressed = desc.isCompressed(d);
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
    this.D = new Float64Array(C * this.dimD);
    this.dD = new Float64Array(C * this.dimD);
    this.dEnv = new Float64Array(nn * ncomp);
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
    const ng = this.ng,
      nnei = this.nnei;
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
    this.contraction = desc.bind(desc.settings(d), { ng, nnei, chunk: C });
    this.tab = this.compressed
      ? desc.bindTabulated(d, {
          ntypes: nt,
          nnei,
          ng,
          chunk: C,
          sel: this.sel,
          sec: this.sec,
          typeOneSide: this.typeOneSide,
          padG: this.padG,
          davg: this.env.davg,
          dstd: this.env.dstd,
        })
      : null;
  }

  /**
   * Energy, forces and virials of the local atoms of `ext` with neighbor candidates `nl` (any cutoff
   * >= rcut; entries beyond rcut are ignored). Returns the total energy (eV); fills `out` (forces and
   * virials accumulated on extended atoms, atomEnergy written per local atom).
   * `first`..`end` (default all local atoms) restricts the work to those centre atoms: the threaded
   * evaluator (evaluator_threads.ts) gives each thread a slice; energies and forces are then the slice's
   * share (forces still land on any extended atom).
   */
  compute(ext: ExtendedAtoms, nl: FullNeighbors, out: EvalOutput, first = 0, end = ext.nlocal): number {
    const { nall, xAll: x, type } = ext;
    const nt = this.ntypes,
      nnei = this.nnei,
      _ng = this.ng,
      C = this.chunk,
      ncomp = this.env.ncomp;
    for (let k = 0; k < nall; k++) {
      const t = type[k];
      if (!(t >= 0 && t < nt))
        throw new Error(`deepmd: atom ${k} has type index ${t}, model has ${nt} types (${this.typeMap.join(' ')})`);
    }
    let etot = 0;
    let dropped = 0;
    this.lastOutOfTable = 0;
    const prof = this.profile,
      st = this.stageMs;
    let t0 = prof ? performance.now() : 0;
    const lap = (k: number): void => {
      if (!prof) return;
      const t1 = performance.now();
      st[k] += t1 - t0;
      t0 = t1;
    };
    for (let i0 = first; i0 < end; i0 += C) {
      const nc = Math.min(C, end - i0);
      // 1. dense per-type neighbor slots
      for (let a = 0; a < nc; a++) {
        const i = i0 + a;
        dropped += formatNeighbors(
          i,
          nl.list,
          nl.offset[i],
          nl.offset[i + 1],
          x,
          type,
          this.rcut,
          this.sel,
          this.sec,
          nt,
          this.pairExcl,
          this.nlist,
          a * nnei,
          this.nsc,
        );
      }
      lap(0);
      // 2. environment matrix and its derivative
      envMat(this.env, i0, nc, this.nlist, x, type, this.envV, this.envD, this.rij);
      lap(1);
      // 3-4. embedding and descriptor
      if (this.tab) this.lastOutOfTable += this.tab.forward(i0, nc, type, this.nlist, this.envV, this.D);
      else {
        this.embed(i0, nc, type);
        this.contraction.forward(nc, this.G, this.envV, this.D);
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
      if (this.tab) this.tab.backward(i0, nc, type, this.nlist, this.envV, this.dD, this.dEnv);
      else this.contraction.backward(nc, this.G, this.dG, this.envV, this.dD, this.dEnv, this.nlist);
      lap(4);
      // 7. forces and virials
      prodForceVirial(
        i0,
        nc,
        nnei,
        ncomp,
        this.nlist,
        this.dEnv,
        this.envD,
        this.rij,
        out.force,
        out.virial,
        out.atomVirial,
      );
      lap(5);
    }
    if (this.lastOutOfTable > 0 && !this.warnedTable) {
      this.warnedTable = true;
      this.warn(
        `deepmd: ${this.lastOutOfTable} neighbor slot(s) lie beyond the compression table (closer than its min_nbor_dist = ` +
          `${this.tab?.minNborDist} Å allows, times the extrapolation); their embedding is clamped (warned once)`,
      );
    }
    this.lastDropped = dropped;
    if (dropped > 0 && !this.warned) {
      this.warned = true;
      this.warn(
        `deepmd: ${dropped} neighbor(s) within rcut = ${this.rcut} did not fit in sel = [${this.sel.join(', ')}] and were ` +
          'dropped (the farthest, as DeePMD-kit does); results may be inaccurate; increase sel when training (warned once)',
      );
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
    const nt = this.ntypes,
      nnei = this.nnei,
      ng = this.ng,
      ncomp = this.env.ncomp;
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
    const nt = this.ntypes,
      dimD = this.dimD;
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
      const net = this.fit[t],
        tape = this.tapes[t];
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
}
