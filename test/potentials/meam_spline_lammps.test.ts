import { describe, expect, it } from 'vitest';
import { expectSameThermo, potentialsIn, runDpmd, scratchDir } from '../helpers/lammps.js';

/**
 * pair meam/spline against LAMMPS 29 Sep 2021 with the files of LAMMPS's
 * examples/PACKAGES/meam_spline: every thermo row (energy, pressure and its components) to 1e-9
 * relative. Silicon in the fcc phase of the example (old single-species file format) with a
 * vacancy, and rutile TiO2 from the TiO2 example (the multi-species format, types O and Ti, so
 * the cross splines φ_OTi, g_OTi are used).
 */
const RUN = `thermo_style custom step temp epair etotal press pxx pyy pzz pxy pxz pyz
thermo_modify format float %20.15g
thermo 10
run 50
`;

const SI = `units metal
boundary p p p
atom_style atomic
atom_modify sort 0 0.0
lattice fcc 3.98
region box block 0 3 0 3 0 3
create_box 1 box
create_atoms 1 box
group del id 17
delete_atoms group del
pair_style meam/spline
pair_coeff * * Si_1.meam.spline Si
mass * 28.085
velocity all create 500.0 44226611
fix 1 all nvt temp 500.0 500.0 1.0
`;

const TIO2 = `units metal
atom_style atomic
boundary p p p
atom_modify sort 0 0.0
lattice custom 4.5937 a1 1.0 0.0 0.0 a2 0.0 1.0 0.0 a3 0.0 0.0 0.644078628556502 &
  basis 0.0 0.0 0.0 basis 0.5 0.5 0.5 &
  basis 0.30478 0.30478 0.0 basis 0.69522 0.69522 0.0 basis 0.19522 0.80478 0.5 basis 0.80478 0.19522 0.5
region box block 0 2 0 2 0 3
create_box 2 box
create_atoms 1 box basis 1 2 basis 2 2
mass 1 16.00
mass 2 47.867
pair_style meam/spline
pair_coeff * * TiO.meam.spline O Ti
velocity all create 300 277387
fix 3 all nve
timestep 0.0002
`;

describe('pair meam/spline: same thermo as LAMMPS', () => {
  it('fcc silicon with a vacancy (Si_1.meam.spline, old format), NVT', () => {
    expectSameThermo('meam_spline/si_fcc', `${SI}${RUN}`, 1e-9);
  });

  it('rutile TiO2 (TiO.meam.spline, two species), NVE', () => {
    expectSameThermo('meam_spline/tio2', `${TIO2}${RUN}`, 1e-9);
  });

  it('errors: arguments, species, types', () => {
    const run = (deck: string) => () => runDpmd(deck, scratchDir(), { deck, repoFiles: potentialsIn(deck) });
    expect(run(`${SI.replace('pair_style meam/spline', 'pair_style meam/spline 1')}run 0\n`)).toThrow(
      /Illegal pair_style command/,
    );
    expect(run(`${TIO2.replace('O Ti', 'O Zr')}run 0\n`)).toThrow(/No matching element in meam\/spline potential file/);
    expect(run(`${TIO2.replace('O Ti', 'O O')}run 0\n`)).toThrow(/requires one atom type per element/);
  });
});
