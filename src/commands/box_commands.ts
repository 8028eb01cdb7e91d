import { setLatticeSpacing } from '../lattice_spacing.js';
import { Args } from '../args.js';
import { COMMANDS, type Deck } from '../deck.js';
import { Lattice } from '../lattice.js';
import { parseTypeRange } from '../parse.js';
import { Region } from '../region.js';
import type { Box } from '../box.js';
import { parseBoundary, ShrinkWrap } from '../shrink_wrap.js';
import { AtomSystem } from '../system.js';
import { unitSystem } from '../units.js';
import { createAtoms } from './create_atoms.js';

/** Commands that define units, the box, lattices, regions, atoms and masses. */
export function registerBoxCommands(): void {
  COMMANDS.register('units', units);
  COMMANDS.register('atom_modify', (args, deck) => {
    const a = new Args('atom_modify', args);
    // Atom maps, first groups and ID flags only change bookkeeping here, never results.
    const bookkeeping = (k: Args) => {
      k.word('value');
    };
    a.keywords({
      sort: (k) => {
        deck.sim.sortEvery = k.int('sort frequency', { ge: 0 });
        deck.sim.sortBinsize = k.num('sort binsize', { ge: 0 });
      },
      map: bookkeeping,
      first: bookkeeping,
      id: bookkeeping,
    });
  });
  // dimension 2|3 (LAMMPS Domain): before the box; 2d boxes need a periodic z straddling z = 0.
  COMMANDS.register('dimension', (args, deck) => {
    const a = new Args('dimension', args);
    const d = a.oneOf('dimension', ['2', '3'] as const);
    a.end();
    if (deck.sim.system.boxExists) throw new Error('Dimension command after simulation box is defined');
    deck.sim.system.dimension = d === '2' ? 2 : 3;
  });
  COMMANDS.register('boundary', boundary);
  // `box tilt large|small` (LAMMPS 29 Sep 2021): whether a tilt beyond half the box length is allowed.
  COMMANDS.register('box', (args, deck) => {
    const a = new Args('box', args);
    a.oneOf('keyword', ['tilt'] as const);
    deck.tiltLarge = a.oneOf('tilt', ['small', 'large'] as const) === 'large';
    a.end();
  });
  COMMANDS.register('lattice', (args, deck) => {
    deck.lattice = Lattice.parse(args, deck.sim.system.units.name, deck.sim.system.dimension);
    setLatticeSpacing(deck.sim, deck.lattice.xlattice, deck.lattice.ylattice, deck.lattice.zlattice);
    if (deck.lattice.style !== 'none') {
      const L = deck.lattice;
      deck.sim.out.print(
        `Lattice spacing in x,y,z = ${[L.xlattice, L.ylattice, L.zlattice].map((v) => Number(v.toPrecision(8))).join(' ')}`,
      );
    }
  });
  COMMANDS.register('region', (args, deck) => {
    if (args.length < 2) throw new Error('Illegal region command');
    if (args[1] === 'delete') {
      new Args('region delete', args.slice(2)).end();
      deck.regions.delete(args[0]);
      return;
    }
    if (deck.regions.has(args[0])) throw new Error(`Reuse of region ID '${args[0]}'`);
    const box = deck.sim.system.boxExists ? deck.sim.system.box : null;
    deck.regions.set(args[0], Region.parse(args, deck.lattice, box, deck.regions));
  });
  COMMANDS.register('create_box', createBox);
  COMMANDS.register('create_atoms', createAtoms);
  COMMANDS.register('mass', (args, deck) => {
    const s = deck.sim.system;
    if (!s.boxExists) throw new Error('Mass command before simulation box is defined');
    if (s.perAtomMass)
      throw new Error(`Cannot set mass for atom style ${s.atomStyle.name} (per-atom masses: use set mass/density)`);
    const a = new Args('mass', args);
    a.need(2, 'I value');
    const [lo, hi] = parseTypeRange(a.word('type'), s.ntypes);
    const m = a.num('mass', { gt: 0 });
    a.end();
    for (let t = lo; t <= hi; t++) {
      s.mass[t] = m;
      s.massSet[t] = true;
    }
  });
}

function units(args: string[], deck: Deck): void {
  const a = new Args('units', args);
  const name = a.word('style');
  a.end();
  if (deck.sim.system.boxExists) throw new Error('Units command after simulation box is defined');
  const u = unitSystem(name);
  deck.sim.system.units = u;
  deck.sim.dt = u.dt;
  deck.sim.neighbor.skin = u.skin;
}

function boundary(args: string[], deck: Deck): void {
  if (deck.sim.system.boxExists) throw new Error('Boundary command after simulation box is defined');
  const faces = parseBoundary(args);
  deck.boundaryFaces = faces;
  deck.boundary = [faces[0] === 'p', faces[2] === 'p', faces[4] === 'p'];
}

/** A new box takes the shrink-wrapped faces of the boundary command (boundary s/m). */
export function applyShrinkWrap(deck: Deck, box: Box): void {
  if (deck.boundaryFaces.some((f) => f === 's' || f === 'm')) box.shrink = new ShrinkWrap(deck.boundaryFaces, box);
}

function createBox(args: string[], deck: Deck): void {
  const s = deck.sim.system;
  if (s.boxExists) throw new Error('Cannot create_box after simulation box is defined');
  const a = new Args('create_box', args);
  a.need(2, 'N region-ID');
  const ntypes = a.int('number of atom types', { ge: 1, le: AtomSystem.MAX_TYPES });
  const id = a.word('region ID');
  // LAMMPS's create_box keywords: counts of bonded term types (the atom style must have the kind),
  // and per-atom capacities (extra/... per/atom), which only size LAMMPS's arrays.
  const termTypes = new Map<'bond' | 'angle' | 'dihedral' | 'improper', number>();
  const extra = (k: Args) => k.int('per-atom count', { ge: 0 });
  const types = (kind: 'bond' | 'angle' | 'dihedral' | 'improper') => (k: Args) => {
    if (!s.atomStyle.kinds.includes(kind)) k.fail(`No ${kind}s allowed with atom style ${s.atomStyle.name}`);
    termTypes.set(kind, k.int(`${kind} type count`, { ge: 0 }));
  };
  a.keywords({
    'bond/types': types('bond'),
    'angle/types': types('angle'),
    'dihedral/types': types('dihedral'),
    'improper/types': types('improper'),
    'extra/bond/per/atom': extra,
    'extra/angle/per/atom': extra,
    'extra/dihedral/per/atom': extra,
    'extra/improper/per/atom': extra,
    'extra/special/per/atom': extra,
  });
  const region = deck.regions.get(id);
  if (!region) throw new Error(`Create_box region ID '${id}' does not exist`);
  if (!region.interior) throw new Error('Create_box region must be of type inside');
  if (region.style !== 'block' && region.style !== 'prism')
    throw new Error(`create_box: region style ${region.style} has no box shape here (use block or prism)`);
  const tilt = region.style === 'prism' ? { xy: region.xy, xz: region.xz, yz: region.yz } : undefined;
  const box = AtomSystem.newBox(region.lo, region.hi, tilt, deck.boundary, deck.tiltLarge);
  s.check2d(box);
  applyShrinkWrap(deck, box);
  s.box = box;
  s.boxExists = true;
  s.setTypes(ntypes);
  for (const [kind, n] of termTypes) s.topology.list(kind).ntypes = n;
  const h = box.h;
  const fmt = (v: number) => v.toFixed(7);
  deck.sim.out.print(
    `Created ${box.triclinic ? 'triclinic' : 'orthogonal'} box = (${fmt(box.lo[0])} ${fmt(box.lo[1])} ${fmt(box.lo[2])}) to (${fmt(box.hi[0])} ${fmt(box.hi[1])} ${fmt(box.hi[2])})` +
      (box.triclinic ? ` with tilt (${fmt(h[5])} ${fmt(h[4])} ${fmt(h[3])})` : ''),
  );
}
