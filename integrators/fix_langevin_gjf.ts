import { RanMars } from '../src/random_mars.js';
import type { Simulation } from '../src/simulation.js';
import { groupCount } from '../src/groups.js';
import type { Fix } from './fix.js';
import { groupDot } from './group.js';
import { ThermostatTemperature } from './thermostat_temperature.js';

/**
 * fix langevin ... gjf vfull|vhalf (LAMMPS FixLangevin's GJF branch, 29 Sep 2021): the
 * Grønbech-Jensen–Farago integrator in its 2GJ form, carried by fix nve's Verlet steps. With
 * γ = dt/(2 damp), a = (1 − γ)/(1 + γ) and b = sqrt(1 + γ) (LAMMPS gjfa, gjfsib):
 *
 * - post_force: Gaussian random force β = sqrt(2 k_B T m/(damp dt)) N(0,1) (LAMMPS gaussian(),
 *   three draws per atom x, y, z); the force the Verlet step sees is a (f + f_drag + (β_n + β_{n-1})/2),
 *   the random force averaged with the previous step's (franprev), and lv = b v is kept;
 * - initial_integrate (before fix nve's): f /= a, v = lv, so nve's half kick and drift make the
 *   GJF position update x_{n+1} = x_n + b dt v_{n+1/2};
 * - end_of_step: v and lv swap; `vhalf` reports the half-step velocity lv, `vfull` the on-site
 *   2GJ velocity built from v, f, the Langevin force and franprev (LAMMPS's formula, its order);
 * - setup: v is taken back half a kick and divided by a b², the setup post_force runs, then the
 *   half kick is redone and lv = v (kicks of ftm2v dt f/(2m), as Debian's LAMMPS 29 Sep 2021
 *   does: measured against lmp; a later source has them without ftm2v).
 *
 * lv and franprev are per-atom state (zero when the fix is defined, kept across runs) that follow
 * atom sorting. tally yes and zero yes as LAMMPS; fix_modify temp with a biased compute is refused.
 */
export class FixLangevinGJF implements Fix {
  readonly style = 'langevin';
  readonly extensive = true;
  readonly thermostat: ThermostatTemperature;
  tTarget: number;
  private readonly random: RanMars;
  private gfactor1 = new Float64Array(0);
  private gfactor2 = new Float64Array(0);
  private gjfa = 1;
  private gjfsib = 1;
  /** Half-step velocity lv and previous random force franprev, n x 3 (LAMMPS lv, franprev). */
  private lv = new Float64Array(0);
  private franprev = new Float64Array(0);
  /** Drag + random force as the 2GJ velocity and the tally see it (LAMMPS flangevin), n x 3. */
  private flangevin = new Float64Array(0);
  private flangevinAllocated = false;
  private energy = 0;
  private energyOnestep = 0;

  constructor(
    readonly id: string,
    private readonly groupBit: number,
    private readonly tStart: number,
    private readonly tStop: number,
    private readonly tPeriod: number,
    seed: number,
    private readonly ratio: Map<number, number>,
    private readonly tally: boolean,
    private readonly zero: boolean,
    /** gjf vfull (LAMMPS osflag): report the on-site velocity; vhalf reports the half-step one. */
    private readonly vfull: boolean,
    natoms: number,
  ) {
    this.random = new RanMars(seed + 0);
    this.tTarget = tStart;
    this.thermostat = new ThermostatTemperature('langevin', groupBit);
    this.grow(natoms);
  }

  /** Grow the per-atom arrays to n atoms, new entries zero. */
  private grow(n: number): void {
    if (this.lv.length >= 3 * n) return;
    const lv = new Float64Array(3 * n),
      fp = new Float64Array(3 * n);
    lv.set(this.lv);
    fp.set(this.franprev);
    this.lv = lv;
    this.franprev = fp;
  }

  init(sim: Simulation): void {
    this.thermostat.init(sim);
    if (this.tPeriod * 2 === sim.dt) throw new Error('Fix langevin gjf cannot have t_period equal to dt/2');
    // LAMMPS: an nve-style integrator before this fix would move atoms before f /= a.
    for (const f of sim.fixes) {
      if (f === this) break;
      if (f.style.startsWith('nve')) throw new Error('Fix langevin gjf should come before fix nve');
    }
    if (this.thermostat.biased)
      throw new Error('fix langevin gjf with a biased temperature (fix_modify temp) is not supported');
    const s = sim.system,
      u = s.units,
      dt = sim.dt;
    this.gfactor1 = new Float64Array(s.ntypes + 1);
    this.gfactor2 = new Float64Array(s.ntypes + 1);
    for (let t = 1; t <= s.ntypes; t++) {
      const r = this.ratio.get(t) ?? 1.0;
      this.gfactor1[t] = -s.mass[t] / this.tPeriod / u.ftm2v;
      this.gfactor2[t] = (Math.sqrt(s.mass[t]) * Math.sqrt((2.0 * u.boltz) / this.tPeriod / dt / u.mvv2e)) / u.ftm2v;
      this.gfactor1[t] *= 1.0 / r;
      this.gfactor2[t] *= 1.0 / Math.sqrt(r);
    }
    this.gjfa = (1.0 - dt / 2.0 / this.tPeriod) / (1.0 + dt / 2.0 / this.tPeriod);
    this.gjfsib = Math.sqrt(1.0 + dt / 2.0 / this.tPeriod);
    this.grow(s.n);
  }

  setup(sim: Simulation): void {
    const s = sim.system,
      v = s.v,
      f = s.f,
      mask = s.mask,
      bit = this.groupBit,
      dt = sim.dt,
      ftm2v = s.units.ftm2v;
    const div = this.gjfa * this.gjfsib * this.gjfsib;
    for (let i = 0; i < s.n; i++) {
      if (!(mask[i] & bit)) continue;
      const dtfm = (ftm2v * 0.5 * dt) / s.mass[s.type[i]];
      for (let d = 3 * i; d < 3 * i + 3; d++) {
        v[d] -= dtfm * f[d];
        v[d] /= div;
      }
    }
    this.postForce(sim);
    const lv = this.lv;
    for (let i = 0; i < s.n; i++) {
      if (!(mask[i] & bit)) continue;
      const dtfm = (ftm2v * 0.5 * dt) / s.mass[s.type[i]];
      for (let d = 3 * i; d < 3 * i + 3; d++) {
        v[d] += dtfm * f[d];
        lv[d] = v[d];
      }
    }
  }

  initialIntegrate(sim: Simulation): void {
    const s = sim.system,
      v = s.v,
      f = s.f,
      mask = s.mask,
      lv = this.lv,
      a = this.gjfa;
    for (let i = 0; i < s.n; i++) {
      if (!(mask[i] & this.groupBit)) continue;
      for (let d = 3 * i; d < 3 * i + 3; d++) {
        f[d] /= a;
        v[d] = lv[d];
      }
    }
  }

  postForce(sim: Simulation): void {
    const s = sim.system;
    const n = s.n,
      v = s.v,
      f = s.f,
      type = s.type,
      mask = s.mask,
      bit = this.groupBit;
    this.grow(n);
    let delta = sim.step - sim.beginStep;
    if (delta !== 0.0) delta /= sim.endStep - sim.beginStep;
    this.tTarget = this.tStart + delta * (this.tStop - this.tStart);
    const tsqrt = Math.sqrt(this.tTarget);
    const count = this.zero ? groupCount(s, bit) : 0;
    if (this.zero && count === 0) throw new Error('Cannot zero Langevin force of 0 atoms');
    // LAMMPS fills flangevin when tallying or for vfull's on-site velocity.
    const keep = this.tally || this.vfull;
    if (keep) {
      if (this.flangevin.length < 3 * n) this.flangevin = new Float64Array(3 * n);
      this.flangevinAllocated = true;
    }
    const fl = this.flangevin,
      lv = this.lv,
      fp = this.franprev,
      rnd = this.random,
      a = this.gjfa,
      b = this.gjfsib;
    let fs0 = 0.0,
      fs1 = 0.0,
      fs2 = 0.0;
    for (let i = 0; i < n; i++) {
      if (!(mask[i] & bit)) continue;
      const gamma1 = this.gfactor1[type[i]];
      const gamma2 = this.gfactor2[type[i]] * tsqrt;
      const r0 = gamma2 * rnd.gaussian();
      const r1 = gamma2 * rnd.gaussian();
      const r2 = gamma2 * rnd.gaussian();
      const k = 3 * i;
      lv[k] = b * v[k];
      lv[k + 1] = b * v[k + 1];
      lv[k + 2] = b * v[k + 2];
      // The random force the step sees is the mean of this step's draw and the last one.
      const fr0 = 0.5 * (r0 + fp[k]) * a,
        fr1 = 0.5 * (r1 + fp[k + 1]) * a,
        fr2 = 0.5 * (r2 + fp[k + 2]) * a;
      fp[k] = r0;
      fp[k + 1] = r1;
      fp[k + 2] = r2;
      const fd0 = gamma1 * v[k] * a,
        fd1 = gamma1 * v[k + 1] * a,
        fd2 = gamma1 * v[k + 2] * a;
      f[k] *= a;
      f[k + 1] *= a;
      f[k + 2] *= a;
      f[k] += fd0 + fr0;
      f[k + 1] += fd1 + fr1;
      f[k + 2] += fd2 + fr2;
      if (this.zero) {
        fs0 += fr0;
        fs1 += fr1;
        fs2 += fr2;
      }
      if (keep) {
        // LAMMPS's flangevin of the GJF branch: drag on lv/b², random (2 fran/a − β_n)/b.
        fl[k] = (gamma1 * lv[k]) / b / b + ((2 * fr0) / a - fp[k]) / b;
        fl[k + 1] = (gamma1 * lv[k + 1]) / b / b + ((2 * fr1) / a - fp[k + 1]) / b;
        fl[k + 2] = (gamma1 * lv[k + 2]) / b / b + ((2 * fr2) / a - fp[k + 2]) / b;
      }
    }
    if (this.zero) {
      fs0 /= count;
      fs1 /= count;
      fs2 /= count;
      for (let i = 0; i < n; i++) {
        if (!(mask[i] & bit)) continue;
        const k = 3 * i;
        f[k] -= fs0;
        f[k + 1] -= fs1;
        f[k + 2] -= fs2;
        if (keep) {
          fl[k] -= fs0;
          fl[k + 1] -= fs1;
          fl[k + 2] -= fs2;
        }
      }
    }
  }

  endOfStep(sim: Simulation): void {
    const s = sim.system,
      v = s.v,
      f = s.f,
      mask = s.mask,
      bit = this.groupBit,
      dt = sim.dt,
      lv = this.lv,
      fl = this.flangevin,
      fp = this.franprev,
      a = this.gjfa,
      b = this.gjfsib;
    this.energyOnestep = 0.0;
    if (this.tally) this.energyOnestep = groupDot(sim, this.groupBit, this.flangevin, this.lv);
    // vfull: the on-site 2GJ velocity (LAMMPS end_of_step, its operation order).
    const c1 = 0.5 * b * b,
      c3 = b * a * 0.5 + (dt * 0.25) / this.tPeriod / b;
    for (let i = 0; i < s.n; i++) {
      if (!(mask[i] & bit)) continue;
      const dtfm = (s.units.ftm2v * 0.5 * dt) / s.mass[s.type[i]];
      for (let d = 3 * i; d < 3 * i + 3; d++) {
        const tmp = v[d];
        if (this.vfull) v[d] = c1 * (v[d] + (dtfm * f[d]) / a) + dtfm * 0.5 * (b * fl[d] - fp[d]) + c3 * lv[d];
        else v[d] = lv[d];
        lv[d] = tmp;
      }
    }
    this.energy += this.energyOnestep * dt;
  }

  /** Cumulative energy removed by the thermostat (LAMMPS compute_scalar, GJF branch), energy units. */
  energyCouple(sim: Simulation): number {
    if (!this.tally || !this.flangevinAllocated) return 0.0;
    if (sim.step === sim.beginStep) {
      this.energyOnestep = groupDot(sim, this.groupBit, this.flangevin, this.lv);
      this.energy = -0.5 * this.energyOnestep * sim.dt;
    }
    return -(this.energy - 0.5 * this.energyOnestep * sim.dt);
  }

  /** Atoms reordered: new atom i is old atom perm[i]. */
  permute(perm: Int32Array, n: number): void {
    for (const name of ['lv', 'franprev', 'flangevin'] as const) {
      const src = this[name];
      if (src.length < 3 * n) continue;
      const dst = new Float64Array(src.length);
      for (let i = 0; i < n; i++) {
        const o = perm[i];
        dst[3 * i] = src[3 * o];
        dst[3 * i + 1] = src[3 * o + 1];
        dst[3 * i + 2] = src[3 * o + 2];
      }
      this[name] = dst;
    }
  }
}
