import { fixEnergy } from '../src/fix_contributions.js';
import { parseFloatArg } from '../src/args.js';
import type { Simulation } from '../src/simulation.js';
import type { Fix } from './fix.js';
import { FixNH } from './fix_nh.js';
import { parseNHArgs } from './fix_nh_args.js';
import { groupBitOf } from './group.js';

/**
 * fix ID group nphug temp Tstart Tstop Tdamp iso|aniso|tri|x|y|z P P Pdamp [keyword value ...]:
 * the Hugoniostat of Ravelo et al., PRB 70, 014103 (2004), as LAMMPS FixNPHug (SHOCK package,
 * 29 Sep 2021) on FixNH. The barostat drives the pressure (uniaxial component or hydrostatic) to P;
 * instead of Tstart/Tstop the thermostat's target temperature follows the Hugoniot condition
 *   T_target = T + Δ,   Δ = [½ (p + p0)(v0 − v) / nktv2p + e0 − e] / (dof k_B)
 * with e = pe + ke the total energy, v the volume and p the driven pressure (temperature units).
 * The chain masses stay those of setup (LAMMPS eta/omega/etap_mass_flag = 0). The reference state
 * e0, v0, p0 is the state at the first setup unless `fix_modify ID e0|v0|p0 value` sets it or a
 * restart file carries it (with FixNH's chains and barostat, LAMMPS's layout).
 * f_ID is FixNH's ecouple energy; f_ID[1..3] are Δ, the shock velocity
 * u_s = sqrt((p − p0)/(ρ0 ε)) (0 for ε = 1 − v/v0 < 1e-10 or p < p0) and the particle velocity
 * u_p = ε u_s, with ρ0 = nktv2p mvv2e M / v0 (distance/time).
 */
export class FixNPHug extends FixNH {
  /** Δ needs the potential energy of every step (LAMMPS pe->addstep). */
  readonly needsEnergy = true;
  readonly vectorLength = 3;
  private e0 = 0;
  private v0 = 0;
  private p0 = 0;
  private e0Set = false;
  private v0Set = false;
  private p0Set = false;
  private rho0 = 0;
  /** Driven pressure: the idir component (uniaxial) or the scalar pressure. */
  private readonly uniaxial: boolean;
  private readonly idir: number;

  constructor(id: string, s: ConstructorParameters<typeof FixNH>[2]) {
    super(id, 'nphug', s);
    this.etaMassFlag = false;
    const pf = s.pFlag,
      ps = s.pStart;
    if (s.pstyle === 'iso') {
      this.uniaxial = false;
      this.idir = 0;
    } else if (s.pstyle === 'aniso') {
      if (ps[0] === ps[1] && ps[0] === ps[2]) {
        this.uniaxial = false;
        this.idir = 0;
      } else if (pf[0] && !pf[1] && !pf[2]) {
        this.uniaxial = true;
        this.idir = 0;
      } else if (!pf[0] && pf[1] && !pf[2]) {
        this.uniaxial = true;
        this.idir = 1;
      } else if (!pf[0] && !pf[1] && pf[2]) {
        this.uniaxial = true;
        this.idir = 2;
      } else throw new Error('Specified target stress must be uniaxial or hydrostatic (fix nphug)');
    } else {
      if (ps[0] === ps[1] && ps[0] === ps[2] && ps[3] === 0.0 && ps[4] === 0.0 && ps[5] === 0.0) {
        this.uniaxial = false;
        this.idir = 0;
      } else throw new Error('For triclinic deformation, specified target stress must be hydrostatic (fix nphug)');
    }
  }

  /** Reference state at the first setup (unless given), ρ0, and t_target = 0.01 (LAMMPS FixNPHug::setup). */
  override setup(sim: Simulation): void {
    super.setup(sim);
    if (!this.v0Set) {
      this.v0 = this.computeVol(sim);
      this.v0Set = true;
    }
    if (!this.p0Set) {
      this.p0Set = true;
      const pc = this.pCurrent;
      this.p0 = this.uniaxial ? pc[this.idir] : (pc[0] + pc[1] + pc[2]) / 3.0;
    }
    if (!this.e0Set) {
      this.e0 = this.computeEtotal(sim);
      this.e0Set = true;
    }
    const s = sim.system;
    let masstot = 0;
    for (let i = 0; i < s.n; i++) if (s.mask[i] & this.groupBit) masstot += s.mass[s.type[i]];
    this.rho0 = (this.nktv2p * s.units.mvv2e * masstot) / this.v0;
    this.tTarget = 0.01;
    // ke_target to match: lmp 29 Sep 2021 Update 2 counts f_ID (and econserve) at the setup of a
    // second run, or of one continued from a restart file (eta[0] != 0 there), with this ke_target.
    this.keTarget = this.tdof * this.boltz * this.tTarget;
  }

  /** t_target from the Hugoniot condition (LAMMPS FixNPHug::compute_temp_target). */
  protected override computeTempTarget(sim: Simulation): void {
    this.tTarget = this.tCurrent + this.computeHugoniot(sim);
    this.keTarget = this.tdof * this.boltz * this.tTarget;
  }

  /** pe + ke with the fix's temperature compute (energy units). */
  private computeEtotal(sim: Simulation): number {
    const epot = sim.pe + fixEnergy(sim);
    let ekin = this.temp(sim);
    ekin *= 0.5 * this.tdof * this.boltz;
    return epot + ekin;
  }

  private computeVol(sim: Simulation): number {
    const h = sim.system.box.h;
    return sim.system.dimension === 3 ? h[0] * h[1] * h[2] : h[0] * h[1];
  }

  /** The driven pressure: recomputes the ke tensor, then the idir component or the scalar. */
  private drivenPressure(sim: Simulation): number {
    this.c.temperatureVector(sim);
    if (this.uniaxial) {
      this.c.pressureVector(sim);
      return this.c.pTensor[this.idir];
    }
    return this.c.pressure(sim);
  }

  /** Δ: distance from the Hugoniot in temperature units (LAMMPS compute_hugoniot). */
  private computeHugoniot(sim: Simulation): number {
    const e = this.computeEtotal(sim);
    const p = this.drivenPressure(sim);
    const v = this.computeVol(sim);
    let dhugo = (0.5 * (p + this.p0) * (this.v0 - v)) / this.nktv2p + this.e0 - e;
    dhugo /= this.tdof * this.boltz;
    return dhugo;
  }

  /** Shock velocity u_s (LAMMPS compute_us). */
  private computeUs(sim: Simulation): number {
    const p = this.drivenPressure(sim);
    const v = this.computeVol(sim);
    const eps = 1.0 - v / this.v0;
    if (eps < 1.0e-10) return 0.0;
    if (p < this.p0) return 0.0;
    return Math.sqrt((p - this.p0) / (this.rho0 * eps));
  }

  /** Particle velocity u_p = ε u_s (LAMMPS compute_up). */
  private computeUp(sim: Simulation): number {
    const v = this.computeVol(sim);
    const us = this.computeUs(sim);
    const eps = 1.0 - v / this.v0;
    return us * eps;
  }

  /** f_ID[1..3]: Δ, u_s, u_p. */
  computeVector(sim: Simulation, i: number): number {
    if (i === 0) return this.computeHugoniot(sim);
    if (i === 1) return this.computeUs(sim);
    if (i === 2) return this.computeUp(sim);
    throw new Error(`Fix nphug ${this.id} vector is accessed out-of-range (f_${this.id}[${i + 1}]; dpmd has 1-3)`);
  }

  /**
   * LAMMPS FixNPHug::pack_restart_data: e0, v0, p0, then FixNH's list. A run continued from a
   * restart file keeps the Hugoniot's reference state instead of taking a new one at its setup.
   */
  override restartState(): number[] {
    return [this.e0, this.v0, this.p0, ...super.restartState()];
  }

  /** LAMMPS FixNPHug::restart: the reference state counts as given (e0/v0/p0_set), then FixNH's part. */
  override restoreState(list: readonly number[]): void {
    this.e0 = list[0];
    this.v0 = list[1];
    this.p0 = list[2];
    this.e0Set = this.v0Set = this.p0Set = true;
    super.restoreState(list.slice(3));
  }

  /** fix_modify ID e0|v0|p0 value (LAMMPS FixNPHug::modify_param). */
  modifyParam(key: string, value: string): boolean {
    if (key !== 'e0' && key !== 'v0' && key !== 'p0') return false;
    const x = parseFloatArg('fix_modify', key, value);
    if (key === 'e0') {
      this.e0 = x;
      this.e0Set = true;
    } else if (key === 'v0') {
      this.v0 = x;
      this.v0Set = true;
    } else {
      this.p0 = x;
      this.p0Set = true;
    }
    return true;
  }
}

/** fix ID group nphug ...: FixNH settings with the Hugoniostat's checks (LAMMPS FixNPHug constructor). */
export function createFixNPHug(id: string, group: string, args: string[], sim: Simulation): Fix {
  const bit = groupBitOf(sim, group);
  if (!sim.system.boxExists) throw new Error('Fix nphug command before simulation box is defined');
  const s = parseNHArgs('nphug', args, sim.system.box);
  // The Hugoniostat has no strain energy (LAMMPS turns deviatoric_flag off).
  s.deviatoric = false;
  for (let k = 0; k < 3; k++)
    if (s.pStart[k] !== s.pStop[k]) throw new Error('Pstart and Pstop must have the same value (fix nphug)');
  if (!s.tstat) throw new Error('Temperature control must be used with fix nphug');
  if (!s.pFlag.some((f) => f)) throw new Error('Pressure control must be used with fix nphug');
  const fix = new FixNPHug(id, s);
  fix.groupBit = bit;
  return fix;
}
