import { ComputePE } from './compute_pe.js';
import { ComputePressure } from './compute_pressure.js';
import { ComputeTemp } from './compute_temp.js';
import type { Simulation } from './simulation.js';

/**
 * The computes LAMMPS defines for thermo output (Output's constructor): thermo_temp (compute temp
 * of all), thermo_press (compute pressure with thermo_temp) and thermo_pe (compute pe), so decks
 * can read c_thermo_temp, c_thermo_press[i], c_thermo_pe or build on them
 * (`compute p all pressure thermo_temp virial`). They equal thermo's temp, press/pxx... and pe.
 */
export function addDefaultComputes(sim: Simulation): void {
  const temp = new ComputeTemp('thermo_temp', 1);
  const press = new ComputePressure('thermo_press', 'thermo_temp', true, true, false);
  const pe = new ComputePE('thermo_pe', true, true);
  for (const c of [temp, press, pe]) {
    c.group = 'all';
    sim.computes.push(c);
  }
}
