import { STOP } from './min.js';
import type { StopReason } from './min.js';
import { MinLineSearch } from './min_linesearch.js';
import type { Minimizer } from './minimizer.js';

/**
 * min_style cg: Polak-Ribiere nonlinear conjugate gradient (LAMMPS MinCG, src/min_cg.cpp,
 * 29 Sep 2021). Each iteration is one line search along h; then
 *   beta = max(0, (f.f - f.g) / g.g),   h = f + beta*h,
 * restarting with h = f every ndof iterations or when h is not downhill (g.h <= 0). The extra
 * global dof of fixes (fix box/relax) are part of every vector: their terms are added after the
 * atoms' sums, as LAMMPS adds them after its MPI reduction.
 * Stops on the line search failing, max force evaluations, the energy tolerance, the force
 * tolerance or max iterations, tested in that order.
 */
export class MinCG extends MinLineSearch {
  readonly style = 'cg';

  protected iterate(maxiter: number): StopReason {
    const sim = this.sim;
    const n = this.nvec;
    const ne = this.nextraGlobal;
    const f = sim.system.f,
      g = this.g,
      h = this.h;
    const fe = this.fextra,
      ge = this.gextra,
      he = this.hextra;
    // Restart CG every ndof iterations (LAMMPS nlimit = ndoftotal).
    const nlimit = Math.max(1, Math.min(2147483647, n + ne));

    for (let i = 0; i < n; i++) h[i] = g[i] = f[i];
    for (let i = 0; i < ne; i++) he[i] = ge[i] = fe[i];
    let gg = this.fnormSqr();

    for (let iter = 0; iter < maxiter; iter++) {
      const step = ++sim.step;
      this.niter++;

      this.eprevious = this.ecurrent;
      const fail = this.linemin(this.ecurrent);
      if (fail) return fail;

      if (this.neval >= this.maxeval) return STOP.MAXEVAL;
      if (this.energyConverged()) return STOP.ETOL;

      let ff = 0,
        fg = 0;
      for (let i = 0; i < n; i++) {
        ff += f[i] * f[i];
        fg += f[i] * g[i];
      }
      for (let i = 0; i < ne; i++) {
        ff += fe[i] * fe[i];
        fg += fe[i] * ge[i];
      }
      if (this.ftol > 0 && this.fnormCriterion(ff) < this.ftol * this.ftol) return STOP.FTOL;

      // Polak-Ribiere update; ff/gg would be Fletcher-Reeves.
      let beta = Math.max(0, (ff - fg) / gg);
      if ((this.niter + 1) % nlimit === 0) beta = 0;
      gg = ff;
      for (let i = 0; i < n; i++) {
        g[i] = f[i];
        h[i] = g[i] + beta * h[i];
      }
      for (let i = 0; i < ne; i++) {
        ge[i] = fe[i];
        he[i] = ge[i] + beta * he[i];
      }

      // Restart if the new direction is not downhill.
      let gh = 0;
      for (let i = 0; i < n; i++) gh += g[i] * h[i];
      for (let i = 0; i < ne; i++) gh += ge[i] * he[i];
      if (gh <= 0) {
        for (let i = 0; i < n; i++) h[i] = g[i];
        for (let i = 0; i < ne; i++) he[i] = ge[i];
      }

      this.output(step);
    }
    return STOP.MAXITER;
  }
}

export function createMinCG(): Minimizer {
  return new MinCG();
}
