import { describe, it } from 'vitest';
import { expectSameThermo } from '../helpers/lammps.js';

/**
 * pair_style colloid against LAMMPS 29 Sep 2021 (goldens in test/golden/pair_colloid, live lmp where
 * installed): large/large, small/large and small/small pairs of colloids with per-atom masses
 * (atom_style sphere, set mass), pair_modify shift, mixing of an unset I J pair, and neighbor multi
 * with its comm_modify/neigh_modify keywords (same pairs as bin). Every thermo row to 1e-9 relative.
 */
const deck = (coeffs: string, neigh: string) => `units lj
atom_style sphere
lattice sc 0.005
region box block 0 6 0 6 0 6
create_box 2 box
create_atoms 1 box
set group all type/fraction 2 0.8 23984
set type 1 mass 9
set type 2 mass 1
velocity all create 1.44 87287 loop geom
pair_style colloid 12.5
${coeffs}${neigh}fix 1 all nve
thermo_style custom step temp epair etotal press pxy
thermo_modify format float %20.15g
thermo 50
timestep 0.005
run 300
`;

describe('pair colloid: same thermo as LAMMPS', () => {
  it('large/large, small/large, small/small with pair_modify shift', () => {
    expectSameThermo(
      'pair_colloid/shift',
      deck(
        'pair_coeff 1 1 1.0 1.0 5.0 5.0 12.5\npair_coeff 1 2 5.0 1.0 5.0 0.0 7.0\npair_coeff 2 2 10.0 1.0 0.0 0.0 2.5\npair_modify shift yes\n',
        'neighbor 1 bin\nneigh_modify delay 0\n',
      ),
      1e-9,
    );
  });

  it('an unset 1 2 pair mixed arithmetic, neighbor multi', () => {
    expectSameThermo(
      'pair_colloid/mix_multi',
      deck(
        'pair_coeff 1 1 1.0 1.0 5.0 5.0 12.5\npair_coeff 2 2 10.0 1.0 0.0 0.0 2.5\npair_modify mix arithmetic\n',
        'neighbor 1 multi\nneigh_modify delay 0 collection/type 2 1 2\ncomm_modify mode multi reduce/multi\n',
      ),
      1e-9,
    );
  });
});
