import { Args } from './args.js';
import { GlobalCompute } from './compute_global.js';
import type { Compute } from './compute.js';
import type { Region } from './region.js';
import type { Simulation } from './simulation.js';

/**
 * compute ID group temp/region regionID (LAMMPS ComputeTempRegion): the temperature of the group's
 * atoms that are inside the region now (wrapped positions, region.match), counted afresh at each
 * invocation: dof = 3 N_in − 3 (LAMMPS compute_scalar uses dimension·count − extra_dof, without the
 * fix dof), T = Σ m v² mvv2e / (dof k_B), 0 when dof <= 0; c_ID[1..6] the kinetic energy tensor of
 * those atoms.
 */
export class ComputeTempRegion extends GlobalCompute {
  readonly sizeVector = 6;
  readonly extensiveScalar = false;
  readonly extensiveVector = true;
  private readonly vector = new Float64Array(6);

  constructor(
    id: string,
    private readonly groupBit: number,
    private readonly region: Region,
  ) {
    super(id, 'temp/region');
  }

  computeScalar(sim: Simulation): number {
    const s = sim.system;
    const x = s.x,
      v = s.v,
      mask = s.mask,
      mass = s.mass,
      type = s.type;
    let count = 0;
    let t = 0.0;
    for (let i = 0; i < s.n; i++) {
      const k = 3 * i;
      if (!(mask[i] & this.groupBit) || !this.region.match(x[k], x[k + 1], x[k + 2])) continue;
      count++;
      t += (v[k] * v[k] + v[k + 1] * v[k + 1] + v[k + 2] * v[k + 2]) * mass[type[i]];
    }
    const dof = 3 * count - 3;
    if (dof < 0 && count > 0)
      throw new Error(`Compute temp/region ${this.id}: temperature compute degrees of freedom < 0`);
    return dof > 0 ? (s.units.mvv2e * t) / (dof * s.units.boltz) : 0.0;
  }

  /** 3 N_in − 3 of the atoms inside the region now (LAMMPS sets dof in compute_scalar). */
  temperatureDof(sim: Simulation): number {
    const s = sim.system;
    let count = 0;
    for (let i = 0; i < s.n; i++)
      if (s.mask[i] & this.groupBit && this.region.match(s.x[3 * i], s.x[3 * i + 1], s.x[3 * i + 2])) count++;
    return 3 * count - 3;
  }

  computeVector(sim: Simulation): Float64Array {
    const s = sim.system;
    const x = s.x,
      v = s.v,
      mask = s.mask,
      mass = s.mass,
      type = s.type;
    const t = this.vector;
    t.fill(0);
    for (let i = 0; i < s.n; i++) {
      const k = 3 * i;
      if (!(mask[i] & this.groupBit) || !this.region.match(x[k], x[k + 1], x[k + 2])) continue;
      const m = mass[type[i]];
      t[0] += m * v[k] * v[k];
      t[1] += m * v[k + 1] * v[k + 1];
      t[2] += m * v[k + 2] * v[k + 2];
      t[3] += m * v[k] * v[k + 1];
      t[4] += m * v[k] * v[k + 2];
      t[5] += m * v[k + 1] * v[k + 2];
    }
    for (let k = 0; k < 6; k++) t[k] *= s.units.mvv2e;
    return t;
  }
}

export function createComputeTempRegion(
  id: string,
  group: string,
  args: string[],
  sim: Simulation,
  regions: ReadonlyMap<string, Region>,
): Compute {
  const a = new Args('compute temp/region', args);
  a.need(1, 'region-ID');
  const rid = a.word('region ID');
  a.end();
  const region = regions.get(rid);
  if (!region) throw new Error(`Region ID '${rid}' for compute temp/region does not exist`);
  return new ComputeTempRegion(id, sim.groups.bit(group, 'compute'), region);
}
