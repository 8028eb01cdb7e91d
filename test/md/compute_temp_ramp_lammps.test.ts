import { describe, expect, it } from 'vitest';
import { expectSameThermo, runDpmd } from '../helpers/lammps.js';

/**
 * compute temp/ramp against LAMMPS 29 Sep 2021 (goldens in test/golden/compute_temp_ramp): the
 * temperature and kinetic energy tensor after subtracting a velocity ramp (lattice and box units,
 * the fraction clamped to [0, 1] outside clo..chi), as thermo's temperature (thermo_modify temp, which
 * the pressure also uses) and as the bias a thermostat removes (fix_modify temp on temp/rescale).
 * A sheared 2d LJ liquid between walls, as LAMMPS's VISCOSITY/in.wall.2d.
 */
const DECK = `units lj
dimension 2
atom_style atomic
neigh_modify delay 0 every 1
lattice sq2 0.6
region simbox block 0 10 -2.5 12 -0.1 0.1
create_box 3 simbox
create_atoms 1 box
mass * 1.0
pair_style lj/cut 2.5
pair_coeff * * 1 1
region lower block INF INF INF 0.0 INF INF
region upper block INF INF 10 INF INF INF
group lower region lower
group upper region upper
set group lower type 2
set group upper type 3
group wall union lower upper
group flow subtract all wall
velocity flow create 1.0 97287
velocity upper set 2.7 0.0 0.0 units box
compute lat flow temp/ramp vx 0 1.2 y 1 9
variable ybox equal 10*ylat
compute tilt flow temp/ramp vx 0 2.7 y 0 \${ybox} units box
fix 1 all nve
fix 2 flow temp/rescale 10 1.0 1.0 0.02 0.5
fix_modify 2 temp tilt
fix 3 wall setforce 0.0 0.0 0.0
fix 5 all enforce2d
thermo_style custom step temp c_lat c_lat[1] c_lat[2] c_lat[4] c_tilt c_tilt[1] c_tilt[3] epair press pxy
thermo_modify temp tilt format float %20.15g
thermo 20
run 200
`;

describe('compute temp/ramp gives LAMMPS thermo', () => {
  it('ramp temperature and tensor, as thermo temp and as a thermostat bias', () => {
    expectSameThermo('compute_temp_ramp/wall_2d', DECK, 1e-9);
  });

  it('refuses bad arguments by name', () => {
    const base =
      'units lj\nlattice fcc 0.8\nregion b block 0 2 0 2 0 2\ncreate_box 1 b\ncreate_atoms 1 box\nmass 1 1\n';
    expect(() => runDpmd(`${base}compute r all temp/ramp vw 0 1 y 0 1`)).toThrow(/compute temp\/ramp/);
    expect(() => runDpmd(`${base}compute r all temp/ramp vx 0 1 y 0 1 units reduced`)).toThrow(/units/);
  });
});
