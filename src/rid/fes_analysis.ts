/**
 * What the alanine-dipeptide benchmark reports about a φ/ψ free-energy surface on the fes.csv grid
 * (73 x 73, every 5°, φ-major, kJ/mol):
 *
 *   fesFromHills   the reference of well-tempered metadynamics: F(s) = −γ/(γ−1) V_bias(s) = −Σ_hills
 *                  h_file G(s − c) (PLUMED's HILLS file already holds the heights times γ/(γ−1), so this
 *                  is `plumed sum_hills`), periodic Gaussians, minimum shifted to 0;
 *   basinMinima    the conformers' free energies: the lowest grid value in each basin's box (C7eq, C5,
 *                  C7ax; boxes below, in degrees), relative to the global minimum;
 *   phiProfile     F(φ) = −kT ln Σ_ψ exp(−F(φ, ψ)/kT) (the 1-D free energy along φ), and the barrier
 *                  from C7eq to C7ax across φ ≈ 0: max of F(φ) on the path φ ∈ [−80°, 65°] minus its
 *                  minimum;
 *   fesRmseBelow   RMSE of a surface against the reference where the reference is below a cut, after
 *                  the best constant shift (the mean difference over that region).
 */
import { FES_N, fesAxis } from './fes_output.js';
import { wrapAngle } from './torus_potential.js';

export interface HillRow {
  time: number;
  center: number[];
  sigma: number[];
  /** Height as written in the HILLS file (kJ/mol). */
  height: number;
}

/** F on the grid from the hills with time <= tMax (all by default), minimum shifted to 0. */
export function fesFromHills(hills: readonly HillRow[], tMax = Infinity): Float64Array {
  const ax = fesAxis();
  const rad = Float64Array.from(ax, (a) => (a * Math.PI) / 180);
  const fes = new Float64Array(FES_N * FES_N);
  // separable Gaussians: per hill, the φ and ψ factors on the axis, then their outer product
  const gx = new Float64Array(FES_N),
    gy = new Float64Array(FES_N);
  for (const h of hills) {
    if (h.time > tMax) continue;
    for (let i = 0; i < FES_N; i++) {
      const dx = wrapAngle(rad[i] - h.center[0]) / h.sigma[0];
      const dy = wrapAngle(rad[i] - h.center[1]) / h.sigma[1];
      gx[i] = Math.exp(-0.5 * dx * dx);
      gy[i] = Math.exp(-0.5 * dy * dy);
    }
    for (let i = 0; i < FES_N; i++) {
      const a = h.height * gx[i];
      if (a < 1e-12) continue;
      for (let j = 0; j < FES_N; j++) fes[i * FES_N + j] -= a * gy[j];
    }
  }
  let m = Infinity;
  for (const v of fes) m = Math.min(m, v);
  for (let k = 0; k < fes.length; k++) fes[k] -= m;
  return fes;
}

/** Basin boxes in degrees: [φmin, φmax, ψmin, ψmax] (ψ ranges may wrap: ψmin > ψmax). */
export const BASINS: Record<string, [number, number, number, number]> = {
  C7eq: [-120, -40, 30, 120],
  C5: [-180, -120, 120, -150],
  C7ax: [30, 110, -120, 0],
};

const inPsi = (p: number, lo: number, hi: number) => (lo <= hi ? p >= lo && p <= hi : p >= lo || p <= hi);

export function basinMinima(fes: Float64Array): Record<string, { F: number; phi: number; psi: number }> {
  const ax = fesAxis();
  const out: Record<string, { F: number; phi: number; psi: number }> = {};
  for (const [name, [p0, p1, q0, q1]] of Object.entries(BASINS)) {
    let best = { F: Infinity, phi: 0, psi: 0 };
    for (let i = 0; i < FES_N; i++)
      for (let j = 0; j < FES_N; j++) {
        if (ax[i] < p0 || ax[i] > p1 || !inPsi(ax[j], q0, q1)) continue;
        const F = fes[i * FES_N + j];
        if (F < best.F) best = { F, phi: ax[i], psi: ax[j] };
      }
    out[name] = best;
  }
  return out;
}

/** F(φ) on the axis (kJ/mol, minimum 0) at temperature kT (kJ/mol); the ±180° rows are one point. */
export function phiProfile(fes: Float64Array, kT: number): Float64Array {
  const p = new Float64Array(FES_N);
  for (let i = 0; i < FES_N; i++) {
    let z = 0;
    for (let j = 0; j < FES_N - 1; j++) z += Math.exp(-fes[i * FES_N + j] / kT);
    p[i] = -kT * Math.log(z);
  }
  let m = Infinity;
  for (const v of p) m = Math.min(m, v);
  for (let i = 0; i < FES_N; i++) p[i] -= m;
  return p;
}

/** Barrier of F(φ) from C7eq to C7ax across φ = 0: max over φ ∈ [−80°, 65°] minus the min there. */
export function phiBarrier(profile: Float64Array): { barrier: number; phi: number } {
  const ax = fesAxis();
  let mx = -Infinity,
    mn = Infinity,
    at = 0;
  for (let i = 0; i < FES_N; i++) {
    if (ax[i] < -80 || ax[i] > 65) continue;
    if (profile[i] > mx) {
      mx = profile[i];
      at = ax[i];
    }
    mn = Math.min(mn, profile[i]);
  }
  return { barrier: mx - mn, phi: at };
}

/** RMSE of fes against ref over the points where ref < cut, after the best constant shift; and that count. */
export function fesRmseBelow(fes: Float64Array, ref: Float64Array, cut: number): { rmse: number; points: number } {
  let n = 0,
    shift = 0;
  for (let k = 0; k < ref.length; k++)
    if (ref[k] < cut) {
      shift += fes[k] - ref[k];
      n++;
    }
  shift /= n;
  let s2 = 0;
  for (let k = 0; k < ref.length; k++)
    if (ref[k] < cut) {
      const e = fes[k] - ref[k] - shift;
      s2 += e * e;
    }
  return { rmse: Math.sqrt(s2 / n), points: n };
}
