import type { PairContext } from '../src/potential.js';
import type { AtomSystem } from '../src/system.js';
import { positive } from '../src/parse.js';
import { HalfListPair } from './half_list_pair.js';
import { mixDistance } from './pair_base.js';

/** One pair_coeff line; a NaN cutoff means the global one at init. */
interface CoulCoeff {
  cut: number;
}

/**
 * pair_style coul/cut Rc (LAMMPS PairCoulCut, 29 Sep 2021): E = qqrd2e q_i q_j / r for r < Rc (no
 * shift: LAMMPS's coul/cut has none), scaled by the special_bonds coul weight of 1-2/1-3/1-4
 * pairs. pair_coeff I J [Rc]; an unset I != J cutoff mixes by `pair_modify mix`. The energy also
 * goes to ForceBuffers.ecoul (thermo ecoul). Needs an atom style with charges.
 */
export class PairCoulCut extends HalfListPair<CoulCoeff> {
  readonly style = 'coul/cut';
  protected override readonly coulomb = true;
  private qqrd2e = 1;
  /** Charges by local index and the ghost → local map, taken at each compute. */
  private q: Float64Array = new Float64Array(0);
  private map: Int32Array = new Int32Array(0);

  settings(args: string[]): void {
    this.settingsCutoff(args);
  }

  coeff(args: string[], system: AtomSystem): void {
    if (args.length < 2 || args.length > 3)
      throw new Error('Incorrect args for pair coefficients: pair_coeff I J [cutoff]');
    const c = { cut: args.length === 3 ? positive(args[2], 'coul/cut cutoff') : NaN };
    this.setCoeff(args[0], args[1], system.ntypes, c);
  }

  /** No tables: the cutoff (PairBase's cutsq) is all the kernel reads per type pair. */
  protected allocate(): void {}

  protected mix(a: CoulCoeff, b: CoulCoeff): CoulCoeff {
    return { cut: mixDistance(this.mixRule, this.cutOf(a), this.cutOf(b)) };
  }

  protected initOne(_i: number, _j: number, c: CoulCoeff): number {
    const cut = this.cutOf(c);
    return cut;
  }

  override initMapped(system: AtomSystem, mapped: ((i: number, j: number) => boolean) | null): void {
    if (!system.atomStyle.charge)
      throw new Error(`Pair style coul/cut requires atom attribute q (atom_style ${system.atomStyle.name} has none)`);
    super.initMapped(system, mapped);
    this.qqrd2e = system.units.qqr2e;
  }

  protected override beginCompute(ctx: PairContext): void {
    this.q = ctx.system.q;
    this.map = ctx.ghosts.map;
  }

  protected pairForce(rsq: number, _t: number, factor: number, eflag: boolean, i: number, j: number): number {
    const r2inv = 1.0 / rsq;
    const rinv = Math.sqrt(r2inv);
    // LAMMPS: forcecoul = qqrd2e scale qi qj / r (scale 1), fpair = factor_coul forcecoul / r².
    const forcecoul = this.qqrd2e * this.q[i] * this.q[this.map[j]] * rinv;
    if (eflag) this.eng = factor * forcecoul;
    return factor * forcecoul * r2inv;
  }
}
