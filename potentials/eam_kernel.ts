/**
 * The two pair loops of the EAM styles as pure functions over flat arrays, shared by PairEAMBase
 * (serial) and the worker threads (eam_jobs.ts). Both work on local atoms i0 <= i < i1 of a half
 * (newton-on) list.
 *
 * Spline table T (eam_core.ts builds it): one block per ordered type pair (ti, tj) at tOff[ti*ntp+tj],
 * row m of 8 doubles (64 bytes, one cache line) = the value coefficients c3..c6 (LAMMPS
 * interpolate) of rho_{tj->ti} (the density at an atom of type ti due to one of type tj) and of
 * z2r_{ti,tj} = r phi. The density at j due to i is the first half of the same row of block
 * (tj, ti), i.e. the same cache line when ti = tj (81% of the Al-Mg pairs). Derivatives come from
 * the value coefficients, d/dr = ((3 c3 p + 2 c4) p + c5) / dr, which is LAMMPS's (c0 p + c1) p + c2
 * with c0 = 3 c3/dr, c1 = 2 c4/dr, c2 = c5/dr up to rounding (a few ulps). Why: the tables were the
 * kernels' largest cost (the random row look-ups miss the L1/L2 caches; with a constant row the
 * loops took 40% less time), and this layout is a third of the bytes of separate density (8) and
 * force (16 doubles) rows.
 *
 * Pairs inside the cutoff found by the density loop are kept, from position offset[i0] on (so
 * threads never overlap; pairEnd[i] = end of atom i's pairs), as j and r: 12 bytes a pair. The
 * force loop thus skips the list's out-of-range entries, the distance test and the sqrt, and redoes
 * only r -> (row, fraction) and the division 1/r, which cost less than storing them (24 bytes a pair
 * before): the pair cache streams through memory once per loop.
 */

/**
 * Density loop: rho (nall) accumulates the density at i and at j of every pair (newton on).
 * x nall x 3 (Angstrom), cutsq squared cutoff, rdr = 1/dr, nrm1 = nr - 1, ntp = ntypes + 1.
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
  pairR: Float64Array,
  pairEnd: Int32Array,
  cutsq: number,
  rdr: number,
  nrm1: number,
  ntp: number,
  T: Float64Array,
  tOff: Int32Array,
): void {
  let np = offset[i0];
  for (let i = i0; i < i1; i++) {
    const xi = x[3 * i],
      yi = x[3 * i + 1],
      zi = x[3 * i + 2];
    const ti = type[i];
    const rowI = ti * ntp;
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
        const tj = type[j];
        const a = tOff[rowI + tj] + 8 * m,
          b = tOff[tj * ntp + ti] + 8 * m;
        pairJ[np] = j;
        pairR[np++] = r;
        rhoi += ((T[a] * p + T[a + 1]) * p + T[a + 2]) * p + T[a + 3];
        rho[j] += ((T[b] * p + T[b + 1]) * p + T[b + 2]) * p + T[b + 3];
      }
    }
    rho[i] += rhoi;
    pairEnd[i] = np;
  }
}

/**
 * Force loop over the kept pairs: f (nall x 3) accumulates both ends, fp (nall) is F'(rho) of
 * every extended atom. Returns the pair energy sum when eflag (else 0); eatom (nall) or null.
 *
 * With rho_a = rho_{tj->ti}, rho_b = rho_{ti->tj}, phi = z2/r (LAMMPS PairEAM::compute):
 *   psip = F'(rho_i) rho_a' + F'(rho_j) rho_b' + phi',  phi' = (z2' - phi)/r,  fpair = -psip/r,
 * and each derivative is its table's (per unit p) times rdr; rdr is applied once to the sum.
 */
export function eamForceSlice(
  x: Float64Array,
  type: Int32Array,
  offset: Int32Array,
  i0: number,
  i1: number,
  fp: Float64Array,
  pairJ: Int32Array,
  pairR: Float64Array,
  pairEnd: Int32Array,
  f: Float64Array,
  rdr: number,
  nrm1: number,
  ntp: number,
  T: Float64Array,
  tOff: Int32Array,
  eflag: boolean,
  eatom: Float64Array | null,
): number {
  let epair = 0;
  let k = offset[i0];
  for (let i = i0; i < i1; i++) {
    const xi = x[3 * i],
      yi = x[3 * i + 1],
      zi = x[3 * i + 2];
    const ti = type[i];
    const rowI = ti * ntp;
    const fpi = fp[i];
    let fxi = 0,
      fyi = 0,
      fzi = 0;
    for (const kend = pairEnd[i]; k < kend; k++) {
      const j = pairJ[k];
      const r = pairR[k];
      // The same r -> (m, p) as the density loop, so the same row and fraction.
      let p = r * rdr + 1.0;
      let m = p | 0;
      if (m > nrm1) m = nrm1;
      p -= m;
      if (p > 1.0) p = 1.0;
      const tj = type[j];
      const a = tOff[rowI + tj] + 8 * m,
        b = tOff[tj * ntp + ti] + 8 * m;
      const recip = 1.0 / r;
      const dx = xi - x[3 * j],
        dy = yi - x[3 * j + 1],
        dz = zi - x[3 * j + 2];
      // Derivatives per unit p: d/dp (((c3 p + c4) p + c5) p + c6) = (3 c3 p + 2 c4) p + c5.
      const da = (3.0 * T[a] * p + 2.0 * T[a + 1]) * p + T[a + 2];
      const db = (3.0 * T[b] * p + 2.0 * T[b + 1]) * p + T[b + 2];
      const dz2 = (3.0 * T[a + 4] * p + 2.0 * T[a + 5]) * p + T[a + 6];
      const z2 = ((T[a + 4] * p + T[a + 5]) * p + T[a + 6]) * p + T[a + 7];
      const phi = z2 * recip;
      const psip = (fpi * da + fp[j] * db + dz2 * recip) * rdr - phi * recip;
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
