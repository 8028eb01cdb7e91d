import { gradClosure, hermiteCoefficients } from './moment_algebra.js';

/**
 * The closure of a moment system of order N (raw moments m₀..m_N evolved): the normalized central moment
 * μ̂_{N+1} as a function of μ̂₀..μ̂_N (Galilean- and scale-invariant inputs) and of the Knudsen number.
 * hat: batch rows of N+1 entries (μ̂₀ = 1, μ̂₁ = 0, μ̂₂ = 1 included); out[b] = μ̂_{N+1} of row b.
 */
export interface MomentClosure {
  readonly name: string;
  readonly order: number;
  evaluate(hat: Float64Array, batch: number, eps: number, out: Float64Array): void;
}

/** Grad's closure (Hermite expansion truncated at degree N): N = 2 is Euler. */
export class GradClosure implements MomentClosure {
  private readonly he: Float64Array;
  constructor(
    readonly order: number,
    readonly name = order === 2 ? 'euler' : `grad${order}`,
  ) {
    if (!(Number.isInteger(order) && order >= 2 && order <= 12))
      throw new Error(`Grad closure: order must be an integer in [2, 12], got ${order}`);
    this.he = hermiteCoefficients(order + 1);
  }
  evaluate(hat: Float64Array, batch: number, _eps: number, out: Float64Array): void {
    const n = this.order + 1;
    for (let b = 0; b < batch; b++) out[b] = gradClosure(hat, b * n, this.order, this.he);
  }
}
