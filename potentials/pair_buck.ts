import type { ComputeFlags, ForceBuffers, PairContext } from '../src/potential.js';
import type { AtomSystem } from '../src/system.js';
import { num, positive } from '../src/parse.js';
import { NEIGHMASK, SBBITS } from '../src/molecular/special.js';
import { PairBase, PairTable } from './pair_base.js';

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
export class PairBuck extends PairBase<BuckCoeff> {
  readonly style = 'buck';
  readonly neighborKind = 'half' as const;
  readonly computesVirial = false;
  readonly appliesSpecial = true as const;
  private cutGlobal = 0;
  private table = new PairTable(7, 0);
  private readonly specialLj = Float64Array.of(1, 0, 0, 0);

  settings(args: string[]): void {
    if (args.length !== 1) throw new Error('Illegal pair_style buck command: expected cutoff');
    this.cutGlobal = positive(args[0], 'buck cutoff');
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

  setSpecial(lj: Float64Array, _coul: Float64Array): void {
    this.specialLj.set(lj);
  }

  protected allocate(ntypes: number): void {
    this.table = new PairTable(7, ntypes);
  }

  protected mix(): BuckCoeff {
    throw new Error('All pair coeffs are not set (pair buck does not mix: set pair_coeff I J for every type pair)');
  }

  protected initOne(i: number, j: number, c: BuckCoeff): number {
    const cut = Number.isNaN(c.cut) ? this.cutGlobal : c.cut;
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
        const rexp = Math.exp(-r * tab[RHOINV * sq + t]);
        const forcebuck = tab[BUCK1 * sq + t] * r * rexp - tab[BUCK2 * sq + t] * r6inv;
        const fpair = factor * forcebuck * r2inv;
        fxi += dx * fpair;
        fyi += dy * fpair;
        fzi += dz * fpair;
        f[3 * j] -= dx * fpair;
        f[3 * j + 1] -= dy * fpair;
        f[3 * j + 2] -= dz * fpair;
        if (eflag) {
          const e = factor * (tab[A * sq + t] * rexp - tab[C * sq + t] * r6inv - tab[OFFSET * sq + t]);
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
