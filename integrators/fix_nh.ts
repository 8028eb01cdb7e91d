import type { Simulation } from '../src/simulation.js';
import type { Fix } from './fix.js';
import type { NHSettings } from './fix_nh_args.js';
import { flipBox } from './box_flip.js';
import { NHChain } from './fix_nh_chain.js';
import { NHComputes, type PressureSource } from './fix_nh_computes.js';
import type { TemperatureCompute } from '../src/thermo_temperature.js';
import { ThermostatTemperature } from './thermostat_temperature.js';
import { computeSigma, deviatoricForce, strainEnergy } from './fix_nh_deviatoric.js';
import { drift, kick } from './verlet_steps.js';

/**
 * Nose-Hoover thermostat chains and the Martyna-Tobias-Klein barostat: a line-by-line port of
 * LAMMPS's FixNH (fix_nh.cpp, 29 Sep 2021), the engine of fix nvt, fix npt and fix nph. The order
 * of operations, the half-step splittings and even the floating-point expression order follow
 * LAMMPS so that the same deck gives LAMMPS's trajectory.
 *
 * Like LAMMPS's fix, it owns a temperature compute (fix nvt: on the fix's group; npt/nph: on
 * group all; dof 3N-3 minus what fixes remove) and integrates only the atoms of its group and, with a barostat, a pressure compute built on it; both are evaluated here with the
 * formulas of compute temp / compute pressure, including their "already invoked on this step"
 * reuse rules. Units: temperatures in temperature units, pressures in pressure units, omega_dot in
 * 1/time, eta_dot in 1/time, energies (energyCouple) in energy units.
 */
export class FixNH implements Fix {
  readonly needsVirial: boolean;
  readonly changesBox: boolean;
  private readonly tstat: boolean;
  private readonly pstat: boolean;
  private readonly pFlag: boolean[];
  private readonly pstyle: NHSettings['pstyle'];
  private readonly mtchain: number;
  private readonly mpchain: number;
  /** Particle thermostat chain (LAMMPS eta) and barostat thermostat chain (etap). */
  private readonly tchain: NHChain;
  private readonly pchain: NHChain;
  /** The simulation being integrated (set in init) for the scaling callbacks. */
  private sim: Simulation | null = null;
  // barostat, Voigt order x y z yz xz xy
  private readonly omega = new Float64Array(6);
  private readonly omegaDot = new Float64Array(6);
  private readonly omegaMass = new Float64Array(6);
  private readonly pFreq = new Float64Array(6);
  private readonly pTarget = new Float64Array(6);
  protected readonly pCurrent = new Float64Array(6);
  private readonly h0Inv = new Float64Array(6);
  private readonly sigma = new Float64Array(6);
  private readonly fdev = new Float64Array(6);
  private tFreq = 0;
  private pFreqMax = 0;
  private pHydro = 0;
  private pdim = 0;
  protected tTarget = 0;
  protected keTarget = 0;
  protected tCurrent = 0;
  protected tdof = 0;
  private t0 = 0;
  private vol0 = 0;
  private mtkTerm1 = 0;
  private mtkTerm2 = 0;
  private dtv = 0;
  private dtf = 0;
  private dthalf = 0;
  private dt4 = 0;
  private dt8 = 0;
  private dto = 0;
  private tdragFactor = 1;
  private pdragFactor = 1;
  protected boltz = 1;
  protected nktv2p = 1;
  private preExchangeFlag = false;
  /** The fix's own temperature and pressure computes (LAMMPS ID_temp, ID_press). */
  protected readonly c = new NHComputes();
  /**
   * Thermostat chain masses follow t_target every half step (LAMMPS eta_mass_flag; fix nphug
   * turns it off to keep the masses of setup).
   */
  protected etaMassFlag = true;
  /** Atoms integrated and thermostatted: the fix's group (mask bit; 1 = all). */
  groupBit = 1;
  /**
   * Replaces the particle thermostat's velocity scaling v *= factor_eta (LAMMPS nh_v_temp, which
   * FixNVTSllod overrides); gets the factor and dt/2.
   */
  particleScaler: ((sim: Simulation, factorEta: number, dthalf: number) => void) | null = null;
  /** `fix_modify ID temp cID` (nvt): the temperature compute steered instead of the fix's own. */
  readonly thermostat: ThermostatTemperature;
  readonly extensive = true;

  constructor(
    readonly id: string,
    readonly style: string,
    protected readonly s: NHSettings,
  ) {
    this.thermostat = new ThermostatTemperature(style, 1);
    this.tstat = s.tstat;
    this.pFlag = s.pFlag.slice();
    this.pstat = this.pFlag.some((f) => f);
    this.pstyle = s.pstyle;
    this.mtchain = s.mtchain;
    this.mpchain = s.mpchain;
    this.needsVirial = this.pstat;
    this.changesBox = this.pstat;
    if (this.tstat) this.tFreq = 1.0 / s.tPeriod;
    for (let k = 0; k < 6; k++) if (this.pFlag[k]) this.pFreq[k] = 1.0 / s.pPeriod[k];
    this.tchain = new NHChain(this.mtchain);
    this.pchain = new NHChain(this.mpchain);
  }

  /**
   * LAMMPS FixNH::pack_restart_data: tstat_flag, [mtchain, eta[], eta_dot[]], pstat_flag,
   * [omega[6], omega_dot[6], vol0, t0, mpchain, etap[], etap_dot[], deviatoric_flag, [h0_inv[6]]].
   */
  restartState(): number[] {
    const list: number[] = [this.tstat ? 1 : 0];
    if (this.tstat) {
      list.push(this.mtchain);
      for (let k = 0; k < this.mtchain; k++) list.push(this.tchain.eta[k]);
      for (let k = 0; k < this.mtchain; k++) list.push(this.tchain.dot[k]);
    }
    list.push(this.pstat ? 1 : 0);
    if (this.pstat) {
      list.push(...this.omega, ...this.omegaDot, this.vol0, this.t0, this.mpchain);
      for (let k = 0; k < this.mpchain; k++) list.push(this.pchain.eta[k]);
      for (let k = 0; k < this.mpchain; k++) list.push(this.pchain.dot[k]);
      list.push(this.s.deviatoric ? 1 : 0);
      if (this.s.deviatoric) list.push(...this.h0Inv);
    }
    return list;
  }

  /**
   * LAMMPS FixNH::restart: a chain is taken only when this fix has one of the same length; the
   * barostat's omega, vol0 and t0 whenever the file has a barostat (a restored vol0 / t0 is not
   * recomputed at init / setup, as they are only set while zero).
   */
  restoreState(list: readonly number[]): void {
    let n = 0;
    if (list[n++]) {
      const m = list[n++];
      if (this.tstat && m === this.mtchain) {
        for (let k = 0; k < m; k++) this.tchain.eta[k] = list[n++];
        for (let k = 0; k < m; k++) this.tchain.dot[k] = list[n++];
      } else n += 2 * m;
    }
    if (list[n++]) {
      for (let k = 0; k < 6; k++) this.omega[k] = list[n++];
      for (let k = 0; k < 6; k++) this.omegaDot[k] = list[n++];
      this.vol0 = list[n++];
      this.t0 = list[n++];
      const m = list[n++];
      if (this.pstat && m === this.mpchain) {
        for (let k = 0; k < m; k++) this.pchain.eta[k] = list[n++];
        for (let k = 0; k < m; k++) this.pchain.dot[k] = list[n++];
      } else n += 2 * m;
      if (list[n++]) for (let k = 0; k < 6; k++) this.h0Inv[k] = list[n++];
    }
  }

  /** Whether tilt flips can occur (LAMMPS pre_exchange_flag); decided against the box at init. */
  private decidePreExchange(sim: Simulation): void {
    const b = sim.system.box;
    const pf = this.pFlag;
    this.preExchangeFlag =
      this.pstat && this.s.flip && (pf[3] || pf[4] || pf[5] || b.yz !== 0 || b.xz !== 0 || b.xy !== 0);
  }

  init(sim: Simulation): void {
    this.sim = sim;
    if (this.thermostat.computeId !== null) {
      if (this.pstat)
        throw new Error(`fix_modify temp on fix ${this.style} (a barostat) is not supported yet (fix nvt only)`);
      this.thermostat.init(sim);
    }
    // nvt: temperature of the fix's group; npt/nph: of all atoms, as the pressure is global.
    this.c.groupBit = this.pstat ? 1 : this.groupBit;
    const dt = sim.dt;
    const u = sim.system.units;
    this.dtv = dt;
    this.dtf = 0.5 * dt * u.ftm2v;
    this.dthalf = 0.5 * dt;
    this.dt4 = 0.25 * dt;
    this.dt8 = 0.125 * dt;
    this.dto = this.dthalf;
    const pf = this.pFlag,
      pq = this.pFreq;
    this.pFreqMax = 0;
    if (this.pstat) {
      this.pFreqMax = Math.max(pq[0], pq[1]);
      this.pFreqMax = Math.max(this.pFreqMax, pq[2]);
      if (this.pstyle === 'tri') {
        this.pFreqMax = Math.max(this.pFreqMax, pq[3]);
        this.pFreqMax = Math.max(this.pFreqMax, pq[4]);
        this.pFreqMax = Math.max(this.pFreqMax, pq[5]);
      }
      this.pdragFactor = 1.0 - (dt * this.pFreqMax * this.s.drag) / this.s.ncPchain;
    }
    if (this.tstat) this.tdragFactor = 1.0 - (dt * this.tFreq * this.s.drag) / this.s.ncTchain;
    if (this.pstat) {
      this.pdim = (pf[0] ? 1 : 0) + (pf[1] ? 1 : 0) + (pf[2] ? 1 : 0);
      if (this.vol0 === 0.0) {
        const b = sim.system.box;
        // 2d: the area (LAMMPS xprd*yprd)
        this.vol0 = b.volume();
        this.h0Inv.set(b.hInv);
      }
    }
    this.boltz = u.boltz;
    this.nktv2p = u.nktv2p;
    this.decidePreExchange(sim);
  }

  setup(sim: Simulation): void {
    this.tCurrent = this.temp(sim);
    // fix nphug sets its own t_target after this setup (LAMMPS: strstr(style, "nphug")).
    if (this.tstat && !this.style.includes('nphug')) {
      this.computeTempTarget(sim);
    } else if (this.pstat) {
      if (this.t0 === 0.0) {
        this.t0 = this.temp(sim);
        if (this.t0 === 0.0) this.t0 = sim.system.units.name === 'lj' ? 1.0 : 300.0;
      }
      this.tTarget = this.t0;
    }
    if (this.pstat) {
      this.computePressTarget(sim);
      if (this.pstyle === 'iso') this.c.pressure(sim);
      else this.c.pressureVector(sim);
      this.couple();
    }
    const boltz = this.boltz,
      tt = this.tTarget;
    if (this.tstat) {
      const tf2 = this.tFreq * this.tFreq;
      this.tchain.setMasses((this.tdof * boltz * tt) / tf2, (boltz * tt) / tf2, boltz * tt, true);
    }
    if (this.pstat) {
      const kt = boltz * tt;
      // 29 Sep 2021 uses (N+1) kT for the barostat mass (checked against lmp)
      const nkt = (sim.system.n + 1) * kt;
      for (let i = 0; i < 3; i++) if (this.pFlag[i]) this.omegaMass[i] = nkt / (this.pFreq[i] * this.pFreq[i]);
      if (this.pstyle === 'tri') {
        for (let i = 3; i < 6; i++) if (this.pFlag[i]) this.omegaMass[i] = nkt / (this.pFreq[i] * this.pFreq[i]);
      }
      if (this.mpchain) {
        const pm2 = this.pFreqMax * this.pFreqMax;
        this.pchain.setMasses((boltz * tt) / pm2, (boltz * tt) / pm2, boltz * tt, true);
      }
    }
  }

  initialIntegrate(sim: Simulation): void {
    if (this.pstat && this.mpchain) this.nhcPressIntegrate();
    if (this.tstat) {
      this.computeTempTarget(sim);
      this.nhcTempIntegrate();
    }
    // recompute pressure for the changed KE; t_current itself is left as nhc scaled it
    if (this.pstat) {
      if (this.pstyle === 'iso') {
        this.temp(sim);
        this.c.pressure(sim);
      } else {
        this.c.temperatureVector(sim);
        this.c.pressureVector(sim);
      }
      this.couple();
      this.computePressTarget(sim);
      this.nhOmegaDot(sim);
      this.nhVPress(sim);
    }
    this.nveV(sim);
    if (this.pstat) this.remap(sim);
    this.nveX(sim);
    if (this.pstat) this.remap(sim);
  }

  finalIntegrate(sim: Simulation): void {
    this.nveV(sim);
    if (this.pstat) this.nhVPress(sim);
    this.tCurrent = this.temp(sim);
    if (this.pstat) {
      if (this.pstyle === 'iso') this.c.pressure(sim);
      else {
        this.c.temperatureVector(sim);
        this.c.pressureVector(sim);
      }
      this.couple();
      this.nhOmegaDot(sim);
    }
    if (this.tstat) this.nhcTempIntegrate();
    if (this.pstat && this.mpchain) this.nhcPressIntegrate();
  }

  /** Tilt flips on reneighboring steps (LAMMPS FixNH::pre_exchange). */
  preExchange(sim: Simulation): void {
    if (this.preExchangeFlag) flipBox(sim.system);
  }

  /** LAMMPS FixNH::compute_scalar: the thermostat and barostat energy (thermo ecouple). */
  energyCouple(sim: Simulation): number {
    const b = sim.system.box;
    const volume = b.volume();
    const kt = this.boltz * this.tTarget;
    // kT per barostatted component (3 for iso too, as LAMMPS's compute_scalar counts p_flag)
    const lktPress = this.pdofCount() * kt;
    let energy = 0.0;
    if (this.tstat) energy = this.tchain.energy(energy, this.keTarget, kt);
    if (this.pstat) {
      const od = this.omegaDot,
        om = this.omegaMass;
      for (let i = 0; i < 3; i++) {
        if (this.pFlag[i])
          energy += 0.5 * od[i] * od[i] * om[i] + (this.pHydro * (volume - this.vol0)) / (this.pdim * this.nktv2p);
      }
      if (this.pstyle === 'tri') {
        for (let i = 3; i < 6; i++) if (this.pFlag[i]) energy += 0.5 * od[i] * od[i] * om[i];
      }
      if (this.mpchain) energy = this.pchain.energy(energy, lktPress, kt);
      if (this.s.deviatoric) energy += strainEnergy(sim.system.box.h, this.sigma, this.nktv2p);
    }
    return energy;
  }

  /** Current target temperature (LAMMPS extract("t_target")). */
  get targetTemperature(): number {
    return this.tTarget;
  }

  /** Temperature of the fix's compute; records its dof as tdof (LAMMPS temperature->dof). */
  protected temp(sim: Simulation): number {
    if (this.thermostat.computeId !== null) {
      const tc = this.thermostat.scalar(sim);
      this.tdof = this.thermostat.dof;
      return tc;
    }
    const t = this.c.temperature(sim);
    this.tdof = this.c.dof;
    return t;
  }

  /** LAMMPS FixNH::couple: p_current from the pressure compute, tensor order switched to Voigt. */
  private couple(): void {
    const t = this.c.pTensor,
      pc = this.pCurrent;
    const c = this.s.pcouple;
    if (this.pstyle === 'iso') pc[0] = pc[1] = pc[2] = this.c.pScalar;
    else if (c === 'xyz') pc[0] = pc[1] = pc[2] = (1.0 / 3.0) * (t[0] + t[1] + t[2]);
    else if (c === 'xy') {
      pc[0] = pc[1] = 0.5 * (t[0] + t[1]);
      pc[2] = t[2];
    } else if (c === 'yz') {
      pc[1] = pc[2] = 0.5 * (t[1] + t[2]);
      pc[0] = t[0];
    } else if (c === 'xz') {
      pc[0] = pc[2] = 0.5 * (t[0] + t[2]);
      pc[1] = t[1];
    } else {
      pc[0] = t[0];
      pc[1] = t[1];
      pc[2] = t[2];
    }
    if (!Number.isFinite(pc[0]) || !Number.isFinite(pc[1]) || !Number.isFinite(pc[2])) {
      throw new Error(`Fix ${this.style} ${this.id}: non-numeric pressure - simulation unstable`);
    }
    if (this.pstyle === 'tri') {
      pc[3] = t[5];
      pc[4] = t[4];
      pc[5] = t[3];
    }
  }

  // ---- targets ----

  private rampFraction(sim: Simulation): number {
    let delta = sim.step - sim.beginStep;
    if (delta !== 0.0) delta /= sim.endStep - sim.beginStep;
    return delta;
  }

  protected computeTempTarget(sim: Simulation): void {
    const delta = this.rampFraction(sim);
    this.tTarget = this.s.tStart + delta * (this.s.tStop - this.s.tStart);
    this.keTarget = this.tdof * this.boltz * this.tTarget;
  }

  private computePressTarget(sim: Simulation): void {
    const delta = this.rampFraction(sim);
    const s = this.s;
    this.pHydro = 0.0;
    for (let i = 0; i < 3; i++) {
      if (this.pFlag[i]) {
        this.pTarget[i] = s.pStart[i] + delta * (s.pStop[i] - s.pStart[i]);
        this.pHydro += this.pTarget[i];
      }
    }
    if (this.pdim > 0) this.pHydro /= this.pdim;
    if (this.pstyle === 'tri') {
      for (let i = 3; i < 6; i++) this.pTarget[i] = s.pStart[i] + delta * (s.pStop[i] - s.pStart[i]);
    }
    if (s.deviatoric) {
      // nreset: reference cell for the strain energy refreshed every nreset steps
      if (s.nresetH0 > 0 && (sim.step - sim.beginStep) % s.nresetH0 === 0) {
        const b = sim.system.box;
        this.vol0 = boxVolume(b);
        this.h0Inv.set(b.hInv);
      }
      computeSigma(this.h0Inv, this.pTarget, this.pHydro, this.vol0, this.sigma);
    }
  }

  // ---- chains ----

  /** Velocity scaling by the particle thermostat: returns the new 2 KE = tdof k_B T (LAMMPS nh_v_temp). */
  private readonly scaleParticles = (f: number): number => {
    if (this.particleScaler) {
      this.particleScaler(this.sim!, f, this.dthalf);
      this.tCurrent *= f * f;
      return this.tdof * this.boltz * this.tCurrent;
    }
    const s = this.sim!.system;
    const v = s.v,
      mask = s.mask,
      bit = this.groupBit,
      temp = this.thermostat,
      biased = temp.computeId !== null && temp.biased;
    for (let i = 0; i < s.n; i++) {
      if (!(mask[i] & bit)) continue;
      // with a biased compute (fix_modify temp), only the thermal velocity is scaled
      if (biased) temp.removeBias(this.sim!, i);
      v[3 * i] *= f;
      v[3 * i + 1] *= f;
      v[3 * i + 2] *= f;
      if (biased) temp.restoreBias(this.sim!, i);
    }
    this.scaleExtra(this.sim!, f);
    this.tCurrent *= f * f;
    return this.tdof * this.boltz * this.tCurrent;
  };

  /** Barostat velocity scaling by its thermostat: returns the new sum W omega_dot^2. */
  private readonly scaleBarostat = (f: number): number => {
    for (let i = 0; i < 6; i++) if (this.pFlag[i] && (i < 3 || this.pstyle === 'tri')) this.omegaDot[i] *= f;
    return this.barostatKE();
  };

  private nhcTempIntegrate(): void {
    const kt = this.boltz * this.tTarget,
      tf2 = this.tFreq * this.tFreq;
    // eta_mass_flag: masses follow t_target to keep the chain frequency
    if (this.etaMassFlag) this.tchain.setMasses((this.tdof * kt) / tf2, kt / tf2, kt, false);
    this.tchain.halfStep(
      this.tdof * this.boltz * this.tCurrent,
      this.keTarget,
      kt,
      this.s.ncTchain,
      this.dt4,
      this.dt8,
      this.dthalf,
      this.tdragFactor,
      true,
      this.scaleParticles,
    );
  }

  private nhcPressIntegrate(): void {
    const kt = this.boltz * this.tTarget;
    // kT per barostat degree of freedom; iso has one
    const lktPress = this.pstyle === 'iso' ? kt : this.pdofCount() * kt;
    this.pchain.halfStep(
      this.barostatKE(),
      lktPress,
      kt,
      this.s.ncPchain,
      this.dt4,
      this.dt8,
      this.dthalf,
      this.pdragFactor,
      false,
      this.scaleBarostat,
    );
  }

  private pdofCount(): number {
    let n = 0;
    for (let i = 0; i < 3; i++) if (this.pFlag[i]) n++;
    if (this.pstyle === 'tri') for (let i = 3; i < 6; i++) if (this.pFlag[i]) n++;
    return n;
  }

  private barostatKE(): number {
    let ke = 0.0;
    const od = this.omegaDot,
      om = this.omegaMass;
    for (let i = 0; i < 3; i++) if (this.pFlag[i]) ke += om[i] * od[i] * od[i];
    if (this.pstyle === 'tri') for (let i = 3; i < 6; i++) if (this.pFlag[i]) ke += om[i] * od[i] * od[i];
    return ke;
  }

  // ---- barostat ----

  private nhOmegaDot(sim: Simulation): void {
    const h = sim.system.box.h;
    const volume = sim.system.box.volume();
    const natoms = sim.system.n;
    const pf = this.pFlag,
      od = this.omegaDot,
      om = this.omegaMass,
      pc = this.pCurrent;
    const dev = this.s.deviatoric;
    if (dev) deviatoricForce(h, this.sigma, this.fdev);
    this.mtkTerm1 = 0.0;
    if (this.s.mtk) {
      if (this.pstyle === 'iso') {
        this.mtkTerm1 = this.tdof * this.boltz * this.tCurrent;
        this.mtkTerm1 /= this.pdim * natoms;
      } else {
        for (let i = 0; i < 3; i++) if (pf[i]) this.mtkTerm1 += this.c.keTensor[i];
        this.mtkTerm1 /= this.pdim * natoms;
      }
    }
    for (let i = 0; i < 3; i++) {
      if (pf[i]) {
        let fOmega = ((pc[i] - this.pHydro) * volume) / (om[i] * this.nktv2p) + this.mtkTerm1 / om[i];
        if (dev) fOmega -= this.fdev[i] / (om[i] * this.nktv2p);
        od[i] += fOmega * this.dthalf;
        od[i] *= this.pdragFactor;
      }
    }
    this.mtkTerm2 = 0.0;
    if (this.s.mtk) {
      for (let i = 0; i < 3; i++) if (pf[i]) this.mtkTerm2 += od[i];
      if (this.pdim > 0) this.mtkTerm2 /= this.pdim * natoms;
    }
    if (this.pstyle === 'tri') {
      for (let i = 3; i < 6; i++) {
        if (pf[i]) {
          let fOmega = (pc[i] * volume) / (om[i] * this.nktv2p);
          if (dev) fOmega -= this.fdev[i] / (om[i] * this.nktv2p);
          od[i] += fOmega * this.dthalf;
          od[i] *= this.pdragFactor;
        }
      }
    }
  }

  private nhVPress(sim: Simulation): void {
    const s = sim.system;
    const v = s.v,
      od = this.omegaDot,
      dt4 = this.dt4,
      dthalf = this.dthalf;
    const f0 = Math.exp(-dt4 * (od[0] + this.mtkTerm2));
    const f1 = Math.exp(-dt4 * (od[1] + this.mtkTerm2));
    const f2 = Math.exp(-dt4 * (od[2] + this.mtkTerm2));
    const tri = this.pstyle === 'tri';
    const mask = s.mask,
      bit = this.groupBit;
    for (let i = 0; i < s.n; i++) {
      if (!(mask[i] & bit)) continue;
      const k = 3 * i;
      v[k] *= f0;
      v[k + 1] *= f1;
      v[k + 2] *= f2;
      if (tri) {
        v[k] += -dthalf * (v[k + 1] * od[5] + v[k + 2] * od[4]);
        v[k + 1] += -dthalf * v[k + 2] * od[3];
      }
      v[k] *= f0;
      v[k + 1] *= f1;
      v[k + 2] *= f2;
    }
  }

  /** Half-step box change h_dot = omega_dot h with all atoms dilated (LAMMPS FixNH::remap, dilate all). */
  private remap(sim: Simulation): void {
    const s = sim.system,
      b = s.box,
      h = b.h,
      x = s.x,
      pf = this.pFlag,
      od = this.omegaDot;
    const dto = this.dto;
    for (let i = 0; i < 6; i++) this.omega[i] += dto * od[i];
    for (let i = 0; i < s.n; i++) b.toLamda(x, 3 * i, x, 3 * i);
    // off-diagonal components, first half; h[0..2] stay the old lengths until update(), as
    // domain->h before set_global_box()
    if (this.pstyle === 'tri') this.remapTilts(h);
    let expfac: number;
    const fp = this.s.fixedpoint;
    for (let d = 0; d < 3; d++) {
      if (!pf[d]) continue;
      const oldlo = b.lo[d],
        oldhi = b.hi[d];
      expfac = Math.exp(dto * od[d]);
      b.lo[d] = (oldlo - fp[d]) * expfac + fp[d];
      b.hi[d] = (oldhi - fp[d]) * expfac + fp[d];
      if (d === 1 && this.s.scalexy) h[5] *= expfac;
      if (d === 2 && this.s.scalexz) h[4] *= expfac;
      if (d === 2 && this.s.scaleyz) h[3] *= expfac;
    }
    if (this.pstyle === 'tri') this.remapTilts(h);
    b.yz = h[3];
    b.xz = h[4];
    b.xy = h[5];
    const TILTMAX = 1.5;
    if (
      b.yz < -TILTMAX * h[1] ||
      b.yz > TILTMAX * h[1] ||
      b.xz < -TILTMAX * h[0] ||
      b.xz > TILTMAX * h[0] ||
      b.xy < -TILTMAX * h[0] ||
      b.xy > TILTMAX * h[0]
    ) {
      throw new Error(
        `Fix ${this.style} has tilted box too far in one step - periodic cell is too far from equilibrium state`,
      );
    }
    b.update();
    for (let i = 0; i < s.n; i++) b.fromLamda(x, 3 * i, x, 3 * i);
  }

  /** One half of the time-symmetric tilt update h_dot = omega_dot h (LAMMPS remap, TRICLINIC). */
  private remapTilts(h: Float64Array): void {
    const pf = this.pFlag,
      od = this.omegaDot,
      dto = this.dto;
    const dto2 = dto / 2.0,
      dto4 = dto / 4.0,
      dto8 = dto / 8.0;
    let expfac: number;
    if (pf[4]) {
      expfac = Math.exp(dto8 * od[0]);
      h[4] *= expfac;
      h[4] += dto4 * (od[5] * h[3] + od[4] * h[2]);
      h[4] *= expfac;
    }
    if (pf[3]) {
      expfac = Math.exp(dto4 * od[1]);
      h[3] *= expfac;
      h[3] += dto2 * (od[3] * h[2]);
      h[3] *= expfac;
    }
    if (pf[5]) {
      expfac = Math.exp(dto4 * od[0]);
      h[5] *= expfac;
      h[5] += dto2 * (od[5] * h[1]);
      h[5] *= expfac;
    }
    if (pf[4]) {
      expfac = Math.exp(dto8 * od[0]);
      h[4] *= expfac;
      h[4] += dto4 * (od[5] * h[3] + od[4] * h[2]);
      h[4] *= expfac;
    }
  }

  /** LAMMPS nve_v: the half kick of the group's velocities (asphere variants add angular momentum). */
  protected nveV(sim: Simulation): void {
    kick(sim.system, this.dtf, this.groupBit);
  }

  /** LAMMPS nve_x: the drift of the group's positions (asphere variants add orientations). */
  protected nveX(sim: Simulation): void {
    drift(sim.system, this.dtv, this.groupBit);
  }

  /** What nh_v_temp scales besides velocities (asphere: angular momenta by factor_eta); none here. */
  protected scaleExtra(_sim: Simulation, _factorEta: number): void {}

  /** Half-step factors for subclasses: dtf = dt/2 · ftm2v, dtv = dt. */
  protected get dtfHalf(): number {
    return this.dtf;
  }
  protected get dtvFull(): number {
    return this.dtv;
  }

  /**
   * Use this temperature compute for the thermostat and the pressure's kinetic part instead of
   * a compute temp (LAMMPS fix nvt/npt/nph asphere create a compute temp/asphere as ID_temp).
   */
  useTemperatureCompute(c: TemperatureCompute): void {
    this.c.source = c;
  }

  /** Use this pressure compute for the barostat instead of the fix's own (LAMMPS modify_param press; fix grem). */
  usePressureCompute(p: PressureSource): void {
    this.c.pressureSource = p;
  }

  /** The parsed settings (LAMMPS FixNH::extract t_start, t_stop, p_start, p_stop, p_flag), read by fix grem. */
  get settings(): Readonly<NHSettings> {
    return this.s;
  }
}

/** The barostat's volume: the area x·y in 2d (LAMMPS FixNH, dimension 2), else x·y·z. */
function boxVolume(b: { h: ArrayLike<number>; dimension: number }): number {
  return b.dimension === 2 ? b.h[0] * b.h[1] : b.h[0] * b.h[1] * b.h[2];
}
