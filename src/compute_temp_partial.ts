import { Args } from './args.js';
import { GlobalCompute } from './compute_global.js';
import type { Compute } from './compute.js';
import { groupCount } from './groups.js';
import type { Simulation } from './simulation.js';

/**
 * compute ID group temp/partial xflag yflag zflag (LAMMPS ComputeTempPartial): the temperature of
 * the velocity components whose flag is 1. With n = xflag + yflag + zflag of the 3 components,
 * dof = n N − (n/d)(d + fix dof) (d the dimension: LAMMPS scales the removed dof by n/dimension) and
 * T = Σ m (xflag vx² + yflag vy² + zflag vz²) mvv2e / (dof k_B); c_ID[1..6] the kinetic energy
 * tensor of the kept components. Its bias (for thermostats under fix_modify temp) is the components
 * not counted.
 */
export class ComputeTempPartial extends GlobalCompute {
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
    const d = sim.system.dimension;
    let dof = nper * groupCount(sim.system, this.groupBit);
    dof -= ((1.0 * nper) / d) * (d + fixDof);
    return dof;
  }

  /** LAMMPS remove_bias: the components not counted (flag 0) are the bias, set to 0 and kept. */
  removeBias(sim: Simulation, i: number): void {
    removePartial(sim.system.v, 3 * i, this.flags, this.vbias, 0);
  }

  restoreBias(sim: Simulation, i: number): void {
    restorePartial(sim.system.v, 3 * i, this.flags, this.vbias, 0);
  }

  removeBiasAll(sim: Simulation): void {
    const s = sim.system;
    if (this.vbiasAll.length < 3 * s.n) this.vbiasAll = new Float64Array(3 * s.n);
    for (let i = 0; i < s.n; i++)
      if (s.mask[i] & this.groupBit) removePartial(s.v, 3 * i, this.flags, this.vbiasAll, 3 * i);
  }

  restoreBiasAll(sim: Simulation): void {
    const s = sim.system;
    for (let i = 0; i < s.n; i++)
      if (s.mask[i] & this.groupBit) restorePartial(s.v, 3 * i, this.flags, this.vbiasAll, 3 * i);
  }

  computeScalar(sim: Simulation): number {
    const s = sim.system;
    const [fx, fy, fz] = this.flags;
    const v = s.v,
      mask = s.mask,
      mass = s.mass,
      pm = s.perAtomMass,
      rm = s.rmass,
      type = s.type;
    let t = 0.0;
    for (let i = 0; i < s.n; i++) {
      if (!(mask[i] & this.groupBit)) continue;
      const k = 3 * i;
      t += (fx * v[k] * v[k] + fy * v[k + 1] * v[k + 1] + fz * v[k + 2] * v[k + 2]) * (pm ? rm[i] : mass[type[i]]);
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
      pm = s.perAtomMass,
      rm = s.rmass,
      type = s.type;
    const t = this.vector;
    t.fill(0);
    for (let i = 0; i < s.n; i++) {
      if (!(mask[i] & this.groupBit)) continue;
      const m = pm ? rm[i] : mass[type[i]];
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

function removePartial(v: Float64Array, k: number, f: readonly number[], b: Float64Array, o: number): void {
  for (let d = 0; d < 3; d++) {
    if (f[d]) continue;
    b[o + d] = v[k + d];
    v[k + d] = 0.0;
  }
}

function restorePartial(v: Float64Array, k: number, f: readonly number[], b: Float64Array, o: number): void {
  for (let d = 0; d < 3; d++) if (!f[d]) v[k + d] += b[o + d];
}

export function createComputeTempPartial(id: string, group: string, args: string[], sim: Simulation): Compute {
  const a = new Args('compute temp/partial', args);
  a.need(3, 'xflag yflag zflag');
  const flag = (w: string) => a.int(w, { ge: 0, le: 1 });
  const flags: [number, number, number] = [flag('xflag'), flag('yflag'), flag('zflag')];
  a.end();
  return new ComputeTempPartial(id, sim.groups.bit(group, 'compute'), flags);
}
