import type { AtomSystem } from '../src/system.js';
import { num, positive } from '../src/parse.js';
import { HalfListPair } from './half_list_pair.js';
import { PairTable } from './pair_base.js';

/** One pair_coeff line; a NaN cutoff means the global one at init. */
interface MorseCoeff {
  d0: number;
  alpha: number;
  r0: number;
  cut: number;
}

const CUTSQ = 0,
  D0 = 1,
  ALPHA = 2,
  R0 = 3,
  MORSE1 = 4,
  OFFSET = 5;

/**
 * pair_style morse Rc (LAMMPS PairMorse, 29 Sep 2021): E = D0 [e^{-2a(r-r0)} - 2 e^{-a(r-r0)}] for
 * r < Rc, minus its value at Rc with `pair_modify shift yes`. pair_coeff I J D0 alpha r0 [Rc].
 * -dE/dr = 2 a D0 (e^{-2a dr} - e^{-a dr}), so fpair = morse1 (dexp² - dexp) / r with
 * morse1 = 2 D0 a, as LAMMPS. No mixing: every I != J pair must be set ("All pair coeffs are not
 * set", as LAMMPS's init_one). special_bonds lj weights scale 1-2/1-3/1-4 pairs.
 */
export class PairMorse extends HalfListPair<MorseCoeff> {
  readonly style = 'morse';
  /** fix adapt's names (LAMMPS PairMorse::extract). */
  protected override readonly adaptFields = { d0: 'd0', r0: 'r0', alpha: 'alpha' } as const;
  private table = new PairTable(6, 0);

  settings(args: string[]): void {
    this.settingsCutoff(args);
  }

  coeff(args: string[], system: AtomSystem): void {
    if (args.length < 5 || args.length > 6)
      throw new Error('Incorrect args for pair coefficients: pair_coeff I J d0 alpha r0 [cutoff]');
    const c = {
      d0: num(args[2], 'd0'),
      alpha: num(args[3], 'alpha'),
      r0: num(args[4], 'r0'),
      cut: args.length === 6 ? positive(args[5], 'morse cutoff') : NaN,
    };
    this.setCoeff(args[0], args[1], system.ntypes, c);
  }

  protected allocate(ntypes: number): void {
    this.table = new PairTable(6, ntypes);
  }

  protected mix(): MorseCoeff {
    return this.noMix();
  }

  protected initOne(i: number, j: number, c: MorseCoeff): number {
    const cut = this.cutOf(c);
    let offset = 0;
    if (this.shiftFlag) {
      const alphaDr = -c.alpha * (cut - c.r0);
      offset = c.d0 * (Math.exp(2.0 * alphaDr) - 2.0 * Math.exp(alphaDr));
    }
    const t = this.table;
    t.set(CUTSQ, i, j, cut * cut);
    t.set(D0, i, j, c.d0);
    t.set(ALPHA, i, j, c.alpha);
    t.set(R0, i, j, c.r0);
    t.set(MORSE1, i, j, 2.0 * c.d0 * c.alpha);
    t.set(OFFSET, i, j, offset);
    return cut;
  }

  protected pairForce(rsq: number, t: number, factor: number, eflag: boolean): number {
    const tab = this.table.data,
      sq = this.table.block;
    const r = Math.sqrt(rsq);
    const dr = r - tab[R0 * sq + t];
    const dexp = Math.exp(-tab[ALPHA * sq + t] * dr);
    if (eflag) this.eng = factor * (tab[D0 * sq + t] * (dexp * dexp - 2.0 * dexp) - tab[OFFSET * sq + t]);
    return (factor * tab[MORSE1 * sq + t] * (dexp * dexp - dexp)) / r;
  }
}
