import { int, num } from '../parse.js';
import { BondedBase, type BondedContext, expectCount } from './bonded_style.js';

/** LAMMPS improper_cvff.cpp clamp of the bond-angle sines. */
const SMALL = 0.001;

/**
 * improper_style cvff (LAMMPS ImproperCvff): E = K [1 + d cos(n phi)], d = +-1, n in 0..6, phi the
 * dihedral 1-2-3-4. cos(n phi) is the Chebyshev polynomial T_n(c) of c = cos(phi), so the forces
 * need no sin(phi) and stay exact at phi = 0 and 180 degrees. As LAMMPS, p = 1 + d T_n(c) and
 * pd = (dp/dc)/2 per n; c = (c0 + c1 c2) / (sin1 sin2) from the bond cosines.
 */
export class ImproperCvff extends BondedBase<{ k: number; d: number; n: number }> {
  readonly kind = 'improper' as const;
  readonly style = 'cvff';
  private k = new Float64Array(0);
  private sign = new Int32Array(0);
  private mult = new Int32Array(0);

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
    this.k = new Float64Array(ntypes + 1);
    this.sign = new Int32Array(ntypes + 1);
    this.mult = new Int32Array(ntypes + 1);
    for (let t = 1; t <= ntypes; t++) {
      const c = this.coeffOf(t);
      this.k[t] = c.k;
      this.sign[t] = c.d;
      this.mult[t] = c.n;
    }
  }

  writeCoeff(t: number): string {
    const c = this.coeffOf(t);
    return `${c.k} ${c.d} ${c.n}`;
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
      const vb2xm = -vb2x,
        vb2ym = -vb2y,
        vb2zm = -vb2z;
      const vb3x = x[i4] - x[i3],
        vb3y = x[i4 + 1] - x[i3 + 1],
        vb3z = x[i4 + 2] - x[i3 + 2];
      const sb1 = 1.0 / (vb1x * vb1x + vb1y * vb1y + vb1z * vb1z);
      const sb2 = 1.0 / (vb2x * vb2x + vb2y * vb2y + vb2z * vb2z);
      const sb3 = 1.0 / (vb3x * vb3x + vb3y * vb3y + vb3z * vb3z);
      const rb1 = Math.sqrt(sb1);
      const rb3 = Math.sqrt(sb3);
      const c0 = (vb1x * vb3x + vb1y * vb3y + vb1z * vb3z) * rb1 * rb3;
      const b1mag = Math.sqrt(vb1x * vb1x + vb1y * vb1y + vb1z * vb1z);
      const b2mag = Math.sqrt(vb2x * vb2x + vb2y * vb2y + vb2z * vb2z);
      const b3mag = Math.sqrt(vb3x * vb3x + vb3y * vb3y + vb3z * vb3z);
      const r12c1 = 1.0 / (b1mag * b2mag);
      const c1mag = (vb1x * vb2x + vb1y * vb2y + vb1z * vb2z) * r12c1;
      const r12c2 = 1.0 / (b2mag * b3mag);
      const c2mag = (vb2xm * vb3x + vb2ym * vb3y + vb2zm * vb3z) * r12c2;
      let sc1 = Math.sqrt(1.0 - c1mag * c1mag);
      if (sc1 < SMALL) sc1 = SMALL;
      sc1 = 1.0 / sc1;
      let sc2 = Math.sqrt(1.0 - c2mag * c2mag);
      if (sc2 < SMALL) sc2 = SMALL;
      sc2 = 1.0 / sc2;
      const s1 = sc1 * sc1;
      const s2 = sc2 * sc2;
      let s12 = sc1 * sc2;
      let c = (c0 + c1mag * c2mag) * s12;
      if (c > 1.0) c = 1.0;
      if (c < -1.0) c = -1.0;

      // p = 1 + cos(n phi) as a polynomial in c, pd = dp/dc / 2
      const m = this.mult[tt];
      let p = 2.0,
        pd = 0.0;
      const rc2 = c * c;
      if (m === 2) {
        p = 2.0 * rc2;
        pd = 2.0 * c;
      } else if (m === 3) {
        p = (4.0 * rc2 - 3.0) * c + 1.0;
        pd = 6.0 * rc2 - 1.5;
      } else if (m === 4) {
        p = 8.0 * (rc2 - 1) * rc2 + 2.0;
        pd = (16.0 * rc2 - 8.0) * c;
      } else if (m === 6) {
        p = ((32.0 * rc2 - 48.0) * rc2 + 18.0) * rc2;
        pd = (96.0 * (rc2 - 1.0) * rc2 + 18.0) * c;
      } else if (m === 1) {
        p = c + 1.0;
        pd = 0.5;
      } else if (m === 5) {
        p = ((16.0 * rc2 - 20.0) * rc2 + 5.0) * c + 1.0;
        pd = (40.0 * rc2 - 30.0) * rc2 + 2.5;
      }
      if (this.sign[tt] === -1) {
        p = 2.0 - p;
        pd = -pd;
      }
      if (ctx.eflag) {
        const e = this.k[tt] * p;
        energy += e;
        if (eatom) {
          const q = 0.25 * e;
          eatom[i1 / 3] += q;
          eatom[i2 / 3] += q;
          eatom[i3 / 3] += q;
          eatom[i4 / 3] += q;
        }
      }
      const a = 2.0 * this.k[tt] * pd;
      c = c * a;
      s12 = s12 * a;
      const a11 = -c * sb1 * s1;
      const a22 = sb2 * (2.0 * c0 * s12 - c * (s1 + s2));
      const a33 = -c * sb3 * s2;
      const a12 = r12c1 * (c1mag * c * s1 + c2mag * s12);
      const a13 = rb1 * rb3 * s12;
      const a23 = r12c2 * (-c2mag * c * s2 - c1mag * s12);
      const sx1 = a12 * vb2x + a13 * vb3x + a11 * vb1x;
      const sx2 = a12 * vb1x + a22 * vb2x + a23 * vb3x;
      const sx12 = a13 * vb1x + a23 * vb2x + a33 * vb3x;
      const sy1 = a12 * vb2y + a13 * vb3y + a11 * vb1y;
      const sy2 = a12 * vb1y + a22 * vb2y + a23 * vb3y;
      const sy12 = a13 * vb1y + a23 * vb2y + a33 * vb3y;
      const sz1 = a12 * vb2z + a13 * vb3z + a11 * vb1z;
      const sz2 = a12 * vb1z + a22 * vb2z + a23 * vb3z;
      const sz12 = a13 * vb1z + a23 * vb2z + a33 * vb3z;
      f[i1] += sx1;
      f[i1 + 1] += sy1;
      f[i1 + 2] += sz1;
      f[i2] += -sx2 - sx1;
      f[i2 + 1] += -sy2 - sy1;
      f[i2 + 2] += -sz2 - sz1;
      f[i3] += sx2 - sx12;
      f[i3 + 1] += sy2 - sy12;
      f[i3 + 2] += sz2 - sz12;
      f[i4] += sx12;
      f[i4 + 1] += sy12;
      f[i4 + 2] += sz12;
    }
    return energy;
  }
}
