import type { Simulation } from '../src/simulation.js';
import type { Fix } from './fix.js';
import { FixRigid } from './fix_rigid.js';
import { parseFixRigid } from './rigid_bodies.js';
import {
  angmomToOmega,
  invquatvec,
  matvecCols,
  noSquishRotate,
  qToExyz,
  quatvec,
  transposeMatvecCols,
} from './rigid_math.js';

/**
 * fix ID group rigid/nve BODYSTYLE ... (LAMMPS FixRigidNVE, i.e. FixRigidNH without thermostat or
 * barostat; Kamberaj et al., J Chem Phys 122, 224114 (2005); Miller et al., J Chem Phys 116, 8649
 * (2002)): the bodies as fix rigid defines them, with the rotation integrated symplectically by
 * NO_SQUISH. The angular momentum is carried as the conjugate quaternion momentum
 * conjqm = 2 q ⊗ (0, Pᵀ L); each half step adds 2·dtf·q ⊗ (0, Pᵀ τ), and the drift is the free
 * rotor split into rotations about body axes 3, 2, 1 (full step), 2, 3 (half steps). L is
 * recovered as ½ P (q⁻¹ conjqm) after each update.
 */
export class FixRigidNVE extends FixRigid {
  private conjqm: Float64Array;
  private readonly t3 = new Float64Array(3);
  private readonly q4 = new Float64Array(4);

  constructor(
    id: string,
    body: Int32Array,
    nbody: number,
    opts: { fflag: Float64Array; tflag: Float64Array; reinit: boolean },
  ) {
    super(id, 'rigid/nve', body, nbody, opts);
    this.conjqm = new Float64Array(4 * nbody);
  }

  override setup(sim: Simulation): void {
    super.setup(sim);
    const mbody = this.t3;
    for (let b = 0; b < this.nbody; b++) {
      transposeMatvecCols(this.ex, this.ey, this.ez, 3 * b, this.angmom, 3 * b, mbody, 0);
      quatvec(this.quat, 4 * b, mbody, 0, this.conjqm, 4 * b);
      for (let k = 0; k < 4; k++) this.conjqm[4 * b + k] *= 2.0;
    }
  }

  override initialIntegrate(sim: Simulation): void {
    const { vcm, xcm, fcm, torque, fflag, tflag, dtf, dtv, dtq, conjqm, quat } = this;
    const dtf2 = dtf * 2.0;
    const tbody = this.t3;
    const fquat = this.q4;
    for (let b = 0; b < this.nbody; b++) {
      const o = 3 * b;
      const o4 = 4 * b;
      const dtfm = dtf / this.masstotal[b];
      for (let k = 0; k < 3; k++) vcm[o + k] += dtfm * fcm[o + k] * fflag[o + k];
      for (let k = 0; k < 3; k++) xcm[o + k] += dtv * vcm[o + k];
      for (let k = 0; k < 3; k++) torque[o + k] *= tflag[o + k];
      transposeMatvecCols(this.ex, this.ey, this.ez, o, torque, o, tbody, 0);
      quatvec(quat, o4, tbody, 0, fquat, 0);
      for (let k = 0; k < 4; k++) conjqm[o4 + k] += dtf2 * fquat[k];
      noSquishRotate(3, conjqm, quat, o4, this.inertia, o, dtq);
      noSquishRotate(2, conjqm, quat, o4, this.inertia, o, dtq);
      noSquishRotate(1, conjqm, quat, o4, this.inertia, o, dtv);
      noSquishRotate(2, conjqm, quat, o4, this.inertia, o, dtq);
      noSquishRotate(3, conjqm, quat, o4, this.inertia, o, dtq);
      qToExyz(quat, o4, this.ex, this.ey, this.ez, o);
      this.angmomFromConjqm(b);
    }
    this.virialReset();
    this.setXV(sim);
  }

  override finalIntegrate(sim: Simulation): void {
    if (!this.earlyflag) this.computeForcesAndTorques(sim);
    const { vcm, fcm, torque, fflag, tflag, dtf, conjqm, quat } = this;
    const dtf2 = dtf * 2.0;
    const tbody = this.t3;
    const fquat = this.q4;
    for (let b = 0; b < this.nbody; b++) {
      const o = 3 * b;
      const o4 = 4 * b;
      const dtfm = dtf / this.masstotal[b];
      for (let k = 0; k < 3; k++) vcm[o + k] += dtfm * fcm[o + k] * fflag[o + k];
      for (let k = 0; k < 3; k++) torque[o + k] *= tflag[o + k];
      transposeMatvecCols(this.ex, this.ey, this.ez, o, torque, o, tbody, 0);
      quatvec(quat, o4, tbody, 0, fquat, 0);
      for (let k = 0; k < 4; k++) conjqm[o4 + k] += dtf2 * fquat[k];
      this.angmomFromConjqm(b);
    }
    this.setV(sim);
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
}

export function createFixRigidNVE(id: string, group: string, args: string[], sim: Simulation): Fix {
  return parseFixRigid(group, args, sim, 'rigid/nve', (body, nbody, opts) => new FixRigidNVE(id, body, nbody, opts));
}
