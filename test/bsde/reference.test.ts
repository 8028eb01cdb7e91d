import { describe, it, expect } from 'vitest';
import { chiSquareExpectation, hopfColeMonteCarlo, hopfColeRadialQuadrature } from '../../src/bsde/hopf_cole.js';
import { allenCahnRadialValue } from '../../src/bsde/allen_cahn_radial.js';
import { HJBLQ } from '../../src/bsde/equations/hjb_lq.js';
import { Rng } from '../../src/nn/rng.js';

const gHjb = (x: Float64Array) => {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i] * x[i];
  return Math.log((1 + s) / 2);
};

describe('Hopf-Cole reference for HJBLQ', () => {
  for (const d of [1, 2, 5]) {
    it(`Monte Carlo agrees with Gauss-Hermite tensor quadrature in d=${d}`, () => {
      // independent quadrature: tensor Gauss-Hermite (probabilists') for d <= 2, chi-square quadrature for d = 5
      const lambda = 1,
        T = 1,
        sigma = Math.SQRT2;
      let exact: number;
      if (d <= 2) {
        // 1-D probabilists' Gauss-Hermite via a fine trapezoid on [-12, 12] (spectrally accurate for Gaussians)
        const n = 4001,
          L = 12,
          hq = (2 * L) / (n - 1);
        const nodes: number[] = [],
          weights: number[] = [];
        for (let k = 0; k < n; k++) {
          const xi = -L + k * hq;
          nodes.push(xi);
          weights.push((hq * Math.exp(-0.5 * xi * xi)) / Math.sqrt(2 * Math.PI));
        }
        let e = 0;
        const x = new Float64Array(d);
        if (d === 1) {
          for (let a = 0; a < n; a++) {
            x[0] = sigma * nodes[a];
            e += weights[a] * Math.exp(-lambda * gHjb(x));
          }
        } else {
          for (let a = 0; a < n; a += 4)
            for (let b = 0; b < n; b += 4) {
              x[0] = sigma * nodes[a];
              x[1] = sigma * nodes[b];
              e += 16 * weights[a] * weights[b] * Math.exp(-lambda * gHjb(x));
            }
        }
        exact = -Math.log(e) / lambda;
      } else {
        exact = hopfColeRadialQuadrature((s) => Math.log((1 + s) / 2), d, T, lambda, sigma);
      }
      const mc = hopfColeMonteCarlo({ dim: d, totalTime: T, lambda, sigma, g: gHjb, samples: 200000, rng: new Rng(d) });
      expect(Math.abs(mc.value - exact)).toBeLessThan(4 * mc.stdError + 1e-12);
      expect(mc.stdError).toBeLessThan(5e-3);
    });
  }

  it('d = 100: quadrature 4.5901 (published), Monte Carlo within 4 standard errors, below the trivial E[g] = 4.6002', () => {
    const eq = new HJBLQ({ eqn_name: 'HJBLQ', total_time: 1, dim: 100, num_time_interval: 20 });
    const ref = eq.reference();
    expect(Math.abs(ref.value - 4.5901)).toBeLessThan(1e-4);
    const mc = hopfColeMonteCarlo({
      dim: 100,
      totalTime: 1,
      lambda: 1,
      sigma: Math.SQRT2,
      g: gHjb,
      samples: 100000,
      rng: new Rng(3),
    });
    expect(Math.abs(mc.value - ref.value)).toBeLessThan(4 * mc.stdError);
    const trivial = chiSquareExpectation((s) => Math.log((1 + s) / 2), 100, Math.SQRT2, 1);
    expect(trivial).toBeCloseTo(4.6002, 4);
    // the lambda = 2 value (what a generator -lambda |z|^2 would solve) is clearly different
    expect(hopfColeRadialQuadrature((s) => Math.log((1 + s) / 2), 100, 1, 2)).toBeCloseTo(4.58, 4);
  });
});

describe('Allen-Cahn radial finite-difference reference', () => {
  const G = (s: number) => 0.5 / (1 + 0.2 * s);
  for (const d of [5, 100]) {
    it(`without the reaction term it reproduces the heat-equation value E[g(sqrt(2) W_T)] in d=${d}`, () => {
      const fd = allenCahnRadialValue(d, 0.3, { reaction: false, ds: 0.04, steps: 600 });
      const quad = chiSquareExpectation(G, d, Math.SQRT2, 0.3);
      expect(Math.abs(fd - quad) / quad).toBeLessThan(1e-4);
    });
  }
  it('with the reaction term gives 0.05278, within 0.05% of the published 0.052802 (branching diffusion)', () => {
    const coarse = allenCahnRadialValue(100, 0.3, { ds: 0.04, steps: 600 });
    const fine = allenCahnRadialValue(100, 0.3, { ds: 0.02, steps: 1200 });
    expect(Math.abs(fine - coarse)).toBeLessThan(2e-6);
    expect(Math.abs(fine - 0.052802) / 0.052802).toBeLessThan(5e-4);
    // the nonlinearity matters: the linear value is 0.0391
    expect(fine).toBeGreaterThan(0.05);
  });
});
