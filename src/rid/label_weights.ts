/**
 * Weights of mean-force labels from their error bars, for the weighted loss of train_ensemble.ts
 * (`Train.weighted_loss`). A restrained run's mean force has a block standard error ε (kJ/mol per CV
 * unit, colvar_mean_force.ts); the maximum-likelihood fit of Gaussian labels weights each squared
 * residual by 1/ε². Block errors from 10 blocks are themselves uncertain by about 1/√(2·9) ≈ 24 %, and a
 * label whose error came out near zero would dominate the fit, so the weight is 1/(ε² + ε̄²) with ε̄² the
 * mean of ε² over all labels (a floor at the typical error), normalised to mean 1 so that the learning
 * rate keeps its meaning. Non-finite or negative errors are treated as ε = ε̄.
 */
export function labelWeights(error: Float64Array): Float64Array {
  const n = error.length;
  const w = new Float64Array(n);
  if (n === 0) return w;
  let e2 = 0,
    m = 0;
  for (let i = 0; i < n; i++)
    if (Number.isFinite(error[i]) && error[i] >= 0) {
      e2 += error[i] * error[i];
      m++;
    }
  e2 = m > 0 ? e2 / m : 1;
  if (!(e2 > 0)) e2 = 1;
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const e = Number.isFinite(error[i]) && error[i] >= 0 ? error[i] : Math.sqrt(e2);
    w[i] = 1 / (e * e + e2);
    sum += w[i];
  }
  for (let i = 0; i < n; i++) w[i] *= n / sum;
  return w;
}
