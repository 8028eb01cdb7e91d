import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runDpmd, scratchDir } from '../helpers/lammps.js';
import { ALA2_DATA, ala2Text, periodicAla2 } from './ala2_systems.js';

const DECK = (data: string, extra = '') => `units real
atom_style full
boundary p p p
pair_style lj/cut/coul/cut 9.0
pair_modify mix arithmetic
bond_style harmonic
angle_style harmonic
dihedral_style charmm
improper_style none
read_data ${data}
special_bonds amber
thermo_style custom step pe ebond eangle edihed evdwl ecoul press
thermo_modify format float %.15g
${extra}
run 0
`;

describe('write_data -> read_data round trip of a molecular system', () => {
  it('keeps atoms, charges, molecule IDs, topology and coefficients: identical energies', () => {
    const dir = scratchDir();
    const data = periodicAla2(22, [
      [-16, -14, -16],
      [-3, -12, -5],
    ]);
    const first = runDpmd(DECK('box.data', 'write_data out.data'), dir, { deck: '', files: { 'box.data': data } });
    const written = readFileSync(join(dir, 'out.data'), 'utf8');
    expect(written).toMatch(/^44 atoms$/m);
    expect(written).toMatch(/^42 bonds$/m);
    expect(written).toMatch(/^84 dihedrals$/m);
    expect(written).toMatch(/^Atoms # full$/m);
    expect(written).toMatch(/^Dihedral Coeffs$/m);
    const second = runDpmd(DECK('out.data'), dir);
    expect(second.tables[0].rows[0]).toEqual(first.tables[0].rows[0]);
    const s1 = first.sim.system,
      s2 = second.sim.system;
    expect(Array.from(s2.q.subarray(0, s2.n))).toEqual(Array.from(s1.q.subarray(0, s1.n)));
    expect(Array.from(s2.molecule.subarray(0, s2.n))).toEqual(Array.from(s1.molecule.subarray(0, s1.n)));
    expect(Array.from(s2.topology.dihedral.tags.subarray(0, 4 * 84))).toEqual(
      Array.from(s1.topology.dihedral.tags.subarray(0, 4 * 84)),
    );
  });
});

describe('molecular deck errors name the cause', () => {
  const run =
    (deck: string, files: Record<string, string> = { 'ala2.data': ala2Text() }) =>
    () =>
      runDpmd(deck, scratchDir(), { deck: '', files });

  it('bond_style with atom_style atomic', () => {
    expect(run('units real\natom_style atomic\nbond_style harmonic\n')).toThrow(
      /Bond_style command when no bonds allowed/,
    );
  });

  it('a data file with bonds read as atom_style atomic', () => {
    expect(run('units real\natom_style atomic\nread_data ala2.data\n')).toThrow(
      /ala2.data:\d+: .*atom_style atomic has no bonds/,
    );
  });

  it('Bond Coeffs in a data file before bond_style', () => {
    expect(run('units real\natom_style full\npair_style lj/cut/coul/cut 9\nread_data ala2.data\n')).toThrow(
      /ala2.data:\d+: Must define bond_style before Bond Coeffs/,
    );
  });

  it('a bond naming a missing atom', () => {
    const bad = ala2Text().replace(/\nBonds\n\n1 1 5 2\n/, '\nBonds\n\n1 1 5 99\n');
    expect(run(DECK('ala2.data'), { 'ala2.data': bad })).toThrow(/Invalid atom ID 99 in Bonds section/);
  });

  it('unset dihedral coefficients', () => {
    const noCoeff = ala2Text().replace(/Dihedral Coeffs[\s\S]*?\n\nAtoms/, 'Atoms');
    expect(run(DECK('ala2.data'), { 'ala2.data': noCoeff })).toThrow(/All dihedral coeffs are not set/);
  });

  it('scaled special weights with a pair style that cannot apply them', () => {
    const deck = DECK('ala2.data').replace('lj/cut/coul/cut 9.0', 'lj/cut 9.0');
    expect(
      run(deck.replace('read_data ala2.data', 'read_data ala2.data\npair_coeff * * 0.1 3.0'), {
        'ala2.data': ala2Text().replace(/Pair Coeffs[\s\S]*?\n\nBond Coeffs/, 'Bond Coeffs'),
      }),
    ).toThrow(/Pair style lj\/cut does not apply special_bonds weights/);
  });

  it('dihedral charmm with a 1-4 weight and a pair style without 1-4 coefficients', () => {
    const w = ala2Text().replace(/(Dihedral Coeffs[^\n]*\n\n1 0.8000000000 1 0) 0.0/, '$1 0.5');
    expect(run(DECK('ala2.data').replace('special_bonds amber', 'special_bonds charmm'), { 'ala2.data': w })).toThrow(
      /Dihedral charmm is incompatible with Pair style/,
    );
  });

  it('special_bonds with a bad keyword', () => {
    expect(run('special_bonds lj 0 0\n')).toThrow(/special_bonds/);
  });

  void ALA2_DATA;
});
