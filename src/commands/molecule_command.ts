import { Args } from '../args.js';
import type { Deck } from '../deck.js';
import { type MoleculeOptions, readMoleculeFile } from '../molecular/molecule_template.js';

/**
 * molecule ID file [offset Toff Boff Aoff Doff Ioff] [toff N] [boff N] [aoff N] [doff N] [ioff N]
 * [scale s] (LAMMPS Molecule): read a molecule template into Simulation.molecules. One file per
 * ID; LAMMPS's molecule sets (several files) and the body/fragment keywords are refused by name.
 */
export function moleculeCommand(args: string[], deck: Deck): void {
  const a = new Args('molecule', args);
  a.need(2, 'ID file');
  const id = a.word('ID');
  if (!/^[A-Za-z0-9_]+$/.test(id))
    a.fail(`Molecule template ID '${id}' must use only alphanumeric or underscore characters`);
  if (deck.sim.molecules.has(id)) a.fail(`Reuse of molecule template ID '${id}'`);
  const file = a.word('file');
  const opt: MoleculeOptions = { toff: 0, offsets: { bond: 0, angle: 0, dihedral: 0, improper: 0 }, scale: 1 };
  const next = a.peek();
  if (next !== undefined && !['offset', 'toff', 'boff', 'aoff', 'doff', 'ioff', 'scale'].includes(next))
    a.fail(
      `molecule sets of several files ('${file} ${next}' ...) are not supported yet; keywords: offset toff boff aoff doff ioff scale`,
    );
  a.keywords({
    offset: (k) => {
      opt.toff = k.int('Toff', { ge: 0 });
      opt.offsets.bond = k.int('Boff', { ge: 0 });
      opt.offsets.angle = k.int('Aoff', { ge: 0 });
      opt.offsets.dihedral = k.int('Doff', { ge: 0 });
      opt.offsets.improper = k.int('Ioff', { ge: 0 });
    },
    toff: (k) => {
      opt.toff = k.int('toff', { ge: 0 });
    },
    boff: (k) => {
      opt.offsets.bond = k.int('boff', { ge: 0 });
    },
    aoff: (k) => {
      opt.offsets.angle = k.int('aoff', { ge: 0 });
    },
    doff: (k) => {
      opt.offsets.dihedral = k.int('doff', { ge: 0 });
    },
    ioff: (k) => {
      opt.offsets.improper = k.int('ioff', { ge: 0 });
    },
    scale: (k) => {
      opt.scale = k.num('scale', { gt: 0 });
    },
  });
  const t = readMoleculeFile(id, deck.inputPath(file), opt);
  deck.sim.molecules.set(id, t);
  const n = (k: 'bond' | 'angle' | 'dihedral' | 'improper') => t.terms[k].type.length;
  deck.sim.out.print(
    `Read molecule template ${id}:\n  1 molecules\n  ${t.natoms} atoms with max type ${Math.max(...t.type)}\n  ${n('bond')} bonds\n  ${n('angle')} angles\n  ${n('dihedral')} dihedrals\n  ${n('improper')} impropers`,
  );
}
