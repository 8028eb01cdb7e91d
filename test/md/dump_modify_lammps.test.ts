import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lammpsReference, runDpmd, scratchDir } from '../helpers/lammps.js';

/**
 * dump_modify pbc / units / time against LAMMPS 29 Sep 2021 (golden test/golden/dump_modify): with
 * pbc yes the dumped x and image flags are those of atoms remapped into the periodic box, even on
 * steps between neighbor builds where atoms sit outside it; units yes writes "ITEM: UNITS" once,
 * time yes "ITEM: TIME" in every snapshot. Every ITEM line equal, every value to 1e-9 relative.
 */
const DECK = `units lj
atom_style atomic
lattice fcc 0.8442
region box block 0 3 0 3 0 3
create_box 1 box
create_atoms 1 box
mass 1 1.0
velocity all create 3.0 87287 loop geom
pair_style lj/cut 2.5
pair_coeff 1 1 1.0 1.0 2.5
neighbor 0.3 bin
neigh_modify every 20 delay 0 check no
fix 1 all nve
timestep 0.004
dump 1 all custom 7 wrapped.dump id type x y z ix iy iz xs ys zs xu
dump_modify 1 pbc yes units yes time yes sort id format float %20.15g
dump 2 all custom 7 raw.dump id x y z ix iy iz
dump_modify 2 sort id format float %20.15g
thermo 50
run 40
`;

/** Header lines (ITEM lines and the line after each, box bounds aside) and the numeric rows. */
function split(text: string): { items: string[]; rows: number[][] } {
  const lines = text.trimEnd().split('\n');
  const items: string[] = [];
  const rows: number[][] = [];
  for (let k = 0; k < lines.length; k++) {
    const l = lines[k];
    if (l.startsWith('ITEM: BOX')) {
      items.push(l);
      k += 3;
    } else if (l.startsWith('ITEM: ATOMS')) items.push(l);
    else if (l.startsWith('ITEM:')) items.push(l, lines[++k]);
    else rows.push(l.trim().split(/\s+/).map(Number));
  }
  return { items, rows };
}

function expectSameDump(ours: string, ref: string): number {
  const a = split(ours),
    b = split(ref);
  expect(a.items).toEqual(b.items);
  expect(a.rows.length).toBe(b.rows.length);
  let worst = 0;
  for (let i = 0; i < b.rows.length; i++)
    for (let c = 0; c < b.rows[i].length; c++)
      worst = Math.max(worst, Math.abs(a.rows[i][c] - b.rows[i][c]) / Math.max(1, Math.abs(b.rows[i][c])));
  expect(worst).toBeLessThan(1e-9);
  return worst;
}

describe('dump_modify pbc/units/time', () => {
  it('same dump files as LAMMPS; pbc yes differs from the raw positions between builds', () => {
    const spec = { deck: DECK, repoFiles: {}, outputs: ['wrapped.dump', 'raw.dump'] };
    const golden = lammpsReference('dump_modify/pbc_units_time', spec, (live, gold) => {
      expectSameDump(live.files['wrapped.dump'], gold.files['wrapped.dump']);
    });
    const dir = scratchDir();
    runDpmd(DECK, dir);
    const wrapped = readFileSync(join(dir, 'wrapped.dump'), 'utf8');
    expectSameDump(wrapped, golden.files['wrapped.dump']);
    expectSameDump(readFileSync(join(dir, 'raw.dump'), 'utf8'), golden.files['raw.dump']);
    // The remapping matters on this deck: some atom is outside the box in the raw dump.
    expect(wrapped.match(/ITEM: UNITS/g)?.length).toBe(1);
    expect(wrapped.match(/ITEM: TIME\n/g)?.length).toBe(6);
    const raw = split(golden.files['raw.dump']).rows;
    const wr = split(golden.files['wrapped.dump']).rows;
    expect(raw.some((r, i) => r[4] !== wr[i][5] || r[5] !== wr[i][6] || r[6] !== wr[i][7])).toBe(true);
  });

  it('refusals: a bad value, units/time on an xyz dump', () => {
    const base = DECK.replace(/dump[\s\S]*run 40\n/, '');
    expect(() => runDpmd(`${base}dump 1 all atom 5 a.dump\ndump_modify 1 pbc maybe\n`, scratchDir())).toThrow(
      /Illegal dump_modify pbc: expected yes or no, got 'maybe'/,
    );
    expect(() => runDpmd(`${base}dump 1 all xyz 5 a.xyz\ndump_modify 1 time yes\n`, scratchDir())).toThrow(
      /dump_modify time yes: dpmd writes no time line in xyz dumps/,
    );
  });
});
