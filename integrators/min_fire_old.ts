import { EPS_ENERGY, Min, STOP } from './min.js';
import type { StopReason } from './min.js';
import type { Minimizer } from './minimizer.js';

/** FIRE parameters fixed in LAMMPS's MinFireOld (min_modify does not change them). */
const DELAYSTEP = 5;
const DT_GROW = 1.1;
const DT_SHRINK = 0.5;
const ALPHA0 = 0.1;
const ALPHA_SHRINK = 0.99;
const TMAX = 10.0;

/**
 * min_style fire/old: the original FIRE of Bitzek et al., PRL 97, 170201 (2006), as LAMMPS
 * MinFireOld (src/min_fire_old.cpp, 29 Sep 2021). Each iteration, with P = v.f:
 *  - P > 0: v <- (1-alpha) v + alpha |v| f/|f|; more than 5 steps after the last P <= 0,
 *    dt <- min(1.1 dt, 10 dt0) and alpha <- 0.99 alpha;
 *  - P <= 0: dt <- dt/2, alpha <- 0.1, v <- 0;
 * then dt is capped so no velocity component moves an atom more than dmax, and one explicit Euler
 * step x += dt v, v += dt f/m (velocity units). The energy tolerance is only tested more than 5
 * steps after the last velocity reset. Its dt is private: the deck's timestep is unchanged; the
 * final velocities stay in system.v, as in LAMMPS.
 */
export class MinFireOld extends Min {
  readonly style = 'fire/old';
  private dt = 0;
  private dtmax = 0;
  private alpha = 0;
  private lastNegative = 0;

  protected override init(): void {
    super.init();
    this.dt = this.sim.dt;
    this.dtmax = TMAX * this.dt;
    this.alpha = ALPHA0;
    this.lastNegative = this.sim.step;
  }

  /** Start from rest (LAMMPS MinFireOld::setup_style). */
  protected override setupStyle(): void {
    this.sim.system.v.fill(0, 0, this.nvec);
  }

  protected iterate(maxiter: number): StopReason {
    const sim = this.sim;
    const s = sim.system;
    const n = this.nvec;
    const x = s.x,
      v = s.v,
      f = s.f,
      mass = s.mass,
      type = s.type;
    const ftm2v = s.units.ftm2v;
    this.alphaFinal = 0;

    for (let iter = 0; iter < maxiter; iter++) {
      const ntimestep = ++sim.step;
      this.niter++;

      let vdotf = 0;
      for (let i = 0; i < n; i += 3) vdotf += v[i] * f[i] + v[i + 1] * f[i + 1] + v[i + 2] * f[i + 2];

      if (vdotf > 0.0) {
        let vdotv = 0,
          fdotf = 0;
        for (let i = 0; i < n; i += 3) vdotv += v[i] * v[i] + v[i + 1] * v[i + 1] + v[i + 2] * v[i + 2];
        for (let i = 0; i < n; i += 3) fdotf += f[i] * f[i] + f[i + 1] * f[i + 1] + f[i + 2] * f[i + 2];
        const scale1 = 1.0 - this.alpha;
        const scale2 = fdotf === 0.0 ? 0.0 : this.alpha * Math.sqrt(vdotv / fdotf);
        for (let i = 0; i < n; i++) v[i] = scale1 * v[i] + scale2 * f[i];
        if (ntimestep - this.lastNegative > DELAYSTEP) {
          this.dt = Math.min(this.dt * DT_GROW, this.dtmax);
          this.alpha *= ALPHA_SHRINK;
        }
      } else {
        this.lastNegative = ntimestep;
        this.dt *= DT_SHRINK;
        this.alpha = ALPHA0;
        v.fill(0, 0, n);
      }

      // Limit the timestep so that no atom moves further than dmax.
      let dtv = this.dt;
      for (let i = 0; i < n; i += 3) {
        const vmax = Math.max(Math.max(Math.abs(v[i]), Math.abs(v[i + 1])), Math.abs(v[i + 2]));
        if (dtv * vmax > this.dmax) dtv = this.dmax / vmax;
      }
      const dtf = dtv * ftm2v;

      // Euler step: positions with the old velocities, then velocities with the old forces.
      for (let i = 0; i < n; i += 3) {
        const dtfm = dtf / mass[type[i / 3]];
        x[i] += dtv * v[i];
        x[i + 1] += dtv * v[i + 1];
        x[i + 2] += dtv * v[i + 2];
        v[i] += dtfm * f[i];
        v[i + 1] += dtfm * f[i + 1];
        v[i + 2] += dtfm * f[i + 2];
      }

      this.eprevious = this.ecurrent;
      this.ecurrent = this.energyForce(false);
      this.neval++;

      if (this.etol > 0.0 && ntimestep - this.lastNegative > DELAYSTEP) {
        if (
          Math.abs(this.ecurrent - this.eprevious) <
          this.etol * 0.5 * (Math.abs(this.ecurrent) + Math.abs(this.eprevious) + EPS_ENERGY)
        )
          return STOP.ETOL;
      }
      if (this.ftol > 0.0 && this.fnormCriterion() < this.ftol * this.ftol) return STOP.FTOL;

      this.output(ntimestep);
    }
    return STOP.MAXITER;
  }
}

export function createMinFireOld(): Minimizer {
  return new MinFireOld();
}
