/**
 * The reduction jobs of threaded pair styles (ThreadForces, threaded_forces.ts), as a job module.
 *
 * JOB_REDUCE_FORCES: f0 += f1 + ... + f(n-1) over this thread's share of the nall extended atoms
 * (split evenly), zeroing the worker buffers for the next evaluation, and this share's virial sum
 * x (x) f (LAMMPS virial_fdotr_compute) into fres[t*RES_STRIDE + 1..6] as xx yy zz xy xz yz.
 *
 * JOB_REDUCE_FOLD: the same sum with the ghost fold (LAMMPS reverse communication) done in the
 * same pass, by gathering: thread t owns local atoms [iargs[BOUNDS+t], iargs[BOUNDS+t+1]), and
 * for each owns its ghost images too (Ghosts.ownerStart: they are contiguous), so
 * f0[i] = sum over threads s and over i and its images g of fs[g]; no two threads write the same
 * entry. The ghost part of f0 and every worker entry read are zeroed. The virial (only when
 * iargs[A_VIRIAL]) is x (x) f over the unfolded extended forces, as LAMMPS's fdotr; fres[t*RES_STRIDE
 * + 7] is the sum of every force entry read (a NaN/Inf probe).
 */
import { arrayOf, BOUNDS, f64Slot, f64Slots, i32Slot, RES_STRIDE, type JobContext } from './job_context.js';
import { jobModule } from './job_module.js';

export const JOB_REDUCE_FORCES = 1;
export const JOB_REDUCE_FOLD = 2;
/** iargs slots: extended atom count, virial wanted (0/1). */
export const A_NALL = 2,
  A_VIRIAL = 3;
/** Extended coordinates, nall x 3. */
export const X = f64Slot(0, 'x');
/** Per-thread force accumulators (nall x 3): FORCES[0] is the caller's buffer. */
export const FORCES = f64Slots(1, 'f');
/** Ghosts.ownerStart (nlocal + 1): the ghost images of local atom i are [ownerStart[i], ownerStart[i+1]). */
export const OWNER_START = i32Slot(1 + FORCES.length, 'ownerStart');

export function runJob(job: number, c: JobContext): void {
  if (job === JOB_REDUCE_FOLD) {
    reduceFold(c);
    return;
  }
  if (job !== JOB_REDUCE_FORCES) throw new Error(`force reduction: unknown job ${job}`);
  const t = c.tid,
    n = c.nthreads;
  const nall = c.iargs[A_NALL];
  const a0 = Math.floor((t * nall) / n),
    a1 = Math.floor(((t + 1) * nall) / n);
  const f = arrayOf(c, FORCES[0]);
  const x = arrayOf(c, X);
  for (let s = 1; s < n; s++) {
    const g = arrayOf(c, FORCES[s]);
    for (let k = 3 * a0; k < 3 * a1; k++) {
      f[k] += g[k];
      g[k] = 0;
    }
  }
  let xx = 0,
    yy = 0,
    zz = 0,
    xy = 0,
    xz = 0,
    yz = 0;
  for (let k = 3 * a0; k < 3 * a1; k += 3) {
    const x0 = x[k],
      x1 = x[k + 1],
      x2 = x[k + 2];
    const f0 = f[k],
      f1 = f[k + 1],
      f2 = f[k + 2];
    xx += f0 * x0;
    yy += f1 * x1;
    zz += f2 * x2;
    xy += f1 * x0;
    xz += f2 * x0;
    yz += f2 * x1;
  }
  const r = c.fres,
    o = t * RES_STRIDE;
  r[o + 1] = xx;
  r[o + 2] = yy;
  r[o + 3] = zz;
  r[o + 4] = xy;
  r[o + 5] = xz;
  r[o + 6] = yz;
}

/** JOB_REDUCE_FOLD for thread c.tid (see the module comment). */
function reduceFold(c: JobContext): void {
  const t = c.tid,
    n = c.nthreads;
  const i0 = c.iargs[BOUNDS + t],
    i1 = c.iargs[BOUNDS + t + 1];
  const virial = c.iargs[A_VIRIAL] !== 0;
  const f = arrayOf(c, FORCES[0]);
  const x = arrayOf(c, X);
  const own = arrayOf(c, OWNER_START);
  // Thread 1's buffer hoisted (the common 2-thread case); more threads look theirs up per entry.
  const b1 = n > 1 ? arrayOf(c, FORCES[1]) : null;
  // Sum of all entries: a NaN/Inf probe for steps without the virial.
  let probe = 0;
  let xx = 0,
    yy = 0,
    zz = 0,
    xy = 0,
    xz = 0,
    yz = 0;
  for (let i = i0; i < i1; i++) {
    let fx = 0,
      fy = 0,
      fz = 0;
    // The atom itself (k = i), then its ghost images (k in ownerStart[i] .. ownerStart[i+1]).
    for (let k = i, g = own[i], gend = own[i + 1]; ; k = g++) {
      const k3 = 3 * k;
      let ax = f[k3],
        ay = f[k3 + 1],
        az = f[k3 + 2];
      if (b1 !== null) {
        ax += b1[k3];
        ay += b1[k3 + 1];
        az += b1[k3 + 2];
        b1[k3] = 0;
        b1[k3 + 1] = 0;
        b1[k3 + 2] = 0;
      }
      for (let s = 2; s < n; s++) {
        const b = arrayOf(c, FORCES[s]);
        ax += b[k3];
        ay += b[k3 + 1];
        az += b[k3 + 2];
        b[k3] = 0;
        b[k3 + 1] = 0;
        b[k3 + 2] = 0;
      }
      if (virial) {
        const x0 = x[k3],
          x1 = x[k3 + 1],
          x2 = x[k3 + 2];
        xx += ax * x0;
        yy += ay * x1;
        zz += az * x2;
        xy += ay * x0;
        xz += az * x0;
        yz += az * x1;
      }
      fx += ax;
      fy += ay;
      fz += az;
      probe += ax + ay + az;
      if (k !== i) {
        f[k3] = 0;
        f[k3 + 1] = 0;
        f[k3 + 2] = 0;
      }
      if (g >= gend) break;
    }
    f[3 * i] = fx;
    f[3 * i + 1] = fy;
    f[3 * i + 2] = fz;
  }
  const r = c.fres,
    o = t * RES_STRIDE;
  r[o + 1] = xx;
  r[o + 2] = yy;
  r[o + 3] = zz;
  r[o + 4] = xy;
  r[o + 5] = xz;
  r[o + 6] = yz;
  r[o + 7] = probe;
}

export const FORCE_JOBS = jobModule(import.meta.url, runJob);
