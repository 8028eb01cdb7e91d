import type { Rng } from '../../nn/rng.js';
import {
  brownianPaths,
  sampleBrownianIncrements,
  type Equation,
  type EqnConfig,
  type ReferenceValue,
} from '../equation.js';
import { allenCahnRadialReference } from '../allen_cahn_radial.js';

/**
 * Allen-Cahn equation (PNAS 2018): u_t + Lap u + u - u^3 = 0, u(T,x) = 1 / (2 + 0.4 |x|^2), x0 = 0,
 * sigma = sqrt(2) I, f(t,x,y,z) = y - y^3. Published reference 0.052802 (branching diffusion).
 * This project's reference: the solution is radial, u = w(t, s) with s = |x|^2, and w solves the 1-D PDE
 * w_t + 4 s w_ss + 2 d w_s + w - w^3 = 0, solved by finite differences (allen_cahn_radial.ts).
 */
export class AllenCahn implements Equation {
  readonly name = 'AllenCahn';
  readonly dim: number;
  readonly totalTime: number;
  readonly numTimeInterval: number;
  readonly deltaT: number;
  readonly sigma = Math.SQRT2;

  constructor(cfg: EqnConfig) {
    this.dim = cfg.dim;
    this.totalTime = cfg.total_time;
    this.numTimeInterval = cfg.num_time_interval;
    this.deltaT = this.totalTime / this.numTimeInterval;
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
    _z: Float64Array,
    batch: number,
    fOut: Float64Array,
    fy: Float64Array,
    fz: Float64Array,
  ): void {
    for (let b = 0; b < batch; b++) {
      const v = y[b];
      fOut[b] = v - v * v * v;
      fy[b] = 1 - 3 * v * v;
    }
    fz.fill(0, 0, batch * this.dim);
  }

  g(x: Float64Array, xOff: number, batch: number, gOut: Float64Array): void {
    const d = this.dim;
    for (let b = 0; b < batch; b++) {
      let s = 0;
      const o = xOff + b * d;
      for (let i = 0; i < d; i++) s += x[o + i] * x[o + i];
      gOut[b] = 0.5 / (1 + 0.2 * s);
    }
  }

  reference(): ReferenceValue {
    const r = allenCahnRadialReference(this.dim, this.totalTime);
    return {
      value: r.value,
      kind: 'computed',
      source: `radial finite differences in s=|x|^2 (${r.note}); published 0.052802`,
    };
  }
}
