import { describe, expect, it } from 'vitest';
import { expectSameThermo, runDpmd, scratchDir } from '../helpers/lammps.js';

/**
 * create_box N region bond/types M ... extra/bond/per/atom K ... against LAMMPS 29 Sep 2021 (golden
 * in test/golden/create_box_keywords): the term type counts let bond_style/bond_coeff define M
 * types before any bond exists (as the balance and deposit examples do); the extra/... per-atom
 * capacities only size LAMMPS's arrays. Thermo to 1e-9.
 */
describe('create_box keywords', () => {
  it('bond/types and extra/.../per/atom: same thermo as LAMMPS', () => {
    const d = `units lj
atom_style angle
lattice fcc 0.8442
region box block 0 4 0 4 0 4
create_box 1 box bond/types 2 angle/types 1 extra/bond/per/atom 6 extra/angle/per/atom 2 extra/special/per/atom 4
create_atoms 1 box
mass 1 1.0
velocity all create 1.0 87287
pair_style lj/cut 2.5
pair_coeff * * 1.0 1.0 2.5
bond_style harmonic
bond_coeff 1 10.0 1.2
bond_coeff 2 5.0 1.0
angle_style harmonic
angle_coeff 1 3.0 120.0
fix 1 all nve
thermo_style custom step temp pe emol etotal press
thermo_modify format float %20.15g
thermo 50
run 100
`;
    expectSameThermo('create_box_keywords/bond_angle_types', d, 1e-9);
  });

  it('term types the atom style lacks are refused', () => {
    const base = 'units lj\nlattice fcc 0.8\nregion b block 0 2 0 2 0 2\n';
    expect(() => runDpmd(`${base}create_box 1 b bond/types 1\n`, scratchDir())).toThrow(
      /No bonds allowed with atom style atomic/,
    );
    expect(() => runDpmd(`${base}create_box 1 b extra/bond/per/atom x\n`, scratchDir())).toThrow(/per-atom count/);
  });
});
