import type { Simulation } from '../src/simulation.js';
import { jacobi3 } from './jacobi3.js';
import { exyzToQ, transposeMatvecCols } from './rigid_math.js';

const EPSILON = 1.0e-7;
const TOLERANCE = 1.0e-6;

/**
 * The rigid bodies of fix rigid and their static setup (LAMMPS FixRigid's per-body arrays,
 * setup_bodies_static, setup_bodies_dynamic, pre_neighbor): per body b the total mass, centre of
 * mass xcm (3b..3b+2), velocity vcm, force fcm, torque, angular momentum and omega (space frame),
 * principal moments `inertia`, principal axes ex/ey/ez (columns of P, body → space) and the
 * quaternion (4b..4b+3); per atom its body and body-frame displacement. An atom's image flags
 * relative to its body (LAMMPS xcmimage) are image − imagebody, read where needed.
 */
export class RigidBodySet {
  protected readonly nbody: number;
  /** body[i]: the body of atom i, −1 for none. */
  protected body: Int32Array;
  /** Body-frame displacement of each atom from its body's centre of mass, n x 3. */
  protected displace: Float64Array;
  protected readonly nrigid: Int32Array;
  protected readonly masstotal: Float64Array;
  protected readonly xcm: Float64Array;
  protected readonly vcm: Float64Array;
  protected readonly fcm: Float64Array;
  protected readonly torque: Float64Array;
  protected readonly angmom: Float64Array;
  protected readonly omega: Float64Array;
  protected readonly inertia: Float64Array;
  protected readonly ex: Float64Array;
  protected readonly ey: Float64Array;
  protected readonly ez: Float64Array;
  protected readonly quat: Float64Array;
  /** Image flags of each body's xcm (LAMMPS imagebody); an atom's flags relative to it are xcmimage. */
  protected readonly imagebody: Int32Array;
  protected readonly fflag: Float64Array;
  protected readonly tflag: Float64Array;
  /** Per-body sums (6 per body, LAMMPS sum/all). */
  protected readonly sum: Float64Array;
  protected readonly scratch = new Float64Array(16);

  constructor(body: Int32Array, nbody: number, fflag: Float64Array, tflag: Float64Array) {
    this.body = body;
    this.nbody = nbody;
    this.displace = new Float64Array(3 * body.length);
    const v3 = () => new Float64Array(3 * nbody);
    this.nrigid = new Int32Array(nbody);
    for (let i = 0; i < body.length; i++) if (body[i] >= 0) this.nrigid[body[i]]++;
    this.masstotal = new Float64Array(nbody);
    this.xcm = v3();
    this.vcm = v3();
    this.fcm = v3();
    this.torque = v3();
    this.angmom = v3();
    this.omega = v3();
    this.inertia = v3();
    this.ex = v3();
    this.ey = v3();
    this.ez = v3();
    this.quat = new Float64Array(4 * nbody);
    this.imagebody = new Int32Array(3 * nbody);
    this.sum = new Float64Array(6 * nbody);
    this.fflag = fflag;
    this.tflag = tflag;
  }

  permute(perm: Int32Array, n: number): void {
    const body = new Int32Array(n);
    const displace = new Float64Array(3 * n);
    for (let i = 0; i < n; i++) {
      const j = perm[i];
      body[i] = this.body[j];
      displace[3 * i] = this.displace[3 * j];
      displace[3 * i + 1] = this.displace[3 * j + 1];
      displace[3 * i + 2] = this.displace[3 * j + 2];
    }
    this.body = body;
    this.displace = displace;
  }

  /** Unwrapped position of atom i in its body's image frame (LAMMPS domain->unmap with xcmimage). */
  protected unmap(sim: Simulation, i: number, b: number, out: Float64Array): void {
    const s = sim.system;
    const box = s.box;
    const h = box.h;
    const x = s.x;
    const im = s.image;
    const xb = im[3 * i] - this.imagebody[3 * b];
    const yb = im[3 * i + 1] - this.imagebody[3 * b + 1];
    const zb = im[3 * i + 2] - this.imagebody[3 * b + 2];
    if (!box.triclinic) {
      out[0] = x[3 * i] + xb * h[0];
      out[1] = x[3 * i + 1] + yb * h[1];
      out[2] = x[3 * i + 2] + zb * h[2];
    } else {
      out[0] = x[3 * i] + xb * h[0] + yb * h[5] + zb * h[4];
      out[1] = x[3 * i + 1] + yb * h[1] + zb * h[3];
      out[2] = x[3 * i + 2] + zb * h[2];
    }
  }

  protected remapBodies(sim: Simulation): void {
    const p = this.scratch.subarray(0, 3);
    const im = new Int32Array(3);
    for (let b = 0; b < this.nbody; b++) {
      for (let k = 0; k < 3; k++) {
        p[k] = this.xcm[3 * b + k];
        im[k] = this.imagebody[3 * b + k];
      }
      sim.system.box.remap(p, im);
      for (let k = 0; k < 3; k++) {
        this.xcm[3 * b + k] = p[k];
        this.imagebody[3 * b + k] = im[k];
      }
    }
  }

  /**
   * LAMMPS setup_bodies_static: masses, centres of mass (unwrapped), xcm mapped into the box,
   * inertia tensors diagonalised by jacobi3 (moments below 1e-7 of the largest set to 0, axes made
   * right-handed), the quaternions, and each atom's body-frame displacement, checked by
   * recomputing the moments from them.
   */
  protected setupBodiesStatic(sim: Simulation): void {
    const s = sim.system;
    const box = s.box;
    const { body, sum, nbody, xcm, masstotal } = this;
    for (let i = 0; i < s.n; i++) {
      if (body[i] < 0) continue;
      for (let d = 0; d < 3; d++)
        if (s.image[3 * i + d] !== 0 && !box.periodic[d])
          throw new Error('Fix rigid atom has non-zero image flag in a non-periodic dimension');
    }
    this.imagebody.fill(0);
    const u = this.scratch.subarray(12, 15);
    sum.fill(0);
    for (let i = 0; i < s.n; i++) {
      const b = body[i];
      if (b < 0) continue;
      const m = s.massOf(i);
      this.unmap(sim, i, b, u);
      sum[6 * b] += u[0] * m;
      sum[6 * b + 1] += u[1] * m;
      sum[6 * b + 2] += u[2] * m;
      sum[6 * b + 3] += m;
    }
    for (let b = 0; b < nbody; b++) {
      masstotal[b] = sum[6 * b + 3];
      for (let k = 0; k < 3; k++) xcm[3 * b + k] = sum[6 * b + k] / masstotal[b];
    }
    this.vcm.fill(0);
    this.angmom.fill(0);
    this.remapBodies(sim);

    sum.fill(0);
    for (let i = 0; i < s.n; i++) {
      const b = body[i];
      if (b < 0) continue;
      this.unmap(sim, i, b, u);
      const dx = u[0] - xcm[3 * b];
      const dy = u[1] - xcm[3 * b + 1];
      const dz = u[2] - xcm[3 * b + 2];
      const m = s.massOf(i);
      sum[6 * b] += m * (dy * dy + dz * dz);
      sum[6 * b + 1] += m * (dx * dx + dz * dz);
      sum[6 * b + 2] += m * (dx * dx + dy * dy);
      sum[6 * b + 3] -= m * dy * dz;
      sum[6 * b + 4] -= m * dx * dz;
      sum[6 * b + 5] -= m * dx * dy;
    }
    const tensor = new Float64Array(9);
    const evals = new Float64Array(3);
    const evec = new Float64Array(9);
    const { ex, ey, ez, inertia } = this;
    for (let b = 0; b < nbody; b++) {
      const a = 6 * b;
      tensor[0] = sum[a];
      tensor[4] = sum[a + 1];
      tensor[8] = sum[a + 2];
      tensor[5] = tensor[7] = sum[a + 3];
      tensor[2] = tensor[6] = sum[a + 4];
      tensor[1] = tensor[3] = sum[a + 5];
      if (jacobi3(tensor, evals, evec)) throw new Error('Insufficient Jacobi rotations for rigid body');
      const o = 3 * b;
      inertia.set(evals, o);
      for (let k = 0; k < 3; k++) {
        ex[o + k] = evec[3 * k];
        ey[o + k] = evec[3 * k + 1];
        ez[o + k] = evec[3 * k + 2];
      }
      const max = Math.max(Math.max(inertia[o], inertia[o + 1]), inertia[o + 2]);
      for (let k = 0; k < 3; k++) if (inertia[o + k] < EPSILON * max) inertia[o + k] = 0.0;
      // right-handed axes: flip ez when (ex × ey)·ez < 0
      const c0 = ex[o + 1] * ey[o + 2] - ex[o + 2] * ey[o + 1];
      const c1 = ex[o + 2] * ey[o] - ex[o] * ey[o + 2];
      const c2 = ex[o] * ey[o + 1] - ex[o + 1] * ey[o];
      if (c0 * ez[o] + c1 * ez[o + 1] + c2 * ez[o + 2] < 0.0) for (let k = 0; k < 3; k++) ez[o + k] = -ez[o + k];
      exyzToQ(ex, ey, ez, o, this.quat, 4 * b);
    }

    const displace = this.displace;
    const delta = new Float64Array(3);
    for (let i = 0; i < s.n; i++) {
      const b = body[i];
      if (b < 0) {
        displace[3 * i] = displace[3 * i + 1] = displace[3 * i + 2] = 0.0;
        continue;
      }
      this.unmap(sim, i, b, u);
      for (let k = 0; k < 3; k++) delta[k] = u[k] - xcm[3 * b + k];
      transposeMatvecCols(ex, ey, ez, 3 * b, delta, 0, displace, 3 * i);
    }

    // the moments recomputed about the principal axes must be the eigenvalues, the products 0
    sum.fill(0);
    for (let i = 0; i < s.n; i++) {
      const b = body[i];
      if (b < 0) continue;
      const m = s.massOf(i);
      const d0 = displace[3 * i],
        d1 = displace[3 * i + 1],
        d2 = displace[3 * i + 2];
      sum[6 * b] += m * (d1 * d1 + d2 * d2);
      sum[6 * b + 1] += m * (d0 * d0 + d2 * d2);
      sum[6 * b + 2] += m * (d0 * d0 + d1 * d1);
      sum[6 * b + 3] -= m * d1 * d2;
      sum[6 * b + 4] -= m * d0 * d2;
      sum[6 * b + 5] -= m * d0 * d1;
    }
    for (let b = 0; b < nbody; b++) {
      const o = 3 * b;
      for (let k = 0; k < 3; k++) {
        const bad =
          inertia[o + k] === 0.0
            ? Math.abs(sum[6 * b + k]) > TOLERANCE
            : Math.abs((sum[6 * b + k] - inertia[o + k]) / inertia[o + k]) > TOLERANCE;
        if (bad) throw new Error('Fix rigid: Bad principal moments');
      }
      const norm = (inertia[o] + inertia[o + 1] + inertia[o + 2]) / 3.0;
      for (let k = 3; k < 6; k++)
        if (Math.abs(sum[6 * b + k] / norm) > TOLERANCE) throw new Error('Fix rigid: Bad principal moments');
    }
  }

  /** LAMMPS setup_bodies_dynamic: vcm and angular momentum of each body from its atoms. */
  protected setupBodiesDynamic(sim: Simulation): void {
    const s = sim.system;
    const v = s.v;
    const { body, sum, xcm } = this;
    const u = this.scratch.subarray(12, 15);
    sum.fill(0);
    for (let i = 0; i < s.n; i++) {
      const b = body[i];
      if (b < 0) continue;
      const m = s.massOf(i);
      sum[6 * b] += v[3 * i] * m;
      sum[6 * b + 1] += v[3 * i + 1] * m;
      sum[6 * b + 2] += v[3 * i + 2] * m;
      this.unmap(sim, i, b, u);
      const dx = u[0] - xcm[3 * b];
      const dy = u[1] - xcm[3 * b + 1];
      const dz = u[2] - xcm[3 * b + 2];
      sum[6 * b + 3] += dy * m * v[3 * i + 2] - dz * m * v[3 * i + 1];
      sum[6 * b + 4] += dz * m * v[3 * i] - dx * m * v[3 * i + 2];
      sum[6 * b + 5] += dx * m * v[3 * i + 1] - dy * m * v[3 * i];
    }
    for (let b = 0; b < this.nbody; b++)
      for (let k = 0; k < 3; k++) {
        this.vcm[3 * b + k] = sum[6 * b + k] / this.masstotal[b];
        this.angmom[3 * b + k] = sum[6 * b + 3 + k];
      }
  }
}
