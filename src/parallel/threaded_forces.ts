import type { ComputeFlags, ForceBuffers, PairContext } from '../potential.js';
import { BOUNDS, RES_STRIDE } from './job_context.js';
import { A_NALL, JOB_REDUCE_FORCES, forceName } from './jobs.js';
import { f64, isShared } from './shared_alloc.js';
import type { WorkerPool } from './worker_pool.js';

/**
 * A pair style that can split its force evaluation over a worker pool. computeThreaded() does
 * what compute() does plus the virial (LAMMPS fdotr) into out.virial, and returns true; it returns
 * false (and does nothing) when it cannot, e.g. per-atom energies requested: the caller then runs
 * the serial compute().
 */
export interface ThreadedPair {
  computeThreaded(ctx: PairContext, out: ForceBuffers, flags: ComputeFlags, pool: WorkerPool): boolean;
}

export function isThreadedPair(p: object): p is ThreadedPair {
  return typeof (p as Partial<ThreadedPair>).computeThreaded === 'function';
}

/**
 * Per-thread force accumulators: out.f becomes shared memory (thread 0's buffer, 'f0'), workers
 * get zeroed buffers 'f1'.. of the same length, kept zero by reduceForces. nall extended atoms.
 */
export class ThreadForces {
  private bufs: Float64Array[] = [];

  prepare(pool: WorkerPool, out: ForceBuffers, nall: number): void {
    if (!isShared(out.f) || out.f.length < 3 * nall) {
      const len = Math.max(out.f.length, 3 * (Math.ceil(nall * 1.2) + 16));
      const f = f64(len, true);
      f.set(out.f.subarray(0, Math.min(out.f.length, 3 * nall)));
      out.f = f;
    }
    pool.bind(forceName(0), out.f);
    for (let t = 1; t < pool.nthreads; t++) {
      if (!this.bufs[t] || this.bufs[t].length < out.f.length) this.bufs[t] = f64(out.f.length, true);
      pool.bind(forceName(t), this.bufs[t]);
    }
  }

  /** Sum worker buffers into out.f and add the virial x (x) f over nall atoms, partials in thread order. */
  reduce(pool: WorkerPool, out: ForceBuffers, nall: number): void {
    pool.ctx.iargs[A_NALL] = nall;
    pool.run(JOB_REDUCE_FORCES);
    const r = pool.ctx.fres, w = out.virial;
    for (let t = 0; t < pool.nthreads; t++) for (let k = 0; k < 6; k++) w[k] += r[t * RES_STRIDE + 1 + k];
  }
}

/**
 * Slice boundaries over local atoms with about equal numbers of list entries per thread
 * (offset: CSR offsets of the list, nlocal + 1 entries) into iargs[BOUNDS..BOUNDS+nthreads].
 */
export function setPairBounds(pool: WorkerPool, offset: Int32Array, nlocal: number): void {
  const a = pool.ctx.iargs, nt = pool.nthreads;
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
