import { describe, expect, it } from 'vitest';
import { expectSameThermo, runDpmd, scratchDir } from '../helpers/lammps.js';

/**
 * replicate against LAMMPS 29 Sep 2021 (goldens in test/golden/replicate): atoms that have already
 * crossed the box (image flags) are tiled into the larger box; the new atom IDs are LAMMPS's (a
 * `velocity ... loop all` after replicate draws by ID, so a wrong numbering shows in temp), groups
 * and types are carried over, tilts scale. Every thermo row to 1e-9 relative.
 */
const thermo = (cols: string) => `thermo_style custom ${cols}\nthermo_modify format float %20.15g\n`;

describe('replicate: same thermo as LAMMPS', () => {
  it('triclinic box after a run (image flags set), groups and types, velocity loop all by the new IDs', () => {
    const deck = `units lj
atom_style atomic
lattice fcc 0.8442
region box prism 0 3 0 2 0 2 0.5 0.3 -0.2
create_box 2 box
create_atoms 1 box
mass * 1.0
group g id 1:20
set group g type 2
velocity all create 3.0 87287 loop geom
pair_style lj/cut 2.5
pair_coeff * * 1.0 1.0 2.5
fix 1 all nve
run 20
replicate 2 3 2
velocity g create 1.0 4321 loop all
compute tg g temp
${thermo('step temp pe etotal press vol xy xz yz c_tg')}thermo 20
run 100
`;
    expect(runDpmd(deck).tables.length).toBe(2);
    expectSameThermo('replicate/triclinic', deck, 1e-9);
  });

  it('2d hex lattice replicated in x and y', () => {
    const deck = `dimension 2
units lj
lattice hex 0.7
region box block 0 5 0 3 -0.5 0.5
create_box 1 box
create_atoms 1 box
mass 1 1.0
velocity all create 1.0 87287 loop geom
pair_style lj/cut 2.5
pair_coeff 1 1 1.0 1.0 2.5
fix 1 all nve
fix 2 all enforce2d
run 30
replicate 3 2 1
velocity all create 1.2 777 loop all
${thermo('step temp pe etotal press vol')}thermo 25
run 100
`;
    expectSameThermo('replicate/hex2d', deck, 1e-9);
  });

  it('refusals: before the box, a zero count, z copies in 2d', () => {
    const fails = (d: string, msg: RegExp) => expect(() => runDpmd(d, scratchDir())).toThrow(msg);
    fails('replicate 2 2 2\n', /Replicate command before simulation box is defined/);
    fails('region b block 0 1 0 1 0 1\ncreate_box 1 b\nreplicate 2 0 2\n', /replicate: ny must be >= 1/);
    fails(
      'dimension 2\nregion b block 0 1 0 1 -1 1\ncreate_box 1 b\nreplicate 2 2 2\n',
      /Cannot replicate 2d simulation in z/,
    );
  });
});
