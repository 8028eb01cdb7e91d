/**
 * The RiD bias of an ensemble of free-energy networks at CV points: the arithmetic of rid-kit's PLUMED
 * action DEEPFE (rid-kit install/DeePFE.cpp), as a pure function shared by the torus sampler's
 * exploration (loop.ts) and the DEEPFE action of `fix plumed`.
 *
 *   Ā(s)  = mean_m A_m(s)                                      kJ/mol
 *   σ(s)  = sqrt(mean_k std_m(-dA_m/ds_k)^2)                   kJ/mol per CV unit (ensemble.ts)
 *   w(σ)  = 1 below trust_lvl_1, 0 from trust_lvl_2, ½(1 + cos(π(σ - lvl1)/(lvl2 - lvl1))) between
 *   V(s)  = -w Ā(s)                                            the bias energy
 *   dV/ds = -w ∇Ā(s)                                           w held fixed, as DeePFE.cpp does
 *
 * The sign. Restrained MD at s0 samples p(s) ∝ exp(-β(A(s) + ½κ(s - s0)²)); integrating by parts,
 * ⟨A'(s)⟩ = -κ(⟨s⟩ - s0), so the label F = κ(⟨s⟩ - s0) is -∇A, and a network trained with
 * -∇A_m ≈ F (rid-kit's o_forces = -dE/ds against F; its MCMC samples exp(-βE)) is +A. The biased
 * ensemble exp(-β(A + V)) is flat where V = -A: the bias must carry the minus sign (Zhang, Wang & E,
 * PRL 120, 143001 (2018): U(R) - A(s(R))). DeePFE.cpp read literally calls setBias(+trust·avg_e) and
 * setOutputForce(+trust·o_forces), i.e. V = +E = +A, which would deepen the basins rather than fill them;
 * this code follows the physics, and the torus test (exact A) confirms it: with V = -wĀ the walkers
 * leave the φ < 0 basins and the loop recovers the whole surface.
 */
import { type Ensemble, type EnsembleEval, makeEval, trustWeight } from './ensemble.js';

export interface DeepFeOut {
  /** V at each point (n), kJ/mol. */
  energy: Float64Array;
  /** dV/ds (n x d), kJ/mol per CV unit. */
  dVds: Float64Array;
  /** σ at each point (n). */
  sigma: Float64Array;
  /** w(σ) at each point (n). */
  weight: Float64Array;
}

export function makeDeepFeOut(n: number, d: number): DeepFeOut {
  return {
    energy: new Float64Array(n),
    dVds: new Float64Array(n * d),
    sigma: new Float64Array(n),
    weight: new Float64Array(n),
  };
}

/** The DEEPFE bias of an ensemble, with its evaluation workspace (grows by capacity, then allocation-free). */
export class DeepFeBias {
  private ev: EnsembleEval;

  constructor(
    readonly ensemble: Ensemble,
    readonly trustLvl1: number,
    readonly trustLvl2: number,
  ) {
    if (!(trustLvl2 > trustLvl1))
      throw new Error(`DEEPFE: TRUST_LVL_2 (${trustLvl2}) must be > TRUST_LVL_1 (${trustLvl1})`);
    this.ev = makeEval(0, ensemble.d);
  }

  get d(): number {
    return this.ensemble.d;
  }

  /** Evaluate at n points s (n x d, radians for periodic CVs) into out (capacity >= n). */
  evaluate(s: Float64Array, n: number, out: DeepFeOut): void {
    const d = this.ensemble.d;
    if (this.ev.mean.length < n) this.ev = makeEval(n, d);
    const ev = this.ev;
    this.ensemble.evaluate(s, n, ev);
    for (let i = 0; i < n; i++) {
      const w = trustWeight(ev.sigma[i], this.trustLvl1, this.trustLvl2);
      out.sigma[i] = ev.sigma[i];
      out.weight[i] = w;
      out.energy[i] = -w * ev.mean[i];
      for (let k = 0; k < d; k++) out.dVds[i * d + k] = -w * ev.meanGrad[i * d + k];
    }
  }
}
