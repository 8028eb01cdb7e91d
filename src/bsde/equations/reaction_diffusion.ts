import type { Rng } from '../../nn/rng.js';
import {
  brownianPaths,
  sampleBrownianIncrements,
  type Equation,
  type EqnConfig,
  type ReferenceValue,
} from '../equation.js';

/**
 * Time-dependent reaction-diffusion PDE with an oscillating exact solution (E, Han & Jentzen 2017, sec. 4.7):
 * sigma = I, x0 = 0, kappa = 0.6, lambda = 1/sqrt(d), exact u(t,x) = 1 + kappa + sin(lambda sum x) exp(lambda^2 d (t - T)/2),
 *   f(t,x,y,z) = min(1, (y - kappa - 1 - sin(lambda sum x) exp(lambda^2 d (t - T)/2))^2),
 *   g(x) = 1 + kappa + sin(lambda sum x);  u(0,0) = 1.6.
 */
export class ReactionDiffusion implements Equation {
  readonly name = 'ReactionDiffusion';
  readonly dim: number;
  readonly totalTime: number;
  readonly numTimeInterval: number;
  readonly deltaT: number;
  readonly kappa = 0.6;
  readonly lambda: number;

  constructor(cfg: EqnConfig) {
    this.dim = cfg.dim;
    this.totalTime = cfg.total_time;
    this.numTimeInterval = cfg.num_time_interval;
    this.deltaT = this.totalTime / this.numTimeInterval;
    this.lambda = 1 / Math.sqrt(this.dim);
  }

  sample(rng: Rng, batch: number, dw: Float64Array, x: Float64Array): void {
    sampleBrownianIncrements(rng, this, batch, dw);
    brownianPaths(this, batch, 0, 1, dw, x);
  }

  f(
    t: number,
    x: Float64Array,
    xOff: number,
    y: Float64Array,
    _z: Float64Array,
    batch: number,
    fOut: Float64Array,
    fy: Float64Array,
    fz: Float64Array,
  ): void {
    const d = this.dim,
      l = this.lambda;
    const e = Math.exp((l * l * d * (t - this.totalTime)) / 2);
    for (let b = 0; b < batch; b++) {
      const ox = xOff + b * d;
      let s = 0;
      for (let i = 0; i < d; i++) s += x[ox + i];
      const tmp = y[b] - this.kappa - 1 - Math.sin(l * s) * e;
      const sq = tmp * tmp;
      fOut[b] = sq < 1 ? sq : 1;
      fy[b] = sq < 1 ? 2 * tmp : 0;
    }
    fz.fill(0, 0, batch * d);
  }

  g(x: Float64Array, xOff: number, batch: number, gOut: Float64Array): void {
    const d = this.dim;
    for (let b = 0; b < batch; b++) {
      let s = 0;
      const o = xOff + b * d;
      for (let i = 0; i < d; i++) s += x[o + i];
      gOut[b] = 1 + this.kappa + Math.sin(this.lambda * s);
    }
  }

  reference(): ReferenceValue {
    return { value: 1 + this.kappa, kind: 'exact', source: 'u(0,0) = 1 + kappa' };
  }
}
