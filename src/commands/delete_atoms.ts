import { Args } from '../args.js';
import { COMMANDS, type Deck } from '../deck.js';
import { removeAtoms } from '../remove_atoms.js';

/**
 * delete_atoms group ID | region ID [compress yes|no] [bond yes|no] [mol yes|no] (LAMMPS
 * DeleteAtoms). Atoms are removed as LAMMPS removes them, the last atom moving into each hole
 * (AtomVec::copy(nlocal-1, i); src/remove_atoms.ts), so the atom order afterwards is LAMMPS's; with compress yes (the
 * default) the IDs are then renumbered 1..N in that order (Atom::tag_extend). Fixes with per-atom
 * state follow through their permute hook.
 */
export function registerDeleteAtoms(): void {
  COMMANDS.register('delete_atoms', deleteAtoms);
}

function deleteAtoms(args: string[], deck: Deck): void {
  const sim = deck.sim;
  const s = sim.system;
  if (!s.boxExists) throw new Error('Delete_atoms command before simulation box is defined');
  const a = new Args('delete_atoms', args);
  const style = a.oneOf('style', ['group', 'region', 'overlap', 'porosity'] as const);
  if (style === 'overlap' || style === 'porosity')
    a.fail(`style ${style} is not supported by dpmd yet (group and region are)`);
  const del = new Uint8Array(s.n);
  if (style === 'group') {
    const name = a.word('group ID');
    const g = sim.groups.find(name);
    if (g < 0) a.fail(`Could not find delete_atoms group ID '${name}'`);
    const bit = 1 << g;
    for (let i = 0; i < s.n; i++) if (s.mask[i] & bit) del[i] = 1;
  } else {
    const name = a.word('region ID');
    const r = deck.regions.get(name);
    if (!r) throw new Error(`delete_atoms: Could not find delete_atoms region ID '${name}'`);
    for (let i = 0; i < s.n; i++) if (r.match(s.x[3 * i], s.x[3 * i + 1], s.x[3 * i + 2])) del[i] = 1;
  }
  let compress = true;
  a.keywords({
    compress: (k) => {
      compress = k.bool('compress');
    },
    bond: (k) => k.bool('bond'),
    mol: (k) => {
      if (k.bool('mol')) k.fail('mol yes (deleting whole molecules) is not supported by dpmd yet');
    },
  });
  if (s.topology.any) a.fail('systems with bonds, angles or dihedrals are not supported by dpmd yet');

  const n = s.n;
  removeAtoms(sim, del);
  const nlocal = s.n;
  if (compress) {
    for (let k = 0; k < nlocal; k++) s.tag[k] = k + 1;
    s.maxTag = nlocal;
  }
  sim.out.print(`Deleted ${n - nlocal} atoms, new total = ${nlocal}`);
}
