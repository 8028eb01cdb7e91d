/**
 * lj/cut on an isolated dimer against the closed form (jax-md's analytic kernel test): the
 * minimum of E(r) = 4 eps ((sigma/r)^12 - (sigma/r)^6) is at r = 2^(1/6) sigma with E = -eps and
 * zero force; elsewhere energy and force equal the formula, and pair_modify shift subtracts E(rc).
 */
import { describe, expect, it } from 'vitest';
import { runDpmd } from '../helpers/lammps.js';

const EPS = 0.7,
  SIGMA = 1.3,
  RC = 4.0;

/** Energy and the force on atom 2 along +x for a dimer at separation r (box 40 sigma, no images). */
function dimer(r: number, extra = ''): { pe: number; fx: number; fOther: number[] } {
  const { sim } = runDpmd(`
units lj
atom_style atomic
region box block 0 40 0 40 0 40
create_box 1 box
create_atoms 1 single 10 10 10 units box
create_atoms 1 single ${(10 + r).toPrecision(17)} 10 10 units box
mass 1 1.0
pair_style lj/cut ${RC}
pair_coeff 1 1 ${EPS} ${SIGMA}
${extra}
run 0
`);
  const sys = sim.system;
  // Atom 2 is the one further along x (atoms may be sorted in memory).
  const i2 = sys.x[0] > sys.x[3] ? 0 : 1;
  const i1 = 1 - i2;
  return {
    pe: sim.pe,
    fx: sys.f[3 * i2],
    fOther: [sys.f[3 * i1] + sys.f[3 * i2], sys.f[3 * i2 + 1], sys.f[3 * i2 + 2]],
  };
}

const energy = (r: number): number => 4 * EPS * ((SIGMA / r) ** 12 - (SIGMA / r) ** 6);
const force = (r: number): number => ((24 * EPS) / r) * (2 * (SIGMA / r) ** 12 - (SIGMA / r) ** 6);

describe('lj/cut dimer: the closed form', () => {
  it('minimum at r = 2^(1/6) sigma: E = -eps, zero force', () => {
    const d = dimer(2 ** (1 / 6) * SIGMA);
    expect(Math.abs(d.pe + EPS)).toBeLessThan(1e-13 * EPS);
    expect(Math.abs(d.fx)).toBeLessThan((1e-12 * EPS) / SIGMA);
  });

  it('energy and force equal the formula on both sides of the minimum, forces equal and opposite', () => {
    for (const r of [0.95 * SIGMA, SIGMA, 1.05 * SIGMA, 1.3 * SIGMA, 2 * SIGMA, 0.99 * RC]) {
      const d = dimer(r);
      expect(Math.abs(d.pe - energy(r)), `E at r=${r}`).toBeLessThan(1e-13 * Math.max(EPS, Math.abs(energy(r))));
      expect(Math.abs(d.fx - force(r)), `F at r=${r}`).toBeLessThan(1e-12 * Math.max(EPS / SIGMA, Math.abs(force(r))));
      for (const v of d.fOther) expect(Math.abs(v)).toBeLessThan(1e-12 * Math.max(1, Math.abs(force(r))));
    }
    // Repulsive inside the minimum, attractive outside, zero at sigma in energy.
    expect(dimer(1.1 * SIGMA).fx).toBeGreaterThan(0);
    expect(dimer(1.2 * SIGMA).fx).toBeLessThan(0);
    expect(Math.abs(dimer(SIGMA).pe)).toBeLessThan(1e-14);
  });

  it('beyond the cutoff nothing; with pair_modify shift the energy is E(r) - E(rc) and forces are unchanged', () => {
    expect(dimer(1.01 * RC).pe).toBe(0);
    const r = 2 ** (1 / 6) * SIGMA;
    const s = dimer(r, 'pair_modify shift yes');
    expect(Math.abs(s.pe - (-EPS - energy(RC)))).toBeLessThan(1e-13 * EPS);
    expect(Math.abs(s.fx)).toBeLessThan((1e-12 * EPS) / SIGMA);
  });
});
