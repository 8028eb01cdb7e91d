import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  lammpsReference,
  parseThermo,
  runDpmd,
  scratchDir,
  thermoAgrees,
  expectThermoClose,
} from '../helpers/lammps.js';

/**
 * compute chunk/atom and fix ave/chunk against LAMMPS 29 Sep 2021 (goldens in
 * test/golden/chunk_ave_chunk): the files fix ave/chunk writes, line by line (comment lines and
 * counts exactly, numbers to 1e-9 relative plus 1e-12 absolute for sums of velocities that cancel),
 * and the thermo (c_ID of chunk/atom is Nchunk; units reduced converts positions to fractional
 * coordinates and back in place, as LAMMPS does, so the dynamics must stay LAMMPS's).
 * Chunk styles bin/1d (reduced), bin/2d (box, centred origin), bin/3d (lattice, bound, discard
 * yes, compress yes), type, molecule (compress yes); values vx fx density/number density/mass
 * mass temp c_ID v_name; norm all/sample/none; ave one/running/window; format; overwrite.
 */
const DECK = `units lj
atom_style molecular
lattice fcc 0.8
region b block 0 4 0 4 0 5
create_box 2 b
create_atoms 1 box
set type 1 type/fraction 2 0.3 1234
set type 1 mol 1
set type 2 mol 3
mass 1 1.0
mass 2 2.5
velocity all create 1.5 1234
pair_style lj/cut 2.5
pair_coeff * * 1 1
compute ke all ke/atom
variable t atom c_ke/1.5
compute l all chunk/atom bin/1d z lower 0.1 units reduced
compute l2 all chunk/atom bin/2d z lower 0.3 x center 0.25 units box
compute l3 all chunk/atom bin/3d x 0.5 1.0 y lower 1.0 z upper 2.0 units lattice bound y 0.5 3.0 discard yes compress yes
compute ty all chunk/atom type
compute mo all chunk/atom molecule compress yes
compute tb all temp/partial 0 1 1
fix 1 all nve
fix 2 all ave/chunk 5 3 20 l density/mass vx temp v_t file a.txt
fix 3 all ave/chunk 5 3 20 l2 density/number vx fx temp norm sample ave running file b.txt format " %.15g"
fix 4 all ave/chunk 5 3 20 ty density/number vx temp c_ke norm none ave window 2 file c.txt format " %.15g"
fix 5 all ave/chunk 10 1 10 l3 mass vx temp bias tb adof 2 cdof 1 file d.txt format " %.15g"
fix 6 all ave/chunk 4 5 20 mo density/mass vy ave running overwrite file e.txt format " %.15g" title1 "my title"
thermo_style custom step temp pe etotal press c_l c_l2 c_l3 c_ty c_mo
thermo_modify format float %20.15g
thermo 10
run 60
`;

const FILES = ['a.txt', 'b.txt', 'c.txt', 'd.txt', 'e.txt'];

function rows(text: string): (string | number[])[] {
  return text
    .trim()
    .split('\n')
    .map((l) => {
      const nums = l.trim().split(/\s+/).map(Number);
      return nums.some(Number.isNaN) ? l : nums;
    });
}

function expectSameFile(ours: string, ref: string, what: string): void {
  const a = rows(ours),
    b = rows(ref);
  expect(a.length, what).toBe(b.length);
  a.forEach((l, k) => {
    const r = b[k];
    if (typeof l === 'string' || typeof r === 'string') {
      expect(l, what).toEqual(r);
      return;
    }
    expect(l.length, `${what} line ${k + 1}`).toBe(r.length);
    l.forEach((v, m) => {
      expect(Math.abs(v - r[m]), `${what} line ${k + 1} column ${m + 1}`).toBeLessThanOrEqual(
        1e-9 * Math.abs(r[m]) + 1e-12,
      );
    });
  });
}

describe('compute chunk/atom and fix ave/chunk give LAMMPS files and thermo', () => {
  it('bins (reduced, box, lattice with bound/compress), type, molecule; norm, ave, bias, format, overwrite', () => {
    const spec = { deck: DECK, outputs: FILES };
    const ref = lammpsReference('chunk_ave_chunk/styles', spec, (live, golden) => {
      thermoAgrees(1e-9)(live, golden);
      for (const f of FILES) expectSameFile(live.files[f], golden.files[f], `live ${f}`);
    });
    const dir = scratchDir();
    const ours = runDpmd(DECK, dir, spec);
    expectThermoClose(ours.tables, parseThermo(ref.screen), 1e-9, 'dpmd vs LAMMPS');
    for (const f of FILES) expectSameFile(readFileSync(join(dir, f), 'utf8'), ref.files[f], f);
    // overwrite keeps only the latest block after the comment lines
    expect(readFileSync(join(dir, 'e.txt'), 'utf8').split('\n')[0]).toBe('my title');
  });

  it('refuses what it does not do, by name', () => {
    const base =
      'units lj\nlattice fcc 0.8\nregion b block 0 2 0 2 0 2\ncreate_box 1 b\ncreate_atoms 1 box\nmass 1 1\n';
    expect(() => runDpmd(`${base}compute c all chunk/atom bin/sphere 0 0 0 0 1 4`)).toThrow(
      /compute chunk\/atom bin\/sphere is not supported/,
    );
    expect(() => runDpmd(`${base}compute c all chunk/atom molecule`)).toThrow(/molecule for non-molecular system/);
    expect(() =>
      runDpmd(`${base}compute c all chunk/atom bin/1d x lower 0.1\nfix 1 all ave/chunk 10 20 100 c vx`),
    ).toThrow(/Illegal fix ave\/chunk command/);
    expect(() => runDpmd(`${base}fix 1 all ave/chunk 10 1 100 nope vx`)).toThrow(
      /Chunk\/atom compute does not exist for fix ave\/chunk/,
    );
  });
});
