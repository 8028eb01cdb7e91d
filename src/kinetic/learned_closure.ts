import { BnMlp } from '../nn/bn_mlp.js';
import { makeParam, type Param } from '../nn/param.js';
import type { Rng } from '../nn/rng.js';
import type { MomentClosure } from './closure.js';
import { gaussMoment, gradClosure, hermiteCoefficients } from './moment_algebra.js';

export interface LearnedClosureShape {
  /** Order N of the moment system (raw moments m₀..m_N evolved); K = N − 2 generalized moments. */
  order: number;
  /** Hidden widths of the closure network. */
  hidden: number[];
  /** Hidden widths of the decoder. */
  decoderHidden: number[];
  /** Decoder output grid: nxi points ξ_j = −ξmax + (j + 1/2) 2ξmax/nxi. */
  nxi: number;
  xiMax: number;
}

/** Network input for the Knudsen number: ℓ = (log10 ε + 1)/2, about [−1, 1] over ε ∈ [1e−3, 10]. */
export function knudsenFeature(eps: number): number {
  return (Math.log10(eps) + 1) / 2;
}

/**
 * The learned closure of Han, Ma, Ma & E (PNAS 2019) in the form used here (docs/kinetic.md, "Learned model"):
 *
 * - Encoder (generalized moments): W = Σ_p A_kp d_p, d_p = (μ̂_p − μ̂_p^Maxwell)/σ_p, p = 3..N, i.e.
 *   W_k = ∫ w_k(ξ) f dξ/ρ with learned weights w_k(ξ) = Σ_p (A_kp/σ_p) ξ^p − const in the frame shifted by the
 *   local velocity and scaled by the temperature (ξ = (v − u)/√T). Because the weights are polynomials, the
 *   lab-frame moments ∫ v^p f dv they come from obey conservation laws, which is what the solver evolves.
 * - Decoder: f̂(ξ) = φ(ξ) + D(W, ℓ) on the ξ grid (φ the unit Gaussian), f = ρ/√T f̂((v − u)/√T): recovers f
 *   from U (ρ, u, T) and W. Trained with the encoder on the reconstruction error.
 * - Closure network: μ̂_{N+1} = Grad_N(μ̂) + s·(C(W, ℓ) − C(0, ℓ)), the learned correction to Grad's closure
 *   of the flux of the highest moment (residual learning: the network only has to learn what Grad misses, and the
 *   correction is zero at equilibrium). Inputs are Galilean- and scale-invariant by construction; ρ, ρu, E are conserved by the
 *   solver's flux form whatever C returns.
 * - Source: for BGK, the source of every moment is exactly (m^Maxwell(U) − m)/ε, so R needs no network (the
 *   solver applies it implicitly).
 */
export class LearnedClosure implements MomentClosure {
  readonly name = 'learned';
  readonly order: number;
  readonly K: number;
  /** Encoder matrix A (K x K, row p−3, column k). */
  readonly encoder: Param;
  readonly decoder: BnMlp;
  readonly net: BnMlp;
  /** Scales σ_p of the inputs d_p (p = 3..N), set from data. */
  readonly inputScale: Float64Array;
  /** Scale s of the closure correction. */
  outputScale = 1;
  readonly xi: Float64Array;
  readonly dxi: number;
  private readonly he: Float64Array;
  private inBuf = new Float64Array(0);
  private outRows = 0;

  constructor(readonly shape: LearnedClosureShape) {
    const N = shape.order;
    if (!(Number.isInteger(N) && N >= 3 && N <= 10))
      throw new Error(`learned closure: order must be an integer in [3, 10], got ${N}`);
    this.order = N;
    const K = N - 2;
    this.K = K;
    this.encoder = makeParam('encoder.A', [K, K]);
    const opts = { activation: 'tanh' as const, inputBn: false, hiddenBn: false, outputBn: false, hiddenBias: true };
    this.decoder = new BnMlp({ sizes: [K + 1, ...shape.decoderHidden, shape.nxi], ...opts, name: 'decoder' });
    this.net = new BnMlp({ sizes: [K + 1, ...shape.hidden, 1], ...opts, name: 'closure' });
    this.inputScale = new Float64Array(K).fill(1);
    this.he = hermiteCoefficients(N + 1);
    this.dxi = (2 * shape.xiMax) / shape.nxi;
    this.xi = new Float64Array(shape.nxi);
    for (let j = 0; j < shape.nxi; j++) this.xi[j] = -shape.xiMax + (j + 0.5) * this.dxi;
  }

  init(rng: Rng): void {
    const A = this.encoder.value,
      K = this.K;
    A.fill(0);
    for (let k = 0; k < K; k++) A[k * K + k] = 1;
    this.decoder.init(rng);
    this.net.init(rng);
  }

  autoencoderParams(): Param[] {
    return [this.encoder, ...this.decoder.params()];
  }

  closureParams(): Param[] {
    return this.net.params();
  }

  /** d_p = (μ̂_p − Gaussian)/σ_p of row b of hat (rows of N+1 or more entries, stride). */
  deviations(hat: ArrayLike<number>, stride: number, batch: number, out: Float64Array): void {
    const K = this.K;
    for (let b = 0; b < batch; b++)
      for (let k = 0; k < K; k++) out[b * K + k] = (hat[b * stride + 3 + k] - gaussMoment(3 + k)) / this.inputScale[k];
  }

  /**
   * Encoder: x[b] = (W, ℓ) with W = d A; x is batch x (K+1). ell per row.
   */
  encode(d: Float64Array, ell: ArrayLike<number>, batch: number, x: Float64Array): void {
    const K = this.K,
      A = this.encoder.value;
    for (let b = 0; b < batch; b++) {
      for (let k = 0; k < K; k++) {
        let s = 0;
        for (let p = 0; p < K; p++) s += d[b * K + p] * A[p * K + k];
        x[b * (K + 1) + k] = s;
      }
      x[b * (K + 1) + K] = ell[b];
    }
  }

  /** Backward of encode for the W part: A.grad += dᵀ dX[:, :K]. */
  encodeBackward(d: Float64Array, dx: Float64Array, batch: number): void {
    const K = this.K,
      g = this.encoder.grad;
    for (let b = 0; b < batch; b++)
      for (let p = 0; p < K; p++) {
        const dp = d[b * K + p];
        for (let k = 0; k < K; k++) g[p * K + k] += dp * dx[b * (K + 1) + k];
      }
  }

  /**
   * MomentClosure: μ̂_{N+1} = Grad_N(μ̂) + s·(C(W, ℓ) − C(0, ℓ)) for each row of hat (rows of N+1 entries). The
   * correction vanishes at equilibrium (W = 0) by construction, so the learned system has the Maxwellian states
   * of Grad's and cannot add a spurious flux where the gas is in equilibrium (small ε); row `batch` of the network
   * input is the equilibrium row (0, ℓ).
   */
  evaluate(hat: Float64Array, batch: number, eps: number, out: Float64Array): void {
    const K = this.K,
      n = this.order + 1,
      rowsIn = batch + 1;
    if (this.outRows < rowsIn) {
      this.inBuf = new Float64Array(rowsIn * (K + 1) + batch * K);
      this.outRows = rowsIn;
    }
    const x = this.inBuf.subarray(0, rowsIn * (K + 1)),
      d = this.inBuf.subarray(rowsIn * (K + 1), rowsIn * (K + 1) + batch * K);
    this.deviations(hat, n, batch, d);
    const A = this.encoder.value,
      ell = knudsenFeature(eps);
    for (let b = 0; b < batch; b++) {
      for (let k = 0; k < K; k++) {
        let s = 0;
        for (let p = 0; p < K; p++) s += d[b * K + p] * A[p * K + k];
        x[b * (K + 1) + k] = s;
      }
      x[b * (K + 1) + K] = ell;
    }
    for (let k = 0; k < K; k++) x[batch * (K + 1) + k] = 0;
    x[batch * (K + 1) + K] = ell;
    const y = this.net.forward(x, rowsIn, false);
    const y0 = y[batch];
    for (let b = 0; b < batch; b++)
      out[b] = gradClosure(hat, b * n, this.order, this.he) + this.outputScale * (y[b] - y0);
  }

  /** Grad's μ̂_{N+1} of one row of hat (stride entries a row). */
  grad(hat: ArrayLike<number>, o: number): number {
    return gradClosure(hat, o, this.order, this.he);
  }

  /** All parameters and scales as JSON (model.json). */
  toJSON(): object {
    const dump = (ps: Param[]) => ps.map((p) => ({ name: p.name, shape: p.shape, value: Array.from(p.value) }));
    return {
      format: 'dpmd-kinetic-closure-1',
      shape: this.shape,
      input_scale: Array.from(this.inputScale),
      output_scale: this.outputScale,
      params: dump([...this.autoencoderParams(), ...this.closureParams()]),
    };
  }

  static fromJSON(j: {
    shape: LearnedClosureShape;
    input_scale: number[];
    output_scale: number;
    params: { name: string; value: number[] }[];
  }): LearnedClosure {
    const c = new LearnedClosure(j.shape);
    c.inputScale.set(j.input_scale);
    c.outputScale = j.output_scale;
    const ps = [...c.autoencoderParams(), ...c.closureParams()];
    if (ps.length !== j.params.length) throw new Error('learned closure: parameter count differs from the model file');
    ps.forEach((p, i) => {
      if (j.params[i].value.length !== p.value.length) throw new Error(`learned closure: size of ${p.name} differs`);
      p.value.set(j.params[i].value);
    });
    return c;
  }
}
