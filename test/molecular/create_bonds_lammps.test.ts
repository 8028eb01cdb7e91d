import { describe, expect, it } from 'vitest';
import { expectSameThermo, runDpmd, scratchDir } from '../helpers/lammps.js';

/**
 * create_bonds against LAMMPS 29 Sep 2021 (goldens in test/golden/create_bonds): `many` finds its
 * pairs in a full neighbor list (per-type cutoffs + skin), bonds only pairs with one atom in each
 * group, skips pairs already bonded (excluded by the 1-2 weight 0), and a second `many` adds a
 * second bond type between other pairs; `single/bond` and `single/angle` add one term each. The
 * special list is rebuilt from the new bonds (the lj/cut pair loses the bonded pairs). Thermo to 1e-9.
 */
const base = `units lj
atom_style angle
lattice fcc 0.8442
region box block 0 4 0 4 0 4
create_box 2 box bond/types 2 angle/types 1 extra/bond/per/atom 12 extra/angle/per/atom 2 extra/special/per/atom 60
create_atoms 1 box
region half block 0 2 INF INF INF INF
set region half type 2
group a type 1
group b type 2
mass * 1.0
velocity all create 1.0 87287
pair_style lj/cut 2.5
pair_coeff * * 1.0 1.0 2.5
bond_style harmonic
bond_coeff 1 10.0 1.12
bond_coeff 2 5.0 1.6
angle_style harmonic
angle_coeff 1 3.0 90.0
`;
const tail = `fix 1 all nve
thermo_style custom step temp pe ebond eangle evdwl press
thermo_modify format float %20.15g
thermo 20
run 60
`;

describe('create_bonds', () => {
  it('many between two groups, then many again for a second type and over the bonded pairs: same thermo as LAMMPS', () => {
    const d = `${base}create_bonds many a b 1 1.0 1.2
create_bonds many all all 2 1.5 1.7
create_bonds many all all 2 1.0 1.2
${tail}`;
    expectSameThermo('create_bonds/many_groups', d, 1e-9);
  });

  it('many with 1-3 and 1-4 pairs kept (special_bonds lj/coul 0 1 1): same thermo as LAMMPS', () => {
    const d = `${base}special_bonds lj/coul 0 1 1
create_bonds many all all 1 1.0 1.2
${tail}`;
    expectSameThermo('create_bonds/many_all', d, 1e-9);
  });

  it('single/bond and single/angle: same thermo as LAMMPS', () => {
    const d = `${base}create_bonds single/bond 1 1 2
create_bonds single/bond 2 2 3 special yes
create_bonds single/angle 1 1 2 3
${tail}`;
    expectSameThermo('create_bonds/single', d, 1e-9);
  });

  it('refuses what LAMMPS refuses, and special no by name', () => {
    const dir = scratchDir();
    expect(() => runDpmd(`${base}create_bonds many all all 3 1.0 1.2\n`, dir)).toThrow(/Invalid bond type 3/);
    expect(() => runDpmd(`${base}create_bonds many all all 1 1.0 3.5\n`, dir)).toThrow(/max distance/);
    expect(() => runDpmd(`${base}special_bonds lj 1 1 1\ncreate_bonds many all all 1 1.0 1.2\n`, dir)).toThrow(
      /1-2 weights be 0.0/,
    );
    expect(() => runDpmd(`${base}create_bonds single/bond 1 1 9999\n`, dir)).toThrow(/atoms do not exist/);
    expect(() => runDpmd(`${base}create_bonds single/bond 1 1 2 special no\n`, dir)).toThrow(/special no/);
    expect(() => runDpmd(`${base}create_bonds single/bond 1 1 1\n`, dir)).toThrow(/different atom IDs/);
    expect(() =>
      runDpmd(
        'units lj\nlattice fcc 0.8\nregion b block 0 2 0 2 0 2\ncreate_box 1 b\ncreate_bonds single/bond 1 1 2\n',
        dir,
      ),
    ).toThrow(/non-molecular/);
  });
});
