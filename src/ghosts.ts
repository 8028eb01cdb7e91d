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
  private readonly lam = new Float64Array(3);

  /**
   * Rebuild the ghost set for local positions x (nlocal x 3, any periodic image) and types.
   * cutGhost is in length units (neighbor cutoff incl. skin). O(nlocal * images), allocates only
   * when capacity grows.
   */
  build(box: Box, x: Float64Array, type: Int32Array, nlocal: number, cutGhost: number): void {
    const face = box.faceDistances();
    const c = [0, 0, 0];
    const lam = this.lam;
    // Atoms may sit outside [0,1) in fractional coordinates (not yet wrapped, or given unwrapped
    // by an API caller): widen the ghost shell by how far they stray so no image is missed.
    const stray = [0, 0, 0];
    for (let i = 0; i < nlocal; i++) {
      box.toLamda(x, 3 * i, lam, 0);
      for (let d = 0; d < 3; d++) stray[d] = Math.max(stray[d], -lam[d], lam[d] - 1);
    }
    // 2d: no images along z (LAMMPS's Comm makes none), however thin the box is in z.
    const imaged = [box.periodic[0], box.periodic[1], box.periodic[2] && box.dimension === 3];
    for (let d = 0; d < 3; d++) c[d] = imaged[d] ? cutGhost / face[d] + stray[d] : 0;
    // First pass counts, second fills: keeps the arrays exact-size-or-larger without pushes.
    let count = nlocal;
    const lo = [0, 0, 0];
    const hi = [0, 0, 0];
    const ranges = (i: number): void => {
      box.toLamda(x, 3 * i, lam, 0);
      for (let d = 0; d < 3; d++) {
        if (imaged[d]) {
          lo[d] = Math.ceil(-c[d] - lam[d]);
          hi[d] = Math.ceil(1 + c[d] - lam[d]) - 1;
        } else {
          lo[d] = 0;
          hi[d] = 0;
        }
      }
    };
    for (let i = 0; i < nlocal; i++) {
      ranges(i);
      const n = (hi[0] - lo[0] + 1) * (hi[1] - lo[1] + 1) * (hi[2] - lo[2] + 1);
      // The zero shift is the local atom itself when it lies in range; otherwise n counts only ghosts.
      const hasZero = lo[0] <= 0 && hi[0] >= 0 && lo[1] <= 0 && hi[1] >= 0 && lo[2] <= 0 && hi[2] >= 0;
      count += hasZero ? n - 1 : n;
    }
    // Sizes come from the input (box, cutoff, positions): bound them before allocating.
    if (!(count <= MAX_EXTENDED_ATOMS)) {
      throw new Error(
        `Out of range atoms - cannot build ghost atoms: ${count.toExponential(3)} local+ghost atoms would be needed ` +
          `(ghost cutoff ${cutGhost} against box face distances ${Array.from(face, (f) => f.toPrecision(4)).join(' ')}, atoms up to ` +
          `${Math.max(...stray).toPrecision(3)} box lengths outside the box)`,
      );
    }
    this.reserve(count);
    this.nlocal = nlocal;
    this.nall = count;
    const xa = this.xAll,
      map = this.map,
      sft = this.shift,
      ta = this.type;
    for (let i = 0; i < nlocal; i++) {
      xa[3 * i] = x[3 * i];
      xa[3 * i + 1] = x[3 * i + 1];
      xa[3 * i + 2] = x[3 * i + 2];
      map[i] = i;
      sft[3 * i] = sft[3 * i + 1] = sft[3 * i + 2] = 0;
      ta[i] = type[i];
    }
    if (this.ownerStart.length < nlocal + 1 || isShared(this.ownerStart) !== this.shared)
      this.ownerStart = i32(Math.ceil(nlocal * 1.2) + 16, this.shared);
    const own = this.ownerStart;
    let k = nlocal;
    for (let i = 0; i < nlocal; i++) {
      own[i] = k;
      ranges(i);
      for (let nz = lo[2]; nz <= hi[2]; nz++) {
        for (let ny = lo[1]; ny <= hi[1]; ny++) {
          for (let nx = lo[0]; nx <= hi[0]; nx++) {
            if (nx === 0 && ny === 0 && nz === 0) continue;
            map[k] = i;
            sft[3 * k] = nx;
            sft[3 * k + 1] = ny;
            sft[3 * k + 2] = nz;
            ta[k] = type[i];
            k++;
          }
        }
      }
    }
    own[nlocal] = k;
    this.update(box, x);
  }

  /** Refresh ghost positions from the current local positions and box (LAMMPS Comm::forward_comm). */
  update(box: Box, x: Float64Array): void {
    const xa = this.xAll,
      map = this.map,
      sft = this.shift;
    const h = box.h;
    for (let i = 0; i < 3 * this.nlocal; i++) xa[i] = x[i];
    for (let k = this.nlocal; k < this.nall; k++) {
      const i = map[k];
      const nx = sft[3 * k],
        ny = sft[3 * k + 1],
        nz = sft[3 * k + 2];
      xa[3 * k] = x[3 * i] + nx * h[0] + ny * h[5] + nz * h[4];
      xa[3 * k + 1] = x[3 * i + 1] + ny * h[1] + nz * h[3];
      xa[3 * k + 2] = x[3 * i + 2] + nz * h[2];
    }
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
