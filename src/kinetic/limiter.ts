/**
 * Slope limiters of the MUSCL reconstructions (kinetic transport and moment solver). Arguments are the
 * backward and forward differences a = q_i − q_{i−1}, b = q_{i+1} − q_i; the result is the limited
 * slope times dx. Both are TVD and second order away from extrema.
 */

/** van Leer's harmonic limiter: 2ab/(a+b) when a, b have the same sign, else 0 (smooth, keeps order 2 in L1). */
export function vanLeer(a: number, b: number): number {
  const ab = a * b;
  return ab > 0 ? (2 * ab) / (a + b) : 0;
}

/** minmod: the smaller of a, b in magnitude when they have the same sign, else 0 (most dissipative TVD limiter). */
export function minmod(a: number, b: number): number {
  if (a * b <= 0) return 0;
  return Math.abs(a) < Math.abs(b) ? a : b;
}
