import { permuteAtoms } from './atom_sort.js';
import type { Simulation } from './simulation.js';

/**
 * Remove the atoms with flag[i] = 1 as LAMMPS removes atoms (delete_atoms, and atoms lost through
 * a non-periodic boundary in Comm::exchange): the last atom moves into each hole
 * (AtomVec::copy(nlocal-1, i)), so the atom order afterwards is LAMMPS's. Fixes with per-atom state
 * follow through their permute hook. Returns the number of atoms removed; IDs are not renumbered.
 */
export function removeAtoms(sim: Simulation, flag: Uint8Array): number {
  const s = sim.system;
  const n = s.n;
  const slot = new Int32Array(n);
  for (let i = 0; i < n; i++) slot[i] = i;
  const del = flag.slice(0, n);
  let nlocal = n;
  let i = 0;
  while (i < nlocal) {
    if (del[i]) {
      const last = nlocal - 1;
      const [gone, moved] = [slot[i], slot[last]];
      slot[i] = moved;
      slot[last] = gone;
      del[i] = del[last];
      nlocal--;
    } else i++;
  }
  permuteAtoms(s, slot);
  s.n = nlocal;
  for (const f of sim.fixes) f.permute?.(slot, nlocal);
  return n - nlocal;
}
