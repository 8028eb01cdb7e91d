import { describe, it } from 'vitest';
import { expectSameThermo } from '../helpers/lammps.js';

/**
 * thermo_style one (the default) against LAMMPS 29 Sep 2021: it prints Volume after Press when the
 * box can change during the run (shrink-wrapped faces, a fix that changes the box), and not
 * otherwise (goldens in test/golden/thermo_one_volume). As the flow and shear examples print it.
 */
function deck(boundary: string, fixes = ''): string {
  return `units lj
atom_style atomic
boundary ${boundary}
lattice fcc 0.8442
region box block 0 4 0 4 0 4
create_box 1 box
create_atoms 1 box
mass 1 1.0
velocity all create 1.0 87287
pair_style lj/cut 2.5
pair_coeff * * 1.0 1.0 2.5
fix 1 all nve
${fixes}
thermo 50
run 100
`;
}

describe('thermo_style one: the Volume column as LAMMPS prints it', () => {
  it('shrink-wrapped box: Volume printed', () => {
    expectSameThermo('thermo_one_volume/shrink', deck('p s p'));
  });

  it('periodic box with a barostat: Volume printed; without: not', () => {
    expectSameThermo('thermo_one_volume/npt', deck('p p p', 'unfix 1\nfix 1 all npt temp 1 1 0.5 iso 1 1 1'));
    expectSameThermo('thermo_one_volume/fixed', deck('p p p'));
  });
});
