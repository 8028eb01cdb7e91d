/**
 * The benchmark's FES analysis (src/rid/fes_analysis.ts) on surfaces with known answers: one hill of
 * HILLS height h gives F = h(1 − G) (sum_hills sign, periodic images), basin minima of a sum of wells,
 * F(φ) of a ψ-independent surface is the surface itself, RMSE is blind to a constant shift.
 */
import { describe, expect, it } from 'vitest';
import { basinMinima, fesFromHills, fesRmseBelow, phiBarrier, phiProfile } from '../../src/rid/fes_analysis.js';
import { FES_N, fesAxis } from '../../src/rid/fes_output.js';

const ax = fesAxis();
const grid = (f: (p: number, q: number) => number) => {
  const g = new Float64Array(FES_N * FES_N);
  for (let i = 0; i < FES_N; i++) for (let j = 0; j < FES_N; j++) g[i * FES_N + j] = f(ax[i], ax[j]);
  return g;
};

describe('FES analysis', () => {
  it('fesFromHills: F = -Σ h G shifted to min 0, periodic across ±180°, time cut', () => {
    const h = [{ time: 1, center: [-Math.PI + 0.02, 0], sigma: [0.3, 0.4], height: 2 }];
    const f = fesFromHills(h);
    const at = (p: number, q: number) => f[((p + 180) / 5) * FES_N + (q + 180) / 5];
    // the hill 0.02 rad above φ = -180° is seen at +175° through the period; the minimum (±180°, 0) is 0
    const g = (dp: number, dq: number) => Math.exp(-0.5 * ((dp / 0.3) ** 2 + (dq / 0.4) ** 2));
    const m = -2 * g(0.02, 0);
    const d5 = (5 * Math.PI) / 180;
    expect(at(-180, 0)).toBeCloseTo(0, 12);
    expect(at(180, 0)).toBeCloseTo(0, 12);
    expect(at(175, 0)).toBeCloseTo(-2 * g(d5 + 0.02, 0) - m, 10);
    expect(at(-175, 10)).toBeCloseTo(-2 * g(d5 - 0.02, 2 * d5) - m, 10);
    expect(at(0, 90)).toBeCloseTo(-m, 6);
    expect(fesFromHills([...h, { time: 5, center: [0, 0], sigma: [0.3, 0.3], height: 9 }], 2)).toEqual(f);
  });

  it('basins, F(φ) barrier and RMSE', () => {
    const well = (p: number, q: number, p0: number, q0: number, d: number) =>
      -d * Math.exp(-(((p - p0) / 30) ** 2 + ((q - q0) / 30) ** 2));
    const f = grid((p, q) => 20 + well(p, q, -80, 70, 20) + well(p, q, -150, 160, 18) + well(p, q, 60, -50, 12));
    const b = basinMinima(f);
    expect(b.C7eq).toMatchObject({ phi: -80, psi: 70 });
    expect(b.C5).toMatchObject({ phi: -150, psi: 160 });
    expect(b.C7ax).toMatchObject({ phi: 60, psi: -50 });
    expect(b.C7ax.F - b.C7eq.F).toBeCloseTo(8, 1);
    // ψ-independent surface: F(φ) is the surface's φ row up to a constant; barrier across φ = 0
    const one = grid((p) => 10 * Math.cos((p * Math.PI) / 180) + 10);
    const prof = phiProfile(one, 2.494);
    expect(prof[(0 + 180) / 5] - prof[(-80 + 180) / 5]).toBeCloseTo(10 - 10 * Math.cos((80 * Math.PI) / 180), 8);
    expect(phiBarrier(prof)).toMatchObject({ phi: 0 });
    const shifted = Float64Array.from(f, (v, k) => v + 3 + (k === 100 ? 1 : 0));
    const r = fesRmseBelow(shifted, f, 25);
    expect(r.points).toBe(FES_N * FES_N);
    expect(r.rmse).toBeGreaterThan(0);
    expect(r.rmse).toBeLessThan(1.01 / Math.sqrt(r.points) + 1e-9);
  });
});
