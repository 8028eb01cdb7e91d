import { describe, expect, it } from 'vitest';
import { forceError, virialError } from '../helpers/fd.js';
import { runDpmd, scratchDir } from '../helpers/lammps.js';

/**
 * Central-difference checks of every bonded style: forces = -dE/dx on a 4-atom chain whose
 * torsion is set to generic values and to within a degree of 0 and +-180 degrees (where the
 * torsion kernels must stay exact), plus the virial -dE/d(strain) in a periodic box.
 */

/** Four atoms 1-2-3-4 with torsion phi (degrees), bond angles away from 0/180, a small tilt to break symmetry. */
function chain(phi: number): number[][] {
  const p = (phi * Math.PI) / 180;
  return [
    [4.6, 6.2, 5.05],
    [5.0, 5.0, 5.0],
    [6.5, 5.0, 5.0],
    [6.9 + 0.05, 5.0 + 1.2 * Math.cos(p), 5.0 + 1.2 * Math.sin(p)],
  ];
}

function data(phi: number, charge: boolean): string {
  const x = chain(phi);
  const atoms = x.map((r, i) => `${i + 1} 1 ${i < 2 ? 1 : 2}${charge ? ` ${i % 2 ? -0.4 : 0.4}` : ''} ${r.join(' ')}`);
  return `chain

4 atoms
2 atom types
3 bonds
1 bond types
2 angles
1 angle types
1 dihedrals
1 dihedral types
1 impropers
1 improper types

0 12 xlo xhi
0 12 ylo yhi
0 12 zlo zhi

Masses

1 12.0
2 14.0

Atoms

${atoms.join('\n')}

Bonds

1 1 1 2
2 1 2 3
3 1 3 4

Angles

1 1 1 2 3
2 1 2 3 4

Dihedrals

1 1 1 2 3 4

Impropers

1 1 1 2 3 4
`;
}

const STYLES: Record<string, string> = {
  'dihedral charmm': 'dihedral_style charmm\ndihedral_coeff 1 1.3 3 0 0.0',
  'dihedral charmm shifted': 'dihedral_style charmm\ndihedral_coeff 1 2.1 2 180 0.0',
  'dihedral harmonic': 'dihedral_style harmonic\ndihedral_coeff 1 2.0 1 3',
  'dihedral harmonic negative': 'dihedral_style harmonic\ndihedral_coeff 1 1.4 -1 2',
  'dihedral fourier': 'dihedral_style fourier\ndihedral_coeff 1 3 1.3 1 30.0 0.7 2 -75.5 0.4 3 180.0',
  'improper harmonic': 'improper_style harmonic\nimproper_coeff 1 12.0 10.0',
  'improper cvff n2': 'improper_style cvff\nimproper_coeff 1 3.0 -1 2',
  'improper cvff n3': 'improper_style cvff\nimproper_coeff 1 3.0 1 3',
  'improper cvff n1': 'improper_style cvff\nimproper_coeff 1 3.0 1 1',
};

function deck(style: string, boundary = 'f f f'): string {
  return `units real
atom_style full
boundary ${boundary}
pair_style lj/cut/coul/cut 6.0
bond_style harmonic
angle_style harmonic
${style.includes('dihedral') ? 'improper_style none' : 'dihedral_style none'}
read_data chain.data
pair_coeff * * 0.1 2.0
bond_coeff 1 300.0 1.4
angle_coeff 1 60.0 109.5
${STYLES[style] ?? style}
special_bonds lj/coul 0.0 0.0 0.5
thermo_style custom step pe
run 0
`;
}

describe('bonded styles: forces are -dE/dx (central differences)', () => {
  for (const style of Object.keys(STYLES)) {
    for (const phi of [63.0, 0.7, -0.9, 179.2, -179.4, 120.0]) {
      it(`${style} at phi = ${phi} deg`, () => {
        const { sim } = runDpmd(deck(style), scratchDir(), { deck: '', files: { 'chain.data': data(phi, true) } });
        const { maxErr, maxF } = forceError(sim, 1e-5);
        expect(maxF).toBeGreaterThan(0.1);
        expect(maxErr / maxF).toBeLessThan(1e-7);
      });
    }
  }

  it('bond and angle harmonic alone, and the 1-4 weighted pair terms', () => {
    const { sim } = runDpmd(
      deck('dihedral charmm')
        .replace('dihedral_style charmm', 'dihedral_style none')
        .replace(/dihedral_coeff.*\n/, ''),
      scratchDir(),
      { deck: '', files: { 'chain.data': data(40, true) } },
    );
    const { maxErr, maxF } = forceError(sim, 1e-5);
    expect(maxF).toBeGreaterThan(1);
    expect(maxErr / maxF).toBeLessThan(1e-7);
  });
});

describe('molecular virial: -dE/d(strain) in a periodic box', () => {
  for (const style of ['dihedral charmm', 'improper harmonic', 'improper cvff n2']) {
    it(style, () => {
      const { sim } = runDpmd(deck(style, 'p p p'), scratchDir(), {
        deck: '',
        files: { 'chain.data': data(50, true) },
      });
      const { maxErr, maxW } = virialError(sim, 1e-6);
      expect(maxW).toBeGreaterThan(1);
      expect(maxErr / maxW).toBeLessThan(1e-6);
    });
  }
});
