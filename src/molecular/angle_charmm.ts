import { ColumnCoeffStyle } from './column_coeff_style.js';
import type { BondedContext } from './bonded_style.js';

/** Below this sin(theta) LAMMPS clamps 1/sin (angle_charmm.cpp SMALL). */
const SMALL = 0.001;

/**
 * angle_style charmm (LAMMPS AngleCharmm), coefficients `K theta0 K_ub r_ub`:
 *   E = K (θ - θ0)² + K_ub (r_13 - r_ub)²
 * angle_style harmonic plus a Urey-Bradley bond between the end atoms 1 and 3 (K, K_ub with the ½
 * folded in; θ0 in degrees). The harmonic forces are a11 r1 + a12 r2 and a22 r2 + a12 r1 on the
 * ends; the Urey-Bradley force -2 K_ub (r_13 - r_ub)/r_13 r_13 acts along r_13 = x3 - x1.
 */
export class AngleCharmm extends ColumnCoeffStyle {
  readonly kind = 'angle' as const;
  readonly style = 'charmm';
  protected readonly coeffNames = ['K', 'theta0', 'K_ub', 'r_ub'] as const;
  private k = new Float64Array(0);
  private theta0 = new Float64Array(0);
  private kUb = new Float64Array(0);
  private rUb = new Float64Array(0);

  /** LAMMPS: theta0[i] = theta0_one/180.0 * MY_PI. */
  protected override stored(c: number, value: number): number {
    return c === 1 ? (value / 180.0) * Math.PI : value;
  }

  protected override bind(ntypes: number): void {
    super.bind(ntypes);
    [this.k, this.theta0, this.kUb, this.rUb] = this.col;
  }

  compute(ctx: BondedContext, atoms: Int32Array, type: Int32Array, n: number): number {
    const x = ctx.x,
      f = ctx.f,
      eatom = ctx.eatom;
    let energy = 0;
    for (let t = 0; t < n; t++) {
      const i1 = 3 * atoms[3 * t],
        i2 = 3 * atoms[3 * t + 1],
        i3 = 3 * atoms[3 * t + 2];
      const tt = type[t];
      const delx1 = x[i1] - x[i2],
        dely1 = x[i1 + 1] - x[i2 + 1],
        delz1 = x[i1 + 2] - x[i2 + 2];
      const rsq1 = delx1 * delx1 + dely1 * dely1 + delz1 * delz1;
      const r1 = Math.sqrt(rsq1);
      const delx2 = x[i3] - x[i2],
        dely2 = x[i3 + 1] - x[i2 + 1],
        delz2 = x[i3 + 2] - x[i2 + 2];
      const rsq2 = delx2 * delx2 + dely2 * dely2 + delz2 * delz2;
      const r2 = Math.sqrt(rsq2);
      // Urey-Bradley bond 1-3.
      const delxUB = x[i3] - x[i1],
        delyUB = x[i3 + 1] - x[i1 + 1],
        delzUB = x[i3 + 2] - x[i1 + 2];
      const rUB = Math.sqrt(delxUB * delxUB + delyUB * delyUB + delzUB * delzUB);
      const dr = rUB - this.rUb[tt];
      const rk = this.kUb[tt] * dr;
      const forceUB = rUB > 0.0 ? (-2.0 * rk) / rUB : 0.0;
      let c = delx1 * delx2 + dely1 * dely2 + delz1 * delz2;
      c /= r1 * r2;
      if (c > 1.0) c = 1.0;
      if (c < -1.0) c = -1.0;
      let s = Math.sqrt(1.0 - c * c);
      if (s < SMALL) s = SMALL;
      s = 1.0 / s;
      const dtheta = Math.acos(c) - this.theta0[tt];
      const tk = this.k[tt] * dtheta;
      const a = -2.0 * tk * s;
      const a11 = (a * c) / rsq1;
      const a12 = -a / (r1 * r2);
      const a22 = (a * c) / rsq2;
      const f1x = a11 * delx1 + a12 * delx2 - delxUB * forceUB,
        f1y = a11 * dely1 + a12 * dely2 - delyUB * forceUB,
        f1z = a11 * delz1 + a12 * delz2 - delzUB * forceUB;
      const f3x = a22 * delx2 + a12 * delx1 + delxUB * forceUB,
        f3y = a22 * dely2 + a12 * dely1 + delyUB * forceUB,
        f3z = a22 * delz2 + a12 * delz1 + delzUB * forceUB;
      f[i1] += f1x;
      f[i1 + 1] += f1y;
      f[i1 + 2] += f1z;
      f[i2] -= f1x + f3x;
      f[i2 + 1] -= f1y + f3y;
      f[i2 + 2] -= f1z + f3z;
      f[i3] += f3x;
      f[i3 + 1] += f3y;
      f[i3 + 2] += f3z;
      if (ctx.eflag) {
        const e = rk * dr + tk * dtheta;
        energy += e;
        if (eatom) {
          const third = e / 3;
          eatom[i1 / 3] += third;
          eatom[i2 / 3] += third;
          eatom[i3 / 3] += third;
        }
      }
    }
    return energy;
  }
}
