import type { Param } from './param.js';

/**
 * Adam (Kingma & Ba) in the form of TF/Keras' Adam: with t the step count after increment,
 *   m <- b1 m + (1-b1) g,  v <- b2 v + (1-b2) g^2,
 *   lr_t = lr * sqrt(1 - b2^t) / (1 - b1^t),  theta <- theta - lr_t * m / (sqrt(v) + eps).
 * Moment buffers are allocated once per parameter.
 */
export class Adam {
  private readonly m: Float64Array[];
  private readonly v: Float64Array[];
  /** Number of steps taken. */
  t = 0;

  constructor(
    readonly params: readonly Param[],
    readonly beta1 = 0.9,
    readonly beta2 = 0.999,
    readonly eps = 1e-8,
  ) {
    this.m = params.map((p) => new Float64Array(p.value.length));
    this.v = params.map((p) => new Float64Array(p.value.length));
  }

  /** One update with learning rate lr from the accumulated gradients (gradients are not cleared). */
  step(lr: number): void {
    this.t++;
    const b1 = this.beta1,
      b2 = this.beta2,
      eps = this.eps;
    const lrT = (lr * Math.sqrt(1 - Math.pow(b2, this.t))) / (1 - Math.pow(b1, this.t));
    for (let k = 0; k < this.params.length; k++) {
      const p = this.params[k].value,
        g = this.params[k].grad,
        m = this.m[k],
        v = this.v[k];
      for (let i = 0; i < p.length; i++) {
        const gi = g[i];
        const mi = b1 * m[i] + (1 - b1) * gi;
        const vi = b2 * v[i] + (1 - b2) * gi * gi;
        m[i] = mi;
        v[i] = vi;
        p[i] -= (lrT * mi) / (Math.sqrt(vi) + eps);
      }
    }
  }

  /** Moment buffers and step count, for checkpoints (copies). */
  getState(): { t: number; m: Float64Array[]; v: Float64Array[] } {
    return { t: this.t, m: this.m.map((a) => Float64Array.from(a)), v: this.v.map((a) => Float64Array.from(a)) };
  }

  /** Restore a state from getState() (same parameter list). */
  setState(s: { t: number; m: ArrayLike<number>[]; v: ArrayLike<number>[] }): void {
    if (s.m.length !== this.m.length || s.v.length !== this.v.length)
      throw new Error('Adam.setState: parameter count differs');
    for (let k = 0; k < this.m.length; k++) {
      if (s.m[k].length !== this.m[k].length || s.v[k].length !== this.v[k].length)
        throw new Error(`Adam.setState: size of parameter ${k} differs`);
      this.m[k].set(s.m[k]);
      this.v[k].set(s.v[k]);
    }
    this.t = s.t;
  }
}
