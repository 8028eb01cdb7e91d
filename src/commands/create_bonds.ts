import { Args } from '../args.js';
import type { Deck } from '../deck.js';
import type { Simulation } from '../simulation.js';

/**
 * create_bonds many group1 group2 btype rmin rmax | single/bond btype atom1 atom2 [special yes|no]
 * (LAMMPS CreateBonds, 29 Sep 2021).
 *
 * `many`: a bond of type btype between every pair of atoms I, J (I in group1 and J in group2 or
 * the other way round) with rmin <= r <= rmax, r the distance of the nearest periodic image (LAMMPS
 * loops over a full neighbor list of owned + ghost atoms). As in LAMMPS, the bond is stored with the
 * atom of the smaller ID (newton_bond on), pairs already bonded are skipped (LAMMPS requires 1-2
 * special weights of 0 so that they are missing from its neighbor list), and rmax may not exceed the
 * neighbor cutoff (pair cutoff + skin). `single/bond`: one bond between two atom IDs, stored with
 * the first. The special lists are rebuilt at the next run's init, which is where LAMMPS's
 * `special yes` build matters; `special no` is accepted for single/bond only, as in LAMMPS.
 *
 * Not modelled: LAMMPS's per-atom bond limit (create_box extra/bond/per/atom) is not enforced.
 */
export function createBonds(args: string[], deck: Deck): void {
  const sim = deck.sim;
  const s = sim.system;
  if (!s.boxExists) throw new Error('Create_bonds command before simulation box is defined');
  if (!s.atomStyle.kinds.includes('bond'))
    throw new Error(`Cannot use create_bonds with non-molecular system (atom_style ${s.atomStyle.name})`);
  const a = new Args('create_bonds', args);
  a.need(4, 'many group1 group2 btype rmin rmax | single/bond btype atom1 atom2');
  const style = a.oneOf('style', [
    'many',
    'single/bond',
    'single/angle',
    'single/dihedral',
    'single/improper',
  ] as const);
  if (style !== 'many' && style !== 'single/bond') a.fail(`style ${style} is not supported yet (many, single/bond)`);
  const nbondtypes = s.topology.bond.ntypes;
  if (style === 'many') {
    a.need(5, 'group1 group2 btype rmin rmax');
    const g1 = sim.groups.bit(a.word('group1'), 'create_bonds');
    const g2 = sim.groups.bit(a.word('group2'), 'create_bonds');
    const btype = a.int('btype');
    const rmin = a.num('rmin');
    const rmax = a.num('rmax');
    if (rmin > rmax) a.fail(`rmin ${rmin} > rmax ${rmax}`);
    a.end();
    if (btype <= 0 || btype > nbondtypes)
      throw new Error(`Invalid bond type ${btype} in create_bonds command (bond types 1-${nbondtypes})`);
    many(sim, g1, g2, btype, rmin, rmax);
  } else {
    a.need(3, 'btype atom1 atom2');
    const btype = a.int('btype');
    const id1 = a.int('atom1', { ge: 1 });
    const id2 = a.int('atom2', { ge: 1 });
    if (id1 === id2) a.fail('atom1 and atom2 must differ');
    a.keywords({
      special: (k) => {
        k.bool('special');
      },
    });
    if (btype <= 0 || btype > nbondtypes)
      throw new Error(`Invalid bond type ${btype} in create_bonds command (bond types 1-${nbondtypes})`);
    const tags = s.tag.subarray(0, s.n);
    if (tags.indexOf(id1) < 0 || tags.indexOf(id2) < 0) throw new Error('Create_bonds single/bond atoms do not exist');
    s.topology.bond.add(btype, [id1, id2]);
  }
}

/** LAMMPS CreateBonds::many on one process: every pair once, stored with the smaller ID. */
function many(sim: Simulation, g1: number, g2: number, btype: number, rmin: number, rmax: number): void {
  const s = sim.system;
  const pair = sim.pair;
  if (pair === null) throw new Error('Create_bonds requires a pair style be defined');
  // LAMMPS runs lmp->init() here: the pair's cutoff is known after its init.
  pair.init(s, sim);
  const cutneigh = pair.cutoff() + sim.neighbor.skin;
  if (rmax > cutneigh) throw new Error(`Create_bonds max distance ${rmax} > neighbor cutoff ${cutneigh}`);
  const special = sim.molecular.special;
  if (special.lj[1] !== 0.0 || special.coul[1] !== 0.0)
    throw new Error('Create_bonds command requires special_bonds 1-2 weights be 0.0');
  const bonds = s.topology.bond;
  const before = bonds.count;
  // Pairs already bonded are not in LAMMPS's list (1-2 weight 0): skip them.
  const bonded = new Set<number>();
  const pairKey = (a: number, b: number) => (a < b ? a * 4294967296 + b : b * 4294967296 + a);
  for (let t = 0; t < bonds.count; t++) bonded.add(pairKey(bonds.tags[2 * t], bonds.tags[2 * t + 1]));
  const rminsq = rmin * rmin,
    rmaxsq = rmax * rmax;
  const x = s.x,
    mask = s.mask,
    tag = s.tag;
  const d = new Float64Array(3);
  for (let i = 0; i < s.n; i++) {
    for (let j = 0; j < s.n; j++) {
      // stored once, with the atom of the smaller ID (LAMMPS newton_bond on)
      if (!(tag[i] < tag[j])) continue;
      const flag = (mask[i] & g1 && mask[j] & g2) || (mask[i] & g2 && mask[j] & g1);
      if (!flag) continue;
      d[0] = x[3 * i] - x[3 * j];
      d[1] = x[3 * i + 1] - x[3 * j + 1];
      d[2] = x[3 * i + 2] - x[3 * j + 2];
      s.box.minimumImage(d);
      const rsq = d[0] * d[0] + d[1] * d[1] + d[2] * d[2];
      if (rsq < rminsq || rsq > rmaxsq) continue;
      if (bonded.has(pairKey(tag[i], tag[j]))) continue;
      bonds.add(btype, [tag[i], tag[j]]);
    }
  }
  sim.out.print(`Added ${bonds.count - before} bonds, new total = ${bonds.count}`);
}
