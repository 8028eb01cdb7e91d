import { describe, it } from 'vitest';
import { expectSameThermo } from '../helpers/lammps.js';

/**
 * Nose-Hoover barostats in 2d against LAMMPS 29 Sep 2021 (goldens in test/golden/fix_nh_2d, live
 * lmp where installed): LAMMPS's FixNH drops z in 2d (p_flag[2] = 0, pdim = 2, area instead of
 * volume, its own compute pressure in 2d); iso, aniso with drag and mtk no, and x/y coupled xy
 * (which is iso in 2d). Every thermo row to 1e-9 relative.
 */
const BASE = `units lj
dimension 2
atom_style atomic
lattice sq 0.8
region box block 0 10 0 10 -0.5 0.5
create_box 1 box
create_atoms 1 box
mass 1 1.0
velocity all create 1.0 87287 loop geom
pair_style lj/cut 2.5
pair_coeff 1 1 1.0 1.0 2.5
neighbor 0.3 bin
neigh_modify delay 0
fix 2 all enforce2d
thermo_style custom step temp pe etotal press pxx pyy pxy vol ecouple
thermo_modify format float %20.15g
thermo 50
`;

describe('fix npt/nph in 2d: same thermo as LAMMPS', () => {
  it('npt iso', () => {
    expectSameThermo('fix_nh_2d/npt_iso', `${BASE}fix 1 all npt temp 1.0 1.0 0.5 iso 1.0 1.5 2.0\nrun 300\n`, 1e-9);
  });

  it('npt aniso with drag, mtk no, one thermostat, no barostat chain', () => {
    expectSameThermo(
      'fix_nh_2d/npt_aniso_drag',
      `${BASE}fix 1 all npt temp 1.0 1.2 0.5 aniso 0.5 1.0 1.0 drag 1.0 mtk no pchain 0 tchain 1\nrun 300\n`,
      1e-9,
    );
  });

  it('nph x and y coupled xy', () => {
    expectSameThermo(
      'fix_nh_2d/nph_couple_xy',
      `${BASE}fix 1 all nph x 1.0 1.0 2.0 y 1.0 1.0 2.0 couple xy\nrun 300\n`,
      1e-9,
    );
  });
});
