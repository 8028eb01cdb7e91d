import { describe, expect, it } from 'vitest';
import { expectSameThermo, lammpsReference, runDpmd, scratchDir } from '../helpers/lammps.js';

/**
 * create_bonds against LAMMPS 29 Sep 2021 (goldens in test/golden/create_bonds, live lmp where
 * installed): `single/bond`, then `many` between two groups in a distance window (the pair bonded
 * before is skipped, periodic images count), bonds then acting in a run with special_bonds; the
 * "Added N bonds, new total = M" lines equal and every thermo row to 1e-9.
 */
const DECK = `units lj
atom_style bond
boundary p p p
lattice fcc 0.8442
region box block 0 3 0 3 0 3
create_box 2 box bond/types 2 extra/bond/per/atom 24
create_atoms 1 box
mass * 1.0
region half block 0 1.5 INF INF INF INF
group half region half
set group half type 2
group two type 2
velocity all create 1.0 87287 loop geom
pair_style lj/cut 2.5
pair_coeff * * 1.0 1.0 2.5
bond_style harmonic
bond_coeff 1 20.0 1.1
bond_coeff 2 5.0 1.3
special_bonds lj/coul 0.0 1.0 1.0
create_bonds single/bond 2 1 2
create_bonds many two two 1 1.0 1.2
create_bonds many all half 2 1.0 1.7
fix 1 all nve
thermo_style custom step temp pe ebond etotal press
thermo_modify format float %20.15g
thermo 10
run 50
`;

const added = (text: string) => text.split('\n').filter((l) => l.startsWith('Added '));

describe('create_bonds: same as LAMMPS', () => {
  it('single/bond and many (groups, distance window, existing bond skipped), then a run', () => {
    expectSameThermo('create_bonds/many_single', DECK, 1e-9);
    const golden = lammpsReference('create_bonds/many_single', { deck: DECK, repoFiles: {} }, () => {});
    const ours = runDpmd(DECK, scratchDir()).text;
    expect(added(ours)).toHaveLength(2);
    expect(added(ours)).toEqual(added(golden.screen));
  });

  it('refusals: 1-2 weights not 0, a bond type out of range, rmax beyond the neighbor cutoff', () => {
    const base = DECK.replace(/special_bonds[\s\S]*/, '');
    const fails = (d: string, msg: RegExp) => expect(() => runDpmd(d, scratchDir())).toThrow(msg);
    fails(
      `${base}special_bonds lj/coul 0.5 1 1\ncreate_bonds many all all 1 1.0 1.2\n`,
      /special_bonds 1-2 weights be 0.0/,
    );
    fails(`${base}special_bonds lj 0 1 1\ncreate_bonds many all all 3 1.0 1.2\n`, /Invalid bond type 3/);
    fails(`${base}special_bonds lj 0 1 1\ncreate_bonds many all all 1 1.0 3.0\n`, /max distance 3 > neighbor cutoff/);
    fails(`${base}special_bonds lj 0 1 1\ncreate_bonds single/angle 1 1 2 3\n`, /not supported yet/);
  });
});
