import { describe, expect, it } from 'vitest';
import { expectSameThermo, runDpmd } from '../helpers/lammps.js';

/**
 * read_dump and rerun against LAMMPS 29 Sep 2021 (goldens in test/golden/rerun, live lmp where
 * installed). The deck writes its own dumps (wrapped and scaled coordinates, full precision) in a
 * triclinic box, clears, and reads them back: LAMMPS and dpmd each read the dumps they wrote, and
 * every thermo row (energies, pressure, a per-atom compute) agrees to 1e-9; after each read_dump
 * the deck runs 20 steps of NVE from the snapshot read.
 */
const SETUP = `units lj
atom_style atomic
lattice fcc 0.8442
region box prism 0 5 0 5 0 5 0.4 0.2 -0.3
create_box 1 box
create_atoms 1 box
mass 1 1.0
pair_style lj/cut 2.5
pair_coeff 1 1 1.0 1.0 2.5
`;

const DECK = `${SETUP}velocity all create 3.0 87287 loop geom
neighbor 0.3 bin
neigh_modify delay 0 every 20 check no
fix 1 all nve
dump 1 all custom 100 lj.dump id type x y z vx vy vz
dump 2 all custom 100 ljs.dump id type xs ys zs
dump_modify 1 format float %20.15g
dump_modify 2 format float %20.15g
thermo 100
run 400
clear
${SETUP}compute p all pe/atom
compute r all reduce max c_p
thermo_style custom step temp pe press c_r
thermo_modify format float %20.15g
thermo 100
rerun lj.dump first 100 last 400 every 100 dump x y z vx vy vz
fix 1 all nve
read_dump lj.dump 200 x y z vx vy vz
run 20
read_dump ljs.dump 300 x y z
run 20
rerun ljs.dump lj.dump skip 2 dump x y z
`;

describe('read_dump and rerun: LAMMPS thermo from the same dumps', () => {
  it('rerun first/last/every, read_dump wrapped and scaled columns, rerun over two files with skip', () => {
    const ours = runDpmd(DECK);
    expect(ours.tables.length).toBe(5);
    expect(ours.tables[1].rows.map((r) => r[0])).toEqual([100, 200, 300, 400]);
    expect(ours.tables[4].rows.map((r) => r[0])).toEqual([0, 200, 400]);
    expectSameThermo('rerun/read_dump_rerun', DECK, 1e-9);
  });
});
