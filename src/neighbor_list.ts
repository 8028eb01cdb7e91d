import type { Ghosts } from './ghosts.js';

/**
 * A Verlet neighbor list over extended (local + ghost) atoms, in CSR form: the neighbors of local
 * atom i are list[offset[i] .. offset[i+1]) and index into Ghosts.xAll. Built by binning.
 *
 * half: each pair appears once (as LAMMPS's "half/bin/newton/tri"): (i, j) is kept when j lies
 * "above" i in (z, y, x) order, which for a periodic pair picks exactly one of its two mirror
 * copies (i, image of j) and (j, image of i). Forces on ghosts are then folded back to owners.
 * full: every neighbor of every local atom (what many-body styles and the Deep Potential read).
 */
export class NeighborList {
  offset = new Int32Array(1);
  list = new Int32Array(1024);
  nlocal = 0;
  // Binning scratch, grown on demand and reused across builds.
  private binStart = new Int32Array(0);
  private binOf = new Int32Array(0);
  private sorted = new Int32Array(0);
  private xs = new Float64Array(0);
  private ts = new Int32Array(0);

  constructor(readonly half: boolean) {}

  /** Number of neighbors stored (sum over local atoms). */
  get size(): number {
    return this.offset[this.nlocal];
  }

  /**
   * Build for all atoms of g within cut (length units; pass cutoff + skin). With typeCutSq (a
   * (ntypes+1)^2 table of squared per-type-pair list cutoffs, LAMMPS cutneighsq[i][j]), a pair is
   * kept only within its own cutoff: LAMMPS lists exactly those pairs, which matters for matching
   * its numbers when atoms move more than skin/2 between builds.
   */
  build(g: Ghosts, cut: number, typeCutSq: Float64Array | null = null, ntypes = 0): void {
    const nlocal = g.nlocal, nall = g.nall, x = g.xAll;
    this.nlocal = nlocal;
    if (this.offset.length < nlocal + 1) this.offset = new Int32Array(nlocal + 1);
    const offset = this.offset;
    offset[0] = 0;
    if (nall === 0) return;

    // Bounding box of the extended atoms, bins of size cut/2 (LAMMPS's default binsize).
    let xmin = Infinity, ymin = Infinity, zmin = Infinity, xmax = -Infinity, ymax = -Infinity, zmax = -Infinity;
    for (let k = 0; k < nall; k++) {
      const a = x[3 * k], b = x[3 * k + 1], c = x[3 * k + 2];
      if (a < xmin) xmin = a; if (a > xmax) xmax = a;
      if (b < ymin) ymin = b; if (b > ymax) ymax = b;
      if (c < zmin) zmin = c; if (c > zmax) zmax = c;
    }
    if (!Number.isFinite(xmin + xmax + ymin + ymax + zmin + zmax)) {
      throw new Error('Non-numeric atom coords: positions are NaN or Inf (the simulation blew up)');
    }
    const binsize = 0.5 * cut;
    const inv = 1 / binsize;
    // The grid is padded with `s` empty layers on every side so stencil offsets never leave it
    // and the candidate loop needs no bounds checks.
    const s = Math.ceil(cut * inv);
    xmin -= s * binsize; ymin -= s * binsize; zmin -= s * binsize;
    const nbx = Math.floor((xmax - xmin) * inv) + 1 + s;
    const nby = Math.floor((ymax - ymin) * inv) + 1 + s;
    const nbz = Math.floor((zmax - zmin) * inv) + 1 + s;
    const nbins = nbx * nby * nbz;
    if (!(nbins < 2 ** 31)) throw new Error(`Neighbor binning needs ${nbins} bins: cutoff too small for the box`);
    // Counting sort of all extended atoms by bin: bins become contiguous index ranges and the
    // sorted coordinate copy makes the candidate loop stream through memory.
    if (this.binStart.length < nbins + 1) this.binStart = new Int32Array(nbins + 1);
    if (this.binOf.length < nall) {
      const cap = Math.ceil(nall * 1.2);
      this.binOf = new Int32Array(cap);
      this.sorted = new Int32Array(cap);
      this.xs = new Float64Array(3 * cap);
      this.ts = new Int32Array(cap);
    }
    const start = this.binStart, binOf = this.binOf, sorted = this.sorted, xs = this.xs, ts = this.ts;
    start.fill(0, 0, nbins + 1);
    for (let k = 0; k < nall; k++) {
      const bx = Math.floor((x[3 * k] - xmin) * inv);
      const by = Math.floor((x[3 * k + 1] - ymin) * inv);
      const bz = Math.floor((x[3 * k + 2] - zmin) * inv);
      const b = (bz * nby + by) * nbx + bx;
      binOf[k] = b;
      start[b + 1]++;
    }
    for (let b = 0; b < nbins; b++) start[b + 1] += start[b];
    const gtype = g.type;
    for (let k = 0; k < nall; k++) {
      const p = start[binOf[k]]++;
      sorted[p] = k;
      xs[3 * p] = x[3 * k]; xs[3 * p + 1] = x[3 * k + 1]; xs[3 * p + 2] = x[3 * k + 2];
      ts[p] = gtype[k];
    }
    // start[b] now holds the end of bin b; shift back to starts.
    for (let b = nbins; b > 0; b--) start[b] = start[b - 1];
    start[0] = 0;

    // Stencil: bin offsets whose closest approach is within cut; a half list needs only dz >= 0
    // because pairs are then kept when j lies above i in (z, y, x) order.
    const half = this.half;
    const stencilList: number[] = [];
    for (let dz = half ? 0 : -s; dz <= s; dz++) {
      for (let dy = -s; dy <= s; dy++) {
        for (let dx = -s; dx <= s; dx++) {
          const gx = Math.max(0, Math.abs(dx) - 1) * binsize;
          const gy = Math.max(0, Math.abs(dy) - 1) * binsize;
          const gz = Math.max(0, Math.abs(dz) - 1) * binsize;
          if (gx * gx + gy * gy + gz * gz < cut * cut) stencilList.push((dz * nby + dy) * nbx + dx);
        }
      }
    }
    const stencil = Int32Array.from(stencilList);
    const ns = stencil.length;
    const cutsq = cut * cut;
    const tstride = ntypes + 1;
    let list = this.list;
    let n = 0;
    for (let i = 0; i < nlocal; i++) {
      const xi = x[3 * i], yi = x[3 * i + 1], zi = x[3 * i + 2];
      const bi = binOf[i];
      const trow = gtype[i] * tstride;
      // Worst case for this atom: grow before the inner loop so the loop itself never allocates.
      if (list.length - n < nall) {
        const grown = new Int32Array(Math.max(2 * list.length, n + nall));
        grown.set(list.subarray(0, n));
        list = grown;
      }
      for (let t = 0; t < ns; t++) {
        const b = bi + stencil[t];
        const end = start[b + 1];
        for (let p = start[b]; p < end; p++) {
          const xj = xs[3 * p], yj = xs[3 * p + 1], zj = xs[3 * p + 2];
          const j = sorted[p];
          if (half) {
            // Coincident atoms (an error the force check reports) are kept once by index order.
            if (zj < zi || (zj === zi && (yj < yi || (yj === yi && (xj < xi || (xj === xi && j <= i)))))) continue;
          } else if (j === i) {
            continue;
          }
          const dx = xj - xi, dy = yj - yi, dz = zj - zi;
          const rsq = dx * dx + dy * dy + dz * dz;
          if (rsq < (typeCutSq ? typeCutSq[trow + ts[p]] : cutsq)) list[n++] = j;
        }
      }
      offset[i + 1] = n;
    }
    this.list = list;
  }
}
