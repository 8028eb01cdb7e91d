/**
 * What one thread sees while running a job of the worker pool: its thread id (0 = the main
 * thread), the thread count, the job module's shared arrays by typed slot, and the pool's shared
 * argument/result slots. Results are per thread (RES_STRIDE slots each) so reductions can be summed
 * in thread order, which keeps threaded runs reproducible.
 */
export type SharedArray = Float64Array | Int32Array;

/**
 * A numbered place for one shared array in a job module's table, with the array type it holds and
 * a name for messages. A module declares its slots once (module constants, the same numbers on
 * every thread); the owner binds arrays to them (Jobs.bind) and the jobs read them (arrayOf).
 */
export interface Slot<A extends SharedArray> {
  readonly index: number;
  readonly name: string;
  readonly kind: A extends Float64Array ? 'f64' : 'i32';
}

export function f64Slot(index: number, name: string): Slot<Float64Array> {
  return { index, name, kind: 'f64' };
}

export function i32Slot(index: number, name: string): Slot<Int32Array> {
  return { index, name, kind: 'i32' };
}

/** Most threads a pool runs (sizes the per-thread slot families). */
export const MAX_THREADS = 64;

/** Slots first .. first+MAX_THREADS-1, one per thread (e.g. per-thread force accumulators): family[t]. */
export function f64Slots(first: number, name: string): Slot<Float64Array>[] {
  return Array.from({ length: MAX_THREADS }, (_, t) => f64Slot(first + t, `${name}${t}`));
}

export function i32Slots(first: number, name: string): Slot<Int32Array>[] {
  return Array.from({ length: MAX_THREADS }, (_, t) => i32Slot(first + t, `${name}${t}`));
}

/** The pool's argument and result slots, shared by every job module of the pool. */
export interface JobArgs {
  /** Integer job arguments (IARGS slots). Slots BOUNDS.. hold slice boundaries (nthreads + 1). */
  iargs: Int32Array;
  /** Float job arguments (FARGS slots). */
  fargs: Float64Array;
  /** Integer results, RES_STRIDE per thread. */
  ires: Int32Array;
  /** Float results, RES_STRIDE per thread. */
  fres: Float64Array;
}

export interface JobContext extends JobArgs {
  tid: number;
  nthreads: number;
  /** This job module's arrays by slot index (undefined: not bound). */
  arrays: (SharedArray | undefined)[];
  /**
   * The job module's configuration given when it was attached (structured-cloned to each worker,
   * SharedArrayBuffers shared; the same object on thread 0); undefined when it has none.
   */
  data?: unknown;
}

export const IARGS = 64;
export const FARGS = 64;
export const RES_STRIDE = 16;
/** First iargs slot of the slice boundaries: thread t works on [iargs[BOUNDS+t], iargs[BOUNDS+t+1]). */
export const BOUNDS = 32;

/** The array bound to a slot, checked to be there and of the slot's type. */
export function arrayOf<A extends SharedArray>(ctx: JobContext, slot: Slot<A>): A {
  const a = ctx.arrays[slot.index];
  const ok = slot.kind === 'f64' ? a instanceof Float64Array : a instanceof Int32Array;
  if (!ok)
    throw new Error(
      `worker pool: shared ${slot.kind === 'f64' ? 'Float64Array' : 'Int32Array'} '${slot.name}' (slot ${slot.index}) is not bound`,
    );
  return a as A;
}
