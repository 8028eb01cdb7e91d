/**
 * Per-atom data of LAMMPS's atom_style ellipsoid (AtomVecEllipsoid): for each atom whether it is
 * an ellipsoid (LAMMPS ellipsoid[i] >= 0: a shape was set) with its three semi-axes (shape, the
 * radii: half of what `set shape` gives) and orientation quaternion [w i j k], plus its angular
 * momentum and torque (space frame). Flat typed arrays indexed by local atom; they live apart from
 * AtomSystem's atomic arrays (and from atom_style sphere's radius/omega) and follow atom reordering
 * through AtomSystem.reserve/addAtom and permuteAtoms.
 *
 * Per-atom mass (LAMMPS rmass, default 1.0 for a new atom) is tracked in `rmass`, but the engine's
 * integrators and computes read the per-type mass: `checkMasses` (after every deck command) refuses
 * a state where an atom's rmass differs from its type's mass (a `set mass` on part of a type, a type
 * change or new atoms that LAMMPS would give another mass), so no run is silently different.
 */
export class EllipsoidAtoms {
  /** 1 when the atom is an ellipsoid (has a shape and quaternion), 0 for a point particle. */
  flag = new Uint8Array(0);
  /** n x 3 semi-axes (length units). */
  shape = new Float64Array(0);
  /** n x 4 unit quaternions. */
  quat = new Float64Array(0);
  /** n x 3 angular momentum (mass·length²/time). */
  angmom = new Float64Array(0);
  /** n x 3 torque (force·length), cleared before each force evaluation. */
  torque = new Float64Array(0);
  /** Per-atom mass as LAMMPS keeps it (rmass); must equal the per-type mass (checkMasses). */
  rmass = new Float64Array(0);

  /** Grow to capacity cap keeping the first n atoms. */
  reserve(cap: number, n: number): void {
    const grow = <T extends Float64Array | Uint8Array>(a: T, k: number, make: (len: number) => T): T => {
      const b = make(k * cap);
      b.set(a.subarray(0, k * n));
      return b;
    };
    const f64 = (len: number) => new Float64Array(len);
    this.flag = grow(this.flag, 1, (len) => new Uint8Array(len));
    this.shape = grow(this.shape, 3, f64);
    this.quat = grow(this.quat, 4, f64);
    this.angmom = grow(this.angmom, 3, f64);
    this.torque = grow(this.torque, 3, f64);
    this.rmass = grow(this.rmass, 1, f64);
  }

  /** A new atom is a point particle at rest (AtomVecEllipsoid::create_atom_post). */
  initAtom(i: number): void {
    this.flag[i] = 0;
    this.shape.fill(0, 3 * i, 3 * i + 3);
    this.quat.fill(0, 4 * i, 4 * i + 4);
    this.angmom.fill(0, 3 * i, 3 * i + 3);
    this.torque.fill(0, 3 * i, 3 * i + 3);
    this.rmass[i] = 1.0;
  }

  /**
   * LAMMPS AtomVecEllipsoid::set_shape with semi-axes (a, b, c): a point particle given a nonzero
   * shape becomes an ellipsoid with quaternion (1,0,0,0); a zero shape makes it a point again.
   */
  setShape(i: number, a: number, b: number, c: number): void {
    if (a === 0 && b === 0 && c === 0) {
      this.flag[i] = 0;
      this.shape.fill(0, 3 * i, 3 * i + 3);
      this.quat.fill(0, 4 * i, 4 * i + 4);
      return;
    }
    if (!this.flag[i]) {
      this.flag[i] = 1;
      this.quat[4 * i] = 1;
      this.quat[4 * i + 1] = this.quat[4 * i + 2] = this.quat[4 * i + 3] = 0;
    }
    this.shape[3 * i] = a;
    this.shape[3 * i + 1] = b;
    this.shape[3 * i + 2] = c;
  }

  /** Reorder: new atom i is old atom perm[i] (n atoms). */
  permute(perm: Int32Array, n: number): void {
    const p = (a: Float64Array | Uint8Array, k: number) => {
      const old = a.slice(0, k * n);
      for (let i = 0; i < n; i++) for (let d = 0; d < k; d++) a[k * i + d] = old[k * perm[i] + d];
    };
    p(this.flag, 1);
    p(this.shape, 3);
    p(this.quat, 4);
    p(this.angmom, 3);
    p(this.torque, 3);
    p(this.rmass, 1);
  }

  /** Every atom's LAMMPS mass (rmass) equals its type's mass, which the engine uses; else refuse. */
  checkMasses(tag: Int32Array, type: Int32Array, mass: Float64Array, n: number): void {
    for (let i = 0; i < n; i++) {
      if (this.rmass[i] !== mass[type[i]])
        throw new Error(
          `atom ${tag[i]} of type ${type[i]} has mass ${this.rmass[i]} (LAMMPS's per-atom mass) but its type's mass is ${mass[type[i]]}: ` +
            'dpmd keeps atom_style ellipsoid masses per type (set the mass of whole types after their atoms exist)',
        );
    }
  }

  /** Every atom of `bit`'s group among the first n is an ellipsoid (LAMMPS "requires extended particles"). */
  allExtended(mask: Int32Array, bit: number, n: number): boolean {
    for (let i = 0; i < n; i++) if (mask[i] & bit && !this.flag[i]) return false;
    return true;
  }
}

/** The principal moments of inertia of a solid ellipsoid of mass m (LAMMPS INERTIA = 0.2). */
export function ellipsoidInertia(m: number, shape: Float64Array, o: number, out: Float64Array): void {
  const a = shape[o],
    b = shape[o + 1],
    c = shape[o + 2];
  out[0] = 0.2 * m * (b * b + c * c);
  out[1] = 0.2 * m * (a * a + c * c);
  out[2] = 0.2 * m * (a * a + b * b);
}

/** Commands that would drop or cannot carry the ellipsoid data: refused by name under atom_style ellipsoid. */
const UNSUPPORTED: Record<string, string> = {
  read_data: 'read_data with atom_style ellipsoid (Ellipsoids section) is not supported by dpmd yet',
  write_data: 'write_data with atom_style ellipsoid (Ellipsoids section) is not supported by dpmd yet',
  read_restart: 'read_restart with atom_style ellipsoid is not supported by dpmd yet',
  write_restart: 'write_restart with atom_style ellipsoid is not supported by dpmd yet',
  replicate: 'replicate with atom_style ellipsoid is not supported by dpmd yet',
  read_dump: 'read_dump with atom_style ellipsoid is not supported by dpmd yet',
  mass: 'Cannot set mass for atom style ellipsoid: its masses are per atom (use set ... mass)',
};

/** Throws LAMMPS-style for a command the ellipsoid atom style does not support here. */
export function refuseForEllipsoids(cmd: string): void {
  if (Object.hasOwn(UNSUPPORTED, cmd)) throw new Error(UNSUPPORTED[cmd]);
}

/** LAMMPS atom_style ellipsoid's description (data-file columns as LAMMPS documents them). */
export const ELLIPSOID_STYLE = {
  name: 'ellipsoid',
  molecule: false,
  charge: false,
  kinds: [],
  columns: 'atom-ID atom-type ellipsoidflag density x y z',
} as const;
