import { num } from '../parse.js';
import { RanPark } from '../random_park.js';
import type { AtomSystem } from '../system.js';
import { qnormalize } from './math_extra.js';

/**
 * The `set` keywords of atom_style ellipsoid (LAMMPS Set, 29 Sep 2021): shape Sx Sy Sz (diameters;
 * the semi-axes are half), quat a b c theta (axis and angle in degrees), quat/random seed, mass.
 * Values are constants here (v_name is refused by name).
 */
export const ELLIPSOID_SET_KEYWORDS: Record<string, { n: number }> = {
  shape: { n: 3 },
  quat: { n: 4 },
  'quat/random': { n: 1 },
  mass: { n: 1 },
};

/** Apply one ellipsoid keyword to the selected atoms; returns the count LAMMPS prints. */
export function setEllipsoidKeyword(s: AtomSystem, sel: Uint8Array, key: string, vals: string[]): number {
  const e = s.ellipsoid;
  if (!e) throw new Error(`Cannot set attribute ${key} for atom style ${s.atomStyle.name}`);
  for (const w of vals)
    if (w.startsWith('v_')) throw new Error(`set ${key} with an atom-style variable is not supported by dpmd yet`);
  let count = 0;
  if (key === 'quat/random') {
    const seed = num(vals[0], 'set quat/random seed');
    if (!Number.isInteger(seed) || seed <= 0) throw new Error('Invalid random number seed in set command');
    const r = new RanPark(seed);
    const q = e.quat;
    for (let i = 0; i < s.n; i++) {
      if (!sel[i]) continue;
      if (!e.flag[i]) throw new Error('Cannot set quaternion for atom that has none');
      r.resetFromCoord(seed, s.x, 3 * i);
      if (s.dimension === 3) {
        // uniform random rotation (Shoemake): s, then two angles
        const u = r.uniform();
        const t1 = Math.sqrt(1.0 - u);
        const t2 = Math.sqrt(u);
        const theta1 = 2.0 * Math.PI * r.uniform();
        const theta2 = 2.0 * Math.PI * r.uniform();
        q[4 * i] = Math.cos(theta2) * t2;
        q[4 * i + 1] = Math.sin(theta1) * t1;
        q[4 * i + 2] = Math.cos(theta1) * t1;
        q[4 * i + 3] = Math.sin(theta2) * t2;
      } else {
        // 2d: a rotation about z by 2·theta2
        const theta2 = Math.PI * r.uniform();
        q[4 * i] = Math.cos(theta2);
        q[4 * i + 1] = 0.0;
        q[4 * i + 2] = 0.0;
        q[4 * i + 3] = Math.sin(theta2);
      }
      count++;
    }
    return count;
  }
  const v = vals.map((w) => num(w, `set ${key}`));
  if (key === 'shape') {
    const [x, y, z] = v;
    if (x < 0 || y < 0 || z < 0) throw new Error('Invalid shape in set command');
    if ((x > 0 || y > 0 || z > 0) && (x === 0 || y === 0 || z === 0)) throw new Error('Invalid shape in set command');
    for (let i = 0; i < s.n; i++) {
      if (!sel[i]) continue;
      e.setShape(i, 0.5 * x, 0.5 * y, 0.5 * z);
      count++;
    }
    return count;
  }
  if (key === 'quat') {
    const [a, b, c, theta] = v;
    if (s.dimension === 2 && (a !== 0 || b !== 0))
      throw new Error('Cannot set quaternion with xy components for 2d system');
    // MY_PI2 (pi/2) * theta/180: half the rotation angle in radians
    const theta2 = ((Math.PI / 2) * theta) / 180.0;
    for (let i = 0; i < s.n; i++) {
      if (!sel[i]) continue;
      if (!e.flag[i]) throw new Error('Cannot set quaternion for atom that has none');
      const q = e.quat;
      q[4 * i] = Math.cos(theta2);
      q[4 * i + 1] = a * Math.sin(theta2);
      q[4 * i + 2] = b * Math.sin(theta2);
      q[4 * i + 3] = c * Math.sin(theta2);
      qnormalize(q, 4 * i);
      count++;
    }
    return count;
  }
  // mass: LAMMPS sets rmass per atom; dpmd keeps the ellipsoid masses per type, so a type's atoms
  // must all end up with one mass.
  const m = v[0];
  if (!(m > 0)) throw new Error('Invalid mass in set command');
  const selected = new Int32Array(s.ntypes + 1);
  const total = new Int32Array(s.ntypes + 1);
  for (let i = 0; i < s.n; i++) {
    total[s.type[i]]++;
    if (sel[i]) selected[s.type[i]]++;
  }
  for (let t = 1; t <= s.ntypes; t++) {
    if (selected[t] > 0 && selected[t] < total[t] && s.mass[t] !== m)
      throw new Error(
        `set mass: atoms of type ${t} would get different masses; dpmd keeps ellipsoid masses per type (set every atom of a type alike)`,
      );
  }
  for (let t = 1; t <= s.ntypes; t++) {
    if (selected[t] === 0) continue;
    s.mass[t] = m;
    s.massSet[t] = true;
    count += selected[t];
  }
  for (let i = 0; i < s.n; i++) if (sel[i]) e.rmass[i] = m;
  return count;
}
