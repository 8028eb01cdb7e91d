import type { Rng } from '../../nn/rng.js';
import { sampleBrownianIncrements, type Equation, type EqnConfig, type ReferenceValue } from '../equation.js';

/**
 * Nonlinear Black-Scholes with different borrowing and lending rates (E, Han & Jentzen 2017, sec. 4.4),
 * x0 = 100, geometric Brownian motion sampled exactly, g(x) = max(max_i x_i - 120, 0) - 2 max(max_i x_i - 150, 0),
 *   f(t,x,y,z) = -R_l y - (mu - R_l) S + (R_b - R_l) max(S - y, 0),  S = sum_i z_i / sigma.
 * Published value 21.299 (d = 100, T = 0.5).
 */
export class PricingDiffRate implements Equation {
  readonly name = 'PricingDiffRate';
  readonly dim: number;
  readonly totalTime: number;
  readonly numTimeInterval: number;
  readonly deltaT: number;
  readonly x0 = 100;
  readonly sigma = 0.2;
  readonly muBar = 0.06;
  readonly rl = 0.04;
  readonly rb = 0.06;

  constructor(cfg: EqnConfig) {
    this.dim = cfg.dim;
    this.totalTime = cfg.total_time;
    this.numTimeInterval = cfg.num_time_interval;
    this.deltaT = this.totalTime / this.numTimeInterval;
  }

  sample(rng: Rng, batch: number, dw: Float64Array, x: Float64Array): void {
    sampleBrownianIncrements(rng, this, batch, dw);
    const bd = batch * this.dim,
      s = this.sigma;
    const factor = Math.exp((this.muBar - (s * s) / 2) * this.deltaT);
    for (let i = 0; i < bd; i++) x[i] = this.x0;
    for (let n = 0; n < this.numTimeInterval; n++) {
      const o = n * bd;
      for (let i = 0; i < bd; i++) x[o + bd + i] = factor * Math.exp(s * dw[o + i]) * x[o + i];
    }
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
      s = this.sigma,
      dr = this.rb - this.rl;
    for (let b = 0; b < batch; b++) {
      const o = b * d;
      let sum = 0;
      for (let i = 0; i < d; i++) sum += z[o + i];
      const S = sum / s;
      const active = S - y[b] > 0;
      fOut[b] = -this.rl * y[b] - (this.muBar - this.rl) * S + (active ? dr * (S - y[b]) : 0);
      fy[b] = -this.rl - (active ? dr : 0);
      const dz = (-(this.muBar - this.rl) + (active ? dr : 0)) / s;
      for (let i = 0; i < d; i++) fz[o + i] = dz;
    }
  }

  g(x: Float64Array, xOff: number, batch: number, gOut: Float64Array): void {
    const d = this.dim;
    for (let b = 0; b < batch; b++) {
      let m = -Infinity;
      const o = xOff + b * d;
      for (let i = 0; i < d; i++) if (x[o + i] > m) m = x[o + i];
      gOut[b] = Math.max(m - 120, 0) - 2 * Math.max(m - 150, 0);
    }
  }

  reference(): ReferenceValue {
    return { value: 21.299, kind: 'published', source: 'E, Han & Jentzen, Commun. Math. Stat. 5 (2017): 21.299' };
  }
}
