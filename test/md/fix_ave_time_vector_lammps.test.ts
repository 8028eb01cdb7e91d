import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  expectThermoClose,
  lammpsReference,
  parseThermo,
  runDpmd,
  scratchDir,
  thermoAgrees,
} from '../helpers/lammps.js';

/**
 * fix ave/time mode vector of a compute's global vector (c_ID without an index: one column of
 * size_vector rows), as LAMMPS's ELASTIC_T example averages c_thermo_press, against LAMMPS
 * 29 Sep 2021 (goldens in test/golden/fix_ave_time_vector): the fix's own global vector f_ID[i]
 * (row i) in thermo and in an equal-style variable, and the file's rows. The pressure needs the
 * virial on every sampling step, also on steps without thermo output.
 */
const DECK = `units lj
lattice fcc 0.8442
region box prism 0 4 0 4 0 4 0.2 0 0
create_box 1 box
create_atoms 1 box
mass 1 1.0
velocity all create 1.2 87287 loop geom
pair_style lj/cut 2.5
pair_coeff * * 1.0 1.0 2.5
compute myp all pressure thermo_temp
fix 1 all nve
fix avp all ave/time 5 3 20 c_thermo_press mode vector file p.txt format " %.15g"
fix avq all ave/time 5 2 10 c_myp mode vector ave running
variable pxy equal f_avp[4]
thermo_style custom step temp pe press f_avp[1] f_avp[2] f_avp[3] v_pxy f_avp[5] f_avp[6] f_avq[1] f_avq[6]
thermo_modify format float %20.15g norm no
thermo 20
run 100
`;

function numbers(text: string): number[][] {
  return text
    .trim()
    .split('\n')
    .filter((l) => !l.startsWith('#'))
    .map((l) => l.trim().split(/\s+/).map(Number));
}

describe('fix ave/time mode vector of a global vector', () => {
  it('averages c_thermo_press row by row; f_ID[i] reads row i', () => {
    const spec = { deck: DECK, outputs: ['p.txt'] };
    const ref = lammpsReference('fix_ave_time_vector/pressure', spec, thermoAgrees(1e-9));
    const dir = scratchDir();
    const ours = runDpmd(DECK, dir, spec);
    expectThermoClose(ours.tables, parseThermo(ref.screen), 1e-9, 'dpmd vs LAMMPS');
    const a = numbers(readFileSync(join(dir, 'p.txt'), 'utf8')),
      b = numbers(ref.files['p.txt']);
    expect(a.length).toBe(b.length);
    expect(b[0]).toEqual([20, 6]);
    a.forEach((row, k) => {
      row.forEach((v, m) => {
        expect(Math.abs(v - b[k][m])).toBeLessThanOrEqual(1e-9 * Math.abs(b[k][m]) + 1e-12);
      });
    });
  });
});
