import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectSameThermo, runDpmd, scratchDir } from '../helpers/lammps.js';

/**
 * write_restart / restart / clear / read_restart / shell rm against LAMMPS 29 Sep 2021: a deck
 * that saves its state, clears everything and continues from the file gives LAMMPS's thermo
 * (LAMMPS reads its own binary restart files, dpmd its own JSON ones: the file formats differ,
 * the numbers may not). Goldens in test/golden/restart.
 */
const SETUP = `units lj
atom_style atomic
lattice fcc 0.8442
region box prism 0 4 0 4 0 4 0.3 0 0
create_box 2 box
create_atoms 1 box
mass 1 1.0
mass 2 2.0
group heavy id 1:256:3
set group heavy type 2
velocity all create \${T} 87287 loop geom
`;

const FORCES = `pair_style lj/cut 2.5
pair_coeff * * 1.0 1.0 2.5
neighbor 0.3 bin
compute th heavy temp
thermo_style custom step temp pe etotal press c_th
thermo_modify format float %20.15g
thermo 25
`;

const DECK = `variable T equal 1.2
${SETUP}${FORCES}fix 1 all nve
restart 40 a.restart b.restart
run 100
write_restart state.restart
clear
print "T is still \${T}"
read_restart state.restart
${FORCES}fix 1 all nve
run 100
clear
read_restart b.restart
${FORCES}fix 1 heavy nve
run 20
shell rm state.restart
`;

describe('restart files: a deck continued from its own restart gives LAMMPS thermo', () => {
  it('write_restart, periodic restart with two files, clear (variables kept), read_restart, groups restored', () => {
    const dir = scratchDir();
    const ours = runDpmd(DECK, dir);
    expect(ours.tables.length).toBe(3);
    expect(ours.text).toMatch(/T is still 1\.2/);
    // restart 40 a b: a at step 40, b at step 80; the group heavy survives (fix 1 heavy nve runs).
    expect(existsSync(join(dir, 'a.restart')) && existsSync(join(dir, 'b.restart'))).toBe(true);
    expect(JSON.parse(readFileSync(join(dir, 'b.restart'), 'utf8')).step).toBe(80);
    expect(existsSync(join(dir, 'state.restart'))).toBe(false);
    expect(ours.tables[2].rows[0][0]).toBe(80);
    expectSameThermo('restart/write_clear_read', DECK, 1e-9);
  });
});
