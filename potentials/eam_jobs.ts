/**
 * The threaded EAM loops as a worker-pool job module (src/parallel/job_module.ts), used by
 * PairEAMBase (eam_core.ts): the density loop (each thread into its own rho buffer, thread 0 into
 * rho itself; the pairs inside the cutoff kept per atom as j and r) and the force loop over the kept pairs
 * (each thread into its own force buffer, its pair-energy partial into fres[t*RES_STRIDE]).
 * Slices: iargs[BOUNDS + t] ...
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
import { eamForceSlice, eamRhoSlice } from './eam_kernel.js';

export const JOB_EAM_RHO = 1;
export const JOB_EAM_FORCE = 2;
/** iargs slots. */
export const A_EFLAG = 1,
  A_NALL = 2,
  A_NRM1 = 4,
  A_NTP = 5;
/** fargs slots. */
export const F_CUTSQ = 0,
  F_RDR = 1;

export const X = f64Slot(0, 'x');
export const TYPE = i32Slot(1, 'type');
export const OFFSET = i32Slot(2, 'offset');
export const LIST = i32Slot(3, 'list');
export const PAIR_J = i32Slot(4, 'pairJ');
export const PAIR_R = f64Slot(5, 'pairR');
export const PAIR_END = i32Slot(6, 'pairEnd');
export const FP = f64Slot(7, 'fp');
/** Spline table and its per-type-pair offsets (eam_kernel.ts layout). */
export const TAB = f64Slot(8, 'eamT');
export const TAB_OFF = i32Slot(9, 'eamTOff');
/** The table's density knots alone (eamRhoSlice). */
export const RHO_KNOTS = f64Slot(10, 'eamRhoKnots');
/** Per-thread density accumulators: RHO[0] is rho itself. */
export const RHO = f64Slots(16, 'rho');
/** Per-thread force accumulators (ThreadForces). */
export const FORCES = f64Slots(16 + RHO.length, 'f');

export function runJob(job: number, c: JobContext): void {
  const t = c.tid,
    a = c.iargs;
  const i0 = a[BOUNDS + t],
    i1 = a[BOUNDS + t + 1];
  switch (job) {
    case JOB_EAM_RHO: {
      const rho = arrayOf(c, RHO[t]);
      if (t > 0) rho.fill(0, 0, a[A_NALL]);
      eamRhoSlice(
        arrayOf(c, X),
        arrayOf(c, TYPE),
        arrayOf(c, OFFSET),
        arrayOf(c, LIST),
        i0,
        i1,
        rho,
        arrayOf(c, PAIR_J),
        arrayOf(c, PAIR_R),
        arrayOf(c, PAIR_END),
        c.fargs[F_CUTSQ],
        c.fargs[F_RDR],
        a[A_NRM1],
        a[A_NTP],
        arrayOf(c, RHO_KNOTS),
        arrayOf(c, TAB_OFF),
      );
      return;
    }
    case JOB_EAM_FORCE: {
      c.fres[t * RES_STRIDE] = eamForceSlice(
        arrayOf(c, X),
        arrayOf(c, TYPE),
        arrayOf(c, OFFSET),
        i0,
        i1,
        arrayOf(c, FP),
        arrayOf(c, PAIR_J),
        arrayOf(c, PAIR_R),
        arrayOf(c, PAIR_END),
        arrayOf(c, FORCES[t]),
        c.fargs[F_RDR],
        a[A_NRM1],
        a[A_NTP],
        arrayOf(c, TAB),
        arrayOf(c, TAB_OFF),
        a[A_EFLAG] !== 0,
        null,
      );
      return;
    }
    default:
      throw new Error(`eam worker: unknown job ${job}`);
  }
}

export const EAM_JOBS = jobModule(import.meta.url, runJob);
