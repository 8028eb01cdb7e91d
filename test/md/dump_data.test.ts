import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runDpmd, runLammps, scratchDir } from '../helpers/lammps.js';

/** Parse a LAMMPS text dump into frames of { step, box lines, header, rows }. */
function parseDump(text: string): { step: number; box: number[][]; cols: string[]; rows: number[][] }[] {
  const lines = text.split('\n');
  const frames: { step: number; box: number[][]; cols: string[]; rows: number[][] }[] = [];
  for (let k = 0; k < lines.length; k++) {
    if (lines[k] !== 'ITEM: TIMESTEP') continue;
    const step = Number(lines[k + 1]);
    const n = Number(lines[k + 3]);
    const box = [lines[k + 5], lines[k + 6], lines[k + 7]].map((l) => l.trim().split(/\s+/).map(Number));
    const cols = lines[k + 8].replace('ITEM: ATOMS ', '').trim().split(/\s+/);
    const rows = lines.slice(k + 9, k + 9 + n).map((l) => l.trim().split(/\s+/).map(Number));
    frames.push({ step, box, cols, rows });
    k += 8 + n;
  }
  return frames;
}

const DECK = (dumpArgs: string) => `
units metal
lattice fcc 4.05
region box prism 0 3 0 3 0 3 0.6 -0.4 0.3
create_box 2 box
create_atoms 1 box basis 2 2
mass 1 26.98
mass 2 24.3
velocity all create 600 4711 loop geom
pair_style lj/cut 6.0
pair_coeff * * 0.4 2.6
fix 1 all nve
${dumpArgs}
thermo 50
run 100
`;

describe('dump files as LAMMPS writes them', () => {
  it('dump custom (ids, types, positions, unwrapped, images, velocities, forces) matches LAMMPS', () => {
    const dump = 'dump 1 all custom 50 out.dump id type x y z xu yu zu ix iy iz vx vy vz fx fy fz\ndump_modify 1 sort id format float %20.15g';
    const dl = scratchDir(), dd = scratchDir();
    runLammps(DECK(dump), dl);
    runDpmd(DECK(dump), dd);
    const ref = parseDump(readFileSync(join(dl, 'out.dump'), 'utf8'));
    const ours = parseDump(readFileSync(join(dd, 'out.dump'), 'utf8'));
    expect(ours.map((f) => f.step)).toEqual([0, 50, 100]);
    expect(ours.map((f) => f.step)).toEqual(ref.map((f) => f.step));
    for (let k = 0; k < ref.length; k++) {
      expect(ours[k].cols).toEqual(ref[k].cols);
      expect(ours[k].rows.length).toBe(ref[k].rows.length);
      for (let r = 0; r < 3; r++) for (let c = 0; c < 3; c++) expect(ours[k].box[r][c]).toBeCloseTo(ref[k].box[r][c], 10);
      let worst = 0;
      for (let i = 0; i < ref[k].rows.length; i++) {
        for (let c = 0; c < ref[k].cols.length; c++) {
          const a = ours[k].rows[i][c], b = ref[k].rows[i][c];
          worst = Math.max(worst, Math.abs(a - b) / Math.max(1, Math.abs(b)));
        }
      }
      expect(worst, `frame ${ref[k].step}`).toBeLessThan(1e-8);
    }
  });

  it('dump atom (scaled coordinates) has LAMMPS header lines and values', () => {
    const dl = scratchDir(), dd = scratchDir();
    runLammps(DECK('dump 2 all atom 100 a.dump\ndump_modify 2 sort id'), dl);
    runDpmd(DECK('dump 2 all atom 100 a.dump\ndump_modify 2 sort id'), dd);
    const a = readFileSync(join(dl, 'a.dump'), 'utf8').split('\n');
    const b = readFileSync(join(dd, 'a.dump'), 'utf8').split('\n');
    expect(b.length).toBe(a.length);
    expect(b.filter((l) => l.startsWith('ITEM:'))).toEqual(a.filter((l) => l.startsWith('ITEM:')));
    const pa = parseDump(a.join('\n')), pb = parseDump(b.join('\n'));
    for (let k = 0; k < pa.length; k++) {
      for (let i = 0; i < pa[k].rows.length; i++) {
        expect(pb[k].rows[i][0]).toBe(pa[k].rows[i][0]);
        expect(pb[k].rows[i][1]).toBe(pa[k].rows[i][1]);
        for (let c = 2; c < 5; c++) expect(Math.abs(pb[k].rows[i][c] - pa[k].rows[i][c])).toBeLessThan(2e-5); // %g prints 6 digits
      }
    }
  });
});

describe('write_data / read_data', () => {
  it('a data file written by dpmd is read by LAMMPS and by dpmd to the same thermo', () => {
    const dir = scratchDir();
    runDpmd(DECK('') + 'write_data state.data\n', dir);
    const cont = `
units metal
read_data ${join(dir, 'state.data')}
pair_style lj/cut 6.0
pair_coeff * * 0.4 2.6
fix 1 all nve
thermo_style custom step temp pe etotal press pxx pxy
thermo_modify format float %20.15g
thermo 25
run 50
`;
    const ref = runLammps(cont)[0];
    const ours = runDpmd(cont).tables[0];
    expect(ours.rows.length).toBe(ref.rows.length);
    for (let k = 0; k < ref.rows.length; k++) {
      for (let c = 1; c < ref.columns.length; c++) {
        expect(Math.abs(ours.rows[k][c] - ref.rows[k][c]) / Math.max(1, Math.abs(ref.rows[k][c]))).toBeLessThan(1e-9);
      }
    }
  });
});
