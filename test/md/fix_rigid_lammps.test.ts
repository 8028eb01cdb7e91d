import { describe, expect, it } from 'vitest';
import {
  expectSameThermo,
  expectThermoClose,
  lammpsReference,
  parseThermo,
  runDpmd,
  scratchDir,
  thermoAgrees,
} from '../helpers/lammps.js';

/**
 * fix rigid, rigid/nve, rigid/nvt, rigid/npt, rigid/nph (LAMMPS RIGID package) against LAMMPS 29 Sep 2021 (goldens in
 * test/golden/fix_rigid): tetrahedral bodies of an LJ fcc crystal with two masses, moving through
 * the periodic box (image flags relative to the body), the pressure tensor with the constraint
 * virial, f_ID (the bodies' temperature), every body style (custom v_ of atom and atomfile variables, group, molecule, single),
 * force/torque flags, fix_modify bodyforces early with a later force fix, a triclinic box over two
 * runs with reinit no. Thermo to 1e-9 relative.
 */
const BASE = `units lj
atom_style atomic
lattice fcc 0.8
region box block 0 4 0 4 0 4
create_box 2 box
create_atoms 1 box
mass 1 1.0
mass 2 2.0
set type 1 type/fraction 2 0.3 12345
pair_style lj/cut 2.5
pair_coeff * * 1.0 1.0 2.5
velocity all create 1.5 87287 loop geom
variable b atom "floor((id-1)/4)+1"
`;

const THERMO = `thermo_style custom step temp pe etotal press pxx pyy pzz pxy pxz pyz f_1
thermo_modify format float %20.15g
thermo 25
timestep 0.005
`;

describe('fix rigid: same thermo as LAMMPS', () => {
  it('rigid custom v_: 64 tetrahedra, Richardson rotation, pressure tensor and f_1', () => {
    expectSameThermo('fix_rigid/custom_variable', `${BASE}fix 1 all rigid custom v_b\n${THERMO}run 200\n`, 1e-9);
  });

  it('rigid/nve group: NO_SQUISH, force/torque flags, bodyforces early before fix addforce', () => {
    const d = `${BASE}group g1 id <> 1 40
group g2 id <> 41 80
group g3 id <> 81 83
fix 1 all rigid/nve group 3 g1 g2 g3 force 2 off on off torque * on off on
fix 2 all addforce 0.1 0.0 0.0
fix_modify 1 bodyforces early
${THERMO}run 200
`;
    expectSameThermo('fix_rigid/nve_group_flags_early', d, 1e-9);
  });

  it('rigid molecule on part of the atoms, fix nve on the rest, neigh_modify exclude molecule/intra', () => {
    const d = `units lj
atom_style bond
lattice fcc 0.8
region box block 0 4 0 4 0 4
create_box 2 box bond/types 1 extra/bond/per/atom 1
create_atoms 1 box
mass 1 1.0
mass 2 2.0
set type 1 type/fraction 2 0.3 12345
variable m atom "floor((id-1)/8)+1"
set group all mol v_m
pair_style lj/cut 2.5
pair_coeff * * 1.0 1.0 2.5
bond_style harmonic
bond_coeff 1 1.0 1.0
velocity all create 1.5 87287 loop geom
group sub id <= 128
group free subtract all sub
neigh_modify exclude molecule/intra sub
fix 1 sub rigid molecule
fix 2 free nve
${THERMO}run 100
`;
    expectSameThermo('fix_rigid/molecule_partial', d, 1e-9);
  });

  it('rigid custom v_ of an atomfile variable on half the atoms, a single body with rigid/nve', () => {
    // bodies of 8 atoms for atoms 1-128, listed out of order, with comments and blank lines
    const lines = ['# body of each atom', '', '128'];
    for (let id = 128; id >= 1; id--)
      lines.push(`${id} ${Math.floor((id - 1) / 8) + 1}${id === 7 ? ' # a comment' : ''}`);
    const spec = {
      deck: `${BASE.replace('atom_style atomic\n', 'atom_style atomic\natom_modify map array\n')}variable f atomfile bodies.txt
group half id <= 128
fix 1 half rigid custom v_f
group one id > 240
fix 2 one rigid/nve single
${THERMO}run 100
`,
      files: { 'bodies.txt': `${lines.join('\n')}\n` },
    };
    const ref = lammpsReference('fix_rigid/atomfile_single', spec, thermoAgrees(1e-9));
    const ours = runDpmd(spec.deck, scratchDir(), spec).tables;
    expectThermoClose(ours, parseThermo(ref.screen), 1e-9, 'dpmd vs LAMMPS');
  });

  it('triclinic box, 16-atom bodies, reinit no over two runs', () => {
    const d = `units lj
atom_style atomic
lattice fcc 0.8
region box prism 0 4 0 4 0 4 1.0 0.5 -0.7
create_box 1 box
create_atoms 1 box
mass 1 1.0
pair_style lj/cut 2.5
pair_coeff * * 1.0 1.0 2.5
velocity all create 3.0 4928459 loop geom
variable b atom "floor((id-1)/16)+1"
fix 1 all rigid custom v_b reinit no
neigh_modify every 1 delay 0 check yes
thermo_style custom step temp pe etotal press pxx pxy pyz f_1
thermo_modify format float %20.15g
thermo 50
timestep 0.005
run 200
run 100
`;
    expectSameThermo('fix_rigid/triclinic_two_runs', d, 1e-9);
  });

  it('rigid/nvt: Nose-Hoover chains on translation and rotation, temperature ramp, tparam', () => {
    const d = `${BASE}fix 1 all rigid/nvt custom v_b temp 1.5 1.0 0.5 tparam 4 2 5\n${THERMO}run 100\n`;
    expectSameThermo('fix_rigid/nvt_tparam', d, 1e-9);
  });

  it('rigid/npt iso and rigid/nph x y z couple xy with pchain: the box follows', () => {
    const box = 'thermo_style custom step temp pe etotal press lx ly lz pxx pzz f_1\n';
    const rest = THERMO.replace(/^thermo_style.*\n/, box);
    expectSameThermo(
      'fix_rigid/npt_iso',
      `${BASE}fix 1 all rigid/npt custom v_b temp 1.5 1.5 0.5 iso 0.5 0.5 1.0\n${rest}run 100\n`,
      1e-9,
    );
    expectSameThermo(
      'fix_rigid/nph_couple_xy',
      `${BASE}fix 1 all rigid/nph custom v_b x 0.5 0.5 1.0 y 0.5 0.5 1.0 z 0.2 0.3 1.5 couple xy pchain 3\n${rest}run 100\n`,
      1e-9,
    );
  });

  it('rigid/npt aniso on half the atoms, dilate a group, fix nve on the rest, fix_modify temp', () => {
    const d = `${BASE}group half id <= 128
group rest subtract all half
fix 2 rest nve
fix 1 half rigid/npt custom v_b temp 1.5 1.5 0.5 aniso 0.5 0.5 1.0 dilate half
compute myT all temp
fix_modify 1 temp myT
thermo_style custom step temp pe etotal press lx ly lz pxx pyy f_1
thermo_modify format float %20.15g
thermo 20
timestep 0.005
run 100
`;
    expectSameThermo('fix_rigid/npt_aniso_dilate_group', d, 1e-9);
  });

  it('keyword langevin on rigid and rigid/nve: body-frame torques, temperature ramp', () => {
    expectSameThermo(
      'fix_rigid/langevin',
      `${BASE}fix 1 all rigid custom v_b langevin 1.5 1.0 0.3 48279\n${THERMO}run 100\n`,
      1e-9,
    );
    expectSameThermo(
      'fix_rigid/nve_langevin',
      `${BASE}fix 1 all rigid/nve custom v_b langevin 1.5 1.0 0.3 48279\n${THERMO}run 100\n`,
      1e-9,
    );
  });

  it('refusals name the problem', () => {
    const base =
      'units lj\nlattice fcc 0.8\nregion b block 0 2 0 2 0 2\ncreate_box 1 b\ncreate_atoms 1 box\nmass 1 1\npair_style lj/cut 2.5\npair_coeff 1 1 1 1\n';
    const fails = (d: string, msg: RegExp) => expect(() => runDpmd(d, scratchDir())).toThrow(msg);
    fails(
      `${base}fix 1 all rigid/nvt single temp 1 1 1 langevin 1 1 1 5\n`,
      /'langevin' is for fix rigid or rigid\/nve only/,
    );
    fails(`${base}fix 1 all rigid single infile bodies.txt\n`, /keyword 'infile' is not supported yet/);
    fails(`${base}fix 1 all rigid single temp 1 1 1\n`, /keyword 'temp' is for fix rigid\/nvt or rigid\/npt only/);
    fails(`${base}fix 1 all rigid/nvt single\n`, /Did not set temperature for fix rigid\/nvt/);
    fails(`${base}fix 1 all rigid/npt single temp 1 1 1 x 1 1 1 y 2 2 1 couple xy\n`, /pressure settings/);
    fails(
      `${base}compute t all temp/com\nfix 1 all rigid/npt single temp 1 1 1 iso 1 1 1\nfix_modify 1 temp t\n`,
      /only a compute temp on group all/,
    );
    fails(`${base}fix 1 all rigid blob\n`, /unknown body style 'blob'/);
    fails(`${base}fix 1 all rigid molecule\n`, /requires atom attribute molecule/);
    fails(`${base}group one id 1\nfix 1 all rigid group 1 one\n`, /One or zero atoms in rigid body/);
    fails(`${base}fix 1 all rigid group 1 nope\n`, /Could not find fix rigid group ID 'nope'/);
    fails(`${base}fix 1 all rigid custom v_nope\n`, /Variable name for fix rigid custom does not exist/);
    fails(`${base}fix 1 all rigid single\nfix_modify 1 bodyforces soon\n`, /bodyforces expects early or late/);
    fails(`${base}compute s all stress/atom NULL\nfix 1 all rigid single\nrun 0\n`, /stress\/atom with fix rigid/);
    fails(`${base}group a id <= 3\ngroup c id <= 5\nfix 1 all rigid group 2 a c\n`, /belong to multiple rigid bodies/);
  });
});
