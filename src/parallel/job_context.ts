/**
 * What one thread sees while running a job of the worker pool: its thread id (0 = the main
 * thread), the thread count, the shared arrays bound by name, and the shared argument/result
 * slots. Results are per thread (RES_STRIDE slots each) so reductions can be summed in thread
 * order, which keeps threaded runs reproducible.
 */
export type SharedArray = Float64Array | Int32Array;

export interface JobContext {
  tid: number;
  nthreads: number;
  arrays: Map<string, SharedArray>;
  /** Integer job arguments (IARGS slots). Slots BOUNDS.. hold slice boundaries (nthreads + 1). */
  iargs: Int32Array;
  /** Float job arguments (FARGS slots). */
  fargs: Float64Array;
  /** Integer results, RES_STRIDE per thread. */
  ires: Int32Array;
  /** Float results, RES_STRIDE per thread. */
  fres: Float64Array;
  /**
   * Configuration of a job module given once when the pool starts (structured-cloned to each
   * worker; the same object on thread 0); undefined for the MD jobs.
   */
  data?: unknown;
}

export const IARGS = 64;
export const FARGS = 64;
export const RES_STRIDE = 16;
/** First iargs slot of the slice boundaries: thread t works on [iargs[BOUNDS+t], iargs[BOUNDS+t+1]). */
export const BOUNDS = 32;

export function f64Of(ctx: JobContext, name: string): Float64Array {
  const a = ctx.arrays.get(name);
  if (!(a instanceof Float64Array)) throw new Error(`worker pool: shared Float64Array '${name}' is not bound`);
  return a;
}

export function i32Of(ctx: JobContext, name: string): Int32Array {
  const a = ctx.arrays.get(name);
  if (!(a instanceof Int32Array)) throw new Error(`worker pool: shared Int32Array '${name}' is not bound`);
  return a;
}
