/**
 * The exact test sampler: restrained mean forces against -grad V (the restraint's smoothing at
 * kappa = 500 kJ/mol/rad^2, kT = 2.49 kJ/mol is a Gaussian of 0.07 rad, well below the tolerance), the
 * same numbers on 1 and 2 threads, and the potential's stated landmarks.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { potentialTable, torusV, TORUS_POTENTIALS } from '../../src/rid/torus_potential.js';
import { TorusSampler } from '../../src/rid/torus_sampler.js';

const spec = TORUS_POTENTIALS.get('ala2_like')!;
const mk = (threads: number) =>
  new TorusSampler({ potential: spec, temperature: 300, diffusion: 1, dt: 0.001, labelDt: 0.001, threads });
const s1 = mk(1),
  s2 = mk(2);
afterAll(() => {
  s1.close();
  s2.close();
});

describe('torus sampler', () => {
  it('the gradient of V equals central differences', () => {
    const t = potentialTable(spec);
    const g = new Float64Array(2);
    for (const [p, q] of [
      [0.3, -1.1],
      [-2.9, 3.0],
      [1.2, 0.4],
    ]) {
      torusV(t, p, q, g);
      const h = 1e-6;
      expect(g[0]).toBeCloseTo((torusV(t, p + h, q, null) - torusV(t, p - h, q, null)) / (2 * h), 6);
      expect(g[1]).toBeCloseTo((torusV(t, p, q + h, null) - torusV(t, p, q - h, null)) / (2 * h), 6);
    }
  });

  it('restrained mean forces equal -grad V within their errors, on 1 and 2 threads alike', async () => {
    const centres = Float64Array.from([-1.4, 1.3, 0, 0, 1.13, -1.13, 2.5, 2.8, -2.0, -0.5, 0.8, 1.9]);
    const n = 6;
    const r1 = await s1.meanForces(centres, n, [500, 500], 100000, 0.9, 7);
    const r2 = await s2.meanForces(centres, n, [500, 500], 100000, 0.9, 7);
    expect(s2.labelThreads).toBe(2);
    expect(Array.from(r2.force)).toEqual(Array.from(r1.force));
    expect(Array.from(r2.error)).toEqual(Array.from(r1.error));
    const t = potentialTable(spec),
      g = new Float64Array(2);
    for (let i = 0; i < n; i++) {
      torusV(t, centres[2 * i], centres[2 * i + 1], g);
      for (let k = 0; k < 2; k++) {
        const err = r1.error[2 * i + k];
        expect(err).toBeGreaterThan(0);
        expect(err).toBeLessThan(1);
        // statistical error (4 standard errors) plus the restraint's smoothing (<= 1 kJ/mol/rad here)
        expect(Math.abs(r1.force[2 * i + k] + g[k])).toBeLessThan(4 * err + 1);
      }
    }
  });

  it('ala2_like: C7eq is the minimum, C7ax about 12 kJ/mol above, barriers 24-31 kJ/mol', () => {
    const step = 5,
      ax = Array.from({ length: 73 }, (_, k) => ((-180 + step * k) * Math.PI) / 180);
    let min = Infinity,
      argmin = [0, 0];
    for (const p of ax)
      for (const q of ax) {
        const v = s1.V(p, q);
        if (v < min) {
          min = v;
          argmin = [p, q];
        }
      }
    const deg = (x: number) => Math.round((x * 180) / Math.PI);
    // the C7eq well's centre is (-80, 75); the C5 well next to it moves the minimum by one grid step
    expect(Math.abs(deg(argmin[0]) + 80)).toBeLessThanOrEqual(5);
    expect(deg(argmin[1])).toBe(75);
    const at = (p: number, q: number) => s1.V((p * Math.PI) / 180, (q * Math.PI) / 180) - min;
    expect(at(65, -65)).toBeGreaterThan(10);
    expect(at(65, -65)).toBeLessThan(14);
    // lowest point on the phi = 0 and phi = 120 lines: the passes between phi < 0 and phi > 0
    const pass = (p: number) => Math.min(...ax.map((q) => s1.V((p * Math.PI) / 180, q) - min));
    expect(pass(0)).toBeGreaterThan(25);
    expect(pass(0)).toBeLessThan(35);
    expect(pass(120)).toBeGreaterThan(20);
    expect(pass(120)).toBeLessThan(28);
  });
});
