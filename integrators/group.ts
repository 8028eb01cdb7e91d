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

/** Σ a_i · b_i over the group's atoms (a, b: n × 3), in atom order; e.g. a thermostat's force · velocity tally. */
export function groupDot(sim: Simulation, bit: number, a: Float64Array, b: Float64Array): number {
  const mask = sim.system.mask;
  let e = 0.0;
  for (let i = 0; i < sim.system.n; i++) {
    if (!(mask[i] & bit)) continue;
    const k = 3 * i;
    e += a[k] * b[k] + a[k + 1] * b[k + 1] + a[k + 2] * b[k + 2];
  }
  return e;
}
