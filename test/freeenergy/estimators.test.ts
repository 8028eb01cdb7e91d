import { describe, expect, it } from 'vitest';
import { blockAverage } from '../../src/freeenergy/block_average.js';
import { blueMoonMeanForce } from '../../src/freeenergy/blue_moon.js';
import { restrainedMeanForce } from '../../src/freeenergy/restrained_mean_force.js';
import { integratePeriodic } from '../../src/freeenergy/thermodynamic_integration.js';

/** Seeded standard normals (Park-Miller + Box-Muller). */
function normals(seed: number) {
  let s = seed;
  const u = () => {
    s = (s * 16807) % 2147483647;
    return s / 2147483647;
  };
  return () => Math.sqrt(-2 * Math.log(u())) * Math.cos(2 * Math.PI * u());
}

/** AR(1) series y_t = a y_{t-1} + e_t, Var(e) = 1: SE of the mean → sqrt((1+a)/(1−a) / ((1−a²) n)). */
function ar1(n: number, a: number, seed: number): Float64Array {
  const g = normals(seed);
  const y = new Float64Array(n);
  let v = g() / Math.sqrt(1 - a * a);
  for (let t = 0; t < n; t++) {
    v = a * v + g();
    y[t] = v;
  }
  return y;
}

describe('block averaging', () => {
  it('finds the plateau of an AR(1) series and gives its exact asymptotic error within its own uncertainty', () => {
    const n = 1 << 17;
    const a = 0.95;
    const exact = Math.sqrt((1 + a) / (1 - a) / ((1 - a * a) * n));
    const naive = Math.sqrt(1 / ((1 - a * a) * n));
    const est = blockAverage(ar1(n, a, 12345));
    expect(est.plateau).toBe(true);
    expect(est.blockSize).toBeGreaterThanOrEqual(32);
    expect(est.error / exact).toBeGreaterThan(0.75);
    expect(est.error / exact).toBeLessThan(1.25);
    expect(est.error / naive).toBeGreaterThan(4); // correlations are accounted for
  });

  it('independent samples: block size 1 and σ/√n', () => {
    const g = normals(777);
    const y = Float64Array.from({ length: 40000 }, () => 2 + 3 * g());
    const est = blockAverage(y);
    expect(est.error / (3 / Math.sqrt(40000))).toBeGreaterThan(0.9);
    expect(est.error / (3 / Math.sqrt(40000))).toBeLessThan(1.1);
    expect(Math.abs(est.mean - 2)).toBeLessThan(4 * est.error);
  });

  it('too few samples is an error', () => {
    expect(() => blockAverage([1, 2, 3])).toThrow(/need at least/);
  });
});

describe('mean-force estimators', () => {
  it('restrained: κ·wrap(s₀ − ⟨s⟩) across ±π', () => {
    const s0 = Math.PI - 0.01;
    // samples centred at s0 + 0.02, half of them wrapped to the negative side
    const s = Float64Array.from({ length: 64 }, (_, t) => {
      const v = s0 + 0.02 + (t % 2 ? 0.005 : -0.005);
      return v > Math.PI ? v - 2 * Math.PI : v;
    });
    const r = restrainedMeanForce(s, s0, 500);
    expect(r.dAdphi).toBeCloseTo(-500 * 0.02, 10);
  });

  it('blue moon: the ratio ⟨w(λ + kT G)⟩/⟨w⟩ with w = Z^{-1/2}, by hand', () => {
    const n = 64;
    const lam = Float64Array.from({ length: n }, (_, t) => (t % 2 ? 1 : 3));
    const z = Float64Array.from({ length: n }, (_, t) => (t % 2 ? 4 : 1)); // w = 1/2, 1
    const g = Float64Array.from({ length: n }, (_, t) => (t % 2 ? 0.5 : -0.5));
    const kT = 2;
    // (½·(1 + 1) + 1·(3 − 1)) / (½ + 1) = 3/1.5 = 2 ; plain ⟨λ⟩ = 2 as well, ⟨λ + kT G⟩ = 2
    const e = blueMoonMeanForce(lam, z, g, kT);
    expect(e.meanForce).toBeCloseTo(2, 12);
    const e2 = blueMoonMeanForce(lam, z, new Float64Array(n), kT);
    // (½·1 + 1·3)/1.5 = 7/3
    expect(e2.meanForce).toBeCloseTo(7 / 3, 12);
  });

  it('thermodynamic integration of dA/dφ = −K sin φ + c recovers K(1 + cos φ) and the closure 2πc', () => {
    const n = 36;
    const phi = Array.from({ length: n }, (_, k) => -Math.PI + (2 * Math.PI * k) / n);
    const K = 5,
      c = 0.3;
    const f = phi.map((p) => -K * Math.sin(p) + c);
    const r = integratePeriodic(
      phi,
      f,
      f.map(() => 0.1),
    );
    expect(r.closure).toBeCloseTo(2 * Math.PI * c, 10);
    const exact = phi.map((p) => K * (1 + Math.cos(p)));
    const m = Math.min(...exact);
    // trapezoid error O(h²): h = 10°, K h²/12 ≈ 0.013
    for (let k = 0; k < n; k++) expect(Math.abs(r.free[k] - (exact[k] - m))).toBeLessThan(0.03);
    expect(r.closureError).toBeCloseTo(Math.sqrt(n) * ((2 * Math.PI) / n) * 0.1, 12);
  });
});
