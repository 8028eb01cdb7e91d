import type { ComputeFlags, ForceBuffers, PairContext } from '../src/potential.js';
import type { AtomSystem } from '../src/system.js';
import { positive } from '../src/parse.js';
import { NEIGHMASK, SBBITS } from '../src/molecular/special.js';
import { mixDistance, PairBase, PairTable } from './pair_base.js';

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
export class PairCoulCut extends PairBase<CoulCoeff> {
  readonly style = 'coul/cut';
  readonly neighborKind = 'half' as const;
  readonly computesVirial = false;
  readonly appliesSpecial = true as const;
  private cutGlobal = 0;
  private table = new PairTable(1, 0);
  private readonly specialCoul = Float64Array.of(1, 0, 0, 0);
  private qqrd2e = 1;

  settings(args: string[]): void {
    if (args.length !== 1) throw new Error('Illegal pair_style coul/cut command: expected cutoff');
    this.cutGlobal = positive(args[0], 'coul/cut cutoff');
  }

  coeff(args: string[], system: AtomSystem): void {
    if (args.length < 2 || args.length > 3)
      throw new Error('Incorrect args for pair coefficients: pair_coeff I J [cutoff]');
    const c = { cut: args.length === 3 ? positive(args[2], 'coul/cut cutoff') : NaN };
    this.setCoeff(args[0], args[1], system.ntypes, c);
  }

  setSpecial(_lj: Float64Array, coul: Float64Array): void {
    this.specialCoul.set(coul);
  }

  protected allocate(ntypes: number): void {
    this.table = new PairTable(1, ntypes);
  }

  private cutOf(c: CoulCoeff): number {
    return Number.isNaN(c.cut) ? this.cutGlobal : c.cut;
  }

  protected mix(a: CoulCoeff, b: CoulCoeff): CoulCoeff {
    return { cut: mixDistance(this.mixRule, this.cutOf(a), this.cutOf(b)) };
  }

  protected initOne(i: number, j: number, c: CoulCoeff): number {
    const cut = this.cutOf(c);
    this.table.set(0, i, j, cut * cut);
    return cut;
  }

  override init(system: AtomSystem): void {
    if (!system.atomStyle.charge)
      throw new Error(`Pair style coul/cut requires atom attribute q (atom_style ${system.atomStyle.name} has none)`);
    super.init(system);
    this.qqrd2e = system.units.qqr2e;
  }

  compute(ctx: PairContext, out: ForceBuffers, flags: ComputeFlags): void {
    const g = ctx.ghosts;
    const { offset: first, list } = ctx.list;
    const x = g.xAll,
      type = g.type,
      map = g.map,
      q = ctx.system.q,
      f = out.f;
    const cutsq = this.table.data;
    const stride = this.table.stride;
    const sCoul = this.specialCoul;
    const qqrd2e = this.qqrd2e;
    const eflag = flags.energy;
    const eatom = flags.eatom ? out.eatom : null;
    let eSum = 0;
    for (let i = 0; i < g.nlocal; i++) {
      const xi = x[3 * i],
        yi = x[3 * i + 1],
        zi = x[3 * i + 2];
      const qtmp = q[i];
      const row = type[i] * stride;
      let fxi = 0,
        fyi = 0,
        fzi = 0;
      const end = first[i + 1];
      for (let k = first[i]; k < end; k++) {
        const jj = list[k];
        const factor = sCoul[(jj >>> SBBITS) & 3];
        const j = jj & NEIGHMASK;
        const dx = xi - x[3 * j],
          dy = yi - x[3 * j + 1],
          dz = zi - x[3 * j + 2];
        const rsq = dx * dx + dy * dy + dz * dz;
        if (rsq >= cutsq[row + type[j]]) continue;
        const r2inv = 1.0 / rsq;
        const rinv = Math.sqrt(r2inv);
        // LAMMPS: forcecoul = qqrd2e scale qi qj / r (scale 1), fpair = factor_coul forcecoul / r².
        const forcecoul = qqrd2e * qtmp * q[map[j]] * rinv;
        const fpair = factor * forcecoul * r2inv;
        fxi += dx * fpair;
        fyi += dy * fpair;
        fzi += dz * fpair;
        f[3 * j] -= dx * fpair;
        f[3 * j + 1] -= dy * fpair;
        f[3 * j + 2] -= dz * fpair;
        if (eflag) {
          const e = factor * forcecoul;
          eSum += e;
          if (eatom !== null) {
            eatom[i] += 0.5 * e;
            eatom[j] += 0.5 * e;
          }
        }
      }
      f[3 * i] += fxi;
      f[3 * i + 1] += fyi;
      f[3 * i + 2] += fzi;
    }
    out.energy += eSum;
    out.ecoul += eSum;
  }
}
