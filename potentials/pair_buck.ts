import type { AtomSystem } from '../src/system.js';
import { num, positive } from '../src/parse.js';
import { HalfListPair } from './half_list_pair.js';
import { PairTable } from './pair_base.js';

/** One pair_coeff line; a NaN cutoff means the global one at init. */
interface BuckCoeff {
  a: number;
  rho: number;
  c: number;
  cut: number;
}

const CUTSQ = 0,
  A = 1,
  C = 2,
  RHOINV = 3,
  BUCK1 = 4,
  BUCK2 = 5,
  OFFSET = 6;

/**
 * pair_style buck Rc (LAMMPS PairBuck, 29 Sep 2021), Buckingham: E = A e^{-r/rho} - C / r^6 for
 * r < Rc, minus its value at Rc with `pair_modify shift yes`. pair_coeff I J A rho C [Rc].
 * -dE/dr · r = (A/rho) r e^{-r/rho} - 6C/r^6, so fpair = (buck1 r e^{-r/rho} - buck2 r^-6) / r²
 * with buck1 = A/rho, buck2 = 6C, as LAMMPS. No mixing ("All pair coeffs are not set" for an unset
 * I != J pair, as LAMMPS). special_bonds lj weights scale 1-2/1-3/1-4 pairs.
 */
export class PairBuck extends HalfListPair<BuckCoeff> {
  readonly style = 'buck';
  /** fix adapt's names (LAMMPS PairBuck::extract). */
  protected override readonly adaptFields = { a: 'a', c: 'c' } as const;
  private table = new PairTable(7, 0);

  settings(args: string[]): void {
    this.settingsCutoff(args);
  }

  coeff(args: string[], system: AtomSystem): void {
    if (args.length < 5 || args.length > 6)
      throw new Error('Incorrect args for pair coefficients: pair_coeff I J A rho C [cutoff]');
    const c = {
      a: num(args[2], 'A'),
      rho: num(args[3], 'rho'),
      c: num(args[4], 'C'),
      cut: args.length === 6 ? positive(args[5], 'buck cutoff') : NaN,
    };
    if (c.rho <= 0) throw new Error('Incorrect args for pair coefficients: rho must be positive');
    this.setCoeff(args[0], args[1], system.ntypes, c);
  }

  protected allocate(ntypes: number): void {
    this.table = new PairTable(7, ntypes);
  }

  protected mix(): BuckCoeff {
    return this.noMix();
  }

  protected initOne(i: number, j: number, c: BuckCoeff): number {
    const cut = this.cutOf(c);
    let offset = 0;
    if (this.shiftFlag) {
      const rexp = Math.exp(-cut / c.rho);
      offset = c.a * rexp - c.c / Math.pow(cut, 6.0);
    }
    const t = this.table;
    t.set(CUTSQ, i, j, cut * cut);
    t.set(A, i, j, c.a);
    t.set(C, i, j, c.c);
    t.set(RHOINV, i, j, 1.0 / c.rho);
    t.set(BUCK1, i, j, c.a / c.rho);
    t.set(BUCK2, i, j, 6.0 * c.c);
    t.set(OFFSET, i, j, offset);
    return cut;
  }

  protected pairForce(rsq: number, t: number, factor: number, eflag: boolean): number {
    const tab = this.table.data,
      sq = this.table.block;
    const r2inv = 1.0 / rsq;
    const r6inv = r2inv * r2inv * r2inv;
    const r = Math.sqrt(rsq);
    const rexp = Math.exp(-r * tab[RHOINV * sq + t]);
    const forcebuck = tab[BUCK1 * sq + t] * r * rexp - tab[BUCK2 * sq + t] * r6inv;
    if (eflag) this.eng = factor * (tab[A * sq + t] * rexp - tab[C * sq + t] * r6inv - tab[OFFSET * sq + t]);
    return factor * forcebuck * r2inv;
  }
}
