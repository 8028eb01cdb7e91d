import { blockAverage } from './block_average.js';
import { wrapPi } from './constraint_cv.js';

/**
 * Mean force of a harmonic restraint ½κ(s − s₀)² on a periodic CV (angles, rad). The restrained density
 * is ∝ e^{−β(A(s) + ½κ(s − s₀)²)}; its stationarity at the mean gives, to first order in the width
 * (kT/κ)^{1/2}, dA/ds(s₀) ≈ κ(s₀ − ⟨s⟩), i.e. the mean force −dA/ds ≈ κ(⟨s⟩ − s₀) (rid-kit's). Samples
 * are unwrapped relative to s₀ (wrap(sₜ − s₀)), so a run straddling ±π averages correctly. The error is
 * the block-average error with the block size from the plateau (block_average.ts).
 * Units: s in rad, κ in energy/rad², result in energy/rad.
 */
export function restrainedMeanForce(
  s: ArrayLike<number>,
  s0: number,
  kappa: number,
): { dAdphi: number; error: number; blockSize: number; plateau: boolean; samples: number } {
  const d = new Float64Array(s.length);
  for (let t = 0; t < s.length; t++) d[t] = wrapPi(s[t] - s0);
  const b = blockAverage(d);
  return {
    dAdphi: -kappa * b.mean,
    error: kappa * b.error,
    blockSize: b.blockSize,
    plateau: b.plateau,
    samples: s.length,
  };
}

/**
 * Umbrella integration at the centre (Kästner & Thiel, J. Chem. Phys. 123, 144104 (2005)): the window's
 * density is nearly Gaussian with mean s̄ and variance σ², so the unbiased dA/ds near the window is
 * kT(s − s̄)/σ² − κ(s − s₀) and at s = s₀:
 *   dA/ds(s₀) ≈ kT(s₀ − s̄)/σ².
 * The plain estimate κ(s₀ − s̄) is the same quantity at s̄ instead of s₀ (σ² = kT/(κ + A″) to first order,
 * so the two differ by A″(s₀ − s̄)); this one belongs to s₀, where the constrained run holds φ. Error:
 * jackknife over the blocks of the plateau block size (each leave-one-block-out mean and variance).
 */
export function umbrellaIntegrationMeanForce(
  s: ArrayLike<number>,
  s0: number,
  kT: number,
): { dAdphi: number; error: number; blockSize: number } {
  const n = s.length;
  const d = new Float64Array(n);
  for (let t = 0; t < n; t++) d[t] = wrapPi(s[t] - s0);
  const b = blockAverage(d).blockSize;
  const nb = Math.floor(n / b);
  const m = nb * b;
  const bs = new Float64Array(nb),
    bss = new Float64Array(nb);
  let sum = 0,
    sumsq = 0;
  for (let k = 0; k < nb; k++) {
    for (let t = k * b; t < (k + 1) * b; t++) {
      bs[k] += d[t];
      bss[k] += d[t] * d[t];
    }
    sum += bs[k];
    sumsq += bss[k];
  }
  const est = (s1: number, s2: number, cnt: number) => {
    const mean = s1 / cnt;
    const variance = s2 / cnt - mean * mean;
    return (-kT * mean) / variance;
  };
  const full = est(sum, sumsq, m);
  let jm = 0;
  const jk = new Float64Array(nb);
  for (let k = 0; k < nb; k++) {
    jk[k] = est(sum - bs[k], sumsq - bss[k], m - b);
    jm += jk[k] / nb;
  }
  let v = 0;
  for (let k = 0; k < nb; k++) v += (jk[k] - jm) ** 2;
  return { dAdphi: full, error: Math.sqrt(((nb - 1) / nb) * v), blockSize: b };
}
