/**
 * The training jobs of a WorkerPool (src/parallel/worker_pool.ts, given as its job module by
 * ThreadedBackend, backend.ts): each thread runs FrameEngine passes on its slice of a frame's
 * atoms (iargs[BOUNDS + t] ..). The frame travels in shared slots (copied once per frame by thread
 * 0), the model's values are the shared flat array (updated by Adam on thread 0 between steps),
 * and each worker accumulates its gradient into its own shared array (ctx.data.grads[tid]).
 * Thread 0 runs its share on the caller's own frame and engine (ThreadedBackend's runJob).
 */
import { arrayOf, BOUNDS, f64Slot, f64Slots, i32Slot, RES_STRIDE, type JobContext } from '../parallel/job_context.js';
import { FrameEngine } from './engine.js';
import type { PreparedFrame } from './frame.js';
import { TrainModel, type ModelConfig } from './model.js';

/** Copy davg/dstd/bias_atom_e from their slots into the worker's model. */
export const JOB_STATS = 1;
/** Energy (fres[t*RES_STRIDE]), forces (FORCES[t], nloc x 3) and virial (fres[t*RES_STRIDE + 1..9]) of the slice. */
export const JOB_PASS1 = 2;
/** Gradient of eE E + u.F + V:W (fargs[F_EE], U, VIR) into this thread's gradient array. */
export const JOB_PASS2 = 3;

/** iargs slots. */
export const A_NLOC = 0,
  A_NALL = 1,
  A_FRAME = 2,
  A_HAS_U = 3,
  A_HAS_V = 4;
/** fargs slot: dL/dE. */
export const F_EE = 0;

export const XALL = f64Slot(0, 'xAll');
export const TYPE = i32Slot(1, 'type');
export const MAP = i32Slot(2, 'map');
export const NLIST = i32Slot(3, 'nlist');
/** dL/dF (nloc x 3) and dL/dW (9) of the current frame. */
export const U = f64Slot(4, 'u');
export const VIR = f64Slot(5, 'V');
export const DAVG = f64Slot(6, 'davg');
export const DSTD = f64Slot(7, 'dstd');
export const BIAS = f64Slot(8, 'bias');
/** Per-thread pass-1 forces (FORCES[0] unused: thread 0 writes into the caller's array). */
export const FORCES = f64Slots(16, 'force');

/** What every thread gets when the module is attached. */
export interface GradJobsData {
  cfg: ModelConfig;
  /** The model's flat values (SharedArrayBuffer). */
  values: Float64Array;
  /** grads[t]: thread t's gradient accumulator (SharedArrayBuffer); grads[0] unused. */
  grads: Float64Array[];
  chunk: number;
}

let engine: FrameEngine | null = null;
let model: TrainModel | null = null;
let frame: PreparedFrame | null = null;
let frameSeq = -1;

/** Entry point on a worker thread. */
export function runJob(job: number, c: JobContext): void {
  if (!engine || !model) {
    const d = c.data as GradJobsData;
    model = new TrainModel(d.cfg, { values: d.values, grads: d.grads[c.tid] });
    engine = new FrameEngine(model, d.chunk);
  }
  const t = c.tid,
    a = c.iargs;
  switch (job) {
    case JOB_STATS:
      model.davg.set(arrayOf(c, DAVG));
      model.dstd.set(arrayOf(c, DSTD));
      model.biasAtomE.set(arrayOf(c, BIAS));
      return;
    case JOB_PASS1: {
      const fr = currentFrame(c, model.nnei);
      const force = arrayOf(c, FORCES[t]);
      force.fill(0, 0, 3 * fr.nloc);
      const out = { energy: 0, force, virial: new Float64Array(9) };
      engine.pass1(fr, a[BOUNDS + t], a[BOUNDS + t + 1], out);
      const r = c.fres,
        o = t * RES_STRIDE;
      r[o] = out.energy;
      for (let k = 0; k < 9; k++) r[o + 1 + k] = out.virial[k];
      return;
    }
    case JOB_PASS2:
      engine.pass2(
        currentFrame(c, model.nnei),
        a[BOUNDS + t],
        a[BOUNDS + t + 1],
        c.fargs[F_EE],
        a[A_HAS_U] !== 0 ? arrayOf(c, U) : null,
        a[A_HAS_V] !== 0 ? arrayOf(c, VIR) : null,
      );
      return;
    default:
      throw new Error(`training worker: unknown job ${job}`);
  }
}

/** The frame in the slots as a PreparedFrame, the same object for pass 1 and 2 of one frame (FrameEngine reuses its slabs then). */
function currentFrame(c: JobContext, nnei: number): PreparedFrame {
  const a = c.iargs;
  if (frame && frameSeq === a[A_FRAME]) return frame;
  const nloc = a[A_NLOC],
    nall = a[A_NALL];
  const nl = arrayOf(c, NLIST);
  frame = {
    nloc,
    nall,
    xAll: arrayOf(c, XALL).subarray(0, 3 * nall),
    type: arrayOf(c, TYPE).subarray(0, nall),
    map: arrayOf(c, MAP).subarray(0, nall),
    nlist: nl.subarray(0, nloc * nnei),
    energy: NaN,
    force: null,
    virial: null,
    dropped: 0,
  };
  frameSeq = a[A_FRAME];
  return frame;
}
