import { temperatureDof } from '../src/computes.js';
import type { Simulation } from '../src/simulation.js';
import type { Fix } from './fix.js';
import type { NHSettings } from './fix_nh_args.js';
import { flipBox } from './box_flip.js';

/**
 * Nose-Hoover thermostat chains and the Martyna-Tobias-Klein barostat: a line-by-line port of
 * LAMMPS's FixNH (fix_nh.cpp, 29 Sep 2021), the engine of fix nvt, fix npt and fix nph. The order
 * of operations, the half-step splittings and even the floating-point expression order follow
 * LAMMPS so that the same deck gives LAMMPS's trajectory.
 *
 * Like LAMMPS's fix, it owns a temperature compute (group all, dof 3N-3 minus what other fixes
 * remove) and, with a barostat, a pressure compute built on it; both are evaluated here with the
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
  // thermostat chain (eta_dot has one extra, always-zero entry as in LAMMPS)
  private readonly eta: Float64Array;
  private readonly etaDot: Float64Array;
  private readonly etaDotdot: Float64Array;
  private readonly etaMass: Float64Array;
  // barostat thermostat chain
  private readonly etap: Float64Array;
  private readonly etapDot: Float64Array;
  private readonly etapDotdot: Float64Array;
  private readonly etapMass: Float64Array;
  // barostat, Voigt order x y z yz xz xy
  private readonly omega = new Float64Array(6);
  private readonly omegaDot = new Float64Array(6);
  private readonly omegaMass = new Float64Array(6);
  private readonly pFreq = new Float64Array(6);
  private readonly pTarget = new Float64Array(6);
  private readonly pCurrent = new Float64Array(6);
  private readonly h0Inv = new Float64Array(6);
  private readonly sigma = new Float64Array(6);
  private readonly fdev = new Float64Array(6);
  private tFreq = 0;
  private pFreqMax = 0;
  private pHydro = 0;
  private pdim = 0;
  private tTarget = 0;
  private keTarget = 0;
  private tCurrent = 0;
  private tdof = 0;
  private t0 = 0;
  private vol0 = 0;
  private mtkTerm1 = 0;
  private mtkTerm2 = 0;
  private dtv = 0; private dtf = 0; private dthalf = 0; private dt4 = 0; private dt8 = 0; private dto = 0;
  private tdragFactor = 1;
  private pdragFactor = 1;
  private boltz = 1;
  private nktv2p = 1;
  private preExchangeFlag = false;
  // the fix's own temperature compute (LAMMPS ID_temp): scalar, ke tensor, and the step each was invoked
  private tScalar = 0;
  private tScalarStep = -1;
  private readonly keTensor = new Float64Array(6);
  private keTensorStep = -1;
  // the fix's own pressure compute (LAMMPS ID_press)
  private pScalar = 0;
  private readonly pTensor = new Float64Array(6);

  constructor(readonly id: string, readonly style: string, private readonly s: NHSettings) {
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
    this.eta = new Float64Array(this.mtchain);
    this.etaDot = new Float64Array(this.mtchain + 1);
    this.etaDotdot = new Float64Array(this.mtchain);
    this.etaMass = new Float64Array(this.mtchain);
    this.etap = new Float64Array(this.mpchain);
    this.etapDot = new Float64Array(this.mpchain + 1);
    this.etapDotdot = new Float64Array(this.mpchain);
    this.etapMass = new Float64Array(this.mpchain);
  }

  /** Whether tilt flips can occur (LAMMPS pre_exchange_flag); decided against the box at init. */
  private decidePreExchange(sim: Simulation): void {
    const b = sim.system.box;
    const pf = this.pFlag;
    this.preExchangeFlag = this.pstat && this.s.flip &&
      (pf[3] || pf[4] || pf[5] || b.yz !== 0 || b.xz !== 0 || b.xy !== 0);
  }

  init(sim: Simulation): void {
    const dt = sim.dt;
    const u = sim.system.units;
    this.dtv = dt;
    this.dtf = 0.5 * dt * u.ftm2v;
    this.dthalf = 0.5 * dt;
    this.dt4 = 0.25 * dt;
    this.dt8 = 0.125 * dt;
    this.dto = this.dthalf;
    const pf = this.pFlag, pq = this.pFreq;
    this.pFreqMax = 0;
    if (this.pstat) {
      this.pFreqMax = Math.max(pq[0], pq[1]);
      this.pFreqMax = Math.max(this.pFreqMax, pq[2]);
      if (this.pstyle === 'tri') {
        this.pFreqMax = Math.max(this.pFreqMax, pq[3]);
        this.pFreqMax = Math.max(this.pFreqMax, pq[4]);
        this.pFreqMax = Math.max(this.pFreqMax, pq[5]);
      }
      this.pdragFactor = 1.0 - (dt * this.pFreqMax * this.s.drag / this.s.ncPchain);
    }
    if (this.tstat) this.tdragFactor = 1.0 - (dt * this.tFreq * this.s.drag / this.s.ncTchain);
    if (this.pstat) {
      this.pdim = (pf[0] ? 1 : 0) + (pf[1] ? 1 : 0) + (pf[2] ? 1 : 0);
      if (this.vol0 === 0.0) {
        const b = sim.system.box;
        this.vol0 = b.h[0] * b.h[1] * b.h[2];
        this.h0Inv.set(b.hInv);
      }
    }
    this.boltz = u.boltz;
    this.nktv2p = u.nktv2p;
    this.decidePreExchange(sim);
  }

  setup(sim: Simulation): void {
    this.tCurrent = this.computeTemp(sim);
    if (this.tstat) {
      this.computeTempTarget(sim);
    } else if (this.pstat) {
      if (this.t0 === 0.0) {
        this.t0 = this.computeTemp(sim);
        if (this.t0 === 0.0) this.t0 = sim.system.units.name === 'lj' ? 1.0 : 300.0;
      }
      this.tTarget = this.t0;
    }
    if (this.pstat) {
      this.computePressTarget(sim);
      if (this.pstyle === 'iso') this.computePressScalar(sim);
      else this.computePressVector(sim);
      this.couple();
    }
    const boltz = this.boltz, tt = this.tTarget;
    if (this.tstat) {
      const tf2 = this.tFreq * this.tFreq;
      this.etaMass[0] = this.tdof * boltz * tt / tf2;
      for (let ich = 1; ich < this.mtchain; ich++) this.etaMass[ich] = boltz * tt / tf2;
      for (let ich = 1; ich < this.mtchain; ich++) {
        this.etaDotdot[ich] = (this.etaMass[ich - 1] * this.etaDot[ich - 1] * this.etaDot[ich - 1] - boltz * tt) / this.etaMass[ich];
      }
    }
    if (this.pstat) {
      const kt = boltz * tt;
      const nkt = (sim.system.n + (process.env.NH_A ? 1 : 0)) * kt;
      for (let i = 0; i < 3; i++) if (this.pFlag[i]) this.omegaMass[i] = nkt / (this.pFreq[i] * this.pFreq[i]);
      if (this.pstyle === 'tri') {
        for (let i = 3; i < 6; i++) if (this.pFlag[i]) this.omegaMass[i] = nkt / (this.pFreq[i] * this.pFreq[i]);
      }
      if (this.mpchain) {
        const pm2 = this.pFreqMax * this.pFreqMax;
        this.etapMass[0] = boltz * tt / pm2;
        for (let ich = 1; ich < this.mpchain; ich++) this.etapMass[ich] = boltz * tt / pm2;
        for (let ich = 1; ich < this.mpchain; ich++) {
          this.etapDotdot[ich] = (this.etapMass[ich - 1] * this.etapDot[ich - 1] * this.etapDot[ich - 1] - boltz * tt) / this.etapMass[ich];
        }
      }
    }
  }

  initialIntegrate(sim: Simulation): void {
    if (this.pstat && this.mpchain) this.nhcPressIntegrate();
    if (this.tstat) {
      this.computeTempTarget(sim);
      this.nhcTempIntegrate(sim);
    }
    // recompute pressure for the changed KE; t_current itself is left as nhc scaled it
    if (this.pstat) {
      if (this.pstyle === 'iso') {
        this.computeTemp(sim);
        this.computePressScalar(sim);
      } else {
        this.computeTempVector(sim);
        this.computePressVector(sim);
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
    this.tCurrent = this.computeTemp(sim);
    if (this.pstat) {
      if (this.pstyle === 'iso') this.computePressScalar(sim);
      else {
        if (!process.env.NH_C) this.computeTempVector(sim);
        this.computePressVector(sim);
      }
      this.couple();
      this.nhOmegaDot(sim);
    }
    if (this.tstat) this.nhcTempIntegrate(sim);
    if (this.pstat && this.mpchain) this.nhcPressIntegrate();
  }

  /** Tilt flips on reneighboring steps (LAMMPS FixNH::pre_exchange). */
  preExchange(sim: Simulation): void {
    if (this.preExchangeFlag) flipBox(sim.system);
  }

  /** LAMMPS FixNH::compute_scalar: the thermostat and barostat energy (thermo ecouple). */
  energyCouple(sim: Simulation): number {
    const b = sim.system.box;
    const volume = b.h[0] * b.h[1] * b.h[2];
    const kt = this.boltz * this.tTarget;
    const lktPress = process.env.NH_D ? this.pdofCount() * kt : kt;
    let energy = 0.0;
    if (this.tstat) {
      energy += this.keTarget * this.eta[0] + 0.5 * this.etaMass[0] * this.etaDot[0] * this.etaDot[0];
      for (let ich = 1; ich < this.mtchain; ich++) {
        energy += kt * this.eta[ich] + 0.5 * this.etaMass[ich] * this.etaDot[ich] * this.etaDot[ich];
      }
    }
    if (this.pstat) {
      const od = this.omegaDot, om = this.omegaMass;
      for (let i = 0; i < 3; i++) {
        if (this.pFlag[i]) energy += 0.5 * od[i] * od[i] * om[i] + this.pHydro * (volume - this.vol0) / (this.pdim * this.nktv2p);
      }
      if (this.pstyle === 'tri') {
        for (let i = 3; i < 6; i++) if (this.pFlag[i]) energy += 0.5 * od[i] * od[i] * om[i];
      }
      if (this.mpchain) {
        energy += lktPress * this.etap[0] + 0.5 * this.etapMass[0] * this.etapDot[0] * this.etapDot[0];
        for (let ich = 1; ich < this.mpchain; ich++) {
          energy += kt * this.etap[ich] + 0.5 * this.etapMass[ich] * this.etapDot[ich] * this.etapDot[ich];
        }
      }
      if (this.s.deviatoric) energy += this.computeStrainEnergy(sim);
    }
    return energy;
  }

  /** Current target temperature (LAMMPS extract("t_target")). */
  get targetTemperature(): number {
    return this.tTarget;
  }

  // ---- the fix's temperature and pressure computes (compute temp, compute pressure) ----

  /** compute temp scalar: sum m v^2 * mvv2e / (dof k_B); also records dof as tdof. */
  private computeTemp(sim: Simulation): number {
    const s = sim.system;
    const v = s.v, mass = s.mass, type = s.type;
    let t = 0.0;
    for (let i = 0; i < s.n; i++) {
      const k = 3 * i;
      t += (v[k] * v[k] + v[k + 1] * v[k + 1] + v[k + 2] * v[k + 2]) * mass[type[i]];
    }
    const dof = temperatureDof(sim);
    const tfactor = dof > 0 ? s.units.mvv2e / (dof * s.units.boltz) : 0.0;
    this.tdof = dof;
    this.tScalar = t * tfactor;
    this.tScalarStep = sim.step;
    return this.tScalar;
  }

  /** compute temp vector: kinetic energy tensor sum m v_a v_b * mvv2e, order xx yy zz xy xz yz. */
  private computeTempVector(sim: Simulation): void {
    const s = sim.system;
    const v = s.v, mass = s.mass, type = s.type;
    let t0 = 0.0, t1 = 0.0, t2 = 0.0, t3 = 0.0, t4 = 0.0, t5 = 0.0;
    for (let i = 0; i < s.n; i++) {
      const m = mass[type[i]];
      const k = 3 * i;
      const vx = v[k], vy = v[k + 1], vz = v[k + 2];
      t0 += m * vx * vx; t1 += m * vy * vy; t2 += m * vz * vz;
      t3 += m * vx * vy; t4 += m * vx * vz; t5 += m * vy * vz;
    }
    const e = s.units.mvv2e, kt = this.keTensor;
    kt[0] = t0 * e; kt[1] = t1 * e; kt[2] = t2 * e; kt[3] = t3 * e; kt[4] = t4 * e; kt[5] = t5 * e;
    this.keTensorStep = sim.step;
  }

  /** compute pressure scalar, reusing the temperature when already computed on this step. */
  private computePressScalar(sim: Simulation): void {
    const t = this.tScalarStep === sim.step ? this.tScalar : this.computeTemp(sim);
    const h = sim.system.box.h, w = sim.virial;
    const invVolume = 1.0 / (h[0] * h[1] * h[2]);
    this.pScalar = (this.tdof * this.boltz * t + w[0] + w[1] + w[2]) / 3.0 * invVolume * this.nktv2p;
  }

  /** compute pressure vector (xx yy zz xy xz yz), reusing the ke tensor when already computed on this step. */
  private computePressVector(sim: Simulation): void {
    if (this.keTensorStep !== sim.step) this.computeTempVector(sim);
    const h = sim.system.box.h, w = sim.virial;
    const invVolume = 1.0 / (h[0] * h[1] * h[2]);
    for (let i = 0; i < 6; i++) this.pTensor[i] = (this.keTensor[i] + w[i]) * invVolume * this.nktv2p;
  }

  /** LAMMPS FixNH::couple: p_current from the pressure compute, tensor order switched to Voigt. */
  private couple(): void {
    const t = this.pTensor, pc = this.pCurrent;
    const c = this.s.pcouple;
    if (this.pstyle === 'iso') pc[0] = pc[1] = pc[2] = this.pScalar;
    else if (c === 'xyz') pc[0] = pc[1] = pc[2] = 1.0 / 3.0 * (t[0] + t[1] + t[2]);
    else if (c === 'xy') { pc[0] = pc[1] = 0.5 * (t[0] + t[1]); pc[2] = t[2]; }
    else if (c === 'yz') { pc[1] = pc[2] = 0.5 * (t[1] + t[2]); pc[0] = t[0]; }
    else if (c === 'xz') { pc[0] = pc[2] = 0.5 * (t[0] + t[2]); pc[1] = t[1]; }
    else { pc[0] = t[0]; pc[1] = t[1]; pc[2] = t[2]; }
    if (!Number.isFinite(pc[0]) || !Number.isFinite(pc[1]) || !Number.isFinite(pc[2])) {
      throw new Error(`Fix ${this.style} ${this.id}: non-numeric pressure - simulation unstable`);
    }
    if (this.pstyle === 'tri') { pc[3] = t[5]; pc[4] = t[4]; pc[5] = t[3]; }
  }

  // ---- targets ----

  private rampFraction(sim: Simulation): number {
    let delta = sim.step - sim.firstStep;
    if (delta !== 0.0) delta /= sim.lastStep - sim.firstStep;
    return delta;
  }

  private computeTempTarget(sim: Simulation): void {
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
    if (s.deviatoric) this.computeSigma(sim);
  }

  // ---- chains ----

  private nhcTempIntegrate(sim: Simulation): void {
    const eta = this.eta, etaDot = this.etaDot, etaDotdot = this.etaDotdot, etaMass = this.etaMass;
    const boltz = this.boltz, tt = this.tTarget, M = this.mtchain;
    let kecurrent = this.tdof * boltz * this.tCurrent;
    // eta_mass_flag: masses follow t_target to keep the chain frequency
    const tf2 = this.tFreq * this.tFreq;
    etaMass[0] = this.tdof * boltz * tt / tf2;
    for (let ich = 1; ich < M; ich++) etaMass[ich] = boltz * tt / tf2;
    etaDotdot[0] = etaMass[0] > 0.0 ? (kecurrent - this.keTarget) / etaMass[0] : 0.0;
    const nc = this.s.ncTchain;
    const ncfac = 1.0 / nc;
    const dt8 = this.dt8, dt4 = this.dt4, dthalf = this.dthalf, drag = this.tdragFactor;
    for (let iloop = 0; iloop < nc; iloop++) {
      let expfac: number;
      for (let ich = M - 1; ich > 0; ich--) {
        expfac = Math.exp(-ncfac * dt8 * etaDot[ich + 1]);
        etaDot[ich] *= expfac;
        etaDot[ich] += etaDotdot[ich] * ncfac * dt4;
        etaDot[ich] *= drag;
        etaDot[ich] *= expfac;
      }
      expfac = Math.exp(-ncfac * dt8 * etaDot[1]);
      etaDot[0] *= expfac;
      etaDot[0] += etaDotdot[0] * ncfac * dt4;
      etaDot[0] *= drag;
      etaDot[0] *= expfac;

      const factorEta = Math.exp(-ncfac * dthalf * etaDot[0]);
      this.scaleVelocities(sim, factorEta);
      this.tCurrent *= factorEta * factorEta;
      kecurrent = this.tdof * boltz * this.tCurrent;
      etaDotdot[0] = etaMass[0] > 0.0 ? (kecurrent - this.keTarget) / etaMass[0] : 0.0;

      for (let ich = 0; ich < M; ich++) eta[ich] += ncfac * dthalf * etaDot[ich];

      etaDot[0] *= expfac;
      etaDot[0] += etaDotdot[0] * ncfac * dt4;
      etaDot[0] *= expfac;

      for (let ich = 1; ich < M; ich++) {
        expfac = Math.exp(-ncfac * dt8 * etaDot[ich + 1]);
        etaDot[ich] *= expfac;
        etaDotdot[ich] = (etaMass[ich - 1] * etaDot[ich - 1] * etaDot[ich - 1] - boltz * tt) / etaMass[ich];
        etaDot[ich] += etaDotdot[ich] * ncfac * dt4;
        etaDot[ich] *= expfac;
      }
    }
  }

  private pdofCount(): number {
    let n = 0;
    for (let i = 0; i < 3; i++) if (this.pFlag[i]) n++;
    if (this.pstyle === 'tri') for (let i = 3; i < 6; i++) if (this.pFlag[i]) n++;
    return n;
  }

  private barostatKE(): number {
    let ke = 0.0;
    const od = this.omegaDot, om = this.omegaMass;
    for (let i = 0; i < 3; i++) if (this.pFlag[i]) ke += om[i] * od[i] * od[i];
    if (this.pstyle === 'tri') for (let i = 3; i < 6; i++) if (this.pFlag[i]) ke += om[i] * od[i] * od[i];
    return ke;
  }

  private nhcPressIntegrate(): void {
    const etap = this.etap, etapDot = this.etapDot, etapDotdot = this.etapDotdot, etapMass = this.etapMass;
    const boltz = this.boltz, tt = this.tTarget, M = this.mpchain;
    const kt = boltz * tt;
    const lktPress = process.env.NH_B && this.pstyle !== 'iso' ? this.pdofCount() * kt : kt;
    etapDotdot[0] = (this.barostatKE() - lktPress) / etapMass[0];
    const nc = this.s.ncPchain;
    const ncfac = 1.0 / nc;
    const dt8 = this.dt8, dt4 = this.dt4, dthalf = this.dthalf, drag = this.pdragFactor;
    for (let iloop = 0; iloop < nc; iloop++) {
      let expfac: number;
      for (let ich = M - 1; ich > 0; ich--) {
        expfac = Math.exp(-ncfac * dt8 * etapDot[ich + 1]);
        etapDot[ich] *= expfac;
        etapDot[ich] += etapDotdot[ich] * ncfac * dt4;
        etapDot[ich] *= drag;
        etapDot[ich] *= expfac;
      }
      expfac = Math.exp(-ncfac * dt8 * etapDot[1]);
      etapDot[0] *= expfac;
      etapDot[0] += etapDotdot[0] * ncfac * dt4;
      etapDot[0] *= drag;
      etapDot[0] *= expfac;

      for (let ich = 0; ich < M; ich++) etap[ich] += ncfac * dthalf * etapDot[ich];

      const factorEtap = Math.exp(-ncfac * dthalf * etapDot[0]);
      for (let i = 0; i < 3; i++) if (this.pFlag[i]) this.omegaDot[i] *= factorEtap;
      if (this.pstyle === 'tri') for (let i = 3; i < 6; i++) if (this.pFlag[i]) this.omegaDot[i] *= factorEtap;

      etapDotdot[0] = (this.barostatKE() - lktPress) / etapMass[0];

      etapDot[0] *= expfac;
      etapDot[0] += etapDotdot[0] * ncfac * dt4;
      etapDot[0] *= expfac;

      for (let ich = 1; ich < M; ich++) {
        expfac = Math.exp(-ncfac * dt8 * etapDot[ich + 1]);
        etapDot[ich] *= expfac;
        etapDotdot[ich] = (etapMass[ich - 1] * etapDot[ich - 1] * etapDot[ich - 1] - boltz * tt) / etapMass[ich];
        etapDot[ich] += etapDotdot[ich] * ncfac * dt4;
        etapDot[ich] *= expfac;
      }
    }
  }

  // ---- barostat ----

  private nhOmegaDot(sim: Simulation): void {
    const h = sim.system.box.h;
    const volume = h[0] * h[1] * h[2];
    const natoms = sim.system.n;
    const pf = this.pFlag, od = this.omegaDot, om = this.omegaMass, pc = this.pCurrent;
    const dev = this.s.deviatoric;
    if (dev) this.computeDeviatoric(sim);
    this.mtkTerm1 = 0.0;
    if (this.s.mtk) {
      if (this.pstyle === 'iso') {
        this.mtkTerm1 = this.tdof * this.boltz * this.tCurrent;
        this.mtkTerm1 /= this.pdim * natoms;
      } else {
        for (let i = 0; i < 3; i++) if (pf[i]) this.mtkTerm1 += this.keTensor[i];
        this.mtkTerm1 /= this.pdim * natoms;
      }
    }
    for (let i = 0; i < 3; i++) {
      if (pf[i]) {
        let fOmega = (pc[i] - this.pHydro) * volume / (om[i] * this.nktv2p) + this.mtkTerm1 / om[i];
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
          let fOmega = pc[i] * volume / (om[i] * this.nktv2p);
          if (dev) fOmega -= this.fdev[i] / (om[i] * this.nktv2p);
          od[i] += fOmega * this.dthalf;
          od[i] *= this.pdragFactor;
        }
      }
    }
  }

  private nhVPress(sim: Simulation): void {
    const s = sim.system;
    const v = s.v, od = this.omegaDot, dt4 = this.dt4, dthalf = this.dthalf;
    const f0 = Math.exp(-dt4 * (od[0] + this.mtkTerm2));
    const f1 = Math.exp(-dt4 * (od[1] + this.mtkTerm2));
    const f2 = Math.exp(-dt4 * (od[2] + this.mtkTerm2));
    const tri = this.pstyle === 'tri';
    for (let i = 0; i < s.n; i++) {
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
    const s = sim.system, b = s.box, h = b.h, x = s.x, pf = this.pFlag, od = this.omegaDot;
    const dto = this.dto;
    for (let i = 0; i < 6; i++) this.omega[i] += dto * od[i];
    for (let i = 0; i < s.n; i++) b.toLamda(x, 3 * i, x, 3 * i);
    const dto2 = dto / 2.0, dto4 = dto / 4.0, dto8 = dto / 8.0;
    let expfac: number;
    // h[0..2] stay the old lengths until update(), exactly as domain->h before set_global_box()
    const offDiagonal = (): void => {
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
    };
    if (this.pstyle === 'tri') offDiagonal();
    const fp = this.s.fixedpoint;
    for (let d = 0; d < 3; d++) {
      if (!pf[d]) continue;
      const oldlo = b.lo[d], oldhi = b.hi[d];
      expfac = Math.exp(dto * od[d]);
      b.lo[d] = (oldlo - fp[d]) * expfac + fp[d];
      b.hi[d] = (oldhi - fp[d]) * expfac + fp[d];
      if (d === 1 && this.s.scalexy) h[5] *= expfac;
      if (d === 2 && this.s.scalexz) h[4] *= expfac;
      if (d === 2 && this.s.scaleyz) h[3] *= expfac;
    }
    if (this.pstyle === 'tri') offDiagonal();
    b.yz = h[3];
    b.xz = h[4];
    b.xy = h[5];
    const TILTMAX = 1.5;
    if (b.yz < -TILTMAX * h[1] || b.yz > TILTMAX * h[1] || b.xz < -TILTMAX * h[0] || b.xz > TILTMAX * h[0] ||
        b.xy < -TILTMAX * h[0] || b.xy > TILTMAX * h[0]) {
      throw new Error(`Fix ${this.style} has tilted box too far in one step - periodic cell is too far from equilibrium state`);
    }
    b.update();
    for (let i = 0; i < s.n; i++) b.fromLamda(x, 3 * i, x, 3 * i);
  }

  private nveV(sim: Simulation): void {
    const s = sim.system;
    const v = s.v, f = s.f, mass = s.mass, type = s.type, dtf = this.dtf;
    for (let i = 0; i < s.n; i++) {
      const dtfm = dtf / mass[type[i]];
      const k = 3 * i;
      v[k] += dtfm * f[k];
      v[k + 1] += dtfm * f[k + 1];
      v[k + 2] += dtfm * f[k + 2];
    }
  }

  private nveX(sim: Simulation): void {
    const s = sim.system;
    const x = s.x, v = s.v, dtv = this.dtv;
    for (let k = 0; k < 3 * s.n; k++) x[k] += dtv * v[k];
  }

  private scaleVelocities(sim: Simulation, factor: number): void {
    const v = sim.system.v;
    for (let k = 0; k < 3 * sim.system.n; k++) v[k] *= factor;
  }

  // ---- deviatoric (non-hydrostatic target stress) ----

  private computeSigma(sim: Simulation): void {
    const h0 = this.h0Inv, pt = this.pTarget, ph = this.pHydro;
    if (this.s.nresetH0 > 0) {
      const delta = sim.step - sim.firstStep;
      if (delta % this.s.nresetH0 === 0) {
        const b = sim.system.box;
        this.vol0 = b.h[0] * b.h[1] * b.h[2];
        h0.set(b.hInv);
      }
    }
    const v0 = this.vol0, sg = this.sigma;
    sg[0] = v0 * (h0[0] * ((pt[0] - ph) * h0[0] + pt[5] * h0[5] + pt[4] * h0[4]) +
      h0[5] * (pt[5] * h0[0] + (pt[1] - ph) * h0[5] + pt[3] * h0[4]) +
      h0[4] * (pt[4] * h0[0] + pt[3] * h0[5] + (pt[2] - ph) * h0[4]));
    sg[1] = v0 * (h0[1] * ((pt[1] - ph) * h0[1] + pt[3] * h0[3]) +
      h0[3] * (pt[3] * h0[1] + (pt[2] - ph) * h0[3]));
    sg[2] = v0 * (h0[2] * ((pt[2] - ph) * h0[2]));
    sg[3] = v0 * (h0[1] * (pt[3] * h0[2]) + h0[3] * ((pt[2] - ph) * h0[2]));
    sg[4] = v0 * (h0[0] * (pt[4] * h0[2]) + h0[5] * (pt[3] * h0[2]) + h0[4] * ((pt[2] - ph) * h0[2]));
    sg[5] = v0 * (h0[0] * (pt[5] * h0[1] + pt[4] * h0[3]) +
      h0[5] * ((pt[1] - ph) * h0[1] + pt[3] * h0[3]) +
      h0[4] * (pt[3] * h0[1] + (pt[2] - ph) * h0[3]));
  }

  private computeStrainEnergy(sim: Simulation): number {
    const h = sim.system.box.h, sg = this.sigma;
    const d0 = sg[0] * (h[0] * h[0] + h[5] * h[5] + h[4] * h[4]) + sg[5] * (h[1] * h[5] + h[3] * h[4]) + sg[4] * (h[2] * h[4]);
    const d1 = sg[5] * (h[5] * h[1] + h[4] * h[3]) + sg[1] * (h[1] * h[1] + h[3] * h[3]) + sg[3] * (h[2] * h[3]);
    const d2 = sg[4] * (h[4] * h[2]) + sg[3] * (h[3] * h[2]) + sg[2] * (h[2] * h[2]);
    return 0.5 * (d0 + d1 + d2) / this.nktv2p;
  }

  private computeDeviatoric(sim: Simulation): void {
    const h = sim.system.box.h, sg = this.sigma, fd = this.fdev;
    fd[0] = h[0] * (sg[0] * h[0] + sg[5] * h[5] + sg[4] * h[4]) +
      h[5] * (sg[5] * h[0] + sg[1] * h[5] + sg[3] * h[4]) +
      h[4] * (sg[4] * h[0] + sg[3] * h[5] + sg[2] * h[4]);
    fd[1] = h[1] * (sg[1] * h[1] + sg[3] * h[3]) + h[3] * (sg[3] * h[1] + sg[2] * h[3]);
    fd[2] = h[2] * (sg[2] * h[2]);
    fd[3] = h[1] * (sg[3] * h[2]) + h[3] * (sg[2] * h[2]);
    fd[4] = h[0] * (sg[4] * h[2]) + h[5] * (sg[3] * h[2]) + h[4] * (sg[2] * h[2]);
    fd[5] = h[0] * (sg[5] * h[1] + sg[4] * h[3]) + h[5] * (sg[1] * h[1] + sg[3] * h[3]) + h[4] * (sg[3] * h[1] + sg[2] * h[3]);
  }
}
