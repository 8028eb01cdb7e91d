import { describe, expect, it } from 'vitest';
import { runDpmd, scratchDir } from '../helpers/lammps.js';
import { expectAgreement, minDeck, runMinPair } from '../helpers/min_crosscheck.js';
import { fccLatticeEnergy, parseMinStats, writePerturbedFcc } from '../helpers/min_fixtures.js';
import { MinFire } from '../../integrators/min_fire.js';

/**
 * min_style fire (FIRE 2.0 as LAMMPS 29 Sep 2021 implements it): exact lattice energy of a relaxed
 * crystal, and the same deck through LAMMPS for the integrators and the min_modify parameters.
 */
describe('min_style fire', () => {
  it('relaxes a perturbed LJ fcc crystal to the exact perfect-lattice energy and restores the timestep', () => {
    const dir = scratchDir('dpmd-min-');
    const { path, a, natoms } = writePerturbedFcc(dir, { n: 4, rho: 0.8442, amp: 0.1, seed: 12345 });
    const { text, sim } = runDpmd(minDeck(path, { style: 'fire', criteria: '0.0 1.0e-10 1000 10000' }), dir);
    const [st] = parseMinStats(text);
    const exact = fccLatticeEnergy(a, 2.5);
    expect(st.stop).toBe('force tolerance');
    expect(st.fnorm2Final).toBeLessThan(1e-10);
    expect(Math.abs(st.eFinal - exact) / Math.abs(exact)).toBeLessThan(1e-12);
    expect(Math.abs(sim.pe / natoms - exact) / Math.abs(exact)).toBeLessThan(1e-12);
    expect(st.alpha).toBe(0);
    expect(sim.dt).toBe(0.005);
    // FIRE leaves its last (tiny) velocities in place, as LAMMPS does.
    expect(text).toMatch(/Parameters for fire/);
  });

  it('matches LAMMPS: default FIRE 2.0 (eulerimplicit) to the force tolerance', () => {
    expectAgreement(
      'fire default ftol',
      runMinPair('min_fire/fire_default_ftol', { style: 'fire', criteria: '0.0 1.0e-10 1000 10000' }),
    );
  });

  it('matches LAMMPS: energy tolerance and max iterations', () => {
    expectAgreement(
      'fire etol',
      runMinPair('min_fire/fire_etol', { style: 'fire', criteria: '1.0e-10 0.0 1000 10000' }),
    );
    expectAgreement(
      'fire maxiter',
      runMinPair('min_fire/fire_maxiter', { style: 'fire', criteria: '0.0 0.0 37 10000', thermo: 5 }),
    );
  });

  it('matches LAMMPS: verlet, leapfrog and explicit Euler integrators', () => {
    for (const integ of ['verlet', 'leapfrog', 'eulerexplicit']) {
      expectAgreement(
        `fire ${integ}`,
        runMinPair(`min_fire/fire_${integ}`, {
          style: 'fire',
          modify: `integrator ${integ}`,
          criteria: '0.0 1.0e-8 2000 10000',
        }),
      );
    }
  });

  it('matches LAMMPS: modified FIRE parameters and no half step back', () => {
    expectAgreement(
      'fire params',
      runMinPair('min_fire/fire_params', {
        style: 'fire',
        modify:
          'dmax 0.05 tmax 4 tmin 0.05 delaystep 5 dtgrow 1.2 dtshrink 0.4 alpha0 0.15 alphashrink 0.95 halfstepback no initialdelay no',
        criteria: '0.0 1.0e-8 2000 10000',
      }),
    );
  });

  it('matches LAMMPS when atoms wrap through the box faces with frequent reneighboring', () => {
    const p = runMinPair('min_fire/fire_wrap', {
      style: 'fire',
      criteria: '0.0 1.0e-10 1000 10000',
      skin: 0.01,
      shift: 1e-3,
      amp: 0.2,
    });
    expectAgreement('fire wrap', p);
    expect(p.ref.neighborBuilds).toBeGreaterThan(5);
    expect(p.ours.neighborBuilds).toBe(p.ref.neighborBuilds);
  });

  it('validates its parameters as LAMMPS does', () => {
    const dir = scratchDir('dpmd-min-');
    const { path } = writePerturbedFcc(dir, { n: 2, rho: 0.8442, amp: 0.05, seed: 7 });
    expect(() =>
      runDpmd(minDeck(path, { style: 'fire', modify: 'dtgrow 0.9', criteria: '0 1e-6 10 100' }), dir),
    ).toThrow(/dtgrow/);
    expect(() =>
      runDpmd(minDeck(path, { style: 'fire', modify: 'tmax 0.01', criteria: '0 1e-6 10 100' }), dir),
    ).toThrow(/tmax/);
    const m = new MinFire();
    expect(() => m.modify('integrator', 'rk4')).toThrow(/integrator/);
    expect(m.modify('integrator', 'verlet')).toBe(true);
    expect(m.modify('halfstepback', 'no')).toBe(true);
    expect(m.halfstepback).toBe(false);
  });
});
