/**
 * Where a batch's loss and gradient are computed: on this thread (LocalBackend) or split over atoms
 * between this thread and worker threads (ThreadedBackend, on the worker pool the MD engine and the
 * Deep BSDE use, src/parallel/). Both zero the model's gradient first and leave dL/dtheta in
 * model.flatGrad.
 */
import {
  addErrors,
  addGroupGrads,
  batchLossGrad,
  emptySums,
  GRAD_GROUPS,
  groupBounds,
  groupOuts,
  groupStride,
  storeEnergies,
  sumGroups,
  type Has,
} from './batch_grad.js';
import { FrameEngine, type Pass1Out } from './engine.js';
import type { PreparedFrame } from './frame.js';
import { lossSeeds, type ErrorSums, type Prefactors } from './loss.js';
import { TrainModel, type ModelConfig } from './model.js';
import { BOUNDS } from '../parallel/job_context.js';
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
  GROUP_RES,
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
  /** The atom groups' gradients (batch_grad.ts), kept between batches. */
  private readonly groupGrads: Float64Array[];
  constructor(
    readonly model: TrainModel,
    chunk = 16,
  ) {
    this.engine = new FrameEngine(model, chunk);
    this.groupGrads = Array.from({ length: GRAD_GROUPS }, () => new Float64Array(model.numParams));
  }
  async lossGrad(frames: FrameRef[], has: Has, p: Prefactors, grad: boolean): Promise<ErrorSums> {
    if (grad) this.model.flatGrad.fill(0);
    return batchLossGrad(
      this.engine,
      frames.map((f) => f.frame),
      has,
      p,
      grad,
      this.groupGrads,
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
 * (grad_jobs.ts): each thread runs whole atom groups of batch_grad.ts (GRAD_GROUPS fixed groups), so
 * the groups' energies, forces, virials and gradients, summed here in group order, are the same bits
 * as on one thread. Weights live in one SharedArrayBuffer (the model's flat array, updated by Adam on
 * this thread between steps); each group's gradient in its own shared array. A frame is copied once
 * into shared slots; nothing is posted per frame.
 */
export class ThreadedBackend implements GradBackend {
  readonly threads: number;
  private readonly jobs: Jobs;
  private readonly engine: FrameEngine;
  /** Group g's gradient (shared; the thread that runs group g accumulates into it). */
  private readonly groupGrads: Float64Array[];
  private xAll = f64(0, true);
  private type = i32(0, true);
  private map = i32(0, true);
  private nlist = i32(0, true);
  private u = f64(0, true);
  private readonly V = f64(9, true);
  /** Each group's pass-1 result in batch_grad.ts groupOuts' layout. */
  private groupRes = f64(0, true);
  private readonly stats: Float64Array[];
  private seq = 0;
  /** Thread 0's share of the current job (set before each run). */
  private cur: {
    fr: PreparedFrame;
    bounds: Int32Array;
    outs: Pass1Out[];
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
    this.groupGrads = Array.from({ length: GRAD_GROUPS }, () => f64(model.numParams, true));
    const data: GradJobsData = { cfg: model.cfg, values: model.flat, grads: this.groupGrads, chunk };
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
    if (grad) for (const g of this.groupGrads) g.fill(0);
    const a = this.jobs.args.iargs;
    // Thread t runs groups [a[BOUNDS + t], a[BOUNDS + t + 1]).
    for (let t = 0; t <= T; t++) a[BOUNDS + t] = Math.round((t * GRAD_GROUPS) / T);
    if (this.u.length !== 3 * N) {
      this.u = f64(3 * N, true);
      this.jobs.bind(U, this.u);
    }
    if (this.groupRes.length < GRAD_GROUPS * groupStride(N)) {
      this.groupRes = f64(GRAD_GROUPS * groupStride(N), true);
      this.jobs.bind(GROUP_RES, this.groupRes);
    }
    const bounds = groupBounds(N),
      outs = groupOuts(this.groupRes, N, 0, GRAD_GROUPS);
    const F = new Float64Array(3 * N),
      Wv = new Float64Array(9);
    for (const fr of frames) {
      this.loadFrame(fr.frame);
      this.cur = {
        fr: fr.frame,
        bounds,
        outs: groupOuts(this.groupRes, N, a[BOUNDS], a[BOUNDS + 1]),
        eE: 0,
        u: null,
        V: null,
      };
      this.jobs.run(JOB_PASS1);
      // groupOuts' energies are plain numbers: read them back from the shared results.
      for (let g = 0; g < GRAD_GROUPS; g++) outs[g].energy = this.groupRes[g * groupStride(N)];
      const E = sumGroups(outs, F, Wv);
      addErrors(s, fr.frame, has, E, F, Wv);
      s.nframes++;
      if (!grad) continue;
      const eE = lossSeeds(p, B, N, has, E, fr.frame.energy, F, fr.frame.force, Wv, fr.frame.virial, this.u, this.V);
      this.jobs.args.fargs[F_EE] = eE;
      a[A_HAS_U] = has.f ? 1 : 0;
      a[A_HAS_V] = has.v ? 1 : 0;
      this.cur = { ...this.cur, eE, u: has.f ? this.u : null, V: has.v ? this.V : null };
      this.jobs.run(JOB_PASS2);
    }
    this.cur = null;
    if (grad) {
      this.model.flatGrad.fill(0);
      addGroupGrads(this.model.flatGrad, this.groupGrads);
    }
    return s;
  }

  /** Thread 0's share: the same passes on the caller's frame object and engine. */
  private runOwnShare(job: number): void {
    const c = this.cur;
    if (job === JOB_STATS || !c) return;
    const a = this.jobs.args.iargs,
      g0 = a[BOUNDS],
      g1 = a[BOUNDS + 1];
    if (job === JOB_PASS1) {
      this.engine.pass1Groups(c.fr, c.bounds, g0, g1, c.outs);
      storeEnergies(this.groupRes, c.fr.nloc, g0, c.outs);
    } else if (job === JOB_PASS2)
      this.engine.pass2Groups(c.fr, c.bounds, g0, g1, c.eE, c.u, c.V, this.groupGrads.slice(g0, g1));
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
