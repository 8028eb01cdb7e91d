import type { ComputeFlags, ForceBuffers, PairContext } from '../src/potential.js';
import type { AtomSystem } from '../src/system.js';
import { num, positive } from '../src/parse.js';
import { NEIGHMASK, SBBITS } from '../src/molecular/special.js';
import { mixDistance, PairBase, PairTable } from './pair_base.js';

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
export class PairSoft extends PairBase<SoftCoeff> {
  readonly style = 'soft';
  readonly neighborKind = 'half' as const;
  readonly computesVirial = false;
  readonly appliesSpecial = true as const;
  private cutGlobal = 0;
  private table = new PairTable(3, 0);
  private readonly specialLj = Float64Array.of(1, 0, 0, 0);

  settings(args: string[]): void {
    if (args.length !== 1) throw new Error('Illegal pair_style soft command: expected cutoff');
    this.cutGlobal = positive(args[0], 'soft cutoff');
  }

  coeff(args: string[], system: AtomSystem): void {
    if (args.length < 3 || args.length > 4)
      throw new Error('Incorrect args for pair coefficients: pair_coeff I J A [cutoff]');
    const c = { a: num(args[2], 'A'), cut: args.length === 4 ? positive(args[3], 'soft cutoff') : NaN };
    this.setCoeff(args[0], args[1], system.ntypes, c);
  }

  setSpecial(lj: Float64Array, _coul: Float64Array): void {
    this.specialLj.set(lj);
  }

  protected allocate(ntypes: number): void {
    this.table = new PairTable(3, ntypes);
  }

  private cutOf(c: SoftCoeff): number {
    return Number.isNaN(c.cut) ? this.cutGlobal : c.cut;
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
        const r = Math.sqrt(rsq);
        const cut = tab[CUT * sq + t],
          pre = tab[PREFACTOR * sq + t];
        const arg = (Math.PI * r) / cut;
        const fpair = r > 0.0 ? (factor * pre * Math.sin(arg) * Math.PI) / cut / r : 0.0;
        fxi += dx * fpair;
        fyi += dy * fpair;
        fzi += dz * fpair;
        f[3 * j] -= dx * fpair;
        f[3 * j + 1] -= dy * fpair;
        f[3 * j + 2] -= dz * fpair;
        if (eflag) {
          const e = factor * pre * (1.0 + Math.cos(arg));
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
