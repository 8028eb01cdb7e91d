/**
 * Where a batch's loss and gradient are computed: on this thread (LocalBackend) or split over atoms
 * between this thread and worker threads (ThreadedBackend, on the worker pool the MD engine and the
 * Deep BSDE use, src/parallel/). Both zero the model's gradient first and leave dL/dtheta in
 * model.flatGrad.
 */
import { batchLossGrad, addErrors, emptySums, type Has } from './batch_grad.js';
import { FrameEngine } from './engine.js';
import type { PreparedFrame } from './frame.js';
import { lossSeeds, type ErrorSums, type Prefactors } from './loss.js';
import { TrainModel, type ModelConfig } from './model.js';
import { BOUNDS, RES_STRIDE } from '../parallel/job_context.js';
import { jobModule, siblingUrl } from '../parallel/job_module.js';
import { f64, i32 } from '../parallel/shared_alloc.js';
import { WorkerPool, type Jobs } from '../parallel/worker_pool.js';
import {
  A_FRAME,
  A_HAS_U,
  A_HAS_V,
  A_NALL,
  A_NLOC,
  BIAS,
  DAVG,
  DSTD,
  F_EE,
  FORCES,
  JOB_PASS1,
  JOB_PASS2,
  JOB_STATS,
  MAP,
  NLIST,
  TYPE,
  U,
  VIR,
  XALL,
  type GradJobsData,
} from './grad_jobs.js';

export interface FrameRef {
  frame: PreparedFrame;
  id: string;
}

export interface GradBackend {
  /** Loss sums of a batch (frames of one system); with grad, model.flatGrad = dL/dtheta. */
  lossGrad(frames: FrameRef[], has: Has, p: Prefactors, grad: boolean): Promise<ErrorSums>;
  close(): Promise<void>;
  readonly threads: number;
}

export class LocalBackend implements GradBackend {
  readonly threads = 1;
  private readonly engine: FrameEngine;
  constructor(
    readonly model: TrainModel,
    chunk = 16,
  ) {
    this.engine = new FrameEngine(model, chunk);
  }
  async lossGrad(frames: FrameRef[], has: Has, p: Prefactors, grad: boolean): Promise<ErrorSums> {
    if (grad) this.model.flatGrad.fill(0);
    return batchLossGrad(
      this.engine,
      frames.map((f) => f.frame),
      has,
      p,
      grad,
    );
  }
  async close(): Promise<void> {
    /* nothing */
  }
}

/** A model whose values live in a SharedArrayBuffer (required by ThreadedBackend). */
export function sharedModel(cfg: ModelConfig): TrainModel {
  const n = new TrainModel(cfg).numParams;
  return new TrainModel(cfg, { values: new Float64Array(new SharedArrayBuffer(8 * n)), grads: new Float64Array(n) });
}

/**
 * Every frame's two passes split over atoms between this thread and `nworkers` worker threads
 * (grad_jobs.ts). Weights live in one SharedArrayBuffer (the model's flat array, updated by Adam on
 * this thread between steps); each worker accumulates its gradient in its own shared array, summed
 * here in thread order. A frame is copied once into shared slots; nothing is posted per frame.
 */
export class ThreadedBackend implements GradBackend {
  readonly threads: number;
  private readonly jobs: Jobs;
  private readonly engine: FrameEngine;
  private readonly grads: Float64Array[];
  private xAll = f64(0, true);
  private type = i32(0, true);
  private map = i32(0, true);
  private nlist = i32(0, true);
  private u = f64(0, true);
  private readonly V = f64(9, true);
  private readonly stats: Float64Array[];
  private readonly forces: Float64Array[] = [];
  private seq = 0;
  /** Thread 0's share of the current job (set before each run). */
  private cur: {
    fr: PreparedFrame;
    out: { energy: number; force: Float64Array; virial: Float64Array };
    eE: number;
    u: Float64Array | null;
    V: Float64Array | null;
  } | null = null;

  constructor(
    readonly model: TrainModel,
    nworkers: number,
    chunk = 16,
  ) {
    if (!(model.flat.buffer instanceof SharedArrayBuffer))
      throw new Error('ThreadedBackend: model values must be on a SharedArrayBuffer (sharedModel())');
    this.engine = new FrameEngine(model, chunk);
    this.threads = nworkers + 1;
    const notes: string[] = [];
    const pool = WorkerPool.create(this.threads, (m) => notes.push(m));
    if (!pool) throw new Error(`training: ${notes.join('; ') || 'worker threads did not start'}`);
    this.grads = [model.flatGrad];
    for (let t = 1; t < this.threads; t++) this.grads.push(f64(model.numParams, true));
    const data: GradJobsData = {
      cfg: model.cfg,
      values: model.flat,
      grads: [new Float64Array(0), ...this.grads.slice(1)],
      chunk,
    };
    try {
      this.jobs = pool.jobs(jobModule(siblingUrl(import.meta.url, 'grad_jobs'), (job) => this.runOwnShare(job), data));
    } catch (e) {
      pool.close();
      throw e;
    }
    this.stats = [f64(model.davg.length, true), f64(model.dstd.length, true), f64(model.biasAtomE.length, true)];
    this.jobs.bind(DAVG, this.stats[0]);
    this.jobs.bind(DSTD, this.stats[1]);
    this.jobs.bind(BIAS, this.stats[2]);
    this.jobs.bind(VIR, this.V);
  }

  /** Statistics changed (davg/dstd/bias): copy them to the workers' models (done at every lossGrad). */
  async syncStats(): Promise<void> {
    this.pushStats();
  }

  private pushStats(): void {
    this.stats[0].set(this.model.davg);
    this.stats[1].set(this.model.dstd);
    this.stats[2].set(this.model.biasAtomE);
    this.jobs.run(JOB_STATS);
  }

  async lossGrad(frames: FrameRef[], has: Has, p: Prefactors, grad: boolean): Promise<ErrorSums> {
    const N = frames[0].frame.nloc,
      B = frames.length,
      T = this.threads;
    const s = emptySums(N, has);
    this.pushStats();
    if (grad) for (const g of this.grads) g.fill(0);
    const a = this.jobs.args.iargs;
    for (let t = 0; t <= T; t++) a[BOUNDS + t] = Math.round((t * N) / T);
    if (this.u.length !== 3 * N) {
      this.u = f64(3 * N, true);
      this.jobs.bind(U, this.u);
    }
    for (const fr of frames) {
      this.loadFrame(fr.frame);
      const F = new Float64Array(3 * N),
        Wv = new Float64Array(9);
      const out = { energy: 0, force: F, virial: Wv };
      this.cur = { fr: fr.frame, out, eE: 0, u: null, V: null };
      this.jobs.run(JOB_PASS1);
      const r = this.jobs.args.fres;
      for (let t = 1; t < T; t++) {
        out.energy += r[t * RES_STRIDE];
        const ft = this.forces[t];
        for (let k = 0; k < 3 * N; k++) F[k] += ft[k];
        for (let k = 0; k < 9; k++) Wv[k] += r[t * RES_STRIDE + 1 + k];
      }
      addErrors(s, fr.frame, has, out.energy, F, Wv);
      s.nframes++;
      if (!grad) continue;
      const eE = lossSeeds(
        p,
        B,
        N,
        has,
        out.energy,
        fr.frame.energy,
        F,
        fr.frame.force,
        Wv,
        fr.frame.virial,
        this.u,
        this.V,
      );
      this.jobs.args.fargs[F_EE] = eE;
      a[A_HAS_U] = has.f ? 1 : 0;
      a[A_HAS_V] = has.v ? 1 : 0;
      this.cur = { fr: fr.frame, out, eE, u: has.f ? this.u : null, V: has.v ? this.V : null };
      this.jobs.run(JOB_PASS2);
    }
    this.cur = null;
    if (grad) {
      const G = this.model.flatGrad;
      for (let t = 1; t < T; t++) {
        const g = this.grads[t];
        for (let k = 0; k < G.length; k++) G[k] += g[k];
      }
    }
    return s;
  }

  /** Thread 0's share: the same passes on the caller's frame object and engine. */
  private runOwnShare(job: number): void {
    const c = this.cur;
    if (job === JOB_STATS || !c) return;
    const a = this.jobs.args.iargs;
    if (job === JOB_PASS1) this.engine.pass1(c.fr, a[BOUNDS], a[BOUNDS + 1], c.out);
    else if (job === JOB_PASS2) this.engine.pass2(c.fr, a[BOUNDS], a[BOUNDS + 1], c.eE, c.u, c.V);
  }

  /** Copy a frame into the shared slots (growing them by capacity) and give it a new sequence number. */
  private loadFrame(fr: PreparedFrame): void {
    const nn = fr.nloc * this.model.nnei;
    if (this.xAll.length < 3 * fr.nall) {
      this.xAll = f64(Math.ceil(3 * fr.nall * 1.2), true);
      this.jobs.bind(XALL, this.xAll);
    }
    if (this.type.length < fr.nall) {
      const cap = Math.ceil(fr.nall * 1.2);
      this.type = i32(cap, true);
      this.map = i32(cap, true);
      this.jobs.bind(TYPE, this.type);
      this.jobs.bind(MAP, this.map);
    }
    if (this.nlist.length < nn) {
      this.nlist = i32(Math.ceil(nn * 1.2), true);
      this.jobs.bind(NLIST, this.nlist);
    }
    for (let t = 1; t < this.threads; t++) {
      if (!this.forces[t] || this.forces[t].length < 3 * fr.nloc) {
        this.forces[t] = f64(3 * fr.nloc, true);
        this.jobs.bind(FORCES[t], this.forces[t]);
      }
    }
    this.xAll.set(fr.xAll.subarray(0, 3 * fr.nall));
    this.type.set(fr.type.subarray(0, fr.nall));
    this.map.set(fr.map.subarray(0, fr.nall));
    this.nlist.set(fr.nlist.subarray(0, nn));
    const a = this.jobs.args.iargs;
    a[A_NLOC] = fr.nloc;
    a[A_NALL] = fr.nall;
    a[A_FRAME] = ++this.seq;
  }

  async close(): Promise<void> {
    this.jobs.pool.close();
  }
}
