/** A trainable tensor: flat float64 values with a same-shaped gradient accumulator. */
export interface Param {
  /** Human-readable name, e.g. "subnet3.dense1.kernel". */
  name: string;
  /** Logical shape, row-major; product equals value.length. */
  shape: number[];
  value: Float64Array;
  grad: Float64Array;
}

/** New parameter of the given shape, values and gradient zeroed. */
export function makeParam(name: string, shape: number[]): Param {
  const n = shape.reduce((a, b) => a * b, 1);
  return { name, shape: [...shape], value: new Float64Array(n), grad: new Float64Array(n) };
}

/** Set every gradient in the list to zero. */
export function zeroGrads(params: readonly Param[]): void {
  for (const p of params) p.grad.fill(0);
}

/** Total number of scalar parameters. */
export function countParams(params: readonly Param[]): number {
  let n = 0;
  for (const p of params) n += p.value.length;
  return n;
}

/**
 * Keep p's value and gradient in the given arrays (same length, e.g. views of shared memory so that
 * another thread sees them), copying the current contents into them when copy is set.
 */
export function moveParam(p: Param, value: Float64Array, grad: Float64Array, copy: boolean): void {
  if (value.length !== p.value.length || grad.length !== p.grad.length)
    throw new Error(`moveParam ${p.name}: length differs`);
  if (copy) {
    value.set(p.value);
    grad.set(p.grad);
  }
  p.value = value;
  p.grad = grad;
}
