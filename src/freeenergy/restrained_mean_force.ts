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
