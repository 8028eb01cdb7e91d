import { lostInGroup } from './lost_atoms.js';
import type { Simulation } from './simulation.js';

/**
 * The thermodynamic computes LAMMPS creates by default (thermo_temp, thermo_press, thermo_pe),
 * with its formulas and degree-of-freedom rules.
 */

/**
 * Degrees of freedom of the temperature: d N - d (LAMMPS dimension * natoms - extra_dof, extra_dof =
 * dimension) - what fixes remove; d = 3, or 2 in a 2d simulation.
 */
export function temperatureDof(sim: Simulation): number {
  const d = sim.system.dimension;
  // atoms lost (or added) during the run still count (or not) until the next setup, as in LAMMPS,
  // unless compute_modify thermo_temp dynamic/dof yes recounts them at every evaluation
  const dynamic = sim.computes.find((c) => c.id === 'thermo_temp')?.dynamicDof === true;
  let dof = d * (sim.system.n + (dynamic ? 0 : lostInGroup(sim, 1))) - d;
  for (const f of sim.fixes) if (f.dofRemoved) dof -= f.dofRemoved(sim, 1);
  return dof;
}

/** Twice the kinetic energy in mass*velocity^2 units: sum m v^2. */
export function sumMv2(sim: Simulation): number {
  const s = sim.system;
  const v = s.v,
    mass = s.mass,
    rmass = s.rmass,
    type = s.type;
  let t = 0;
  for (let i = 0; i < s.n; i++) {
    const m = rmass !== null ? rmass[i] : mass[type[i]];
    t += (v[3 * i] * v[3 * i] + v[3 * i + 1] * v[3 * i + 1] + v[3 * i + 2] * v[3 * i + 2]) * m;
  }
  return t;
}

/** Temperature (LAMMPS compute temp), temperature units. */
export function temperature(sim: Simulation): number {
  const dof = temperatureDof(sim);
  if (dof <= 0) return 0;
  // LAMMPS multiplies by tfactor = mvv2e / (dof * boltz); keep its rounding order.
  const tfactor = sim.system.units.mvv2e / (dof * sim.system.units.boltz);
  return sumMv2(sim) * tfactor;
}

/** Kinetic energy (energy units). */
export function kineticEnergy(sim: Simulation): number {
  return 0.5 * sim.system.units.mvv2e * sumMv2(sim);
}

/** Kinetic energy tensor sum m v_a v_b * mvv2e in LAMMPS order xx yy zz xy xz yz (energy units). */
export function keTensor(sim: Simulation, out: Float64Array): void {
  const s = sim.system;
  const v = s.v,
    mass = s.mass,
    rmass = s.rmass,
    type = s.type;
  out.fill(0);
  for (let i = 0; i < s.n; i++) {
    const m = rmass !== null ? rmass[i] : mass[type[i]];
    const vx = v[3 * i],
      vy = v[3 * i + 1],
      vz = v[3 * i + 2];
    out[0] += m * vx * vx;
    out[1] += m * vy * vy;
    out[2] += m * vz * vz;
    out[3] += m * vx * vy;
    out[4] += m * vx * vz;
    out[5] += m * vy * vz;
  }
  for (let k = 0; k < 6; k++) out[k] *= s.units.mvv2e;
}

/** Scalar pressure (LAMMPS compute pressure with the thermo temperature), pressure units. */
export function pressure(sim: Simulation, temp = temperature(sim)): number {
  const u = sim.system.units;
  const w = sim.virial;
  const dof = temperatureDof(sim);
  // 2d: (dof k T + W_xx + W_yy) / 2 / area (LAMMPS ComputePressure::compute_scalar).
  if (sim.system.dimension === 2)
    return ((dof * u.boltz * temp + w[0] + w[1]) / 2 / sim.system.box.volume()) * u.nktv2p;
  return ((dof * u.boltz * temp + w[0] + w[1] + w[2]) / 3 / sim.system.box.volume()) * u.nktv2p;
}

/** Pressure tensor xx yy zz xy xz yz, pressure units. */
export function pressureTensor(sim: Simulation, out: Float64Array): void {
  keTensor(sim, out);
  const f = sim.system.units.nktv2p / sim.system.box.volume();
  for (let k = 0; k < 6; k++) out[k] = (out[k] + sim.virial[k]) * f;
  // 2d: only xx, yy, xy exist (LAMMPS sets zz, xz, yz to 0).
  if (sim.system.dimension === 2) out[2] = out[4] = out[5] = 0;
}
