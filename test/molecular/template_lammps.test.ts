import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/golden.js';
import {
  expectThermoClose,
  type GoldenSpec,
  lammpsReference,
  parseThermo,
  runDpmd,
  scratchDir,
  thermoAgrees,
} from '../helpers/lammps.js';

/**
 * Molecule templates against LAMMPS 29 Sep 2021: LAMMPS's cyclohexane.mol (examples/template,
 * test/fixtures/lammps-examples/template/) read by `molecule`, a cyclohexane-methane mixture as
 * atom_style template (topology from the template) and as atom_style molecular (topology from the
 * data file), with dihedral_style harmonic and `pair_modify tail yes`, 100 steps of fix nvt.
 */

const MOL = readFileSync(join(REPO_ROOT, 'test/fixtures/lammps-examples/template/cyclohexane.mol'), 'utf8');

/** The template's Coords (Å) and Bonds/Angles/Dihedrals as [type, atoms...] lines. */
function template(): { x: number[][]; terms: Record<string, number[][]> } {
  const lines = MOL.split('\n').map((l) => l.trim());
  const section = (name: string, n: number) => {
    const k = lines.indexOf(name);
    return lines
      .slice(k + 1)
      .filter((l) => l)
      .slice(0, n)
      .map((l) => l.split(/\s+/).map(Number));
  };
  return {
    x: section('Coords', 6).map((w) => w.slice(1)),
    terms: {
      Bonds: section('Bonds', 6).map((w) => w.slice(1)),
      Angles: section('Angles', 6).map((w) => w.slice(1)),
      Dihedrals: section('Dihedrals', 6).map((w) => w.slice(1)),
    },
  };
}

/**
 * 27 cyclohexanes on a 3x3x3 lattice of 6 Å (box 18 Å), one methane in each cell's centre
 * region at +4.5 Å; style 'template' writes LAMMPS's template Atoms columns and no term
 * sections, 'molecular' the term sections.
 */
function mixture(style: 'template' | 'molecular'): string {
  const t = template();
  const atoms: string[] = [];
  const terms: Record<string, string[]> = { Bonds: [], Angles: [], Dihedrals: [] };
  let id = 0;
  let mol = 0;
  for (let k = 0; k < 3; k++)
    for (let j = 0; j < 3; j++)
      for (let i = 0; i < 3; i++) {
        mol++;
        const base = id;
        t.x.forEach((p, m) => {
          id++;
          const pos = `${p[0] + 6 * i - 9} ${p[1] + 6 * j - 9} ${p[2] + 6 * k - 9}`;
          atoms.push(style === 'template' ? `${id} ${mol} 1 ${m + 1} 1 ${pos}` : `${id} ${mol} 1 ${pos}`);
        });
        for (const sec of Object.keys(terms))
          for (const w of t.terms[sec])
            terms[sec].push(
              `${terms[sec].length + 1} ${w[0]} ${w
                .slice(1)
                .map((a) => a + base)
                .join(' ')}`,
            );
      }
  for (let k = 0; k < 3; k++)
    for (let j = 0; j < 3; j++)
      for (let i = 0; i < 3; i++) {
        id++;
        const pos = `${6 * i - 4.5} ${6 * j - 4.5} ${6 * k - 4.5}`;
        atoms.push(style === 'template' ? `${id} 0 0 0 2 ${pos}` : `${id} 0 2 ${pos}`);
      }
  const head = [
    'cyclohexane-methane test mixture',
    '',
    `${id} atoms`,
    '2 atom types',
    ...(style === 'molecular' ? ['162 bonds', '162 angles', '162 dihedrals'] : []),
    '1 bond types',
    '1 angle types',
    '1 dihedral types',
    '',
    '-9.0 9.0 xlo xhi',
    '-9.0 9.0 ylo yhi',
    '-9.0 9.0 zlo zhi',
    '',
    'Masses',
    '',
    '1 14.027',
    '2 16.043',
    '',
    `Atoms # ${style}`,
    '',
    ...atoms,
  ];
  if (style === 'molecular') for (const sec of Object.keys(terms)) head.push('', sec, '', ...terms[sec]);
  return `${head.join('\n')}\n`;
}

const deck = (style: string, dihedral: string) => `units real
boundary p p p
molecule cychex cyclohexane.mol
atom_style ${style}
pair_style lj/cut 12.0
pair_modify mix geometric tail yes
bond_style harmonic
angle_style harmonic
dihedral_style harmonic
read_data mix.data
pair_coeff 1 1 0.1180 3.905
pair_coeff 2 2 0.2940 3.730
bond_coeff 1 260.00 1.5260
angle_coeff 1 63.0 112.40
dihedral_coeff 1 ${dihedral}
velocity all create 300.0 6234235
fix 1 all nvt temp 300.0 300.0 100.0
thermo_style custom step temp epair ebond eangle edihed emol etail pe press
thermo_modify format float %.15g
thermo 10
run 100
`;

function check(name: string, style: 'template' | 'molecular', dihedral: string): void {
  const spec: GoldenSpec = {
    deck: deck(style === 'template' ? 'template cychex' : 'molecular', dihedral),
    files: { 'mix.data': mixture(style), 'cyclohexane.mol': MOL },
  };
  const ref = lammpsReference(name, spec, thermoAgrees(1e-6));
  const ours = runDpmd(spec.deck, scratchDir(), spec).tables;
  const refTables = parseThermo(ref.screen);
  // The tail correction is present and constant: E_tail column non-zero in LAMMPS's output.
  expect(refTables[0].rows[0][refTables[0].columns.indexOf('E_tail')]).toBeLessThan(0);
  expectThermoClose(ours, refTables, 1e-6, `${name}: dpmd vs LAMMPS`);
}

describe('molecule templates, dihedral harmonic and the LJ tail correction against LAMMPS', () => {
  it('atom_style template: topology from cyclohexane.mol, 100 steps nvt', () => {
    check('template_mix_template', 'template', '2.0 1 3');
  });
  it('atom_style molecular with the same molecules from the data file, dihedral sign -1', () => {
    check('template_mix_molecular', 'molecular', '1.4 -1 2');
  });
  for (const style of ['template cychex', 'molecular']) {
    it(`create_atoms box mol and random (atom_style ${style}): LAMMPS's atoms, IDs, images and energies`, () => {
      const deck = `units real
boundary p p p
molecule cychex cyclohexane.mol
atom_style ${style}
pair_style lj/cut 12.0
pair_modify mix geometric tail yes
bond_style harmonic
angle_style harmonic
dihedral_style harmonic
lattice sc 6.0
region box block -1.5 1.5 -1.5 1.5 -1.5 1.5 units lattice
create_box 2 box bond/types 1 angle/types 1 dihedral/types 1 extra/special/per/atom 6 extra/bond/per/atom 2 extra/angle/per/atom 2 extra/dihedral/per/atom 2
create_atoms 0 box mol cychex 734594
create_atoms 2 random 10 495437 box
mass 1 14.027
mass 2 16.043
pair_coeff 1 1 0.1180 3.905
pair_coeff 2 2 0.2940 3.730
bond_coeff 1 260.00 1.5260
angle_coeff 1 63.0 112.40
dihedral_coeff 1 2.0 1 3
thermo_style custom step pe ebond eangle edihed epair etail press
thermo_modify format float %.15g
dump d all custom 1 atoms.dump id type mol x y z ix iy iz
dump_modify d sort id format float %.15g
run 0
`;
      const name = `template_create_atoms_${style.split(' ')[0]}`;
      const spec: GoldenSpec = { deck, files: { 'cyclohexane.mol': MOL }, outputs: ['atoms.dump'] };
      const ref = lammpsReference(name, spec, (live, golden) =>
        expect(live.files['atoms.dump']).toBe(golden.files['atoms.dump']),
      );
      const dir = scratchDir();
      const ours = runDpmd(deck, dir, spec);
      const rows = (text: string) =>
        text
          .trim()
          .split('\n')
          .slice(9)
          .map((l) => l.trim().split(/\s+/).map(Number));
      const want = rows(ref.files['atoms.dump']);
      const got = rows(readFileSync(join(dir, 'atoms.dump'), 'utf8'));
      expect(want.length).toBe(27 * 6 + 10);
      expect(got.length).toBe(want.length);
      let worst = 0;
      for (let k = 0; k < want.length; k++) {
        // id, type, molecule and image flags exactly; coordinates to roundoff (Å).
        for (const c of [0, 1, 2, 6, 7, 8]) expect(got[k][c], `atom row ${k} column ${c}`).toBe(want[k][c]);
        for (const c of [3, 4, 5]) worst = Math.max(worst, Math.abs(got[k][c] - want[k][c]));
      }
      expect(worst).toBeLessThan(1e-12);
      const refT = parseThermo(ref.screen)[0];
      const ourT = ours.tables[0];
      expect(ourT.columns).toEqual(refT.columns);
      for (let c = 1; c < refT.columns.length; c++)
        expect(Math.abs(ourT.rows[0][c] - refT.rows[0][c]) / Math.abs(refT.rows[0][c]), refT.columns[c]).toBeLessThan(
          1e-10,
        );
    });
  }
});
