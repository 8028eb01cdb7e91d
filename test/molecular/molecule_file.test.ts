import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readMoleculeFile } from '../../src/molecular/molecule_template.js';

const WATER = `water molecule (TIP3P geometry)
3 atoms
2 bonds
1 angles

Coords

1 0.0 0.0 0.0
2 0.9572 0.0 0.0
3 -0.239988 0.926627 0.0

Types

1 1
2 2
3 2

Charges

1 -0.834
2 0.417
3 0.417

Bonds

1 1 1 2
2 1 1 3

Angles

1 1 2 1 3
`;

function file(text: string): string {
  const p = join(mkdtempSync(join(tmpdir(), 'dpmd-mol-')), 'm.mol');
  writeFileSync(p, text);
  return p;
}

const NO_OFFSET = { toff: 0, offsets: { bond: 0, angle: 0, dihedral: 0, improper: 0 }, scale: 1 };

describe('molecule files (LAMMPS Molecule)', () => {
  it('reads atoms, charges and terms; the centre is the mean of the coordinates', () => {
    const t = readMoleculeFile('w', file(WATER), NO_OFFSET);
    expect(t.natoms).toBe(3);
    expect(Array.from(t.type)).toEqual([1, 2, 2]);
    expect(Array.from(t.q!)).toEqual([-0.834, 0.417, 0.417]);
    expect(Array.from(t.terms.bond.atoms)).toEqual([1, 2, 1, 3]);
    expect(Array.from(t.terms.angle.atoms)).toEqual([2, 1, 3]);
    expect(t.center[0]).toBeCloseTo((0.9572 - 0.239988) / 3, 15);
    expect(t.center[1]).toBeCloseTo(0.926627 / 3, 15);
  });

  it('applies type offsets and scale as the keywords say', () => {
    const t = readMoleculeFile('w', file(WATER), {
      toff: 2,
      offsets: { bond: 1, angle: 3, dihedral: 0, improper: 0 },
      scale: 2,
    });
    expect(Array.from(t.type)).toEqual([3, 4, 4]);
    expect(Array.from(t.terms.bond.type)).toEqual([2, 2]);
    expect(Array.from(t.terms.angle.type)).toEqual([4]);
    expect(t.x[3]).toBe(2 * 0.9572);
  });

  it('refuses broken files with file:line and the cause', () => {
    expect(() => readMoleculeFile('w', file(WATER.replace('1 1 2 1 3', '1 1 2 1 4')), NO_OFFSET)).toThrow(
      /m\.mol:\d+: invalid atom ID '4' \(must be 1\.\.3\)/,
    );
    expect(() => readMoleculeFile('w', file(WATER.replace('Charges', 'Diameters')), NO_OFFSET)).toThrow(
      /unsupported molecule file section 'Diameters'/,
    );
    expect(() => readMoleculeFile('w', file(WATER.replace(/Types\n\n1 1\n2 2\n3 2\n/, '')), NO_OFFSET)).toThrow(
      /requires a Types section/,
    );
    expect(() => readMoleculeFile('w', file(WATER.replace('3 atoms', '3 atoms\n2 fragments')), NO_OFFSET)).toThrow(
      /m\.mol:3: unsupported molecule file header line '2 fragments'/,
    );
    expect(() => readMoleculeFile('w', join(tmpdir(), 'no-such-dir-dpmd', 'x.mol'), NO_OFFSET)).toThrow(
      /Cannot open molecule file/,
    );
  });
});
