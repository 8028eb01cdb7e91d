/**
 * The two pair loops of the EAM styles as pure functions over flat arrays, shared by PairEAMBase
 * (serial) and the worker threads (eam_jobs.ts). Both work on local atoms i0 <= i < i1 of a half
 * (newton-on) list. By default both run as the WebAssembly SIMD kernel of eam_simd.ts, which gives
 * these loops' doubles bit for bit; these are the reference and the fallback (DPMD_EAM_SIMD=0,
 * per-atom energies, no WebAssembly SIMD).
 *
 * Spline table T (eam_core.ts builds it): one block per ordered type pair (ti, tj) at
 * tOff[ti*ntp+tj], knot m (4 doubles) = f_a(m), s_a(m), f_z(m), s_z(m), where f = LAMMPS's spline
 * coefficient 6 (the tabulated value) and s = coefficient 5 (the knot slope per unit p) of
 * a = rho_{tj->ti} (the density at an atom of type ti due to one of type tj) and z = z2r_{ti,tj}
 * (r phi). Row m of the cubic (p in [0, 1]) needs knots m and m+1, 8 contiguous doubles, and its
 * other two coefficients are rebuilt as LAMMPS's interpolate computes them, with the same
 * operations, hence the same doubles:
 *   d = f(m+1) - f(m),  c3 = s(m) + s(m+1) - 2 d,  c4 = 3 d - 2 s(m) - s(m+1),
 *   value = ((c3 p + c4) p + s(m)) p + f(m),  d/dp = (3 c3 p + 2 c4) p + s(m),
 * the derivative per unit r being d/dp times rdr (LAMMPS stores c0..c2 = 3 c3/dr, 2 c4/dr, c5/dr:
 * equal up to rounding, a few ulps). m <= nr - 1 always (clamped), so LAMMPS's special last row
 * (c3 = c4 = 0 at m = nr) is never used. The density at j due to i reads block (tj, ti): the same
 * knots when ti = tj (81% of the Al-Mg pairs).
 *
 * Why: the random row look-ups were the loops' largest cost (with all pairs on a few rows the
 * loops took 40% less time). LAMMPS-style rows (7 doubles each for rho i->j, rho j->i, z2r) make
 * 168 bytes per r-row and type pair; this table is 32 (a quarter of the 128 of the previous
 * density + force rows), so the part in use (r from about 2.3 A to the 7.5 A cutoff, 7,000 knots)
 * is 224 kB per type pair and stays in the L2 cache; the rebuild costs a few additions per pair.
 *
 * Pairs inside the cutoff found by the density loop are kept, from position offset[i0] on (so
 * threads never overlap; pairEnd[i] = end of atom i's pairs), as j and r: 12 bytes a pair. The
 * force loop thus skips the list's out-of-range entries, the distance test and the sqrt, and redoes
 * only r -> (knot, fraction) and the division 1/r, which cost less than storing them (24 bytes a
 * pair before): the pair cache streams through memory once per loop.
 */

/**
 * Density loop: rho (nall) accumulates the density at i and at j of every pair (newton on).
 * x nall x 3 (Angstrom), cutsq squared cutoff, rdr = 1/dr, nrm1 = nr - 1, ntp = ntypes + 1.
 * R holds T's density knots alone (f_a, s_a: 2 doubles a knot, block offsets tOff / 2), which
 * halves the bytes this loop pulls from the table (measured: -15% for this loop).
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
  R: Float64Array,
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
        const a = (tOff[rowI + tj] >> 1) + 2 * m,
          b = (tOff[tj * ntp + ti] >> 1) + 2 * m;
        pairJ[np] = j;
        pairR[np++] = r;
        // Density at i due to j (block (ti, tj)) and at j due to i (block (tj, ti)).
        const fa = R[a],
          sa = R[a + 1],
          da = R[a + 2] - fa,
          sa1 = R[a + 3];
        const a3 = sa + sa1 - 2.0 * da,
          a4 = 3.0 * da - 2.0 * sa - sa1;
        rhoi += ((a3 * p + a4) * p + sa) * p + fa;
        const fb = R[b],
          sb = R[b + 1],
          db = R[b + 2] - fb,
          sb1 = R[b + 3];
        const b3 = sb + sb1 - 2.0 * db,
          b4 = 3.0 * db - 2.0 * sb - sb1;
        rho[j] += ((b3 * p + b4) * p + sb) * p + fb;
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
      // The same r -> (m, p) as the density loop, so the same knots and fraction.
      let p = r * rdr + 1.0;
      let m = p | 0;
      if (m > nrm1) m = nrm1;
      p -= m;
      if (p > 1.0) p = 1.0;
      const tj = type[j];
      const a = tOff[rowI + tj] + 4 * m,
        b = tOff[tj * ntp + ti] + 4 * m;
      const recip = 1.0 / r;
      const dx = xi - x[3 * j],
        dy = yi - x[3 * j + 1],
        dz = zi - x[3 * j + 2];
      // Cubic coefficients of row m from knots m, m+1 (see the top), then d/dp and z2.
      const sa = T[a + 1],
        da = T[a + 4] - T[a],
        sa1 = T[a + 5];
      const a3 = sa + sa1 - 2.0 * da,
        a4 = 3.0 * da - 2.0 * sa - sa1;
      const sb = T[b + 1],
        db = T[b + 4] - T[b],
        sb1 = T[b + 5];
      const b3 = sb + sb1 - 2.0 * db,
        b4 = 3.0 * db - 2.0 * sb - sb1;
      const fz = T[a + 2],
        sz = T[a + 3],
        dzz = T[a + 6] - fz,
        sz1 = T[a + 7];
      const z3 = sz + sz1 - 2.0 * dzz,
        z4 = 3.0 * dzz - 2.0 * sz - sz1;
      const rhoap = (3.0 * a3 * p + 2.0 * a4) * p + sa;
      const rhobp = (3.0 * b3 * p + 2.0 * b4) * p + sb;
      const z2p = (3.0 * z3 * p + 2.0 * z4) * p + sz;
      const z2 = ((z3 * p + z4) * p + sz) * p + fz;
      const phi = z2 * recip;
      const psip = (fpi * rhoap + fp[j] * rhobp + z2p * recip) * rdr - phi * recip;
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

/**
 * Embedding of one atom with density r (LAMMPS PairEAM::compute): fp[i] = F'(r) and the return
 * value F(r) when eflag (else 0); beyond rhomax F is extended linearly with the slope at rhomax.
 * F is LAMMPS's F(rho) spline (rows of 7 coefficients, type ti's table at fOff[ti]), rdrho = 1/drho,
 * nrhom1 = nrho - 1.
 */
export function eamEmbedAtom(
  r: number,
  ti: number,
  i: number,
  fp: Float64Array,
  F: Float64Array,
  fOff: Int32Array,
  rdrho: number,
  nrhom1: number,
  rhomax: number,
  eflag: boolean,
): number {
  let p = r * rdrho + 1.0;
  let m = Math.trunc(p);
  if (m > nrhom1) m = nrhom1;
  if (m < 1) m = 1;
  p -= m;
  if (p > 1.0) p = 1.0;
  const c = fOff[ti] + 7 * m;
  const fpi = (F[c] * p + F[c + 1]) * p + F[c + 2];
  fp[i] = fpi;
  if (!eflag) return 0;
  let phi = ((F[c + 3] * p + F[c + 4]) * p + F[c + 5]) * p + F[c + 6];
  if (r > rhomax) phi += fpi * (r - rhomax);
  return phi;
}
