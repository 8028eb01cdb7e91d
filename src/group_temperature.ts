import type { Simulation } from './simulation.js';
import { groupCount } from './groups.js';
import { lostInGroup } from './lost_atoms.js';

/**
 * Temperature of a group as LAMMPS's compute temp computes it (ComputeTemp with the group of the
 * fix or compute that owns it): dof = d N_group − d (d = dimension: extra_dof, whatever the group) − what fixes
 * remove from the group; T = Σ m v² · mvv2e / (dof k_B). Units: temperature units, energies in
 * energy units.
 */

/**
 * Degrees of freedom of the group's temperature (LAMMPS ComputeTemp::dof_compute):
 * d N − extra − fix dof, extra = d unless `compute_modify extra/dof` says otherwise. LAMMPS counts
 * N at setup, so atoms lost during a run still count unless `compute_modify dynamic/dof yes`.
 */
export function groupDof(sim: Simulation, bit: number, mod?: DofSettings): number {
  const d = sim.system.dimension; // 2d: 2 N_group - 2 (LAMMPS dimension * count - extra_dof)
  const lost = mod?.dynamicDof ? 0 : lostInGroup(sim, bit); // src/lost_atoms.ts
  let dof = d * (groupCount(sim.system, bit) + lost) - (mod?.extraDof ?? d);
  for (const f of sim.fixes) if (f.dofRemoved) dof -= f.dofRemoved(sim, bit);
  return dof;
}

/** compute_modify extra/dof and dynamic/dof of a temperature compute (LAMMPS extra_dof, dynamic_user). */
export interface DofSettings {
  extraDof?: number;
  dynamicDof?: boolean;
}

/** Σ m v² over the group's atoms (mass·velocity² units), in atom order. */
export function groupSumMv2(sim: Simulation, bit: number): number {
  const s = sim.system;
  const v = s.v,
    mass = s.mass,
    pm = s.perAtomMass,
    rm = s.rmass,
    type = s.type,
    mask = s.mask;
  let t = 0.0;
  for (let i = 0; i < s.n; i++) {
    if (!(mask[i] & bit)) continue;
    const k = 3 * i;
    t += (v[k] * v[k] + v[k + 1] * v[k + 1] + v[k + 2] * v[k + 2]) * (pm ? rm[i] : mass[type[i]]);
  }
  return t;
}

/** The group's temperature with the given dof; 0 when dof <= 0 (LAMMPS tfactor = 0). */
export function groupTemperature(sim: Simulation, bit: number, dof = groupDof(sim, bit)): number {
  const u = sim.system.units;
  const tfactor = dof > 0 ? u.mvv2e / (dof * u.boltz) : 0.0;
  return groupSumMv2(sim, bit) * tfactor;
}

/** Kinetic energy tensor of the group Σ m v_a v_b · mvv2e, order xx yy zz xy xz yz (compute temp vector). */
export function groupKeTensor(sim: Simulation, bit: number, out: Float64Array): void {
  const s = sim.system;
  const v = s.v,
    mass = s.mass,
    pm = s.perAtomMass,
    rm = s.rmass,
    type = s.type,
    mask = s.mask;
  let t0 = 0.0,
    t1 = 0.0,
    t2 = 0.0,
    t3 = 0.0,
    t4 = 0.0,
    t5 = 0.0;
  for (let i = 0; i < s.n; i++) {
    if (!(mask[i] & bit)) continue;
    const m = pm ? rm[i] : mass[type[i]];
    const k = 3 * i;
    const vx = v[k],
      vy = v[k + 1],
      vz = v[k + 2];
    t0 += m * vx * vx;
    t1 += m * vy * vy;
    t2 += m * vz * vz;
    t3 += m * vx * vy;
    t4 += m * vx * vz;
    t5 += m * vy * vz;
  }
  const e = s.units.mvv2e;
  out[0] = t0 * e;
  out[1] = t1 * e;
  out[2] = t2 * e;
  out[3] = t3 * e;
  out[4] = t4 * e;
  out[5] = t5 * e;
}
