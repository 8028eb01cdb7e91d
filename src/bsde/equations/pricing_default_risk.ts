import type { Rng } from '../../nn/rng.js';
import { sampleBrownianIncrements, type Equation, type EqnConfig, type ReferenceValue } from '../equation.js';

/**
 * Nonlinear Black-Scholes equation with default risk (PNAS 2018), d = 100, T = 1, x0 = 100:
 *   X_{n+1} = (1 + mu dt) X_n + sigma X_n dW_n (componentwise, Euler),  g(x) = min_i x_i,
 *   f(t,x,y,z) = -(1 - delta) Q(y) y - R y,  Q(y) = gamma_l + relu(relu(y - v_h) * slope + gamma_h - gamma_l),
 *   slope = (gamma_h - gamma_l) / (v_h - v_l). Published value 57.300 (multilevel Picard).
 */
export class PricingDefaultRisk implements Equation {
  readonly name = 'PricingDefaultRisk';
  readonly dim: number;
  readonly totalTime: number;
  readonly numTimeInterval: number;
  readonly deltaT: number;
  readonly x0 = 100;
  readonly sigma = 0.2;
  readonly rate = 0.02;
  readonly delta = 2 / 3;
  readonly gammaH = 0.2;
  readonly gammaL = 0.02;
  readonly muBar = 0.02;
  readonly vH = 50;
  readonly vL = 70;
  readonly slope: number;

  constructor(cfg: EqnConfig) {
    this.dim = cfg.dim;
    this.totalTime = cfg.total_time;
    this.numTimeInterval = cfg.num_time_interval;
    this.deltaT = this.totalTime / this.numTimeInterval;
    this.slope = (this.gammaH - this.gammaL) / (this.vH - this.vL);
  }

  sample(rng: Rng, batch: number, dw: Float64Array, x: Float64Array): void {
    sampleBrownianIncrements(rng, this, batch, dw);
    const bd = batch * this.dim,
      a = 1 + this.muBar * this.deltaT,
      s = this.sigma;
    for (let i = 0; i < bd; i++) x[i] = this.x0;
    for (let n = 0; n < this.numTimeInterval; n++) {
      const o = n * bd;
      for (let i = 0; i < bd; i++) x[o + bd + i] = a * x[o + i] + s * x[o + i] * dw[o + i];
    }
  }

  f(
    _t: number,
    _x: Float64Array,
    _xOff: number,
    y: Float64Array,
    _z: Float64Array,
    batch: number,
    fOut: Float64Array,
    fy: Float64Array,
    fz: Float64Array,
  ): void {
    const c = 1 - this.delta;
    for (let b = 0; b < batch; b++) {
      const v = y[b];
      let q = this.gammaL,
        dq = 0;
      if (v > this.vH) {
        const inner = (v - this.vH) * this.slope + this.gammaH - this.gammaL;
        if (inner > 0) {
          q += inner;
          dq = this.slope;
        }
      } else {
        q += this.gammaH - this.gammaL;
      }
      fOut[b] = (-c * q - this.rate) * v;
      fy[b] = -c * (q + dq * v) - this.rate;
    }
    fz.fill(0, 0, batch * this.dim);
  }

  g(x: Float64Array, xOff: number, batch: number, gOut: Float64Array): void {
    const d = this.dim;
    for (let b = 0; b < batch; b++) {
      let m = Infinity;
      const o = xOff + b * d;
      for (let i = 0; i < d; i++) if (x[o + i] < m) m = x[o + i];
      gOut[b] = m;
    }
  }

  reference(): ReferenceValue {
    return { value: 57.3, kind: 'published', source: 'Han, Jentzen & E, PNAS 115 (2018): 57.300 (multilevel Picard)' };
  }
}
