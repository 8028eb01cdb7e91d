import type { Rng } from '../nn/rng.js';

/** Reference value of u(0, x0) that a Deep BSDE run is judged against. */
export interface ReferenceValue {
  value: number;
  /** exact: closed form; computed: by a reference solver in this project; published: from the literature. */
  kind: 'exact' | 'computed' | 'published';
  /** How the value was obtained (one line). */
  source: string;
}

/**
 * A semilinear parabolic PDE u_t + 1/2 Tr(sigma sigma^T Hess u) + mu . grad u + f(t, x, u, sigma^T grad u) = 0,
 * u(T, x) = g(x), in the BSDE form used by the Deep BSDE method (Han, Jentzen & E 2018):
 *   X_{n+1} = forward Euler (or exact) step of the SDE dX = mu dt + sigma dW,
 *   Y_{n+1} = Y_n - f(t_n, X_n, Y_n, Z_n) dt + Z_n . dW_n,  Z_n = sigma^T grad u(t_n, X_n).
 * Array layouts (all row-major float64):
 *   dw: N x batch x d  (time-major: dw[(n*batch + b)*d + i]),  x: (N+1) x batch x d.
 *   y, fOut, fy: batch;  z, fz: batch x d.
 */
export interface Equation {
  readonly name: string;
  readonly dim: number;
  readonly totalTime: number;
  readonly numTimeInterval: number;
  /** T / N */
  readonly deltaT: number;
  /** Sample Brownian increments and the forward process for `batch` paths into dw and x. */
  sample(rng: Rng, batch: number, dw: Float64Array, x: Float64Array): void;
  /**
   * Generator at time t for the batch x d block of x starting at xOff: fOut[b] = f, fy[b] = df/dy,
   * fz[b*d+i] = df/dz_i.
   */
  f(
    t: number,
    x: Float64Array,
    xOff: number,
    y: Float64Array,
    z: Float64Array,
    batch: number,
    fOut: Float64Array,
    fy: Float64Array,
    fz: Float64Array,
  ): void;
  /** Terminal condition gOut[b] = g(x_b) for the batch x d block of x starting at xOff. */
  g(x: Float64Array, xOff: number, batch: number, gOut: Float64Array): void;
  /** Reference value of u(0, x0), when known. May be expensive (reference solvers); call once. */
  reference(): ReferenceValue | null;
}

/** Common fields from the eqn_config block. */
export interface EqnConfig {
  eqn_name: string;
  total_time: number;
  dim: number;
  num_time_interval: number;
}

/** dw = sqrt(dt) N(0,1) for all N x batch x d entries. */
export function sampleBrownianIncrements(rng: Rng, eq: Equation, batch: number, dw: Float64Array): void {
  rng.fillNormal(dw, Math.sqrt(eq.deltaT), eq.numTimeInterval * batch * eq.dim);
}

/** x_0 = x0 (constant vector, length d) then x_{n+1} = x_n + sigma dw_n (sigma scalar). */
export function brownianPaths(
  eq: Equation,
  batch: number,
  x0: number,
  sigma: number,
  dw: Float64Array,
  x: Float64Array,
): void {
  const bd = batch * eq.dim;
  for (let i = 0; i < bd; i++) x[i] = x0;
  for (let n = 0; n < eq.numTimeInterval; n++) {
    const o = n * bd;
    for (let i = 0; i < bd; i++) x[o + bd + i] = x[o + i] + sigma * dw[o + i];
  }
}
