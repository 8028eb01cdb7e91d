import { Args } from './args.js';
import { GlobalCompute } from './compute_global.js';
import type { Compute } from './compute.js';
import { groupDof } from './group_temperature.js';
import { groupMass, groupVcm } from './groups.js';
import { lostMassInGroup } from './lost_atoms.js';
import type { Simulation } from './simulation.js';

/**
 * compute ID group temp/com (LAMMPS ComputeTempCOM): the temperature of the group after removing
 * its centre-of-mass velocity v_cm = Σ m v / M, T = Σ m |v − v_cm|² mvv2e / (dof k_B) with the dof
 * of compute temp (3 N − 3 − fix dof); c_ID[1..6] the kinetic energy tensor of v − v_cm.
 */
export class ComputeTempCOM extends GlobalCompute {
  readonly sizeVector = 6;
  readonly extensiveScalar = false;
  readonly extensiveVector = true;
  private readonly vector = new Float64Array(6);
  private readonly vcm = new Float64Array(3);
  readonly tempBias = true;
  extraDof?: number;
  dynamicDof?: boolean;

  constructor(
    id: string,
    private readonly groupBit: number,
  ) {
    super(id, 'temp/com');
  }

  computeScalar(sim: Simulation): number {
    const s = sim.system;
    const bit = this.groupBit;
    groupVcm(s, bit, this.massTotal(sim), this.vcm);
    const [c0, c1, c2] = this.vcm;
    const v = s.v,
      mask = s.mask,
      mass = s.mass,
      pm = s.perAtomMass,
      rm = s.rmass,
      type = s.type;
    let t = 0.0;
    for (let i = 0; i < s.n; i++) {
      if (!(mask[i] & bit)) continue;
      const k = 3 * i;
      const vx = v[k] - c0,
        vy = v[k + 1] - c1,
        vz = v[k + 2] - c2;
      t += (vx * vx + vy * vy + vz * vz) * (pm ? rm[i] : mass[type[i]]);
    }
    const dof = groupDof(sim, bit, this);
    return dof > 0 ? (t * s.units.mvv2e) / (dof * s.units.boltz) : 0.0;
  }

  /** LAMMPS masstotal: the group's mass at setup (atoms lost since still count) unless dynamic/dof yes. */
  private massTotal(sim: Simulation): number {
    const m = groupMass(sim.system, this.groupBit);
    return this.dynamicDof ? m : m + lostMassInGroup(sim, this.groupBit);
  }

  temperatureDof(sim: Simulation): number {
    return groupDof(sim, this.groupBit, this);
  }

  removeBias(sim: Simulation, i: number): void {
    shiftVelocity(sim, i, this.vcm, -1);
  }

  restoreBias(sim: Simulation, i: number): void {
    shiftVelocity(sim, i, this.vcm, 1);
  }

  removeBiasAll(sim: Simulation): void {
    for (let i = 0; i < sim.system.n; i++) if (sim.system.mask[i] & this.groupBit) shiftVelocity(sim, i, this.vcm, -1);
  }

  restoreBiasAll(sim: Simulation): void {
    for (let i = 0; i < sim.system.n; i++) if (sim.system.mask[i] & this.groupBit) shiftVelocity(sim, i, this.vcm, 1);
  }

  computeVector(sim: Simulation): Float64Array {
    const s = sim.system;
    const bit = this.groupBit;
    groupVcm(s, bit, this.massTotal(sim), this.vcm);
    const [c0, c1, c2] = this.vcm;
    const v = s.v,
      mask = s.mask,
      mass = s.mass,
      pm = s.perAtomMass,
      rm = s.rmass,
      type = s.type;
    const t = this.vector;
    t.fill(0);
    for (let i = 0; i < s.n; i++) {
      if (!(mask[i] & bit)) continue;
      const m = pm ? rm[i] : mass[type[i]];
      const k = 3 * i;
      const vx = v[k] - c0,
        vy = v[k + 1] - c1,
        vz = v[k + 2] - c2;
      t[0] += m * vx * vx;
      t[1] += m * vy * vy;
      t[2] += m * vz * vz;
      t[3] += m * vx * vy;
      t[4] += m * vx * vz;
      t[5] += m * vy * vz;
    }
    for (let k = 0; k < 6; k++) t[k] *= s.units.mvv2e;
    return t;
  }
}

/** Bias removal of compute temp/com: v −= v_cm of the last computeScalar (LAMMPS vbias), then += back. */
function shiftVelocity(sim: Simulation, i: number, c: Float64Array, sign: number): void {
  const v = sim.system.v;
  v[3 * i] += sign * c[0];
  v[3 * i + 1] += sign * c[1];
  v[3 * i + 2] += sign * c[2];
}

export function createComputeTempCOM(id: string, group: string, args: string[], sim: Simulation): Compute {
  new Args('compute temp/com', args).end();
  return new ComputeTempCOM(id, sim.groups.bit(group, 'compute'));
}
