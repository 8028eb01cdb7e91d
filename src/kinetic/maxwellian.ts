import type { VelocityGrid } from './velocity_grid.js';

/**
 * The discrete Maxwellian of Mieussens (2000): M_j = exp(α₀ + α₁ v_j + α₂ v_j²/2), with α chosen so that the
 * quadrature moments of M equal the given conserved moments U = (ρ, ρu, E) exactly:
 *   Σ_j ψ(v_j) M_j dv = U,  ψ = (1, v, v²/2).
 * It is the minimiser of the discrete entropy Σ M ln M dv under those constraints, so the BGK collision
 * (M[f] − f)/ε conserves mass, momentum and energy to roundoff on the discrete grid (the continuous Maxwellian
 * sampled on the grid does so only to quadrature accuracy). α solves the convex problem by Newton's method,
 * J δ = U − Σ ψ M dv with J_kl = Σ ψ_k ψ_l M dv (symmetric positive definite), started from the continuous
 * Maxwellian's α = (ln(ρ/√(2πT)) − u²/2T, u/T, −1/T), which is already within quadrature error of the answer.
 */
export class DiscreteMaxwellian {
  private readonly a = new Float64Array(3);

  constructor(readonly grid: VelocityGrid) {}

  /**
   * Write M[U] into out[off .. off+nv). Throws when U is not realizable (ρ ≤ 0 or T ≤ 0) or Newton fails;
   * `where` names the cell in the message.
   */
  fill(rho: number, mom: number, energy: number, out: Float64Array, off: number, where: string): void {
    const g = this.grid,
      v = g.v,
      nv = g.nv,
      dv = g.dv;
    const u = mom / rho;
    const T = (2 * energy) / rho - u * u;
    if (!(rho > 0) || !(T > 0))
      throw new Error(`BGK: non-realizable state at ${where}: rho=${rho}, T=${T} (the solution lost positivity)`);
    const a = this.a;
    a[0] = Math.log(rho / Math.sqrt(2 * Math.PI * T)) - (u * u) / (2 * T);
    a[1] = u / T;
    a[2] = -1 / T;
    const scale = [rho, Math.abs(mom) + rho * Math.sqrt(T), energy];
    for (let it = 0; it < 30; it++) {
      let s0 = 0,
        s1 = 0,
        s2 = 0,
        s3 = 0,
        s4 = 0;
      for (let j = 0; j < nv; j++) {
        const vj = v[j],
          h = 0.5 * vj * vj;
        const m = Math.exp(a[0] + a[1] * vj + a[2] * h);
        out[off + j] = m;
        s0 += m;
        s1 += vj * m;
        s2 += h * m;
        s3 += vj * h * m;
        s4 += h * h * m;
      }
      // residual r = U − moments(M); J = [[s0, s1, s2], [s1, 2 s2, s3], [s2, s3, s4]] dv (v² = 2h)
      const r0 = rho - s0 * dv,
        r1 = mom - s1 * dv,
        r2 = energy - s2 * dv;
      if (Math.abs(r0) <= 2e-15 * scale[0] && Math.abs(r1) <= 2e-15 * scale[1] && Math.abs(r2) <= 2e-15 * scale[2])
        return;
      const j00 = s0 * dv,
        j01 = s1 * dv,
        j02 = s2 * dv,
        j11 = 2 * s2 * dv,
        j12 = s3 * dv,
        j22 = s4 * dv;
      // 3x3 symmetric solve by cofactors
      const c00 = j11 * j22 - j12 * j12,
        c01 = j02 * j12 - j01 * j22,
        c02 = j01 * j12 - j02 * j11;
      const det = j00 * c00 + j01 * c01 + j02 * c02;
      const c11 = j00 * j22 - j02 * j02,
        c12 = j01 * j02 - j00 * j12,
        c22 = j00 * j11 - j01 * j01;
      const d0 = (c00 * r0 + c01 * r1 + c02 * r2) / det,
        d1 = (c01 * r0 + c11 * r1 + c12 * r2) / det,
        d2 = (c02 * r0 + c12 * r1 + c22 * r2) / det;
      if (!Number.isFinite(d0 + d1 + d2))
        throw new Error(`BGK: discrete Maxwellian Newton failed at ${where} (rho=${rho}, u=${u}, T=${T})`);
      a[0] += d0;
      a[1] += d1;
      a[2] += d2;
      // Newton has converged to roundoff when the step no longer changes α: stop after that pass
      if (it > 3 && Math.abs(d0) + Math.abs(d1) * (Math.abs(u) + 1) + Math.abs(d2) < 1e-15) {
        this.evaluate(out, off);
        return;
      }
    }
    throw new Error(
      `BGK: discrete Maxwellian did not converge at ${where} (rho=${rho}, u=${u}, T=${T}); the velocity grid ` +
        `(v_max=${g.vMax}, nv=${nv}) may not resolve this temperature`,
    );
  }

  private evaluate(out: Float64Array, off: number): void {
    const v = this.grid.v,
      a = this.a;
    for (let j = 0; j < this.grid.nv; j++) out[off + j] = Math.exp(a[0] + a[1] * v[j] + a[2] * 0.5 * v[j] * v[j]);
  }
}
