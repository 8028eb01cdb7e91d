import { Args } from '../src/args.js';
import { RanMars } from '../src/random_mars.js';
import type { Simulation } from '../src/simulation.js';
import type { Fix } from './fix.js';
import { groupBitOf, groupDot } from './group.js';
import { groupCount } from '../src/groups.js';
import { ThermostatTemperature } from './thermostat_temperature.js';
import { FixLangevinGJF } from './fix_langevin_gjf.js';

/**
 * fix langevin (LAMMPS FixLangevin, 29 Sep 2021, non-GJF branch): in post_force each atom gets a
 * drag -m/damp * v and a uniform random force sqrt(24 k_B T m / (damp dt)) * (U - 0.5), both in
 * force units, drawn from LAMMPS's RanMars seeded with seed + 0 (rank 0), in atom order x, y, z, so
 * the same seed gives LAMMPS's trajectory. It is also applied once in setup, as LAMMPS does.
 * Options: scale TYPE RATIO, tally no|yes (energy removed by the reservoir, thermo ecouple),
 * zero no|yes (subtract the mean random force), gjf no|vfull|vhalf (the Grønbech-Jensen–Farago
 * integrator, FixLangevinGJF in fix_langevin_gjf.ts), omega no, angmom no. `fix_modify ID temp
 * cID` with a biased temperature compute (temp/partial, temp/region, temp/com; LAMMPS tbiasflag):
 * the drag acts on the thermal velocity only, and a component whose thermal velocity is 0 (a
 * removed component, an atom outside the region) gets no random force, its draws still taken.
 */
export class FixLangevin implements Fix {
  readonly style = 'langevin';
  private readonly random: RanMars;
  private gfactor1 = new Float64Array(0);
  private gfactor2 = new Float64Array(0);
  /** Per-atom drag + random force of the last post_force (tally yes), n x 3. */
  private flangevin = new Float64Array(0);
  private flangevinAllocated = false;
  private energy = 0;
  private energyOnestep = 0;
  tTarget: number;
  readonly extensive = true;
  readonly thermostat: ThermostatTemperature;

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
  ) {
    this.random = new RanMars(seed + 0);
    this.tTarget = tStart;
    this.thermostat = new ThermostatTemperature('langevin', groupBit);
  }

  init(sim: Simulation): void {
    const s = sim.system,
      u = s.units,
      dt = sim.dt;
    // LAMMPS draws per-atom gammas from rmass for these styles; that branch is not written yet.
    if (s.rmass)
      throw new Error(`Fix langevin with per-atom masses (atom_style ${s.atomStyle.name}) is not supported yet`);
    this.thermostat.init(sim);
    this.gfactor1 = new Float64Array(s.ntypes + 1);
    this.gfactor2 = new Float64Array(s.ntypes + 1);
    for (let t = 1; t <= s.ntypes; t++) {
      const r = this.ratio.get(t) ?? 1.0;
      this.gfactor1[t] = -s.mass[t] / this.tPeriod / u.ftm2v;
      this.gfactor2[t] = (Math.sqrt(s.mass[t]) * Math.sqrt((24.0 * u.boltz) / this.tPeriod / dt / u.mvv2e)) / u.ftm2v;
      this.gfactor1[t] *= 1.0 / r;
      this.gfactor2[t] *= 1.0 / Math.sqrt(r);
    }
  }

  setup(sim: Simulation): void {
    this.postForce(sim);
  }

  postForce(sim: Simulation): void {
    const s = sim.system;
    const n = s.n,
      v = s.v,
      f = s.f,
      type = s.type,
      mask = s.mask,
      bit = this.groupBit;
    let delta = sim.step - sim.beginStep;
    if (delta !== 0.0) delta /= sim.endStep - sim.beginStep;
    this.tTarget = this.tStart + delta * (this.tStop - this.tStart);
    const tsqrt = Math.sqrt(this.tTarget);
    // zero yes subtracts the mean random force over the group's atoms (LAMMPS count = group->count).
    const count = this.zero ? groupCount(s, bit) : 0;
    if (this.zero && count === 0) throw new Error('Cannot zero Langevin force of 0 atoms');
    if (this.tally) {
      if (this.flangevin.length < 3 * n) this.flangevin = new Float64Array(3 * n);
      this.flangevinAllocated = true;
    }
    const fl = this.flangevin,
      rnd = this.random,
      temp = this.thermostat,
      biased = temp.biased;
    // LAMMPS computes the temperature first so that the compute's bias is current.
    if (biased) temp.scalar(sim);
    let fs0 = 0.0,
      fs1 = 0.0,
      fs2 = 0.0;
    for (let i = 0; i < n; i++) {
      if (!(mask[i] & bit)) continue;
      const gamma1 = this.gfactor1[type[i]];
      const gamma2 = this.gfactor2[type[i]] * tsqrt;
      let fr0 = gamma2 * (rnd.uniform() - 0.5);
      let fr1 = gamma2 * (rnd.uniform() - 0.5);
      let fr2 = gamma2 * (rnd.uniform() - 0.5);
      const k = 3 * i;
      if (biased) temp.removeBias(sim, i);
      const fd0 = gamma1 * v[k],
        fd1 = gamma1 * v[k + 1],
        fd2 = gamma1 * v[k + 2];
      if (biased) {
        if (v[k] === 0.0) fr0 = 0.0;
        if (v[k + 1] === 0.0) fr1 = 0.0;
        if (v[k + 2] === 0.0) fr2 = 0.0;
        temp.restoreBias(sim, i);
      }
      f[k] += fd0 + fr0;
      f[k + 1] += fd1 + fr1;
      f[k + 2] += fd2 + fr2;
      if (this.zero) {
        fs0 += fr0;
        fs1 += fr1;
        fs2 += fr2;
      }
      if (this.tally) {
        fl[k] = fd0 + fr0;
        fl[k + 1] = fd1 + fr1;
        fl[k + 2] = fd2 + fr2;
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
        if (this.tally) {
          fl[k] -= fs0;
          fl[k + 1] -= fs1;
          fl[k + 2] -= fs2;
        }
      }
    }
  }

  /** Tally the energy given to the reservoir this step (LAMMPS end_of_step with tally yes). */
  endOfStep(sim: Simulation): void {
    if (!this.tally) return;
    this.energyOnestep = groupDot(sim, this.groupBit, this.flangevin, sim.system.v);
    this.energy += this.energyOnestep * sim.dt;
  }

  /** Cumulative energy removed by the thermostat, at the last full step (LAMMPS compute_scalar), energy units. */
  energyCouple(sim: Simulation): number {
    if (!this.tally || !this.flangevinAllocated) return 0.0;
    if (sim.step === sim.beginStep) {
      this.energyOnestep = groupDot(sim, this.groupBit, this.flangevin, sim.system.v);
      this.energy = 0.5 * this.energyOnestep * sim.dt;
    }
    return -(this.energy - 0.5 * this.energyOnestep * sim.dt);
  }
}

/** fix ID group langevin Tstart Tstop damp seed [scale T R] [tally yes|no] [zero yes|no] [gjf no|vfull|vhalf] [omega no] [angmom no] */
export function createFixLangevin(id: string, group: string, args: string[], sim: Simulation): Fix {
  const bit = groupBitOf(sim, group);
  const a = new Args('fix langevin', args);
  a.need(4, 'Tstart Tstop damp seed');
  if (args[0].startsWith('v_')) a.fail('variable temperatures (v_name) are not supported');
  // Negative temperatures would make the random force sqrt(T) NaN.
  const tStart = a.num('Tstart', { ge: 0 });
  const tStop = a.num('Tstop', { ge: 0 });
  const tPeriod = a.num('damp', { gt: 0 });
  const seed = a.int('seed', { gt: 0 });
  const ratio = new Map<number, number>();
  let tally = false,
    zero = false,
    gjf: 'no' | 'vfull' | 'vhalf' = 'no';
  const onlyNo = (key: string) => (k: Args) => {
    if (k.peek() !== 'no') k.fail(`${key} ${k.peek() ?? ''} is not supported (only ${key} no)`);
    k.pos++;
  };
  a.keywords({
    scale: (k) => {
      const t = k.int('scale type', { ge: 1, le: sim.system.ntypes });
      ratio.set(t, k.num('scale ratio', { gt: 0 }));
    },
    tally: (k) => {
      tally = k.bool('tally');
    },
    zero: (k) => {
      zero = k.bool('zero');
    },
    gjf: (k) => {
      const w = k.peek();
      if (w !== 'no' && w !== 'vfull' && w !== 'vhalf') return k.fail(`gjf ${w ?? ''}: expected no, vfull or vhalf`);
      gjf = w;
      k.pos++;
    },
    omega: onlyNo('omega'),
    angmom: onlyNo('angmom'),
  });
  if (gjf !== 'no')
    return new FixLangevinGJF(id, bit, tStart, tStop, tPeriod, seed, ratio, tally, zero, gjf === 'vfull', sim.system.n);
  return new FixLangevin(id, bit, tStart, tStop, tPeriod, seed, ratio, tally, zero);
}
