/**
 * The jobs a WorkerPool runs, by id, and each thread's share of them. Every job reads its shared
 * arrays by name from the JobContext and its arguments from iargs/fargs; slices are fixed by the
 * caller (iargs[BOUNDS + t]) so the same inputs always give the same per-thread partial results.
 */
import { eamForceSlice, eamRhoSlice } from '../../potentials/eam_kernel.js';
import { ljHalfForces } from '../../potentials/lj_cut_kernel.js';
import { neighborSlice } from '../neighbor_kernel.js';
import { BOUNDS, RES_STRIDE, f64Of, i32Of, type JobContext } from './job_context.js';

export const JOB_LJ = 1;
export const JOB_REDUCE_FORCES = 2;
export const JOB_NEIGH_BUILD = 3;
export const JOB_NEIGH_COPY = 4;
export const JOB_EAM_RHO = 5;
export const JOB_EAM_FORCE = 6;

/** iargs slots shared by several jobs. */
export const A_NTYPES = 0, A_EFLAG = 1, A_NALL = 2, A_NRM1 = 4, A_NTP = 5;
export const A_HALF = 6, A_NSSAME = 7, A_NS = 8, A_TSTRIDE = 9, A_MAXCAND = 10, A_TYPECUT = 11;
/** iargs[BASES + t]: where thread t's neighbors go in the final list. */
export const BASES = 48;
/** fargs slots. */
export const F_CUTSQ = 0, F_RDR = 1, F_NBCUTSQ = 2;

/** Per-thread force accumulator: 'f0' is the caller's buffer, 'f1'.. the workers'. */
export function forceName(t: number): string {
  return `f${t}`;
}

export function runJob(job: number, c: JobContext): void {
  const t = c.tid, a = c.iargs;
  const i0 = a[BOUNDS + t], i1 = a[BOUNDS + t + 1];
  switch (job) {
    case JOB_LJ: {
      c.fres[t * RES_STRIDE] = ljHalfForces(f64Of(c, 'x'), i32Of(c, 'type'), i32Of(c, 'offset'), i32Of(c, 'list'), i0, i1,
        f64Of(c, forceName(t)), f64Of(c, 'ljtab'), a[A_NTYPES], a[A_EFLAG] !== 0, null);
      return;
    }
    case JOB_REDUCE_FORCES: {
      reduceForces(c);
      return;
    }
    case JOB_NEIGH_BUILD: {
      const out = t === 0 ? i32Of(c, 'nbList') : i32Of(c, `nbOut${t}`);
      neighborSlice(f64Of(c, 'x'), i32Of(c, 'type'), i32Of(c, 'nbBinOf'), i32Of(c, 'nbStart'), i32Of(c, 'nbSorted'),
        f64Of(c, 'nbXs'), i32Of(c, 'nbTs'), i32Of(c, 'nbStencil'), a[A_NSSAME], a[A_NS], a[A_HALF] !== 0,
        c.fargs[F_NBCUTSQ], a[A_TYPECUT] !== 0 ? f64Of(c, 'nbTypeCut') : null, a[A_TSTRIDE], a[A_MAXCAND],
        i0, i1, i32Of(c, 'nbOffset'), 0, out, 0, c.ires, t * RES_STRIDE);
      return;
    }
    case JOB_NEIGH_COPY: {
      if (t === 0) return;
      const base = a[BASES + t];
      const n = c.ires[t * RES_STRIDE + 1];
      i32Of(c, 'nbList').set(i32Of(c, `nbOut${t}`).subarray(0, n), base);
      const off = i32Of(c, 'nbOffset');
      for (let i = i0; i < i1; i++) off[i + 1] += base;
      return;
    }
    case JOB_EAM_RHO: {
      const rho = f64Of(c, `rho${t}`);
      if (t > 0) rho.fill(0, 0, a[A_NALL]);
      eamRhoSlice(f64Of(c, 'x'), i32Of(c, 'type'), i32Of(c, 'offset'), i32Of(c, 'list'), i0, i1, rho,
        i32Of(c, 'pairJ'), f64Of(c, 'pairR'), i32Of(c, 'pairEnd'), c.fargs[F_CUTSQ], c.fargs[F_RDR], a[A_NRM1], a[A_NTP],
        f64Of(c, 'eamT'), i32Of(c, 'eamROff'));
      return;
    }
    case JOB_EAM_FORCE: {
      c.fres[t * RES_STRIDE] = eamForceSlice(f64Of(c, 'x'), i32Of(c, 'type'), i32Of(c, 'offset'), i0, i1, f64Of(c, 'fp'),
        i32Of(c, 'pairJ'), f64Of(c, 'pairR'), i32Of(c, 'pairEnd'), f64Of(c, forceName(t)), c.fargs[F_RDR], a[A_NRM1], a[A_NTP],
        f64Of(c, 'eamQ'), i32Of(c, 'eamQOff'), a[A_EFLAG] !== 0, null);
      return;
    }
    default:
      throw new Error(`worker pool: unknown job ${job}`);
  }
}

/**
 * f0 += f1 + ... + f(n-1) over this thread's share of the nall extended atoms (split evenly),
 * zeroing the worker buffers for the next evaluation, and this share's virial sum x (x) f
 * (LAMMPS virial_fdotr_compute) into fres[t*RES_STRIDE + 1..6] as xx yy zz xy xz yz.
 */
function reduceForces(c: JobContext): void {
  const t = c.tid, n = c.nthreads;
  const nall = c.iargs[A_NALL];
  const a0 = Math.floor((t * nall) / n), a1 = Math.floor(((t + 1) * nall) / n);
  const f = f64Of(c, 'f0');
  const x = f64Of(c, 'x');
  for (let s = 1; s < n; s++) {
    const g = f64Of(c, forceName(s));
    for (let k = 3 * a0; k < 3 * a1; k++) { f[k] += g[k]; g[k] = 0; }
  }
  let xx = 0, yy = 0, zz = 0, xy = 0, xz = 0, yz = 0;
  for (let k = 3 * a0; k < 3 * a1; k += 3) {
    const x0 = x[k], x1 = x[k + 1], x2 = x[k + 2];
    const f0 = f[k], f1 = f[k + 1], f2 = f[k + 2];
    xx += f0 * x0; yy += f1 * x1; zz += f2 * x2;
    xy += f1 * x0; xz += f2 * x0; yz += f2 * x1;
  }
  const r = c.fres, o = t * RES_STRIDE;
  r[o + 1] = xx; r[o + 2] = yy; r[o + 3] = zz; r[o + 4] = xy; r[o + 5] = xz; r[o + 6] = yz;
}
