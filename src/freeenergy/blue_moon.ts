import { blockAverage } from './block_average.js';
import type { ConstraintCv } from './constraint_cv.js';

/**
 * The blue-moon mean force of a constrained run (Carter, Ciccotti, Hynes & Kapral, Chem. Phys. Lett.
 * 156, 472 (1989); Sprik & Ciccotti, J. Chem. Phys. 109, 7737 (1998); den Otter & Briels, J. Chem.
 * Phys. 109, 4139 (1998)).
 *
 * Free energy of the CV ξ: A(z) = −kT ln ∫ e^{−βU(x)} δ(ξ(x) − z) dx (the marginal density of ξ, the
 * quantity restraints and metadynamics measure). Constrained dynamics m ẍ = F + λ∇ξ with ξ = z, ξ̇ = 0.
 *
 * 1. λ from ξ̈ = 0: ∇ξ·M⁻¹(F + λ∇ξ) + ẋᵀHẋ = 0, so λ = (∇ξ·M⁻¹∇U − ẋᵀHẋ)/Z, with Z = Σᵢ |∇ᵢξ|²/mᵢ and
 *    H the Hessian of ξ.
 * 2. Given x, the velocities are Gaussian on the plane ∇ξ·ẋ = 0 with covariance kT(M⁻¹ − uuᵀ/Z),
 *    u = M⁻¹∇ξ, so ⟨ẋᵀHẋ⟩ = kT tr(M⁻¹H) − kT uᵀHu/Z.
 * 3. For any field b with b·∇ξ = 1, dA/dz = ⟨b·∇U − kT ∇·b⟩_z (integration by parts in the δ-ensemble).
 *    With b = u/Z and ∇Z = 2Hu: kT ∇·b = kT tr(M⁻¹H)/Z − 2kT uᵀHu/Z².
 * 4. Subtracting: dA/dz = ⟨λ + kT G⟩_z with G = uᵀHu/Z² = Z⁻² Σᵢⱼ (1/mᵢmⱼ) ∇ᵢξ·Hᵢⱼ·∇ⱼξ.
 * 5. The constrained dynamics preserves δ(ξ−z)δ(ξ̇) Z e^{−βH} (the Z is the Poisson bracket {ξ, ξ̇});
 *    integrating the momenta leaves Z·Z^{−1/2} = Z^{1/2} e^{−βU} δ(ξ − z): it over-weights by Z^{1/2}, so
 *      dA/dz = ⟨Z^{−1/2}(λ + kT G)⟩_c / ⟨Z^{−1/2}⟩_c,
 *    averages ⟨·⟩_c over the constrained run. Sign: λ∇ξ is the constraint force; for U = U(ξ) it cancels
 *    −∇U, λ = U′(z) = dA/dz. For a distance, G = 0 and the centrifugal part of λ gives the −2kT/r of
 *    the Jacobian r².
 */
export interface BlueMoonSample {
  /** Z = Σᵢ |∇ᵢξ|²/mᵢ (CV²/(length²·mass)). */
  z: number;
  /** G = uᵀHu/Z², u = M⁻¹∇ξ (1/CV). */
  g: number;
}

/**
 * Z and G of the CV at positions p (k x 3, one image) for masses m (k): scratch arrays g, u, hu of
 * length 3k are overwritten (g = ∇ξ on return). Returns ξ.
 */
export function metricTerms(
  cv: ConstraintCv,
  p: Float64Array,
  m: Float64Array,
  g: Float64Array,
  u: Float64Array,
  hu: Float64Array,
  out: BlueMoonSample,
): number {
  const xi = cv.gradient(p, g);
  let z = 0;
  for (let i = 0; i < cv.natoms; i++) {
    for (let c = 0; c < 3; c++) {
      u[3 * i + c] = g[3 * i + c] / m[i];
      z += g[3 * i + c] * u[3 * i + c];
    }
  }
  cv.hessianTimes(p, u, hu);
  let uhu = 0;
  for (let k = 0; k < 3 * cv.natoms; k++) uhu += u[k] * hu[k];
  out.z = z;
  out.g = uhu / (z * z);
  return xi;
}

export interface MeanForceEstimate {
  /** dA/dξ (energy/CV). */
  meanForce: number;
  /** Block-average standard error. */
  error: number;
  /** Plain ⟨λ⟩ (no metric correction) and its error, for comparison. */
  plainLambda: number;
  plainError: number;
  /** Size of the metric correction, meanForce − ⟨λ⟩. */
  correction: number;
  blockSize: number;
  plateau: boolean;
  samples: number;
}

/**
 * dA/dξ = ⟨w(λ + kT G)⟩/⟨w⟩, w = Z^{−1/2}, from per-step samples. The error of this ratio comes from
 * the block average of its linearisation yₜ = wₜ(λₜ + kT Gₜ − R)/⟨w⟩ (the delta method: the mean of y
 * is the first-order error of R), so correlations are handled as for a plain mean.
 */
export function blueMoonMeanForce(
  lambda: ArrayLike<number>,
  z: ArrayLike<number>,
  g: ArrayLike<number>,
  kT: number,
): MeanForceEstimate {
  const n = lambda.length;
  if (z.length !== n || g.length !== n) throw new Error('blue moon: lambda, Z and G need as many samples');
  let sw = 0,
    swf = 0;
  for (let t = 0; t < n; t++) {
    const w = 1 / Math.sqrt(z[t]);
    sw += w;
    swf += w * (lambda[t] + kT * g[t]);
  }
  const r = swf / sw;
  const wmean = sw / n;
  const y = new Float64Array(n);
  for (let t = 0; t < n; t++) y[t] = (lambda[t] + kT * g[t] - r) / Math.sqrt(z[t]) / wmean;
  const est = blockAverage(y);
  const plain = blockAverage(lambda);
  return {
    meanForce: r,
    error: est.error,
    plainLambda: plain.mean,
    plainError: plain.error,
    correction: r - plain.mean,
    blockSize: est.blockSize,
    plateau: est.plateau,
    samples: n,
  };
}
