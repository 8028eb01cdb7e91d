import type { Fix } from '../integrators/fix.js';
import type { Simulation } from './simulation.js';

/**
 * What fixes add to the thermodynamic state when the deck asks (LAMMPS Modify::energy_global and
 * the fix virials that compute pressure sums): `fix_modify ID energy yes` adds the fix's scalar (an
 * energy) to the potential energy (thermo pe, etotal, enthalpy, econserve; compute pe), and
 * `fix_modify ID virial yes` adds its virial Σ r⊗f (energy units) to the pressure, scalar and
 * tensor, and so to what barostats see. Pair-only keywords (evdwl, epair) stay pair-only.
 */

/** Σ of the scalars of the fixes with energy yes (energy units, not normalised). */
export function fixEnergy(sim: Simulation): number {
  let e = 0;
  for (const f of sim.fixes) if (f.thermoEnergy && f.energyGlobal && f.computeScalar) e += f.computeScalar(sim);
  return e;
}

/** The fixes whose virial enters the pressure (virial yes). */
export function virialFixes(sim: Simulation): Fix[] {
  return sim.fixes.filter((f) => f.thermoVirial && f.virialGlobal && f.virial6);
}

/**
 * Add the fixes' virials to sim.virial, after post_force has tallied them: the pressure computed
 * later in the step (thermo, barostat) then includes them, as LAMMPS's compute pressure does.
 */
export function addFixVirials(sim: Simulation, fixes: readonly Fix[]): void {
  const w = sim.virial;
  for (const f of fixes) {
    const v = f.virial6!(sim);
    for (let k = 0; k < 6; k++) w[k] += v[k];
  }
}
