import { describe, expect, it } from 'vitest';
import { expectSameThermo, runDpmd } from '../helpers/lammps.js';

/**
 * atom_style sphere and granular flow against LAMMPS 29 Sep 2021 (goldens in test/golden/granular,
 * live lmp where installed): pair gran/hooke/history, gran/hertz/history and gran/hooke in contact
 * (forces, torques, shear history, virial), fix nve/sphere, gravity (vector, spherical), wall/gran
 * planes, freeze, enforce2d with spheres, compute erotate/sphere, set diameter/density, and fix pour
 * (polydisperse diameters, densities, velocities, repeated batches with overlap rejection, lost
 * atoms, dof counted at setup vs dynamic/dof). Every thermo row to 1e-9 relative.
 */
const thermo = (cols: string) => `thermo_style custom ${cols}\nthermo_modify format float %20.15g\nthermo 50\n`;

const HEAD3D = `units lj
atom_style sphere
newton off
comm_modify vel yes
neighbor 0.2 bin
neigh_modify delay 0
timestep 0.001
`;

describe('granular: same thermo as LAMMPS', () => {
  it('gran/hooke/history packing settling on a wall/gran floor under gravity vector', () => {
    expectSameThermo(
      'granular/hooke_history_wall',
      `${HEAD3D}boundary p p fm
region box block 0 6 0 6 0 10 units box
create_box 2 box
lattice sc 1.0
region r block 0 6 0 6 0.6 4.6 units box
create_atoms 1 region r
set type 1 diameter 1.05
set group all density 1.5
velocity all create 2.0 12345 loop geom
pair_style gran/hooke/history 2000.0 NULL 50.0 NULL 0.5 1
pair_coeff * *
fix 1 all nve/sphere
fix 2 all gravity 1.0 vector 0 0 -1
fix 3 all wall/gran hooke/history 2000.0 NULL 50.0 NULL 0.5 1 zplane 0.0 NULL
compute 1 all erotate/sphere
${thermo('step atoms ke c_1 press pxz')}run 300
`,
      1e-9,
    );
  });

  it('2d gran/hertz/history in a box of wall/gran x and y planes with enforce2d', () => {
    expectSameThermo(
      'granular/hertz_history_2d',
      `dimension 2
${HEAD3D}boundary f f p
region box block 0 10 0 10 -0.5 0.5 units box
create_box 1 box
lattice sq 1.0
region r block 0.6 9.4 0.6 6.4 -0.5 0.5 units box
create_atoms 1 region r
set type 1 diameter 1.04
velocity all create 1.0 4321 loop geom
pair_style gran/hertz/history 4000.0 NULL 100.0 NULL 0.5 1
pair_coeff * *
fix 1 all nve/sphere
fix 2 all gravity 1.0 spherical 0.0 -180.0
fix xw all wall/gran hertz/history 4000.0 NULL 100.0 NULL 0.5 1 xplane 0 10
fix yw all wall/gran hertz/history 4000.0 NULL 100.0 NULL 0.5 1 yplane 0 NULL
fix 3 all enforce2d
compute 1 all erotate/sphere
${thermo('step atoms ke c_1 press pxy')}run 300
`,
      1e-9,
    );
  });

  it('gran/hooke (no history) with a frozen group of heavier spheres (fix freeze)', () => {
    expectSameThermo(
      'granular/hooke_freeze',
      `${HEAD3D}boundary p p p
region box block 0 5 0 5 0 5 units box
create_box 2 box
lattice sc 1.0
create_atoms 1 box
set type 1 diameter 1.06
set atom 1*20 type 2
set type 2 density 2.0
group frozen type 2
velocity all create 3.0 777 loop geom
pair_style gran/hooke 2000.0 NULL 50.0 NULL 0.4 1
pair_coeff * *
fix 1 all nve/sphere
fix f frozen freeze
compute 1 all erotate/sphere
${thermo('step atoms ke c_1 press f_f[1] f_f[3]')}run 300
`,
      1e-9,
    );
  });

  it('fix pour: poly diameters, densities, velocities, three batches, lost atoms, dof at setup vs dynamic', () => {
    const deck = `${HEAD3D}boundary p p fm
region reg block 0 8 0 8 0 10 units box
create_box 2 reg
pair_style gran/hooke/history 2000.0 NULL 50.0 NULL 0.5 0
pair_coeff * *
fix 1 all nve/sphere
fix 2 all gravity 100.0 spherical 0.0 -180.0
fix zlower all wall/gran hooke/history 2000.0 NULL 50.0 NULL 0.5 0 zplane 0.0 2000.0
region slab block 0.5 7.5 0.5 7.5 8.0 9.0 units box
fix ins all pour 500 2 4142 vol 0.4 20 diam poly 3 0.6 0.3 0.8 0.5 1.0 0.2 dens 1.0 2.0 vel -0.5 0.5 -1.0 1.0 -2.0 region slab
compute 1 all erotate/sphere
compute t all temp
compute_modify t dynamic/dof yes
${thermo('step atoms ke c_1 c_t press')}thermo_modify lost ignore norm no format float %20.15g
run 300
`;
    expectSameThermo('granular/pour_poly', deck, 1e-9);
    const { sim, text } = runDpmd(deck);
    expect(text).toContain('Particle insertion: 71 every 123 steps, 500 by step 862');
    expect(sim.system.n).toBe(202);
  });

  it('set diameter/density per type, replicate carrying radius, mass and spin, gran/hertz/history', () => {
    expectSameThermo(
      'granular/replicate_hertz',
      `${HEAD3D}boundary p p p
region box block 0 3 0 3 0 3 units box
create_box 2 box
lattice sc 1.0
create_atoms 1 box
set atom 1*9 type 2
set type 2 diameter 1.1
set type 2 density 3.0
set type 1 diameter 1.04
velocity all create 2.0 4928 loop geom
replicate 2 2 1
pair_style gran/hertz/history 2000.0 NULL 50.0 NULL 0.5 1
pair_coeff * *
fix 1 all nve/sphere
compute 1 all erotate/sphere
${thermo('step atoms ke c_1 press density')}run 200
`,
      1e-9,
    );
  });

  it('per-atom masses in ke/atom, temp/com, temp/partial, property/atom, mass(), fix momentum and spring', () => {
    expectSameThermo(
      'granular/per_atom_mass',
      `${HEAD3D}boundary p p p
region box block 0 4 0 4 0 4 units box
create_box 2 box
lattice sc 1.0
create_atoms 1 box
set atom 1*20 type 2
set type 2 density 3.0
set type 1 diameter 1.03
velocity all create 2.0 4928 loop geom
pair_style gran/hooke/history 2000.0 NULL 50.0 NULL 0.5 1
pair_coeff * *
group heavy type 2
fix 1 all nve/sphere
fix 2 all momentum 10 linear 1 1 1
fix 3 heavy spring tether 5.0 2.0 2.0 NULL 0.0
compute ka all ke/atom
compute ks all reduce sum c_ka
compute tc all temp/com
compute tp all temp/partial 1 1 0
compute pm all property/atom mass
compute ms all reduce sum c_pm
variable m equal mass(heavy)
${thermo('step ke c_ks c_tc c_tp c_ms v_m press f_3')}run 200
`,
      1e-9,
    );
  });

  it('refuses what it does not implement, by name', () => {
    const base = `${HEAD3D}region box block 0 4 0 4 0 4 units box\ncreate_box 1 box\n`;
    expect(() => runDpmd(`${base}fix 1 all gravity 1.0 gradient 0 0 1 1\n`)).toThrow(/gradient is not supported/);
    expect(() => runDpmd(`${base}fix 1 all nve/sphere update dipole\n`)).toThrow(/update dipole is not supported/);
    expect(() => runDpmd(`${base}mass 1 1.0\n`)).toThrow(/Cannot set mass for atom style sphere/);
    expect(() =>
      runDpmd(
        `${base}create_atoms 1 single 1 1 1 units box\npair_style gran/hooke 1 NULL 1 NULL 0.5 1\npair_coeff * *\nfix 1 all langevin 1 1 1 5\nrun 1\n`,
      ),
    ).toThrow(/Fix langevin with per-atom masses \(atom_style sphere\) is not supported yet/);
    expect(() => runDpmd(`${base}fix 1 all pour 10 1 1 region box\n`)).toThrow(/No fix gravity defined for fix pour/);
  });
});
