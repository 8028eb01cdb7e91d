import type { Rng } from '../nn/rng.js';

/**
 * Reference solvers for u_t + (sigma^2/2) Lap u - (lambda sigma^2/2)|grad u|^2 = 0 ... in the HJBLQ scaling
 * sigma = sqrt(2): u_t + Lap u - lambda |grad u|^2 = 0, u(T,x) = g(x). The Hopf-Cole transform w = exp(-lambda u)
 * turns it into the heat equation, hence
 *   u(0, x0) = -(1/lambda) ln E[ exp(-lambda g(x0 + sigma W_T)) ].
 */
export interface HopfColeOptions {
  dim: number;
  totalTime: number;
  lambda: number;
  /** Diffusion coefficient (sqrt(2) for HJBLQ). */
  sigma: number;
  /** Terminal condition on a point x (length dim). */
  g: (x: Float64Array) => number;
  /** Start point (default 0). */
  x0?: Float64Array;
  samples: number;
  rng: Rng;
}

/**
 * Monte Carlo estimate of u(0, x0) by the Hopf-Cole formula, with a log-sum-exp shift for stability.
 * Returns the value and its standard error (delta method on the sample mean of exp(-lambda g)).
 */
export function hopfColeMonteCarlo(o: HopfColeOptions): { value: number; stdError: number } {
  const d = o.dim,
    n = o.samples,
    sc = o.sigma * Math.sqrt(o.totalTime);
  const x = new Float64Array(d);
  const a = new Float64Array(n);
  let m = -Infinity;
  for (let k = 0; k < n; k++) {
    for (let i = 0; i < d; i++) x[i] = (o.x0 ? o.x0[i] : 0) + sc * o.rng.normal();
    a[k] = -o.lambda * o.g(x);
    if (a[k] > m) m = a[k];
  }
  let s = 0,
    s2 = 0;
  for (let k = 0; k < n; k++) {
    const e = Math.exp(a[k] - m);
    s += e;
    s2 += e * e;
  }
  const mean = s / n;
  const variance = Math.max(0, s2 / n - mean * mean) * (n / (n - 1));
  const value = -(m + Math.log(mean)) / o.lambda;
  const stdError = Math.sqrt(variance / n) / mean / o.lambda;
  return { value, stdError };
}

/** ln Gamma(x), x > 0 (Lanczos, g = 7, ~1e-15 relative). */
export function lnGamma(x: number): number {
  const c = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
    12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
  ];
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - lnGamma(1 - x);
  x -= 1;
  let a = c[0];
  const t = x + 7.5;
  for (let i = 1; i < 9; i++) a += c[i] / (x + i);
  return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(a);
}

/**
 * E[h(|X|^2)] for X = sigma sqrt(T) xi, xi ~ N(0, I_d), i.e. E[h(sigma^2 T Q)] with Q ~ chi^2_d, by composite
 * Simpson quadrature of the chi-square density on [0, d + 60 sqrt(2d) + 60] (nodes: `nodes`, even).
 * Exact for radial terminal conditions started at x0 = 0.
 */
export function chiSquareExpectation(
  h: (s: number) => number,
  d: number,
  sigma: number,
  totalTime: number,
  nodes = 200000,
): number {
  const qMax = d + 60 * Math.sqrt(2 * d) + 60;
  const n = nodes % 2 === 0 ? nodes : nodes + 1;
  const dq = qMax / n;
  const lnNorm = -(d / 2) * Math.LN2 - lnGamma(d / 2);
  const scale = sigma * sigma * totalTime;
  let sum = 0;
  for (let k = 1; k <= n; k++) {
    const q = k * dq;
    const p = Math.exp(lnNorm + (d / 2 - 1) * Math.log(q) - q / 2);
    const w = k === n ? 1 : k % 2 === 1 ? 4 : 2;
    sum += w * p * h(scale * q);
  }
  // the q = 0 endpoint has density 0 for d > 2; for d <= 2 the density is integrable but this rule is not meant for it
  return (sum * dq) / 3;
}

/** Hopf-Cole value for a radial terminal condition g(x) = G(|x|^2), x0 = 0, by chi-square quadrature. */
export function hopfColeRadialQuadrature(
  G: (s: number) => number,
  d: number,
  totalTime: number,
  lambda: number,
  sigma = Math.SQRT2,
): number {
  // shift by G at the mean of |X|^2 to avoid underflow
  const shift = G(sigma * sigma * totalTime * d);
  const e = chiSquareExpectation((s) => Math.exp(-lambda * (G(s) - shift)), d, sigma, totalTime);
  return shift - Math.log(e) / lambda;
}
