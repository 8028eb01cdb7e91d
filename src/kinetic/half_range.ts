/**
 * Half-range moments of a Gaussian-weighted polynomial, the building block of the kinetic (flux-vector
 * splitting) flux of the moment systems (moment_solver.ts):
 *   I_j(c) = ∫_c^∞ ξ^j φ(ξ) dξ,  φ(ξ) = e^{−ξ²/2}/√(2π),
 * by the recursion I_0 = erfc(c/√2)/2, I_1 = φ(c), I_j = c^{j−1} φ(c) + (j − 1) I_{j−2} (integration by parts).
 */

/** Complementary error function, fractional error below 1.2e-7 everywhere (Chebyshev fit, Numerical Recipes erfcc). */
export function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r =
    t *
    Math.exp(
      -z * z -
        1.26551223 +
        t *
          (1.00002368 +
            t *
              (0.37409196 +
                t *
                  (0.09678418 +
                    t *
                      (-0.18628806 +
                        t *
                          (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? r : 2 - r;
}

const INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);

/** out[j] = I_j(c) for j = 0..jmax. */
export function upperGaussMoments(c: number, jmax: number, out: Float64Array): void {
  const phi = INV_SQRT_2PI * Math.exp(-0.5 * c * c);
  out[0] = 0.5 * erfc(c * Math.SQRT1_2);
  if (jmax >= 1) out[1] = phi;
  let cp = 1; // c^{j−1}
  for (let j = 2; j <= jmax; j++) {
    cp *= c;
    out[j] = cp * phi + (j - 1) * out[j - 2];
  }
}
