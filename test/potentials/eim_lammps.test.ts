import { describe, expect, it } from 'vitest';
import { expectSameThermo, potentialsIn, runDpmd, scratchDir } from '../helpers/lammps.js';

/**
 * pair eim against LAMMPS 29 Sep 2021 with LAMMPS's ffield.eim (examples/eim): every thermo row
 * (energy, pressure and its components) to 1e-9 relative. Rock-salt NaCl with a vacancy (masses
 * come from the file, as LAMMPS's pair_coeff sets them), NVT; and the same crystal with the
 * element list in the other order and types mapped Cl Na (the F_ij table of the reversed pair
 * and the lower-triangle G/φ lookups).
 */
const deck = (coeff: string, t1: number, t2: number) => `units metal
atom_style atomic
boundary p p p
atom_modify sort 0 0.0
lattice custom 5.64 a1 1 0 0 a2 0 1 0 a3 0 0 1 &
  basis 0 0 0 basis 0 0.5 0.5 basis 0.5 0 0.5 basis 0.5 0.5 0 &
  basis 0.5 0 0 basis 0 0.5 0 basis 0 0 0.5 basis 0.5 0.5 0.5
region box block 0 2 0 2 0 2
create_box 2 box
create_atoms ${t1} box basis 5 ${t2} basis 6 ${t2} basis 7 ${t2} basis 8 ${t2}
group del id 7
delete_atoms group del
pair_style eim
pair_coeff ${coeff}
neighbor 0.3 bin
neigh_modify delay 0
velocity all create 1400.0 43454 dist gaussian mom yes
fix 1 all nvt temp 1400.0 1400.0 0.1
timestep 0.001
thermo_style custom step temp pe etotal press pxx pyy pzz pxy pxz pyz
thermo_modify format float %20.15g
thermo 10
run 50
`;

describe('pair eim: same thermo as LAMMPS', () => {
  it('rock-salt NaCl with a vacancy (ffield.eim)', () => {
    expectSameThermo('eim/nacl', deck('* * Na Cl ffield.eim Na Cl', 1, 2), 1e-9);
  });

  it('the elements listed Cl Na, types mapped Cl Na', () => {
    expectSameThermo('eim/nacl_reversed', deck('* * Cl Na ffield.eim Cl Na', 2, 1), 1e-9);
  });

  it('errors: arguments, unknown element', () => {
    const run =
      (coeff: string, style = 'eim') =>
      () => {
        const d = deck(coeff, 1, 2).replace('pair_style eim', `pair_style ${style}`);
        runDpmd(d, scratchDir(), { deck: d, repoFiles: potentialsIn(d) });
      };
    expect(run('* * Na Cl ffield.eim Na Cl', 'eim 2')).toThrow(/Illegal pair_style command/);
    expect(run('* * Na Cl ffield.eim Na K')).toThrow(/Incorrect args for pair coefficients/);
    expect(run('* * Na Xx ffield.eim Na Xx')).toThrow(/Could not grab element entry/);
  });
});
