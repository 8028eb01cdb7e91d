import type { BondedContext } from './bonded_style.js';
import { KAngleStyle } from './k_angle_style.js';

/** Below this sin(theta) LAMMPS clamps 1/sin (angle_harmonic.cpp SMALL). */
const SMALL = 0.001;

/**
 * angle_style harmonic (LAMMPS AngleHarmonic): E = K (theta - theta0)^2, theta the angle 1-2-3 at
 * the central atom 2 (K in energy/rad^2, theta0 given in degrees). With c = cos(theta),
 * dE/dc = -2 K dtheta / sin(theta); the forces on the end atoms are a11 r1 + a12 r2 and
 * a22 r2 + a12 r1 (LAMMPS's form), the centre takes minus their sum.
 */
export class AngleHarmonic extends KAngleStyle {
  readonly kind = 'angle' as const;
  readonly style = 'harmonic';
  protected readonly angleName = 'theta0';

  protected toRadians(degrees: number): number {
    // LAMMPS: theta0[i] = theta0_one/180.0 * MY_PI
    return (degrees / 180.0) * Math.PI;
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
      let c = delx1 * delx2 + dely1 * dely2 + delz1 * delz2;
      c /= r1 * r2;
      if (c > 1.0) c = 1.0;
      if (c < -1.0) c = -1.0;
      let s = Math.sqrt(1.0 - c * c);
      if (s < SMALL) s = SMALL;
      s = 1.0 / s;
      const dtheta = Math.acos(c) - this.angle0[tt];
      const tk = this.k[tt] * dtheta;
      const a = -2.0 * tk * s;
      const a11 = (a * c) / rsq1;
      const a12 = -a / (r1 * r2);
      const a22 = (a * c) / rsq2;
      const f1x = a11 * delx1 + a12 * delx2,
        f1y = a11 * dely1 + a12 * dely2,
        f1z = a11 * delz1 + a12 * delz2;
      const f3x = a22 * delx2 + a12 * delx1,
        f3y = a22 * dely2 + a12 * dely1,
        f3z = a22 * delz2 + a12 * delz1;
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
        const e = tk * dtheta;
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
