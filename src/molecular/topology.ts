/**
 * Molecular topology: the bonds, angles, dihedrals and impropers of the system, each a list of
 * terms (type + atom IDs), as the data file's Bonds/Angles/Dihedrals/Impropers sections give them.
 *
 * LAMMPS stores each term on one owning atom (bonds on their first atom, angles, dihedrals and
 * impropers on their second) because its atoms migrate between MPI ranks. Here one process owns
 * every atom, so a term list keyed by atom ID (tag) is the same information: it does not change
 * when atoms are sorted, and the owner is still the atom LAMMPS picks (`anchor`), which decides
 * which periodic image of the other atoms a term uses (LAMMPS domain->closest_image).
 */

/** The four kinds of bonded terms, in LAMMPS's order. */
export const TERM_KINDS = ['bond', 'angle', 'dihedral', 'improper'] as const;
export type TermKind = (typeof TERM_KINDS)[number];

/** Atoms per term of each kind. */
export const ARITY: Record<TermKind, number> = { bond: 2, angle: 3, dihedral: 4, improper: 4 };

/** Which atom of a term owns it in LAMMPS (newton_bond on): bonds the first, the others the second. */
export const ANCHOR: Record<TermKind, number> = { bond: 0, angle: 1, dihedral: 1, improper: 1 };

/** Data file section and header words of each kind ("Bonds", "bond types"). */
export const SECTION: Record<TermKind, string> = {
  bond: 'Bonds',
  angle: 'Angles',
  dihedral: 'Dihedrals',
  improper: 'Impropers',
};

/**
 * Terms of one kind: term t has type[t] (1..ntypes) and atom IDs tags[arity*t .. arity*t+arity).
 * Grows like a vector; only the first `count` entries are meaningful.
 */
export class TermList {
  count = 0;
  /** Number of term types (the data file's "N bond types"). */
  ntypes = 0;
  type = new Int32Array(0);
  tags = new Int32Array(0);
  /** Term IDs as the data file numbered them (write_data renumbers 1..count as LAMMPS does). */
  constructor(readonly kind: TermKind) {}

  get arity(): number {
    return ARITY[this.kind];
  }

  add(type: number, atoms: ArrayLike<number>): void {
    const a = this.arity;
    if (this.count >= this.type.length) {
      const cap = Math.max(16, Math.ceil(this.count * 1.5));
      const t = new Int32Array(cap);
      t.set(this.type.subarray(0, this.count));
      this.type = t;
      const g = new Int32Array(cap * a);
      g.set(this.tags.subarray(0, this.count * a));
      this.tags = g;
    }
    this.type[this.count] = type;
    for (let k = 0; k < a; k++) this.tags[this.count * a + k] = atoms[k];
    this.count++;
  }
}

/** Every bonded term of the system (atom_style bond/angle/molecular/full). */
export class Topology {
  readonly bond = new TermList('bond');
  readonly angle = new TermList('angle');
  readonly dihedral = new TermList('dihedral');
  readonly improper = new TermList('improper');

  list(kind: TermKind): TermList {
    return this[kind];
  }

  /** True when any term exists. */
  get any(): boolean {
    return this.bond.count + this.angle.count + this.dihedral.count + this.improper.count > 0;
  }
}

/** What each LAMMPS atom style carries beyond atomic: molecule IDs, charges, which term kinds. */
export interface AtomStyleInfo {
  readonly name: string;
  readonly molecule: boolean;
  readonly charge: boolean;
  readonly kinds: readonly TermKind[];
  /** The Atoms section columns after the ID, as LAMMPS's data file documents them. */
  readonly columns: string;
  /** Per-atom masses (LAMMPS rmass_flag): AtomSystem.rmass. */
  readonly perAtomMass?: boolean;
  /** Peridynamic per-atom values vfrac, s0, x0 (LAMMPS peri_flag): AtomSystem.peri. */
  readonly peri?: boolean;
  /** Finite-size spheres (atom_style sphere): per-atom radius, rmass, omega, torque (AtomSystem). */
  readonly sphere?: boolean;
}

export const ATOM_STYLES: Record<string, AtomStyleInfo> = {
  atomic: { name: 'atomic', molecule: false, charge: false, kinds: [], columns: 'atom-ID atom-type x y z' },
  charge: { name: 'charge', molecule: false, charge: true, kinds: [], columns: 'atom-ID atom-type q x y z' },
  bond: {
    name: 'bond',
    molecule: true,
    charge: false,
    kinds: ['bond'],
    columns: 'atom-ID molecule-ID atom-type x y z',
  },
  angle: {
    name: 'angle',
    molecule: true,
    charge: false,
    kinds: ['bond', 'angle'],
    columns: 'atom-ID molecule-ID atom-type x y z',
  },
  molecular: {
    name: 'molecular',
    molecule: true,
    charge: false,
    kinds: ['bond', 'angle', 'dihedral', 'improper'],
    columns: 'atom-ID molecule-ID atom-type x y z',
  },
  template: {
    name: 'template',
    molecule: true,
    charge: false,
    kinds: ['bond', 'angle', 'dihedral', 'improper'],
    columns: 'atom-ID molecule-ID template-index template-atom atom-type x y z',
  },
  peri: {
    name: 'peri',
    molecule: false,
    charge: false,
    kinds: [],
    columns: 'atom-ID atom-type volume density x y z',
    perAtomMass: true,
    peri: true,
  },
  sphere: {
    name: 'sphere',
    molecule: false,
    charge: false,
    kinds: [],
    columns: 'atom-ID atom-type diameter density x y z',
    perAtomMass: true,
    sphere: true,
  },
  full: {
    name: 'full',
    molecule: true,
    charge: true,
    kinds: ['bond', 'angle', 'dihedral', 'improper'],
    columns: 'atom-ID molecule-ID atom-type q x y z',
  },
};
