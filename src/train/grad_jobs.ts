/**
 * The training jobs of a WorkerPool (src/parallel/worker_pool.ts, given as its job module by
 * ThreadedBackend, backend.ts): each thread runs FrameEngine passes on its atom groups of the frame
 * (batch_grad.ts's fixed groups; thread t has groups iargs[BOUNDS + t] .. iargs[BOUNDS + t + 1]).
 * The frame travels in shared slots (copied once per frame by thread 0), the model's values are the
 * shared flat array (updated by Adam on thread 0 between steps), each group's pass-1 result goes to
 * its part of GROUP_RES and its gradient to its own shared array (ctx.data.grads[g]).
 * Thread 0 runs its share on the caller's own frame and engine (ThreadedBackend's runJob).
 */
import { arrayOf, BOUNDS, f64Slot, i32Slot, type JobContext } from '../parallel/job_context.js';
import { groupBounds, groupOuts, storeEnergies } from './batch_grad.js';
import { FrameEngine } from './engine.js';
import type { PreparedFrame } from './frame.js';
import { TrainModel, type ModelConfig } from './model.js';

/** Copy davg/dstd/bias_atom_e from their slots into the worker's model. */
export const JOB_STATS = 1;
/** Energy, virial and forces of this thread's groups into their parts of GROUP_RES. */
export const JOB_PASS1 = 2;
/** Gradient of eE E + u.F + V:W (fargs[F_EE], U, VIR) into this thread's groups' gradient arrays. */
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
/** Pass-1 results of every group (batch_grad.ts groupOuts' layout). */
export const GROUP_RES = f64Slot(9, 'groupRes');

/** What every thread gets when the module is attached. */
export interface GradJobsData {
  cfg: ModelConfig;
  /** The model's flat values (SharedArrayBuffer). */
  values: Float64Array;
  /** grads[g]: atom group g's gradient accumulator (SharedArrayBuffer). */
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
    // The model's own gradient array stays unused: pass2Groups points Param.grad at the groups' arrays.
    model = new TrainModel(d.cfg, { values: d.values, grads: new Float64Array(d.values.length) });
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
      const g0 = a[BOUNDS + t],
        g1 = a[BOUNDS + t + 1];
      const res = arrayOf(c, GROUP_RES);
      const outs = groupOuts(res, fr.nloc, g0, g1);
      engine.pass1Groups(fr, groupBounds(fr.nloc), g0, g1, outs);
      storeEnergies(res, fr.nloc, g0, outs);
      return;
    }
    case JOB_PASS2: {
      const fr = currentFrame(c, model.nnei);
      const g0 = a[BOUNDS + t],
        g1 = a[BOUNDS + t + 1];
      const d = c.data as GradJobsData;
      engine.pass2Groups(
        fr,
        groupBounds(fr.nloc),
        g0,
        g1,
        c.fargs[F_EE],
        a[A_HAS_U] !== 0 ? arrayOf(c, U) : null,
        a[A_HAS_V] !== 0 ? arrayOf(c, VIR) : null,
        d.grads.slice(g0, g1),
      );
      return;
    }
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
