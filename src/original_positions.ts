import type { AtomSystem } from './system.js';

/**
 * Unwrapped positions of a group's atoms at one moment, kept by atom ID so they follow the atoms
 * through spatial sorting (LAMMPS keeps them in a fix STORE that migrates with the atoms): the
 * reference of compute msd and compute displace/atom. `orig` holds 3 values per ID (length units),
 * `has` marks the IDs stored (atoms in the group when stored).
 */
export class OriginalPositions {
  orig = new Float64Array(0);
  has = new Uint8Array(0);
  private readonly u = new Float64Array(3);

  /** Store x_unwrapped − shift for the group's atoms (shift: a centre of mass for compute msd com yes). */
  store(s: AtomSystem, bit: number, shift: ArrayLike<number> = [0, 0, 0]): void {
    const size = s.maxTag + 1;
    this.orig = new Float64Array(3 * size);
    this.has = new Uint8Array(size);
    for (let i = 0; i < s.n; i++) {
      if (!(s.mask[i] & bit)) continue;
      const t = s.tag[i];
      s.box.unwrap(s.x, s.image, i, this.u);
      this.orig[3 * t] = this.u[0] - shift[0];
      this.orig[3 * t + 1] = this.u[1] - shift[1];
      this.orig[3 * t + 2] = this.u[2] - shift[2];
      this.has[t] = 1;
    }
  }

  /** Whether atom i (local index) has a stored position. */
  stored(s: AtomSystem, i: number): boolean {
    const t = s.tag[i];
    return t < this.has.length && this.has[t] === 1;
  }
}
