import type { ComputeFlags, ForceBuffers, PairContext } from '../src/potential.js';
import type { AtomSystem } from '../src/system.js';
import { num, positive } from '../src/parse.js';
import { NEIGHMASK, SBBITS } from '../src/molecular/special.js';
import { PairBase, PairTable } from './pair_base.js';

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
export class PairBorn extends PairBase<BornCoeff> {
  readonly style = 'born';
  readonly neighborKind = 'half' as const;
  readonly computesVirial = false;
  readonly appliesSpecial = true as const;
  private cutGlobal = 0;
  private table = new PairTable(10, 0);
  private readonly specialLj = Float64Array.of(1, 0, 0, 0);

  settings(args: string[]): void {
    if (args.length !== 1) throw new Error('Illegal pair_style born command: expected cutoff');
    this.cutGlobal = positive(args[0], 'born cutoff');
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

  setSpecial(lj: Float64Array, _coul: Float64Array): void {
    this.specialLj.set(lj);
  }

  protected allocate(ntypes: number): void {
    this.table = new PairTable(10, ntypes);
  }

  protected mix(): BornCoeff {
    throw new Error('All pair coeffs are not set (pair born does not mix: set pair_coeff I J for every type pair)');
  }

  protected initOne(i: number, j: number, c: BornCoeff): number {
    const cut = Number.isNaN(c.cut) ? this.cutGlobal : c.cut;
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
        const r2inv = 1.0 / rsq;
        const r6inv = r2inv * r2inv * r2inv;
        const r = Math.sqrt(rsq);
        const rexp = Math.exp((tab[SIGMA * sq + t] - r) * tab[RHOINV * sq + t]);
        const forceborn =
          tab[BORN1 * sq + t] * r * rexp - tab[BORN2 * sq + t] * r6inv + tab[BORN3 * sq + t] * r2inv * r6inv;
        const fpair = factor * forceborn * r2inv;
        fxi += dx * fpair;
        fyi += dy * fpair;
        fzi += dz * fpair;
        f[3 * j] -= dx * fpair;
        f[3 * j + 1] -= dy * fpair;
        f[3 * j + 2] -= dz * fpair;
        if (eflag) {
          const e =
            factor *
            (tab[A * sq + t] * rexp - tab[C * sq + t] * r6inv + tab[D * sq + t] * r6inv * r2inv - tab[OFFSET * sq + t]);
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
