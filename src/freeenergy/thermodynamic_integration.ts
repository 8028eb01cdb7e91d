/**
 * Thermodynamic integration of a mean force on a uniform periodic grid (angles, rad): A(φ_k) = Σ trapezoids
 * of dA/dφ from φ₀. Around the full circle the integral must vanish; its actual value (the closure) is a
 * measure of the statistical and discretisation error, and is removed by subtracting closure·(φ − φ₀)/2π
 * (a constant shift of the mean force). The closure's standard error follows from the independent
 * windows' errors: σ² = Σ (h σ_k)².
 */
export function integratePeriodic(
  phi: readonly number[],
  dAdphi: readonly number[],
  errors: readonly number[],
): { free: number[]; closure: number; closureError: number } {
  const n = phi.length;
  if (n < 3) throw new Error('thermodynamic integration: need at least 3 grid points');
  const h = (2 * Math.PI) / n;
  for (let k = 1; k < n; k++)
    if (Math.abs(phi[k] - phi[k - 1] - h) > 1e-9)
      throw new Error('thermodynamic integration: the grid must be uniform over the full period');
  const a = [0];
  for (let k = 1; k <= n; k++) a.push(a[k - 1] + 0.5 * h * (dAdphi[k - 1] + dAdphi[k % n]));
  const closure = a[n];
  let v = 0;
  for (const e of errors) v += (h * e) ** 2;
  const free = a.slice(0, n).map((x, k) => x - (closure * k) / n);
  const m = Math.min(...free);
  return { free: free.map((x) => x - m), closure, closureError: Math.sqrt(v) };
}
