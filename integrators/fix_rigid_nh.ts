import type { Simulation } from '../src/simulation.js';
import type { Fix } from './fix.js';
import { NHComputes } from './fix_nh_computes.js';
import { FixRigid } from './fix_rigid.js';
import { maclaurin, nhChainIntegrate } from './rigid_nh_chain.js';
import { parseFixRigid, type RigidNHOptions, type RigidOptions } from './rigid_bodies.js';
import {
  angmomToOmega,
  invquatvec,
  matvecCols,
  noSquishRotate,
  qToExyz,
  quatvec,
  transposeMatvecCols,
} from './rigid_math.js';

const EPSILON = 1.0e-7;

/**
 * fix rigid/nve, rigid/nvt, rigid/npt, rigid/nph (LAMMPS FixRigidNH and its styles; Kamberaj,
 * Low, Neal, J Chem Phys 122, 224114 (2005); Miller et al., J Chem Phys 116, 8649 (2002)): the
 * bodies of fix rigid with the rotation integrated by NO_SQUISH. The angular momentum is carried as
 * the conjugate quaternion momentum conjqm = 2 q ⊗ (0, Pᵀ L); each half step adds
 * 2·dtf·q ⊗ (0, Pᵀ τ), and the free rotor is split into rotations about body axes 3, 2, 1, 2, 3.
 * nvt: Nosé-Hoover chains (t_chain long, Yoshida-Suzuki order t_order, t_iter loops) on the
 * translational and rotational kinetic energies separately, scaling vcm and conjqm by
 * exp(−dt/2 η̇). npt/nph: an MTK barostat ε̇ per barostatted dimension with its own chain, driven by
 * the pressure of a compute temp + compute pressure on group all that the fix creates (including
 * the bodies' constraint virial); the box and the atoms (dilate all or a group) and the bodies'
 * centres are rescaled by exp(dt/2 ε̇) before and after the atoms are placed. rigid/nve is this with
 * neither thermostat nor barostat.
 */
export class FixRigidNH extends FixRigid {
  private readonly conjqm: Float64Array;
  private readonly t3 = new Float64Array(3);
  private readonly q4 = new Float64Array(4);
  private readonly tstat: boolean;
  private readonly pstat: boolean;
  readonly changesBox: boolean;
  readonly needsVirial: boolean;
  /** f_ID of rigid/nvt, npt, nph is extensive (LAMMPS extscalar 1), rigid/nve's is not. */
  override readonly extensive: boolean;
  private readonly nh: RigidNHOptions;
  // thermostat chains (translational t, rotational r) and barostat chain b
  private readonly qT: Float64Array;
  private readonly qR: Float64Array;
  private readonly etaT: Float64Array;
  private readonly etaR: Float64Array;
  private readonly etaDotT: Float64Array;
  private readonly etaDotR: Float64Array;
  private readonly fEtaT: Float64Array;
  private readonly fEtaR: Float64Array;
  private readonly qB: Float64Array;
  private readonly etaB: Float64Array;
  private readonly etaDotB: Float64Array;
  private readonly fEtaB: Float64Array;
  private readonly w: Float64Array;
  private readonly wdti1: Float64Array;
  private readonly wdti2: Float64Array;
  private readonly wdti4: Float64Array;
  private readonly epsilonMass = new Float64Array(3);
  private readonly epsilon = new Float64Array(3);
  private readonly epsilonDot = new Float64Array(3);
  private readonly pCurrent = new Float64Array(3);
  private readonly pTarget = new Float64Array(3);
  private readonly pFreq = new Float64Array(3);
  private tFreq = 0;
  private akinT = 0;
  private akinR = 0;
  private nfT = 0;
  private nfR = 0;
  private gF = 0;
  private pdim = 0;
  private pFreqMax = 0;
  private pHydro = 0;
  private mtkTerm1 = 0;
  private mtkTerm2 = 0;
  private vol0 = 0;
  private tTarget = 0;
  private readonly computes = new NHComputes();
  private readonly wsum = new Float64Array(6);
  private dilateBit = 1;

  constructor(id: string, style: string, body: Int32Array, nbody: number, opts: RigidOptions) {
    super(id, style, body, nbody, opts);
    const nh = opts.nh;
    this.nh = nh;
    this.tstat = nh.tstat;
    this.pstat = nh.pFlag.some((f) => f);
    this.changesBox = this.pstat;
    this.needsVirial = this.pstat;
    this.extensive = style !== 'rigid/nve';
    this.conjqm = new Float64Array(4 * nbody);
    const tc = nh.tChain,
      pc = nh.pChain;
    this.qT = new Float64Array(tc);
    this.qR = new Float64Array(tc);
    this.etaT = new Float64Array(tc);
    this.etaR = new Float64Array(tc);
    this.etaDotT = new Float64Array(tc);
    this.etaDotR = new Float64Array(tc);
    this.fEtaT = new Float64Array(tc);
    this.fEtaR = new Float64Array(tc);
    this.qB = new Float64Array(pc);
    this.etaB = new Float64Array(pc);
    this.etaDotB = new Float64Array(pc);
    this.fEtaB = new Float64Array(pc);
    this.w = new Float64Array(nh.tOrder);
    this.wdti1 = new Float64Array(nh.tOrder);
    this.wdti2 = new Float64Array(nh.tOrder);
    this.wdti4 = new Float64Array(nh.tOrder);
    if (this.tstat) this.tFreq = 1.0 / nh.tPeriod;
    for (let i = 0; i < 3; i++) if (nh.pFlag[i]) this.pFreq[i] = 1.0 / nh.pPeriod[i];
  }

  /** fix_modify ID temp cID: LAMMPS swaps the fix's compute temp; only an equivalent one (temp on all) is accepted. */
  override modifyParam(key: string, value: string, sim?: Simulation): boolean {
    if (key === 'temp' || key === 'press') {
      if (!this.tstat && !this.pstat) return false;
      const c = sim?.computes.find((x) => x.id === value);
      if (!c) throw new Error(`Could not find fix_modify ${key === 'temp' ? 'temperature' : 'pressure'} ID '${value}'`);
      if (key === 'temp' && c.style === 'temp' && c.group === 'all') return true;
      throw new Error(
        `fix_modify ${key} for fix ${this.style}: only a compute temp on group all (the fix's own) is supported yet, got compute ${c.style} on ${c.group}`,
      );
    }
    return super.modifyParam(key, value);
  }

  override init(sim: Simulation): void {
    super.init(sim);
    const nh = this.nh;
    if (nh.dilate !== 'all') this.dilateBit = sim.groups.bit(nh.dilate, 'fix rigid npt/nph dilate');
    if (this.pstat && sim.system.box.triclinic) throw new Error('Fix rigid npt/nph does not yet allow triclinic box');
    const dim = 3;
    this.nfT = dim * this.nbody;
    this.nfR = dim * this.nbody;
    for (let b = 0; b < this.nbody; b++)
      for (let k = 0; k < dim; k++) if (Math.abs(this.inertia[3 * b + k]) < EPSILON) this.nfR--;
    this.gF = this.nfT + this.nfR;
    if (this.tstat || this.pstat) {
      const w = this.w;
      if (nh.tOrder === 3) {
        w[0] = 1.0 / (2.0 - 2.0 ** (1.0 / 3.0));
        w[1] = 1.0 - 2.0 * w[0];
        w[2] = w[0];
      } else {
        w[0] = 1.0 / (4.0 - 4.0 ** (1.0 / 3.0));
        w[1] = w[0];
        w[2] = 1.0 - 4.0 * w[0];
        w[3] = w[0];
        w[4] = w[0];
      }
    }
    if (this.pstat) {
      this.pFreqMax = Math.max(Math.max(this.pFreq[0], this.pFreq[1]), this.pFreq[2]);
      this.pdim = nh.pFlag.filter((f) => f).length;
      const h = sim.system.box.h;
      if (this.vol0 === 0.0) this.vol0 = h[0] * h[1] * h[2];
    }
  }

  override setup(sim: Simulation): void {
    super.setup(sim);
    const mbody = this.t3;
    this.akinT = this.akinR = 0.0;
    for (let b = 0; b < this.nbody; b++) {
      const o = 3 * b;
      transposeMatvecCols(this.ex, this.ey, this.ez, o, this.angmom, o, mbody, 0);
      quatvec(this.quat, 4 * b, mbody, 0, this.conjqm, 4 * b);
      for (let k = 0; k < 4; k++) this.conjqm[4 * b + k] *= 2.0;
      if (this.tstat || this.pstat) {
        const v = this.vcm,
          L = this.angmom,
          om = this.omega;
        this.akinT += this.masstotal[b] * (v[o] * v[o] + v[o + 1] * v[o + 1] + v[o + 2] * v[o + 2]);
        this.akinR += L[o] * om[o] + L[o + 1] * om[o + 1] + L[o + 2] * om[o + 2];
      }
    }
    const u = sim.system.units;
    if (this.tstat) this.computeTempTarget(sim);
    else if (this.pstat) {
      let t0 = this.computes.temperature(sim);
      if (t0 === 0.0) t0 = u.name === 'lj' ? 1.0 : 300.0;
      this.tTarget = t0;
    }
    if (this.pstat) this.currentPressure(sim);
    const kt = u.boltz * this.tTarget;
    if (this.tstat) {
      const tMass = kt / (this.tFreq * this.tFreq);
      this.qT[0] = this.nfT * tMass;
      this.qR[0] = this.nfR * tMass;
      for (let i = 1; i < this.nh.tChain; i++) this.qT[i] = this.qR[i] = tMass;
      for (let i = 1; i < this.nh.tChain; i++) {
        this.fEtaT[i] = (this.qT[i - 1] * this.etaDotT[i - 1] * this.etaDotT[i - 1] - kt) / this.qT[i];
        this.fEtaR[i] = (this.qR[i - 1] * this.etaDotR[i - 1] * this.etaDotR[i - 1] - kt) / this.qR[i];
      }
    }
    if (this.pstat) {
      const dim = 3;
      for (let i = 0; i < 3; i++)
        if (this.nh.pFlag[i]) {
          this.epsilonMass[i] = ((this.gF + dim) * kt) / (this.pFreq[i] * this.pFreq[i]);
          this.epsilon[i] = Math.log(this.vol0) / dim;
        }
      const tbMass = kt / (this.pFreqMax * this.pFreqMax);
      this.qB[0] = dim * dim * tbMass;
      for (let i = 1; i < this.nh.pChain; i++) {
        this.qB[i] = tbMass;
        this.fEtaB[i] = (this.qB[i] * this.etaDotB[i - 1] * this.etaDotB[i - 1] - kt) / this.qB[i];
      }
    }
    if (this.tstat || this.pstat)
      for (let i = 0; i < this.nh.tOrder; i++) {
        this.wdti1[i] = (this.w[i] * this.dtv) / this.nh.tIter;
        this.wdti2[i] = this.wdti1[i] / 2.0;
        this.wdti4[i] = this.wdti1[i] / 4.0;
      }
    if (this.pstat) {
      this.computePressTarget(sim);
      this.nhEpsilonDot(sim);
    }
  }

  override initialIntegrate(sim: Simulation): void {
    const { vcm, xcm, fcm, torque, fflag, tflag, dtf, dtv, dtq, conjqm, quat, tstat, pstat } = this;
    const dtf2 = dtf * 2.0;
    const tbody = this.t3;
    const fquat = this.q4;
    let scaleT0 = 1.0,
      scaleT1 = 1.0,
      scaleT2 = 1.0,
      scaleR = 1.0;
    let scaleV0 = 1.0,
      scaleV1 = 1.0,
      scaleV2 = 1.0;
    const ed = this.epsilonDot;
    if (tstat) {
      this.akinT = this.akinR = 0.0;
      const tmp = Math.exp(-dtq * this.etaDotT[0]);
      scaleT0 = scaleT1 = scaleT2 = tmp;
      scaleR = Math.exp(-dtq * this.etaDotR[0]);
    }
    if (pstat) {
      this.akinT = this.akinR = 0.0;
      scaleT0 *= Math.exp(-dtq * (ed[0] + this.mtkTerm2));
      scaleT1 *= Math.exp(-dtq * (ed[1] + this.mtkTerm2));
      scaleT2 *= Math.exp(-dtq * (ed[2] + this.mtkTerm2));
      scaleR *= Math.exp(-dtq * (this.pdim * this.mtkTerm2));
      let tmp = dtq * ed[0];
      scaleV0 = dtv * Math.exp(tmp) * maclaurin(tmp);
      tmp = dtq * ed[1];
      scaleV1 = dtv * Math.exp(tmp) * maclaurin(tmp);
      tmp = dtq * ed[2];
      scaleV2 = dtv * Math.exp(tmp) * maclaurin(tmp);
    }
    for (let b = 0; b < this.nbody; b++) {
      const o = 3 * b;
      const o4 = 4 * b;
      const dtfm = dtf / this.masstotal[b];
      for (let k = 0; k < 3; k++) vcm[o + k] += dtfm * fcm[o + k] * fflag[o + k];
      if (tstat || pstat) {
        vcm[o] *= scaleT0;
        vcm[o + 1] *= scaleT1;
        vcm[o + 2] *= scaleT2;
        const tmp = vcm[o] * vcm[o] + vcm[o + 1] * vcm[o + 1] + vcm[o + 2] * vcm[o + 2];
        this.akinT += this.masstotal[b] * tmp;
      }
      if (!pstat) for (let k = 0; k < 3; k++) xcm[o + k] += dtv * vcm[o + k];
      else {
        xcm[o] += scaleV0 * vcm[o];
        xcm[o + 1] += scaleV1 * vcm[o + 1];
        xcm[o + 2] += scaleV2 * vcm[o + 2];
      }
      for (let k = 0; k < 3; k++) torque[o + k] *= tflag[o + k];
      transposeMatvecCols(this.ex, this.ey, this.ez, o, torque, o, tbody, 0);
      quatvec(quat, o4, tbody, 0, fquat, 0);
      for (let k = 0; k < 4; k++) conjqm[o4 + k] += dtf2 * fquat[k];
      if (tstat || pstat) for (let k = 0; k < 4; k++) conjqm[o4 + k] *= scaleR;
      noSquishRotate(3, conjqm, quat, o4, this.inertia, o, dtq);
      noSquishRotate(2, conjqm, quat, o4, this.inertia, o, dtq);
      noSquishRotate(1, conjqm, quat, o4, this.inertia, o, dtv);
      noSquishRotate(2, conjqm, quat, o4, this.inertia, o, dtq);
      noSquishRotate(3, conjqm, quat, o4, this.inertia, o, dtq);
      qToExyz(quat, o4, this.ex, this.ey, this.ez, o);
      this.angmomFromConjqm(b);
      if (tstat || pstat) {
        const L = this.angmom,
          om = this.omega;
        this.akinR += L[o] * om[o] + L[o + 1] * om[o + 1] + L[o + 2] * om[o + 2];
      }
    }
    if (tstat) {
      this.computeTempTarget(sim);
      this.nhcTempIntegrate(sim);
    }
    if (pstat) this.nhcPressIntegrate(sim);
    this.virialReset();
    if (pstat) this.remap(sim);
    this.setXV(sim);
    if (pstat) this.remap(sim);
  }

  override finalIntegrate(sim: Simulation): void {
    const { vcm, fcm, torque, fflag, tflag, dtf, dtq, conjqm, quat, tstat, pstat } = this;
    const dtf2 = dtf * 2.0;
    const tbody = this.t3;
    const fquat = this.q4;
    const ed = this.epsilonDot;
    let scaleT0 = 1.0,
      scaleT1 = 1.0,
      scaleT2 = 1.0,
      scaleR = 1.0;
    if (tstat) {
      const tmp = Math.exp(-1.0 * dtq * this.etaDotT[0]);
      scaleT0 = scaleT1 = scaleT2 = tmp;
      scaleR = Math.exp(-1.0 * dtq * this.etaDotR[0]);
    }
    if (pstat) {
      scaleT0 *= Math.exp(-dtq * (ed[0] + this.mtkTerm2));
      scaleT1 *= Math.exp(-dtq * (ed[1] + this.mtkTerm2));
      scaleT2 *= Math.exp(-dtq * (ed[2] + this.mtkTerm2));
      scaleR *= Math.exp(-dtq * (this.pdim * this.mtkTerm2));
      this.akinT = this.akinR = 0.0;
    }
    if (!this.earlyflag) this.computeForcesAndTorques(sim);
    for (let b = 0; b < this.nbody; b++) {
      const o = 3 * b;
      const o4 = 4 * b;
      const dtfm = dtf / this.masstotal[b];
      if (tstat || pstat) {
        vcm[o] *= scaleT0;
        vcm[o + 1] *= scaleT1;
        vcm[o + 2] *= scaleT2;
      }
      for (let k = 0; k < 3; k++) vcm[o + k] += dtfm * fcm[o + k] * fflag[o + k];
      if (pstat) {
        const tmp = vcm[o] * vcm[o] + vcm[o + 1] * vcm[o + 1] + vcm[o + 2] * vcm[o + 2];
        this.akinT += this.masstotal[b] * tmp;
      }
      for (let k = 0; k < 3; k++) torque[o + k] *= tflag[o + k];
      transposeMatvecCols(this.ex, this.ey, this.ez, o, torque, o, tbody, 0);
      quatvec(quat, o4, tbody, 0, fquat, 0);
      if (tstat || pstat) for (let k = 0; k < 4; k++) conjqm[o4 + k] = scaleR * conjqm[o4 + k] + dtf2 * fquat[k];
      else for (let k = 0; k < 4; k++) conjqm[o4 + k] += dtf2 * fquat[k];
      this.angmomFromConjqm(b);
      if (pstat) {
        const L = this.angmom,
          om = this.omega;
        this.akinR += L[o] * om[o] + L[o + 1] * om[o + 1] + L[o + 2] * om[o + 2];
      }
    }
    this.setV(sim);
    if (pstat) {
      this.currentPressure(sim);
      this.computePressTarget(sim);
      this.nhEpsilonDot(sim);
    }
  }

  /**
   * Thermostat chain energy added to the bodies' temperature (LAMMPS FixRigidNH::compute_scalar):
   * kT (nf_t η_t[0] + nf_r η_r[0] + Σ η[i>0]) + ½ Σ Q η̇², and the barostat's ½ Σ W ε̇²/pdim + P V + chain.
   */
  override computeScalar(sim?: Simulation): number {
    let energy = super.computeScalar();
    if (!sim) return energy;
    const kt = sim.system.units.boltz * this.tTarget;
    if (this.tstat) {
      energy += kt * (this.nfT * this.etaT[0] + this.nfR * this.etaR[0]);
      for (let i = 1; i < this.nh.tChain; i++) energy += kt * (this.etaT[i] + this.etaR[i]);
      for (let i = 0; i < this.nh.tChain; i++) {
        energy += 0.5 * this.qT[i] * (this.etaDotT[i] * this.etaDotT[i]);
        energy += 0.5 * this.qR[i] * (this.etaDotR[i] * this.etaDotR[i]);
      }
    }
    if (this.pstat) {
      let e = 0.0;
      for (let i = 0; i < 3; i++)
        if (this.nh.pFlag[i]) e += this.epsilonMass[i] * this.epsilonDot[i] * this.epsilonDot[i];
      energy += e * (0.5 / this.pdim);
      const h = sim.system.box.h;
      const vol = h[0] * h[1] * h[2];
      const p0 = (this.pTarget[0] + this.pTarget[1] + this.pTarget[2]) / 3.0;
      energy += (p0 * vol) / sim.system.units.nktv2p;
      for (let i = 0; i < this.nh.pChain; i++) {
        energy += kt * this.etaB[i];
        energy += 0.5 * this.qB[i] * (this.etaDotB[i] * this.etaDotB[i]);
      }
    }
    return energy;
  }

  /** L = ½ P (q⁻¹ conjqm), then omega (LAMMPS: invquatvec, matvec, ×0.5, angmom_to_omega). */
  private angmomFromConjqm(b: number): void {
    const o = 3 * b;
    const mbody = this.t3;
    invquatvec(this.quat, 4 * b, this.conjqm, 4 * b, mbody, 0);
    matvecCols(this.ex, this.ey, this.ez, o, mbody, 0, this.angmom, o);
    for (let k = 0; k < 3; k++) this.angmom[o + k] *= 0.5;
    angmomToOmega(this.angmom, this.ex, this.ey, this.ez, this.inertia, o, this.omega);
  }

  private ramp(sim: Simulation): number {
    let delta = sim.step - sim.beginStep;
    if (delta !== 0.0) delta /= sim.endStep - sim.beginStep;
    return delta;
  }

  private computeTempTarget(sim: Simulation): void {
    this.tTarget = this.nh.tStart + this.ramp(sim) * (this.nh.tStop - this.nh.tStart);
  }

  private computePressTarget(sim: Simulation): void {
    const delta = this.ramp(sim);
    this.pHydro = 0.0;
    for (let i = 0; i < 3; i++)
      if (this.nh.pFlag[i]) {
        this.pTarget[i] = this.nh.pStart[i] + delta * (this.nh.pStop[i] - this.nh.pStart[i]);
        this.pHydro += this.pTarget[i];
      }
    this.pHydro /= this.pdim;
  }

  /**
   * The fix's compute temp/pressure on group all (LAMMPS ID_temp, ID_press) and couple(): the
   * pressure's virial is the forces' (pair, bonded, earlier fixes) plus this fix's constraint virial,
   * summed in LAMMPS's order.
   */
  private currentPressure(sim: Simulation): void {
    const c = this.computes;
    const u = sim.system.units;
    const h = sim.system.box.h;
    const W = this.wsum;
    for (let k = 0; k < 6; k++) W[k] = sim.virial[k] + this.virial[k];
    const invVolume = 1.0 / (h[0] * h[1] * h[2]);
    const pc = this.pCurrent;
    if (this.nh.pstyle === 'iso') {
      const t = c.temperature(sim);
      const p = ((c.dof * u.boltz * t + W[0] + W[1] + W[2]) / 3.0) * invVolume * u.nktv2p;
      pc[0] = pc[1] = pc[2] = p;
      return;
    }
    c.temperatureVector(sim);
    const ke = c.keTensor;
    const t = [0, 1, 2].map((i) => (ke[i] + W[i]) * invVolume * u.nktv2p);
    const couple = this.nh.pcouple;
    if (couple === 'xyz') {
      const ave = (1.0 / 3.0) * (t[0] + t[1] + t[2]);
      pc[0] = pc[1] = pc[2] = ave;
    } else if (couple === 'xy') {
      const ave = 0.5 * (t[0] + t[1]);
      pc[0] = pc[1] = ave;
      pc[2] = t[2];
    } else if (couple === 'yz') {
      const ave = 0.5 * (t[1] + t[2]);
      pc[1] = pc[2] = ave;
      pc[0] = t[0];
    } else if (couple === 'xz') {
      const ave = 0.5 * (t[0] + t[2]);
      pc[0] = pc[2] = ave;
      pc[1] = t[1];
    } else {
      pc[0] = t[0];
      pc[1] = t[1];
      pc[2] = t[2];
    }
  }

  /** LAMMPS FixRigidNH::nh_epsilon_dot: barostat velocities from the pressure and the MTK terms. */
  private nhEpsilonDot(sim: Simulation): void {
    const h = sim.system.box.h;
    const u = sim.system.units;
    const volume = h[0] * h[1] * h[2];
    this.mtkTerm1 = ((this.akinT + this.akinR) * u.mvv2e) / this.gF;
    const scale = Math.exp(-1.0 * this.dtq * this.etaDotB[0]);
    for (let i = 0; i < 3; i++)
      if (this.nh.pFlag[i]) {
        let fEpsilon = ((this.pCurrent[i] - this.pHydro) * volume) / u.nktv2p + this.mtkTerm1;
        fEpsilon /= this.epsilonMass[i];
        this.epsilonDot[i] += this.dtq * fEpsilon;
        this.epsilonDot[i] *= scale;
      }
    this.mtkTerm2 = 0.0;
    for (let i = 0; i < 3; i++) if (this.nh.pFlag[i]) this.mtkTerm2 += this.epsilonDot[i];
    this.mtkTerm2 /= this.gF;
  }

  /** LAMMPS FixRigidNH::nhc_temp_integrate: the translational and rotational chains. */
  private nhcTempIntegrate(sim: Simulation): void {
    const u = sim.system.units;
    const tc = this.nh.tChain;
    const kt = u.boltz * this.tTarget;
    const tMass = (u.boltz * this.tTarget) / (this.tFreq * this.tFreq);
    const { qT, qR, fEtaT, fEtaR } = this;
    qT[0] = this.nfT * tMass;
    qR[0] = this.nfR * tMass;
    for (let i = 1; i < tc; i++) qT[i] = qR[i] = tMass;
    fEtaT[0] = (this.akinT * u.mvv2e - this.nfT * kt) / qT[0];
    fEtaR[0] = (this.akinR * u.mvv2e - this.nfR * kt) / qR[0];
    // the two chains do not interact: one after the other gives LAMMPS's interleaved numbers
    const { wdti1, wdti2, wdti4 } = this;
    const { tIter, tOrder } = this.nh;
    nhChainIntegrate(this.etaT, this.etaDotT, fEtaT, qT, kt, wdti1, wdti2, wdti4, tIter, tOrder, 1.0);
    nhChainIntegrate(this.etaR, this.etaDotR, fEtaR, qR, kt, wdti1, wdti2, wdti4, tIter, tOrder, 1.0);
  }

  /** LAMMPS FixRigidNH::nhc_press_integrate: the chain on the barostat. */
  private nhcPressIntegrate(sim: Simulation): void {
    const u = sim.system.units;
    const pc = this.nh.pChain;
    const kt = u.boltz * this.tTarget;
    const lktPress = kt;
    const { qB, etaB, etaDotB, fEtaB, wdti1, wdti2, wdti4, epsilonMass, epsilonDot } = this;
    const tbMass = kt / (this.pFreqMax * this.pFreqMax);
    qB[0] = 3 * 3 * tbMass;
    for (let i = 1; i < pc; i++) {
      qB[i] = tbMass;
      fEtaB[i] = qB[i - 1] * etaDotB[i - 1] * etaDotB[i - 1] - kt;
      fEtaB[i] /= qB[i];
    }
    let kecurrent = 0.0;
    for (let i = 0; i < 3; i++)
      if (this.nh.pFlag[i]) {
        epsilonMass[i] = ((this.gF + 3) * kt) / (this.pFreq[i] * this.pFreq[i]);
        kecurrent += epsilonMass[i] * epsilonDot[i] * epsilonDot[i];
      }
    kecurrent /= this.pdim;
    fEtaB[0] = (kecurrent - lktPress) / qB[0];
    nhChainIntegrate(etaB, etaDotB, fEtaB, qB, kt, wdti1, wdti2, wdti4, this.nh.tIter, this.nh.tOrder, 0.5);
  }

  /**
   * LAMMPS FixRigidNH::remap: half a step of box dilation exp(dt/2 ε̇) about the box centre, the
   * atoms (all or the dilate group) and every rigid body's xcm carried along in fractional coordinates.
   */
  private remap(sim: Simulation): void {
    const s = sim.system;
    const box = s.box;
    const x = s.x;
    const mask = s.mask;
    const bit = this.dilateBit;
    for (let i = 0; i < 3; i++) this.epsilon[i] += this.dtq * this.epsilonDot[i];
    for (let i = 0; i < s.n; i++) if (mask[i] & bit) box.toLamda(x, 3 * i, x, 3 * i);
    const rigid = sim.fixes.filter((f): f is FixRigid => f instanceof FixRigid);
    for (const f of rigid) f.deform(sim, 0);
    for (let i = 0; i < 3; i++)
      if (this.nh.pFlag[i]) {
        const oldlo = box.lo[i];
        const oldhi = box.hi[i];
        const ctr = 0.5 * (oldlo + oldhi);
        const expfac = Math.exp(this.dtq * this.epsilonDot[i]);
        box.lo[i] = (oldlo - ctr) * expfac + ctr;
        box.hi[i] = (oldhi - ctr) * expfac + ctr;
      }
    box.update();
    for (let i = 0; i < s.n; i++) if (mask[i] & bit) box.fromLamda(x, 3 * i, x, 3 * i);
    for (const f of rigid) f.deform(sim, 1);
  }
}

export function createFixRigidNVE(id: string, group: string, args: string[], sim: Simulation): Fix {
  return parseFixRigid(
    group,
    args,
    sim,
    'rigid/nve',
    (body, nbody, opts) => new FixRigidNH(id, 'rigid/nve', body, nbody, opts),
  );
}

export function createFixRigidNVT(id: string, group: string, args: string[], sim: Simulation): Fix {
  return parseFixRigid(
    group,
    args,
    sim,
    'rigid/nvt',
    (body, nbody, opts) => new FixRigidNH(id, 'rigid/nvt', body, nbody, opts),
  );
}

export function createFixRigidNPT(id: string, group: string, args: string[], sim: Simulation): Fix {
  return parseFixRigid(
    group,
    args,
    sim,
    'rigid/npt',
    (body, nbody, opts) => new FixRigidNH(id, 'rigid/npt', body, nbody, opts),
  );
}

export function createFixRigidNPH(id: string, group: string, args: string[], sim: Simulation): Fix {
  return parseFixRigid(
    group,
    args,
    sim,
    'rigid/nph',
    (body, nbody, opts) => new FixRigidNH(id, 'rigid/nph', body, nbody, opts),
  );
}
