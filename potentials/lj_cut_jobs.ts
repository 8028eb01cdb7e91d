/**
 * The threaded lj/cut force loop as a worker-pool job module (src/parallel/job_module.ts): each
 * thread runs ljHalfForces on its slice of local atoms (iargs[BOUNDS + t] ..), adding into its own
 * force buffer, its energy partial into fres[t*RES_STRIDE]. PairLJCut binds the slots and runs it.
 */
import {
  arrayOf,
  BOUNDS,
  f64Slot,
  f64Slots,
  i32Slot,
  RES_STRIDE,
  type JobContext,
} from '../src/parallel/job_context.js';
import { jobModule } from '../src/parallel/job_module.js';
import { ljHalfForcesList } from './lj_cut_kernel.js';

export const JOB_LJ = 1;
/** iargs slots. */
export const A_NTYPES = 0,
  A_EFLAG = 1,
  A_NALL = 4,
  A_VERSION = 5;
export const X = f64Slot(0, 'x');
export const TYPE = i32Slot(1, 'type');
export const OFFSET = i32Slot(2, 'offset');
export const LIST = i32Slot(3, 'list');
/** Coefficient tables (lj_cut_kernel.ts layout). */
export const TAB = f64Slot(4, 'ljtab');
/** Per-thread force accumulators (ThreadForces). */
export const FORCES = f64Slots(5, 'f');

export function runJob(job: number, c: JobContext): void {
  if (job !== JOB_LJ) throw new Error(`lj/cut worker: unknown job ${job}`);
  const t = c.tid,
    a = c.iargs;
  c.fres[t * RES_STRIDE] = ljHalfForcesList(
    arrayOf(c, X),
    arrayOf(c, TYPE),
    { offset: arrayOf(c, OFFSET), list: arrayOf(c, LIST), version: a[A_VERSION] },
    a[BOUNDS + t],
    a[BOUNDS + t + 1],
    a[A_NALL],
    arrayOf(c, FORCES[t]),
    arrayOf(c, TAB),
    a[A_NTYPES],
    a[A_EFLAG] !== 0,
    null,
  );
}

export const LJ_CUT_JOBS = jobModule(import.meta.url, runJob);
