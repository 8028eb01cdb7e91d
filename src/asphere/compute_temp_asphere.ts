import { Args } from '../args.js';
import { GlobalCompute } from '../compute_global.js';
import type { Compute } from '../compute.js';
import { groupCount } from '../groups.js';
import type { Simulation } from '../simulation.js';
import { quatToMat } from './math_extra.js';

/**
 * compute ID group temp/asphere [dof all|rotate] (LAMMPS ComputeTempAsphere, 29 Sep 2021): the
 * temperature of ellipsoids from their translational and rotational kinetic energy,
 * T = Σ (m v² + Σ_k I_k ω_k²) mvv2e / (dof k_B), with body-frame angular velocity ω = Rᵀ L / I
 * (principal moments I = m/5 (b²+c²) ...). dof = nper N − extra − fix dof with nper 6 in 3d
 * (3 in 2d) for `dof all`, 3 (1 in 2d) for `dof rotate`, where extra is d (0 for rotate) unless
 * compute_modify extra/dof sets it. Every atom of the group must be an ellipsoid. c_ID[1..6] is
 * the kinetic energy tensor with the rotational part added per axis as LAMMPS does.
 * The `bias` keyword is not supported yet (refused by name).
 */
export class ComputeTempAsphere extends GlobalCompute {
  readonly sizeVector = 6;
  readonly extensiveScalar = false;
  readonly extensiveVector = true;
  private readonly vector = new Float64Array(6);
  private readonly rot = new Float64Array(9);
  extraDof?: number;
  dynamicDof?: boolean;

  constructor(
    id: string,
    private readonly groupBit: number,
    private readonly rotateOnly: boolean,
  ) {
    super(id, 'temp/asphere');
    if (rotateOnly) this.extraDof = 0;
  }

  /** LAMMPS init: atom style and extended particles only. */
  check(sim: Simulation): void {
    const e = sim.system.ellipsoid;
    if (!e) throw new Error('Compute temp/asphere requires atom style ellipsoid');
    if (!e.allExtended(sim.system.mask, this.groupBit, sim.system.n))
      throw new Error('Compute temp/asphere requires extended particles');
  }

  temperatureDof(sim: Simulation): number {
    const d = sim.system.dimension;
    const nper = d === 3 ? (this.rotateOnly ? 3 : 6) : this.rotateOnly ? 1 : 3;
    let dof = nper * groupCount(sim.system, this.groupBit);
    let fixDof = 0;
    for (const f of sim.fixes) if (f.dofRemoved) fixDof += f.dofRemoved(sim, this.groupBit);
    dof -= (this.extraDof ?? d) + fixDof;
    return dof;
  }

  computeScalar(sim: Simulation): number {
    this.check(sim);
    const s = sim.system;
    const e = s.ellipsoid!;
    const { v, mask, type, mass } = s;
    const { shape, quat, angmom } = e;
    const rot = this.rot;
    const all = !this.rotateOnly;
    let t = 0.0;
    for (let i = 0; i < s.n; i++) {
      if (!(mask[i] & this.groupBit)) continue;
      const m = mass[type[i]];
      if (all) t += (v[3 * i] * v[3 * i] + v[3 * i + 1] * v[3 * i + 1] + v[3 * i + 2] * v[3 * i + 2]) * m;
      const a = shape[3 * i],
        b = shape[3 * i + 1],
        c = shape[3 * i + 2];
      const i0 = 0.2 * m * (b * b + c * c);
      const i1 = 0.2 * m * (a * a + c * c);
      const i2 = 0.2 * m * (a * a + b * b);
      quatToMat(quat, 4 * i, rot);
      const l0 = angmom[3 * i],
        l1 = angmom[3 * i + 1],
        l2 = angmom[3 * i + 2];
      let w0 = rot[0] * l0 + rot[3] * l1 + rot[6] * l2;
      let w1 = rot[1] * l0 + rot[4] * l1 + rot[7] * l2;
      let w2 = rot[2] * l0 + rot[5] * l1 + rot[8] * l2;
      w0 /= i0;
      w1 /= i1;
      w2 /= i2;
      t += i0 * w0 * w0 + i1 * w1 * w1 + i2 * w2 * w2;
    }
    const dof = this.temperatureDof(sim);
    const u = s.units;
    const tfactor = dof > 0 ? u.mvv2e / (dof * u.boltz) : 0.0;
    if (dof < 0 && groupCount(s, this.groupBit) > 0) throw new Error('Temperature compute degrees of freedom < 0');
    return t * tfactor;
  }

  computeVector(sim: Simulation): Float64Array {
    this.check(sim);
    const s = sim.system;
    const e = s.ellipsoid!;
    const { v, mask, type, mass } = s;
    const { shape, quat, angmom } = e;
    const rot = this.rot;
    const t = this.vector;
    t.fill(0);
    const all = !this.rotateOnly;
    for (let i = 0; i < s.n; i++) {
      if (!(mask[i] & this.groupBit)) continue;
      const m = mass[type[i]];
      if (all) {
        const vx = v[3 * i],
          vy = v[3 * i + 1],
          vz = v[3 * i + 2];
        t[0] += m * vx * vx;
        t[1] += m * vy * vy;
        t[2] += m * vz * vz;
        t[3] += m * vx * vy;
        t[4] += m * vx * vz;
        t[5] += m * vy * vz;
      }
      const a = shape[3 * i],
        b = shape[3 * i + 1],
        c = shape[3 * i + 2];
      const i0 = 0.2 * m * (b * b + c * c);
      const i1 = 0.2 * m * (a * a + c * c);
      const i2 = 0.2 * m * (a * a + b * b);
      quatToMat(quat, 4 * i, rot);
      const l0 = angmom[3 * i],
        l1 = angmom[3 * i + 1],
        l2 = angmom[3 * i + 2];
      const w0 = (rot[0] * l0 + rot[3] * l1 + rot[6] * l2) / i0;
      const w1 = (rot[1] * l0 + rot[4] * l1 + rot[7] * l2) / i1;
      const w2 = (rot[2] * l0 + rot[5] * l1 + rot[8] * l2) / i2;
      t[0] += i0 * w0 * w0;
      t[1] += i1 * w1 * w1;
      t[2] += i2 * w2 * w2;
      t[3] += i0 * w0 * w1;
      t[4] += i1 * w0 * w2;
      t[5] += i2 * w1 * w2;
    }
    const mvv2e = s.units.mvv2e;
    for (let k = 0; k < 6; k++) t[k] *= mvv2e;
    return t;
  }
}

export function createComputeTempAsphere(id: string, group: string, args: string[], sim: Simulation): Compute {
  const a = new Args('compute temp/asphere', args);
  let rotate = false;
  a.keywords({
    dof: (k) => {
      rotate = k.oneOf('dof', ['all', 'rotate'] as const) === 'rotate';
    },
    bias: (k) => k.fail('compute temp/asphere bias is not supported by dpmd yet'),
  });
  if (!sim.system.ellipsoid) throw new Error('Compute temp/asphere requires atom style ellipsoid');
  return new ComputeTempAsphere(id, sim.groups.bit(group, 'compute'), rotate);
}
