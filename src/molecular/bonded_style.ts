/**
 * The contract of bond, angle, dihedral and improper styles (LAMMPS Bond, Angle, Dihedral,
 * Improper) and what they share: per-type coefficients set by `*_coeff` type ranges or a data
 * file's Coeffs section, the "All ... coeffs are not set" check, and the compute call over a list
 * of terms whose atoms are indices into the extended (local + ghost) coordinates.
 */
import { parseTypeRange } from '../parse.js';
import type { TermKind } from './topology.js';

/** What a bonded style's compute reads and writes (one per force evaluation). */
export interface BondedContext {
  /** Extended coordinates, nall x 3 (length units). */
  x: Float64Array;
  /** Forces over extended atoms, nall x 3, added to (force units). */
  f: Float64Array;
  /** Extended atom types (1-based) and the local atom each extended atom copies. */
  type: Int32Array;
  map: Int32Array;
  /** Charges of local atoms (read through map). */
  q: Float64Array;
  /** Coulomb constant qqrd2e (energy * length / charge^2). */
  qqrd2e: number;
  eflag: boolean;
  /** Per-atom energies over extended atoms, or null. */
  eatom: Float64Array | null;
  /** Pair-like energies a style tallies to the pair style (dihedral charmm's 1-4 terms). */
  evdwl: number;
  ecoul: number;
}

/**
 * One bonded style. compute() evaluates terms t in [0, n): atom k of term t is the extended index
 * atoms[arity*t + k] (the closest images, LAMMPS's bondlist/anglelist/...), its type type[t].
 * Returns the energy of these terms (energy units) when ctx.eflag.
 */
export interface BondedStyle {
  readonly kind: TermKind;
  /** LAMMPS style name, e.g. 'harmonic'. */
  readonly style: string;
  /** `bond_style NAME args...` arguments after the name. */
  settings(args: string[]): void;
  /** `bond_coeff range values...` (args[0] is the type range). */
  coeff(args: string[], ntypes: number): void;
  /** Validate before a run: every type 1..ntypes has coefficients. host gives styles what they read from the pair style. */
  init(ntypes: number, host: BondedHost): void;
  compute(ctx: BondedContext, atoms: Int32Array, type: Int32Array, n: number): number;
  /** The coefficient values of one type as write_data writes them (after the type number). */
  writeCoeff(type: number): string;
}

/** What a bonded style may need from the rest of the simulation at init. */
export interface BondedHost {
  /** The pair style's 1-4 LJ tables (lj14_1..4, (ntypes+1)^2 each) or null when it has none (LAMMPS Pair::extract). */
  lj14(): { lj14: Float64Array[]; ntypes: number } | null;
  /** Whether atoms carry charges. */
  readonly hasCharge: boolean;
  /** special_bonds lj weights [1, w12, w13, w14] (bond fene warns unless 0 1 1). */
  readonly specialLj: ArrayLike<number>;
  /** Print a LAMMPS-style WARNING line. */
  warn(msg: string): void;
}

export type BondedFactory = () => BondedStyle;

/** Style-name prefix of errors: "bond_coeff", "dihedral_coeff". */
export function coeffCommand(kind: TermKind): string {
  return `${kind}_coeff`;
}

/**
 * Per-type coefficients C (LAMMPS setflag + arrays): coeff() parses values with parse() and
 * stores them for every type in the range; init() requires all types set.
 */
export abstract class BondedBase<C> implements BondedStyle {
  abstract readonly kind: TermKind;
  abstract readonly style: string;
  protected coeffs: (C | undefined)[] = [];

  /** Read one coeff line's values (after the type range); throw with the reason when invalid. */
  protected abstract parse(values: string[]): C;
  abstract compute(ctx: BondedContext, atoms: Int32Array, type: Int32Array, n: number): number;
  abstract writeCoeff(type: number): string;
  /** Bind coefficients into flat arrays for compute (called at every init). */
  protected abstract bind(ntypes: number): void;

  settings(args: string[]): void {
    if (args.length !== 0)
      throw new Error(`Illegal ${this.kind}_style ${this.style} command: takes no arguments, got '${args.join(' ')}'`);
  }

  coeff(args: string[], ntypes: number): void {
    const cmd = coeffCommand(this.kind);
    if (args.length < 1) throw new Error(`Incorrect args for ${this.kind} coefficients: ${cmd} type values...`);
    const [lo, hi] = parseTypeRange(args[0], ntypes);
    let c: C;
    try {
      c = this.parse(args.slice(1));
    } catch (e) {
      throw new Error(
        `Incorrect args for ${this.kind} coefficients (${this.kind}_style ${this.style}): ${(e as Error).message}`,
      );
    }
    for (let t = lo; t <= hi; t++) this.coeffs[t] = c;
  }

  init(ntypes: number, _host: BondedHost): void {
    for (let t = 1; t <= ntypes; t++) {
      if (!this.coeffs[t])
        throw new Error(`All ${this.kind} coeffs are not set (${this.kind}_style ${this.style} type ${t})`);
    }
    this.bind(ntypes);
  }

  protected coeffOf(t: number): C {
    return this.coeffs[t]!;
  }
}

/** Exactly n numbers, or an error naming the expected form. */
export function expectCount(values: string[], n: number, form: string): void {
  if (values.length !== n) throw new Error(`expected ${form}, got '${values.join(' ')}'`);
}

/** LAMMPS's degree -> radian factor (MY_PI/180). */
export const DEG2RAD = Math.PI / 180.0;
