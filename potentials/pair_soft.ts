import type { AtomSystem } from '../src/system.js';
import { num, positive } from '../src/parse.js';
import { HalfListPair } from './half_list_pair.js';
import { mixDistance, PairTable } from './pair_base.js';

/** One pair_coeff line; a NaN cutoff means the global one at init. */
interface SoftCoeff {
  a: number;
  cut: number;
}

const CUTSQ = 0,
  PREFACTOR = 1,
  CUT = 2;

/**
 * pair_style soft Rc (LAMMPS PairSoft, 29 Sep 2021): E = A [1 + cos(π r / rc)] for r < rc, a
 * bounded repulsion that pushes overlapping atoms apart. pair_coeff I J A [rc]. -dE/dr =
 * A (π/rc) sin(π r/rc), so fpair = A sin(π r/rc) π/rc / r (0 at r = 0, as LAMMPS). Mixing (LAMMPS
 * init_one): A_ij = sqrt(A_ii A_jj), rc by `pair_modify mix`. E is 0 at rc, so `shift` changes
 * nothing. special_bonds lj weights scale 1-2/1-3/1-4 pairs.
 */
export class PairSoft extends HalfListPair<SoftCoeff> {
  readonly style = 'soft';
  /** fix adapt's name for the prefactor (LAMMPS PairSoft::extract). */
  protected override readonly adaptFields = { a: 'a' } as const;
  private table = new PairTable(3, 0);

  settings(args: string[]): void {
    this.settingsCutoff(args);
  }

  coeff(args: string[], system: AtomSystem): void {
    if (args.length < 3 || args.length > 4)
      throw new Error('Incorrect args for pair coefficients: pair_coeff I J A [cutoff]');
    const c = { a: num(args[2], 'A'), cut: args.length === 4 ? positive(args[3], 'soft cutoff') : NaN };
    this.setCoeff(args[0], args[1], system.ntypes, c);
  }

  protected allocate(ntypes: number): void {
    this.table = new PairTable(3, ntypes);
  }

  protected mix(a: SoftCoeff, b: SoftCoeff): SoftCoeff {
    return { a: Math.sqrt(a.a * b.a), cut: mixDistance(this.mixRule, this.cutOf(a), this.cutOf(b)) };
  }

  protected initOne(i: number, j: number, c: SoftCoeff): number {
    const cut = this.cutOf(c);
    const t = this.table;
    t.set(CUTSQ, i, j, cut * cut);
    t.set(PREFACTOR, i, j, c.a);
    t.set(CUT, i, j, cut);
    return cut;
  }

  protected pairForce(rsq: number, t: number, factor: number, eflag: boolean): number {
    const tab = this.table.data,
      sq = this.table.block;
    const r = Math.sqrt(rsq);
    const cut = tab[CUT * sq + t],
      pre = tab[PREFACTOR * sq + t];
    const arg = (Math.PI * r) / cut;
    if (eflag) this.eng = factor * pre * (1.0 + Math.cos(arg));
    return r > 0.0 ? (factor * pre * Math.sin(arg) * Math.PI) / cut / r : 0.0;
  }
}
