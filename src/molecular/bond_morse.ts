import { num } from '../parse.js';
import { BondedBase, type BondedContext, expectCount } from './bonded_style.js';

/**
 * bond_style morse (LAMMPS BondMorse): E = D0 (1 - e^{-α (r - r0)})², coefficients `D0 alpha r0`;
 * the force on atom 1 is -dE/dr r̂_12 = -2 D0 α (1 - e^{-α dr}) e^{-α dr} r̂_12, r_12 = x1 - x2.
 */
export class BondMorse extends BondedBase<{ d0: number; alpha: number; r0: number }> {
  readonly kind = 'bond' as const;
  readonly style = 'morse';
  private d0 = new Float64Array(0);
  private alpha = new Float64Array(0);
  private r0 = new Float64Array(0);

  protected parse(v: string[]) {
    expectCount(v, 3, 'D0 alpha r0');
    return { d0: num(v[0], 'D0'), alpha: num(v[1], 'alpha'), r0: num(v[2], 'r0') };
  }

  protected bind(ntypes: number): void {
    this.d0 = new Float64Array(ntypes + 1);
    this.alpha = new Float64Array(ntypes + 1);
    this.r0 = new Float64Array(ntypes + 1);
    for (let t = 1; t <= ntypes; t++) {
      const c = this.coeffOf(t);
      this.d0[t] = c.d0;
      this.alpha[t] = c.alpha;
      this.r0[t] = c.r0;
    }
  }

  writeCoeff(t: number): string {
    const c = this.coeffOf(t);
    return `${c.d0} ${c.alpha} ${c.r0}`;
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
