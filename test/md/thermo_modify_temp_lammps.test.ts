import { describe, expect, it } from 'vitest';
import { expectSameThermo, runDpmd, scratchDir } from '../helpers/lammps.js';

/**
 * thermo_modify temp ID against LAMMPS 29 Sep 2021 (goldens in test/golden/thermo_modify_temp):
 * temp, ke (T dof k_B / 2), etotal, press (the compute's dof and T), the pressure tensor (the
 * compute's kinetic energy tensor), enthalpy and econserve all follow the compute; thermo_style
 * resets it to the default. In 3d and in 2d (where the examples use it most). Thermo to 1e-9.
 */
const COLS = 'step temp ke pe etotal press pxx pyy pxy enthalpy econserve';
const thermo = `thermo_style custom ${COLS}\nthermo_modify format float %20.15g temp mobile\n`;

describe('thermo_modify temp: same thermo as LAMMPS', () => {
  it('3d: a temperature of the mobile group, fixed atoms held by setforce', () => {
    const deck = `units lj
atom_style atomic
lattice fcc 0.8442
region box block 0 5 0 5 0 5
create_box 1 box
create_atoms 1 box
mass 1 1.0
region bot block INF INF INF INF INF 1.2
group bot region bot
group mobile subtract all bot
compute mobile mobile temp
velocity mobile create 1.5 887723 temp mobile
pair_style lj/cut 2.5
pair_coeff * * 1.0 1.0 2.5
fix 1 all nve
fix 2 bot setforce 0.0 0.0 0.0
velocity bot set 0 0 0
${thermo}thermo 20
run 60
thermo_style custom ${COLS}
thermo_modify format float %20.15g
run 40
`;
    expect(runDpmd(deck).tables.length).toBe(2);
    expectSameThermo('thermo_modify_temp/group3d', deck, 1e-9);
  });

  it('2d: hex lattice with enforce2d, as the crack and indent examples', () => {
    const deck = `dimension 2
units lj
atom_style atomic
lattice hex 0.93
region box block 0 16 0 8 -0.25 0.25
create_box 1 box
create_atoms 1 box
mass 1 1.0
region lower block INF INF INF 1.25 INF INF
group lower region lower
group mobile subtract all lower
compute mobile mobile temp
velocity mobile create 0.2 482748 temp mobile
pair_style lj/cut 2.5
pair_coeff * * 1.0 1.0 2.5
fix 1 all nve
fix 2 lower setforce 0.0 0.0 0.0
fix 3 all enforce2d
${thermo}thermo 25
run 100
`;
    expectSameThermo('thermo_modify_temp/hex2d', deck, 1e-9);
  });

  it('refusals: an unknown compute, a compute that is not a temperature', () => {
    const base =
      'units lj\nlattice fcc 0.8\nregion b block 0 2 0 2 0 2\ncreate_box 1 b\ncreate_atoms 1 box\nmass 1 1\npair_style lj/cut 2.5\npair_coeff 1 1 1 1\n';
    const fails = (d: string, msg: RegExp) => expect(() => runDpmd(d, scratchDir())).toThrow(msg);
    fails(`${base}thermo_modify temp nope\nrun 0\n`, /Could not find thermo_modify temperature ID 'nope'/);
    fails(
      `${base}compute p all pe\nthermo_modify temp p\nrun 0\n`,
      /Thermo_modify temperature ID 'p' does not compute temperature/,
    );
  });
});
