import { describe, expect, it } from 'vitest';
import { expectSameThermo, runDpmd, scratchDir } from '../helpers/lammps.js';

/**
 * fix indent and the thermo keywords xlat/ylat/zlat against LAMMPS 29 Sep 2021 (goldens in
 * test/golden/fix_indent): a sphere moving with an equal-style variable in a 2d slab (the indent
 * example), cylinder and plane indenters, side in, units box, f_ID (energy) and f_ID[1..3]
 * (force on the indenter), fix_modify energy yes in MD and in a short minimisation. Thermo to 1e-9.
 */
const SLAB = `dimension 2
boundary p s p
atom_style atomic
lattice hex 0.9
region box block 0 12 0 8 -0.25 0.25
create_box 2 box
create_atoms 1 box
mass * 1.0
pair_style lj/cut 2.5
pair_coeff * * 1.0 1.0 2.5
region 1 block INF INF INF 1.25 INF INF
group lower region 1
group mobile subtract all lower
set group lower type 2
compute new mobile temp
velocity mobile create 0.2 482748 temp new
fix 1 all nve
fix 2 lower setforce 0.0 0.0 0.0
fix 5 all enforce2d
timestep 0.003
`;

describe('fix indent: same thermo as LAMMPS', () => {
  it('a sphere driven by a variable (indent example), xlat/ylat in formulas and thermo', () => {
    const d = `${SLAB}variable k equal 1000.0/xlat
variable y equal "10.0*ylat - step*dt*0.5*ylat"
fix 4 all indent $k sphere 6 v_y 0 4.0
thermo_style custom step temp pe etotal press f_4 f_4[1] f_4[2] f_4[3] xlat ylat zlat
thermo_modify temp new format float %20.15g
thermo 50
run 400
`;
    expectSameThermo('fix_indent/sphere_variable', d, 1e-9);
  });

  it('cylinder (3d), plane hi, sphere side in, units box, fix_modify energy yes', () => {
    const base = `units lj
atom_style atomic
lattice fcc 0.8442
region box block 0 5 0 5 0 5
create_box 1 box
create_atoms 1 box
mass 1 1.0
velocity all create 1.0 87287
pair_style lj/cut 2.5
pair_coeff * * 1.0 1.0 2.5
fix 1 all nve
`;
    const thermo =
      'thermo_style custom step temp pe etotal press f_4 f_4[1] f_4[2] f_4[3]\nthermo_modify format float %20.15g\nthermo 50\nrun 200\n';
    expectSameThermo(
      'fix_indent/cylinder',
      `${base}fix 4 all indent 10.0 cylinder z 2.25 2.25 1.2\nfix_modify 4 energy yes\n${thermo}`,
      1e-9,
    );
    expectSameThermo('fix_indent/plane', `${base}fix 4 all indent 10.0 plane x 7.0 hi units box\n${thermo}`, 1e-9);
    expectSameThermo(
      'fix_indent/sphere_in',
      `${base}fix 4 all indent 5.0 sphere 2.25 2.25 2.25 2.3 side in\n${thermo}`,
      1e-9,
    );
  });

  it('minimize with the indenter energy (fix_modify energy yes)', () => {
    const d = `${SLAB}fix 4 all indent 1000.0 sphere 6 8.6 0 4.0
fix_modify 4 energy yes
thermo_style custom step pe etotal f_4 f_4[2]
thermo_modify format float %20.15g
thermo 10
minimize 1.0e-6 1.0e-6 20 40
`;
    expectSameThermo('fix_indent/minimize', d, 1e-9);
  });

  it('refusals: cone, a missing variable, a bad dim', () => {
    const base =
      'units lj\nlattice fcc 0.8\nregion b block 0 2 0 2 0 2\ncreate_box 1 b\ncreate_atoms 1 box\nmass 1 1\npair_style lj/cut 2.5\npair_coeff 1 1 1 1\n';
    const fails = (d: string, msg: RegExp) => expect(() => runDpmd(d, scratchDir())).toThrow(msg);
    fails(`${base}fix 4 all indent 10 cone z 1 1 1 2 0 1\n`, /cone is not supported yet/);
    fails(
      `${base}fix 4 all indent 10 sphere 1 1 v_nope 1\nrun 0\n`,
      /Variable name nope for fix indent does not exist/,
    );
    fails(`${base}fix 4 all indent 10 cylinder w 1 1 1\n`, /Illegal dim 'w'/);
  });
});
