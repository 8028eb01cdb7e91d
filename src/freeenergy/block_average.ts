/**
 * Standard error of the mean of a correlated time series by block averaging (Flyvbjerg & Petersen,
 * J. Chem. Phys. 91, 461 (1989)): cut the series into nb blocks of b samples, the blocks' means are
 * nearly independent once b exceeds the correlation time, so SE(b) = sd(block means)/√nb rises with
 * b and levels off at the true error. The estimate SE(b) itself has relative error ≈ 1/√(2(nb−1)).
 *
 * Plateau rule (stated in docs/freeenergy.md): block sizes b = 1, 2, 4, ... with at least MIN_BLOCKS
 * blocks; the chosen b is the first whose SE is not exceeded by any larger block size's SE beyond that
 * larger estimate's own uncertainty, SE(b') ≤ SE(b)·(1 + 2/√(2(nb'−1))) for all b' > b. If no such b
 * exists before the last, the last (largest b) is taken and `plateau` is false.
 */

/** Fewest blocks a block size may leave (fewer make SE(b) too noisy to read a plateau). */
export const MIN_BLOCKS = 16;

export interface BlockEstimate {
  mean: number;
  /** Standard error of the mean at the chosen block size. */
  error: number;
  /** Chosen block size (samples). */
  blockSize: number;
  /** True when SE(b) levelled off (the rule above held before the largest block size). */
  plateau: boolean;
  /** (b, SE(b)) for every block size tried. */
  curve: { blockSize: number; error: number }[];
}

/** SE of the mean with blocks of b samples (the trailing n mod b samples are dropped). */
export function blockError(y: ArrayLike<number>, b: number): number {
  const nb = Math.floor(y.length / b);
  if (nb < 2) throw new Error(`block average: ${y.length} samples make fewer than 2 blocks of ${b}`);
  let s = 0,
    ss = 0;
  for (let k = 0; k < nb; k++) {
    let m = 0;
    for (let t = k * b; t < (k + 1) * b; t++) m += y[t];
    m /= b;
    s += m;
    ss += m * m;
  }
  const mean = s / nb;
  const variance = Math.max(0, (ss / nb - mean * mean) * (nb / (nb - 1)));
  return Math.sqrt(variance / nb);
}

/** Mean and block-average error of y with the plateau rule above. Needs at least 2·MIN_BLOCKS samples. */
export function blockAverage(y: ArrayLike<number>): BlockEstimate {
  const n = y.length;
  if (n < 2 * MIN_BLOCKS) throw new Error(`block average: ${n} samples, need at least ${2 * MIN_BLOCKS}`);
  let mean = 0;
  for (let t = 0; t < n; t++) mean += y[t];
  mean /= n;
  const curve: { blockSize: number; error: number }[] = [];
  for (let b = 1; Math.floor(n / b) >= MIN_BLOCKS; b *= 2) curve.push({ blockSize: b, error: blockError(y, b) });
  for (let i = 0; i < curve.length - 1; i++) {
    let ok = true;
    for (let j = i + 1; j < curve.length && ok; j++) {
      const nb = Math.floor(n / curve[j].blockSize);
      if (curve[j].error > curve[i].error * (1 + 2 / Math.sqrt(2 * (nb - 1)))) ok = false;
    }
    if (ok) return { mean, error: curve[i].error, blockSize: curve[i].blockSize, plateau: true, curve };
  }
  const last = curve[curve.length - 1];
  return { mean, error: last.error, blockSize: last.blockSize, plateau: false, curve };
}
