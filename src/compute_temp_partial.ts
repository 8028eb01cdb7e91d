import { Args } from './args.js';
import { GlobalCompute } from './compute_global.js';
import type { Compute } from './compute.js';
import { groupCount } from './groups.js';
import type { Simulation } from './simulation.js';

/**
 * compute ID group temp/partial xflag yflag zflag (LAMMPS ComputeTempPartial): the temperature of
 * the velocity components whose flag is 1. With n = xflag + yflag + zflag of the 3 components,
 * dof = n N − (n/3)(3 + fix dof) (LAMMPS scales the removed dof by n/dimension) and
 * T = Σ m (xflag vx² + yflag vy² + zflag vz²) mvv2e / (dof k_B); c_ID[1..6] the kinetic energy
 * tensor of the kept components.
 */
export class ComputeTempPartial extends GlobalCompute {
  readonly sizeVector = 6;
  readonly extensiveScalar = false;
  readonly extensiveVector = true;
  private readonly vector = new Float64Array(6);

  constructor(
    id: string,
    private readonly groupBit: number,
    private readonly flags: readonly [number, number, number],
  ) {
    super(id, 'temp/partial');
  }

  temperatureDof(sim: Simulation): number {
    const [fx, fy, fz] = this.flags;
    const nper = fx + fy + fz;
    let fixDof = 0;
    for (const f of sim.fixes) if (f.dofRemoved) fixDof += f.dofRemoved(sim, this.groupBit);
    // LAMMPS: dof = nper*natoms; dof -= (1.0*nper/dimension)*(extra_dof + fix_dof), extra_dof = dimension.
    let dof = nper * groupCount(sim.system, this.groupBit);
    dof -= ((1.0 * nper) / 3) * (3 + fixDof);
    return dof;
  }

  computeScalar(sim: Simulation): number {
    const s = sim.system;
    const [fx, fy, fz] = this.flags;
    const v = s.v,
      mask = s.mask,
      mass = s.mass,
      type = s.type;
    let t = 0.0;
    for (let i = 0; i < s.n; i++) {
      if (!(mask[i] & this.groupBit)) continue;
      const k = 3 * i;
      t += (fx * v[k] * v[k] + fy * v[k + 1] * v[k + 1] + fz * v[k + 2] * v[k + 2]) * mass[type[i]];
    }
    const dof = this.temperatureDof(sim);
    return dof > 0 ? (t * s.units.mvv2e) / (dof * s.units.boltz) : 0.0;
  }

  computeVector(sim: Simulation): Float64Array {
    const s = sim.system;
    const [fx, fy, fz] = this.flags;
    const v = s.v,
      mask = s.mask,
      mass = s.mass,
      type = s.type;
    const t = this.vector;
    t.fill(0);
    for (let i = 0; i < s.n; i++) {
      if (!(mask[i] & this.groupBit)) continue;
      const m = mass[type[i]];
      const k = 3 * i;
      t[0] += m * fx * v[k] * v[k];
      t[1] += m * fy * v[k + 1] * v[k + 1];
      t[2] += m * fz * v[k + 2] * v[k + 2];
      t[3] += m * fx * fy * v[k] * v[k + 1];
      t[4] += m * fx * fz * v[k] * v[k + 2];
      t[5] += m * fy * fz * v[k + 1] * v[k + 2];
    }
    for (let k = 0; k < 6; k++) t[k] *= s.units.mvv2e;
    return t;
  }
}

export function createComputeTempPartial(id: string, group: string, args: string[], sim: Simulation): Compute {
  const a = new Args('compute temp/partial', args);
  a.need(3, 'xflag yflag zflag');
  const flag = (w: string) => a.int(w, { ge: 0, le: 1 });
  const flags: [number, number, number] = [flag('xflag'), flag('yflag'), flag('zflag')];
  a.end();
  return new ComputeTempPartial(id, sim.groups.bit(group, 'compute'), flags);
}
