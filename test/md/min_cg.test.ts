import { describe, expect, it } from 'vitest';
import { runDpmd, scratchDir } from '../helpers/lammps.js';
import { expectAgreement, minDeck, runMinPair } from '../helpers/min_crosscheck.js';
import { fccLatticeEnergy, parseMinStats, writePerturbedFcc } from '../helpers/min_fixtures.js';
import { MinCG } from '../../integrators/min_cg.js';

/**
 * min_style cg (Polak-Ribiere CG with LAMMPS's line searches): exact lattice energy of a relaxed
 * crystal, and the same deck through LAMMPS (29 Sep 2021) for every stopping criterion and line search.
 */
describe('min_style cg', () => {
  it('relaxes a perturbed LJ fcc crystal to the exact perfect-lattice energy', () => {
    const dir = scratchDir('dpmd-min-');
    const { path, a, natoms } = writePerturbedFcc(dir, { n: 4, rho: 0.8442, amp: 0.1, seed: 12345 });
    const { text, sim } = runDpmd(minDeck(path, { style: 'cg', criteria: '0.0 1.0e-10 1000 10000' }), dir);
    const [st] = parseMinStats(text);
    const exact = fccLatticeEnergy(a, 2.5);
    expect(exact).toBeCloseTo(-6.7733680532528, 12);
    expect(st.stop).toBe('force tolerance');
    expect(st.fnorm2Final).toBeLessThan(1e-10);
    expect(st.eInitial).toBeGreaterThan(exact + 0.1);
    expect(Math.abs(st.eFinal - exact) / Math.abs(exact)).toBeLessThan(1e-12);
    expect(Math.abs(sim.pe / natoms - exact) / Math.abs(exact)).toBeLessThan(1e-12);
    expect(sim.step).toBe(st.iterations);
  });

  it('matches LAMMPS: quadratic line search to the force tolerance', () => {
    expectAgreement(
      'cg quadratic ftol',
      runMinPair('min_cg/cg_quadratic_ftol', { style: 'cg', criteria: '0.0 1.0e-10 1000 10000' }),
    );
  });

  it('matches LAMMPS: energy tolerance', () => {
    expectAgreement('cg etol', runMinPair('min_cg/cg_etol', { style: 'cg', criteria: '1.0e-8 0.0 1000 10000' }));
  });

  it('matches LAMMPS: max iterations and max force evaluations', () => {
    expectAgreement(
      'cg maxiter',
      runMinPair('min_cg/cg_maxiter', { style: 'cg', criteria: '0.0 0.0 7 10000', thermo: 3 }),
    );
    expectAgreement('cg maxeval', runMinPair('min_cg/cg_maxeval', { style: 'cg', criteria: '0.0 0.0 1000 15' }));
  });

  it('matches LAMMPS: backtracking line search', () => {
    expectAgreement(
      'cg backtrack',
      runMinPair('min_cg/cg_backtrack', { style: 'cg', modify: 'line backtrack', criteria: '0.0 1.0e-6 1000 10000' }),
    );
  });

  it('matches LAMMPS: forcezero line search, dmax and max/inf force norms', () => {
    expectAgreement(
      'cg forcezero',
      runMinPair('min_cg/cg_forcezero', { style: 'cg', modify: 'line forcezero', criteria: '0.0 1.0e-8 1000 10000' }),
    );
    expectAgreement(
      'cg dmax 0.01 norm max',
      runMinPair('min_cg/cg_dmax_0_01_norm_max', {
        style: 'cg',
        modify: 'dmax 0.01 norm max',
        criteria: '0.0 1.0e-8 1000 10000',
      }),
    );
    expectAgreement(
      'cg norm inf',
      runMinPair('min_cg/cg_norm_inf', { style: 'cg', modify: 'norm inf', criteria: '0.0 1.0e-9 1000 10000' }),
    );
  });

  it('matches LAMMPS when line searches reneighbor and wrap atoms through the box faces', () => {
    // The shift puts atom planes on the box faces, so rebuilds inside line searches wrap atoms.
    // The line-search origin x0 of a wrapped atom must be wrapped too (LAMMPS reset_coords); a
    // stale x0 moves the atom back across the face on the next trial step and costs extra
    // rebuilds, which the build count below detects (24 instead of 15 with this skin).
    const p = runMinPair('min_cg/cg_wrap', {
      style: 'cg',
      criteria: '0.0 1.0e-10 1000 10000',
      skin: 0.2,
      shift: 1e-3,
      amp: 0.2,
    });
    expectAgreement('cg wrap', p);
    // Wrapped atoms keep their line-search origin consistent (reset_coords): no extra rebuilds.
    expect(p.ref.neighborBuilds).toBeGreaterThan(5);
    expect(p.ours.neighborBuilds).toBe(p.ref.neighborBuilds);
  });

  it('min_modify: known keys are accepted, bad values throw, unknown keys are refused', () => {
    const m = new MinCG();
    expect(m.modify('dmax', '0.2')).toBe(true);
    expect(m.dmax).toBe(0.2);
    expect(m.modify('line', 'backtrack')).toBe(true);
    expect(() => m.modify('line', 'cubic')).toThrow(/line/);
    expect(() => m.modify('dmax', 'abc')).toThrow(/dmax/);
    expect(m.modify('nosuchkey', '1')).toBe(false);
  });

  it("rejects a negative tolerance with LAMMPS's reason", () => {
    const dir = scratchDir('dpmd-min-');
    const { path } = writePerturbedFcc(dir, { n: 2, rho: 0.8442, amp: 0.05, seed: 7 });
    expect(() => runDpmd(minDeck(path, { style: 'cg', criteria: '-1 0 10 10' }), dir)).toThrow(/etol and ftol/);
  });
});
