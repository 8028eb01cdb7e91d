import type { Ghosts } from './ghosts.js';

/**
 * A Verlet neighbor list over extended (local + ghost) atoms, in CSR form: the neighbors of local
 * atom i are list[offset[i] .. offset[i+1]) and index into Ghosts.xAll. Built by binning.
 *
 * half: each pair appears once (LAMMPS "half/bin/newton"): a local pair (i, j) when j > i, a
 * local-ghost pair when the ghost lies "above" i in (z, y, x) order, which picks exactly one of the
 * two mirror copies of a periodic pair. Forces on ghosts are then folded back to their owners.
 * full: every neighbor of every local atom (what many-body styles and the Deep Potential read).
 */
export class NeighborList {
  offset = new Int32Array(1);
  list = new Int32Array(1024);
  nlocal = 0;
  // Binning scratch, grown on demand and reused across builds.
  private binHead = new Int32Array(0);
  private binNext = new Int32Array(0);

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
    const nbx = Math.max(1, Math.floor((xmax - xmin) * inv) + 1);
    const nby = Math.max(1, Math.floor((ymax - ymin) * inv) + 1);
    const nbz = Math.max(1, Math.floor((zmax - zmin) * inv) + 1);
    const nbins = nbx * nby * nbz;
    if (!(nbins < 2 ** 31)) throw new Error(`Neighbor binning needs ${nbins} bins: cutoff too small for the box`);
    if (this.binHead.length < nbins) this.binHead = new Int32Array(nbins);
    if (this.binNext.length < nall) this.binNext = new Int32Array(Math.ceil(nall * 1.2));
    const head = this.binHead, next = this.binNext;
    head.fill(-1, 0, nbins);
    // Insert in reverse so each bin's chain runs in ascending atom index (deterministic order).
    for (let k = nall - 1; k >= 0; k--) {
      const bx = Math.floor((x[3 * k] - xmin) * inv);
      const by = Math.floor((x[3 * k + 1] - ymin) * inv);
      const bz = Math.floor((x[3 * k + 2] - zmin) * inv);
      const b = (bz * nby + by) * nbx + bx;
      next[k] = head[b];
      head[b] = k;
    }
    // Stencil: bin offsets whose closest approach is within cut.
    const s = Math.ceil(cut * inv);
    const stencil: number[] = [];
    const sdx: number[] = [], sdy: number[] = [], sdz: number[] = [];
    for (let dz = -s; dz <= s; dz++) {
      for (let dy = -s; dy <= s; dy++) {
        for (let dx = -s; dx <= s; dx++) {
          const gx = Math.max(0, Math.abs(dx) - 1) * binsize;
          const gy = Math.max(0, Math.abs(dy) - 1) * binsize;
          const gz = Math.max(0, Math.abs(dz) - 1) * binsize;
          if (gx * gx + gy * gy + gz * gz < cut * cut) {
            stencil.push(stencil.length);
            sdx.push(dx); sdy.push(dy); sdz.push(dz);
          }
        }
      }
    }
    const ns = sdx.length;
    const cutsq = cut * cut;
    const half = this.half;
    const gtype = g.type;
    const tstride = ntypes + 1;
    let list = this.list;
    let n = 0;
    for (let i = 0; i < nlocal; i++) {
      const xi = x[3 * i], yi = x[3 * i + 1], zi = x[3 * i + 2];
      const bx = Math.floor((xi - xmin) * inv);
      const by = Math.floor((yi - ymin) * inv);
      const bz = Math.floor((zi - zmin) * inv);
      const trow = gtype[i] * tstride;
      // Worst case for this atom: grow before the inner loop so the loop itself never allocates.
      if (list.length - n < nall) {
        const grown = new Int32Array(Math.max(2 * list.length, n + nall));
        grown.set(list.subarray(0, n));
        list = grown;
      }
      for (let t = 0; t < ns; t++) {
        const cx = bx + sdx[t], cy = by + sdy[t], cz = bz + sdz[t];
        if (cx < 0 || cy < 0 || cz < 0 || cx >= nbx || cy >= nby || cz >= nbz) continue;
        for (let j = head[(cz * nby + cy) * nbx + cx]; j >= 0; j = next[j]) {
          if (j === i) continue;
          const xj = x[3 * j], yj = x[3 * j + 1], zj = x[3 * j + 2];
          if (half) {
            if (j < nlocal) {
              if (j < i) continue;
            } else if (zj < zi || (zj === zi && (yj < yi || (yj === yi && xj < xi)))) {
              continue;
            }
          }
          const dx = xj - xi, dy = yj - yi, dz = zj - zi;
          const rsq = dx * dx + dy * dy + dz * dz;
          if (rsq < (typeCutSq ? typeCutSq[trow + gtype[j]] : cutsq)) list[n++] = j;
        }
      }
      offset[i + 1] = n;
    }
    this.list = list;
  }
}
