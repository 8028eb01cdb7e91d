import { sprintf } from '../src/format.js';
import { Min, STOP } from './min.js';
import type { StopReason } from './min.js';
import type { Minimizer } from './minimizer.js';

/**
 * min_style fire: the Fast Inertial Relaxation Engine in the FIRE 2.0 form of Guénolé et al.,
 * Comput. Mater. Sci. 175, 109584 (2020), as LAMMPS MinFire implements it (src/min_fire.cpp,
 * 29 Sep 2021). Damped dynamics on system.v (velocity units) with an adaptive timestep sim.dt:
 *  - P = v.f > 0: mix v <- (1-alpha) v + alpha |v| f/|f|; after `delaystep` steps since the last
 *    P <= 0, grow dt (x dtgrow, at most tmax*dt0) and shrink alpha (x alphashrink);
 *  - P <= 0: reset alpha = alpha0 and shrink dt (x dtshrink, not below tmin*dt0), unless within
 *    the first delaystep steps (initialdelay); step x back by dt/2*v (halfstepback); zero v.
 * No atom moves more than dmax per step. Integrators: eulerimplicit (default), verlet, leapfrog,
 * eulerexplicit. The deck's timestep is restored afterwards; the final velocities stay in system.v,
 * as in LAMMPS.
 */
export class MinFire extends Min {
  readonly style = 'fire';
  private dt = 0;
  private dtmax = 0;
  private dtmin = 0;
  private alpha = 0;
  private lastNegative = 0;
  private ntimestepStart = 0;
  private vdotfNegatif = 0;
  private flagv0 = true;

  protected override init(): void {
    super.init();
    if (this.sim.system.perAtomMass)
      throw new Error(
        `min_style fire with per-atom masses (atom_style ${this.sim.system.atomStyle.name}) is not supported yet`,
      );
    if (this.tmax < this.tmin) throw new Error('tmax has to be larger than tmin');
    if (this.dtgrow < 1.0) throw new Error('dtgrow has to be larger than 1.0');
    if (this.dtshrink > 1.0) throw new Error('dtshrink has to be smaller than 1.0');
    this.dt = this.sim.dt;
    this.dtmax = this.tmax * this.dt;
    this.dtmin = this.tmin * this.dt;
    this.alpha = this.alpha0;
    this.lastNegative = this.ntimestepStart = this.sim.step;
    this.vdotfNegatif = 0;
  }

  /** Log the parameters and start from rest (LAMMPS MinFire::setup_style). */
  protected override setupStyle(): void {
    const out = this.sim.out;
    out.print('  Parameters for fire: ');
    out.print('    dmax delaystep dtgrow dtshrink alpha0 alphashrink tmax tmin    integrator halfstepback ');
    out.print(
      sprintf(
        '    %4g %9i %6g %8g %6g %11g %4g %4g %13s %12s ',
        this.dmax,
        this.delaystep,
        this.dtgrow,
        this.dtshrink,
        this.alpha0,
        this.alphashrink,
        this.tmax,
        this.tmin,
        this.integrator,
        this.halfstepback ? 'yes' : 'no',
      ),
    );
    this.sim.system.v.fill(0, 0, this.nvec);
    this.flagv0 = true;
  }

  protected iterate(maxiter: number): StopReason {
    const sim = this.sim;
    const s = sim.system;
    const n = this.nvec;
    const x = s.x,
      v = s.v,
      f = s.f,
      mass = s.mass,
      rmass = s.rmass,
      type = s.type;
    const ftm2v = s.units.ftm2v;
    this.alphaFinal = 0;

    // Leapfrog starts from a half step back: v(-dt/2) = -dt/2 f/m.
    if (this.integrator === 'leapfrog') {
      this.energyForce(false);
      this.neval++;
      const dtf = -0.5 * this.dt * ftm2v;
      for (let i = 0; i < n; i += 3) {
        const dtfm = dtf / (rmass !== null ? rmass[i / 3] : mass[type[i / 3]]);
        v[i] = dtfm * f[i];
        v[i + 1] = dtfm * f[i + 1];
        v[i + 2] = dtfm * f[i + 2];
      }
    }

    for (let iter = 0; iter < maxiter; iter++) {
      const ntimestep = ++sim.step;
      this.niter++;

      let vdotf = 0;
      for (let i = 0; i < n; i++) vdotf += v[i] * f[i];

      let scale1 = 0,
        scale2 = 0;
      if (vdotf > 0) {
        let vdotv = 0,
          fdotf = 0;
        this.vdotfNegatif = 0;
        for (let i = 0; i < n; i++) vdotv += v[i] * v[i];
        for (let i = 0; i < n; i++) fdotf += f[i] * f[i];
        scale1 = 1.0 - this.alpha;
        scale2 = fdotf <= 1e-20 ? 0 : this.alpha * Math.sqrt(vdotv / fdotf);
        if (ntimestep - this.lastNegative > this.delaystep) {
          this.dt = Math.min(this.dt * this.dtgrow, this.dtmax);
          sim.dt = this.dt;
          this.alpha *= this.alphashrink;
        }
      } else {
        this.lastNegative = ntimestep;
        const delayflag = !(ntimestep - this.ntimestepStart < this.delaystep && this.initialdelay);
        if (delayflag) {
          this.alpha = this.alpha0;
          if (this.dt * this.dtshrink >= this.dtmin) {
            this.dt *= this.dtshrink;
            sim.dt = this.dt;
          }
        }
        this.vdotfNegatif++;
        if (this.vdfmax > 0 && this.vdotfNegatif > this.vdfmax) return STOP.MAXVDOTF;
        // Inertia correction: half a step back along the velocity.
        if (this.halfstepback) {
          const hdt = 0.5 * this.dt;
          for (let i = 0; i < n; i++) x[i] -= hdt * v[i];
        }
        v.fill(0, 0, n);
        this.flagv0 = true;
      }

      // After a reset, estimate velocities from the forces only to limit the step below.
      if (this.flagv0) {
        const dtf = this.dt * ftm2v;
        this.energyForce(false);
        this.neval++;
        for (let i = 0; i < n; i += 3) {
          const dtfm = dtf / (rmass !== null ? rmass[i / 3] : mass[type[i / 3]]);
          v[i] = dtfm * f[i];
          v[i + 1] = dtfm * f[i + 1];
          v[i + 2] = dtfm * f[i + 2];
        }
      }

      // Limit the timestep so no atom coordinate moves more than dmax.
      let dtv = this.dt;
      for (let i = 0; i < n; i += 3) {
        let vmax = Math.max(Math.abs(v[i]), Math.abs(v[i + 1]));
        vmax = Math.max(vmax, Math.abs(v[i + 2]));
        if (dtv * vmax > this.dmax) dtv = this.dmax / vmax;
      }
      if (this.flagv0) v.fill(0, 0, n);

      const mix = vdotf > 0;
      if (this.integrator === 'eulerimplicit' || this.integrator === 'leapfrog') {
        const dtf = dtv * ftm2v;
        for (let i = 0; i < n; i += 3) {
          const dtfm = dtf / (rmass !== null ? rmass[i / 3] : mass[type[i / 3]]);
          for (let k = i; k < i + 3; k++) {
            v[k] += dtfm * f[k];
            if (mix) v[k] = scale1 * v[k] + scale2 * f[k];
            x[k] += dtv * v[k];
          }
        }
        this.eprevious = this.ecurrent;
        this.ecurrent = this.energyForce(false);
        this.neval++;
      } else if (this.integrator === 'verlet') {
        const dtf = 0.5 * dtv * ftm2v;
        for (let i = 0; i < n; i += 3) {
          const dtfm = dtf / (rmass !== null ? rmass[i / 3] : mass[type[i / 3]]);
          for (let k = i; k < i + 3; k++) {
            v[k] += dtfm * f[k];
            if (mix) v[k] = scale1 * v[k] + scale2 * f[k];
            x[k] += dtv * v[k];
          }
        }
        this.eprevious = this.ecurrent;
        this.ecurrent = this.energyForce(false);
        this.neval++;
        for (let i = 0; i < n; i += 3) {
          const dtfm = dtf / (rmass !== null ? rmass[i / 3] : mass[type[i / 3]]);
          v[i] += dtfm * f[i];
          v[i + 1] += dtfm * f[i + 1];
          v[i + 2] += dtfm * f[i + 2];
        }
      } else {
        // Explicit Euler: move with the old velocity, then kick.
        const dtf = dtv * ftm2v;
        for (let i = 0; i < n; i += 3) {
          const dtfm = dtf / (rmass !== null ? rmass[i / 3] : mass[type[i / 3]]);
          for (let k = i; k < i + 3; k++) {
            if (mix) v[k] = scale1 * v[k] + scale2 * f[k];
            x[k] += dtv * v[k];
            v[k] += dtfm * f[k];
          }
        }
        this.eprevious = this.ecurrent;
        this.ecurrent = this.energyForce(false);
        this.neval++;
      }
      this.flagv0 = false;

      // Energy tolerance only once delaystep steps have passed since the last velocity reset.
      if (this.etol > 0 && ntimestep - this.lastNegative > this.delaystep && this.energyConverged()) return STOP.ETOL;
      if (this.ftol > 0 && this.fnormCriterion() < this.ftol * this.ftol) return STOP.FTOL;

      this.output(ntimestep);
    }
    return STOP.MAXITER;
  }
}

export function createMinFire(): Minimizer {
  return new MinFire();
}
