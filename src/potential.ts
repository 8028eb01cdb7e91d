import type { AtomSystem } from './system.js';
import type { Ghosts } from './ghosts.js';
import type { NeighborList } from './neighbor_list.js';

/** What the caller wants from one force evaluation (LAMMPS eflag/vflag). */
export interface ComputeFlags {
  energy: boolean;
  virial: boolean;
  /** per-atom energies into ForceBuffers.eatom */
  eatom: boolean;
  /** per-atom virials into ForceBuffers.vatom */
  vatom: boolean;
}

/**
 * Preallocated accumulation buffers over the extended (local + ghost) atoms. The caller clears
 * them, the pair style adds into them, the caller then computes the virial (unless the style did)
 * and folds ghost entries into their owners.
 */
export class ForceBuffers {
  /** nall x 3 forces (force units). */
  f = new Float64Array(0);
  /** Potential energy (energy units). */
  energy = 0;
  /** The Coulomb part of `energy` (pair styles with charges add it here too; LAMMPS eng_coul). */
  ecoul = 0;
  /** Global virial W_ab = sum r_a f_b as LAMMPS orders it: xx yy zz xy xz yz (energy units). */
  readonly virial = new Float64Array(6);
  /** nall per-atom energies. */
  eatom = new Float64Array(0);
  /** nall x 6 per-atom virials. */
  vatom = new Float64Array(0);
  /**
   * True when f's ghost entries hold nothing to fold: a threaded reduction already added them to
   * their owners (ThreadForces.reduceFolded). Whoever adds ghost forces afterwards sets it false.
   */
  ghostsFolded = false;
  /**
   * f[0 .. 3 zeroedAtoms) is known to be zero already (the threaded fix nve's final job zeroes the
   * folded entries it consumes, integrators/threaded_nve.ts), so clear() need not fill it again.
   */
  zeroedAtoms = 0;

  reserve(nall: number): void {
    if (this.f.length < 3 * nall) {
      const cap = Math.ceil(nall * 1.2) + 16;
      this.f = new Float64Array(3 * cap);
      this.eatom = new Float64Array(cap);
      this.vatom = new Float64Array(6 * cap);
    }
  }

  clear(nall: number, flags: ComputeFlags): void {
    this.reserve(nall);
    if (this.zeroedAtoms < nall) this.f.fill(0, 0, 3 * nall);
    this.zeroedAtoms = 0;
    this.ghostsFolded = false;
    this.energy = 0;
    this.ecoul = 0;
    this.virial.fill(0);
    if (flags.eatom) this.eatom.fill(0, 0, nall);
    if (flags.vatom) this.vatom.fill(0, 0, 6 * nall);
  }
}

/** Everything a pair style reads during compute: atoms, their ghosts and the neighbor list. */
export interface PairContext {
  system: AtomSystem;
  ghosts: Ghosts;
  list: NeighborList;
}

/**
 * The one potential contract (LAMMPS Pair): parameters come from pair_style/pair_coeff/pair_modify
 * arguments, are validated in init(), and compute() accumulates into the caller's buffers.
 */
export interface PairStyle {
  /** LAMMPS style name, e.g. 'lj/cut'. */
  readonly style: string;
  /** Which neighbor list compute() reads. */
  readonly neighborKind: 'half' | 'full';
  /**
   * True when compute() fills ForceBuffers.virial itself; otherwise the engine forms it as
   * sum over extended atoms of x (x) f (LAMMPS virial_fdotr_compute), valid for any
   * translation-invariant potential evaluated on ghost coordinates.
   */
  readonly computesVirial: boolean;
  /** The style tallies per-atom virials into ForceBuffers.vatom when flags.vatom (compute stress/atom needs it). */
  readonly perAtomVirial?: boolean;
  settings(args: string[]): void;
  coeff(args: string[], system: AtomSystem): void;
  /** pair_modify arguments; styles that take none throw on any. */
  modify(args: string[]): void;
  /**
   * Validate coefficients, mix, precompute tables; called before every run. host gives styles that
   * need it the current step and the output channel (pair deepmd's model deviation file, warnings).
   */
  init(system: AtomSystem, host?: PairHost): void;
  /** Largest interaction cutoff (length units); neighbor lists use cutoff + skin. */
  cutoff(): number;
  /** Cutoff of one type pair (1-based types), when it differs by pair; lists then use it + skin. */
  typeCutoff?(itype: number, jtype: number): number;
  compute(ctx: PairContext, out: ForceBuffers, flags: ComputeFlags): void;
  /**
   * With `pair_modify tail yes`: the long-range tail corrections summed over type pairs at init
   * (LAMMPS Pair::etail and ptail); pe gains etail/V and each diagonal virial ptail/V.
   */
  readonly tail?: { energy: number; pressure: number } | null;
  /** pair hybrid: has pair_coeff set type pair i,j (1-based, any order) for this style (LAMMPS setflag). */
  coeffSet?(i: number, j: number): boolean;
  /**
   * pair hybrid: init() for only the type pairs (i <= j) that hybrid maps to this style (LAMMPS
   * hybrid's init_one per mapped pair); typeCutoff then answers for those pairs.
   */
  initMapped?(system: AtomSystem, mapped: (i: number, j: number) => boolean, host?: PairHost): void;
  /** Index of pair_coeff's file argument when it is not args[2] (pair hybrid: after the sub-style name). */
  coeffFileArg?(args: string[]): number;
  /**
   * fix adapt: the per-type-pair parameter LAMMPS's Pair::extract names (`a` of soft, `epsilon`
   * of lj/cut), or null when the style has no such parameter. Changes take effect at the next
   * init() (LAMMPS Pair::reinit).
   */
  adaptParam?(name: string): PairAdaptParam | null;
}

/** A per-type-pair parameter that fix adapt reads and writes (LAMMPS's 2-d extract arrays). */
export interface PairAdaptParam {
  /** Value of type pair i <= j (1-based) as init() left it (mixed when pair_coeff did not set it). */
  get(i: number, j: number): number;
  /**
   * Set the value of type pair i <= j. A pair that pair_coeff did not set is mixed again at every
   * init (LAMMPS init_one overwrites it), so the write is lost there as in LAMMPS.
   */
  set(i: number, j: number, v: number): void;
}

export type PairFactory = () => PairStyle;

/** What a pair style may read from the simulation that runs it (Simulation satisfies this). */
export interface PairHost {
  /** Current timestep (LAMMPS update->ntimestep). */
  readonly step: number;
  readonly out: { warn(msg: string): void; print(line: string): void };
}
