import { below } from './branchless.js';

/**
 * The candidate loop of a binned neighbor build as a pure function over flat arrays, shared by
 * NeighborList (serial) and the worker threads (src/neighbor_jobs.ts), which each build a slice
 * of local atoms into their own buffer.
 *
 * Inputs (all from the binning pass of NeighborList.build): x (nall x 3 extended coordinates),
 * binOf (nall, bin of each atom), start (nbins+1, first sorted index of each bin), sorted (sorted
 * position -> atom), xs (sorted coordinates, nall x 3), ts (sorted types), stencil (bin offsets:
 * for a half list the first nsSame are the dz = 0 layer, which needs the (z, y, x) order test; the
 * rest lie strictly above in z, where every atom is above i), cutsq (uniform squared list cutoff),
 * typeCutSq ((ntypes+1)^2 squared per-type-pair cutoffs) or null, maxCand (upper bound of candidates
 * of one atom: the buffer must hold that many more entries before an atom is started).
 *
 * Writes out[n0..] and offset[i+1] = offsetBase + n for i in [i0, stop), where stop is the first
 * atom for which out had too little room (i1 when all fitted). res[resOff] = stop, res[resOff+1] = n.
 */
export function neighborSlice(
  x: Float64Array,
  gtype: Int32Array,
  binOf: Int32Array,
  start: Int32Array,
  sorted: Int32Array,
  xs: Float64Array,
  ts: Int32Array,
  stencil: Int32Array,
  nsSame: number,
  ns: number,
  half: boolean,
  cutsq: number,
  typeCutSq: Float64Array | null,
  tstride: number,
  maxCand: number,
  i0: number,
  i1: number,
  offset: Int32Array,
  offsetBase: number,
  out: Int32Array,
  n0: number,
  res: Int32Array,
  resOff: number,
): void {
  let n = n0;
  const cap = out.length - maxCand;
  // Scales for below(): candidates lie within 1.5 list cutoffs per axis (stencil of bins of half
  // the cutoff), so |rsq - cutsq| < 7 cutsq and |dz| < 1.5 cut; 1/16 of the inverse keeps the
  // scaled values inside (-1, 1).
  let cmax = cutsq;
  if (typeCutSq !== null) for (let k = 0; k < typeCutSq.length; k++) cmax = Math.max(cmax, typeCutSq[k]);
  const scale = 0.0625 / cmax,
    zscale = 0.0625 / Math.sqrt(cmax);
  let i = i0;
  for (; i < i1; i++) {
    if (n > cap) break;
    const xi = x[3 * i],
      yi = x[3 * i + 1],
      zi = x[3 * i + 2];
    const bi = binOf[i];
    const trow = gtype[i] * tstride;
    if (half) {
      // dz = 0 layer: keep j only when it lies above i in (z, y, x) order; coincident atoms (an
      // error the force check reports) are kept once by index order. Equal z (lattice planes)
      // takes the branchy tie rule; otherwise the order test and the cutoff test are 0/1 masks
      // (below(), end of file) so that the random outcomes of a liquid cost no mispredicted branches.
      for (let t = 0; t < nsSame; t++) {
        const b = bi + stencil[t];
        const end = start[b + 1];
        for (let p = start[b]; p < end; p++) {
          const zj = xs[3 * p + 2];
          const dx = xs[3 * p] - xi,
            dy = xs[3 * p + 1] - yi,
            dz = zj - zi;
          const rsq = dx * dx + dy * dy + dz * dz;
          const csq = typeCutSq !== null ? typeCutSq[trow + ts[p]] : cutsq;
          if (zj === zi) {
            const xj = xs[3 * p],
              yj = xs[3 * p + 1];
            const j = sorted[p];
            if (yj < yi || (yj === yi && (xj < xi || (xj === xi && j <= i)))) continue;
            if (rsq < csq) out[n++] = j;
          } else {
            out[n] = sorted[p];
            n += below(-dz, zscale) * below(rsq - csq, scale);
          }
        }
      }
      // Bins above: every atom there is above i.
      if (typeCutSq === null) {
        for (let t = nsSame; t < ns; t++) {
          const b = bi + stencil[t];
          const end = start[b + 1];
          for (let p = start[b]; p < end; p++) {
            const dx = xs[3 * p] - xi,
              dy = xs[3 * p + 1] - yi,
              dz = xs[3 * p + 2] - zi;
            out[n] = sorted[p];
            n += below(dx * dx + dy * dy + dz * dz - cutsq, scale);
          }
        }
      } else {
        for (let t = nsSame; t < ns; t++) {
          const b = bi + stencil[t];
          const end = start[b + 1];
          for (let p = start[b]; p < end; p++) {
            const dx = xs[3 * p] - xi,
              dy = xs[3 * p + 1] - yi,
              dz = xs[3 * p + 2] - zi;
            out[n] = sorted[p];
            n += below(dx * dx + dy * dy + dz * dz - typeCutSq[trow + ts[p]], scale);
          }
        }
      }
    } else {
      for (let t = 0; t < ns; t++) {
        const b = bi + stencil[t];
        const end = start[b + 1];
        for (let p = start[b]; p < end; p++) {
          const j = sorted[p];
          const dx = xs[3 * p] - xi,
            dy = xs[3 * p + 1] - yi,
            dz = xs[3 * p + 2] - zi;
          const rsq = dx * dx + dy * dy + dz * dz;
          if (j !== i && rsq < (typeCutSq !== null ? typeCutSq[trow + ts[p]] : cutsq)) out[n++] = j;
        }
      }
    }
    offset[i + 1] = offsetBase + n;
  }
  res[resOff] = i;
  res[resOff + 1] = n;
}
