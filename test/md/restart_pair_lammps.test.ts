import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectSameThermo, runDpmd, scratchDir } from '../helpers/lammps.js';

/**
 * read_restart restores the pair style as LAMMPS 29 Sep 2021 does for styles with restart info
 * (goldens in test/golden/restart_pair): a two-type lj/cut system with explicit and mixed
 * coefficients and pair_modify shift/mix is written, cleared and read back without any pair
 * command, and the continued run gives LAMMPS's thermo (the hugoniostat example relies on this).
 * Styles whose coefficients come from files (sw, eam, ...) are not stored, as in LAMMPS.
 */
const DECK = `units lj
atom_style atomic
lattice fcc 0.8442
region box block 0 4 0 4 0 4
create_box 2 box
create_atoms 1 box
set type 1 type/fraction 2 0.3 12345
mass * 1.0
velocity all create 1.2 4928459 loop geom
pair_style lj/cut 2.5
pair_coeff 1 1 1.0 1.0
pair_coeff 2 2 0.8 1.1 2.2
pair_modify shift yes mix arithmetic
fix 1 all nve
thermo 20
thermo_style custom step temp pe etotal press
thermo_modify format float %20.15g
run 40
write_restart restart.pair
clear
read_restart restart.pair
fix 1 all nve
thermo 20
thermo_style custom step temp pe etotal press
thermo_modify format float %20.15g
run 60
`;

describe('read_restart restores the pair style', () => {
  it('lj/cut with explicit and mixed coefficients and pair_modify shift/mix: same continued run as LAMMPS', () => {
    expectSameThermo('restart_pair/lj_cut', DECK, 1e-10);
  });

  it('a file-based pair style (sw) is not stored: the deck must give it again', () => {
    const dir = scratchDir();
    const sw = readFileSync(new URL('../fixtures/lammps-potentials/Si.sw', import.meta.url), 'utf8');
    const deck = `units metal
lattice diamond 5.431
region box block 0 2 0 2 0 2
create_box 1 box
create_atoms 1 box
mass 1 28.06
pair_style sw
pair_coeff * * Si.sw Si
write_restart r.sw
clear
read_restart r.sw
run 0
`;
    writeFileSync(join(dir, 'Si.sw'), sw);
    expect(() => runDpmd(deck, dir)).toThrow(/No pair style defined/);
    expect(JSON.parse(readFileSync(join(dir, 'r.sw'), 'utf8')).pair).toBeUndefined();
  });
});
