import type { AtomSystem } from '../src/system.js';
import { num, positive } from '../src/parse.js';
import { HalfListPair } from './half_list_pair.js';
import { PairTable } from './pair_base.js';

/** One pair_coeff line; a NaN cutoff means the global one at init. */
interface BornCoeff {
  a: number;
  rho: number;
  sigma: number;
  c: number;
  d: number;
  cut: number;
}

const CUTSQ = 0,
  A = 1,
  C = 2,
  D = 3,
  RHOINV = 4,
  SIGMA = 5,
  BORN1 = 6,
  BORN2 = 7,
  BORN3 = 8,
  OFFSET = 9;

/**
 * pair_style born Rc (LAMMPS PairBorn, 29 Sep 2021), Born-Mayer-Huggins: E = A e^{(sigma-r)/rho}
 * - C/r^6 + D/r^8 for r < Rc, minus its value at Rc with `pair_modify shift yes`. pair_coeff I J A
 * rho sigma C D [Rc]. -dE/dr · r = (A/rho) r e^{(sigma-r)/rho} - 6C/r^6 + 8D/r^8, so fpair =
 * (born1 r rexp - born2 r^-6 + born3 r^-8) / r² with born1 = A/rho, born2 = 6C, born3 = 8D, as
 * LAMMPS. No mixing ("All pair coeffs are not set" for an unset I != J pair, as LAMMPS).
 * special_bonds lj weights scale 1-2/1-3/1-4 pairs.
 */
export class PairBorn extends HalfListPair<BornCoeff> {
  readonly style = 'born';
  /** fix adapt's names (LAMMPS PairBorn::extract). */
  protected override readonly adaptFields = { a: 'a', c: 'c', d: 'd' } as const;
  private table = new PairTable(10, 0);

  settings(args: string[]): void {
    this.settingsCutoff(args);
  }

  coeff(args: string[], system: AtomSystem): void {
    if (args.length < 7 || args.length > 8)
      throw new Error('Incorrect args for pair coefficients: pair_coeff I J A rho sigma C D [cutoff]');
    const c = {
      a: num(args[2], 'A'),
      rho: num(args[3], 'rho'),
      sigma: num(args[4], 'sigma'),
      c: num(args[5], 'C'),
      d: num(args[6], 'D'),
      cut: args.length === 8 ? positive(args[7], 'born cutoff') : NaN,
    };
    if (c.rho <= 0) throw new Error('Incorrect args for pair coefficients: rho must be positive');
    this.setCoeff(args[0], args[1], system.ntypes, c);
  }

  protected allocate(ntypes: number): void {
    this.table = new PairTable(10, ntypes);
  }

  protected mix(): BornCoeff {
    return this.noMix();
  }

  protected initOne(i: number, j: number, c: BornCoeff): number {
    const cut = this.cutOf(c);
    let offset = 0;
    if (this.shiftFlag) {
      const rexp = Math.exp((c.sigma - cut) / c.rho);
      offset = c.a * rexp - c.c / Math.pow(cut, 6.0) + c.d / Math.pow(cut, 8.0);
    }
    const t = this.table;
    t.set(CUTSQ, i, j, cut * cut);
    t.set(A, i, j, c.a);
    t.set(C, i, j, c.c);
    t.set(D, i, j, c.d);
    t.set(RHOINV, i, j, 1.0 / c.rho);
    t.set(SIGMA, i, j, c.sigma);
    t.set(BORN1, i, j, c.a / c.rho);
    t.set(BORN2, i, j, 6.0 * c.c);
    t.set(BORN3, i, j, 8.0 * c.d);
    t.set(OFFSET, i, j, offset);
    return cut;
  }

  protected pairForce(rsq: number, t: number, factor: number, eflag: boolean): number {
    const tab = this.table.data,
      sq = this.table.block;
    const r2inv = 1.0 / rsq;
    const r6inv = r2inv * r2inv * r2inv;
    const r = Math.sqrt(rsq);
    const rexp = Math.exp((tab[SIGMA * sq + t] - r) * tab[RHOINV * sq + t]);
    const forceborn =
      tab[BORN1 * sq + t] * r * rexp - tab[BORN2 * sq + t] * r6inv + tab[BORN3 * sq + t] * r2inv * r6inv;
    if (eflag)
      this.eng =
        factor *
        (tab[A * sq + t] * rexp - tab[C * sq + t] * r6inv + tab[D * sq + t] * r6inv * r2inv - tab[OFFSET * sq + t]);
    return factor * forceborn * r2inv;
  }
}
