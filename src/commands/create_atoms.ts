import { Args } from '../args.js';
import type { Deck } from '../deck.js';
import { RanPark } from '../random_park.js';
import type { Region } from '../region.js';
import { MoleculeInserter } from './create_molecules.js';

/** Where created atoms go: one atom of a type, or (mol keyword) a molecule centred there. */
type Place = (type: number, x: number, y: number, z: number) => void;

/**
 * create_atoms type box | region ID | single x y z | random N seed region-ID [basis M T]
 * [units box|lattice] [mol ID seed], with LAMMPS's lattice loop order (k, j, i, basis) and its
 * epsilon shaving of periodic upper faces, so atom IDs and coordinates match LAMMPS exactly. The
 * number of lattice points is bounded before any atom is created: a box 1e308 lattice spacings
 * wide is refused with the count, never looped over. With `mol` each point gets a randomly
 * oriented copy of the template (create_molecules.ts) and type is an offset (0 allowed).
 */
export function createAtoms(args: string[], deck: Deck): void {
  const s = deck.sim.system;
  if (!s.boxExists) throw new Error('Create_atoms command before simulation box is defined');
  const a = new Args('create_atoms', args);
  a.need(2, 'type box|region ID|single x y z|random N seed region-ID');
  const itype = a.int('type', { ge: 0, le: s.ntypes });
  const style = a.oneOf('style', ['box', 'region', 'single', 'random'] as const);
  let region: Region | null = null;
  let single: number[] | null = null;
  let nrandom = 0,
    seed = 0;
  const regionOf = (id: string): Region => {
    const r = deck.regions.get(id);
    if (!r) throw new Error(`Create_atoms region ID '${id}' does not exist`);
    return r;
  };
  if (style === 'region') {
    region = regionOf(a.word('region ID'));
  } else if (style === 'single') {
    single = [a.num('x'), a.num('y'), a.num('z')];
  } else if (style === 'random') {
    nrandom = a.int('N', { ge: 0 });
    seed = a.int('seed', { ge: 1 });
    const id = a.word('region ID');
    region = id === 'NULL' ? null : regionOf(id);
  }
  const L = deck.lattice;
  const basisType = L.basis.map(() => itype);
  let unitsLattice = true;
  let mol: MoleculeInserter | null = null;
  a.keywords({
    basis: (k) => {
      const m = k.int('basis index', { ge: 1, le: L.basis.length });
      basisType[m - 1] = k.int('basis type', { ge: 1, le: s.ntypes });
    },
    units: (k) => {
      unitsLattice = k.oneOf('units', ['box', 'lattice'] as const) === 'lattice';
    },
    mol: (k) => {
      const id = k.word('molecule template ID');
      const t = deck.sim.molecules.get(id) ?? k.fail(`Molecule template ID '${id}' for create_atoms does not exist`);
      mol = new MoleculeInserter(s, t, itype, k.int('molecule seed', { ge: 1 }));
    },
  });
  const inserter = mol as MoleculeInserter | null;
  if (!inserter && itype < 1) a.fail(`Invalid atom type ${itype} in create_atoms command (must be 1..${s.ntypes})`);
  const place: Place = inserter ? (_t, x, y, z) => inserter.add(x, y, z) : (t, x, y, z) => s.addAtom(t, x, y, z);
  const before = s.n;
  if (single) createSingle(deck, itype, single, unitsLattice, place);
  else if (style === 'random') createRandom(deck, itype, nrandom, seed, region, place);
  else createLattice(deck, basisType, region, place);
  if (inserter) {
    const n = inserter.finish();
    deck.sim.out.print(`Created ${n} molecules`);
  }
  deck.sim.out.print(`Created ${s.n - before} atoms`);
}

/**
 * N random points in the box (and region), LAMMPS CreateAtoms::add_random: RanPark(seed) warmed
 * up by 30 draws, x = lo + u (hi - lo) per dimension, redrawn until the region matches; the
 * bounding box is the box's, narrowed to the region's extent when it has one.
 */
function createRandom(deck: Deck, itype: number, n: number, seed: number, region: Region | null, place: Place): void {
  const s = deck.sim.system;
  const box = s.box;
  if (box.triclinic) throw new Error('create_atoms random in a triclinic box is not supported yet');
  const random = new RanPark(seed);
  for (let k = 0; k < 30; k++) random.uniform();
  const lo = [box.lo[0], box.lo[1], box.lo[2]];
  const hi = [box.hi[0], box.hi[1], box.hi[2]];
  if (region && region.style === 'block' && region.interior) {
    for (let d = 0; d < 3; d++) {
      lo[d] = Math.max(lo[d], region.lo[d]);
      hi[d] = Math.min(hi[d], region.hi[d]);
    }
  }
  if (lo[0] > hi[0] || lo[1] > hi[1] || lo[2] > hi[2]) throw new Error('No overlap of box and region for create_atoms');
  const zmid = lo[2] + 0.5 * (hi[2] - lo[2]);
  const { lo: sublo, hi: subhi } = subBounds(deck);
  const maxTry = 1000000;
  for (let i = 0; i < n; i++) {
    let x = 0,
      y = 0,
      z = 0,
      tries = 0;
    for (;;) {
      x = lo[0] + random.uniform() * (hi[0] - lo[0]);
      y = lo[1] + random.uniform() * (hi[1] - lo[1]);
      z = lo[2] + random.uniform() * (hi[2] - lo[2]);
      if (s.dimension === 2) z = zmid;
      if (!region || region.match(x, y, z)) break;
      if (++tries > maxTry)
        throw new Error(`create_atoms random: no point of region ${region.id} found in ${maxTry} tries`);
    }
    if (x >= sublo[0] && x < subhi[0] && y >= sublo[1] && y < subhi[1] && z >= sublo[2] && z < subhi[2])
      place(itype, x, y, z);
  }
}

/**
 * One atom at a point; as in LAMMPS, a point outside the box (beyond LAMMPS's epsilon in periodic
 * dimensions) creates nothing.
 */
function createSingle(deck: Deck, itype: number, p: number[], unitsLattice: boolean, place: Place): void {
  const s = deck.sim.system;
  const L = deck.lattice;
  let [x, y, z] = p;
  if (unitsLattice) {
    x *= L.xlattice;
    y *= L.ylattice;
    z *= L.zlattice;
  }
  if (![x, y, z].every(Number.isFinite)) throw new Error(`create_atoms: single point (${x} ${y} ${z}) is not finite`);
  const box = s.box;
  const { lo, hi } = subBounds(deck);
  const c = Float64Array.of(x, y, z);
  if (box.triclinic) box.toLamda(Float64Array.of(x, y, z), 0, c, 0);
  if (c[0] < lo[0] || c[0] >= hi[0] || c[1] < lo[1] || c[1] >= hi[1] || c[2] < lo[2] || c[2] >= hi[2]) return;
  place(itype, x, y, z);
}

/**
 * The box (fractional for triclinic) that owns created atoms, with LAMMPS's epsilon shaving in
 * periodic dimensions so that a point on the upper face is not created twice.
 */
function subBounds(deck: Deck): { lo: number[]; hi: number[] } {
  const box = deck.sim.system.box;
  const tri = box.triclinic;
  const lo = tri ? [0, 0, 0] : [box.lo[0], box.lo[1], box.lo[2]];
  const hi = tri ? [1, 1, 1] : [box.hi[0], box.hi[1], box.hi[2]];
  for (let d = 0; d < 3; d++) {
    if (!box.periodic[d]) continue;
    const eps = tri ? 1e-6 : box.h[d] * 1e-6;
    lo[d] -= eps;
    hi[d] -= 2 * eps;
  }
  return { lo, hi };
}

/** Atoms on the lattice points inside the box (and the region). */
function createLattice(deck: Deck, basisType: number[], region: Region | null, place: Place): void {
  const s = deck.sim.system;
  const L = deck.lattice;
  const box = s.box;
  if (L.style === 'none') throw new Error('Cannot create atoms with undefined lattice');
  const tri = box.triclinic;
  const { lo: sublo, hi: subhi } = subBounds(deck);
  // Lattice-index bounds from the corners of the box (of its overlap with a block region: points
  // outside the region are never created, so they need not be visited) mapped to lattice coordinates.
  const corners: number[][] = [];
  if (tri) {
    const c = new Float64Array(3);
    const bl = [Infinity, Infinity, Infinity],
      bh = [-Infinity, -Infinity, -Infinity];
    for (const l of [
      [0, 0, 0],
      [1, 0, 0],
      [0, 1, 0],
      [1, 1, 0],
      [0, 0, 1],
      [1, 0, 1],
      [0, 1, 1],
      [1, 1, 1],
    ]) {
      box.fromLamda(l, 0, c, 0);
      for (let d = 0; d < 3; d++) {
        bl[d] = Math.min(bl[d], c[d]);
        bh[d] = Math.max(bh[d], c[d]);
      }
    }
    for (const x of [bl[0], bh[0]])
      for (const y of [bl[1], bh[1]]) for (const z of [bl[2], bh[2]]) corners.push([x, y, z]);
  } else {
    const lo = [box.lo[0], box.lo[1], box.lo[2]],
      hi = [box.hi[0], box.hi[1], box.hi[2]];
    if (region && region.style === 'block' && region.interior) {
      for (let d = 0; d < 3; d++) {
        lo[d] = Math.max(lo[d], region.lo[d]);
        hi[d] = Math.min(hi[d], region.hi[d]);
      }
      if (lo.some((v, d) => v > hi[d])) return; // the region misses the box
    }
    for (const x of [lo[0], hi[0]])
      for (const y of [lo[1], hi[1]]) for (const z of [lo[2], hi[2]]) corners.push([x, y, z]);
  }
  const bmin = [Infinity, Infinity, Infinity],
    bmax = [-Infinity, -Infinity, -Infinity];
  for (const c of corners) {
    const l = L.box2lattice(c[0], c[1], c[2]);
    for (let d = 0; d < 3; d++) {
      bmin[d] = Math.min(bmin[d], l[d]);
      bmax[d] = Math.max(bmax[d], l[d]);
    }
  }
  const ilo = bmin.map((v) => Math.trunc(v) - 1 - (v < 0 ? 1 : 0));
  const ihi = bmax.map((v) => Math.trunc(v) + 1);
  // Bound the work before doing it: every lattice point visited may become an atom.
  const points = (ihi[0] - ilo[0] + 1) * (ihi[1] - ilo[1] + 1) * (ihi[2] - ilo[2] + 1) * L.basis.length;
  if (!(points <= s.maxAtoms - s.n)) {
    const count = Number.isFinite(points) ? points.toExponential(3) : 'more than 1e308';
    throw new Error(
      `create_atoms: the box holds up to ${count} lattice points, more than the ${s.maxAtoms} atoms ` +
        'allowed (the limit follows from the memory of this machine); use a smaller box or a larger lattice spacing',
    );
  }
  const lam = new Float64Array(3);
  const pos = new Float64Array(3);
  for (let kk = ilo[2]; kk <= ihi[2]; kk++) {
    for (let j = ilo[1]; j <= ihi[1]; j++) {
      for (let i = ilo[0]; i <= ihi[0]; i++) {
        for (let m = 0; m < L.basis.length; m++) {
          const b = L.basis[m];
          const p = L.lattice2box(i + b[0], j + b[1], kk + b[2]);
          if (region && !region.match(p[0], p[1], p[2])) continue;
          pos[0] = p[0];
          pos[1] = p[1];
          pos[2] = p[2];
          let c: ArrayLike<number> = pos;
          if (tri) {
            box.toLamda(pos, 0, lam, 0);
            c = lam;
          }
          if (
            c[0] < sublo[0] ||
            c[0] >= subhi[0] ||
            c[1] < sublo[1] ||
            c[1] >= subhi[1] ||
            c[2] < sublo[2] ||
            c[2] >= subhi[2]
          )
            continue;
          place(basisType[m], p[0], p[1], p[2]);
        }
      }
    }
  }
}
