import type { Box } from './box.js';
import { f64, i32, isShared } from './parallel/shared_alloc.js';

/** Most local + ghost atoms one build may create (2^27: 3 GiB of coordinates alone). */
export const MAX_EXTENDED_ATOMS = 2 ** 27;

/**
 * Extended ("ghost") coordinates: the local atoms followed by every periodic image of a local atom
 * that lies within `cutGhost` of the box, as LAMMPS's Comm::borders and DeePMD-kit's
 * extend_coord_with_ghosts produce. With ghosts, potentials see plain Cartesian neighbors and never
 * apply periodicity; a cutoff larger than half the box (or the whole box) is handled naturally
 * because several images of the same atom become separate ghosts.
 *
 * Layout: xAll is nall x 3 (locals first), map[k] is the local atom that ghost k copies (map[i] = i
 * for locals), shift[3k..3k+2] the integer image (nx, ny, nz) of the copy, type[k] its type.
 * Forces computed on ghosts are folded back with `fold()` (LAMMPS's reverse communication).
 */
export class Ghosts {
  nlocal = 0;
  nall = 0;
  xAll = new Float64Array(0);
  map = new Int32Array(0);
  shift = new Int32Array(0);
  type = new Int32Array(0);
  /**
   * The ghost images of local atom i are k in [ownerStart[i], ownerStart[i+1]) (nlocal + 1
   * entries): build() appends them owner by owner. Lets a threaded force reduction fold ghosts
   * by gathering per owner (src/parallel/force_jobs.ts).
   */
  ownerStart = new Int32Array(0);
  /** Allocate in shared memory (set when worker threads read the extended atoms). */
  shared = false;
  /** Scratch: fractional coordinates of the local atoms (nlocal x 3) during build(). */
  private lamAll = new Float64Array(0);
  /** Scratch of build(): how far atoms stray outside [0, 1] per axis, which axes make images, image reach. */
  private readonly stray = new Float64Array(3);
  private readonly imaged = new Int32Array(3);
  private readonly reach = new Float64Array(3);

  /**
   * Rebuild the ghost set for local positions x (nlocal x 3, any periodic image) and types.
   * cutGhost is in length units (neighbor cutoff incl. skin). O(nlocal * images), allocates only
   * when capacity grows.
   */
  build(box: Box, x: Float64Array, type: Int32Array, nlocal: number, cutGhost: number): void {
    const face = box.faceDistances();
    // Fractional coordinates of every local atom, once (Box.toLamda's arithmetic: the same products
    // in the same order, so the image ranges below are those toLamda would give). Atoms may sit
    // outside [0,1) (not yet wrapped, or given unwrapped by an API caller): the ghost shell is
    // widened by how far they stray so no image is missed.
    if (this.lamAll.length < 3 * nlocal) this.lamAll = new Float64Array(3 * Math.ceil(nlocal * 1.2) + 48);
    const lam = this.lamAll;
    const stray = this.stray;
    fractional(x, nlocal, box.hInv, box.lo, lam, stray);
    // 2d: no images along z (LAMMPS's Comm makes none), however thin the box is in z.
    const im = this.imaged,
      c = this.reach;
    im[0] = box.periodic[0] ? 1 : 0;
    im[1] = box.periodic[1] ? 1 : 0;
    im[2] = box.periodic[2] && box.dimension === 3 ? 1 : 0;
    for (let d = 0; d < 3; d++) c[d] = im[d] ? cutGhost / face[d] + stray[d] : 0;
    // First pass counts, second fills: keeps the arrays exact-size-or-larger without pushes.
    const count = nlocal + countImages(lam, nlocal, im, c);
    // Sizes come from the input (box, cutoff, positions): bound them before allocating.
    if (!(count <= MAX_EXTENDED_ATOMS)) {
      throw new Error(
        `Out of range atoms - cannot build ghost atoms: ${count.toExponential(3)} local+ghost atoms would be needed ` +
          `(ghost cutoff ${cutGhost} against box face distances ${Array.from(face, (f) => f.toPrecision(4)).join(' ')}, atoms up to ` +
          `${Math.max(stray[0], stray[1], stray[2]).toPrecision(3)} box lengths outside the box)`,
      );
    }
    this.reserve(count);
    this.nlocal = nlocal;
    this.nall = count;
    if (this.ownerStart.length < nlocal + 1 || isShared(this.ownerStart) !== this.shared)
      this.ownerStart = i32(Math.ceil(nlocal * 1.2) + 16, this.shared);
    fillImages(lam, nlocal, type, im, c, this.map, this.shift, this.type, this.ownerStart);
    this.update(box, x);
  }

  /** Refresh ghost positions from the current local positions and box (LAMMPS Comm::forward_comm). */
  update(box: Box, x: Float64Array): void {
    this.xAll.set(x.subarray(0, 3 * this.nlocal));
    refreshImages(x, this.xAll, this.map, this.shift, this.nlocal, this.nall, box.h);
  }

  /**
   * Fold per-ghost values (nall x stride) into their owners (LAMMPS Comm::reverse_comm), then zero
   * the ghost part. Used for forces (stride 3) and per-atom energies/virials.
   */
  fold(a: Float64Array, stride: number): void {
    const map = this.map;
    for (let k = this.nlocal; k < this.nall; k++) {
      const i = map[k];
      for (let s = 0; s < stride; s++) {
        a[stride * i + s] += a[stride * k + s];
        a[stride * k + s] = 0;
      }
    }
  }

  private reserve(n: number): void {
    if (this.map.length >= n && isShared(this.xAll) === this.shared) return;
    const cap = Math.ceil(n * 1.2) + 16;
    const sh = this.shared;
    this.xAll = f64(3 * cap, sh);
    this.map = i32(cap, sh);
    this.shift = i32(3 * cap, sh);
    this.type = i32(cap, sh);
  }
}

// The passes of Ghosts.build and update, one loop each: build runs once per neighbor build, too
// rarely for V8 to optimize a function with several loops before the run is over (each loop was
// compiled on its own and the code after it deoptimized on first use); small single-loop functions
// are optimized on their first long loop and stay so.

/** lam = fractional coordinates of x (n x 3) as Box.toLamda (hInv, lo), stray[d] = max(0, -lam_d, lam_d - 1). */
function fractional(
  x: Float64Array,
  n: number,
  hv: Float64Array,
  lo: Float64Array,
  lam: Float64Array,
  stray: Float64Array,
): void {
  const h0 = hv[0],
    h1 = hv[1],
    h2 = hv[2],
    h3 = hv[3],
    h4 = hv[4],
    h5 = hv[5];
  const lo0 = lo[0],
    lo1 = lo[1],
    lo2 = lo[2];
  let s0 = 0,
    s1 = 0,
    s2 = 0;
  for (let i = 0; i < n; i++) {
    const d0 = x[3 * i] - lo0,
      d1 = x[3 * i + 1] - lo1,
      d2 = x[3 * i + 2] - lo2;
    const l0 = h0 * d0 + h5 * d1 + h4 * d2,
      l1 = h1 * d1 + h3 * d2,
      l2 = h2 * d2;
    lam[3 * i] = l0;
    lam[3 * i + 1] = l1;
    lam[3 * i + 2] = l2;
    s0 = Math.max(s0, -l0, l0 - 1);
    s1 = Math.max(s1, -l1, l1 - 1);
    s2 = Math.max(s2, -l2, l2 - 1);
  }
  stray[0] = s0;
  stray[1] = s1;
  stray[2] = s2;
}

/**
 * Images of each atom along axis d: n_d from ceil(-c_d - lam_d) to ceil(1 + c_d - lam_d) - 1 (only 0
 * where im[d] is 0). countImages returns how many ghosts that makes in all (the zero shift, the atom
 * itself, not counted when it lies in range).
 */
function countImages(lam: Float64Array, n: number, im: Int32Array, c: Float64Array): number {
  const im0 = im[0] !== 0,
    im1 = im[1] !== 0,
    im2 = im[2] !== 0;
  const c0 = c[0],
    c1 = c[1],
    c2 = c[2];
  let count = 0;
  for (let i = 0; i < n; i++) {
    const l0 = lam[3 * i],
      l1 = lam[3 * i + 1],
      l2 = lam[3 * i + 2];
    const a0 = im0 ? Math.ceil(-c0 - l0) : 0,
      b0 = im0 ? Math.ceil(1 + c0 - l0) - 1 : 0;
    const a1 = im1 ? Math.ceil(-c1 - l1) : 0,
      b1 = im1 ? Math.ceil(1 + c1 - l1) - 1 : 0;
    const a2 = im2 ? Math.ceil(-c2 - l2) : 0,
      b2 = im2 ? Math.ceil(1 + c2 - l2) - 1 : 0;
    const m = (b0 - a0 + 1) * (b1 - a1 + 1) * (b2 - a2 + 1);
    const hasZero = a0 <= 0 && b0 >= 0 && a1 <= 0 && b1 >= 0 && a2 <= 0 && b2 >= 0;
    count += hasZero ? m - 1 : m;
  }
  return count;
}

/**
 * The local entries (map[i] = i, zero shift, type) and, owner by owner, the ghost images of
 * countImages in (z, y, x) shift order: map, shift, type of each; own[i] = first image of atom i,
 * own[n] = nall.
 */
function fillImages(
  lam: Float64Array,
  n: number,
  type: Int32Array,
  im: Int32Array,
  c: Float64Array,
  map: Int32Array,
  sft: Int32Array,
  ta: Int32Array,
  own: Int32Array,
): void {
  const im0 = im[0] !== 0,
    im1 = im[1] !== 0,
    im2 = im[2] !== 0;
  const c0 = c[0],
    c1 = c[1],
    c2 = c[2];
  for (let i = 0; i < n; i++) {
    map[i] = i;
    sft[3 * i] = sft[3 * i + 1] = sft[3 * i + 2] = 0;
    ta[i] = type[i];
  }
  let k = n;
  for (let i = 0; i < n; i++) {
    own[i] = k;
    const l0 = lam[3 * i],
      l1 = lam[3 * i + 1],
      l2 = lam[3 * i + 2];
    const a0 = im0 ? Math.ceil(-c0 - l0) : 0,
      b0 = im0 ? Math.ceil(1 + c0 - l0) - 1 : 0;
    const a1 = im1 ? Math.ceil(-c1 - l1) : 0,
      b1 = im1 ? Math.ceil(1 + c1 - l1) - 1 : 0;
    const a2 = im2 ? Math.ceil(-c2 - l2) : 0,
      b2 = im2 ? Math.ceil(1 + c2 - l2) - 1 : 0;
    // Most atoms lie deeper than the cutoff inside every face: no images at all.
    if (a0 === 0 && b0 === 0 && a1 === 0 && b1 === 0 && a2 === 0 && b2 === 0) continue;
    const ti = type[i];
    for (let nz = a2; nz <= b2; nz++) {
      for (let ny = a1; ny <= b1; ny++) {
        for (let nx = a0; nx <= b0; nx++) {
          if (nx === 0 && ny === 0 && nz === 0) continue;
          map[k] = i;
          sft[3 * k] = nx;
          sft[3 * k + 1] = ny;
          sft[3 * k + 2] = nz;
          ta[k] = ti;
          k++;
        }
      }
    }
  }
  own[n] = k;
}

/** Ghost k at x[map[k]] + shift . h (LAMMPS's h layout: xy = h[5], xz = h[4], yz = h[3]). */
function refreshImages(
  x: Float64Array,
  xa: Float64Array,
  map: Int32Array,
  sft: Int32Array,
  nlocal: number,
  nall: number,
  h: Float64Array,
): void {
  const h0 = h[0],
    h1 = h[1],
    h2 = h[2],
    h3 = h[3],
    h4 = h[4],
    h5 = h[5];
  for (let k = nlocal; k < nall; k++) {
    const i = map[k];
    const nx = sft[3 * k],
      ny = sft[3 * k + 1],
      nz = sft[3 * k + 2];
    xa[3 * k] = x[3 * i] + nx * h0 + ny * h5 + nz * h4;
    xa[3 * k + 1] = x[3 * i + 1] + ny * h1 + nz * h3;
    xa[3 * k + 2] = x[3 * i + 2] + nz * h2;
  }
}
