import { int, num } from '../parse.js';
import { BondedBase, type BondedContext, expectCount } from './bonded_style.js';
import { buildSeries, type TorsionSeries, torsionSeriesForces } from './dihedral_series.js';

/**
 * improper_style cvff (LAMMPS ImproperCvff): E = K [1 + d cos(n phi)], d = +-1, n in 0..6, phi the
 * dihedral 1-2-3-4. LAMMPS writes cos(n phi) as the polynomial T_n(c) of c = cos(phi) =
 * (c0 + c1 c2) / (sin1 sin2), which is the dihedral's cos(phi) (a.b/|a||b| with a = b1 x -b2,
 * b = b3 x -b2, expanded). So E = K [1 + cos(n phi - d')] with d' = 0 for d = +1 and 180 degrees
 * for d = -1: the torsion kernel of dihedral charmm (dihedral_series.ts) computes it, exact at
 * phi = 0 and 180 degrees, with the same energy and central-difference-checked forces.
 */
export class ImproperCvff extends BondedBase<{ k: number; d: number; n: number }> {
  readonly kind = 'improper' as const;
  readonly style = 'cvff';
  private series: TorsionSeries = buildSeries(0, () => []);

  protected parse(v: string[]) {
    expectCount(v, 3, 'K d n');
    const k = num(v[0], 'K');
    const d = int(v[1], 'sign d');
    const n = int(v[2], 'multiplicity n');
    if (d !== 1 && d !== -1) throw new Error(`Incorrect sign arg for improper coefficients: ${v[1]}`);
    if (n < 0 || n > 6) throw new Error(`Incorrect multiplicity arg for improper coefficients: ${v[2]}`);
    return { k, d, n };
  }

  protected bind(ntypes: number): void {
    this.series = buildSeries(ntypes, (t) => {
      const c = this.coeffOf(t);
      return [{ k: c.k, m: c.n, d: c.d === 1 ? 0 : 180 }];
    });
  }

  writeCoeff(t: number): string {
    const c = this.coeffOf(t);
    return `${c.k} ${c.d} ${c.n}`;
  }

  compute(ctx: BondedContext, atoms: Int32Array, type: Int32Array, n: number): number {
    return torsionSeriesForces(ctx.x, ctx.f, atoms, type, n, this.series, ctx.eflag, ctx.eatom);
  }
}
