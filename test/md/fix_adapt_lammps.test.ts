import { describe, expect, it } from 'vitest';
import { expectSameThermo, runDpmd } from '../helpers/lammps.js';

/**
 * fix adapt against LAMMPS 29 Sep 2021 (goldens in test/golden/fix_adapt, live lmp where
 * installed): pair parameters ramped by equal-style variables before the forces of each N-th step
 * (and at setup), `scale yes`, `reset yes` (originals back after the run) and the default reset no
 * (the last values stay), a mixed type pair (its adapt is lost to re-mixing, as in LAMMPS), and
 * atom charge. Every thermo row of every run to 1e-9 relative.
 */
const LJ2 = `units lj
atom_style atomic
lattice fcc 0.8442
region box block 0 3 0 3 0 3
create_box 2 box
create_atoms 1 box
mass * 1.0
set group all type/fraction 2 0.3 1234
velocity all create 1.0 87287 loop geom
fix 1 all nve
variable s equal ramp(1.0,2.0)
thermo 5
`;
const thermo = (cols: string) => `thermo_style custom ${cols}\nthermo_modify format float %20.15g\n`;

function expectSame(name: string, deck: string, nTables: number): void {
  expect(runDpmd(deck).tables.length).toBe(nTables);
  expectSameThermo(`fix_adapt/${name}`, deck, 1e-9);
}

describe('fix adapt: same thermo as LAMMPS', () => {
  it('pair soft a ramped every step from zero (the micelle push-off), then unfix', () => {
    expectSame(
      'soft_ramp',
      `${LJ2}pair_style soft 1.12246
pair_coeff * * 0.0 1.12246
variable pre equal ramp(1.0,20.0)
fix 3 all adapt 1 pair soft a * * v_pre
${thermo('step temp pe etotal press')}run 20
unfix 3
run 10
`,
      2,
    );
  });

  it('lj/cut epsilon every 2 steps on a set pair, default reset no, then a run without the fix', () => {
    expectSame(
      'lj_epsilon_keep',
      `${LJ2}pair_style lj/cut 2.5
pair_coeff 1 1 1.0 1.0
pair_coeff 2 2 1.5 0.9
pair_coeff 1 2 1.2 0.95
fix 2 all adapt 2 pair lj/cut epsilon 1 2 v_s
${thermo('step temp pe etotal press')}run 10
unfix 2
run 5
`,
      2,
    );
  });

  it('lj/cut sigma and epsilon with scale yes reset yes (originals restored after the run), shift yes', () => {
    expectSame(
      'lj_scale_reset',
      `${LJ2}pair_style lj/cut 2.5
pair_modify shift yes
pair_coeff 1 1 1.0 1.0
pair_coeff 2 2 1.5 0.9
pair_coeff 1 2 1.2 0.95
variable g equal 1.0-0.1*ramp(0.0,1.0)
fix 2 all adapt 1 pair lj/cut epsilon * * v_s pair lj/cut sigma 2 2 v_g scale yes reset yes
${thermo('step temp pe etotal press')}run 10
unfix 2
run 5
`,
      2,
    );
  });

  it('an adapt of a mixed (unset) type pair is lost to re-mixing, as in LAMMPS', () => {
    expectSame(
      'lj_mixed_pair',
      `${LJ2}pair_style lj/cut 2.5
pair_coeff 1 1 1.0 1.0
pair_coeff 2 2 1.5 0.9
fix 2 all adapt 1 pair lj/cut epsilon 1 2 v_s scale yes
${thermo('step temp pe etotal press')}run 10
`,
      1,
    );
  });

  it('atom charge of a group with coul/cut, nevery 0 (setup only) and scale yes', () => {
    expectSame(
      'atom_charge',
      `units lj
atom_style charge
lattice fcc 0.8442
region box block 0 3 0 3 0 3
create_box 2 box
create_atoms 1 box
mass * 1.0
set group all type/fraction 2 0.5 1234
group two type 2
set type 1 charge 0.5
set type 2 charge -0.5
velocity all create 1.0 87287 loop geom
pair_style lj/cut/coul/cut 2.5
pair_coeff * * 1.0 1.0
fix 1 all nve
variable qq equal -0.5-0.1*step
fix 2 two adapt 0 atom charge v_qq
${thermo('step temp pe etotal press ecoul')}thermo 5
run 10
variable k equal 1.0+0.05*(step-10)
fix 2 two adapt 2 atom charge v_k scale yes
run 10
`,
      2,
    );
  });
});
