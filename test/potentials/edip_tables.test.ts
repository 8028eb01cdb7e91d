import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { PairEDIP } from '../../potentials/pair_edip.js';
import { PairEDIPMulti } from '../../potentials/pair_edip_multi.js';
import type { PairStyle } from '../../src/potential.js';
import { energy, makeAtoms, makeSim, POT_DIR } from '../helpers/eam_systems.js';

/**
 * pair edip's derivatives. Its energy is piecewise linear between grid points 1/8000 Å (and 1/8000
 * in Z) apart while its forces come from the analytic derivatives of the interpolated factors, as
 * LAMMPS's PairEDIP: a central difference below the grid spacing sees a segment's slope, which
 * differs from the analytic derivative by ~(grid/2)·|E''| (measured 1e-4 of fmax), so −dE/dx is
 * not a check to 1e-6 here. Instead the tabulated style is held against edip/multi, the analytic
 * form of the same function, whose forces and virial pass the central-difference check to 1e-6
 * (test/potentials/manybody_fd.test.ts): energies, forces and virials agree to the tables'
 * interpolation error, O(grid²·|f''|) ~ 1e-6 relative (measured: forces ≤ 4.2e-6 of fmax,
 * energy and virial ≤ 1e-6). Jittered triclinic boxes of compressed silicon (near-zero stress would leave the virial check to
 * cancellation), so
 * the coordination Z runs through the f(Z) transition region.
 */
const POT = (f: string) => join(POT_DIR, f);

function single(a: number, pair: PairStyle) {
  const at = makeAtoms({
    a,
    cells: [2, 2, 2],
    ntypes: 1,
    tilt: [0.2, -0.1, 0.15],
    jitter: 0.1,
    seed: 7,
    lo: [-1, 0.5, 2],
  });
  const sim = makeSim(at, pair, [['*', '*', POT('Si.edip'), 'Si']]);
  sim.system.mass[1] = 28;
  sim.system.massSet[1] = true;
  const e = energy(sim);
  const n = sim.system.n;
  return { e, f: Float64Array.from(sim.system.f.subarray(0, 3 * n)), w: Float64Array.from(sim.virial) };
}

describe('pair edip: its tables against the analytic edip/multi', () => {
  for (const a of [4.6, 4.3, 4.1]) {
    test(`Si, fcc-like cell a = ${a}: energy, forces, virial`, () => {
      const t = single(a, new PairEDIP());
      const ref = single(a, new PairEDIPMulti());
      let df = 0,
        fmax = 0;
      for (let q = 0; q < ref.f.length; q++) {
        df = Math.max(df, Math.abs(t.f[q] - ref.f[q]));
        fmax = Math.max(fmax, Math.abs(ref.f[q]));
      }
      let dw = 0,
        wmax = 0;
      for (let q = 0; q < 6; q++) {
        dw = Math.max(dw, Math.abs(t.w[q] - ref.w[q]));
        wmax = Math.max(wmax, Math.abs(ref.w[q]));
      }
      expect(fmax).toBeGreaterThan(0.5);
      expect(df).toBeLessThan(1e-5 * fmax);
      expect(dw).toBeLessThan(1e-5 * wmax);
      expect(Math.abs(t.e - ref.e)).toBeLessThan(1e-6 * Math.abs(ref.e));
      // Not identical: the tables are in use.
      expect(df).toBeGreaterThan(0);
    });
  }
});
