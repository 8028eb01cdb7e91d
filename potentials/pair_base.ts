/**
 * What every simple pair style shares, written once (LAMMPS Pair, 29 Sep 2021): per-type-pair
 * coefficients with setflag, pair_coeff type ranges (utils::bounds: `*`, `2*4`, `*3`, `2*`), the
 * mixing rules of `pair_modify mix` (Pair::mix_energy / mix_distance), `pair_modify shift`, the
 * init_one loop over i <= j with its symmetric fill and the "All pair coeffs are not set" error,
 * per-pair cutoffs, and flat (ntypes+1)^2 tables for the kernels. A style supplies its physics:
 * how pair_coeff values read (coeff), how an unset i != j pair mixes (mix), and what one type pair
 * binds into its tables (initOne). See docs/architecture.md, "How to add a pair style".
 */
import { parseTypeRange } from '../src/parse.js';
import type { ComputeFlags, ForceBuffers, PairAdaptParam, PairContext, PairStyle } from '../src/potential.js';
import type { AtomSystem } from '../src/system.js';
import { f64 } from '../src/parallel/shared_alloc.js';

export type MixRule = 'geometric' | 'arithmetic' | 'sixthpower';

/** LAMMPS Pair::mix_energy: the i != j energy parameter from eps_ii, eps_jj and sigma_ii, sigma_jj. */
export function mixEnergy(rule: MixRule, eps1: number, eps2: number, sig1: number, sig2: number): number {
  if (rule === 'sixthpower')
    return (
      (2.0 * Math.sqrt(eps1 * eps2) * Math.pow(sig1, 3.0) * Math.pow(sig2, 3.0)) /
      (Math.pow(sig1, 6.0) + Math.pow(sig2, 6.0))
    );
  return Math.sqrt(eps1 * eps2);
}

/** LAMMPS Pair::mix_distance: the i != j length (sigma, cutoff) from the i,i and j,j ones. */
export function mixDistance(rule: MixRule, sig1: number, sig2: number): number {
  if (rule === 'geometric') return Math.sqrt(sig1 * sig2);
  if (rule === 'arithmetic') return 0.5 * (sig1 + sig2);
  return Math.pow(0.5 * (Math.pow(sig1, 6.0) + Math.pow(sig2, 6.0)), 1.0 / 6.0);
}

/**
 * nblocks tables of (ntypes+1)^2 doubles, entry [b][i][j] at b*(ntypes+1)^2 + i*(ntypes+1) + j
 * (row and column 0 unused, as LAMMPS's 1-based arrays), plus `extra` trailing doubles. Shared
 * memory, so a worker pool can bind `data`.
 */
export class PairTable {
  readonly stride: number;
  readonly block: number;
  readonly data: Float64Array<ArrayBuffer>;

  constructor(
    readonly nblocks: number,
    readonly ntypes: number,
    extra = 0,
  ) {
    this.stride = ntypes + 1;
    this.block = this.stride * this.stride;
    this.data = f64(nblocks * this.block + extra, true);
  }

  /** Set [b][i][j] and [b][j][i] (LAMMPS init_one's symmetric fill). */
  set(b: number, i: number, j: number, v: number): void {
    this.data[b * this.block + i * this.stride + j] = v;
    this.data[b * this.block + j * this.stride + i] = v;
  }

  get(b: number, i: number, j: number): number {
    return this.data[b * this.block + i * this.stride + j];
  }

  /** True when every block holds the same value for all type pairs 1..ntypes (a kernel may then skip type lookups). */
  uniform(): boolean {
    const k0 = this.stride + 1;
    for (let b = 0; b < this.nblocks; b++) {
      const v = this.data[b * this.block + k0];
      for (let i = 1; i <= this.ntypes; i++) {
        for (let j = 1; j <= this.ntypes; j++) if (this.data[b * this.block + i * this.stride + j] !== v) return false;
      }
    }
    return true;
  }
}

/**
 * A pair style with per-type-pair coefficients C (LAMMPS Pair). Subclasses call setCoeff() from
 * coeff(), and implement allocate/mix/initOne; init() does the rest.
 */
export abstract class PairBase<C> implements PairStyle {
  abstract readonly style: string;
  abstract readonly neighborKind: 'half' | 'full';
  abstract readonly computesVirial: boolean;
  /** pair_modify mix (LAMMPS default geometric). */
  protected mixRule: MixRule = 'geometric';
  /** pair_modify shift: subtract the energy at the cutoff (LAMMPS offset_flag). */
  protected shiftFlag = false;
  /** Coefficients set by pair_coeff, key i*(MAX)+j with i <= j (LAMMPS setflag[i][j] = 1). */
  private readonly coeffs = new Map<number, C>();
  private ntypes = 0;
  /** Squared cutoff per type pair, (ntypes+1)^2 (LAMMPS cutsq). */
  protected cutsq = new Float64Array(0);
  private cutforce = 0;
  /** pair_modify tail yes (LAMMPS tail_flag); styles that implement tailOne accept it. */
  protected tailFlag = false;
  /** etail and ptail of the last init (LAMMPS Pair::init's sums over init_one), or null without tail. */
  tail: { energy: number; pressure: number } | null = null;

  abstract settings(args: string[]): void;
  abstract coeff(args: string[], system: AtomSystem): void;
  abstract compute(ctx: PairContext, out: ForceBuffers, flags: ComputeFlags): void;
  /** Allocate the style's tables for ntypes types (called first in every init). */
  protected abstract allocate(ntypes: number): void;
  /** Coefficients of an unset i != j pair from the i,i and j,j ones (LAMMPS init_one's mixing). */
  protected abstract mix(ii: C, jj: C): C;
  /** Bind one type pair i <= j into the tables (both orders); returns its cutoff (LAMMPS init_one). */
  protected abstract initOne(i: number, j: number, c: C): number;
  /**
   * The tail correction of type pair i <= j after initOne (LAMMPS init_one's etail_ij, ptail_ij),
   * ni and nj the atom counts of types i and j; styles without one leave it undefined and refuse
   * `pair_modify tail yes`.
   */
  protected tailOne?(i: number, j: number, c: C, ni: number, nj: number): [number, number];

  /**
   * Store c for every type pair i <= j selected by the pair_coeff ranges argI, argJ (LAMMPS
   * utils::bounds; `*` is 1..ntypes); throws when none is selected (`pair_coeff 3 1` too, as LAMMPS 29 Sep 2021 does). Returns the number set.
   */
  protected setCoeff(argI: string, argJ: string, ntypes: number, c: C): number {
    const [ilo, ihi] = parseTypeRange(argI, ntypes);
    const [jlo, jhi] = parseTypeRange(argJ, ntypes);
    let count = 0;
    for (let i = ilo; i <= ihi; i++) {
      for (let j = Math.max(jlo, i); j <= jhi; j++) {
        this.coeffs.set(key(i, j), c);
        count++;
      }
    }
    if (count === 0)
      throw new Error(`Incorrect args for pair coefficients: pair_coeff ${argI} ${argJ} selects no type pair i <= j`);
    return count;
  }

  /** Coefficients set for the pair (any order), or undefined (LAMMPS setflag 0). */
  protected coeffOf(i: number, j: number): C | undefined {
    return this.coeffs.get(i <= j ? key(i, j) : key(j, i));
  }

  /**
   * pair_modify keywords every style takes: mix, shift, tail no. A style with more overrides
   * modifyKeyword and falls back to this one.
   */
  modify(args: string[]): void {
    if (args.length % 2 !== 0)
      throw new Error(`Illegal pair_modify command: '${args.join(' ')}' (keyword value pairs)`);
    for (let k = 0; k < args.length; k += 2) this.modifyKeyword(args[k], args[k + 1]);
  }

  protected modifyKeyword(key: string, v: string): void {
    if (key === 'shift') {
      if (v !== 'yes' && v !== 'no') throw new Error(`Illegal pair_modify shift '${v}'`);
      this.shiftFlag = v === 'yes';
    } else if (key === 'mix') {
      if (v !== 'geometric' && v !== 'arithmetic' && v !== 'sixthpower')
        throw new Error(`Illegal pair_modify mix '${v}'`);
      this.mixRule = v;
    } else if (key === 'tail') {
      if (v !== 'yes' && v !== 'no') throw new Error(`Illegal pair_modify tail '${v}'`);
      if (v === 'yes' && !this.tailOne) throw new Error(`pair_modify tail yes is not supported for ${this.style} yet`);
      this.tailFlag = v === 'yes';
    } else {
      throw new Error(`Illegal pair_modify keyword '${key}' for ${this.style}`);
    }
  }

  /**
   * LAMMPS Pair::init + init_one loop: every i,i pair must be set; unset i != j pairs are mixed
   * from i,i and j,j; each pair i <= j is bound once (initOne fills both orders); cutsq and the
   * largest cutoff follow.
   */
  init(system: AtomSystem): void {
    this.initMapped(system, null);
  }

  /** pair hybrid: has pair_coeff set type pair i,j for this style (LAMMPS setflag[i][j]). */
  coeffSet(i: number, j: number): boolean {
    return this.coeffOf(i, j) !== undefined;
  }

  /**
   * init() for the type pairs pair hybrid maps to this style (mapped(i, j), i <= j; null: all, as
   * a lone style): LAMMPS's hybrid calls the sub-style's init_one for those pairs only, so only
   * they need coefficients (set or mixed from the style's own i,i and j,j); the others keep cutsq
   * 0 and never interact.
   */
  initMapped(system: AtomSystem, mapped: ((i: number, j: number) => boolean) | null): void {
    const nt = system.ntypes;
    this.ntypes = nt;
    for (let i = 1; i <= nt; i++) {
      if (mapped && !mapped(i, i)) continue;
      if (!this.coeffOf(i, i)) throw new Error(`All pair coeffs are not set (${this.style} types ${i} ${i})`);
    }
    this.allocate(nt);
    this.cutsq = new Float64Array((nt + 1) * (nt + 1));
    this.cutforce = 0;
    // Tail corrections count the atoms of each type (LAMMPS init_one's count[], as doubles).
    const count = new Float64Array(nt + 1);
    if (this.tailFlag) for (let k = 0; k < system.n; k++) count[system.type[k]] += 1.0;
    let etail = 0,
      ptail = 0;
    for (let i = 1; i <= nt; i++) {
      for (let j = i; j <= nt; j++) {
        if (mapped && !mapped(i, j)) continue;
        const ci = this.coeffOf(i, i),
          cj = this.coeffOf(j, j);
        let c = this.coeffOf(i, j);
        if (c === undefined) {
          if (ci === undefined || cj === undefined)
            throw new Error(`All pair coeffs are not set (${this.style} types ${i} ${j}: nothing to mix from)`);
          c = this.mix(ci, cj);
        }
        const cut = this.initOne(i, j, c);
        this.cutsq[i * (nt + 1) + j] = this.cutsq[j * (nt + 1) + i] = cut * cut;
        this.cutforce = Math.max(this.cutforce, cut);
        if (this.tailFlag && this.tailOne) {
          // LAMMPS Pair::init: etail += etail_ij, once more when i != j.
          const [e, p] = this.tailOne(i, j, c, count[i], count[j]);
          etail += e;
          ptail += p;
          if (i !== j) {
            etail += e;
            ptail += p;
          }
        }
      }
    }
    this.tail = this.tailFlag ? { energy: etail, pressure: ptail } : null;
  }

  /**
   * Parameters fix adapt may change: LAMMPS's extract() name → the coefficient field holding it
   * (e.g. soft's `a`, lj/cut's `epsilon` → eps). Styles list theirs; none by default.
   */
  protected readonly adaptFields: Readonly<Record<string, keyof C>> = {};

  adaptParam(name: string): PairAdaptParam | null {
    if (!Object.hasOwn(this.adaptFields, name)) return null;
    const field = this.adaptFields[name];
    return {
      get: (i, j) => {
        const c = this.coeffOf(i, j) ?? this.mixedOf(i, j);
        return c == null ? Number.NaN : (c[field] as number);
      },
      set: (i, j, v) => {
        const k = key(i, j);
        const c = this.coeffs.get(k);
        // One pair_coeff line shares its object over the pairs it set: copy before writing.
        if (c !== undefined) this.coeffs.set(k, { ...c, [field]: v });
      },
    };
  }

  /** Coefficients init() mixes for an unset pair i < j, or undefined when i,i or j,j is unset. */
  private mixedOf(i: number, j: number): C | undefined {
    const ci = this.coeffOf(i, i),
      cj = this.coeffOf(j, j);
    return ci !== undefined && cj !== undefined ? this.mix(ci, cj) : undefined;
  }

  /** Largest cutoff over type pairs (LAMMPS cutforce). */
  cutoff(): number {
    return this.cutforce;
  }

  typeCutoff(i: number, j: number): number {
    return Math.sqrt(this.cutsq[i * (this.ntypes + 1) + j]);
  }

  /** Types known at the last init (0 before). */
  protected get types(): number {
    return this.ntypes;
  }
}

/** Map key of the type pair i <= j (types are far below 2^16). */
function key(i: number, j: number): number {
  return i * 65536 + j;
}
