/**
 * The job module of the threaded Deep Potential evaluator (evaluator_threads.ts) for a WorkerPool:
 * every thread runs DeepPotEvaluator.compute on its slice of local atoms (iargs[BOUNDS + t] ..
 * iargs[BOUNDS + t + 1]) over the shared extended coordinates, types and full neighbor list, writing
 * forces (and per-atom virials) into its own shared buffers; its energy, virial and counters go to its
 * result slots. Workers bind their own evaluator from the model in ctx.data on their first job
 * (structured-cloned once when the module is attached; one evaluator per attachment, so one pool can
 * serve several models). Thread 0 runs its share on the caller's
 * evaluator (DeepPotThreaded.runOwnShare).
 */
import { arrayOf, BOUNDS, f64Slot, f64Slots, i32Slot, RES_STRIDE, type JobContext } from '../parallel/job_context.js';
import { DeepPotEvaluator, type EvalOutput } from './evaluator.js';
import type { ModelSpec } from './spec.js';

/** Evaluate the thread's slice of local atoms. */
export const JOB_EVAL = 1;

/** iargs slots. */
export const A_NLOCAL = 0,
  A_NALL = 1,
  A_EATOM = 2,
  A_VATOM = 3;

export const XALL = f64Slot(0, 'xAll');
export const TYPE = i32Slot(1, 'type');
export const OFFSET = i32Slot(2, 'offset');
export const LIST = i32Slot(3, 'list');
/** nlocal atomic energies (each thread writes its slice). */
export const EATOM = f64Slot(4, 'atomEnergy');
/** Per-thread forces, nall x 3 (FORCE[0] unused: thread 0 writes into the caller's array). */
export const FORCE = f64Slots(16, 'force');
/** Per-thread atom virials, nall x 9 (when asked). */
export const AVIR = f64Slots(16 + 64, 'atomVirial');

/** Result slots per thread (fres / ires at t * RES_STRIDE + ...). */
export const R_ENERGY = 0,
  R_VIRIAL = 1; // .. 9 entries
export const R_DROPPED = 0,
  R_OUT_OF_TABLE = 1;

export interface EvaluatorJobsData {
  spec: ModelSpec;
  chunk: number;
}

/** One evaluator per attachment (a pool may hold several models' modules; ctx.data is per attachment). */
const evaluators = new WeakMap<object, DeepPotEvaluator>();
const virial = new Float64Array(9);

/** Run one slice on `evaluator` and store its results in thread t's result slots. */
export function evalSlice(
  evaluator: DeepPotEvaluator,
  c: JobContext,
  force: Float64Array,
  avir: Float64Array | null,
): void {
  const a = c.iargs,
    t = c.tid;
  const nlocal = a[A_NLOCAL],
    nall = a[A_NALL];
  const out: EvalOutput = {
    force,
    virial,
    atomEnergy: a[A_EATOM] ? arrayOf(c, EATOM) : null,
    atomVirial: avir,
  };
  virial.fill(0);
  const e = evaluator.compute(
    { nlocal, nall, xAll: arrayOf(c, XALL), type: arrayOf(c, TYPE) },
    { offset: arrayOf(c, OFFSET), list: arrayOf(c, LIST) },
    out,
    a[BOUNDS + t],
    a[BOUNDS + t + 1],
  );
  const o = t * RES_STRIDE;
  c.fres[o + R_ENERGY] = e;
  for (let k = 0; k < 9; k++) c.fres[o + R_VIRIAL + k] = virial[k];
  c.ires[o + R_DROPPED] = evaluator.lastDropped;
  c.ires[o + R_OUT_OF_TABLE] = evaluator.lastOutOfTable;
}

/** Entry point on a worker thread. */
export function runJob(job: number, c: JobContext): void {
  if (job !== JOB_EVAL) throw new Error(`deepmd evaluator jobs: unknown job ${job}`);
  const d = c.data as EvaluatorJobsData;
  let ev = evaluators.get(d);
  if (!ev) {
    ev = new DeepPotEvaluator(d.spec, { chunk: d.chunk, warn: () => {} });
    evaluators.set(d, ev);
  }
  const t = c.tid,
    nall = c.iargs[A_NALL];
  const force = arrayOf(c, FORCE[t]);
  force.fill(0, 0, 3 * nall);
  let avir: Float64Array | null = null;
  if (c.iargs[A_VATOM]) {
    avir = arrayOf(c, AVIR[t]);
    avir.fill(0, 0, 9 * nall);
  }
  evalSlice(ev, c, force, avir);
}
