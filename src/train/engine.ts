/**
 * Energy, forces, virial and the parameter gradient of the DeePMD-kit `ener` loss for one prepared
 * frame, over a range of local atoms (so worker threads can split a frame), float64, chunked.
 *
 * Pass 1 (first order): env -> embedding (G, dG/ds) -> contraction (gr, D) -> fitting (E_i, dE/dD)
 *   -> contraction backward (dE/dR) -> forces f (nall x 3, folded to owners) and virial W.
 * Loss seeds (loss.ts): eE = dL/dE, u = dL/dF (nloc x 3), V = dL/dW (9).
 * Pass 2 reuses pass 1's environment matrix and embedding tapes (one slab per chunk) when it follows
 * pass 1 of the same frame and atom range, as it does in a training step; parameters must not change
 * in between (else call invalidate()).
 * Pass 2 (gradient): the force and virial terms are a directional derivative of E,
 *   sum_k u_k . F_k + sum_ab V_ab W_ab = sum_slots g_ij . t_ij,  g_ij = dE/dr_ij,
 *   t_ij = u[map i] - u[map j] - V r_ij,
 *   = sum_slots sum_c dE/dR_jc tau_jc = dE/dR . tau,   tau_jc = (dR_jc/dr_ij) . t_ij,
 * i.e. the tangent Edot of E when the environment matrix moves along tau. So
 *   dL/dtheta = d/dtheta [ eE E + Edot ],
 * computed by a dual (value + tangent) forward of the whole model in env space and one reverse pass
 * (tangent_net.ts). The embedding input is one scalar per slot, so its tangent is dG/ds * s_dot: the
 * nets run with unit tangents and the reverse seeds the tangent adjoint with s_dot * Gdot_bar.
 * The descriptor's contraction (D from G and env), its tangent and reverse come from its module
 * (src/deepmd/descriptors/), bound once here.
 * Shapes (nc atoms in a chunk): env nc x nnei x ncomp, G nc x nnei x ng, D nc x dimD.
 */
import { envMat, prodForceVirial, type EnvParams } from '../deepmd/kernels.js';
import type { BoundContraction } from '../deepmd/descriptors/descriptor.js';
import type { PreparedFrame } from './frame.js';
import { NetTape } from './tangent_net.js';
import type { TrainModel } from './model.js';

export interface Pass1Out {
  /** Sum of atomic energies of atoms [a0, a1) incl. bias_atom_e. */
  energy: number;
  /** nloc x 3, accumulated (all atoms get contributions through neighbors). */
  force: Float64Array;
  /** 9, accumulated. */
  virial: Float64Array;
}

export class FrameEngine {
  private readonly chunk: number;
  private readonly sec: Int32Array;
  // per-chunk storage (a slab per chunk of the last pass 1, reused by pass 2 of the same frame)
  private env!: Float64Array;
  private envD!: Float64Array;
  private rij!: Float64Array;
  private G!: Float64Array;
  private dG!: Float64Array;
  private embTapes!: NetTape[];
  private readonly slabs: {
    env: Float64Array;
    envD: Float64Array;
    rij: Float64Array;
    G: Float64Array;
    dG: Float64Array;
    tapes: NetTape[];
  }[] = [];
  private cached: { frame: PreparedFrame; a0: number; a1: number } | null = null;
  private readonly tau: Float64Array;
  private readonly Gb: Float64Array;
  private readonly Gdb: Float64Array;
  private readonly D: Float64Array;
  private readonly Dd: Float64Array;
  private readonly Db: Float64Array;
  private readonly Ddb: Float64Array;
  private readonly DbAtom: Float64Array;
  private readonly DdbAtom: Float64Array;
  private readonly dEnv: Float64Array;
  private readonly fAll: Float64Array[] = [new Float64Array(0)];
  private readonly scratchTapes: NetTape[];
  private readonly fitTapes: NetTape[];
  /** Per embedding net: first slot of each row and one past its last slot (a padded-slot row stands for all padded slots of its block). */
  private readonly rows: Int32Array[];
  private readonly rowEnd: Int32Array[];
  private readonly nrows: Int32Array;
  private readonly padSame: Uint8Array;
  private readonly fitRows: Int32Array[];
  private readonly nfit: Int32Array;
  private readonly ones: Float64Array;
  private readonly envP: EnvParams;
  private readonly contraction: BoundContraction;

  constructor(
    readonly model: TrainModel,
    chunk = 16,
  ) {
    const m = model,
      c = m.cfg,
      nt = m.ntypes,
      nnei = m.nnei,
      ncomp = m.ncomp,
      ng = m.ng;
    this.chunk = chunk;
    this.contraction = m.desc.bind(c, { ng, nnei, chunk });
    this.sec = new Int32Array(nt + 1);
    for (let t = 0; t < nt; t++) this.sec[t + 1] = this.sec[t] + c.sel[t];
    const S = chunk * nnei;
    this.tau = new Float64Array(S * ncomp);
    this.dEnv = new Float64Array(S * ncomp);
    this.Gb = new Float64Array(S * ng);
    this.Gdb = new Float64Array(S * ng);
    const dd = chunk * m.dimD;
    this.D = new Float64Array(dd);
    this.Dd = new Float64Array(dd);
    this.Db = new Float64Array(dd);
    this.Ddb = new Float64Array(dd);
    this.DbAtom = new Float64Array(dd);
    this.DdbAtom = new Float64Array(dd);
    this.scratchTapes = m.embeddings.map(
      (net, k) => new NetTape(net, chunk * c.sel[c.typeOneSide ? k : Math.floor(k / nt)]),
    );
    this.useSlab(0);
    this.rows = m.embeddings.map((_, k) => new Int32Array(chunk * c.sel[c.typeOneSide ? k : Math.floor(k / nt)]));
    this.rowEnd = m.embeddings.map((_, k) => new Int32Array(chunk * c.sel[c.typeOneSide ? k : Math.floor(k / nt)]));
    this.nrows = new Int32Array(m.embeddings.length);
    this.padSame = new Uint8Array(nt);
    this.fitTapes = m.fittings.map((net) => new NetTape(net, chunk));
    this.fitRows = m.fittings.map(() => new Int32Array(chunk));
    this.nfit = new Int32Array(nt);
    this.ones = new Float64Array(chunk).fill(1);
    this.envP = {
      rcut: c.rcut,
      rcutSmth: c.rcutSmth,
      protection: c.envProtection,
      ntypes: nt,
      nnei,
      ncomp,
      davg: m.davg,
      dstd: m.dstd,
      excl: null,
    };
  }

  /** Point the chunk buffers at slab c (allocated on first use; slab 0 shares the scratch tapes). */
  private useSlab(c: number): void {
    while (this.slabs.length <= c) {
      const m = this.model,
        S = this.chunk * m.nnei,
        ncomp = m.ncomp,
        ng = m.ng,
        k = this.slabs.length;
      this.slabs.push({
        env: new Float64Array(S * ncomp),
        envD: new Float64Array(S * ncomp * 3),
        rij: new Float64Array(S * 3),
        G: new Float64Array(S * ng),
        dG: new Float64Array(S * ng),
        tapes:
          k === 0
            ? this.scratchTapes
            : m.embeddings.map((net, e) => new NetTape(net, this.scratchTapes[e].maxRows, this.scratchTapes[e])),
      });
    }
    const sl = this.slabs[c];
    this.env = sl.env;
    this.envD = sl.envD;
    this.rij = sl.rij;
    this.G = sl.G;
    this.dG = sl.dG;
    this.embTapes = sl.tapes;
  }

  /** Forget the pass-1 data kept for pass 2 (call after changing parameters between the passes). */
  invalidate(): void {
    this.cached = null;
  }

  /**
   * Slot rows per embedding net and atom rows per fitting net for atoms i0..i0+nc. Padded slots of a
   * (centre atom, neighbor type) block all carry the same input (-davg/dstd, tiled over slots by the
   * statistics), so one row computes them all (about a third of the rows for water); if a model's
   * davg/dstd vary over slots, every padded slot gets its own row.
   */
  private plan(fr: PreparedFrame, i0: number, nc: number): void {
    const m = this.model,
      nt = m.ntypes,
      nnei = m.nnei,
      ncomp = m.ncomp,
      sec = this.sec,
      one = m.cfg.typeOneSide;
    for (let t = 0; t < nt; t++) {
      let same = 1;
      const o = t * nnei * ncomp;
      for (let s = 1; s < nnei && same; s++) {
        if (m.davg[o + s * ncomp] !== m.davg[o] || m.dstd[o + s * ncomp] !== m.dstd[o]) same = 0;
      }
      this.padSame[t] = same;
    }
    this.nrows.fill(0);
    this.nfit.fill(0);
    const nl = fr.nlist;
    for (let a = 0; a < nc; a++) {
      const ti = fr.type[i0 + a],
        base = (i0 + a) * nnei,
        dedup = this.padSame[ti] === 1;
      this.fitRows[ti][this.nfit[ti]++] = a;
      for (let tt = 0; tt < nt; tt++) {
        const k = one ? tt : ti + tt * nt;
        const r = this.rows[k],
          re = this.rowEnd[k];
        let n = this.nrows[k];
        const end = sec[tt + 1];
        for (let s = sec[tt]; s < end; s++) {
          r[n] = a * nnei + s;
          if (dedup && nl[base + s] < 0) {
            re[n++] = a * nnei + end;
            break;
          }
          re[n++] = a * nnei + s + 1;
        }
        this.nrows[k] = n;
      }
    }
  }

  /** Embedding forward (unit tangent) for every net; scatter G, dG. */
  private embed(): void {
    const m = this.model,
      ng = m.ng,
      ncomp = m.ncomp,
      env = this.env,
      G = this.G,
      dG = this.dG;
    m.embeddings.forEach((net, k) => {
      const n = this.nrows[k];
      if (n === 0) return;
      const tape = this.embTapes[k],
        r = this.rows[k],
        x0 = tape.X[0],
        xd0 = tape.Xd[0];
      for (let q = 0; q < n; q++) {
        x0[q] = env[r[q] * ncomp];
        xd0[q] = 1;
      }
      net.forward(tape, n, true);
      const y = tape.X[net.layers.length],
        yd = tape.Xd[net.layers.length],
        re = this.rowEnd[k];
      for (let q = 0; q < n; q++) {
        const p = q * ng;
        for (let sl = r[q]; sl < re[q]; sl++) {
          const o = sl * ng;
          for (let mm = 0; mm < ng; mm++) {
            G[o + mm] = y[p + mm];
            dG[o + mm] = yd[p + mm];
          }
        }
      }
    });
  }

  private chunkEnv(fr: PreparedFrame, i0: number, nc: number): void {
    const nnei = this.model.nnei;
    envMat(
      this.envP,
      i0,
      nc,
      fr.nlist.subarray(i0 * nnei, (i0 + nc) * nnei),
      fr.xAll,
      fr.type,
      this.env,
      this.envD,
      this.rij,
    );
  }

  /**
   * Pass 1 for local atoms [a0, a1): adds energy, forces (folded to owners, out.force nloc x 3) and virial.
   */
  pass1(fr: PreparedFrame, a0: number, a1: number, out: Pass1Out): void {
    this.pass1Groups(fr, [a0, a1], 0, 1, [out]);
  }

  /**
   * Pass 1 for the atom groups g0..g1-1 (group g = local atoms [bounds[g], bounds[g+1])): each group's
   * energy, forces and virial are added into its own outs[g - g0], so that the caller can sum groups in
   * a fixed order whatever thread ran them (train/batch_grad.ts).
   */
  pass1Groups(fr: PreparedFrame, bounds: ArrayLike<number>, g0: number, g1: number, outs: Pass1Out[]): void {
    if (this.fAll[0].length < 3 * fr.nall) this.fAll[0] = new Float64Array(3 * fr.nall);
    const f = this.fAll[0];
    this.cached = null;
    let ci = 0;
    for (let g = g0; g < g1; g++) {
      const out = outs[g - g0],
        a1 = bounds[g + 1];
      f.fill(0, 0, 3 * fr.nall);
      for (let i0 = bounds[g]; i0 < a1; i0 += this.chunk, ci++) {
        this.chunk1(fr, i0, Math.min(this.chunk, a1 - i0), ci, f, out);
      }
      const map = fr.map,
        F = out.force;
      for (let k = 0; k < fr.nall; k++) {
        const o = 3 * map[k];
        F[o] += f[3 * k];
        F[o + 1] += f[3 * k + 1];
        F[o + 2] += f[3 * k + 2];
      }
    }
    this.cached = { frame: fr, a0: bounds[g0], a1: bounds[g1] };
  }

  /** One chunk of pass 1 (nc atoms from i0, slab ci): energies into out, atom forces into f (nall x 3). */
  private chunk1(fr: PreparedFrame, i0: number, nc: number, ci: number, f: Float64Array, out: Pass1Out): void {
    const m = this.model,
      nnei = m.nnei,
      ncomp = m.ncomp,
      dimD = m.dimD;
    this.useSlab(ci);
    this.plan(fr, i0, nc);
    this.chunkEnv(fr, i0, nc);
    this.embed();
    this.contraction.forward(nc, this.G, this.env, this.D);
    m.fittings.forEach((net, t) => {
      const n = this.nfit[t];
      if (n === 0) return;
      const tape = this.fitTapes[t],
        rws = this.fitRows[t],
        x0 = tape.X[0];
      for (let q = 0; q < n; q++) x0.set(this.D.subarray(rws[q] * dimD, (rws[q] + 1) * dimD), q * dimD);
      net.forward(tape, n, false);
      const y = tape.X[net.layers.length];
      for (let q = 0; q < n; q++) out.energy += y[q] + m.biasAtomE[t];
      net.backward(tape, n, this.ones, null, false, this.Db, null);
      for (let q = 0; q < n; q++) this.DbAtom.set(this.Db.subarray(q * dimD, (q + 1) * dimD), rws[q] * dimD);
    });
    const nl = fr.nlist.subarray(i0 * nnei, (i0 + nc) * nnei);
    this.contraction.backward(nc, this.G, this.dG, this.env, this.DbAtom, this.dEnv, nl);
    prodForceVirial(i0, nc, nnei, ncomp, nl, this.dEnv, this.envD, this.rij, f, out.virial, null);
  }

  /**
   * Pass 2 for local atoms [a0, a1): accumulates into the model's Param.grad the gradient of
   * eE * E + sum_k u_k . F_k + sum_ab V_ab W_ab (u: nloc x 3, V: 9, either may be null).
   */
  pass2(fr: PreparedFrame, a0: number, a1: number, eE: number, u: Float64Array | null, V: Float64Array | null): void {
    this.pass2Groups(fr, [a0, a1], 0, 1, eE, u, V, null);
  }

  /**
   * Pass 2 for the atom groups g0..g1-1 of pass1Groups: with grads, group g's gradient accumulates into
   * grads[g - g0] (the model's Param.grad views point there meanwhile and at model.flatGrad after);
   * without, into model.flatGrad.
   */
  pass2Groups(
    fr: PreparedFrame,
    bounds: ArrayLike<number>,
    g0: number,
    g1: number,
    eE: number,
    u: Float64Array | null,
    V: Float64Array | null,
    grads: Float64Array[] | null,
  ): void {
    const a0 = bounds[g0],
      a1 = bounds[g1];
    const reuse = this.cached !== null && this.cached.frame === fr && this.cached.a0 === a0 && this.cached.a1 === a1;
    if (!reuse) this.cached = null; // slab 0 is about to be overwritten
    let ci = 0;
    try {
      for (let g = g0; g < g1; g++) {
        if (grads) this.model.pointGrads(grads[g - g0]);
        const b1 = bounds[g + 1];
        for (let i0 = bounds[g]; i0 < b1; i0 += this.chunk, ci++) {
          this.chunk2(fr, i0, Math.min(this.chunk, b1 - i0), reuse ? ci : 0, reuse, eE, u, V);
        }
      }
    } finally {
      if (grads) this.model.pointGrads(this.model.flatGrad);
    }
  }

  /** One chunk of pass 2 (nc atoms from i0, slab ci; reuse: the slab still holds pass 1's tapes). */
  private chunk2(
    fr: PreparedFrame,
    i0: number,
    nc: number,
    ci: number,
    reuse: boolean,
    eE: number,
    u: Float64Array | null,
    V: Float64Array | null,
  ): void {
    const m = this.model,
      nnei = m.nnei,
      ng = m.ng,
      ncomp = m.ncomp,
      dimD = m.dimD;
    const tau = this.tau,
      Gb = this.Gb,
      Gdb = this.Gdb;
    const map = fr.map;
    this.useSlab(ci);
    const env = this.env,
      envD = this.envD,
      rij = this.rij,
      G = this.G,
      dG = this.dG;
    this.plan(fr, i0, nc);
    if (!reuse) this.chunkEnv(fr, i0, nc);
    // tau = envD . t_ij
    for (let a = 0; a < nc; a++) {
      const i = map[i0 + a];
      for (let s = 0; s < nnei; s++) {
        const slot = a * nnei + s,
          j = fr.nlist[(i0 + a) * nnei + s];
        if (j < 0) {
          for (let c = 0; c < ncomp; c++) tau[slot * ncomp + c] = 0;
          continue;
        }
        let tx = 0,
          ty = 0,
          tz = 0;
        if (u) {
          const jo = 3 * map[j];
          tx = u[3 * i] - u[jo];
          ty = u[3 * i + 1] - u[jo + 1];
          tz = u[3 * i + 2] - u[jo + 2];
        }
        if (V) {
          const rx = rij[3 * slot],
            ry = rij[3 * slot + 1],
            rz = rij[3 * slot + 2];
          tx -= V[0] * rx + V[1] * ry + V[2] * rz;
          ty -= V[3] * rx + V[4] * ry + V[5] * rz;
          tz -= V[6] * rx + V[7] * ry + V[8] * rz;
        }
        for (let c = 0; c < ncomp; c++) {
          const o = (slot * ncomp + c) * 3;
          tau[slot * ncomp + c] = envD[o] * tx + envD[o + 1] * ty + envD[o + 2] * tz;
        }
      }
    }
    if (!reuse) this.embed();
    const D = this.D,
      Dd = this.Dd;
    this.contraction.forward(nc, G, env, D);
    this.contraction.tangent(nc, G, dG, env, tau, Dd);
    // fitting: dual forward and reverse with seeds (eE, 1)
    m.fittings.forEach((net, t) => {
      const n = this.nfit[t];
      if (n === 0) return;
      const tape = this.fitTapes[t],
        rws = this.fitRows[t],
        x0 = tape.X[0],
        xd0 = tape.Xd[0];
      for (let q = 0; q < n; q++) {
        x0.set(D.subarray(rws[q] * dimD, (rws[q] + 1) * dimD), q * dimD);
        xd0.set(Dd.subarray(rws[q] * dimD, (rws[q] + 1) * dimD), q * dimD);
      }
      net.forward(tape, n, true);
      net.backward(tape, n, this.seed(n, eE), this.ones, true, this.Db, this.Ddb);
      for (let q = 0; q < n; q++) {
        this.DbAtom.set(this.Db.subarray(q * dimD, (q + 1) * dimD), rws[q] * dimD);
        this.DdbAtom.set(this.Ddb.subarray(q * dimD, (q + 1) * dimD), rws[q] * dimD);
      }
    });
    const Dbar = this.DbAtom,
      Ddbar = this.DdbAtom;
    // contraction reverse -> Gb (value adjoint), Gdb (tangent adjoint seed s_dot * Gdot_bar)
    this.contraction.tangentBackward(nc, G, env, tau, Dbar, Ddbar, Gb, Gdb);
    // embedding reverse
    m.embeddings.forEach((net, k) => {
      const n = this.nrows[k];
      if (n === 0) return;
      const tape = this.embTapes[k],
        r = this.rows[k],
        re = this.rowEnd[k];
      const yb = this.rowBuf(n * ng, 0),
        ydb = this.rowBuf(n * ng, 1);
      for (let q = 0; q < n; q++) {
        const p = q * ng;
        yb.fill(0, p, p + ng);
        ydb.fill(0, p, p + ng);
        for (let sl = r[q]; sl < re[q]; sl++) {
          const o = sl * ng;
          for (let mm = 0; mm < ng; mm++) {
            yb[p + mm] += Gb[o + mm];
            ydb[p + mm] += Gdb[o + mm];
          }
        }
      }
      net.backward(tape, n, yb, ydb, true, null, null);
    });
  }

  // --- small scratch helpers -------------------------------------------------------------------
  private seedBuf = new Float64Array(0);
  private seed(n: number, v: number): Float64Array {
    if (this.seedBuf.length < n) this.seedBuf = new Float64Array(n);
    this.seedBuf.fill(v, 0, n);
    return this.seedBuf;
  }
  private rowBufs: Float64Array[] = [new Float64Array(0), new Float64Array(0)];
  private rowBuf(n: number, k: number): Float64Array {
    if (this.rowBufs[k].length < n) this.rowBufs[k] = new Float64Array(n);
    return this.rowBufs[k];
  }
}
