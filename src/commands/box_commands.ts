import { Box } from '../box.js';
import { COMMANDS, type Deck } from '../deck.js';
import { Lattice } from '../lattice.js';
import { int, num, parseTypeRange } from '../parse.js';
import { Region } from '../region.js';
import { unitSystem } from '../units.js';

/** Commands that define units, the box, lattices, regions, atoms and masses. */
export function registerBoxCommands(): void {
  COMMANDS.register('units', units);
  COMMANDS.register('atom_style', (args) => {
    if (args[0] !== 'atomic' || args.length !== 1) throw new Error(`Unsupported atom_style '${args.join(' ')}' (supported: atomic)`);
  });
  COMMANDS.register('atom_modify', (args, deck) => {
    for (let k = 0; k < args.length;) {
      const key = args[k];
      if (key === 'sort') {
        const every = int(args[k + 1], 'atom_modify sort frequency');
        const binsize = num(args[k + 2], 'atom_modify sort binsize');
        if (every < 0 || binsize < 0) throw new Error('Illegal atom_modify sort: values must be >= 0');
        deck.sim.sortEvery = every;
        deck.sim.sortBinsize = binsize;
        k += 3;
      } else if (key === 'map' || key === 'first' || key === 'id') {
        // Atom maps, first groups and ID flags only change bookkeeping here, never results.
        if (args[k + 1] === undefined) throw new Error(`Illegal atom_modify ${key}: missing value`);
        k += 2;
      } else {
        throw new Error(`Illegal atom_modify keyword '${key}'`);
      }
    }
  });
  COMMANDS.register('dimension', (args) => {
    if (args[0] !== '3') throw new Error('Only 3d simulations are supported (dimension 3)');
  });
  COMMANDS.register('boundary', boundary);
  COMMANDS.register('lattice', (args, deck) => {
    deck.lattice = Lattice.parse(args, deck.sim.system.units.name);
    if (deck.lattice.style !== 'none') {
      const L = deck.lattice;
      deck.sim.out.print(`Lattice spacing in x,y,z = ${[L.xlattice, L.ylattice, L.zlattice].map((v) => Number(v.toPrecision(8))).join(' ')}`);
    }
  });
  COMMANDS.register('region', (args, deck) => {
    if (args.length < 2) throw new Error('Illegal region command');
    if (args[1] === 'delete') { deck.regions.delete(args[0]); return; }
    if (deck.regions.has(args[0])) throw new Error(`Reuse of region ID '${args[0]}'`);
    deck.regions.set(args[0], Region.parse(args, deck.lattice, deck.sim.system.boxExists ? deck.sim.system.box : null));
  });
  COMMANDS.register('create_box', createBox);
  COMMANDS.register('create_atoms', createAtoms);
  COMMANDS.register('mass', (args, deck) => {
    const s = deck.sim.system;
    if (!s.boxExists) throw new Error('Mass command before simulation box is defined');
    if (args.length !== 2) throw new Error('Illegal mass command: expected "mass I value"');
    const [lo, hi] = parseTypeRange(args[0], s.ntypes);
    const m = num(args[1], 'mass');
    if (!(m > 0)) throw new Error('Invalid mass value: must be positive');
    for (let t = lo; t <= hi; t++) { s.mass[t] = m; s.massSet[t] = true; }
  });
}

function units(args: string[], deck: Deck): void {
  if (args.length !== 1) throw new Error('Illegal units command');
  if (deck.sim.system.boxExists) throw new Error('Units command after simulation box is defined');
  const u = unitSystem(args[0]);
  deck.sim.system.units = u;
  deck.sim.dt = u.dt;
  deck.sim.neighbor.skin = u.skin;
}

function boundary(args: string[], deck: Deck): void {
  if (args.length !== 3) throw new Error('Illegal boundary command: expected three of p f');
  if (deck.sim.system.boxExists) throw new Error('Boundary command after simulation box is defined');
  deck.boundary = args.map((a) => {
    if (a === 'p') return true;
    if (a === 'f') return false;
    throw new Error(`Unsupported boundary '${a}' (supported: p, f)`);
  }) as [boolean, boolean, boolean];
}

function createBox(args: string[], deck: Deck): void {
  const s = deck.sim.system;
  if (s.boxExists) throw new Error('Cannot create_box after simulation box is defined');
  if (args.length < 2) throw new Error('Illegal create_box command: expected "create_box N region-ID"');
  const ntypes = int(args[0], 'create_box number of types');
  if (ntypes < 1) throw new Error('Illegal create_box: number of atom types must be positive');
  const region = deck.regions.get(args[1]);
  if (!region) throw new Error(`Create_box region ID '${args[1]}' does not exist`);
  const tilt = region.style === 'prism' ? { xy: region.xy, xz: region.xz, yz: region.yz } : undefined;
  const box = new Box(region.lo, region.hi, tilt);
  box.periodic = [...deck.boundary] as [boolean, boolean, boolean];
  s.box = box;
  s.boxExists = true;
  s.setTypes(ntypes);
  const h = box.h;
  const fmt = (v: number) => v.toFixed(7);
  deck.sim.out.print(`Created ${box.triclinic ? 'triclinic' : 'orthogonal'} box = (${fmt(box.lo[0])} ${fmt(box.lo[1])} ${fmt(box.lo[2])}) to (${fmt(box.hi[0])} ${fmt(box.hi[1])} ${fmt(box.hi[2])})` +
    (box.triclinic ? ` with tilt (${fmt(h[5])} ${fmt(h[4])} ${fmt(h[3])})` : ''));
}

/**
 * create_atoms type box | region ID | single x y z [basis M T] [units box|lattice], with LAMMPS's
 * lattice loop order (k, j, i, basis) and its epsilon shaving of periodic upper faces, so atom IDs
 * and coordinates match LAMMPS exactly.
 */
function createAtoms(args: string[], deck: Deck): void {
  const s = deck.sim.system;
  if (!s.boxExists) throw new Error('Create_atoms command before simulation box is defined');
  if (args.length < 2) throw new Error('Illegal create_atoms command');
  const itype = int(args[0], 'create_atoms type');
  if (itype < 1 || itype > s.ntypes) throw new Error(`Invalid atom type ${itype} in create_atoms command`);
  const style = args[1];
  let k = 2;
  let region: Region | null = null;
  let single: number[] | null = null;
  if (style === 'region') {
    region = deck.regions.get(args[2]) ?? null;
    if (!region) throw new Error(`Create_atoms region ID '${args[2]}' does not exist`);
    k = 3;
  } else if (style === 'single') {
    single = [num(args[2], 'x'), num(args[3], 'y'), num(args[4], 'z')];
    k = 5;
  } else if (style !== 'box') {
    throw new Error(`Unsupported create_atoms style '${style}' (supported: box, region, single)`);
  }
  const L = deck.lattice;
  const basisType = L.basis.map(() => itype);
  let unitsLattice = true;
  for (; k < args.length; k += 2) {
    if (args[k] === 'basis') {
      const m = int(args[k + 1], 'basis index');
      const t = int(args[k + 2], 'basis type');
      if (m < 1 || m > L.basis.length || t < 1 || t > s.ntypes) throw new Error('Illegal create_atoms basis: index or type out of range');
      basisType[m - 1] = t;
      k++;
    } else if (args[k] === 'units') {
      unitsLattice = args[k + 1] === 'lattice';
      if (!unitsLattice && args[k + 1] !== 'box') throw new Error(`Illegal create_atoms units '${args[k + 1]}'`);
    } else {
      throw new Error(`Illegal create_atoms keyword '${args[k]}'`);
    }
  }
  const box = s.box;
  const before = s.n;
  if (single) {
    let [x, y, z] = single;
    if (unitsLattice) { x *= L.xlattice; y *= L.ylattice; z *= L.zlattice; }
    s.addAtom(itype, x, y, z);
  } else {
    if (L.style === 'none') throw new Error('Cannot create atoms with undefined lattice');
    // Sub-domain bounds (box or fractional box) with LAMMPS's epsilon adjustments in periodic dims.
    const tri = box.triclinic;
    const sublo = tri ? [0, 0, 0] : [box.lo[0], box.lo[1], box.lo[2]];
    const subhi = tri ? [1, 1, 1] : [box.hi[0], box.hi[1], box.hi[2]];
    for (let d = 0; d < 3; d++) {
      if (!box.periodic[d]) continue;
      const eps = tri ? 1e-6 : box.h[d] * 1e-6;
      sublo[d] -= eps;
      subhi[d] -= 2 * eps;
    }
    // Lattice-index bounds from the box corners mapped to lattice coordinates.
    const bmin = [Infinity, Infinity, Infinity], bmax = [-Infinity, -Infinity, -Infinity];
    const corners: number[][] = [];
    if (tri) {
      const c = new Float64Array(3);
      const bl = [Infinity, Infinity, Infinity], bh = [-Infinity, -Infinity, -Infinity];
      for (const l of [[0, 0, 0], [1, 0, 0], [0, 1, 0], [1, 1, 0], [0, 0, 1], [1, 0, 1], [0, 1, 1], [1, 1, 1]]) {
        box.fromLamda(l, 0, c, 0);
        for (let d = 0; d < 3; d++) { bl[d] = Math.min(bl[d], c[d]); bh[d] = Math.max(bh[d], c[d]); }
      }
      for (const a of [bl[0], bh[0]]) for (const b of [bl[1], bh[1]]) for (const cc of [bl[2], bh[2]]) corners.push([a, b, cc]);
    } else {
      for (const a of [box.lo[0], box.hi[0]]) for (const b of [box.lo[1], box.hi[1]]) for (const cc of [box.lo[2], box.hi[2]]) corners.push([a, b, cc]);
    }
    for (const c of corners) {
      const l = L.box2lattice(c[0], c[1], c[2]);
      for (let d = 0; d < 3; d++) { bmin[d] = Math.min(bmin[d], l[d]); bmax[d] = Math.max(bmax[d], l[d]); }
    }
    const lo = bmin.map((v) => Math.trunc(v) - 1 - (v < 0 ? 1 : 0));
    const hi = bmax.map((v) => Math.trunc(v) + 1);
    const lam = new Float64Array(3);
    const pos = new Float64Array(3);
    for (let kk = lo[2]; kk <= hi[2]; kk++) {
      for (let j = lo[1]; j <= hi[1]; j++) {
        for (let i = lo[0]; i <= hi[0]; i++) {
          for (let m = 0; m < L.basis.length; m++) {
            const b = L.basis[m];
            const p = L.lattice2box(i + b[0], j + b[1], kk + b[2]);
            if (region && !region.match(p[0], p[1], p[2])) continue;
            pos[0] = p[0]; pos[1] = p[1]; pos[2] = p[2];
            let c: ArrayLike<number> = pos;
            if (tri) { box.toLamda(pos, 0, lam, 0); c = lam; }
            if (c[0] < sublo[0] || c[0] >= subhi[0] || c[1] < sublo[1] || c[1] >= subhi[1] || c[2] < sublo[2] || c[2] >= subhi[2]) continue;
            s.addAtom(basisType[m], p[0], p[1], p[2]);
          }
        }
      }
    }
  }
  deck.sim.out.print(`Created ${s.n - before} atoms`);
}
