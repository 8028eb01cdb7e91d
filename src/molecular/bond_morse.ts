import { ColumnCoeffStyle } from './column_coeff_style.js';
import type { BondedContext } from './bonded_style.js';

/**
 * bond_style morse (LAMMPS BondMorse): E = D0 (1 - e^{-α (r - r0)})², coefficients `D0 alpha r0`;
 * the force on atom 1 is -dE/dr r̂_12 = -2 D0 α (1 - e^{-α dr}) e^{-α dr} r̂_12, r_12 = x1 - x2.
 */
export class BondMorse extends ColumnCoeffStyle {
  readonly kind = 'bond' as const;
  readonly style = 'morse';
  protected readonly coeffNames = ['D0', 'alpha', 'r0'] as const;
  private d0 = new Float64Array(0);
  private alpha = new Float64Array(0);
  private r0 = new Float64Array(0);

  protected override bind(ntypes: number): void {
    super.bind(ntypes);
    [this.d0, this.alpha, this.r0] = this.col;
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
      const ralpha = Math.exp(-this.alpha[tt] * dr);
      const fbond = r > 0.0 ? (-2.0 * this.d0[tt] * this.alpha[tt] * (1 - ralpha) * ralpha) / r : 0.0;
      f[i1] += delx * fbond;
      f[i1 + 1] += dely * fbond;
      f[i1 + 2] += delz * fbond;
      f[i2] -= delx * fbond;
      f[i2 + 1] -= dely * fbond;
      f[i2 + 2] -= delz * fbond;
      if (ctx.eflag) {
        const e = this.d0[tt] * (1 - ralpha) * (1 - ralpha);
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
