/**
 * The RiD ensemble of free-energy networks and rid-kit's bias switch.
 *
 * Spread (rid-kit install/DeePFE.cpp, compute_std + avg_std): per CV component k the standard
 * deviation over the M models of the force F_m,k = -dA_m/ds_k (population std, divided by M), then
 * sigma = sqrt(mean_k std_k^2). Units: kJ/mol per CV unit (rad for torsions).
 *
 * Trust weight (DeePFE.cpp apply_trust): w = 1 for sigma < trust_lvl_1, 0 for sigma >= trust_lvl_2,
 * 0.5 (1 + cos(pi (sigma - lvl1) / (lvl2 - lvl1))) between.
 *
 * Bias: U_bias(s) = -w(sigma(s)) * mean_m A_m(s), the bias of reinforced dynamics (Zhang, Wang & E,
 * PRL 120, 143001 (2018), eq. 5), which flattens the free-energy surface where the ensemble is
 * trusted. Its force on the CVs is -dU_bias/ds = w * mean_m dA_m/ds with w held fixed: DeePFE.cpp
 * sets the output force to trust * avg_f and omits the derivative of the trust weight, and so does
 * this code. Sign note: rid-kit labels with F = kappa (<s> - s0) (rid/op/calc_mf.py) and trains
 * o_forces = -dE/ds on F (rid/nn/model.py), so its network energy E is +A; the bias here carries the
 * minus sign of the paper explicitly.
 */
import { FreeEnergyNet } from './free_energy_net.js';
import type { Rng } from '../nn/rng.js';

/** rid-kit's trust weight of a spread sigma. */
export function trustWeight(sigma: number, lvl1: number, lvl2: number): number {
  if (sigma < lvl1) return 1;
  if (sigma >= lvl2) return 0;
  return 0.5 * (1 + Math.cos((Math.PI * (sigma - lvl1)) / (lvl2 - lvl1)));
}

/** What the ensemble says at n points. */
export interface EnsembleEval {
  /** mean_m A_m (n). */
  mean: Float64Array;
  /** mean_m grad A_m (n x d). */
  meanGrad: Float64Array;
  /** sigma (n), kJ/mol per CV unit. */
  sigma: Float64Array;
}

export class Ensemble {
  readonly nets: FreeEnergyNet[];
  private a = new Float64Array(0);
  private g = new Float64Array(0);

  constructor(
    readonly periodic: readonly boolean[],
    readonly neurons: readonly number[],
    nmodels: number,
  ) {
    this.nets = Array.from({ length: nmodels }, () => new FreeEnergyNet(periodic, neurons));
  }

  get d(): number {
    return this.periodic.length;
  }

  /** Independent initial parameters per model (one sub-stream each). */
  init(rng: Rng): void {
    for (const net of this.nets) net.init(rng.split());
  }

  /** Evaluate mean, mean gradient and spread at n points s (n x d) into out (arrays of capacity >= n). */
  evaluate(s: Float64Array, n: number, out: EnsembleEval): void {
    const d = this.d,
      M = this.nets.length;
    if (this.a.length < n) {
      this.a = new Float64Array(n);
      this.g = new Float64Array(n * d);
    }
    out.mean.fill(0, 0, n);
    out.meanGrad.fill(0, 0, n * d);
    out.sigma.fill(0, 0, n);
    // first pass: means; second: variances (models evaluated twice would cost more than storing)
    const all = this.scratch(M * n * d);
    for (let k = 0; k < M; k++) {
      this.nets[k].evaluate(s, n, this.a, this.g);
      for (let i = 0; i < n; i++) out.mean[i] += this.a[i] / M;
      for (let q = 0; q < n * d; q++) {
        out.meanGrad[q] += this.g[q] / M;
        all[k * n * d + q] = this.g[q];
      }
    }
    for (let i = 0; i < n; i++) {
      let v = 0;
      for (let c = 0; c < d; c++) {
        const q = i * d + c,
          mu = out.meanGrad[q];
        let s2 = 0;
        for (let k = 0; k < M; k++) {
          const e = all[k * n * d + q] - mu;
          s2 += e * e;
        }
        v += s2 / M;
      }
      out.sigma[i] = Math.sqrt(v / d);
    }
  }

  private buf = new Float64Array(0);
  private scratch(n: number): Float64Array {
    if (this.buf.length < n) this.buf = new Float64Array(n);
    return this.buf;
  }

  /** All models' parameters, for the iteration's model file. */
  toJSON(): { periodic: boolean[]; neurons: number[]; models: number[][] } {
    return {
      periodic: [...this.periodic],
      neurons: [...this.neurons],
      models: this.nets.map((n) => Array.from(n.getFlat())),
    };
  }

  static fromJSON(j: { periodic: boolean[]; neurons: number[]; models: number[][] }): Ensemble {
    const e = new Ensemble(j.periodic, j.neurons, j.models.length);
    e.nets.forEach((n, k) => {
      n.setFlat(j.models[k]);
    });
    return e;
  }
}

export function makeEval(n: number, d: number): EnsembleEval {
  return { mean: new Float64Array(n), meanGrad: new Float64Array(n * d), sigma: new Float64Array(n) };
}
