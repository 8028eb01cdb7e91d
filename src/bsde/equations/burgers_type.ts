import type { Rng } from '../../nn/rng.js';
import {
  brownianPaths,
  sampleBrownianIncrements,
  type Equation,
  type EqnConfig,
  type ReferenceValue,
} from '../equation.js';

/**
 * Burgers-type PDE (E, Han & Jentzen 2017, sec. 4.5): sigma = d (scalar), x0 = 0,
 *   f(t,x,y,z) = (y - (2 + d) / (2 d)) sum_i z_i,  g(x) = 1 - 1 / (1 + exp(T + sum_i x_i / d)).
 * Exact solution u(t,x) = 1 - 1/(1 + exp(t + sum x / d)), so u(0,0) = 1/2.
 */
export class BurgersType implements Equation {
  readonly name = 'BurgersType';
  readonly dim: number;
  readonly totalTime: number;
  readonly numTimeInterval: number;
  readonly deltaT: number;
  readonly sigma: number;

  constructor(cfg: EqnConfig) {
    this.dim = cfg.dim;
    this.totalTime = cfg.total_time;
    this.numTimeInterval = cfg.num_time_interval;
    this.deltaT = this.totalTime / this.numTimeInterval;
    this.sigma = this.dim;
  }

  sample(rng: Rng, batch: number, dw: Float64Array, x: Float64Array): void {
    sampleBrownianIncrements(rng, this, batch, dw);
    brownianPaths(this, batch, 0, this.sigma, dw, x);
  }

  f(
    _t: number,
    _x: Float64Array,
    _xOff: number,
    y: Float64Array,
    z: Float64Array,
    batch: number,
    fOut: Float64Array,
    fy: Float64Array,
    fz: Float64Array,
  ): void {
    const d = this.dim,
      c = (2 + d) / (2 * d);
    for (let b = 0; b < batch; b++) {
      const o = b * d;
      let s = 0;
      for (let i = 0; i < d; i++) s += z[o + i];
      fOut[b] = (y[b] - c) * s;
      fy[b] = s;
      const k = y[b] - c;
      for (let i = 0; i < d; i++) fz[o + i] = k;
    }
  }

  g(x: Float64Array, xOff: number, batch: number, gOut: Float64Array): void {
    const d = this.dim;
    for (let b = 0; b < batch; b++) {
      let s = 0;
      const o = xOff + b * d;
      for (let i = 0; i < d; i++) s += x[o + i];
      gOut[b] = 1 - 1 / (1 + Math.exp(this.totalTime + s / d));
    }
  }

  reference(): ReferenceValue {
    return { value: 0.5, kind: 'exact', source: 'u(t,x) = 1 - 1/(1 + exp(t + sum(x)/d)) at (0, 0)' };
  }
}
