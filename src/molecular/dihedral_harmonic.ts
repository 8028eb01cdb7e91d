import { int, num } from '../parse.js';
import { BondedBase, type BondedContext, expectCount } from './bonded_style.js';
import { buildSeries, type TorsionSeries, torsionSeriesForces } from './dihedral_series.js';

interface HarmonicCoeff {
  k: number;
  sign: number;
  n: number;
}

/**
 * dihedral_style harmonic (LAMMPS DihedralHarmonic): E = K [1 + d cos(n phi)] with
 * `dihedral_coeff type K d n`, d = +1 or -1, n >= 0. It is one torsion component with
 * cos(shift) = d and sin(shift) = 0 exactly (LAMMPS sets cos_shift = sign, sin_shift = 0, not
 * cos/sin of 0 or 180 degrees, so sin(pi) roundoff never enters).
 */
export class DihedralHarmonic extends BondedBase<HarmonicCoeff> {
  readonly kind = 'dihedral' as const;
  readonly style = 'harmonic';
  private series: TorsionSeries = buildSeries(0, () => []);

  protected parse(v: string[]): HarmonicCoeff {
    expectCount(v, 3, 'K d n');
    const k = num(v[0], 'K');
    const sign = int(v[1], 'sign d');
    const n = int(v[2], 'multiplicity n');
    if (sign !== -1 && sign !== 1) throw new Error(`Incorrect sign arg for dihedral coefficients: ${v[1]}`);
    if (n < 0) throw new Error(`Incorrect multiplicity arg for dihedral coefficients: ${v[2]}`);
    return { k, sign, n };
  }

  protected bind(ntypes: number): void {
    this.series = buildSeries(ntypes, (t) => {
      const c = this.coeffOf(t);
      return [{ k: c.k, m: c.n, d: 0 }];
    });
    for (let t = 1; t <= ntypes; t++) {
      const at = this.series.first[t];
      this.series.cosShift[at] = this.coeffOf(t).sign;
      this.series.sinShift[at] = 0;
    }
  }

  writeCoeff(t: number): string {
    const c = this.coeffOf(t);
    return `${c.k} ${c.sign} ${c.n}`;
  }

  compute(ctx: BondedContext, atoms: Int32Array, type: Int32Array, n: number): number {
    return torsionSeriesForces(ctx.x, ctx.f, atoms, type, n, this.series, ctx.eflag, ctx.eatom);
  }
}
