import { ColumnCoeffStyle } from './column_coeff_style.js';
import type { BondedContext } from './bonded_style.js';

/**
 * bond_style harmonic (LAMMPS BondHarmonic): E = K (r - r0)^2 (K in energy/length^2, the 1/2 folded
 * into K as LAMMPS does), F on atom 1 = -2 K (r - r0) r̂_12 with r_12 = x1 - x2.
 */
export class BondHarmonic extends ColumnCoeffStyle {
  readonly kind = 'bond' as const;
  readonly style = 'harmonic';
  protected readonly coeffNames = ['K', 'r0'] as const;
  private k = new Float64Array(0);
  private r0 = new Float64Array(0);

  protected override bind(ntypes: number): void {
    super.bind(ntypes);
    [this.k, this.r0] = this.col;
  }

  compute(ctx: BondedContext, atoms: Int32Array, type: Int32Array, n: number): number {
    const x = ctx.x,
      f = ctx.f,
      eatom = ctx.eatom;
    let energy = 0;
    for (let t = 0; t < n; t++) {
      const i1 = 3 * atoms[2 * t],
        i2 = 3 * atoms[2 * t + 1];
      const tt = type[t];
      const delx = x[i1] - x[i2],
        dely = x[i1 + 1] - x[i2 + 1],
        delz = x[i1 + 2] - x[i2 + 2];
      const r = Math.sqrt(delx * delx + dely * dely + delz * delz);
      const dr = r - this.r0[tt];
      const rk = this.k[tt] * dr;
      const fbond = r > 0 ? (-2.0 * rk) / r : 0;
      f[i1] += delx * fbond;
      f[i1 + 1] += dely * fbond;
      f[i1 + 2] += delz * fbond;
      f[i2] -= delx * fbond;
      f[i2 + 1] -= dely * fbond;
      f[i2 + 2] -= delz * fbond;
      if (ctx.eflag) {
        const e = rk * dr;
        energy += e;
        if (eatom) {
          eatom[i1 / 3] += 0.5 * e;
          eatom[i2 / 3] += 0.5 * e;
        }
      }
    }
    return energy;
  }
}
