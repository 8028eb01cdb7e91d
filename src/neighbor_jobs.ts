/**
 * The threaded neighbor-list build as a worker-pool job module (src/parallel/job_module.ts), used
 * by NeighborList.buildThreaded: thread t builds the candidate loop (the WebAssembly one of
 * src/neighbor_wasm.ts where it applies, in the thread's own module memory) of its slice of local atoms
 * (iargs[BOUNDS + t] ..) into its own buffer (thread 0 into the list itself), then each worker
 * copies its part behind the previous threads' (iargs[BASES + t]) and shifts its offsets.
 */
import { arrayOf, BOUNDS, f64Slot, i32Slot, i32Slots, RES_STRIDE, type JobContext } from './parallel/job_context.js';
import { jobModule } from './parallel/job_module.js';
import { neighborSliceAny } from './neighbor_wasm.js';

export const JOB_NEIGH_BUILD = 1;
export const JOB_NEIGH_COPY = 2;
/** iargs slots. */
export const A_HALF = 6,
  A_NSSAME = 7,
  A_NS = 8,
  A_TSTRIDE = 9,
  A_MAXCAND = 10,
  A_TYPECUT = 11,
  /** 1: the WebAssembly candidate loop where it applies (neighborWasmSwitch.on on the main thread). */
  A_WASM = 12,
  /** Extended atoms (sorted entries) and bins of the build. */
  A_NALL = 13,
  A_NBINS = 14;
/** iargs[BASES + t]: where thread t's neighbors go in the final list. */
export const BASES = 48;
/** fargs slot: squared neighbor cutoff. */
export const F_NBCUTSQ = 2;

export const X = f64Slot(0, 'x');
export const TYPE = i32Slot(1, 'type');
export const BIN_OF = i32Slot(2, 'nbBinOf');
export const BIN_START = i32Slot(3, 'nbStart');
export const SORTED = i32Slot(4, 'nbSorted');
export const XS = f64Slot(5, 'nbXs');
export const TS = i32Slot(6, 'nbTs');
export const STENCIL = i32Slot(7, 'nbStencil');
export const TYPE_CUT = f64Slot(8, 'nbTypeCut');
export const OFFSET = i32Slot(9, 'nbOffset');
/** The list itself (thread 0's output). */
export const LIST = i32Slot(10, 'nbList');
/** Worker t's output buffer: OUT[t], t >= 1. */
export const OUT = i32Slots(16, 'nbOut');

export function runJob(job: number, c: JobContext): void {
  const t = c.tid,
    a = c.iargs;
  const i0 = a[BOUNDS + t],
    i1 = a[BOUNDS + t + 1];
  switch (job) {
    case JOB_NEIGH_BUILD: {
      const out = t === 0 ? arrayOf(c, LIST) : arrayOf(c, OUT[t]);
      neighborSliceAny(
        arrayOf(c, X),
        arrayOf(c, TYPE),
        arrayOf(c, BIN_OF),
        arrayOf(c, BIN_START),
        arrayOf(c, SORTED),
        arrayOf(c, XS),
        arrayOf(c, TS),
        arrayOf(c, STENCIL),
        a[A_NSSAME],
        a[A_NS],
        a[A_HALF] !== 0,
        c.fargs[F_NBCUTSQ],
        a[A_TYPECUT] !== 0 ? arrayOf(c, TYPE_CUT) : null,
        a[A_TSTRIDE],
        a[A_MAXCAND],
        i0,
        i1,
        arrayOf(c, OFFSET),
        0,
        out,
        0,
        c.ires,
        t * RES_STRIDE,
        a[A_NALL],
        a[A_NBINS],
        a[A_WASM] !== 0,
      );
      return;
    }
    case JOB_NEIGH_COPY: {
      if (t === 0) return;
      const base = a[BASES + t];
      const n = c.ires[t * RES_STRIDE + 1];
      arrayOf(c, LIST).set(arrayOf(c, OUT[t]).subarray(0, n), base);
      const off = arrayOf(c, OFFSET);
      for (let i = i0; i < i1; i++) off[i + 1] += base;
      return;
    }
    default:
      throw new Error(`neighbor worker: unknown job ${job}`);
  }
}

export const NEIGHBOR_JOBS = jobModule(import.meta.url, runJob);
