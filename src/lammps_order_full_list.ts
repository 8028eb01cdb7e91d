import type { AtomSystem } from './system.js';

const BIG = 1.0e20;
/** LAMMPS NBinStandard's round-off margin for the ghost bin range. */
const SMALL = 1.0e-6;

/**
 * A full neighbor list in LAMMPS's order (29 Sep 2021, one processor, orthogonal box), for the
 * computes whose sums follow the list's order to the last bit (compute orientorder/atom):
 *
 * - ghosts as CommBrick::borders makes them: dimension by dimension (x, y, z), 2·maxneed swaps per
 *   periodic dimension, maxneed = int(cutghost/prd) + 1; an even swap sends the atoms with
 *   x_d <= lo + cutghost (later even swaps: within [mid, lo + cutghost]) to appear at x_d + prd,
 *   an odd one those with x_d >= hi − cutghost (later: within [hi − cutghost, mid]) at x_d − prd;
 *   the first pair of a dimension scans every atom so far, later pairs only the ghosts the
 *   previous pair added; no swaps across a non-periodic boundary;
 * - bins of NBinStandard (nbin = int(prd/(cutneigh/2)), bins fitted to the box, the mbin range
 *   padded by one) filled in reverse atom order so each bin lists its atoms in index order;
 * - the stencil of NStencilFullBin3d (k, j, i nested, bins within cutneigh), and NPairFullBin's
 *   loop: for atom i, stencil bins in order, atoms of a bin in order, j ≠ i, r² <= cutneighsq.
 *
 * The ghost set is made from the current positions (LAMMPS keeps the last reneighboring's set):
 * identical at setup and for atoms inside the box, and otherwise a list with the same pairs.
 */
export class LammpsOrderFullList {
  xAll = new Float64Array(0);
  nall = 0;
  nlocal = 0;
  offset = new Int32Array(1);
  list = new Int32Array(0);
  private type = new Int32Array(0);

  /** Whether the box is one this list reproduces (orthogonal). */
  static supports(sys: AtomSystem): boolean {
    return !sys.box.triclinic;
  }

  /**
   * Build for the system's atoms: cutNeigh = pair cutoff + skin (also the ghost cutoff),
   * typeCutSq the per-type-pair squared list cutoffs ((ntypes+1)², null when uniform).
   */
  build(sys: AtomSystem, cutNeigh: number, typeCutSq: Float64Array | null, ntypes: number): void {
    const box = sys.box;
    const nlocal = sys.n;
    this.nlocal = nlocal;
    this.makeGhosts(sys, cutNeigh);
    const x = this.xAll,
      nall = this.nall,
      type = this.type;
    const dim3 = box.dimension === 3;
    // NBinStandard::setup_bins.
    const lo = box.lo,
      hi = box.hi;
    const bbox = [hi[0] - lo[0], hi[1] - lo[1], hi[2] - lo[2]];
    const binsizeOptimal = 0.5 * cutNeigh;
    const binsizeinv = 1.0 / binsizeOptimal;
    const nbin = [0, 0, 0],
      bininv = [0, 0, 0],
      binsize = [0, 0, 0],
      mlo = [0, 0, 0],
      mb = [0, 0, 0];
    for (let d = 0; d < 3; d++) {
      if (d === 2 && !dim3) {
        nbin[d] = 1;
      } else {
        nbin[d] = Math.trunc(bbox[d] * binsizeinv);
        if (nbin[d] === 0) nbin[d] = 1;
      }
      binsize[d] = bbox[d] / nbin[d];
      bininv[d] = 1.0 / binsize[d];
      if (d === 2 && !dim3) {
        mlo[d] = 0;
        mb[d] = 1;
        continue;
      }
      let coord = lo[d] - cutNeigh - SMALL * bbox[d];
      let mlow = Math.trunc((coord - lo[d]) * bininv[d]);
      if (coord < lo[d]) mlow -= 1;
      coord = hi[d] + cutNeigh + SMALL * bbox[d];
      let mhigh = Math.trunc((coord - lo[d]) * bininv[d]);
      mlow -= 1;
      mhigh += 1;
      mlo[d] = mlow;
      mb[d] = mhigh - mlow + 1;
    }
    const mbins = mb[0] * mb[1] * mb[2];
    const binhead = new Int32Array(mbins).fill(-1);
    const next = new Int32Array(nall);
    const atom2bin = new Int32Array(nall);
    const coord2bin = (k: number): number => {
      const ix = binIndex(x[3 * k], lo[0], hi[0], bininv[0], nbin[0]);
      const iy = binIndex(x[3 * k + 1], lo[1], hi[1], bininv[1], nbin[1]);
      const iz = dim3 ? binIndex(x[3 * k + 2], lo[2], hi[2], bininv[2], nbin[2]) : 0;
      return (iz - mlo[2]) * mb[1] * mb[0] + (iy - mlo[1]) * mb[0] + (ix - mlo[0]);
    };
    for (let k = nall - 1; k >= 0; k--) {
      const b = coord2bin(k);
      atom2bin[k] = b;
      next[k] = binhead[b];
      binhead[b] = k;
    }
    // NStencil::create_setup and NStencilFullBin3d::create.
    const cutsqMax = cutNeigh * cutNeigh;
    const sExt = [0, 0, 0];
    for (let d = 0; d < 3; d++) {
      if (d === 2 && !dim3) continue;
      sExt[d] = Math.trunc(cutNeigh * bininv[d]);
      if (sExt[d] * binsize[d] < cutNeigh) sExt[d]++;
    }
    const binDist = (i: number, d: number) => (i > 0 ? (i - 1) * binsize[d] : i === 0 ? 0.0 : (i + 1) * binsize[d]);
    const stencil: number[] = [];
    for (let k = -sExt[2]; k <= sExt[2]; k++)
      for (let j = -sExt[1]; j <= sExt[1]; j++)
        for (let i = -sExt[0]; i <= sExt[0]; i++) {
          const dx = binDist(i, 0),
            dy = binDist(j, 1),
            dz = binDist(k, 2);
          if (dx * dx + dy * dy + dz * dz < cutsqMax) stencil.push(k * mb[1] * mb[0] + j * mb[0] + i);
        }
    // NPairFullBin::build.
    if (this.offset.length < nlocal + 1) this.offset = new Int32Array(nlocal + 1);
    const out: number[] = [];
    const stride = ntypes + 1;
    this.offset[0] = 0;
    for (let i = 0; i < nlocal; i++) {
      const xt = x[3 * i],
        yt = x[3 * i + 1],
        zt = x[3 * i + 2];
      const ib = atom2bin[i];
      for (const s of stencil) {
        for (let j = binhead[ib + s]; j >= 0; j = next[j]) {
          if (j === i) continue;
          const dx = xt - x[3 * j],
            dy = yt - x[3 * j + 1],
            dz = zt - x[3 * j + 2];
          const rsq = dx * dx + dy * dy + dz * dz;
          const c = typeCutSq ? typeCutSq[type[i] * stride + type[j]] : cutsqMax;
          if (rsq <= c) out.push(j);
        }
      }
      this.offset[i + 1] = out.length;
    }
    this.list = Int32Array.from(out);
  }

  /** Local atoms then CommBrick::borders' ghosts, in its order (xAll, type, nall). */
  private makeGhosts(sys: AtomSystem, cutghost: number): void {
    const box = sys.box;
    const xs: number[] = Array.from(sys.x.subarray(0, 3 * sys.n));
    const ts: number[] = Array.from(sys.type.subarray(0, sys.n));
    for (let d = 0; d < box.dimension; d++) {
      if (!box.periodic[d]) continue;
      const lo = box.lo[d],
        hi = box.hi[d];
      const prd = hi - lo;
      const maxneed = Math.trunc(cutghost / prd) + 1;
      let nlast = 0,
        nfirst = 0;
      for (let ineed = 0; ineed < 2 * maxneed; ineed++) {
        if (ineed % 2 === 0) {
          nfirst = nlast;
          nlast = ts.length;
        }
        let slo: number, shi: number, shift: number;
        if (ineed % 2 === 0) {
          slo = ineed < 2 ? -BIG : 0.5 * (lo + hi);
          shi = lo + cutghost;
          shift = prd;
        } else {
          slo = hi - cutghost;
          shi = ineed < 2 ? BIG : 0.5 * (lo + hi);
          shift = -prd;
        }
        const send: number[] = [];
        for (let i = nfirst; i < nlast; i++) {
          const c = xs[3 * i + d];
          if (c >= slo && c <= shi) send.push(i);
        }
        for (const i of send) {
          const p = [xs[3 * i], xs[3 * i + 1], xs[3 * i + 2]];
          p[d] = p[d] + shift;
          xs.push(p[0], p[1], p[2]);
          ts.push(ts[i]);
        }
      }
    }
    this.xAll = Float64Array.from(xs);
    this.type = Int32Array.from(ts);
    this.nall = ts.length;
  }
}

/** NBinStandard::coord2bin along one dimension (global bin index). */
function binIndex(c: number, lo: number, hi: number, bininv: number, nbin: number): number {
  if (c >= hi) return Math.trunc((c - hi) * bininv) + nbin;
  if (c >= lo) return Math.min(Math.trunc((c - lo) * bininv), nbin - 1);
  return Math.trunc((c - lo) * bininv) - 1;
}
