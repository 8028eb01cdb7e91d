import type { Compute } from './compute.js';
import type { Simulation } from './simulation.js';

/**
 * `thermo_modify temp ID`: thermo's temperature, kinetic energy and pressure taken from a
 * temperature compute instead of the default one on group all (LAMMPS resets the thermo pressure's
 * temperature to the same compute). As LAMMPS's Thermo and ComputePressure compute them:
 *   temp  = T_c,  ke = T_c · dof_c · k_B / 2,
 *   press = (dof_c k_B T_c + W_xx + W_yy + W_zz) / (3 V) · nktv2p        (2d: xx + yy, / (2 A)),
 *   p_ab  = (K_c,ab + W_ab) / V · nktv2p  with K_c the compute's kinetic energy tensor.
 */
export interface TemperatureCompute extends Compute {
  computeScalar(sim: Simulation): number;
  /** The kinetic energy tensor Σ m v_a v_b mvv2e (xx yy zz xy xz yz), energy units. */
  computeVector(sim: Simulation): Float64Array;
  /** Degrees of freedom of the temperature (LAMMPS Compute::dof), as of now. */
  temperatureDof(sim: Simulation): number;
}

/** A compute that can stand in for thermo's temperature (LAMMPS tempflag). */
export function isTemperatureCompute(c: Compute): c is TemperatureCompute {
  const t = c as Partial<TemperatureCompute>;
  return typeof t.temperatureDof === 'function' && !!t.computeScalar && !!t.computeVector;
}

/** The compute named by thermo_modify temp, checked as LAMMPS's Thermo::init checks it. */
export function thermoTemperatureCompute(sim: Simulation, id: string): TemperatureCompute {
  const c = sim.computes.find((x) => x.id === id);
  if (!c) throw new Error(`Could not find thermo_modify temperature ID '${id}'`);
  if (!isTemperatureCompute(c)) throw new Error(`Thermo_modify temperature ID '${id}' does not compute temperature`);
  return c;
}

/** Kinetic energy as thermo's `ke` with a temperature compute, energy units. */
export function computeKineticEnergy(sim: Simulation, c: TemperatureCompute, t: number): number {
  return t * 0.5 * c.temperatureDof(sim) * sim.system.units.boltz;
}

/** Scalar pressure from a temperature compute's T and dof (ComputePressure::compute_scalar). */
export function computePressure(sim: Simulation, c: TemperatureCompute, t: number): number {
  const u = sim.system.units;
  const w = sim.virial;
  const dof = c.temperatureDof(sim);
  const inv = 1 / sim.system.box.volume();
  if (sim.system.dimension === 2) return ((dof * u.boltz * t + w[0] + w[1]) / 2.0) * inv * u.nktv2p;
  return ((dof * u.boltz * t + w[0] + w[1] + w[2]) / 3.0) * inv * u.nktv2p;
}

/** Pressure tensor from a temperature compute's kinetic energy tensor (ComputePressure::compute_vector). */
export function computePressureTensor(sim: Simulation, c: TemperatureCompute, out: Float64Array): void {
  const ke = c.computeVector(sim);
  const inv = 1 / sim.system.box.volume();
  const nktv2p = sim.system.units.nktv2p;
  for (let k = 0; k < 6; k++) out[k] = (ke[k] + sim.virial[k]) * inv * nktv2p;
  if (sim.system.dimension === 2) out[2] = out[4] = out[5] = 0;
}
