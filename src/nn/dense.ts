import { matmul, matmulTA, matmulTB } from './matmul.js';
import { makeParam, type Param } from './param.js';
import { glorotUniform } from './init.js';
import type { Rng } from './rng.js';

/**
 * Fully connected layer y = x W (+ b).
 * Shapes: x batch x nIn, W nIn x nOut (row-major, Keras "kernel" layout), b nOut, y batch x nOut.
 * The layer holds no activation buffers: callers pass x on backward, so one layer object is cheap.
 */
export class Dense {
  readonly kernel: Param;
  readonly bias: Param | null;

  constructor(
    readonly nIn: number,
    readonly nOut: number,
    opts: { useBias?: boolean; name?: string } = {},
  ) {
    const name = opts.name ?? 'dense';
    this.kernel = makeParam(`${name}.kernel`, [nIn, nOut]);
    this.bias = opts.useBias === false ? null : makeParam(`${name}.bias`, [nOut]);
  }

  /** Glorot-uniform kernel, zero bias (Keras defaults). */
  init(rng: Rng): void {
    glorotUniform(this.kernel.value, this.nIn, this.nOut, rng);
    this.bias?.value.fill(0);
  }

  params(): Param[] {
    return this.bias ? [this.kernel, this.bias] : [this.kernel];
  }

  /** y(batch x nOut) = x(batch x nIn) W + b. */
  forward(x: Float64Array, y: Float64Array, batch: number): void {
    matmul(batch, this.nIn, this.nOut, x, this.kernel.value, y, false);
    if (this.bias) {
      const b = this.bias.value,
        n = this.nOut;
      for (let r = 0; r < batch; r++) {
        const o = r * n;
        for (let j = 0; j < n; j++) y[o + j] += b[j];
      }
    }
  }

  /**
   * Given x (batch x nIn) and dy = dL/dy (batch x nOut): kernel.grad += x^T dy, bias.grad += column sums
   * of dy, and, when dx is not null, dx(batch x nIn) = dy W^T (overwritten).
   */
  backward(x: Float64Array, dy: Float64Array, dx: Float64Array | null, batch: number): void {
    matmulTA(batch, this.nIn, this.nOut, x, dy, this.kernel.grad, true);
    if (this.bias) {
      const g = this.bias.grad,
        n = this.nOut;
      for (let r = 0; r < batch; r++) {
        const o = r * n;
        for (let j = 0; j < n; j++) g[j] += dy[o + j];
      }
    }
    if (dx) matmulTB(batch, this.nOut, this.nIn, dy, this.kernel.value, dx, false);
  }
}
