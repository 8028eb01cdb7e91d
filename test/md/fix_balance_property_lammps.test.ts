import { describe, expect, it } from 'vitest';
import { expectSameThermo, runDpmd, scratchDir } from '../helpers/lammps.js';

/**
 * fix property/atom (custom d_/i_ vectors read by compute property/atom) and fix balance as a
 * serial no-op against LAMMPS 29 Sep 2021 (goldens in test/golden/fix_balance_property): the
 * imbalance factors f_ID and f_ID[3] of one process, the Volume column thermo_style one adds
 * because fix balance may change the box, and the weights `weight store` writes (group and
 * atom-style variable factors), summed by compute reduce. Thermo to 1e-9.
 */
const BASE = `units lj
atom_style atomic
lattice fcc 0.8442
region box block 0 6 0 6 0 6
create_box 2 box
create_atoms 1 box
mass * 1.0
region long block 2 4 0 6 0 6
set region long type 2
velocity all create 1.0 87287
pair_style lj/cut 2.5
pair_coeff * * 1.0 1.0 2.5
neigh_modify every 2 delay 4 check yes
group fast type 1
group slow type 2
fix p all property/atom d_WEIGHT i_flag
compute p all property/atom d_WEIGHT
compute f all property/atom i_flag
compute sw all reduce sum c_p
compute sf all reduce sum c_f
fix 1 all nve
`;

describe('fix property/atom, fix balance (serial): same thermo as LAMMPS', () => {
  it('style one with fix balance prints Volume; weights stored by group and variable', () => {
    const d = `${BASE}variable w atom 1.5+0.5*type
fix 0 all balance 20 1.1 shift x 5 1.05 weight group 2 fast 0.8 slow 2.5 weight var w weight time 0.5 weight store WEIGHT
thermo 50
run 100
thermo_style custom step temp pe press f_0 f_0[3] c_sw c_sf
thermo_modify format float %20.15g
run 100
`;
    expectSameThermo('fix_balance_property/shift_weights', d, 1e-9);
  });

  it('rcb with weight neigh; custom vectors start at 0', () => {
    const d = `${BASE}comm_style tiled
fix 0 all balance 50 0.9 rcb weight neigh 0.8 weight store WEIGHT
thermo_style custom step temp pe press f_0 f_0[3] c_sw c_sf
thermo_modify format float %20.15g
thermo 50
run 100
`;
    expectSameThermo('fix_balance_property/rcb', d, 1e-9);
  });

  it('refusals: unknown custom vector, store without fix property/atom, duplicate name, f_ID[1]', () => {
    const base =
      'units lj\nlattice fcc 0.8\nregion b block 0 2 0 2 0 2\ncreate_box 1 b\ncreate_atoms 1 box\nmass 1 1\npair_style lj/cut 2.5\npair_coeff 1 1 1 1\n';
    const fails = (d: string, msg: RegExp) => expect(() => runDpmd(d, scratchDir())).toThrow(msg);
    fails(`${base}compute p all property/atom d_nope\n`, /floating point vector does not exist: d_nope/);
    fails(`${base}fix 0 all balance 10 1.0 rcb weight store W\n`, /weight store vector W does not exist/);
    fails(`${base}fix p all property/atom d_a\nfix q all property/atom d_a\n`, /vector name a already exists/);
    fails(`${base}fix p all property/atom mol\n`, /'mol'.*not supported yet/);
    fails(`${base}fix 0 all balance 10 1.0 rcb\nthermo_style custom step f_0[1]\nrun 0\n`, /max load per process/);
  });
});
