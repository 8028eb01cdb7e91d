import type { AtomSystem } from '../src/system.js';
import { num } from '../src/parse.js';
import { HalfListPair } from './half_list_pair.js';
import { mixDistance, mixEnergy, PairTable } from './pair_base.js';

/** One pair_coeff line (lj/cubic's cutoffs follow from sigma). */
interface LJCubicCoeff {
  epsilon: number;
  sigma: number;
  cutInner: number;
  cut: number;
}

/*
 * LAMMPS's PairLJCubicConstants (pair_lj_cubic_const.h, 29 Sep 2021): LJ quantities scaled by
 * epsilon and rmin = sigma 2^{1/6}. s = (26/7)^{1/6}/2^{1/6} is the inflection point of the LJ
 * curve in units of rmin, PHIS and DPHIDS the LJ energy and slope there, A3 = 8 DPHIDS³/(9 PHIS²)
 * the cubic's coefficient that brings energy and force to zero together at SM = (67/48) s.
 * The 2021 header's values as the same doubles (not recomputed), so energies match LAMMPS to the bit.
 */
const RT6TWO = 1.122462048309373;
const SS = 1.1086834179687215;
const PHIS = -0.7869822485207097;
const DPHIDS = 2.6899008972047196;
const A3 = 27.933570046098644;
const SM = 1.5475372709146737;

const CUT_INNER = 0,
  CUT_INNER_SQ = 1,
  EPSILON = 2,
  SIGMA = 3,
  LJ1 = 4,
  LJ2 = 5,
  LJ3 = 6,
  LJ4 = 7;

/**
 * pair_style lj/cubic (LAMMPS PairLJCubic, 29 Sep 2021): 12-6 LJ out to its inflection point
 * rs = SS·rmin, then a cubic in t = (r − rs)/rmin, E = ε (PHIS + DPHIDS t − A3 t³/6), that reaches
 * zero energy and force at rc = SM·rmin (no global cutoff: `pair_style lj/cubic` takes no
 * arguments). pair_coeff I J ε σ. Mixing (LAMMPS init_one): ε by mix_energy, σ, rs and rc by
 * mix_distance. special_bonds lj weights scale 1-2/1-3/1-4 pairs. `pair_modify shift` and
 * `tail` change nothing (E is 0 at rc), as in LAMMPS.
 */
export class PairLJCubic extends HalfListPair<LJCubicCoeff> {
  readonly style = 'lj/cubic';
  private table = new PairTable(8, 0);

  settings(args: string[]): void {
    if (args.length !== 0)
      throw new Error(`Illegal pair_style lj/cubic command: it takes no arguments (got '${args.join(' ')}')`);
  }

  coeff(args: string[], system: AtomSystem): void {
    if (args.length !== 4) throw new Error('Incorrect args for pair coefficients: pair_coeff I J epsilon sigma');
    const epsilon = num(args[2], 'epsilon');
    const sigma = num(args[3], 'sigma');
    const rmin = sigma * RT6TWO;
    this.setCoeff(args[0], args[1], system.ntypes, { epsilon, sigma, cutInner: rmin * SS, cut: rmin * SM });
  }

  protected allocate(ntypes: number): void {
    this.table = new PairTable(8, ntypes);
  }

  protected mix(a: LJCubicCoeff, b: LJCubicCoeff): LJCubicCoeff {
    return {
      epsilon: mixEnergy(this.mixRule, a.epsilon, b.epsilon, a.sigma, b.sigma),
      sigma: mixDistance(this.mixRule, a.sigma, b.sigma),
      cutInner: mixDistance(this.mixRule, a.cutInner, b.cutInner),
      cut: mixDistance(this.mixRule, a.cut, b.cut),
    };
  }

  protected initOne(i: number, j: number, c: LJCubicCoeff): number {
    const t = this.table;
    t.set(CUT_INNER, i, j, c.cutInner);
    t.set(CUT_INNER_SQ, i, j, c.cutInner * c.cutInner);
    t.set(EPSILON, i, j, c.epsilon);
    t.set(SIGMA, i, j, c.sigma);
    t.set(LJ1, i, j, 48.0 * c.epsilon * Math.pow(c.sigma, 12.0));
    t.set(LJ2, i, j, 24.0 * c.epsilon * Math.pow(c.sigma, 6.0));
    t.set(LJ3, i, j, 4.0 * c.epsilon * Math.pow(c.sigma, 12.0));
    t.set(LJ4, i, j, 4.0 * c.epsilon * Math.pow(c.sigma, 6.0));
    return c.cut;
  }

  /**
   * `pair_modify tail yes` is accepted and adds nothing: LAMMPS's init_one sets no etail_ij/ptail_ij
   * for lj/cubic (the potential is zero beyond rc), so its tail stays 0.
   */
  protected override tailOne(): [number, number] {
    return [0.0, 0.0];
  }

  protected pairForce(rsq: number, t: number, factor: number, eflag: boolean): number {
    const tab = this.table.data,
      sq = this.table.block;
    const r2inv = 1.0 / rsq;
    if (rsq <= tab[CUT_INNER_SQ * sq + t]) {
      const r6inv = r2inv * r2inv * r2inv;
      if (eflag) this.eng = factor * (r6inv * (tab[LJ3 * sq + t] * r6inv - tab[LJ4 * sq + t]));
      return factor * (r6inv * (tab[LJ1 * sq + t] * r6inv - tab[LJ2 * sq + t])) * r2inv;
    }
    // Cubic tail: -dE/dr = ε (−DPHIDS + A3 t²/2)/rmin, times r so that fpair = forcelj / r².
    const r = Math.sqrt(rsq);
    const rmin = tab[SIGMA * sq + t] * RT6TWO;
    const tt = (r - tab[CUT_INNER * sq + t]) / rmin;
    const eps = tab[EPSILON * sq + t];
    if (eflag) this.eng = factor * (eps * (PHIS + DPHIDS * tt - (A3 * tt * tt * tt) / 6.0));
    return factor * ((eps * (-DPHIDS + (A3 * tt * tt) / 2.0) * r) / rmin) * r2inv;
  }
}
