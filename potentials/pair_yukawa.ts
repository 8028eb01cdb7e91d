import type { ComputeFlags, ForceBuffers, PairContext } from '../src/potential.js';
import type { AtomSystem } from '../src/system.js';
import { num, positive } from '../src/parse.js';
import { NEIGHMASK, SBBITS } from '../src/molecular/special.js';
import { mixDistance, mixEnergy, PairBase, PairTable } from './pair_base.js';

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
export class PairYukawa extends PairBase<YukawaCoeff> {
  readonly style = 'yukawa';
  readonly neighborKind = 'half' as const;
  readonly computesVirial = false;
  readonly appliesSpecial = true as const;
  private kappa = 0;
  private cutGlobal = 0;
  private table = new PairTable(3, 0);
  private readonly specialLj = Float64Array.of(1, 0, 0, 0);

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

  setSpecial(lj: Float64Array, _coul: Float64Array): void {
    this.specialLj.set(lj);
  }

  protected allocate(ntypes: number): void {
    this.table = new PairTable(3, ntypes);
  }

  private cutOf(c: YukawaCoeff): number {
    return Number.isNaN(c.cut) ? this.cutGlobal : c.cut;
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

  compute(ctx: PairContext, out: ForceBuffers, flags: ComputeFlags): void {
    const g = ctx.ghosts;
    const { offset: first, list } = ctx.list;
    const x = g.xAll,
      type = g.type,
      f = out.f;
    const tab = this.table.data;
    const stride = this.table.stride,
      sq = this.table.block;
    const sLj = this.specialLj;
    const kappa = this.kappa;
    const eflag = flags.energy;
    const eatom = flags.eatom ? out.eatom : null;
    let eSum = 0;
    for (let i = 0; i < g.nlocal; i++) {
      const xi = x[3 * i],
        yi = x[3 * i + 1],
        zi = x[3 * i + 2];
      const row = type[i] * stride;
      let fxi = 0,
        fyi = 0,
        fzi = 0;
      const end = first[i + 1];
      for (let k = first[i]; k < end; k++) {
        const jj = list[k];
        const factor = sLj[(jj >>> SBBITS) & 3];
        const j = jj & NEIGHMASK;
        const dx = xi - x[3 * j],
          dy = yi - x[3 * j + 1],
          dz = zi - x[3 * j + 2];
        const rsq = dx * dx + dy * dy + dz * dz;
        const t = row + type[j];
        if (rsq >= tab[t]) continue;
        const r2inv = 1.0 / rsq;
        const r = Math.sqrt(rsq);
        const rinv = 1.0 / r;
        const screening = Math.exp(-kappa * r);
        const a = tab[A * sq + t];
        const forceyukawa = a * screening * (kappa + rinv);
        const fpair = factor * forceyukawa * r2inv;
        fxi += dx * fpair;
        fyi += dy * fpair;
        fzi += dz * fpair;
        f[3 * j] -= dx * fpair;
        f[3 * j + 1] -= dy * fpair;
        f[3 * j + 2] -= dz * fpair;
        if (eflag) {
          const e = factor * (a * screening * rinv - tab[OFFSET * sq + t]);
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
  }
}
