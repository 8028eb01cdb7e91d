import { describe, it } from 'vitest';
import { expectSameThermo } from '../helpers/lammps.js';

/**
 * The same deck through LAMMPS and through dpmd with the EAM styles: thermo must agree to 1e-6
 * relative over a few hundred steps (full-precision thermo so printing does not limit it).
 * Potential files by name, copied in beside the deck: the Mendelev 2009 Al-Mg eam/fs from
 * potentials/data, LAMMPS's own funcfl and setfl files from test/fixtures/lammps-potentials.
 */
const FMT = 'thermo_modify format float %20.15g';
const COLS = 'thermo_style custom step temp pe ke etotal press pxx pyy pzz pxy pxz pyz vol';

describe('LAMMPS cross-check: EAM styles', () => {
  it('eam/fs Al-Mg (Mendelev 2009) in a triclinic box, NVE 300 steps', () => {
    expectSameThermo(
      'crosscheck_eam/almg_fs_triclinic',
      `
units metal
atom_style atomic
lattice fcc 4.05
region box prism 0 4 0 4 0 4 0.8 -0.5 0.4
create_box 2 box
create_atoms 1 box basis 2 2
pair_style eam/fs
pair_coeff * * AlMg_Mendelev2009.eam.fs Al Mg
velocity all create 900.0 87287 loop geom
neighbor 1.0 bin
neigh_modify every 5 delay 0 check yes
timestep 0.002
fix 1 all nve
${COLS}
${FMT}
thermo 50
run 300
`,
    );
  });

  it('eam funcfl Cu + Ag (merged grids, mixed pair terms), small box, NVE 300 steps', () => {
    expectSameThermo(
      'crosscheck_eam/cu_ag_funcfl',
      `
units metal
atom_style atomic
lattice fcc 3.8
region box block 0 3 0 3 0 3
create_box 2 box
create_atoms 1 box basis 1 2 basis 4 2
pair_style eam
pair_coeff 1 1 Cu_u3.eam
pair_coeff 2 2 Ag_u3.eam
velocity all create 1200.0 4928459 dist gaussian mom yes rot yes
timestep 0.001
fix 1 all nve
${COLS}
${FMT}
thermo 50
run 300
`,
    );
  });

  it('eam/alloy Cu-Ni, triclinic, NVE 300 steps', () => {
    expectSameThermo(
      'crosscheck_eam/cuni_alloy_triclinic',
      `
units metal
atom_style atomic
lattice fcc 3.56
region box prism 0 3 0 3 0 4 0.5 0.3 -0.6
create_box 2 box
create_atoms 1 box basis 3 2
pair_style eam/alloy
pair_coeff * * CuNi.eam.alloy Cu Ni
velocity all create 800.0 12345
timestep 0.001
fix 1 all nve
${COLS}
${FMT}
thermo 50
run 300
`,
    );
  });
});
