import type { BondedContext } from './bonded_style.js';
import { KAngleStyle } from './k_angle_style.js';

/** LAMMPS improper_harmonic.cpp clamps of 1 - cos^2 and sin. */
const SMALL = 0.001;

/**
 * improper_style harmonic (LAMMPS ImproperHarmonic): E = K (chi - chi0)^2, chi the angle between
 * the planes (1,2,3) and (2,3,4) (K in energy/rad^2, chi0 in degrees). As LAMMPS: with
 * b1 = x1 - x2, b2 = x3 - x2, b3 = x4 - x3, cos(chi) = (c1 c2 + c0) / sqrt((1 - c1^2)(1 - c2^2))
 * where c0, c1, c2 are the cosines between b1/b3, b1/b2 and b3/-b2; chi = acos(cos chi) and
 * dE/dc = -2 K (chi - chi0) / sin(chi), with 1/sin clamped at SMALL (chi within 0.06 degrees of
 * 0 or 180, where acos has no derivative, gets a capped force as in LAMMPS).
 */
export class ImproperHarmonic extends KAngleStyle {
  readonly kind = 'improper' as const;
  readonly style = 'harmonic';
  protected readonly angleName = 'chi';

  protected toRadians(degrees: number): number {
    // LAMMPS: chi[i] = DEG2RAD * chi_one
    return (Math.PI / 180.0) * degrees;
  }

  compute(ctx: BondedContext, atoms: Int32Array, type: Int32Array, n: number): number {
    const x = ctx.x,
      f = ctx.f,
      eatom = ctx.eatom;
    let energy = 0;
    for (let t = 0; t < n; t++) {
      const i1 = 3 * atoms[4 * t],
        i2 = 3 * atoms[4 * t + 1],
        i3 = 3 * atoms[4 * t + 2],
        i4 = 3 * atoms[4 * t + 3];
      const tt = type[t];
      const vb1x = x[i1] - x[i2],
        vb1y = x[i1 + 1] - x[i2 + 1],
        vb1z = x[i1 + 2] - x[i2 + 2];
      const vb2x = x[i3] - x[i2],
        vb2y = x[i3 + 1] - x[i2 + 1],
        vb2z = x[i3 + 2] - x[i2 + 2];
      const vb3x = x[i4] - x[i3],
        vb3y = x[i4 + 1] - x[i3 + 1],
        vb3z = x[i4 + 2] - x[i3 + 2];
      const ss1 = 1.0 / (vb1x * vb1x + vb1y * vb1y + vb1z * vb1z);
      const ss2 = 1.0 / (vb2x * vb2x + vb2y * vb2y + vb2z * vb2z);
      const ss3 = 1.0 / (vb3x * vb3x + vb3y * vb3y + vb3z * vb3z);
      const r1 = Math.sqrt(ss1),
        r2 = Math.sqrt(ss2),
        r3 = Math.sqrt(ss3);
      const c0 = (vb1x * vb3x + vb1y * vb3y + vb1z * vb3z) * r1 * r3;
      const c1 = (vb1x * vb2x + vb1y * vb2y + vb1z * vb2z) * r1 * r2;
      const c2 = -(vb3x * vb2x + vb3y * vb2y + vb3z * vb2z) * r3 * r2;
      let s1 = 1.0 - c1 * c1;
      if (s1 < SMALL) s1 = SMALL;
      s1 = 1.0 / s1;
      let s2 = 1.0 - c2 * c2;
      if (s2 < SMALL) s2 = SMALL;
      s2 = 1.0 / s2;
      let s12 = Math.sqrt(s1 * s2);
      let c = (c1 * c2 + c0) * s12;
      if (c > 1.0) c = 1.0;
      if (c < -1.0) c = -1.0;
      let s = Math.sqrt(1.0 - c * c);
      if (s < SMALL) s = SMALL;
      const domega = Math.acos(c) - this.angle0[tt];
      let a = this.k[tt] * domega;
      if (ctx.eflag) {
        const e = a * domega;
        energy += e;
        if (eatom) {
          const q = 0.25 * e;
          eatom[i1 / 3] += q;
          eatom[i2 / 3] += q;
          eatom[i3 / 3] += q;
          eatom[i4 / 3] += q;
        }
      }
      a = (-a * 2.0) / s;
      c = c * a;
      s12 = s12 * a;
      const a11 = c * ss1 * s1;
      const a22 = -ss2 * (2.0 * c0 * s12 - c * (s1 + s2));
      const a33 = c * ss3 * s2;
      const a12 = -r1 * r2 * (c1 * c * s1 + c2 * s12);
      const a13 = -r1 * r3 * s12;
      const a23 = r2 * r3 * (c2 * c * s2 + c1 * s12);
      const sx2 = a22 * vb2x + a23 * vb3x + a12 * vb1x;
      const sy2 = a22 * vb2y + a23 * vb3y + a12 * vb1y;
      const sz2 = a22 * vb2z + a23 * vb3z + a12 * vb1z;
      const f1x = a12 * vb2x + a13 * vb3x + a11 * vb1x;
      const f1y = a12 * vb2y + a13 * vb3y + a11 * vb1y;
      const f1z = a12 * vb2z + a13 * vb3z + a11 * vb1z;
      const f4x = a23 * vb2x + a33 * vb3x + a13 * vb1x;
      const f4y = a23 * vb2y + a33 * vb3y + a13 * vb1y;
      const f4z = a23 * vb2z + a33 * vb3z + a13 * vb1z;
      f[i1] += f1x;
      f[i1 + 1] += f1y;
      f[i1 + 2] += f1z;
      f[i2] += -sx2 - f1x;
      f[i2 + 1] += -sy2 - f1y;
      f[i2 + 2] += -sz2 - f1z;
      f[i3] += sx2 - f4x;
      f[i3 + 1] += sy2 - f4y;
      f[i3 + 2] += sz2 - f4z;
      f[i4] += f4x;
      f[i4 + 1] += f4y;
      f[i4 + 2] += f4z;
    }
    return energy;
  }
}
