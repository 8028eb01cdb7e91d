import type { Rng } from '../../nn/rng.js';
import {
  brownianPaths,
  sampleBrownianIncrements,
  type Equation,
  type EqnConfig,
  type ReferenceValue,
} from '../equation.js';

/**
 * PDE with quadratically growing derivatives (E, Han & Jentzen 2017, sec. 4.6): sigma = I, x0 = 0,
 * exact solution u(t,x) = sin((T - t + |x|^2/d)^alpha), alpha = 0.4, so u(0,0) = sin(T^alpha) (= sin 1 at T=1);
 *   f(t,x,y,z) = |z|^2 + h(t,x) with h the source making u exact (see the code), g(x) = sin((|x|^2/d)^alpha).
 */
export class QuadraticGradient implements Equation {
  readonly name = 'QuadraticGradient';
  readonly dim: number;
  readonly totalTime: number;
  readonly numTimeInterval: number;
  readonly deltaT: number;
  readonly alpha = 0.4;

  constructor(cfg: EqnConfig) {
    this.dim = cfg.dim;
    this.totalTime = cfg.total_time;
    this.numTimeInterval = cfg.num_time_interval;
    this.deltaT = this.totalTime / this.numTimeInterval;
  }

  sample(rng: Rng, batch: number, dw: Float64Array, x: Float64Array): void {
    sampleBrownianIncrements(rng, this, batch, dw);
    brownianPaths(this, batch, 0, 1, dw, x);
  }

  f(
    t: number,
    x: Float64Array,
    xOff: number,
    _y: Float64Array,
    z: Float64Array,
    batch: number,
    fOut: Float64Array,
    fy: Float64Array,
    fz: Float64Array,
  ): void {
    const d = this.dim,
      a = this.alpha,
      d2 = d * d;
    for (let b = 0; b < batch; b++) {
      const o = b * d,
        ox = xOff + b * d;
      let xs = 0,
        zs = 0;
      for (let i = 0; i < d; i++) {
        xs += x[ox + i] * x[ox + i];
        const zi = z[o + i];
        zs += zi * zi;
        fz[o + i] = 2 * zi;
      }
      const base = this.totalTime - t + xs / d;
      const ba = Math.pow(base, a);
      const der = a * Math.pow(base, a - 1) * Math.cos(ba);
      const term2 = (-4 * der * der * xs) / d2;
      const term4 =
        -0.5 *
        (2 * der +
          (4 / d2) *
            xs *
            a *
            ((a - 1) * Math.pow(base, a - 2) * Math.cos(ba) - a * Math.pow(base, 2 * a - 2) * Math.sin(ba)));
      fOut[b] = zs + term2 + der + term4;
      fy[b] = 0;
    }
  }

  g(x: Float64Array, xOff: number, batch: number, gOut: Float64Array): void {
    const d = this.dim;
    for (let b = 0; b < batch; b++) {
      let s = 0;
      const o = xOff + b * d;
      for (let i = 0; i < d; i++) s += x[o + i] * x[o + i];
      gOut[b] = Math.sin(Math.pow(s / d, this.alpha));
    }
  }

  reference(): ReferenceValue {
    return { value: Math.sin(Math.pow(this.totalTime, this.alpha)), kind: 'exact', source: 'u(0,0) = sin(T^0.4)' };
  }
}
