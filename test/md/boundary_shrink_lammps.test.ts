import { describe, expect, it } from 'vitest';
import { expectSameThermo, runDpmd, scratchDir } from '../helpers/lammps.js';

/**
 * Shrink-wrapped boundaries (boundary s / m, and mixed faces such as sm) against LAMMPS 29 Sep 2021
 * (goldens in test/golden/boundary_shrink): a hot crystal expanding into vacuum; the faces follow the
 * atoms at every neighbor build with LAMMPS's margin of 1e-4 of the created box, an m face never
 * moves inside where it was created, and volume, pressure and the box bounds in thermo follow.
 */
const deck = (boundary: string, extra = '') => `units lj
atom_style atomic
boundary ${boundary}
lattice fcc 0.8442
region box block 0 5 0 5 0 5
create_box 1 box
create_atoms 1 box
mass 1 1.0
velocity all create 3.0 87287 loop geom
pair_style lj/cut 2.5
pair_coeff 1 1 1.0 1.0 2.5
neighbor 0.3 bin
neigh_modify every 1 delay 0 check yes
fix 1 all nve
${extra}thermo_style custom step temp pe etotal press vol lx ly lz xlo xhi ylo yhi zlo zhi
thermo_modify format float %20.15g
thermo 25
run 200
`;

describe('boundary s/m: same thermo and box as LAMMPS', () => {
  it('s in x, s at ylo and m at yhi, periodic z', () => {
    expectSameThermo('boundary_shrink/s_sm_p', deck('s sm p'), 1e-8);
  });

  it('m in x, f in y (atoms held in y by velocity set and fix setforce), s in z', () => {
    const d = deck('m f s', 'velocity all set NULL 0.0 NULL\nfix 2 all setforce NULL 0.0 NULL\n');
    expect(runDpmd(d).tables.length).toBe(1);
    expectSameThermo('boundary_shrink/m_f_s', d, 1e-8);
  });

  it('refusals: a half-periodic dimension, an unknown letter, shrink-wrap with a tilted box', () => {
    const fails = (d: string, msg: RegExp) => expect(() => runDpmd(d, scratchDir())).toThrow(msg);
    fails('boundary ps p p\n', /Both sides of boundary must be periodic/);
    fails('boundary p q p\n', /Illegal boundary 'q'/);
    fails('boundary s p p\nregion b prism 0 2 0 2 0 2 0.5 0 0\ncreate_box 1 b\n', /triclinic box are not supported/);
  });
});
