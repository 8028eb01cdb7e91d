import { describe, it } from 'vitest';
import { expectSameThermo } from '../helpers/lammps.js';

/**
 * fix nvt / npt / nph against LAMMPS 29 Sep 2021 (Debian's lmp): the same deck through both
 * programs, thermo at full precision (including the fix energy in Ecouple/Econserve and the box),
 * agreement to 1e-6 relative over 300 steps. Measured agreement is ~1e-11 (roundoff only).
 *
 * `thermo_modify norm no`: LAMMPS 29 Sep 2021 prints Ecouple unnormalised even with lj's norm yes
 * (see docs/ on thermo); norm no keeps this test about the integrators.
 */
const THERMO = `thermo_style custom step temp pe ke etotal press ecouple econserve vol pxx pyy pzz pxy pxz pyz lx ly lz xy xz yz
thermo_modify format float %20.15g norm no
thermo 50`;

function ljDeck(region: string, fix: string, run = 'run 300'): string {
  return `
units lj
atom_style atomic
lattice fcc 0.8442
region box ${region}
create_box 1 box
create_atoms 1 box
mass 1 1.0
velocity all create 1.44 87287 loop geom
pair_style lj/cut 2.5
pair_coeff 1 1 1.0 1.0 2.5
neighbor 0.3 bin
neigh_modify delay 0 every 1 check yes
fix 1 all ${fix}
${THERMO}
${run}
`;
}

const CUBE = 'block 0 4 0 4 0 4';
const PRISM = 'prism 0 4 0 4 0 4 0.5 -0.3 0.2';

describe('LAMMPS cross-check: fix nvt/npt/nph (lj/cut, 256 atoms, 300 steps)', () => {
  it('nvt with a temperature ramp', () => {
    expectSameThermo('fix_nh_lammps/nvt_ramp', ljDeck(CUBE, 'nvt temp 1.0 1.2 0.5'));
  });

  it('npt iso', () => {
    expectSameThermo('fix_nh_lammps/npt_iso', ljDeck(CUBE, 'npt temp 1.0 1.0 0.5 iso 1.0 1.0 2.0'));
  });

  it('npt aniso', () => {
    expectSameThermo('fix_nh_lammps/npt_aniso', ljDeck(CUBE, 'npt temp 1.0 1.0 0.5 aniso 1.0 1.0 2.0'));
  });

  it('npt tri in a triclinic box', () => {
    expectSameThermo('fix_nh_lammps/npt_tri', ljDeck(PRISM, 'npt temp 1.0 1.0 0.5 tri 1.0 1.0 2.0'));
  });

  it('npt iso in a triclinic box (tilts scale with the cell)', () => {
    expectSameThermo('fix_nh_lammps/npt_iso_triclinic', ljDeck(PRISM, 'npt temp 1.0 1.0 0.5 iso 1.0 1.0 2.0'));
  });

  it('npt x/y/z with ramps, tchain, pchain, tloop, ploop, drag, nreset, fixedpoint', () => {
    expectSameThermo(
      'fix_nh_lammps/npt_xyz_ramps_chains',
      ljDeck(
        CUBE,
        'npt temp 1.0 1.1 0.5 x 1.0 2.0 2.0 y 1.5 1.5 1.0 z 0.5 0.5 3.0 tchain 4 pchain 2 tloop 2 ploop 3 drag 0.2 nreset 100 fixedpoint 0 0 0',
      ),
    );
  });

  it('npt aniso couple xy, mtk no, pchain 0', () => {
    expectSameThermo(
      'fix_nh_lammps/npt_aniso_couple_xy',
      ljDeck(CUBE, 'npt temp 1.0 1.0 0.5 aniso 1.0 1.0 2.0 couple xy mtk no pchain 0'),
    );
  });

  it('npt with every component set separately, shear stress targets', () => {
    expectSameThermo(
      'fix_nh_lammps/npt_all_components',
      ljDeck(
        PRISM,
        'npt temp 1.0 1.0 0.5 x 1.0 1.0 2.0 y 1.0 1.0 2.0 z 1.0 1.0 2.0 xy 0.5 0.5 1.0 xz -0.2 -0.2 1.0 yz 0.0 0.3 1.5',
      ),
    );
  });

  it('npt xy shear that flips the box twice (pre_exchange flips)', () => {
    expectSameThermo(
      'fix_nh_lammps/npt_xy_flips',
      ljDeck(
        'prism 0 4 0 4 0 4 1.8 0 0',
        'npt temp 1.0 1.0 0.5 x 1.0 1.0 2.0 y 1.0 1.0 2.0 z 1.0 1.0 2.0 xy -4.0 -4.0 0.2',
      ),
    );
  });

  it('nph iso with a pressure ramp', () => {
    expectSameThermo('fix_nh_lammps/nph_iso_ramp', ljDeck(CUBE, 'nph iso 1.0 0.5 2.0'));
  });

  it('state carries over consecutive runs; nph after unfix', () => {
    expectSameThermo(
      'fix_nh_lammps/consecutive_runs',
      ljDeck(
        CUBE,
        'npt temp 1.0 1.0 0.5 aniso 1.0 1.0 2.0',
        'run 150\nrun 150\nunfix 1\nfix 3 all nph iso 0.5 0.5 2.0\nrun 100',
      ),
    );
  });

  it('metal units, eam/alloy Cu, npt tri with temperature and pressure ramps', () => {
    expectSameThermo('fix_nh_lammps/metal_eam_alloy_npt_tri', METAL);
  });
});

const METAL = `
units metal
atom_style atomic
lattice fcc 3.615
region box prism 0 3 0 3 0 3 0.5 0.2 -0.3
create_box 1 box
create_atoms 1 box
mass 1 63.546
velocity all create 600 4928459 dist gaussian
pair_style eam/alloy
pair_coeff * * CuNi.eam.alloy Cu
fix 1 all npt temp 600 700 0.1 tri 1000 0 0.5
thermo_style custom step temp pe ke etotal press ecouple econserve vol pxx pyy pzz pxy pxz pyz lx ly lz xy xz yz
thermo_modify format float %20.15g
thermo 50
run 300
`;
