import { totalmem } from 'node:os';
import type { EllipsoidAtoms } from './asphere/ellipsoid_atoms.js';
import { Box } from './box.js';
import { ATOM_STYLES, type AtomStyleInfo, Topology } from './molecular/topology.js';
import type { MoleculeTemplate } from './molecular/molecule_template.js';
import type { UnitSystem } from './units.js';
import { unitSystem } from './units.js';

/**
 * The atoms: flat typed arrays indexed by local atom (0..n-1), LAMMPS's atom_style atomic.
 * x, v, f: n x 3 (length, velocity, force units); type: 1-based LAMMPS type; image: n x 3 image
 * flags; tag: 1-based atom IDs. mass is per type (index 1..ntypes, LAMMPS's atom->mass).
 * Arrays may be longer than n (capacity); only the first n (or 3n) entries are meaningful.
 */
export class AtomSystem {
  units: UnitSystem = unitSystem('lj');
  /** LAMMPS `dimension` (2 or 3); every box given to this system takes it. */
  dimension: 2 | 3 = 3;
  private boxHeld = new Box([0, 0, 0], [1, 1, 1]);
  get box(): Box {
    return this.boxHeld;
  }
  set box(b: Box) {
    b.dimension = this.dimension;
    this.boxHeld = b;
  }
  boxExists = false;
  n = 0;
  ntypes = 0;
  x: Float64Array = new Float64Array(0);
  v: Float64Array = new Float64Array(0);
  f: Float64Array = new Float64Array(0);
  type: Int32Array = new Int32Array(0);
  image: Int32Array = new Int32Array(0);
  tag: Int32Array = new Int32Array(0);
  /** Group membership bits (LAMMPS atom->mask): bit g set when the atom is in group g; bit 0 is `all`. */
  mask: Int32Array = new Int32Array(0);
  mass: Float64Array = new Float64Array(1);
  massSet: boolean[] = [];
  /** LAMMPS atom_style: which per-atom values and bonded terms the atoms carry (src/molecular/). */
  atomStyle: AtomStyleInfo = ATOM_STYLES.atomic;
  /** atom_style template's molecule template (topology comes from it), else null. */
  atomTemplate: MoleculeTemplate | null = null;
  /** Molecule ID per local atom (0 when the atom style has none). */
  molecule: Int32Array = new Int32Array(0);
  /** Charge per local atom (charge units; 0 when the atom style has none). */
  q: Float64Array = new Float64Array(0);
  /** Bonds, angles, dihedrals and impropers by atom ID (empty for atomic systems). */
  readonly topology = new Topology();
  /**
   * atom_style sphere (LAMMPS AtomVecSphere): radius (distance), angular velocity omega and torque
   * (n x 3); the mass is rmass. Allocated by setAtomStyle, meaningful only when atomStyle.sphere.
   */
  radius: Float64Array = new Float64Array(0);
  omega: Float64Array = new Float64Array(0);
  torque: Float64Array = new Float64Array(0);
  /** Per-atom masses (rmass) instead of per-type ones (LAMMPS atom->rmass_flag). */
  get perAtomMass(): boolean {
    return this.rmass !== null;
  }
  /** atom_style ellipsoid's shape, quaternion, angular momentum and torque per atom, else null. */
  ellipsoid: EllipsoidAtoms | null = null;
  /**
   * Per-atom mass (LAMMPS atom->rmass, mass units) for atom styles that carry one (peri, sphere);
   * null otherwise, and then masses are per type. Read masses through `massOf(i)` or this test.
   */
  rmass: Float64Array | null = null;
  /**
   * atom_style peri's per-atom values (LAMMPS AtomVecPeri), null for other styles: vfrac (volume),
   * s0 (critical stretch, updated by the peri pair styles each step), x0 (n x 3 reference position).
   */
  peri: { vfrac: Float64Array; s0: Float64Array; x0: Float64Array } | null = null;

  /** Allocate the per-atom arrays an atom style adds (atom_style command, before any atom exists). */
  setAtomStyle(style: AtomStyleInfo): void {
    this.atomStyle = style;
    const cap = this.type.length;
    this.rmass = style.perAtomMass ? new Float64Array(cap) : null;
    this.peri = style.peri
      ? { vfrac: new Float64Array(cap), s0: new Float64Array(cap), x0: new Float64Array(3 * cap) }
      : null;
    if (style.sphere) {
      this.radius = new Float64Array(cap);
      this.omega = new Float64Array(3 * cap);
      this.torque = new Float64Array(3 * cap);
    }
  }

  /** LAMMPS's 2d box rules (Domain::set_initial_box): z periodic, no xz/yz tilt. */
  check2d(box: Box): void {
    if (this.dimension !== 2) return;
    if (!box.periodic[2]) throw new Error('Cannot run 2d simulation with nonperiodic Z dimension');
    if (box.xz !== 0 || box.yz !== 0) throw new Error('Cannot skew triclinic box in z for 2d simulation');
  }

  /** Most atom types a box may have: per-type-pair tables grow as its square. */
  static readonly MAX_TYPES = 1000;

  /**
   * A new simulation box (create_box, read_data): positive, finite extent, and (LAMMPS
   * Domain::set_initial_box, unless `box tilt large`) tilts of at most half the box length in
   * periodic dimensions.
   */
  static newBox(
    lo: number[],
    hi: number[],
    tilt: { xy: number; xz: number; yz: number } | undefined,
    periodic: readonly boolean[],
    tiltLarge: boolean,
  ): Box {
    for (let d = 0; d < 3; d++) {
      if (!(Number.isFinite(lo[d]) && Number.isFinite(hi[d]) && hi[d] > lo[d] && Number.isFinite(hi[d] - lo[d]))) {
        throw new Error(`Box bounds are invalid in ${'xyz'[d]}: ${lo[d]} to ${hi[d]} (need finite lo < hi)`);
      }
    }
    if (tilt) {
      if (![tilt.xy, tilt.xz, tilt.yz].every(Number.isFinite))
        throw new Error('Triclinic box tilt factors must be finite');
      const lx = hi[0] - lo[0],
        ly = hi[1] - lo[1];
      const large =
        (Math.abs(tilt.xy / lx) > 0.5 && periodic[0]) ||
        (Math.abs(tilt.xz / lx) > 0.5 && periodic[0]) ||
        (Math.abs(tilt.yz / ly) > 0.5 && periodic[1]);
      if (large && !tiltLarge) {
        throw new Error(
          `Triclinic box skew is too large: tilt xy ${tilt.xy} xz ${tilt.xz} yz ${tilt.yz} exceeds half the box length ` +
            '(use "box tilt large" before defining the box to allow it)',
        );
      }
    }
    const box = new Box(lo, hi, tilt);
    box.periodic = [periodic[0], periodic[1], periodic[2]];
    return box;
  }

  setTypes(ntypes: number): void {
    if (!(ntypes >= 1 && ntypes <= AtomSystem.MAX_TYPES))
      throw new Error(`Number of atom types ${ntypes} must be in 1..${AtomSystem.MAX_TYPES}`);
    this.ntypes = ntypes;
    const m = new Float64Array(ntypes + 1);
    m.set(this.mass.subarray(0, Math.min(this.mass.length, ntypes + 1)));
    this.mass = m;
    // atom_style ellipsoid: per-atom masses default to 1.0 (LAMMPS rmass), kept per type here
    while (this.massSet.length <= ntypes) {
      if (this.ellipsoid) this.mass[this.massSet.length] = 1.0;
      this.massSet.push(this.ellipsoid !== null);
    }
  }

  /**
   * Most atoms this system may hold: LAMMPS's 32-bit atom count, or what this machine's memory can
   * plausibly run (about 1 KiB per atom with ghosts and neighbor lists). Checked before allocating.
   */
  maxAtoms = Math.min(2 ** 31 - 1, Math.floor(totalmem() / 1024));

  reserve(n: number): void {
    if (this.type.length >= n) return;
    if (n > this.maxAtoms)
      throw new Error(`Too many atoms: ${n} is more than the ${this.maxAtoms} this machine can hold`);
    const cap = Math.max(n, Math.ceil(this.type.length * 1.5) + 16);
    const grow3 = (a: Float64Array): Float64Array => {
      const b = new Float64Array(3 * cap);
      b.set(a.subarray(0, 3 * this.n));
      return b;
    };
    this.x = grow3(this.x);
    this.v = grow3(this.v);
    this.f = grow3(this.f);
    const t = new Int32Array(cap);
    t.set(this.type.subarray(0, this.n));
    this.type = t;
    const im = new Int32Array(3 * cap);
    im.set(this.image.subarray(0, 3 * this.n));
    this.image = im;
    const tg = new Int32Array(cap);
    tg.set(this.tag.subarray(0, this.n));
    this.tag = tg;
    const mol = new Int32Array(cap);
    mol.set(this.molecule.subarray(0, this.n));
    this.molecule = mol;
    const q = new Float64Array(cap);
    q.set(this.q.subarray(0, this.n));
    this.q = q;
    const mk = new Int32Array(cap);
    mk.set(this.mask.subarray(0, this.n));
    this.mask = mk;
    this.ellipsoid?.reserve(cap, this.n);
    const grow = (a: Float64Array, w: number): Float64Array => {
      const b = new Float64Array(w * cap);
      b.set(a.subarray(0, w * this.n));
      return b;
    };
    if (this.rmass) this.rmass = grow(this.rmass, 1);
    const p = this.peri;
    if (p) this.peri = { vfrac: grow(p.vfrac, 1), s0: grow(p.s0, 1), x0: grow(p.x0, 3) };
    if (this.atomStyle.sphere) {
      this.radius = grow(this.radius, 1);
      this.omega = grow(this.omega, 3);
      this.torque = grow(this.torque, 3);
    }
  }

  /** Append one atom with zero velocity; returns its local index. tag defaults to n+1. */
  addAtom(type: number, x: number, y: number, z: number, tag = 0): number {
    if (type < 1 || type > this.ntypes) throw new Error(`Invalid atom type ${type} (box has ${this.ntypes} types)`);
    this.reserve(this.n + 1);
    const i = this.n++;
    this.x[3 * i] = x;
    this.x[3 * i + 1] = y;
    this.x[3 * i + 2] = z;
    this.v[3 * i] = this.v[3 * i + 1] = this.v[3 * i + 2] = 0;
    this.type[i] = type;
    this.molecule[i] = 0;
    this.q[i] = 0;
    this.mask[i] = 1; // group all only (LAMMPS: new atoms get groupbit of all)
    this.ellipsoid?.initAtom(i);
    this.image[3 * i] = this.image[3 * i + 1] = this.image[3 * i + 2] = 0;
    // LAMMPS AtomVecPeri::create_atom_post: vfrac 1, rmass 1, s0 DBL_MAX, x0 = x.
    if (this.rmass) this.rmass[i] = 1.0;
    const p = this.peri;
    if (p) {
      p.vfrac[i] = 1.0;
      p.s0[i] = Number.MAX_VALUE;
      p.x0[3 * i] = x;
      p.x0[3 * i + 1] = y;
      p.x0[3 * i + 2] = z;
    }
    if (this.atomStyle.sphere) {
      // LAMMPS AtomVecSphere::create_atom_post: diameter 1, density 1.
      this.radius[i] = 0.5;
      this.rmass![i] = ((4.0 * Math.PI) / 3.0) * 0.5 * 0.5 * 0.5;
      this.omega[3 * i] = this.omega[3 * i + 1] = this.omega[3 * i + 2] = 0;
      this.torque[3 * i] = this.torque[3 * i + 1] = this.torque[3 * i + 2] = 0;
    }
    const t = tag || this.maxTag + 1;
    this.tag[i] = t;
    if (t > this.maxTag) this.maxTag = t;
    return i;
  }

  /** Largest atom ID in use: new atoms get maxTag+1 as LAMMPS's create_atoms does. */
  maxTag = 0;

  massOf(i: number): number {
    return this.rmass !== null ? this.rmass[i] : this.mass[this.type[i]];
  }

  checkMasses(): void {
    if (this.rmass) return; // per-atom masses (LAMMPS rmass_flag): per-type masses are not needed
    for (let t = 1; t <= this.ntypes; t++) {
      if (!this.massSet[t])
        throw new Error(`Not all per-type masses are set (type ${t} has none): use the mass command`);
    }
  }
}
