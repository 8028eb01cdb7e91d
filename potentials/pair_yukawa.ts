import type { AtomSystem } from '../src/system.js';
import { num, positive } from '../src/parse.js';
import { HalfListPair } from './half_list_pair.js';
import { mixDistance, mixEnergy, PairTable } from './pair_base.js';

/** One pair_coeff line; a NaN cutoff means the global one at init. */
interface YukawaCoeff {
  a: number;
  cut: number;
}

const CUTSQ = 0,
  A = 1,
  OFFSET = 2;

/**
 * pair_style yukawa kappa Rc (LAMMPS PairYukawa, 29 Sep 2021), screened Coulomb: E = A e^{-kappa r}
 * / r for r < Rc, minus its value at Rc with `pair_modify shift yes`. pair_coeff I J A [Rc].
 * -dE/dr · r = A e^{-kappa r} (kappa + 1/r), so fpair = A e^{-kappa r} (kappa + 1/r) / r², as
 * LAMMPS. Mixing (LAMMPS init_one): A by mix_energy(A_ii, A_jj, 1, 1), Rc by mix_distance.
 * special_bonds lj weights scale 1-2/1-3/1-4 pairs.
 */
export class PairYukawa extends HalfListPair<YukawaCoeff> {
  readonly style = 'yukawa';
  private kappa = 0;
  private table = new PairTable(3, 0);

  settings(args: string[]): void {
    if (args.length !== 2) throw new Error('Illegal pair_style yukawa command: expected kappa cutoff');
    this.kappa = num(args[0], 'yukawa kappa');
    this.cutGlobal = positive(args[1], 'yukawa cutoff');
  }

  coeff(args: string[], system: AtomSystem): void {
    if (args.length < 3 || args.length > 4)
      throw new Error('Incorrect args for pair coefficients: pair_coeff I J A [cutoff]');
    const c = { a: num(args[2], 'A'), cut: args.length === 4 ? positive(args[3], 'yukawa cutoff') : NaN };
    this.setCoeff(args[0], args[1], system.ntypes, c);
  }

  protected allocate(ntypes: number): void {
    this.table = new PairTable(3, ntypes);
  }

  protected mix(a: YukawaCoeff, b: YukawaCoeff): YukawaCoeff {
    return {
      a: mixEnergy(this.mixRule, a.a, b.a, 1.0, 1.0),
      cut: mixDistance(this.mixRule, this.cutOf(a), this.cutOf(b)),
    };
  }

  protected initOne(i: number, j: number, c: YukawaCoeff): number {
    const cut = this.cutOf(c);
    let offset = 0;
    if (this.shiftFlag) offset = (c.a * Math.exp(-this.kappa * cut)) / cut;
    const t = this.table;
    t.set(CUTSQ, i, j, cut * cut);
    t.set(A, i, j, c.a);
    t.set(OFFSET, i, j, offset);
    return cut;
  }

  protected pairForce(rsq: number, t: number, factor: number, eflag: boolean): number {
    const tab = this.table.data,
      sq = this.table.block;
    const kappa = this.kappa;
    const r2inv = 1.0 / rsq;
    const r = Math.sqrt(rsq);
    const rinv = 1.0 / r;
    const screening = Math.exp(-kappa * r);
    const a = tab[A * sq + t];
    const forceyukawa = a * screening * (kappa + rinv);
    if (eflag) this.eng = factor * (a * screening * rinv - tab[OFFSET * sq + t]);
    return factor * forceyukawa * r2inv;
  }
}
