import { Args } from '../src/args.js';
import { fixEnergy } from '../src/fix_contributions.js';
import type { Simulation } from '../src/simulation.js';
import type { Fix } from './fix.js';
import { NHComputes } from './fix_nh_computes.js';
import { groupBitOf } from './group.js';

/**
 * fix ID group msst x|y|z shockvel [q Q] [mu MU] [p0 P0] [v0 V0] [e0 E0] [tscale T] [beta B]:
 * the Multi-Scale Shock Technique of Reed, Fried & Joannopoulos, PRL 90, 235503 (2003), as LAMMPS
 * FixMSST (SHOCK package, 29 Sep 2021), without the DFTB+ coupling (`dftb yes` is refused).
 *
 * The box length along the shock direction follows a Lagrangian with "cell mass" Q: the volume
 * rate ω obeys  Q/M ω̇ = P_d − p0 − P_msst − μ' ω  (M total mass, P_d the pressure component along
 * the shock, P_msst = u_s² M (v0 − V)/v0² the Rayleigh-line pressure, μ an artificial viscosity),
 * integrated for half steps exactly in the linear-in-ω form (Taylor form when μ M/(Q V) dt/2 ≤
 * 1e-6). Atom velocities get the matching half-step propagator dv/dt = C + D v with C = f/m and
 * D = μ ω²/(Σv² m V) (− 2ω/V along the shock), done twice to use the mid-step Σv². The box and all
 * atoms are dilated about the box centre in two half steps around the position update, and the
 * velocities along the shock scale with the box. At setup a fraction tscale of the kinetic energy
 * moves into the cell motion (ω = −sqrt(tscale M/Q KE), v ← v sqrt(1 − tscale)). p0, v0, e0 (the
 * reference state) default to the values at the first setup.
 *
 * f_ID (extensive, the ecouple energy): Q ω²/(2M) − ½ M u_s² (1 − V/v0)² − p0 (v0 − V);
 * f_ID[1..4]: the distance from the Hugoniot (temperature units), from the Rayleigh line
 * (pressure units), the Lagrangian speed u_s (1 − V/v0) and the Lagrangian position of the cell.
 */
export class FixMSST implements Fix {
  readonly style = 'msst';
  readonly changesBox = true;
  readonly needsVirial = true;
  readonly extensive = true;
  readonly vectorLength = 4;
  group: string;
  qmass = 10.0;
  mu = 0.0;
  p0 = 0.0;
  v0 = 1.0;
  e0 = 0.0;
  p0Set = false;
  v0Set = false;
  e0Set = false;
  tscale = 0.01;
  beta = 0.0;
  private readonly omega = new Float64Array(3);
  private readonly pCurrent = new Float64Array(3);
  private readonly dilation = Float64Array.of(1, 1, 1);
  private readonly c = new NHComputes();
  private oldVelocity = new Float64Array(0);
  private velocitySum = 0;
  private lagrangianPosition = 0;
  private totalMass = 0;
  private dtv = 0;
  private dthalf = 0;
  private boltz = 1;
  private nktv2p = 1;
  private mvv2e = 1;
  private ftm2v = 1;

  constructor(
    readonly id: string,
    group: string,
    private readonly groupBit: number,
    readonly direction: number,
    readonly velocity: number,
  ) {
    this.group = group;
  }

  init(sim: Simulation): void {
    if (sim.system.dimension !== 3) throw new Error('fix msst: a 2d simulation is not supported by dpmd yet');
    const u = sim.system.units;
    this.dtv = sim.dt;
    this.dthalf = 0.5 * sim.dt;
    this.boltz = u.boltz;
    this.nktv2p = u.nktv2p;
    this.mvv2e = u.mvv2e;
    this.ftm2v = u.ftm2v;
    const s = sim.system;
    let mass = 0.0;
    for (let i = 0; i < s.n; i++) mass += s.mass[s.type[i]];
    this.totalMass = mass;
    // The fix's compute temp is on group all, as its pressure is global.
    this.c.groupBit = 1;
  }

  setup(sim: Simulation): void {
    this.lagrangianPosition = 0.0;
    this.pressureNow(sim);
    this.velocitySum = this.computeVsum(sim);
    const out = sim.out;
    const g8 = (v: number) => Number(v.toPrecision(8)).toString();
    if (!this.v0Set) {
      this.v0 = this.computeVol(sim);
      this.v0Set = true;
      out.print(`Fix MSST v0 = ${g8(this.v0)}`);
    }
    if (!this.p0Set) {
      this.p0 = this.pCurrent[this.direction];
      this.p0Set = true;
      out.print(`Fix MSST p0 = ${g8(this.p0)}`);
    }
    if (!this.e0Set) {
      this.e0 = this.computeEtotal(sim);
      this.e0Set = true;
      out.print(`Fix MSST e0 = ${g8(this.e0)}`);
    }
    this.c.temperatureVector(sim);
    const ke = this.c.keTensor;
    const keTemp = ke[0] + ke[1] + ke[2];
    if (keTemp > 0.0 && this.tscale > 0.0) {
      // Move a fraction tscale of the kinetic energy into the cell motion to start the compression.
      const s = sim.system,
        v = s.v,
        mask = s.mask;
      const sqrtScaling = Math.sqrt(1.0 - this.tscale);
      const fac1 = (((this.tscale * this.totalMass) / this.qmass) * keTemp) / this.mvv2e;
      this.omega[this.direction] = -1 * Math.sqrt(fac1);
      const fac2 = this.omega[this.direction] / this.v0;
      if (this.tscale !== 1.0)
        out.print(
          `Fix MSST initial strain rate of ${g8(fac2)} established by reducing temperature by factor of ${g8(this.tscale)}`,
        );
      for (let i = 0; i < s.n; i++) {
        if (!(mask[i] & this.groupBit)) continue;
        for (let k = 0; k < 3; k++) v[3 * i + k] *= sqrtScaling;
      }
    }
  }

  initialIntegrate(sim: Simulation): void {
    const s = sim.system,
      n = s.n,
      v = s.v,
      x = s.x,
      mask = s.mask,
      bit = this.groupBit;
    const sd = this.direction;
    if (this.oldVelocity.length < 3 * n) this.oldVelocity = new Float64Array(3 * n);
    const old = this.oldVelocity;
    this.pressureNow(sim);
    const vol = this.computeVol(sim);
    this.omegaHalfStep(vol);
    this.velocitySum = this.computeVsum(sim);
    // Propagate the velocities half a step to get the mid-step velocity sum, then start again.
    for (let i = 0; i < n; i++) {
      if (!(mask[i] & bit)) continue;
      for (let k = 0; k < 3; k++) old[3 * i + k] = v[3 * i + k];
    }
    this.velocityHalfStep(sim, vol);
    this.velocitySum = this.computeVsum(sim);
    for (let i = 0; i < n; i++) {
      if (!(mask[i] & bit)) continue;
      for (let k = 0; k < 3; k++) v[3 * i + k] = old[3 * i + k];
    }
    this.velocityHalfStep(sim, vol);
    const vol1 = vol + this.omega[sd] * this.dthalf;
    this.dilation[sd] = vol1 / vol;
    this.remap(sim);
    const dtv = this.dtv;
    for (let i = 0; i < n; i++) {
      if (!(mask[i] & bit)) continue;
      x[3 * i] += dtv * v[3 * i];
      x[3 * i + 1] += dtv * v[3 * i + 1];
      x[3 * i + 2] += dtv * v[3 * i + 2];
    }
    const vol2 = vol1 + this.omega[sd] * this.dthalf;
    this.dilation[sd] = vol2 / vol1;
    this.remap(sim);
  }

  finalIntegrate(sim: Simulation): void {
    let vol = this.computeVol(sim);
    this.velocityHalfStep(sim, vol);
    this.pressureNow(sim);
    this.velocitySum = this.computeVsum(sim);
    vol = this.computeVol(sim);
    this.omegaHalfStep(vol);
    this.lagrangianPosition -= ((this.velocity * vol) / this.v0) * sim.dt;
  }

  /** Half step of the volume rate at fixed V, r, v (exact for the linear ODE; Taylor near B = 0). */
  private omegaHalfStep(vol: number): void {
    const sd = this.direction,
      om = this.omega,
      dthalf = this.dthalf;
    const pMsst =
      (this.nktv2p * this.mvv2e * this.velocity * this.velocity * this.totalMass * (this.v0 - vol)) /
      (this.v0 * this.v0);
    let A = (this.totalMass * (this.pCurrent[sd] - this.p0 - pMsst)) / (this.qmass * this.nktv2p * this.mvv2e);
    const B = (this.totalMass * this.mu) / (this.qmass * vol);
    // Prevent blow-up of the volume.
    if (vol > this.v0 && A > 0.0) A = -A;
    if (B * dthalf > 1.0e-6) {
      om[sd] = (om[sd] + (A * (Math.exp(B * dthalf) - 1.0)) / B) * Math.exp(-B * dthalf);
    } else {
      om[sd] = om[sd] + (A - B * om[sd]) * dthalf + 0.5 * (B * B * om[sd] - A * B) * dthalf * dthalf;
    }
  }

  /** Half step of the group's velocities, dv/dt = C + D v (LAMMPS's propagator and its Taylor form). */
  private velocityHalfStep(sim: Simulation, vol: number): void {
    const s = sim.system,
      n = s.n,
      v = s.v,
      f = s.f,
      mask = s.mask,
      mass = s.mass,
      type = s.type,
      bit = this.groupBit;
    const sd = this.direction,
      om = this.omega[sd],
      dthalf = this.dthalf,
      mu = this.mu,
      vsum = this.velocitySum;
    for (let i = 0; i < n; i++) {
      if (!(mask[i] & bit)) continue;
      const m = mass[type[i]];
      for (let k = 0; k < 3; k++) {
        const j = 3 * i + k;
        const C = (f[j] * this.ftm2v) / m;
        let D = (mu * om * om) / (vsum * m * vol);
        if (k === sd) D -= (2.0 * om) / vol;
        if (Math.abs(dthalf * D) > 1.0e-6) {
          const expd = Math.exp(D * dthalf);
          v[j] = (expd * (C + D * v[j] - C / expd)) / D;
        } else {
          v[j] = v[j] + (C + D * v[j]) * dthalf + 0.5 * (D * D * v[j] + C * D) * dthalf * dthalf;
        }
      }
    }
  }

  /** Dilate the box along the shock about its centre, all atoms with it; scale their velocity there. */
  private remap(sim: Simulation): void {
    const s = sim.system,
      b = s.box,
      x = s.x,
      v = s.v,
      n = s.n;
    const d = this.direction;
    for (let i = 0; i < n; i++) b.toLamda(x, 3 * i, x, 3 * i);
    const oldlo = b.lo[d],
      oldhi = b.hi[d];
    const ctr = 0.5 * (oldlo + oldhi);
    b.lo[d] = (oldlo - ctr) * this.dilation[d] + ctr;
    b.hi[d] = (oldhi - ctr) * this.dilation[d] + ctr;
    b.update();
    for (let i = 0; i < n; i++) b.fromLamda(x, 3 * i, x, 3 * i);
    for (let i = 0; i < n; i++) v[3 * i + d] = v[3 * i + d] * this.dilation[d];
  }

  /** Fresh ke tensor, pressure tensor and p_current (LAMMPS temperature/pressure compute_vector + couple). */
  private pressureNow(sim: Simulation): void {
    this.c.temperatureVector(sim);
    this.c.pressureVector(sim);
    const t = this.c.pTensor;
    this.pCurrent[0] = t[0];
    this.pCurrent[1] = t[1];
    this.pCurrent[2] = t[2];
  }

  private computeVol(sim: Simulation): number {
    const h = sim.system.box.h;
    return h[0] * h[1] * h[2];
  }

  /** Σ v² over the group (velocity² units). */
  private computeVsum(sim: Simulation): number {
    const s = sim.system,
      v = s.v,
      mask = s.mask;
    let t = 0.0;
    for (let i = 0; i < s.n; i++) {
      if (mask[i] & this.groupBit) t += v[3 * i] * v[3 * i] + v[3 * i + 1] * v[3 * i + 1] + v[3 * i + 2] * v[3 * i + 2];
    }
    return t;
  }

  /** pe + ke (temperature compute: T dof k_B / 2), energy units. */
  private computeEtotal(sim: Simulation): number {
    const epot = sim.pe + fixEnergy(sim);
    let ekin = this.c.temperature(sim);
    ekin *= 0.5 * this.c.dof * this.boltz;
    return epot + ekin;
  }

  /** f_ID and this fix's ecouple: the cell's kinetic energy minus the Rayleigh-line work (energy units). */
  energyCouple(sim: Simulation): number {
    this.pressureNow(sim);
    const volume = this.computeVol(sim);
    const i = this.direction;
    let energy = ((this.qmass * this.omega[i] * this.omega[i]) / (2.0 * this.totalMass)) * this.mvv2e;
    energy -=
      0.5 *
      this.totalMass *
      this.velocity *
      this.velocity *
      (1.0 - volume / this.v0) *
      (1.0 - volume / this.v0) *
      this.mvv2e;
    energy -= (this.p0 * (this.v0 - volume)) / this.nktv2p;
    return energy;
  }

  computeScalar(sim: Simulation): number {
    return this.energyCouple(sim);
  }

  /** f_ID[1..4]: Hugoniot and Rayleigh distances, Lagrangian speed and position. */
  computeVector(sim: Simulation, n: number): number {
    const sd = this.direction;
    if (n === 0) {
      const e = this.computeEtotal(sim);
      this.pressureNow(sim);
      const p = this.c.pTensor[sd];
      const v = this.computeVol(sim);
      let dhugo = (0.5 * (p + this.p0) * (this.v0 - v)) / this.nktv2p + this.e0 - e;
      dhugo /= this.c.dof * this.boltz;
      return dhugo;
    }
    if (n === 1) {
      this.pressureNow(sim);
      const p = this.c.pTensor[sd];
      const v = this.computeVol(sim);
      return (
        p -
        this.p0 -
        (this.totalMass * this.velocity * this.velocity * this.mvv2e * (1.0 - v / this.v0) * this.nktv2p) / this.v0
      );
    }
    if (n === 2) return this.velocity * (1.0 - this.computeVol(sim) / this.v0);
    if (n === 3) return this.lagrangianPosition;
    return 0.0;
  }

  /** The vector is intensive (LAMMPS extvector 0). */
  extensiveElement(): boolean {
    return false;
  }
}

/** Parse `fix ID group msst dir shockvel keyword value ...` (LAMMPS FixMSST constructor). */
export function createFixMSST(id: string, group: string, args: string[], sim: Simulation): Fix {
  const bit = groupBitOf(sim, group);
  const a = new Args('fix msst', args);
  a.need(2, 'x|y|z shockvel [keyword value ...]');
  const dir = a.oneOf('direction', ['x', 'y', 'z'] as const);
  const velocity = a.num('shockvel', { ge: 0 });
  const fix = new FixMSST(id, group, bit, ['x', 'y', 'z'].indexOf(dir), velocity);
  while (a.more()) {
    const kw = a.word('keyword');
    if (kw === 'q') fix.qmass = a.num('q');
    else if (kw === 'mu') fix.mu = a.num('mu');
    else if (kw === 'p0') {
      fix.p0 = a.num('p0');
      fix.p0Set = true;
    } else if (kw === 'v0') {
      fix.v0 = a.num('v0');
      fix.v0Set = true;
    } else if (kw === 'e0') {
      fix.e0 = a.num('e0');
      fix.e0Set = true;
    } else if (kw === 'tscale') {
      fix.tscale = a.num('tscale');
      if (fix.tscale < 0.0 || fix.tscale > 1.0) a.fail('tscale must satisfy 0 <= tscale < 1');
    } else if (kw === 'beta') {
      fix.beta = a.num('beta');
      if (fix.beta < 0.0 || fix.beta > 1.0) a.fail('beta must be in [0, 1]');
    } else if (kw === 'dftb') {
      const w = a.word('dftb');
      if (w === 'yes') a.fail('dftb yes (coupling to DFTB+ through fix external) is not supported by dpmd');
      else if (w !== 'no') a.fail(`dftb takes yes or no, got '${w}'`);
    } else a.fail(`unknown keyword '${kw}'`);
  }
  const b = sim.system.box;
  if (!b.periodic.every((p) => p)) throw new Error('Fix msst requires a periodic box');
  const out = sim.out;
  const g8 = (v: number) => Number(v.toPrecision(8)).toString();
  out.print('MSST parameters:');
  out.print(`  Shock in ${dir} direction`);
  out.print(`  Cell mass-like parameter qmass (units of mass^2/length^4) = ${g8(fix.qmass)}`);
  out.print(`  Shock velocity = ${g8(velocity)}`);
  out.print(`  Artificial viscosity (units of mass/length/time) = ${g8(fix.mu)}`);
  out.print(
    fix.p0Set ? `  Initial pressure specified to be ${g8(fix.p0)}` : '  Initial pressure calculated on first step',
  );
  out.print(fix.v0Set ? `  Initial volume specified to be ${g8(fix.v0)}` : '  Initial volume calculated on first step');
  out.print(fix.e0Set ? `  Initial energy specified to be ${g8(fix.e0)}` : '  Initial energy calculated on first step');
  return fix;
}
