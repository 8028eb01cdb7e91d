import { describe, expect, it } from 'vitest';
import { expectSameThermo, runDpmd, scratchDir } from '../helpers/lammps.js';

/**
 * fix deform, compute temp/deform and fix nvt/sllod against LAMMPS 29 Sep 2021 (goldens in
 * test/golden/fix_deform): every length style (final, delta, scale, vel, erate, trate) and tilt
 * style (final, delta, vel, erate, trate) with remap x, v and none, units lattice and box, and a
 * SLLOD shear flow (the nemd example). The box columns, pressure tensor and temperatures to 1e-9.
 */
const BOX = 'lx ly lz xy xz yz vol';

function deck3d(deform: string, run = 200): string {
  return `units lj
atom_style atomic
lattice fcc 0.8442
region box prism 0 5 0 5 0 5 0 0 0
create_box 1 box
create_atoms 1 box
mass 1 1.0
velocity all create 1.0 87287 loop geom
pair_style lj/cut 2.5
pair_coeff * * 1.0 1.0 2.5
neigh_modify every 1 delay 0
fix 1 all nve
fix 2 all deform ${deform}
compute td all temp/deform
thermo_style custom step temp c_td pe etotal press pxx pyy pxy ${BOX}
thermo_modify format float %20.15g
thermo 25
run ${run}
`;
}

describe('fix deform: same box, thermo as LAMMPS', () => {
  it('lengths: final, delta, scale (remap x, units lattice)', () => {
    expectSameThermo('fix_deform/final_delta_scale', deck3d('1 x final 0 5.2 y delta -0.1 0.2 z scale 1.03'), 1e-9);
  });

  it('lengths: vel, erate, trate (remap none, units box), every 5 steps', () => {
    expectSameThermo(
      'fix_deform/vel_erate_trate',
      deck3d('5 x vel 0.05 y erate 0.02 z trate -0.01 remap none units box'),
      1e-9,
    );
  });

  it('tilts: final, delta, vel, erate, trate with remap v (velocity jumps at the faces)', () => {
    expectSameThermo('fix_deform/tilts', deck3d('1 xy final 0.4 xz vel 0.1 yz erate 0.05 remap v'), 1e-9);
    expectSameThermo(
      'fix_deform/tilts_delta_trate',
      deck3d('1 xy delta -0.3 yz trate 0.1 remap x units box').replace('0 0 0\ncreate_box', '0.2 0.1 0.3\ncreate_box'),
      1e-9,
    );
  });

  it('nvt/sllod with deform xy erate remap v in 2d (nemd example), thermo on temp/deform', () => {
    const d = `units lj
atom_style atomic
dimension 2
lattice sq2 0.8442
region box prism 0 10 0 8 -0.5 0.5 0 0 0
create_box 2 box
create_atoms 1 box
mass * 1.0
velocity all create 1.44 87287 loop geom
region slice block 4 6 INF INF INF INF
set region slice type 2
pair_style lj/cut 2.5
pair_coeff * * 1.0 1.0 1.0
neighbor 0.3 bin
neigh_modify delay 0 every 1
fix 1 all nvt/sllod temp 1.0 1.0 1.0 tchain 1
fix 2 all deform 1 xy erate 0.05 remap v
compute usual all temp
compute tilt all temp/deform
thermo_style custom step temp c_usual pe etotal press pxy xy f_1
thermo_modify temp tilt format float %20.15g
thermo 50
run 400
`;
    expectSameThermo('fix_deform/nvt_sllod_2d', d, 1e-9);
  });

  it('nvt/sllod without tchain: the default chain for sllod is 1 long in LAMMPS (3 for nvt)', () => {
    const d = `units lj
lattice fcc 0.8
region box prism 0 4 0 4 0 4 0 0 0
create_box 1 box
create_atoms 1 box
pair_style lj/cut 2.5
pair_coeff * * 1 1
mass * 1.0
velocity all create 1.0 97287
fix 1 all nvt/sllod temp 1 1 0.1
fix 2 all deform 1 xy erate 0.2 remap v
compute tilt all temp/deform
thermo_style custom step temp pe pxy f_1
thermo_modify temp tilt format float %20.15g
thermo 10
run 60
`;
    expectSameThermo('fix_deform/nvt_sllod_default_chain', d, 1e-9);
  });

  it('refusals: wiggle, sllod without remap v, tilt in an orthogonal box', () => {
    const base =
      'units lj\nlattice fcc 0.8\nregion b block 0 3 0 3 0 3\ncreate_box 1 b\ncreate_atoms 1 box\nmass 1 1\npair_style lj/cut 2.5\npair_coeff 1 1 1 1\nvelocity all create 1 1\n';
    const fails = (d: string, msg: RegExp) => expect(() => runDpmd(d, scratchDir())).toThrow(msg);
    fails(`${base}fix 1 all deform 1 x wiggle 1 1\n`, /style wiggle is not supported yet/);
    fails(`${base}fix 1 all deform 1 xy erate 0.1\nfix 2 all nve\nrun 1\n`, /tilt factors require triclinic box/);
    fails(
      `${base}fix 1 all deform 1 x erate 0.1\nfix 2 all nvt/sllod temp 1 1 1\nrun 1\n`,
      /inconsistent fix deform remap option/,
    );
  });
});
