/**
 * fix nve's two halves and the ghost refresh as worker-pool jobs (src/parallel/job_module.ts), so
 * that a threaded step has no serial phase between its force jobs (ThreadedNVE, threaded_nve.ts).
 * Thread t works on local atoms [iargs[BOUNDS+t], iargs[BOUNDS+t+1]) and on their ghost images
 * (Ghosts.ownerStart: contiguous per owner), so no two threads write the same entry.
 *
 * JOB_NVE_INITIAL: per atom i, v += dtfm f, x += dtv v (verlet_steps.ts kick then drift: the same
 * products and sums, per atom independent, so the same doubles), then the forward communication of
 * Ghosts.update for i: xAll[i] = x[i] and each image k of i at x[i] + n_x a + n_y b + n_z c (the same
 * expression, term order included).
 * JOB_NVE_FINAL: per atom i, the folded total force F_i (the reduction left it in the force buffer)
 * is copied to the system's f, the velocity kicked v += dtfm F_i, and the buffer entry zeroed (the
 * ghost entries already are), so the next evaluation needs no clearing pass.
 * dtfm = dt/2 * ftm2v / mass[type] comes per type from DTFM (computed once per run on thread 0: the
 * same division verlet_steps.ts does per atom).
 */
import { arrayOf, BOUNDS, f64Slot, i32Slot, type JobContext } from '../src/parallel/job_context.js';
import { jobModule } from '../src/parallel/job_module.js';

export const JOB_NVE_INITIAL = 1;
export const JOB_NVE_FINAL = 2;
/** fargs slots: the drift step dtv, then the box matrix h (Box.h, 6 entries). */
export const F_DTV = 8,
  F_H = 9;

/** System positions, velocities, forces (n x 3) and types (n). */
export const SX = f64Slot(0, 'sysX');
export const SV = f64Slot(1, 'sysV');
export const SF = f64Slot(2, 'sysF');
export const STYPE = i32Slot(3, 'sysType');
/** dt/2 * ftm2v / mass[t] per type (ntypes + 1). */
export const DTFM = f64Slot(4, 'dtfm');
/** Extended coordinates (nall x 3), image shifts (nall x 3), Ghosts.ownerStart (nlocal + 1). */
export const XALL = f64Slot(5, 'xAll');
export const SHIFT = i32Slot(6, 'shift');
export const OWNER_START = i32Slot(7, 'ownerStart');
/** The force buffer the threaded reduction folded into (ForceBuffers.f, nall x 3). */
export const FBUF = f64Slot(8, 'forceBuffer');

export function runJob(job: number, c: JobContext): void {
  const t = c.tid;
  const i0 = c.iargs[BOUNDS + t],
    i1 = c.iargs[BOUNDS + t + 1];
  const v = arrayOf(c, SV),
    type = arrayOf(c, STYPE),
    dtfm = arrayOf(c, DTFM);
  if (job === JOB_NVE_INITIAL) {
    const x = arrayOf(c, SX),
      f = arrayOf(c, SF),
      xa = arrayOf(c, XALL),
      sft = arrayOf(c, SHIFT),
      own = arrayOf(c, OWNER_START);
    const fa = c.fargs;
    const dtv = fa[F_DTV];
    const h0 = fa[F_H],
      h1 = fa[F_H + 1],
      h2 = fa[F_H + 2],
      h3 = fa[F_H + 3],
      h4 = fa[F_H + 4],
      h5 = fa[F_H + 5];
    for (let i = i0; i < i1; i++) {
      const k = 3 * i;
      const m = dtfm[type[i]];
      const vx = v[k] + m * f[k],
        vy = v[k + 1] + m * f[k + 1],
        vz = v[k + 2] + m * f[k + 2];
      v[k] = vx;
      v[k + 1] = vy;
      v[k + 2] = vz;
      const px = x[k] + dtv * vx,
        py = x[k + 1] + dtv * vy,
        pz = x[k + 2] + dtv * vz;
      x[k] = px;
      x[k + 1] = py;
      x[k + 2] = pz;
      xa[k] = px;
      xa[k + 1] = py;
      xa[k + 2] = pz;
      for (let g = own[i], gend = own[i + 1]; g < gend; g++) {
        const g3 = 3 * g;
        const nx = sft[g3],
          ny = sft[g3 + 1],
          nz = sft[g3 + 2];
        xa[g3] = px + nx * h0 + ny * h5 + nz * h4;
        xa[g3 + 1] = py + ny * h1 + nz * h3;
        xa[g3 + 2] = pz + nz * h2;
      }
    }
    return;
  }
  if (job === JOB_NVE_FINAL) {
    const f = arrayOf(c, SF),
      fb = arrayOf(c, FBUF);
    for (let i = i0; i < i1; i++) {
      const k = 3 * i;
      const m = dtfm[type[i]];
      const fx = fb[k],
        fy = fb[k + 1],
        fz = fb[k + 2];
      f[k] = fx;
      f[k + 1] = fy;
      f[k + 2] = fz;
      v[k] += m * fx;
      v[k + 1] += m * fy;
      v[k + 2] += m * fz;
      fb[k] = 0;
      fb[k + 1] = 0;
      fb[k + 2] = 0;
    }
    return;
  }
  throw new Error(`fix nve jobs: unknown job ${job}`);
}

export const NVE_JOBS = jobModule(import.meta.url, runJob);
