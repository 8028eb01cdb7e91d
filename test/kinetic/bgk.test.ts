import { describe, expect, it } from 'vitest';
import { BgkSolver } from '../../src/kinetic/bgk_solver.js';
import { ExactRiemann } from '../../src/kinetic/euler_riemann.js';
import { SOD, randomFourier, sampleInitial } from '../../src/kinetic/initial_data.js';
import { DiscreteMaxwellian } from '../../src/kinetic/maxwellian.js';
import { conservedMoments, makeVelocityGrid } from '../../src/kinetic/velocity_grid.js';
import { Rng } from '../../src/nn/rng.js';

describe('BGK reference solver', () => {
  it('discrete Maxwellian has the prescribed moments to roundoff', () => {
    const g = makeVelocityGrid(32, 7);
    const M = new DiscreteMaxwellian(g);
    const f = new Float64Array(32),
      U = new Float64Array(3);
    for (const [rho, u, T] of [
      [1, 0, 1],
      [0.3, 0.7, 0.4],
      [2, -1.2, 1.6],
    ]) {
      const E = 0.5 * rho * (u * u + T);
      M.fill(rho, rho * u, E, f, 0, 'test');
      conservedMoments(g, f, 0, U);
      expect(Math.abs(U[0] - rho) / rho).toBeLessThan(1e-14);
      expect(Math.abs(U[1] - rho * u)).toBeLessThan(1e-14 * rho * (1 + Math.abs(u)));
      expect(Math.abs(U[2] - E) / E).toBeLessThan(1e-14);
    }
  });

  it('conserves mass, momentum and energy to roundoff on a periodic domain at every eps', () => {
    const ic = randomFourier(new Rng(5), 3);
    for (const eps of [1e-3, 1e-1, 10]) {
      const s = new BgkSolver({
        nx: 40,
        length: 1,
        grid: makeVelocityGrid(48, 8),
        eps,
        cfl: 0.5,
        boundary: 'periodic',
      });
      const p = sampleInitial(ic, 40, 1);
      s.setMaxwellian(p.rho, p.u, p.T);
      const a = s.totals();
      for (let k = 0; k < 30; k++) s.step(s.dt);
      const b = s.totals();
      expect(Math.abs(b[0] - a[0]) / a[0]).toBeLessThan(1e-13);
      expect(Math.abs(b[1] - a[1]) / (Math.abs(a[1]) + a[0])).toBeLessThan(1e-13);
      expect(Math.abs(b[2] - a[2]) / a[2]).toBeLessThan(1e-13);
    }
  });

  it('converges to the exact Euler solution (gamma = 3) of Sod as eps -> 0 and the grid is refined', () => {
    const exact = new ExactRiemann({ rho: 1, u: 0, p: 1 }, { rho: 0.125, u: 0, p: 0.1 }, 3);
    const l1 = (nx: number) => {
      const s = new BgkSolver({
        nx,
        length: 1,
        grid: makeVelocityGrid(48, 8),
        eps: 1e-5,
        cfl: 0.5,
        boundary: 'outflow',
      });
      const p = sampleInitial(SOD, nx, 1);
      s.setMaxwellian(p.rho, p.u, p.T);
      s.run(0.1);
      const rho = new Float64Array(nx),
        u = new Float64Array(nx),
        T = new Float64Array(nx);
      s.macroscopic(rho, u, T);
      let e = 0;
      for (let i = 0; i < nx; i++) e += Math.abs(rho[i] - exact.sample(((i + 0.5) / nx - 0.5) / 0.1).rho) / nx;
      return e;
    };
    const e50 = l1(50),
      e100 = l1(100);
    expect(e100).toBeLessThan(0.015);
    expect(e100).toBeLessThan(0.7 * e50); // first order in L1 at discontinuities
  });

  it('free streaming (eps = Infinity) matches the exact solution f0(x - vt, v) with second-order convergence', () => {
    const g = makeVelocityGrid(24, 6);
    const f0 = (x: number, v: number) =>
      ((1 + 0.3 * Math.sin(2 * Math.PI * x)) / Math.sqrt(2 * Math.PI)) * Math.exp(-0.5 * (v - 0.2) ** 2);
    const err = (nx: number) => {
      const s = new BgkSolver({ nx, length: 1, grid: g, eps: Infinity, cfl: 0.5, boundary: 'periodic' });
      for (let i = 0; i < nx; i++) for (let j = 0; j < g.nv; j++) s.f[i * g.nv + j] = f0(s.x(i), g.v[j]);
      s.run(0.05);
      let e = 0;
      for (let i = 0; i < nx; i++)
        for (let j = 0; j < g.nv; j++) e += (s.f[i * g.nv + j] - f0(s.x(i) - g.v[j] * 0.05, g.v[j])) ** 2 / nx;
      return Math.sqrt(e);
    };
    const e = [err(32), err(64), err(128)];
    const order = Math.log2(e[1] / e[2]);
    expect(e[2]).toBeLessThan(2e-3);
    expect(order).toBeGreaterThan(1.7);
  });

  it('rejects eps <= 0 and a cfl above the stable limit', () => {
    const grid = makeVelocityGrid(16, 6);
    expect(() => new BgkSolver({ nx: 8, length: 1, grid, eps: -1, cfl: 0.5, boundary: 'periodic' })).toThrow(/eps/);
    expect(() => new BgkSolver({ nx: 8, length: 1, grid, eps: 1, cfl: 1.5, boundary: 'periodic' })).toThrow(/stable/);
  });
});

describe('exact Riemann solver', () => {
  it("reproduces Toro's star state for Sod (gamma 1.4): p* = 0.30313, u* = 0.92745", () => {
    const r = new ExactRiemann({ rho: 1, u: 0, p: 1 }, { rho: 0.125, u: 0, p: 0.1 }, 1.4);
    expect(r.pStar).toBeCloseTo(0.30313, 5);
    expect(r.uStar).toBeCloseTo(0.92745, 5);
    // Rankine-Hugoniot across the right shock: mass flux continuity
    const g = 1.4,
      R = { rho: 0.125, u: 0, p: 0.1 };
    const S = R.u + Math.sqrt((g * R.p) / R.rho) * Math.sqrt(((g + 1) / (2 * g)) * (r.pStar / R.p) + (g - 1) / (2 * g));
    const star = r.sample(S - 1e-9);
    expect(star.rho * (star.u - S)).toBeCloseTo(R.rho * (R.u - S), 10);
  });
});
