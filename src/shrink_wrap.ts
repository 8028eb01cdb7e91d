import type { Box } from './box.js';

/**
 * Shrink-wrapped boundaries (LAMMPS `boundary s` and `m`, Domain::set_initial_box/reset_box): the
 * box face follows the atoms, set at every setup and every neighbor-list build to the extent of the
 * atoms plus `small` = 1e-4 of the box length the box was created with; `m` never shrinks the face
 * inside where it was created. Faces are xlo xhi ylo yhi zlo zhi; 'p' and 'f' faces do not move.
 */
export type Face = 'p' | 'f' | 's' | 'm';

/** Relative margin LAMMPS keeps between the atoms and a shrink-wrapped face (Domain SMALL). */
const SMALL = 1.0e-4;

export class ShrinkWrap {
  /** Margin per dimension (length units), from the box as created. */
  readonly small = new Float64Array(3);
  /** The created box's faces: the floor (lo) and ceiling (hi) of an `m` face. */
  readonly minLo = new Float64Array(3);
  readonly minHi = new Float64Array(3);

  constructor(
    readonly faces: readonly Face[],
    box: Box,
  ) {
    if (box.triclinic)
      throw new Error('Shrink-wrapped boundaries (s, m) with a triclinic box are not supported by dpmd');
    for (let d = 0; d < 3; d++) {
      this.small[d] = SMALL * (box.hi[d] - box.lo[d]);
      this.minLo[d] = box.lo[d];
      this.minHi[d] = box.hi[d];
      // set_initial_box(expandflag = 1): an `s` face starts one margin outside the region.
      if (faces[2 * d] === 's') box.lo[d] -= this.small[d];
      if (faces[2 * d + 1] === 's') box.hi[d] += this.small[d];
    }
    box.update();
  }

  /** Domain::reset_box: move the shrink-wrapped faces to the atoms' extent (x: n x 3). */
  reset(box: Box, x: Float64Array, n: number): void {
    if (n === 0) return;
    for (let d = 0; d < 3; d++) {
      const flo = this.faces[2 * d],
        fhi = this.faces[2 * d + 1];
      if (flo !== 's' && flo !== 'm' && fhi !== 's' && fhi !== 'm') continue;
      let lo = Infinity,
        hi = -Infinity;
      for (let i = 0; i < n; i++) {
        const v = x[3 * i + d];
        lo = Math.min(lo, v);
        hi = Math.max(hi, v);
      }
      if (flo === 's') box.lo[d] = lo - this.small[d];
      else if (flo === 'm') box.lo[d] = Math.min(lo - this.small[d], this.minLo[d]);
      if (fhi === 's') box.hi[d] = hi + this.small[d];
      else if (fhi === 'm') box.hi[d] = Math.max(hi + this.small[d], this.minHi[d]);
      if (box.lo[d] > box.hi[d]) throw new Error('Illegal simulation box');
    }
    box.update();
  }
}

/**
 * Parse the three words of `boundary` (each p, f, s, m, or two of f/s/m for the lo and hi faces)
 * into six faces; p must be on both faces of a dimension.
 */
export function parseBoundary(words: readonly string[]): Face[] {
  if (words.length !== 3) throw new Error('Illegal boundary command: expected three words such as p p p or p s fm');
  const faces: Face[] = [];
  for (let d = 0; d < 3; d++) {
    const w = words[d];
    if (!/^[pfsm]{1,2}$/.test(w))
      throw new Error(`Illegal boundary '${w}': each of x y z is p, f, s, m or two of f s m`);
    const lo = w[0] as Face;
    const hi = (w[1] ?? w[0]) as Face;
    if ((lo === 'p') !== (hi === 'p'))
      throw new Error(`Both sides of boundary must be periodic (got '${w}' in ${'xyz'[d]})`);
    faces.push(lo, hi);
  }
  return faces;
}
