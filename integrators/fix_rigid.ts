import { RanMars } from '../src/random_mars.js';
import type { Simulation } from '../src/simulation.js';
import type { Fix } from './fix.js';
import { parseFixRigid, type RigidOptions } from './rigid_bodies.js';
import { RigidBodySet } from './rigid_body_set.js';
import { angmomToOmega, matvecCols, mqToOmegaBody, qToExyz, richardson, transposeMatvecCols } from './rigid_math.js';

/**
 * fix ID group rigid BODYSTYLE ... (LAMMPS FixRigid, RIGID package): sets of atoms move as rigid
 * bodies. Each body keeps its centre of mass xcm, velocity vcm, principal moments `inertia`
 * (Jacobi diagonalisation of the inertia tensor), principal axes ex/ey/ez as a quaternion, angular
 * momentum and omega; every atom keeps its displacement from xcm in the body frame. A step:
 * initial_integrate half-kicks vcm and angmom with the body force and torque, drifts xcm, and
 * turns the quaternion a full step by Richardson iteration; set_xv places the atoms
 * x = P·displace + xcm (mapped back into the box through the image flags relative to the body) with
 * v = vcm + ω × (x − xcm). final_integrate sums force and torque over the atoms (LAMMPS
 * compute_forces_and_torques, or in post_force with `fix_modify ID bodyforces early`), half-kicks
 * again and sets v (set_v). rigid/nve, nvt, npt, nph (fix_rigid_nh.ts) rotate with NO_SQUISH.
 *
 * The constraint forces enter the pressure as LAMMPS tallies them: per atom
 * f_c = m Δv / dtf − f, virial ½ x_unwrapped ⊗ f_c from set_xv and again from set_v (setup: twice the
 * set_v part), on by default (`fix_modify ID virial`); the fix adds it after final_integrate
 * (`virialAfterFinal`). Temperature computes lose 3N − 6 dof per body wholly in their group (3N − 5
 * for a linear body). Bodies are rebuilt from the atoms at every run (`reinit yes`, the default).
 * f_ID is the bodies' temperature (translational + rotational, LAMMPS compute_scalar).
 */
export class FixRigid extends RigidBodySet implements Fix {
  readonly virialGlobal = true;
  thermoVirial = true;
  readonly virialAfterFinal = true;
  readonly extensive: boolean = false;
  group?: string;
  protected earlyflag = false;
  private readonly reinit: boolean;
  private setupflag = false;
  private dofWarned = false;
  /** dof removed per temperature group bit, counted once per run (cleared in init). */
  private readonly dofCache = new Map<number, number>();
  private nlinear = 0;
  private tfactor = 0;
  protected dtv = 0;
  protected dtf = 0;
  protected dtq = 0;
  /** Langevin force and torque of each body (6 per body, LAMMPS langextra), zero without the keyword. */
  protected readonly langextra: Float64Array;
  private readonly langevin: {
    tStart: number;
    tStop: number;
    tPeriod: number;
    random: RanMars;
  } | null = null;
  /** Σ over atoms of ½ x ⊗ f_c this step (xx yy zz xy xz yz), energy units. */
  protected readonly virial = new Float64Array(6);

  constructor(
    readonly id: string,
    readonly style: string,
    body: Int32Array,
    nbody: number,
    opts: RigidOptions,
  ) {
    super(body, nbody, opts.fflag, opts.tflag);
    this.reinit = opts.reinit;
    this.langextra = new Float64Array(6 * nbody);
    const lg = opts.langevin;
    if (lg) this.langevin = { ...lg, random: new RanMars(lg.seed + 0) };
  }

  /** fix_modify ID bodyforces early|late (LAMMPS modify_param). */
  modifyParam(key: string, value: string, _sim?: Simulation): boolean {
    if (key !== 'bodyforces') return false;
    if (value === 'early') this.earlyflag = true;
    else if (value === 'late') this.earlyflag = false;
    else throw new Error(`Illegal fix_modify command: bodyforces expects early or late, got '${value}'`);
    return true;
  }

  init(sim: Simulation): void {
    const s = sim.system;
    if (s.n !== this.body.length)
      throw new Error(`Fix ${this.style} ${this.id}: atoms were added or deleted after the fix was defined`);
    if (sim.fixes.filter((f) => f instanceof FixRigid).length > 1) sim.out.warn('More than one fix rigid');
    // LAMMPS adds the constraint forces' per-atom virial to compute stress/atom; not tallied here
    if (sim.computes.some((c) => c.style === 'stress/atom'))
      throw new Error(`compute stress/atom with fix ${this.style}: the bodies' per-atom virial is not supported yet`);
    this.dtv = sim.dt;
    this.dtf = 0.5 * sim.dt * s.units.ftm2v;
    this.dtq = 0.5 * sim.dt;
    this.dofCache.clear();
    if (this.reinit || !this.setupflag) {
      this.setupBodiesStatic(sim);
      this.setupBodiesDynamic(sim);
      this.setupflag = true;
    }
    let ndof = 0;
    for (let b = 0; b < this.nbody; b++)
      for (let k = 0; k < 3; k++) ndof += this.fflag[3 * b + k] + this.tflag[3 * b + k];
    ndof -= this.nlinear;
    this.tfactor = ndof > 0 ? s.units.mvv2e / (ndof * s.units.boltz) : 0;
  }

  /** LAMMPS setup(): body force and torque, omega from angmom, atom velocities, virial 2x set_v's. */
  setup(sim: Simulation): void {
    this.bodySums(sim, false);
    this.langextra.fill(0);
    const { fcm, torque, sum } = this;
    for (let b = 0; b < this.nbody; b++)
      for (let k = 0; k < 3; k++) {
        fcm[3 * b + k] = sum[6 * b + k];
        torque[3 * b + k] = sum[6 * b + 3 + k];
      }
    this.virial.fill(0);
    for (let b = 0; b < this.nbody; b++)
      angmomToOmega(this.angmom, this.ex, this.ey, this.ez, this.inertia, 3 * b, this.omega);
    this.setV(sim);
    for (let k = 0; k < 6; k++) this.virial[k] *= 2.0;
  }

  initialIntegrate(sim: Simulation): void {
    const { vcm, xcm, fcm, angmom, torque, fflag, tflag, dtf, dtv } = this;
    for (let b = 0; b < this.nbody; b++) {
      const o = 3 * b;
      const dtfm = dtf / this.masstotal[b];
      for (let k = 0; k < 3; k++) vcm[o + k] += dtfm * fcm[o + k] * fflag[o + k];
      for (let k = 0; k < 3; k++) xcm[o + k] += dtv * vcm[o + k];
      for (let k = 0; k < 3; k++) angmom[o + k] += dtf * torque[o + k] * tflag[o + k];
      angmomToOmega(angmom, this.ex, this.ey, this.ez, this.inertia, o, this.omega);
      richardson(this.quat, 4 * b, angmom, this.omega, this.inertia, o, this.dtq);
      qToExyz(this.quat, 4 * b, this.ex, this.ey, this.ez, o);
    }
    this.virial.fill(0);
    this.setXV(sim);
  }

  postForce(sim: Simulation): void {
    if (this.langevin) this.applyLangevin(sim);
    if (this.earlyflag) this.computeForcesAndTorques(sim);
  }

  finalIntegrate(sim: Simulation): void {
    if (!this.earlyflag) this.computeForcesAndTorques(sim);
    const { vcm, fcm, angmom, torque, fflag, tflag, dtf } = this;
    for (let b = 0; b < this.nbody; b++) {
      const o = 3 * b;
      const dtfm = dtf / this.masstotal[b];
      for (let k = 0; k < 3; k++) vcm[o + k] += dtfm * fcm[o + k] * fflag[o + k];
      for (let k = 0; k < 3; k++) angmom[o + k] += dtf * torque[o + k] * tflag[o + k];
      angmomToOmega(angmom, this.ex, this.ey, this.ez, this.inertia, o, this.omega);
    }
    this.setV(sim);
  }

  /**
   * LAMMPS pre_neighbor, done here before the atoms are wrapped (the same steps): map each xcm
   * back into the box, counting the crossings in imagebody. Atom flags relative to the body are
   * read as image − imagebody where needed, so wrapping the atoms keeps them consistent.
   */
  preExchange(sim: Simulation): void {
    this.remapBodies(sim);
  }

  /**
   * Carry the centres of mass through a box change (LAMMPS FixRigid::deform): flag 0 maps xcm to
   * fractional coordinates of the old box, flag 1 back to Cartesian in the new one.
   */
  deform(sim: Simulation, flag: 0 | 1): void {
    const box = sim.system.box;
    for (let b = 0; b < this.nbody; b++) {
      if (flag === 0) box.toLamda(this.xcm, 3 * b, this.xcm, 3 * b);
      else box.fromLamda(this.xcm, 3 * b, this.xcm, 3 * b);
    }
  }

  protected virialReset(): void {
    this.virial.fill(0);
  }

  virial6(): Float64Array {
    return this.virial;
  }

  /** Temperature of the bodies (LAMMPS FixRigid::compute_scalar): Σ M vcm² + Σ I w_body², times tfactor. */
  computeScalar(): number {
    const { masstotal, vcm, fflag, tflag, inertia } = this;
    const mat = this.scratch.subarray(0, 9);
    const wb = this.scratch.subarray(9, 12);
    let t = 0.0;
    for (let b = 0; b < this.nbody; b++) {
      const o = 3 * b;
      t +=
        masstotal[b] *
        (fflag[o] * vcm[o] * vcm[o] + fflag[o + 1] * vcm[o + 1] * vcm[o + 1] + fflag[o + 2] * vcm[o + 2] * vcm[o + 2]);
      mqToOmegaBody(this.angmom, o, this.quat, 4 * b, inertia, o, mat, wb);
      t +=
        tflag[o] * inertia[o] * wb[0] * wb[0] +
        tflag[o + 1] * inertia[o + 1] * wb[1] * wb[1] +
        tflag[o + 2] * inertia[o + 2] * wb[2] * wb[2];
    }
    return t * this.tfactor;
  }

  /** Dof removed from a temperature group (LAMMPS FixRigid::dof): 3N − 6 per body wholly in it, −5 if linear. */
  dofRemoved(sim: Simulation, groupBit: number): number {
    if (!this.setupflag) {
      if (!this.dofWarned) sim.out.warn('Cannot count rigid body degrees-of-freedom before bodies are initialized');
      this.dofWarned = true;
      return 0;
    }
    // membership and moments are fixed within a run: count once per group and run
    const cached = this.dofCache.get(groupBit);
    if (cached !== undefined) return cached;
    const s = sim.system;
    const count = new Int32Array(this.nbody);
    for (let i = 0; i < s.n; i++) if (this.body[i] >= 0 && s.mask[i] & groupBit) count[this.body[i]]++;
    let partial = false;
    for (let b = 0; b < this.nbody; b++) if (count[b] > 0 && count[b] !== this.nrigid[b]) partial = true;
    if (partial) sim.out.warn('Computing temperature of portions of rigid bodies');
    let n = 0;
    this.nlinear = 0;
    const I = this.inertia;
    for (let b = 0; b < this.nbody; b++) {
      if (count[b] !== this.nrigid[b]) continue;
      if (s.dimension === 2) {
        n += 2 * count[b] - 3;
        continue;
      }
      n += 3 * count[b] - 6;
      if (I[3 * b] === 0.0 || I[3 * b + 1] === 0.0 || I[3 * b + 2] === 0.0) {
        n++;
        this.nlinear++;
      }
    }
    this.dofCache.set(groupBit, n);
    return n;
  }

  /** Σ f (sum[0..2]) and Σ (x − xcm) × f (sum[3..5]) per body, as LAMMPS loops them. */
  private bodySums(sim: Simulation, together: boolean): void {
    const s = sim.system;
    const f = s.f;
    const { sum, body, xcm } = this;
    const u = this.scratch.subarray(12, 15);
    sum.fill(0);
    if (!together) {
      // setup(): forces first, then torques in a second pass (same sums, LAMMPS's order)
      for (let i = 0; i < s.n; i++) {
        const b = body[i];
        if (b < 0) continue;
        sum[6 * b] += f[3 * i];
        sum[6 * b + 1] += f[3 * i + 1];
        sum[6 * b + 2] += f[3 * i + 2];
      }
    }
    for (let i = 0; i < s.n; i++) {
      const b = body[i];
      if (b < 0) continue;
      if (together) {
        sum[6 * b] += f[3 * i];
        sum[6 * b + 1] += f[3 * i + 1];
        sum[6 * b + 2] += f[3 * i + 2];
      }
      this.unmap(sim, i, b, u);
      const dx = u[0] - xcm[3 * b];
      const dy = u[1] - xcm[3 * b + 1];
      const dz = u[2] - xcm[3 * b + 2];
      sum[6 * b + 3] += dy * f[3 * i + 2] - dz * f[3 * i + 1];
      sum[6 * b + 4] += dz * f[3 * i] - dx * f[3 * i + 2];
      sum[6 * b + 5] += dx * f[3 * i + 1] - dy * f[3 * i];
    }
  }

  /** LAMMPS compute_forces_and_torques: fcm and torque from the atoms' forces. */
  protected computeForcesAndTorques(sim: Simulation): void {
    this.bodySums(sim, true);
    const { fcm, torque, sum, langextra } = this;
    for (let b = 0; b < this.nbody; b++)
      for (let k = 0; k < 3; k++) {
        fcm[3 * b + k] = sum[6 * b + k] + langextra[6 * b + k];
        torque[3 * b + k] = sum[6 * b + 3 + k] + langextra[6 * b + 3 + k];
      }
  }

  /**
   * LAMMPS apply_langevin_thermostat (keyword langevin): a drag −M V/damp and a uniform random
   * force √(24 k_B T M/(damp dt))·(U − ½) per body and component (ftm2v-scaled), and the same on the
   * rotation in the body frame with I_k ω_k and √I_k, rotated back to the space frame, drawn from
   * RanMars(seed) body by body; added to the body force and
   * torque at the next compute_forces_and_torques. T ramps from Tstart to Tstop over the run.
   */
  private applyLangevin(sim: Simulation): void {
    const lg = this.langevin!;
    const u = sim.system.units;
    let delta = sim.step - sim.beginStep;
    if (delta !== 0.0) delta /= sim.endStep - sim.beginStep;
    const tTarget = lg.tStart + delta * (lg.tStop - lg.tStart);
    const tsqrt = Math.sqrt(tTarget);
    const dt = sim.dt;
    const r = lg.random;
    const { langextra, vcm, omega, inertia, masstotal } = this;
    for (let b = 0; b < this.nbody; b++) {
      let gamma1 = -masstotal[b] / lg.tPeriod / u.ftm2v;
      let gamma2 =
        (Math.sqrt(masstotal[b]) * tsqrt * Math.sqrt((24.0 * u.boltz) / lg.tPeriod / dt / u.mvv2e)) / u.ftm2v;
      for (let k = 0; k < 3; k++) langextra[6 * b + k] = gamma1 * vcm[3 * b + k] + gamma2 * (r.uniform() - 0.5);
      gamma1 = -1.0 / lg.tPeriod / u.ftm2v;
      gamma2 = (tsqrt * Math.sqrt((24.0 * u.boltz) / lg.tPeriod / dt / u.mvv2e)) / u.ftm2v;
      // torque in the body frame, from ω in the body frame, rotated back to the space frame
      const wb = this.scratch.subarray(0, 3);
      const tb = this.scratch.subarray(3, 6);
      transposeMatvecCols(this.ex, this.ey, this.ez, 3 * b, omega, 3 * b, wb, 0);
      for (let k = 0; k < 3; k++) {
        const I = inertia[3 * b + k];
        tb[k] = I * gamma1 * wb[k] + Math.sqrt(I) * gamma2 * (r.uniform() - 0.5);
      }
      matvecCols(this.ex, this.ey, this.ez, 3 * b, tb, 0, langextra, 6 * b + 3);
    }
  }

  /** LAMMPS set_xv: atom positions and velocities from the bodies, with the constraint virial. */
  protected setXV(sim: Simulation): void {
    const s = sim.system;
    const x = s.x,
      v = s.v,
      f = s.f,
      im = s.image;
    const box = s.box;
    const h = box.h;
    const { body, displace, xcm, vcm, omega, imagebody, dtf } = this;
    const w = this.virial;
    for (let i = 0; i < s.n; i++) {
      const b = body[i];
      if (b < 0) continue;
      const o = 3 * b;
      const xb = im[3 * i] - imagebody[o];
      const yb = im[3 * i + 1] - imagebody[o + 1];
      const zb = im[3 * i + 2] - imagebody[o + 2];
      let x0: number;
      let x1: number;
      if (!box.triclinic) {
        x0 = x[3 * i] + xb * h[0];
        x1 = x[3 * i + 1] + yb * h[1];
      } else {
        x0 = x[3 * i] + xb * h[0] + yb * h[5] + zb * h[4];
        x1 = x[3 * i + 1] + yb * h[1] + zb * h[3];
      }
      const x2 = x[3 * i + 2] + zb * h[2];
      const v0 = v[3 * i],
        v1 = v[3 * i + 1],
        v2 = v[3 * i + 2];
      matvecCols(this.ex, this.ey, this.ez, o, displace, 3 * i, x, 3 * i);
      const d0 = x[3 * i],
        d1 = x[3 * i + 1],
        d2 = x[3 * i + 2];
      v[3 * i] = omega[o + 1] * d2 - omega[o + 2] * d1 + vcm[o];
      v[3 * i + 1] = omega[o + 2] * d0 - omega[o] * d2 + vcm[o + 1];
      v[3 * i + 2] = omega[o] * d1 - omega[o + 1] * d0 + vcm[o + 2];
      if (!box.triclinic) {
        x[3 * i] += xcm[o] - xb * h[0];
        x[3 * i + 1] += xcm[o + 1] - yb * h[1];
      } else {
        x[3 * i] += xcm[o] - xb * h[0] - yb * h[5] - zb * h[4];
        x[3 * i + 1] += xcm[o + 1] - yb * h[1] - zb * h[3];
      }
      x[3 * i + 2] += xcm[o + 2] - zb * h[2];
      this.tallyConstraint(i, s.massOf(i), v0, v1, v2, x0, x1, x2, v, f, dtf, w);
    }
  }

  /** LAMMPS set_v: atom velocities from the bodies, with the constraint virial. */
  protected setV(sim: Simulation): void {
    const s = sim.system;
    const x = s.x,
      v = s.v,
      f = s.f,
      im = s.image;
    const box = s.box;
    const h = box.h;
    const { body, displace, vcm, omega, imagebody, dtf } = this;
    const delta = this.scratch.subarray(12, 15);
    const w = this.virial;
    for (let i = 0; i < s.n; i++) {
      const b = body[i];
      if (b < 0) continue;
      const o = 3 * b;
      matvecCols(this.ex, this.ey, this.ez, o, displace, 3 * i, delta, 0);
      const v0 = v[3 * i],
        v1 = v[3 * i + 1],
        v2 = v[3 * i + 2];
      v[3 * i] = omega[o + 1] * delta[2] - omega[o + 2] * delta[1] + vcm[o];
      v[3 * i + 1] = omega[o + 2] * delta[0] - omega[o] * delta[2] + vcm[o + 1];
      v[3 * i + 2] = omega[o] * delta[1] - omega[o + 1] * delta[0] + vcm[o + 2];
      const xb = im[3 * i] - imagebody[o];
      const yb = im[3 * i + 1] - imagebody[o + 1];
      const zb = im[3 * i + 2] - imagebody[o + 2];
      let x0: number;
      let x1: number;
      if (!box.triclinic) {
        x0 = x[3 * i] + xb * h[0];
        x1 = x[3 * i + 1] + yb * h[1];
      } else {
        x0 = x[3 * i] + xb * h[0] + yb * h[5] + zb * h[4];
        x1 = x[3 * i + 1] + yb * h[1] + zb * h[3];
      }
      const x2 = x[3 * i + 2] + zb * h[2];
      this.tallyConstraint(i, s.massOf(i), v0, v1, v2, x0, x1, x2, v, f, dtf, w);
    }
  }

  /** ½ x ⊗ f_c with f_c = m (v_new − v_old)/dtf − f: half of the constraint virial (LAMMPS v_tally). */
  private tallyConstraint(
    i: number,
    m: number,
    v0: number,
    v1: number,
    v2: number,
    x0: number,
    x1: number,
    x2: number,
    v: Float64Array,
    f: Float64Array,
    dtf: number,
    w: Float64Array,
  ): void {
    const fc0 = (m * (v[3 * i] - v0)) / dtf - f[3 * i];
    const fc1 = (m * (v[3 * i + 1] - v1)) / dtf - f[3 * i + 1];
    const fc2 = (m * (v[3 * i + 2] - v2)) / dtf - f[3 * i + 2];
    w[0] += 0.5 * x0 * fc0;
    w[1] += 0.5 * x1 * fc1;
    w[2] += 0.5 * x2 * fc2;
    w[3] += 0.5 * x0 * fc1;
    w[4] += 0.5 * x0 * fc2;
    w[5] += 0.5 * x1 * fc2;
  }
}

export function createFixRigid(id: string, group: string, args: string[], sim: Simulation): Fix {
  return parseFixRigid(group, args, sim, 'rigid', (body, nbody, opts) => new FixRigid(id, 'rigid', body, nbody, opts));
}
