import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lammpsReference, parseThermo, runDpmd, scratchDir, type ThermoTable } from '../helpers/lammps.js';

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

/** dump custom frames: same steps, columns and rows; box to 1e-10; values to 1e-8 relative (floor 1). */
function expectSameCustomDump(oursText: string, refText: string): void {
  const ref = parseDump(refText);
  const ours = parseDump(oursText);
  expect(ours.map((f) => f.step)).toEqual(ref.map((f) => f.step));
  for (let k = 0; k < ref.length; k++) {
    expect(ours[k].cols).toEqual(ref[k].cols);
    expect(ours[k].rows.length).toBe(ref[k].rows.length);
    for (let r = 0; r < 3; r++) for (let c = 0; c < 3; c++) expect(ours[k].box[r][c]).toBeCloseTo(ref[k].box[r][c], 10);
    let worst = 0;
    for (let i = 0; i < ref[k].rows.length; i++) {
      for (let c = 0; c < ref[k].cols.length; c++) {
        const a = ours[k].rows[i][c],
          b = ref[k].rows[i][c];
        worst = Math.max(worst, Math.abs(a - b) / Math.max(1, Math.abs(b)));
      }
    }
    expect(worst, `frame ${ref[k].step}`).toBeLessThan(1e-8);
  }
}

/** dump atom: same ITEM lines, ids and types; scaled coordinates to 2e-5 (%g prints 6 digits). */
function expectSameAtomDump(oursText: string, refText: string): void {
  const a = refText.split('\n');
  const b = oursText.split('\n');
  expect(b.length).toBe(a.length);
  expect(b.filter((l) => l.startsWith('ITEM:'))).toEqual(a.filter((l) => l.startsWith('ITEM:')));
  const pa = parseDump(refText),
    pb = parseDump(oursText);
  expect(pb.length).toBe(pa.length);
  for (let k = 0; k < pa.length; k++) {
    for (let i = 0; i < pa[k].rows.length; i++) {
      expect(pb[k].rows[i][0]).toBe(pa[k].rows[i][0]);
      expect(pb[k].rows[i][1]).toBe(pa[k].rows[i][1]);
      for (let c = 2; c < 5; c++) expect(Math.abs(pb[k].rows[i][c] - pa[k].rows[i][c])).toBeLessThan(2e-5);
    }
  }
}

/** Thermo rows to 1e-9 relative (floor 1). */
function expectSameRows(ours: ThermoTable, ref: ThermoTable): void {
  expect(ours.rows.length).toBe(ref.rows.length);
  for (let k = 0; k < ref.rows.length; k++) {
    for (let c = 1; c < ref.columns.length; c++) {
      expect(Math.abs(ours.rows[k][c] - ref.rows[k][c]) / Math.max(1, Math.abs(ref.rows[k][c]))).toBeLessThan(1e-9);
    }
  }
}

describe('dump files as LAMMPS writes them', () => {
  it('dump custom (ids, types, positions, unwrapped, images, velocities, forces) matches LAMMPS', () => {
    const dump =
      'dump 1 all custom 50 out.dump id type x y z xu yu zu ix iy iz vx vy vz fx fy fz\ndump_modify 1 sort id format float %20.15g';
    const ref = lammpsReference('dump_data/dump_custom', { deck: DECK(dump), outputs: ['out.dump'] }, (live, golden) =>
      expectSameCustomDump(live.files['out.dump'], golden.files['out.dump']),
    );
    const dd = scratchDir();
    runDpmd(DECK(dump), dd);
    const ours = readFileSync(join(dd, 'out.dump'), 'utf8');
    expect(parseDump(ours).map((f) => f.step)).toEqual([0, 50, 100]);
    expectSameCustomDump(ours, ref.files['out.dump']);
  });

  it('dump atom (scaled coordinates) has LAMMPS header lines and values', () => {
    const deck = DECK('dump 2 all atom 100 a.dump\ndump_modify 2 sort id');
    const ref = lammpsReference('dump_data/dump_atom', { deck, outputs: ['a.dump'] }, (live, golden) =>
      expectSameAtomDump(live.files['a.dump'], golden.files['a.dump']),
    );
    const dd = scratchDir();
    runDpmd(deck, dd);
    expectSameAtomDump(readFileSync(join(dd, 'a.dump'), 'utf8'), ref.files['a.dump']);
  });
});

describe('write_data / read_data', () => {
  it('a data file written by dpmd is read by LAMMPS and by dpmd to the same thermo', () => {
    const dir = scratchDir();
    runDpmd(`${DECK('')}write_data state.data\n`, dir);
    const cont = `
units metal
read_data state.data
pair_style lj/cut 6.0
pair_coeff * * 0.4 2.6
fix 1 all nve
thermo_style custom step temp pe etotal press pxx pxy
thermo_modify format float %20.15g
thermo 25
run 50
`;
    // The golden holds the data file dpmd wrote when it was recorded: a change in write_data makes
    // it stale (the test then says so), so LAMMPS is always reading dpmd's current output.
    const ref = lammpsReference(
      'dump_data/write_data_read_back',
      { deck: cont, files: { 'state.data': readFileSync(join(dir, 'state.data'), 'utf8') } },
      (live, golden) => expectSameRows(parseThermo(live.screen)[0], parseThermo(golden.screen)[0]),
    );
    const ours = runDpmd(cont, dir).tables[0];
    expectSameRows(ours, parseThermo(ref.screen)[0]);
  });
});
