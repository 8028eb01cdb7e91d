/**
 * The two pair loops of the EAM styles as pure functions over flat arrays, shared by PairEAMBase
 * (serial) and the worker threads (eam_jobs.ts). Both work on local atoms
 * i0 <= i < i1 of a half (newton-on) list; spline tables are eam_core.ts's regrouped layout
 * (rhoTab rows of 8, forceTab rows of 16, offsets per type pair ti*ntp+tj).
 *
 * Pairs inside the cutoff found by the density loop are stored at positions starting at offset[i0]
 * (so threads never overlap), pairEnd[i] = end of atom i's pairs, as what the force loop needs of
 * them: j, 1/r, and the spline position r -> (row, fraction). The force loop then skips the
 * distance test, the sqrt, the division and the index arithmetic (LAMMPS's force loop redoes all
 * of them); its spline row is the density row's offset times 2 (forceTab rows are 16 wide where
 * rhoTab rows are 8, same key and row order: eam_core.ts). Values are the same doubles either way.
 */

/**
 * Density loop: rho (nall) accumulates the density at i and at j of every pair (newton on).
 * x nall x 3 (Angstrom), cutsq squared cutoff, rdr = 1/dr, nrm1 = nr - 1.
 */
export function eamRhoSlice(
  x: Float64Array,
  type: Int32Array,
  offset: Int32Array,
  nl: Int32Array,
  i0: number,
  i1: number,
  rho: Float64Array,
  pairJ: Int32Array,
  pairRecip: Float64Array,
  pairRow: Int32Array,
  pairP: Float64Array,
  pairEnd: Int32Array,
  cutsq: number,
  rdr: number,
  nrm1: number,
  ntp: number,
  T: Float64Array,
  rOff: Int32Array,
): void {
  let np = offset[i0];
  for (let i = i0; i < i1; i++) {
    const xi = x[3 * i],
      yi = x[3 * i + 1],
      zi = x[3 * i + 2];
    const rowI = type[i] * ntp;
    let rhoi = 0;
    for (let k = offset[i], kend = offset[i + 1]; k < kend; k++) {
      const j = nl[k];
      const dx = xi - x[3 * j],
        dy = yi - x[3 * j + 1],
        dz = zi - x[3 * j + 2];
      const rsq = dx * dx + dy * dy + dz * dz;
      if (rsq < cutsq) {
        const r = Math.sqrt(rsq);
        let p = r * rdr + 1.0;
        let m = p | 0;
        if (m > nrm1) m = nrm1;
        p -= m;
        if (p > 1.0) p = 1.0;
        const c = rOff[rowI + type[j]] + 8 * m;
        pairJ[np] = j;
        pairRecip[np] = 1.0 / r;
        pairRow[np] = c;
        pairP[np++] = p;
        rhoi += ((T[c] * p + T[c + 1]) * p + T[c + 2]) * p + T[c + 3];
        rho[j] += ((T[c + 4] * p + T[c + 5]) * p + T[c + 6]) * p + T[c + 7];
      }
    }
    rho[i] += rhoi;
    pairEnd[i] = np;
  }
}

/**
 * Force loop over the stored pairs: f (nall x 3) accumulates both ends, fp (nall) is F'(rho) of
 * every extended atom. Returns the pair energy sum when eflag (else 0); eatom (nall) or null.
 */
export function eamForceSlice(
  x: Float64Array,
  offset: Int32Array,
  i0: number,
  i1: number,
  fp: Float64Array,
  pairJ: Int32Array,
  pairRecip: Float64Array,
  pairRow: Int32Array,
  pairP: Float64Array,
  pairEnd: Int32Array,
  f: Float64Array,
  Q: Float64Array,
  eflag: boolean,
  eatom: Float64Array | null,
): number {
  let epair = 0;
  let k = offset[i0];
  for (let i = i0; i < i1; i++) {
    const xi = x[3 * i],
      yi = x[3 * i + 1],
      zi = x[3 * i + 2];
    const fpi = fp[i];
    let fxi = 0,
      fyi = 0,
      fzi = 0;
    for (const kend = pairEnd[i]; k < kend; k++) {
      const j = pairJ[k];
      const recip = pairRecip[k];
      const p = pairP[k];
      const dx = xi - x[3 * j],
        dy = yi - x[3 * j + 1],
        dz = zi - x[3 * j + 2];
      // rhoip: derivative of the density at j due to i; rhojp: at i due to j.
      const c = 2 * pairRow[k];
      const rhoip = (Q[c] * p + Q[c + 1]) * p + Q[c + 2];
      const rhojp = (Q[c + 3] * p + Q[c + 4]) * p + Q[c + 5];
      const z2p = (Q[c + 6] * p + Q[c + 7]) * p + Q[c + 8];
      const z2 = ((Q[c + 9] * p + Q[c + 10]) * p + Q[c + 11]) * p + Q[c + 12];
      const phi = z2 * recip;
      const phip = z2p * recip - phi * recip;
      const psip = fpi * rhojp + fp[j] * rhoip + phip;
      const fpair = -psip * recip;
      fxi += dx * fpair;
      fyi += dy * fpair;
      fzi += dz * fpair;
      f[3 * j] -= dx * fpair;
      f[3 * j + 1] -= dy * fpair;
      f[3 * j + 2] -= dz * fpair;
      if (eflag) {
        epair += phi;
        if (eatom !== null) {
          eatom[i] += 0.5 * phi;
          eatom[j] += 0.5 * phi;
        }
      }
    }
    f[3 * i] += fxi;
    f[3 * i + 1] += fyi;
    f[3 * i + 2] += fzi;
  }
  return epair;
}
