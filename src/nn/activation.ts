/**
 * Element-wise activations on flat buffers of n entries, with backward passes that use the
 * forward output y (both ReLU and tanh derivatives are functions of y).
 */
export type ActivationName = 'relu' | 'tanh' | 'identity';

/** y[i] = act(x[i]), i < n; x and y may alias. */
export function activationForward(name: ActivationName, x: Float64Array, y: Float64Array, n: number): void {
  switch (name) {
    case 'relu':
      for (let i = 0; i < n; i++) y[i] = x[i] > 0 ? x[i] : 0;
      return;
    case 'tanh':
      for (let i = 0; i < n; i++) y[i] = Math.tanh(x[i]);
      return;
    case 'identity':
      if (x !== y) for (let i = 0; i < n; i++) y[i] = x[i];
      return;
  }
}

/** dx[i] = dy[i] * act'(x[i]) written from y = act(x); dy and dx may alias. */
export function activationBackward(
  name: ActivationName,
  y: Float64Array,
  dy: Float64Array,
  dx: Float64Array,
  n: number,
): void {
  switch (name) {
    case 'relu':
      for (let i = 0; i < n; i++) dx[i] = y[i] > 0 ? dy[i] : 0;
      return;
    case 'tanh':
      for (let i = 0; i < n; i++) dx[i] = dy[i] * (1 - y[i] * y[i]);
      return;
    case 'identity':
      if (dx !== dy) for (let i = 0; i < n; i++) dx[i] = dy[i];
      return;
  }
}
