/**
 * The torsion kernel dihedral charmm and fourier share (LAMMPS dihedral_charmm.cpp /
 * dihedral_fourier.cpp): E(phi) = sum_j K_j [1 + cos(m_j phi - d_j)] over the components of the
 * term's type, phi the dihedral 1-2-3-4.
 *
 * Geometry as LAMMPS: b1 = x1 - x2, b2 = x3 - x2, b3 = x4 - x3; a = b1 x (-b2), b = b3 x (-b2);
 * cos(phi) = a.b / |a||b|, sin(phi) = |b2| a.b3 / |a||b|. cos(m phi) and sin(m phi) come from the
 * angle-addition recursion, so there is no acos and no division by sin(phi): the forces stay exact
 * at phi = 0 and 180 degrees. dE/dphi is spread over the atoms with the projections
 * f1 = df (-|b2|/|a|^2) a, f4 = df (|b2|/|b|^2) b and the b2 components for atoms 2 and 3.
 */

/**
 * Components of all types in flat arrays: type t owns components first[t] .. first[t+1), each
 * with K (energy), m (multiplicity, integer >= 0), cos(d) and sin(d).
 */
export interface TorsionSeries {
  first: Int32Array;
  k: Float64Array;
  m: Int32Array;
  cosShift: Float64Array;
  sinShift: Float64Array;
}

/**
 * Forces of terms [0, n) into f (extended atoms, nall x 3); returns the energy when eflag.
 * eatom (extended, or null) gets a quarter of each term's energy per atom, as LAMMPS's ev_tally.
 */
export function torsionSeriesForces(
  x: Float64Array,
  f: Float64Array,
  atoms: Int32Array,
  type: Int32Array,
  n: number,
  s: TorsionSeries,
  eflag: boolean,
  eatom: Float64Array | null,
): number {
  let energy = 0;
  for (let t = 0; t < n; t++) {
    const i1 = 3 * atoms[4 * t],
      i2 = 3 * atoms[4 * t + 1],
      i3 = 3 * atoms[4 * t + 2],
      i4 = 3 * atoms[4 * t + 3];
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
    const ax = vb1y * vb2zm - vb1z * vb2ym,
      ay = vb1z * vb2xm - vb1x * vb2zm,
      az = vb1x * vb2ym - vb1y * vb2xm;
    const bx = vb3y * vb2zm - vb3z * vb2ym,
      by = vb3z * vb2xm - vb3x * vb2zm,
      bz = vb3x * vb2ym - vb3y * vb2xm;
    const rasq = ax * ax + ay * ay + az * az;
    const rbsq = bx * bx + by * by + bz * bz;
    const rgsq = vb2xm * vb2xm + vb2ym * vb2ym + vb2zm * vb2zm;
    const rg = Math.sqrt(rgsq);
    const rginv = rg > 0 ? 1.0 / rg : 0;
    const ra2inv = rasq > 0 ? 1.0 / rasq : 0;
    const rb2inv = rbsq > 0 ? 1.0 / rbsq : 0;
    const rabinv = Math.sqrt(ra2inv * rb2inv);
    let c = (ax * bx + ay * by + az * bz) * rabinv;
    const sn = rg * rabinv * (ax * vb3x + ay * vb3y + az * vb3z);
    if (c > 1.0) c = 1.0;
    if (c < -1.0) c = -1.0;

    // Sum over the type's components: energy K(1 + cos(m phi - d)) and df = -dE/dphi.
    const tt = type[t];
    let e = 0,
      df = 0;
    for (let j = s.first[tt]; j < s.first[tt + 1]; j++) {
      const m = s.m[j];
      let p = 1.0,
        ddf1 = 0,
        df1 = 0;
      for (let i = 0; i < m; i++) {
        ddf1 = p * c - df1 * sn;
        df1 = p * sn + df1 * c;
        p = ddf1;
      }
      p = p * s.cosShift[j] + df1 * s.sinShift[j];
      df1 = df1 * s.cosShift[j] - ddf1 * s.sinShift[j];
      df1 *= -m;
      p += 1.0;
      if (m === 0) {
        p = 1.0 + s.cosShift[j];
        df1 = 0;
      }
      e += s.k[j] * p;
      df += -s.k[j] * df1;
    }

    const fg = vb1x * vb2xm + vb1y * vb2ym + vb1z * vb2zm;
    const hg = vb3x * vb2xm + vb3y * vb2ym + vb3z * vb2zm;
    const fga = fg * ra2inv * rginv;
    const hgb = hg * rb2inv * rginv;
    const gaa = -ra2inv * rg;
    const gbb = rb2inv * rg;
    const dtfx = gaa * ax,
      dtfy = gaa * ay,
      dtfz = gaa * az;
    const dtgx = fga * ax - hgb * bx,
      dtgy = fga * ay - hgb * by,
      dtgz = fga * az - hgb * bz;
    const dthx = gbb * bx,
      dthy = gbb * by,
      dthz = gbb * bz;
    const sx2 = df * dtgx,
      sy2 = df * dtgy,
      sz2 = df * dtgz;
    const f1x = df * dtfx,
      f1y = df * dtfy,
      f1z = df * dtfz;
    const f4x = df * dthx,
      f4y = df * dthy,
      f4z = df * dthz;
    f[i1] += f1x;
    f[i1 + 1] += f1y;
    f[i1 + 2] += f1z;
    f[i2] += sx2 - f1x;
    f[i2 + 1] += sy2 - f1y;
    f[i2 + 2] += sz2 - f1z;
    f[i3] += -sx2 - f4x;
    f[i3 + 1] += -sy2 - f4y;
    f[i3 + 2] += -sz2 - f4z;
    f[i4] += f4x;
    f[i4 + 1] += f4y;
    f[i4 + 2] += f4z;
    if (eflag) {
      energy += e;
      if (eatom) {
        const q = 0.25 * e;
        eatom[i1 / 3] += q;
        eatom[i2 / 3] += q;
        eatom[i3 / 3] += q;
        eatom[i4 / 3] += q;
      }
    }
  }
  return energy;
}

/** Build the flat series from per-type component lists (type 1..ntypes). */
export function buildSeries(
  ntypes: number,
  comps: (t: number) => { k: number; m: number; d: number }[],
): TorsionSeries {
  const first = new Int32Array(ntypes + 2);
  let total = 0;
  for (let t = 1; t <= ntypes; t++) {
    first[t] = total;
    total += comps(t).length;
  }
  first[ntypes + 1] = total;
  const s: TorsionSeries = {
    first,
    k: new Float64Array(total),
    m: new Int32Array(total),
    cosShift: new Float64Array(total),
    sinShift: new Float64Array(total),
  };
  for (let t = 1; t <= ntypes; t++) {
    comps(t).forEach((c, j) => {
      const at = first[t] + j;
      s.k[at] = c.k;
      s.m[at] = c.m;
      // LAMMPS: cos_shift = cos(MY_PI*shift/180.0), sin_shift = sin(MY_PI*shift/180.0)
      s.cosShift[at] = Math.cos((Math.PI * c.d) / 180.0);
      s.sinShift[at] = Math.sin((Math.PI * c.d) / 180.0);
    });
  }
  return s;
}
