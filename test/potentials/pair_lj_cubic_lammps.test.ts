import { describe, expect, it, test } from 'vitest';
import { PairLJCubic } from '../../potentials/pair_lj_cubic.js';
import { fdForces, fdVirial, makeAtoms, makeSim } from '../helpers/eam_systems.js';
import { expectSameThermo, runDpmd } from '../helpers/lammps.js';

/**
 * pair_style lj/cubic against LAMMPS 29 Sep 2021 (every thermo row to 1e-9 relative, goldens in
 * test/golden/pair_lj_cubic/) and against central differences. The fcc crystal at density 0.8442
 * puts its first shell (r ≈ 1.09 σ) on the LJ branch and its second (r ≈ 1.54 σ) on the cubic
 * one, which ends at rc = 1.737 σ; the 1-2 pair is mixed, so mix_energy/mix_distance of ε, σ, rs
 * and rc all matter.
 */
const deck = (mix: string) => `units lj
atom_style atomic
lattice fcc 0.8442
region box block 0 4 0 4 0 4
create_box 2 box
create_atoms 1 box
mass 1 1.0
mass 2 2.0
group heavy id 1:256:3
set group heavy type 2
velocity all create 1.0 87287 loop geom
pair_style lj/cubic
pair_coeff 1 1 1.0 1.0
pair_coeff 2 2 0.8 1.1
${mix}
neighbor 0.3 bin
neigh_modify delay 0 every 1 check yes
timestep 0.002
fix 1 all nve
thermo 10
thermo_style custom step temp pe ke etotal press pxx pyy pzz pxy pxz pyz
thermo_modify format float %20.15g
run 100
`;

describe('pair lj/cubic: same thermo as LAMMPS', () => {
  it('geometric mixing of the 1-2 pair (LJ and cubic branches)', () => {
    expectSameThermo('pair_lj_cubic/geometric', deck(''), 1e-9);
  });

  it('arithmetic mixing', () => {
    expectSameThermo('pair_lj_cubic/arithmetic', deck('pair_modify mix arithmetic'), 1e-9);
  });

  it('pair_modify tail yes is accepted and changes nothing, as in LAMMPS', () => {
    expectSameThermo('pair_lj_cubic/tail', deck('pair_modify tail yes'), 1e-9);
  });
  // No golden for an explicit `pair_coeff 1 2`: LAMMPS 29 Sep 2021 prints -nan for this crystal
  // with one (even with the geometric-mix values), see docs/pair_styles.md.

  it('errors name the command and the cause', () => {
    const run = (lines: string) => () =>
      runDpmd(deck('').replace('pair_style lj/cubic\npair_coeff 1 1 1.0 1.0', lines));
    expect(run('pair_style lj/cubic 2.5\npair_coeff 1 1 1.0 1.0')).toThrow(/Illegal pair_style lj\/cubic command/);
    expect(run('pair_style lj/cubic\npair_coeff 1 1 1.0 1.0 2.5')).toThrow(/Incorrect args for pair coefficients/);
  });
});

describe('pair lj/cubic: derivatives on a triclinic box', () => {
  // a = 1.6: jittered neighbours at 1.0-1.3 (LJ branch) and 1.4-1.75 (cubic branch and cutoff).
  const at = makeAtoms({ a: 1.6, cells: [2, 2, 2], ntypes: 2, tilt: [0.2, -0.1, 0.15], jitter: 0.1, seed: 7 });
  const coeff = [
    ['1', '1', '1.0', '1.0'],
    ['2', '2', '0.8', '1.1'],
  ];
  const sim = () => {
    const s = makeSim(at, new PairLJCubic(), coeff, 'lj');
    for (let t = 1; t <= 2; t++) {
      s.system.mass[t] = 1.0;
      s.system.massSet[t] = true;
    }
    return s;
  };
  test('forces are -dE/dx', () => {
    const { err, fmax } = fdForces(sim(), 8, 1e-6);
    expect(fmax).toBeGreaterThan(0.01);
    expect(err).toBeLessThan(1e-6 * fmax);
  });
  test('virial is -dE/d(strain)', () => {
    const { err, wmax } = fdVirial(sim(), at, 1e-6);
    expect(wmax).toBeGreaterThan(0.01);
    expect(err).toBeLessThan(1e-6 * wmax);
  });
});
