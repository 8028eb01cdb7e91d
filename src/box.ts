import type { ShrinkWrap } from './shrink_wrap.js';

/**
 * Simulation box in LAMMPS's convention: edge vectors a=(lx,0,0), b=(xy,ly,0), c=(xz,yz,lz)
 * anchored at (xlo,ylo,zlo). Everything about space lives here: periodicity, fractional ("lamda")
 * coordinates, wrapping with image flags, minimum image. Potentials never handle periodicity.
 *
 * Image flags are kept as three Int32 per atom (not LAMMPS's bit-packed imageint) because a
 * flat Int32Array(3N) is simpler and has no range limit.
 */
export class Box {
  lo = new Float64Array(3);
  hi = new Float64Array(3);
  xy = 0;
  xz = 0;
  yz = 0;
  triclinic = false;
  /** periodic[d] is true for 'p' boundaries. */
  periodic: [boolean, boolean, boolean] = [true, true, true];
  /**
   * LAMMPS `dimension`: in 2d atoms live in the z = 0 plane, z has no periodic images, and the
   * "volume" of thermo and pressure is the area lx * ly (Domain: xprd * yprd).
   */
  dimension: 2 | 3 = 3;
  /** Shrink-wrapped faces (boundary s/m), reset at every neighbor build; null when none. */
  shrink: ShrinkWrap | null = null;
  /** LAMMPS's h = (lx, ly, lz, yz, xz, xy) and its inverse, refreshed by update(). */
  readonly h = new Float64Array(6);
  readonly hInv = new Float64Array(6);

  constructor(lo?: ArrayLike<number>, hi?: ArrayLike<number>, tilt?: { xy?: number; xz?: number; yz?: number }) {
    if (lo) this.lo.set(lo);
    if (hi) this.hi.set(hi);
    if (tilt) {
      this.xy = tilt.xy ?? 0;
      this.xz = tilt.xz ?? 0;
      this.yz = tilt.yz ?? 0;
      this.triclinic = true;
    }
    this.update();
  }

  /** Recompute h and h^-1 after lo/hi/tilts change (LAMMPS Domain::set_global_box). */
  update(): void {
    const h = this.h;
    h[0] = this.hi[0] - this.lo[0];
    h[1] = this.hi[1] - this.lo[1];
    h[2] = this.hi[2] - this.lo[2];
    h[3] = this.yz;
    h[4] = this.xz;
    h[5] = this.xy;
    const hi = this.hInv;
    hi[0] = 1 / h[0];
    hi[1] = 1 / h[1];
    hi[2] = 1 / h[2];
    hi[3] = -h[3] / (h[1] * h[2]);
    hi[4] = (h[3] * h[5] - h[1] * h[4]) / (h[0] * h[1] * h[2]);
    hi[5] = -h[5] / (h[0] * h[1]);
  }

  get lx(): number {
    return this.h[0];
  }
  get ly(): number {
    return this.h[1];
  }
  get lz(): number {
    return this.h[2];
  }

  volume(): number {
    if (this.dimension === 2) return this.h[0] * this.h[1];
    return this.h[0] * this.h[1] * this.h[2];
  }

  /** Row-major 3x3 cell matrix with rows a, b, c (DeePMD-kit's box layout), length units. */
  cellMatrix(): Float64Array {
    const h = this.h;
    return Float64Array.of(h[0], 0, 0, h[5], h[1], 0, h[4], h[3], h[2]);
  }

  /**
   * Perpendicular distance between opposite faces, per dimension: the cutoff that a periodic
   * image must clear. For an orthogonal box this is (lx, ly, lz).
   */
  faceDistances(): Float64Array {
    // Face spacing d = 1 / |row d of h^-1|, written with LAMMPS's h_inv layout.
    const hi = this.hInv;
    return Float64Array.of(
      1 / Math.sqrt(hi[0] * hi[0] + hi[5] * hi[5] + hi[4] * hi[4]),
      1 / Math.sqrt(hi[1] * hi[1] + hi[3] * hi[3]),
      1 / Math.abs(hi[2]),
    );
  }

  /** Cartesian -> fractional for one point (LAMMPS Domain::x2lamda). */
  toLamda(x: ArrayLike<number>, xo: number, out: Float64Array, oo: number): void {
    const hi = this.hInv;
    const d0 = x[xo] - this.lo[0];
    const d1 = x[xo + 1] - this.lo[1];
    const d2 = x[xo + 2] - this.lo[2];
    out[oo] = hi[0] * d0 + hi[5] * d1 + hi[4] * d2;
    out[oo + 1] = hi[1] * d1 + hi[3] * d2;
    out[oo + 2] = hi[2] * d2;
  }

  /** Fractional -> Cartesian for one point (LAMMPS Domain::lamda2x). */
  fromLamda(l: ArrayLike<number>, lo: number, out: Float64Array, oo: number): void {
    const h = this.h;
    const l0 = l[lo],
      l1 = l[lo + 1],
      l2 = l[lo + 2];
    out[oo] = h[0] * l0 + h[5] * l1 + h[4] * l2 + this.lo[0];
    out[oo + 1] = h[1] * l1 + h[3] * l2 + this.lo[1];
    out[oo + 2] = h[2] * l2 + this.lo[2];
  }

  /**
   * Wrap atoms back into the periodic box, updating image flags (LAMMPS Domain::pbc): orthogonal
   * boxes wrap in Cartesian coordinates, triclinic ones in fractional coordinates.
   * x: n x 3, image: n x 3.
   */
  wrapAll(x: Float64Array, image: Int32Array, n: number): void {
    const tmp = new Float64Array(3);
    const lo = this.triclinic ? [0, 0, 0] : this.lo;
    const hi = this.triclinic ? [1, 1, 1] : this.hi;
    const period = this.triclinic ? [1, 1, 1] : this.h;
    for (let i = 0; i < n; i++) {
      const c: Float64Array = this.triclinic ? tmp : x;
      const o = this.triclinic ? 0 : 3 * i;
      if (this.triclinic) this.toLamda(x, 3 * i, tmp, 0);
      for (let d = 0; d < 3; d++) {
        if (!this.periodic[d]) continue;
        if (c[o + d] < lo[d]) {
          c[o + d] += period[d];
          image[3 * i + d]--;
        }
        if (c[o + d] >= hi[d]) {
          c[o + d] -= period[d];
          image[3 * i + d]++;
          c[o + d] = Math.max(c[o + d], lo[d]);
        }
      }
      if (this.triclinic) this.fromLamda(tmp, 0, x, 3 * i);
    }
  }

  /**
   * Map one point p (3 values) into the periodic box however far outside it lies, counting the
   * periods crossed into image (3 values): LAMMPS Domain::remap(x, image), in fractional
   * coordinates for a triclinic box.
   */
  remap(p: Float64Array, image: Int32Array): void {
    const c = this.triclinic ? new Float64Array(3) : p;
    if (this.triclinic) this.toLamda(p, 0, c, 0);
    for (let d = 0; d < 3; d++) {
      if (!this.periodic[d]) continue;
      const lo = this.triclinic ? 0 : this.lo[d];
      const hi = this.triclinic ? 1 : this.hi[d];
      const period = this.triclinic ? 1 : this.h[d];
      while (c[d] < lo) {
        c[d] += period;
        image[d]--;
      }
      while (c[d] >= hi) {
        c[d] -= period;
        image[d]++;
      }
      c[d] = Math.max(c[d], lo);
    }
    if (this.triclinic) this.fromLamda(c, 0, p, 0);
  }

  /** Cartesian shift of the periodic image (nx, ny, nz): nx*a + ny*b + nz*c. out gets 3 values. */
  imageShift(nx: number, ny: number, nz: number, out: Float64Array, o = 0): void {
    const h = this.h;
    out[o] = nx * h[0] + ny * h[5] + nz * h[4];
    out[o + 1] = ny * h[1] + nz * h[3];
    out[o + 2] = nz * h[2];
  }

  /** Unwrapped position of atom i (LAMMPS Domain::unmap): x + image shift. */
  unwrap(x: Float64Array, image: Int32Array, i: number, out: Float64Array, o = 0): void {
    this.imageShift(image[3 * i], image[3 * i + 1], image[3 * i + 2], out, o);
    out[o] += x[3 * i];
    out[o + 1] += x[3 * i + 1];
    out[o + 2] += x[3 * i + 2];
  }

  /**
   * Minimum-image convention applied in place to a separation vector d (LAMMPS Domain::minimum_image).
   * Only meaningful when the cutoff is below half the face distance; neighbor lists use ghost atoms.
   */
  minimumImage(d: Float64Array, o = 0): void {
    const h = this.h;
    if (this.periodic[2]) {
      const n = Math.round(d[o + 2] / h[2]);
      d[o + 2] -= n * h[2];
      d[o + 1] -= n * h[3];
      d[o] -= n * h[4];
    }
    if (this.periodic[1]) {
      const n = Math.round(d[o + 1] / h[1]);
      d[o + 1] -= n * h[1];
      d[o] -= n * h[5];
    }
    if (this.periodic[0]) {
      const n = Math.round(d[o] / h[0]);
      d[o] -= n * h[0];
    }
  }

  clone(): Box {
    const b = new Box(this.lo, this.hi);
    b.xy = this.xy;
    b.xz = this.xz;
    b.yz = this.yz;
    b.triclinic = this.triclinic;
    b.periodic = [...this.periodic] as [boolean, boolean, boolean];
    b.dimension = this.dimension;
    b.shrink = this.shrink;
    b.update();
    return b;
  }

  /** Box from a DeePMD-kit style row-major cell (rows a, b, c), origin at 0. a must lie along x, b in xy. */
  static fromCell(cell: ArrayLike<number>): Box {
    if (
      Math.abs(cell[1]) > 1e-12 * Math.abs(cell[0]) ||
      Math.abs(cell[2]) > 1e-12 * Math.abs(cell[0]) ||
      Math.abs(cell[5]) > 1e-12 * Math.abs(cell[4])
    ) {
      throw new Error(
        'Box.fromCell: cell must be in LAMMPS orientation (a along x, b in the xy plane); rotate it first',
      );
    }
    const b = new Box([0, 0, 0], [cell[0], cell[4], cell[8]], { xy: cell[3], xz: cell[6], yz: cell[7] });
    b.triclinic = cell[3] !== 0 || cell[6] !== 0 || cell[7] !== 0;
    return b;
  }
}
