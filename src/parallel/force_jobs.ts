/**
 * The reduction job of threaded pair styles (ThreadForces, threaded_forces.ts), as a job module:
 * f0 += f1 + ... + f(n-1) over this thread's share of the nall extended atoms (split evenly),
 * zeroing the worker buffers for the next evaluation, and this share's virial sum x (x) f
 * (LAMMPS virial_fdotr_compute) into fres[t*RES_STRIDE + 1..6] as xx yy zz xy xz yz.
 */
import { arrayOf, f64Slot, f64Slots, RES_STRIDE, type JobContext } from './job_context.js';
import { jobModule } from './job_module.js';

export const JOB_REDUCE_FORCES = 1;
/** iargs slot: extended atom count. */
export const A_NALL = 2;
/** Extended coordinates, nall x 3. */
export const X = f64Slot(0, 'x');
/** Per-thread force accumulators (nall x 3): FORCES[0] is the caller's buffer. */
export const FORCES = f64Slots(1, 'f');

export function runJob(job: number, c: JobContext): void {
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

export const FORCE_JOBS = jobModule(import.meta.url, runJob);
