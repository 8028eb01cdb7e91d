/**
 * Typed arrays that worker threads can see: with shared=true the memory is a SharedArrayBuffer,
 * otherwise an ordinary ArrayBuffer (the serial path keeps plain memory). Used by the growable
 * buffers of ghosts, neighbor lists and force accumulators so a worker pool can bind them.
 */
// Typed as ArrayBuffer-backed so they can replace the plain arrays they stand in for (the engine
// never relies on the difference: no transfer, no resize).
export function f64(n: number, shared: boolean): Float64Array<ArrayBuffer> {
  return (shared ? new Float64Array(new SharedArrayBuffer(8 * n)) : new Float64Array(n)) as Float64Array<ArrayBuffer>;
}

export function i32(n: number, shared: boolean): Int32Array<ArrayBuffer> {
  return (shared ? new Int32Array(new SharedArrayBuffer(4 * n)) : new Int32Array(n)) as Int32Array<ArrayBuffer>;
}

/** True when the array's memory is a SharedArrayBuffer. */
export function isShared(a: ArrayBufferView): boolean {
  return typeof SharedArrayBuffer !== 'undefined' && a.buffer instanceof SharedArrayBuffer;
}
