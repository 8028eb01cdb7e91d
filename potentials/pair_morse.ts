import type { ComputeFlags, ForceBuffers, PairContext } from '../src/potential.js';
import type { AtomSystem } from '../src/system.js';
import { num, positive } from '../src/parse.js';
import { NEIGHMASK, SBBITS } from '../src/molecular/special.js';
import { PairBase, PairTable } from './pair_base.js';

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
export class PairMorse extends PairBase<MorseCoeff> {
  readonly style = 'morse';
  readonly neighborKind = 'half' as const;
  readonly computesVirial = false;
  readonly appliesSpecial = true as const;
  private cutGlobal = 0;
  private table = new PairTable(6, 0);
  private readonly specialLj = Float64Array.of(1, 0, 0, 0);

  settings(args: string[]): void {
    if (args.length !== 1) throw new Error('Illegal pair_style morse command: expected cutoff');
    this.cutGlobal = positive(args[0], 'morse cutoff');
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

  setSpecial(lj: Float64Array, _coul: Float64Array): void {
    this.specialLj.set(lj);
  }

  protected allocate(ntypes: number): void {
    this.table = new PairTable(6, ntypes);
  }

  protected mix(): MorseCoeff {
    throw new Error('All pair coeffs are not set (pair morse does not mix: set pair_coeff I J for every type pair)');
  }

  protected initOne(i: number, j: number, c: MorseCoeff): number {
    const cut = Number.isNaN(c.cut) ? this.cutGlobal : c.cut;
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
        const dr = r - tab[R0 * sq + t];
        const dexp = Math.exp(-tab[ALPHA * sq + t] * dr);
        const fpair = (factor * tab[MORSE1 * sq + t] * (dexp * dexp - dexp)) / r;
        fxi += dx * fpair;
        fyi += dy * fpair;
        fzi += dz * fpair;
        f[3 * j] -= dx * fpair;
        f[3 * j + 1] -= dy * fpair;
        f[3 * j + 2] -= dz * fpair;
        if (eflag) {
          const e = factor * (tab[D0 * sq + t] * (dexp * dexp - 2.0 * dexp) - tab[OFFSET * sq + t]);
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
