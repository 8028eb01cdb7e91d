import { Args } from './args.js';
import { GlobalCompute } from './compute_global.js';
import type { Compute } from './compute.js';
import type { Region } from './region.js';
import type { Simulation } from './simulation.js';

/**
 * compute ID group temp/region regionID (LAMMPS ComputeTempRegion): the temperature of the group's
 * atoms that are inside the region now (wrapped positions, region.match), counted afresh at each
 * invocation: dof = d N_in − d, d the dimension (LAMMPS compute_scalar uses dimension·count − extra_dof, without the
 * fix dof), T = Σ m v² mvv2e / (dof k_B), 0 when dof <= 0; c_ID[1..6] the kinetic energy tensor of
 * those atoms. Its bias (for thermostats under fix_modify temp) is the whole velocity of the atoms
 * outside the region.
 */
export class ComputeTempRegion extends GlobalCompute {
  readonly sizeVector = 6;
  readonly extensiveScalar = false;
  readonly extensiveVector = true;
  readonly tempBias = true;
  private readonly vector = new Float64Array(6);
  /** Bias of the last removeBias (one atom) and removeBiasAll (n x 3), velocity units. */
  private readonly vbias = new Float64Array(3);
  private vbiasAll = new Float64Array(0);

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
      pm = s.perAtomMass,
      rm = s.rmass,
      type = s.type;
    let count = 0;
    let t = 0.0;
    for (let i = 0; i < s.n; i++) {
      const k = 3 * i;
      if (!(mask[i] & this.groupBit) || !this.region.match(x[k], x[k + 1], x[k + 2])) continue;
      count++;
      t += (v[k] * v[k] + v[k + 1] * v[k + 1] + v[k + 2] * v[k + 2]) * (pm ? rm[i] : mass[type[i]]);
    }
    const d = s.dimension;
    const dof = d * count - d;
    if (dof < 0 && count > 0)
      throw new Error(`Compute temp/region ${this.id}: temperature compute degrees of freedom < 0`);
    return dof > 0 ? (s.units.mvv2e * t) / (dof * s.units.boltz) : 0.0;
  }

  /** d N_in − d of the atoms inside the region now (d the dimension; LAMMPS sets dof in compute_scalar). */
  temperatureDof(sim: Simulation): number {
    const s = sim.system;
    let count = 0;
    for (let i = 0; i < s.n; i++)
      if (s.mask[i] & this.groupBit && this.region.match(s.x[3 * i], s.x[3 * i + 1], s.x[3 * i + 2])) count++;
    return s.dimension * count - s.dimension;
  }

  /** LAMMPS remove_bias: an atom outside the region is all bias (its velocity set to 0 and kept), inside none. */
  removeBias(sim: Simulation, i: number): void {
    this.remove(sim, i, this.vbias, 0);
  }

  restoreBias(sim: Simulation, i: number): void {
    const v = sim.system.v,
      b = this.vbias;
    v[3 * i] += b[0];
    v[3 * i + 1] += b[1];
    v[3 * i + 2] += b[2];
  }

  removeBiasAll(sim: Simulation): void {
    const s = sim.system;
    if (this.vbiasAll.length < 3 * s.n) this.vbiasAll = new Float64Array(3 * s.n);
    for (let i = 0; i < s.n; i++) if (s.mask[i] & this.groupBit) this.remove(sim, i, this.vbiasAll, 3 * i);
  }

  restoreBiasAll(sim: Simulation): void {
    const s = sim.system,
      v = s.v,
      b = this.vbiasAll;
    for (let i = 0; i < s.n; i++) {
      if (!(s.mask[i] & this.groupBit)) continue;
      v[3 * i] += b[3 * i];
      v[3 * i + 1] += b[3 * i + 1];
      v[3 * i + 2] += b[3 * i + 2];
    }
  }

  private remove(sim: Simulation, i: number, b: Float64Array, o: number): void {
    const x = sim.system.x,
      v = sim.system.v,
      k = 3 * i;
    if (this.region.match(x[k], x[k + 1], x[k + 2])) {
      b[o] = b[o + 1] = b[o + 2] = 0.0;
      return;
    }
    b[o] = v[k];
    b[o + 1] = v[k + 1];
    b[o + 2] = v[k + 2];
    v[k] = v[k + 1] = v[k + 2] = 0.0;
  }

  computeVector(sim: Simulation): Float64Array {
    const s = sim.system;
    const x = s.x,
      v = s.v,
      mask = s.mask,
      mass = s.mass,
      pm = s.perAtomMass,
      rm = s.rmass,
      type = s.type;
    const t = this.vector;
    t.fill(0);
    for (let i = 0; i < s.n; i++) {
      const k = 3 * i;
      if (!(mask[i] & this.groupBit) || !this.region.match(x[k], x[k + 1], x[k + 2])) continue;
      const m = pm ? rm[i] : mass[type[i]];
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
