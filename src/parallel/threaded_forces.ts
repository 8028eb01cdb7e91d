import type { ComputeFlags, ForceBuffers, PairContext } from '../potential.js';
import { BOUNDS, RES_STRIDE, type Slot } from './job_context.js';
import type { Ghosts } from '../ghosts.js';
import {
  A_NALL,
  A_VIRIAL,
  FORCE_JOBS,
  FORCES,
  JOB_REDUCE_FOLD,
  JOB_REDUCE_FORCES,
  OWNER_START,
  X,
} from './force_jobs.js';
import { f64, isShared } from './shared_alloc.js';
import type { Jobs, WorkerPool } from './worker_pool.js';

/**
 * A pair style that can split its force evaluation over a worker pool. computeThreaded() does
 * what compute() does plus the virial (LAMMPS fdotr) into out.virial, and returns true; it returns
 * false (and does nothing) when it cannot, e.g. per-atom energies requested: the caller then runs
 * the serial compute(). The style attaches its own job module (pool.jobs(module)).
 */
export interface ThreadedPair {
  computeThreaded(ctx: PairContext, out: ForceBuffers, flags: ComputeFlags, pool: WorkerPool): boolean;
  /**
   * Whether this instance, as configured, would use a pool at all (default true). A style whose
   * settings send it elsewhere (pair deepmd on onnxruntime, which has its own threads) says false,
   * so that `-threads auto` does not start worker threads that never get a job.
   */
  threadable?(): boolean;
}

export function isThreadedPair(p: object): p is ThreadedPair {
  return typeof (p as Partial<ThreadedPair>).computeThreaded === 'function';
}

/** A threaded pair style whose configuration actually uses the pool (see ThreadedPair.threadable). */
export function usesPool(p: object): boolean {
  return isThreadedPair(p) && (p.threadable?.() ?? true);
}

/**
 * Per-thread force accumulators: out.f becomes shared memory (thread 0's buffer), workers get
 * zeroed buffers of the same length, kept zero by the reduction. nall extended atoms.
 */
export class ThreadForces {
  private bufs: Float64Array[] = [];

  /** Bind thread t's buffer to slots[t] of the style's module `jobs` (and to the reduction's). */
  prepare(jobs: Jobs, slots: Slot<Float64Array>[], out: ForceBuffers, nall: number): void {
    const red = jobs.pool.jobs(FORCE_JOBS);
    if (!isShared(out.f) || out.f.length < 3 * nall) {
      const len = Math.max(out.f.length, 3 * (Math.ceil(nall * 1.2) + 16));
      const f = f64(len, true);
      f.set(out.f.subarray(0, Math.min(out.f.length, 3 * nall)));
      out.f = f;
    }
    jobs.bind(slots[0], out.f);
    red.bind(FORCES[0], out.f);
    for (let t = 1; t < jobs.nthreads; t++) {
      if (!this.bufs[t] || this.bufs[t].length < out.f.length) this.bufs[t] = f64(out.f.length, true);
      jobs.bind(slots[t], this.bufs[t]);
      red.bind(FORCES[t], this.bufs[t]);
    }
  }

  /** Sum worker buffers into out.f and add the virial x (x) f over nall atoms (x: nall x 3), partials in thread order. */
  reduce(pool: WorkerPool, out: ForceBuffers, x: Float64Array, nall: number): void {
    const red = pool.jobs(FORCE_JOBS);
    red.bind(X, x);
    pool.ctx.iargs[A_NALL] = nall;
    red.run(JOB_REDUCE_FORCES);
    const r = pool.ctx.fres,
      w = out.virial;
    for (let t = 0; t < pool.nthreads; t++) for (let k = 0; k < 6; k++) w[k] += r[t * RES_STRIDE + 1 + k];
  }
}

/**
 * ThreadForces.reduce plus the ghost fold in one threaded pass (force_jobs.ts JOB_REDUCE_FOLD):
 * out.f's local entries become the folded totals, its ghost entries zero, out.ghostsFolded true;
 * the virial (x (x) f over the unfolded extended forces, LAMMPS fdotr) is added to out.virial only
 * when virial is true (otherwise out.virial[0] becomes NaN if a force is NaN/Inf, for the caller's
 * check). Each thread takes local atoms with about equal numbers of entries (atom +
 * its ghost images). Overwrites the pool's slice boundaries (the pair job is done).
 */
export function reduceFolded(pool: WorkerPool, out: ForceBuffers, g: Ghosts, virial: boolean): void {
  const red = pool.jobs(FORCE_JOBS);
  red.bind(X, g.xAll);
  red.bind(OWNER_START, g.ownerStart);
  const a = pool.ctx.iargs,
    nt = pool.nthreads,
    nlocal = g.nlocal,
    own = g.ownerStart;
  // Entries of atoms [0, i): i + (own[i] - nlocal), increasing in i.
  a[BOUNDS] = 0;
  let i = 0;
  for (let t = 1; t < nt; t++) {
    const target = (g.nall * t) / nt;
    while (i < nlocal && i + own[i] - nlocal < target) i++;
    a[BOUNDS + t] = i;
  }
  a[BOUNDS + nt] = nlocal;
  a[A_VIRIAL] = virial ? 1 : 0;
  red.run(JOB_REDUCE_FOLD);
  out.ghostsFolded = true;
  const r = pool.ctx.fres,
    w = out.virial;
  if (!virial) {
    // The caller checks the virial for NaN/Inf; without one, pass on the force probe's verdict.
    let probe = 0;
    for (let t = 0; t < nt; t++) probe += r[t * RES_STRIDE + 7];
    if (!Number.isFinite(probe)) w[0] = Number.NaN;
    return;
  }
  for (let t = 0; t < nt; t++) for (let k = 0; k < 6; k++) w[k] += r[t * RES_STRIDE + 1 + k];
}

/**
 * Slice boundaries over local atoms with about equal numbers of list entries per thread
 * (offset: CSR offsets of the list, nlocal + 1 entries) into iargs[BOUNDS..BOUNDS+nthreads].
 */
export function setPairBounds(pool: WorkerPool, offset: Int32Array, nlocal: number): void {
  const a = pool.ctx.iargs,
    nt = pool.nthreads;
  const total = offset[nlocal];
  a[BOUNDS] = 0;
  let i = 0;
  for (let t = 1; t < nt; t++) {
    const target = (total * t) / nt;
    while (i < nlocal && offset[i] < target) i++;
    a[BOUNDS + t] = i;
  }
  a[BOUNDS + nt] = nlocal;
}

/** Sum of thread partials fres[t*RES_STRIDE + k] in thread order. */
export function sumPartials(pool: WorkerPool, k: number): number {
  let s = 0;
  for (let t = 0; t < pool.nthreads; t++) s += pool.ctx.fres[t * RES_STRIDE + k];
  return s;
}
