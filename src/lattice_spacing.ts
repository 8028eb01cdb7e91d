import type { Simulation } from './simulation.js';

/**
 * The lattice spacings of the simulation's current lattice (LAMMPS domain->lattice xlattice,
 * ylattice, zlattice, length units), set by the `lattice` command, for the thermo keywords xlat,
 * ylat, zlat (and so for formulas). Without a lattice command LAMMPS's default lattice is
 * `none 1.0`: every spacing is 1.
 */
const spacing = new WeakMap<Simulation, readonly [number, number, number]>();

export function setLatticeSpacing(sim: Simulation, x: number, y: number, z: number): void {
  spacing.set(sim, [x, y, z]);
}

/** Spacing along dimension d (0 x, 1 y, 2 z). */
export function latticeSpacing(sim: Simulation, d: 0 | 1 | 2): number {
  return spacing.get(sim)?.[d] ?? 1.0;
}
