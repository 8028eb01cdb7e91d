/**
 * The threaded EAM loops as a worker-pool job module (src/parallel/job_module.ts), used by
 * PairEAMBase (eam_core.ts): the density loop (each thread into its own rho buffer, thread 0 into
 * rho itself; the pairs inside the cutoff kept per atom as j and r) and the force loop over the kept pairs
 * (each thread into its own force buffer, its pair-energy partial into fres[t*RES_STRIDE]), and
 * between them the embedding (densities summed over threads and ghost images, F'(rho) to the atom
 * and its images).
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
import { eamEmbedAtom, eamForceSlice, eamRhoSlice } from './eam_kernel.js';
import { eamSimdArmed, eamSimdDisarm, eamSimdForce, eamSimdRho } from './eam_simd.js';

export const JOB_EAM_RHO = 1;
export const JOB_EAM_FORCE = 2;
export const JOB_EAM_EMBED = 3;
/** iargs slots. */
export const A_EFLAG = 1,
  A_NALL = 2,
  A_NRM1 = 4,
  A_NTP = 5,
  A_NRHOM1 = 6,
  /** 1: run the WebAssembly kernel (eam_simd.ts) where it applies; A_VERSION: NeighborList.version or -1. */
  A_SIMD = 7,
  A_VERSION = 8;
/** fargs slots. */
export const F_CUTSQ = 0,
  F_RDR = 1,
  F_RDRHO = 2,
  F_RHOMAX = 3;

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
/** Ghosts.ownerStart (nlocal + 1): the ghost images of local atom i are [ownerStart[i], ownerStart[i+1]). */
export const OWNER_START = i32Slot(11, 'ownerStart');
/** F(rho) splines (LAMMPS rows of 7) and each type's offset into them. */
export const FRHO_TAB = f64Slot(12, 'eamF');
export const FRHO_OFF = i32Slot(13, 'eamFOff');
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
      // The kernel keeps this slice's pairs in this thread's module memory for JOB_EAM_FORCE.
      if (
        a[A_SIMD] !== 0 &&
        eamSimdRho(
          arrayOf(c, X),
          arrayOf(c, TYPE),
          arrayOf(c, OFFSET),
          arrayOf(c, LIST),
          a[A_VERSION],
          i0,
          i1,
          a[A_NALL],
          rho,
          c.fargs[F_CUTSQ],
          c.fargs[F_RDR],
          a[A_NRM1],
          a[A_NTP],
          arrayOf(c, RHO_KNOTS),
          arrayOf(c, TAB),
          arrayOf(c, TAB_OFF),
        )
      )
        return;
      eamSimdDisarm();
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
      if (eamSimdArmed(i0, i1)) {
        c.fres[t * RES_STRIDE] = eamSimdForce(
          i0,
          i1,
          arrayOf(c, FP),
          arrayOf(c, FORCES[t]),
          c.fargs[F_RDR],
          a[A_NRM1],
          a[A_NTP],
          a[A_EFLAG] !== 0,
        );
        return;
      }
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
    case JOB_EAM_EMBED:
      embedSlice(c, i0, i1);
      return;
    default:
      throw new Error(`eam worker: unknown job ${job}`);
  }
}

/**
 * JOB_EAM_EMBED for local atoms [i0, i1): rho_i = the sum over the atom and its ghost images, in
 * that order, of the threads' densities summed in thread order (the same doubles as adding the
 * buffers and then folding the ghosts), stored in RHO[0][i]; fp = F'(rho_i) at the atom and its
 * images; fres[t*RES_STRIDE + 1] = the embedding energy of the slice (when eflag), fres[t*RES_STRIDE
 * + 2] = the first atom with a non-numeric density, or -1.
 */
function embedSlice(c: JobContext, i0: number, i1: number): void {
  const a = c.iargs,
    n = c.nthreads;
  const rho = arrayOf(c, RHO[0]);
  const rho1 = n > 1 ? arrayOf(c, RHO[1]) : null;
  const own = arrayOf(c, OWNER_START),
    type = arrayOf(c, TYPE),
    fp = arrayOf(c, FP),
    F = arrayOf(c, FRHO_TAB),
    fOff = arrayOf(c, FRHO_OFF);
  const rdrho = c.fargs[F_RDRHO],
    rhomax = c.fargs[F_RHOMAX],
    nrhom1 = a[A_NRHOM1],
    eflag = a[A_EFLAG] !== 0;
  let eng = 0,
    bad = -1;
  for (let i = i0; i < i1; i++) {
    const g0 = own[i],
      g1 = own[i + 1];
    let r = 0;
    for (let k = i, g = g0; ; k = g++) {
      // Thread 1's buffer hoisted (the 2-thread case); more threads look theirs up.
      let v = rho[k];
      if (rho1 !== null) v += rho1[k];
      for (let s = 2; s < n; s++) v += arrayOf(c, RHO[s])[k];
      r = k === i ? v : r + v;
      if (g >= g1) break;
    }
    rho[i] = r;
    if (!Number.isFinite(r) && bad < 0) bad = i;
    eng += eamEmbedAtom(r, type[i], i, fp, F, fOff, rdrho, nrhom1, rhomax, eflag);
    const fpi = fp[i];
    for (let g = g0; g < g1; g++) fp[g] = fpi;
  }
  c.fres[c.tid * RES_STRIDE + 1] = eng;
  c.fres[c.tid * RES_STRIDE + 2] = bad;
}

export const EAM_JOBS = jobModule(import.meta.url, runJob);
