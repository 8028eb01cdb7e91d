/**
 * Algebra of 1-D velocity moments. Raw moments m_p = ∫ v^p f dv; with ρ = m₀, u = m₁/m₀, T = m₂/m₀ − u² and
 * ξ = (v − u)/√T the normalized central moments are μ̂_p = ∫ ξ^p f dv / ρ (μ̂₀ = 1, μ̂₁ = 0, μ̂₂ = 1). They are
 * invariant under Galilean shifts v → v + a and under the scaling v → s v, which is why the closures see them.
 *   m_p = ρ Σ_k C(p,k) u^(p−k) T^(k/2) μ̂_k,    μ̂_p = Σ_k C(p,k) (−u)^(p−k) m_k / (ρ T^(p/2)).
 * For a Maxwellian μ̂_k = (k−1)!! for even k and 0 for odd k (gaussMoment).
 */

const BINOM: number[][] = [];
/** Binomial coefficient C(n, k), n ≤ 40. */
export function binom(n: number, k: number): number {
  while (BINOM.length <= n) {
    const r = BINOM.length;
    const row = [1];
    for (let j = 1; j < r; j++) row.push(BINOM[r - 1][j - 1] + BINOM[r - 1][j]);
    if (r > 0) row.push(1);
    BINOM.push(row);
  }
  return k < 0 || k > n ? 0 : BINOM[n][k];
}

/** ∫ ξ^k e^{−ξ²/2}/√(2π) dξ: 0 for odd k, (k−1)!! for even k. */
export function gaussMoment(k: number): number {
  if (k % 2 === 1) return 0;
  let r = 1;
  for (let j = k - 1; j > 1; j -= 2) r *= j;
  return r;
}

/** Monomial coefficients of the probabilists' Hermite polynomial He_n: He_n(ξ) = Σ_j c[j] ξ^j. */
export function hermiteCoefficients(n: number): Float64Array {
  let prev = new Float64Array(n + 1),
    cur = new Float64Array(n + 1);
  prev[0] = 1; // He_0
  if (n === 0) return prev;
  cur[1] = 1; // He_1
  for (let k = 1; k < n; k++) {
    // He_{k+1} = ξ He_k − k He_{k−1}
    const next = new Float64Array(n + 1);
    for (let j = 0; j <= k; j++) next[j + 1] += cur[j];
    for (let j = 0; j <= k - 1; j++) next[j] -= k * prev[j];
    prev = cur;
    cur = next;
  }
  return cur;
}

/**
 * Normalized central moments of raw moments m[0..order] (at offset mo) into hat[ho .. ho+order]; returns
 * false when the state is not realizable (ρ ≤ 0, T ≤ 0 or not finite). Also writes ρ, u, T into prim[0..2].
 */
export function normalizedCentral(
  m: ArrayLike<number>,
  mo: number,
  order: number,
  hat: Float64Array,
  ho: number,
  prim: Float64Array,
): boolean {
  const rho = m[mo];
  const u = m[mo + 1] / rho;
  const T = m[mo + 2] / rho - u * u;
  prim[0] = rho;
  prim[1] = u;
  prim[2] = T;
  if (!(rho > 0) || !(T > 0) || !Number.isFinite(rho + u + T)) return false;
  const sT = Math.sqrt(T);
  let scale = 1;
  for (let p = 0; p <= order; p++) {
    // Σ_k C(p,k) (−u)^(p−k) m_k by Horner-free accumulation with powers of −u
    let s = 0,
      w = 1;
    for (let k = p; k >= 0; k--) {
      s += binom(p, k) * w * m[mo + k];
      w *= -u;
    }
    hat[ho + p] = s / (rho * scale);
    scale *= sT;
  }
  hat[ho] = 1;
  hat[ho + 1] = 0;
  hat[ho + 2] = 1;
  return true;
}

/** Raw moment m_p of the state (ρ, u, T, μ̂[ho .. ho+p]). */
export function rawFromNormalized(
  rho: number,
  u: number,
  T: number,
  hat: ArrayLike<number>,
  ho: number,
  p: number,
): number {
  const sT = Math.sqrt(T);
  let s = 0,
    tk = 1;
  for (let k = 0; k <= p; k++) {
    s += binom(p, k) * Math.pow(u, p - k) * tk * hat[ho + k];
    tk *= sT;
  }
  return rho * s;
}

/** Raw moment m_p of the Maxwellian with (ρ, u, T). */
export function maxwellianRaw(rho: number, u: number, T: number, p: number): number {
  let s = 0,
    tk = 1;
  for (let k = 0; k <= p; k += 2) {
    s += binom(p, k) * Math.pow(u, p - k) * tk * gaussMoment(k);
    tk *= T;
  }
  return rho * s;
}

/**
 * Grad's closure of the moment system of order N: f = ρ/√T φ(ξ) Σ_{k≤N} a_k He_k(ξ), so the He_{N+1} coefficient
 * vanishes, ∫ He_{N+1}(ξ) f dξ = 0, i.e. μ̂_{N+1} = −Σ_{j≤N} c_j μ̂_j with He_{N+1} = ξ^{N+1} + Σ_{j≤N} c_j ξ^j.
 * N = 2 gives μ̂₃ = 0 (Euler), N = 3 gives μ̂₄ = 3 (the 1-D-velocity analogue of Grad's 13-moment system:
 * ρ, u, T and the heat flux).
 */
export function gradClosure(hat: ArrayLike<number>, ho: number, N: number, he: Float64Array): number {
  let s = 0;
  for (let j = 0; j <= N; j++) s -= he[j] * hat[ho + j];
  return s;
}
