import type { Simulation } from '../src/simulation.js';

/**
 * The mask bit of the group a fix or compute acts on (LAMMPS igroup/groupbit): atoms with
 * `system.mask[i] & bit` belong to it. The error names the asker as LAMMPS does ("Could not find
 * fix group ID").
 */
export function groupBitOf(sim: Simulation, group: string, kind: 'fix' | 'compute' = 'fix'): number {
  return sim.groups.bit(group, kind);
}

/**
 * For styles that only support group all so far (compute rdf): a deck naming another group fails
 * clearly instead of silently acting on every atom.
 */
export function requireGroupAll(style: string, group: string, kind: 'fix' | 'compute' = 'fix'): void {
  if (group !== 'all') throw new Error(`${kind} ${style}: only group 'all' is supported (got '${group}')`);
}
