/**
 * Discrete velocities of the BGK solver: Nv midpoints of [-vMax, vMax], v_j = -vMax + (j + 1/2) dv, with the
 * midpoint rule ∫ g(v) dv ≈ Σ_j g(v_j) dv. For the smooth, rapidly decaying distributions of a gas the rule is
 * spectrally accurate (it is the trapezoid rule of a function that vanishes at both ends), and every moment the
 * solver uses is taken with it, so the discrete Maxwellian's conservation is exact for this quadrature.
 */
export interface VelocityGrid {
  readonly nv: number;
  readonly vMax: number;
  readonly dv: number;
  /** v_j, length nv. */
  readonly v: Float64Array;
}

export function makeVelocityGrid(nv: number, vMax: number): VelocityGrid {
  if (!(Number.isInteger(nv) && nv >= 4)) throw new Error(`velocity grid: nv must be an integer >= 4, got ${nv}`);
  if (!(vMax > 0 && Number.isFinite(vMax))) throw new Error(`velocity grid: v_max must be > 0, got ${vMax}`);
  const dv = (2 * vMax) / nv;
  const v = new Float64Array(nv);
  for (let j = 0; j < nv; j++) v[j] = -vMax + (j + 0.5) * dv;
  return { nv, vMax, dv, v };
}

/**
 * Conserved moments of one cell's distribution f[off .. off+nv): out = (ρ, ρu, E) with E = ∫ v²/2 f dv
 * (1-D velocities: E = ρu²/2 + ρT/2, p = ρT, γ = 3).
 */
export function conservedMoments(g: VelocityGrid, f: Float64Array, off: number, out: Float64Array): void {
  const v = g.v;
  let m0 = 0,
    m1 = 0,
    m2 = 0;
  for (let j = 0; j < g.nv; j++) {
    const fj = f[off + j],
      vj = v[j];
    m0 += fj;
    m1 += vj * fj;
    m2 += vj * vj * fj;
  }
  out[0] = m0 * g.dv;
  out[1] = m1 * g.dv;
  out[2] = 0.5 * m2 * g.dv;
}

/** Raw moments m_p = ∫ v^p f dv, p = 0..order, of one cell's f into out[0..order]. */
export function rawMoments(g: VelocityGrid, f: Float64Array, off: number, order: number, out: Float64Array): void {
  out.fill(0, 0, order + 1);
  const v = g.v;
  for (let j = 0; j < g.nv; j++) {
    let w = f[off + j] * g.dv;
    for (let p = 0; p <= order; p++) {
      out[p] += w;
      w *= v[j];
    }
  }
}
