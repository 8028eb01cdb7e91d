import type { Rng } from '../nn/rng.js';

/**
 * A finite-horizon stochastic control problem in discrete time, as used by deep stochastic control
 * (Han & E 2016): s_{n+1} = F_n(s_n, a_n, xi_n), cost J = E[ sum_n c_n(s_n, a_n, xi_n) + Phi(s_N) ], with the
 * control a_n = A_n(o_n, s_n) built from a raw network output o_n (so constraints live in A_n).
 * Layouts (row-major float64): states batch x stateDim, raw outputs batch x controlDim, noise N x batch x noiseDim.
 */
export interface ControlProblem {
  readonly name: string;
  readonly stateDim: number;
  /** Width of the raw network output o_n. */
  readonly controlDim: number;
  readonly noiseDim: number;
  readonly numSteps: number;
  readonly deltaT: number;
  /** Deterministic initial state (length stateDim). */
  initialState(out: Float64Array): void;
  /** Draw the noise of all steps for a batch: noise[(n*batch + b)*noiseDim + k]. */
  sampleNoise(rng: Rng, batch: number, noise: Float64Array): void;
  /**
   * One step for a batch: sNext = F_n(s, A_n(o, s), xi_n) and costOut[b] = c_n. noise points at step n's block
   * (offset noiseOff).
   */
  step(
    n: number,
    s: Float64Array,
    o: Float64Array,
    noise: Float64Array,
    noiseOff: number,
    batch: number,
    sNext: Float64Array,
    costOut: Float64Array,
  ): void;
  /**
   * Adjoint of step(): given lamNext = dJ/dsNext (batch x stateDim) and the weight w of each sample's cost in J,
   * write dS = direct dJ/ds (batch x stateDim; overwritten) and dO = dJ/do (batch x controlDim; overwritten).
   * Components of s that no control can influence (exogenous prices...) may get zero adjoints.
   */
  stepBackward(
    n: number,
    s: Float64Array,
    o: Float64Array,
    noise: Float64Array,
    noiseOff: number,
    batch: number,
    lamNext: Float64Array,
    w: number,
    dS: Float64Array,
    dO: Float64Array,
  ): void;
  /** Terminal cost out[b] = Phi(s_b) and, when grad is not null, grad = dPhi/ds (batch x stateDim). */
  terminal(s: Float64Array, batch: number, out: Float64Array, grad: Float64Array | null): void;
}
