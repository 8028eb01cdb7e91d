import type { Rng } from '../nn/rng.js';
import type { ControlProblem } from './problem.js';
import { hopfColeRadialQuadrature } from '../bsde/hopf_cole.js';

/**
 * Linear-quadratic-Gaussian control in R^d (Han & E 2016; PNAS 2018 HJB example):
 *   dX = 2 sqrt(lambda) m_t dt + sqrt(2) dW,  J = E[ int_0^T |m_t|^2 dt + g(X_T) ],  g(x) = ln((1 + |x|^2) / 2).
 * Its value function solves u_t + Lap u - lambda |grad u|^2 = 0 (the HJBLQ equation), optimal feedback
 * m = -sqrt(lambda) grad u, so the optimal cost from X_0 = 0 equals the HJBLQ value u(0,0) (4.5901 for d = 100,
 * T = 1, lambda = 1). Discretised by Euler with N steps; raw network output o = m (no constraints).
 */
export class LqgControl implements ControlProblem {
  readonly name = 'LQG';
  readonly stateDim: number;
  readonly controlDim: number;
  readonly noiseDim: number;
  readonly deltaT: number;
  private readonly c: number;

  constructor(
    readonly dim: number,
    readonly totalTime: number,
    readonly numSteps: number,
    readonly lambda = 1,
  ) {
    this.stateDim = dim;
    this.controlDim = dim;
    this.noiseDim = dim;
    this.deltaT = totalTime / numSteps;
    this.c = 2 * Math.sqrt(lambda) * this.deltaT;
  }

  initialState(out: Float64Array): void {
    out.fill(0, 0, this.dim);
  }

  sampleNoise(rng: Rng, batch: number, noise: Float64Array): void {
    rng.fillNormal(noise, Math.sqrt(2 * this.deltaT), this.numSteps * batch * this.dim);
  }

  step(
    _n: number,
    s: Float64Array,
    o: Float64Array,
    noise: Float64Array,
    noiseOff: number,
    batch: number,
    sNext: Float64Array,
    costOut: Float64Array,
  ): void {
    const d = this.dim,
      c = this.c,
      dt = this.deltaT;
    for (let b = 0; b < batch; b++) {
      let q = 0;
      const r = b * d;
      for (let i = 0; i < d; i++) {
        const m = o[r + i];
        q += m * m;
        sNext[r + i] = s[r + i] + c * m + noise[noiseOff + r + i];
      }
      costOut[b] = q * dt;
    }
  }

  stepBackward(
    _n: number,
    _s: Float64Array,
    o: Float64Array,
    _noise: Float64Array,
    _noiseOff: number,
    batch: number,
    lamNext: Float64Array,
    w: number,
    dS: Float64Array,
    dO: Float64Array,
  ): void {
    const n = batch * this.dim,
      c = this.c,
      k = 2 * this.deltaT * w;
    for (let i = 0; i < n; i++) {
      dO[i] = k * o[i] + c * lamNext[i];
      dS[i] = lamNext[i];
    }
  }

  terminal(s: Float64Array, batch: number, out: Float64Array, grad: Float64Array | null): void {
    const d = this.dim;
    for (let b = 0; b < batch; b++) {
      let q = 0;
      const r = b * d;
      for (let i = 0; i < d; i++) q += s[r + i] * s[r + i];
      out[b] = Math.log((1 + q) / 2);
      if (grad) for (let i = 0; i < d; i++) grad[r + i] = (2 * s[r + i]) / (1 + q);
    }
  }

  /** The continuous-time optimal cost u(0,0) by the Hopf-Cole formula (chi-square quadrature). */
  optimalCost(): number {
    return hopfColeRadialQuadrature((s) => Math.log((1 + s) / 2), this.dim, this.totalTime, this.lambda, Math.SQRT2);
  }
}
