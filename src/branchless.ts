/**
 * Branch-free 0/1 masks for hot loops whose tests come out at random (a liquid's pair distances
 * against a cutoff): a mispredicted branch costs ~15 cycles, more than the arithmetic it skips.
 * Measured on the 32k LJ melt after melting: list build -23%, lj/cut force loop -36% (see
 * docs/md_performance.md).
 *
 * below(d, scale) is 1 when d < 0 and +0 otherwise, exactly, provided |d * scale| < 1 and a
 * nonzero d * scale does not underflow to zero: floor of a product in (-1, 0) is -1, of one in
 * [0, 1) is 0, and IEEE multiplication keeps the sign. Used as below(rsq - cutsq, scale) it is
 * exactly the test rsq < cutsq (the subtraction of two doubles is exact in sign and zero only when
 * they are equal). NaN gives NaN (a NaN coordinate then reaches the force checks).
 */
export function below(d: number, scale: number): number {
  // 0 - floor rather than -floor: +0 (not -0) outside, so masked sums stay +0 where they were.
  return 0 - Math.floor(d * scale);
}

/**
 * A scale for below() when d has no known bound (atoms may move anywhere between list builds):
 * 2^-600 keeps |d| up to 1e180 below 1 and any |d| above 1e-127 away from underflow; differences
 * of squared distances in any unit system (one ulp of a squared cutoff of 1e-10 is 1e-26) lie far
 * inside that range.
 */
export const WIDE_SCALE = 2 ** -600;
