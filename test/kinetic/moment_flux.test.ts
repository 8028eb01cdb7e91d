import { describe, expect, it } from 'vitest';
import { GradClosure } from '../../src/kinetic/closure.js';
import { erfc, upperGaussMoments } from '../../src/kinetic/half_range.js';
import { randomFourier, sampleInitial } from '../../src/kinetic/initial_data.js';
import { LearnedClosure } from '../../src/kinetic/learned_closure.js';
import { MomentSolver } from '../../src/kinetic/moment_solver.js';
import { Rng } from '../../src/nn/rng.js';

/** ∫_c^∞ ξ^j φ(ξ) dξ by the composite Simpson rule on [c, c + 40] (the tail beyond is below 1e-300). */
function simpsonUpper(j: number, c: number): number {
  const n = 20000,
    b = Math.max(c, 0) + 40,
    h = (b - c) / n;
  const g = (x: number) => (x ** j * Math.exp(-0.5 * x * x)) / Math.sqrt(2 * Math.PI);
  let s = g(c) + g(b);
  for (let k = 1; k < n; k++) s += (k % 2 ? 4 : 2) * g(c + k * h);
  return (s * h) / 3;
}

describe('half-range Gaussian moments (kinetic flux of the moment solver)', () => {
  it('erfc matches reference values to its documented 1.2e-7 relative accuracy', () => {
    // erfc(0.5), erfc(1), erfc(2), erfc(-1) (Abramowitz & Stegun table 7.1 / erfc(−x) = 2 − erfc(x))
    const ref: [number, number][] = [
      [0.5, 0.4795001221869535],
      [1, 0.15729920705028513],
      [2, 0.004677734981047266],
      [-1, 1.8427007929497148],
    ];
    for (const [x, v] of ref) expect(Math.abs(erfc(x) - v) / v).toBeLessThan(1.2e-7);
  });

  it('I_j(c) = ∫_c^∞ ξ^j φ dξ equals quadrature for j ≤ 14 and c in [−3, 3]', () => {
    const I = new Float64Array(15);
    for (const c of [-3, -0.7, 0, 0.4, 2.5]) {
      upperGaussMoments(c, 14, I);
      for (let j = 0; j <= 14; j++) {
        const q = simpsonUpper(j, c);
        expect(Math.abs(I[j] - q)).toBeLessThan(2e-7 * (Math.abs(q) + 1e-3 * (j + 1) ** 2));
      }
    }
  });
});

describe('moment solver with the kinetic flux', () => {
  const ic = randomFourier(new Rng(8), 2);
  const p = sampleInitial(ic, 32, 1);
  const run = (flux: 'kinetic' | 'rusanov', eigenEvery: number, eps: number) => {
    const s = new MomentSolver(
      { nx: 32, length: 1, eps, cfl: 0.5, boundary: 'periodic', flux, eigenEvery },
      new GradClosure(5),
    );
    s.setMaxwellian(p.rho, p.u, p.T);
    s.run(0.05);
    return s;
  };

  it('conserves rho, rho u, E to roundoff', () => {
    const s0 = run('kinetic', 10, 0.1);
    const fresh = new MomentSolver({ nx: 32, length: 1, eps: 0.1, cfl: 0.5, boundary: 'periodic' }, new GradClosure(5));
    fresh.setMaxwellian(p.rho, p.u, p.T);
    for (let k = 0; k < 3; k++) {
      let a = 0,
        b = 0;
      for (let i = 0; i < 32; i++) {
        a += fresh.q[i * 6 + k];
        b += s0.q[i * 6 + k];
      }
      expect(Math.abs(b - a)).toBeLessThan(1e-12 * 32);
    }
  });

  it('agrees with the Rusanov flux to discretisation accuracy and checks eigenvalues every k steps', () => {
    const k = run('kinetic', 10, 1),
      r = run('rusanov', 1, 1);
    let d = 0,
      n = 0;
    for (let i = 0; i < 32; i++) {
      d += (k.q[i * 6] - r.q[i * 6]) ** 2;
      n += r.q[i * 6] ** 2;
    }
    // two consistent second-order schemes on 32 cells: close, not equal
    const rel = Math.sqrt(d / n);
    expect(rel).toBeLessThan(5e-3);
    expect(rel).toBeGreaterThan(1e-8);
    expect(k.hyperbolicity.totalCellSteps).toBe(32 * Math.ceil(k.steps / 10));
    expect(r.hyperbolicity.totalCellSteps).toBe(32 * r.steps);
  });
});

describe('learned closure at equilibrium', () => {
  it('equals Grad exactly for Gaussian moments whatever the network (correction C(W) − C(0))', () => {
    const m = new LearnedClosure({ order: 4, hidden: [8], decoderHidden: [4], nxi: 8, xiMax: 5 });
    m.init(new Rng(5));
    m.outputScale = 0.7;
    const hat = new Float64Array([1, 0, 1, 0, 3, 1, 0, 1, 0.3, 3.4]);
    const out = new Float64Array(2),
      grad = new Float64Array(2);
    for (const eps of [1e-3, 1, 10]) {
      m.evaluate(hat, 2, eps, out);
      new GradClosure(4).evaluate(hat, 2, eps, grad);
      expect(out[0]).toBe(grad[0]);
      expect(out[1]).not.toBe(grad[1]);
    }
  });
});
