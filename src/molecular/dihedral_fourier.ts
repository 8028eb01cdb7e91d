import { int, num } from '../parse.js';
import { BondedBase, type BondedContext } from './bonded_style.js';
import { buildSeries, type TorsionSeries, torsionSeriesForces } from './dihedral_series.js';

type FourierCoeff = { k: number; m: number; d: number }[];

/**
 * dihedral_style fourier (LAMMPS DihedralFourier, EXTRA-MOLECULE): E = sum_i K_i [1 + cos(n_i phi - d_i)]
 * with `dihedral_coeff type m K1 n1 d1 ... Km nm dm` (n_i integer >= 0, d_i in degrees, any real).
 * One component equals dihedral charmm with weight 0 and the same K, n, d.
 */
export class DihedralFourier extends BondedBase<FourierCoeff> {
  readonly kind = 'dihedral' as const;
  readonly style = 'fourier';
  private series: TorsionSeries = buildSeries(0, () => []);

  protected parse(v: string[]): FourierCoeff {
    if (v.length < 1) throw new Error('expected m K1 n1 d1 ... Km nm dm');
    const m = int(v[0], 'number of terms m');
    if (m < 1) throw new Error(`Incorrect number of terms arg for dihedral coefficients: ${v[0]}`);
    if (v.length !== 1 + 3 * m) throw new Error(`expected m K1 n1 d1 ... Km nm dm with m = ${m}, got '${v.join(' ')}'`);
    const out: FourierCoeff = [];
    for (let j = 0; j < m; j++) {
      const k = num(v[1 + 3 * j], `K${j + 1}`);
      const n = int(v[2 + 3 * j], `n${j + 1}`);
      const d = num(v[3 + 3 * j], `d${j + 1}`);
      if (n < 0) throw new Error(`Incorrect multiplicity arg for dihedral coefficients: ${v[2 + 3 * j]}`);
      out.push({ k, m: n, d });
    }
    return out;
  }

  protected bind(ntypes: number): void {
    this.series = buildSeries(ntypes, (t) => this.coeffOf(t));
  }

  writeCoeff(t: number): string {
    const c = this.coeffOf(t);
    return `${c.length} ${c.map((x) => `${x.k} ${x.m} ${x.d}`).join(' ')}`;
  }

  compute(ctx: BondedContext, atoms: Int32Array, type: Int32Array, n: number): number {
    return torsionSeriesForces(ctx.x, ctx.f, atoms, type, n, this.series, ctx.eflag, ctx.eatom);
  }
}
