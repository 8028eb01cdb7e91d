import { Args } from '../args.js';
import { COMMANDS, type Deck } from '../deck.js';
import { Ghosts } from '../ghosts.js';
import { SpecialList } from '../molecular/special.js';
import type { TermKind } from '../molecular/topology.js';
import { NeighborList } from '../neighbor_list.js';
import type { Simulation } from '../simulation.js';

/**
 * create_bonds (LAMMPS CreateBonds, 29 Sep 2021):
 *
 *   create_bonds many group1 group2 btype rmin rmax [special yes]
 *   create_bonds single/bond btype atom1 atom2 [special yes]
 *   create_bonds single/angle atype atom1 atom2 atom3 [special yes]
 *   create_bonds single/dihedral dtype atom1 atom2 atom3 atom4 [special yes]
 *   create_bonds single/improper itype atom1 atom2 atom3 atom4 [special yes]
 *
 * `many` does what LAMMPS does: init the system, wrap the atoms into the box, build a full
 * neighbor list over the ghosts with the pair style's cutoffs + skin (the per-type cutoffs: a pair
 * whose type cutoff + skin is below rmax is not seen, as in LAMMPS, which warns), and for every
 * local atom i and neighbor j with tag(i) < tag(j), rmin² ≤ r² ≤ rmax² (r measured from the smaller
 * tag to the larger, so both sides agree to the bit) and one atom in each group, add a bond stored
 * on i (newton_bond on: once, on the smaller tag). Bonds are appended in that order, local atom by
 * local atom. LAMMPS requires special_bonds 1-2 weights of 0 so that already bonded pairs are not
 * in its neighbor list; here the pairs the current special list excludes are skipped the same way.
 *
 * The special list is rebuilt from all bonds at every run's init (src/molecular/molecular_forces.ts),
 * which is LAMMPS's `special yes`; `special no` (keep the old special list) is refused by name.
 */
export function registerCreateBonds(): void {
  COMMANDS.register('create_bonds', createBonds);
}

const SINGLE: Record<string, { kind: TermKind; natoms: number }> = {
  'single/bond': { kind: 'bond', natoms: 2 },
  'single/angle': { kind: 'angle', natoms: 3 },
  'single/dihedral': { kind: 'dihedral', natoms: 4 },
  'single/improper': { kind: 'improper', natoms: 4 },
};

function createBonds(args: string[], deck: Deck): void {
  const sim = deck.sim;
  const s = sim.system;
  if (!s.boxExists) throw new Error('Create_bonds command before simulation box is defined');
  if (!s.atomStyle.molecule || s.atomStyle.kinds.length === 0)
    throw new Error(`Cannot use create_bonds with non-molecular system (atom_style ${s.atomStyle.name})`);
  const a = new Args('create_bonds', args);
  a.need(4, 'many group1 group2 btype rmin rmax | single/bond|angle|dihedral|improper type atom-IDs');
  const style = a.oneOf('style', ['many', ...Object.keys(SINGLE)]);
  const readSpecial = (): void =>
    a.keywords({
      special: (k) => {
        if (!k.bool('special'))
          k.fail(
            'special no is not supported by dpmd (the special list is rebuilt from all bonds at every run, as special yes)',
          );
      },
    });
  if (style === 'many') {
    if (args.length !== 6) a.fail('many takes exactly: group1 group2 btype rmin rmax');
    const g1 = groupBit(sim, a.word('group1 ID'));
    const g2 = groupBit(sim, a.word('group2 ID'));
    const btype = a.int('bond type');
    const rmin = a.num('rmin');
    const rmax = a.num('rmax');
    if (rmin > rmax) a.fail(`rmin ${rmin} > rmax ${rmax}`);
    if (btype <= 0 || btype > s.topology.bond.ntypes)
      throw new Error(`Invalid bond type ${btype} in create_bonds command (${s.topology.bond.ntypes} bond types)`);
    many(sim, g1, g2, btype, rmin, rmax);
    return;
  }
  const { kind, natoms } = SINGLE[style];
  if (!s.atomStyle.kinds.includes(kind))
    throw new Error(`create_bonds ${style}: atom_style ${s.atomStyle.name} has no ${kind}s`);
  const type = a.int(`${kind} type`);
  const ids: number[] = [];
  for (let k = 0; k < natoms; k++) ids.push(a.int(`atom ID ${k + 1}`, { ge: 1 }));
  readSpecial();
  if (new Set(ids).size !== natoms) a.fail(`${style} needs ${natoms} different atom IDs, got ${ids.join(' ')}`);
  const list = s.topology.list(kind);
  if (type <= 0 || type > list.ntypes)
    throw new Error(`Invalid ${kind} type ${type} in create_bonds command (${list.ntypes} ${kind} types)`);
  const present = new Set<number>();
  for (let i = 0; i < s.n; i++) present.add(s.tag[i]);
  if (!ids.every((t) => present.has(t))) throw new Error(`Create_bonds ${style} atoms do not exist`);
  list.add(type, ids);
}

function groupBit(sim: Simulation, name: string): number {
  const g = sim.groups.find(name);
  if (g < 0) throw new Error(`Cannot find create_bonds group ID '${name}'`);
  return 1 << g;
}

/** LAMMPS CreateBonds::many (see the file comment). */
function many(sim: Simulation, group1: number, group2: number, btype: number, rmin: number, rmax: number): void {
  const s = sim.system;
  const special = sim.molecular.special;
  if (!sim.pair) throw new Error('Create_bonds requires a pair style be defined');
  if (special.lj[1] !== 0 || special.coul[1] !== 0)
    throw new Error('Create_bonds command requires special_bonds 1-2 weights be 0.0');
  // LAMMPS lmp->init(): the pair style's cutoffs give the neighbor cutoffs.
  sim.init();
  const nbr = sim.neighbor;
  const cutMax = nbr.cutNeighbor;
  let cutMin = cutMax;
  const tcs = nbr.typeCutSq;
  if (tcs) {
    const nt = s.ntypes;
    for (let i = 1; i <= nt; i++)
      for (let j = 1; j <= nt; j++) cutMin = Math.min(cutMin, Math.sqrt(tcs[i * (nt + 1) + j]));
  }
  if (rmax > cutMax) throw new Error(`Create_bonds max distance ${rmax} > neighbor cutoff ${cutMax}`);
  if (rmax > cutMin) sim.out.warn('Create_bonds max distance > minimum neighbor cutoff');

  // domain->pbc() and the ghosts (comm->borders), then the command's full list.
  const box = s.box;
  box.wrapAll(s.x, s.image, s.n);
  const ghosts = new Ghosts();
  ghosts.build(box, s.x, s.type, s.n, cutMax);
  const list = new NeighborList(false);
  list.build(ghosts, cutMax, tcs, s.ntypes, null);

  // Pairs the special list excludes (both weights 0) are not in LAMMPS's list: already bonded.
  const topo = s.topology;
  const spec = new SpecialList();
  spec.build(s.maxTag, topo.bond.tags, topo.bond.count);
  const flags = [1, special.flag(1), special.flag(2), special.flag(3)];
  const half = [0.5 * box.lx, 0.5 * box.ly, 0.5 * box.lz];

  const rminsq = rmin * rmin,
    rmaxsq = rmax * rmax;
  const x = ghosts.xAll,
    map = ghosts.map,
    tag = s.tag,
    mask = s.mask;
  const before = topo.bond.count;
  const pairAtoms = [0, 0];
  for (let i = 0; i < s.n; i++) {
    const ti = tag[i];
    for (let p = list.offset[i]; p < list.offset[i + 1]; p++) {
      const j = list.list[p];
      const jl = map[j];
      const tj = tag[jl];
      let dx: number, dy: number, dz: number;
      if (ti < tj) {
        dx = x[3 * i] - x[3 * j];
        dy = x[3 * i + 1] - x[3 * j + 1];
        dz = x[3 * i + 2] - x[3 * j + 2];
      } else if (ti > tj) {
        dx = x[3 * j] - x[3 * i];
        dy = x[3 * j + 1] - x[3 * i + 1];
        dz = x[3 * j + 2] - x[3 * i + 2];
      } else continue;
      const rsq = dx * dx + dy * dy + dz * dz;
      if (rsq < rminsq || rsq > rmaxsq) continue;
      const ok = (mask[i] & group1 && mask[jl] & group2) || (mask[i] & group2 && mask[jl] & group1);
      if (!ok) continue;
      if (ti > tj) continue; // stored once, on the smaller tag (newton_bond on)
      if (excluded(spec, flags, ti, tj, dx, dy, dz, half, box.periodic)) continue;
      pairAtoms[0] = ti;
      pairAtoms[1] = tj;
      topo.bond.add(btype, pairAtoms);
    }
  }
  sim.out.print(`Added ${topo.bond.count - before} bonds, new total = ${topo.bond.count}`);
}

/** Whether the special list drops pair (ti, tj) from a neighbor list (src/molecular/special.ts filter). */
function excluded(
  spec: SpecialList,
  flags: readonly number[],
  ti: number,
  tj: number,
  dx: number,
  dy: number,
  dz: number,
  half: readonly number[],
  periodic: readonly boolean[],
): boolean {
  for (let k = spec.first[ti]; k < spec.first[ti + 1]; k++) {
    if (spec.partner[k] !== tj) continue;
    const farImage =
      (periodic[0] && Math.abs(dx) > half[0]) ||
      (periodic[1] && Math.abs(dy) > half[1]) ||
      (periodic[2] && Math.abs(dz) > half[2]);
    return !farImage && flags[spec.code[k]] === 0;
  }
  return false;
}
