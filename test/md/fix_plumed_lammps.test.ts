import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { FixPlumed } from '../../integrators/fix_plumed.js';
import { lammpsReference, parseThermo, runDpmd, scratchDir, type ThermoTable } from '../helpers/lammps.js';
import { atomsAt, engineFor } from '../plumed/plumed_helpers.js';

/**
 * fix plumed against LAMMPS's own restraints (Debian's LAMMPS has no PLUMED package):
 * - RESTRAINT on DISTANCE = fix restrain bond (E = K (r - r0)², so κ = 2K in PLUMED's units):
 *   a whole NVE run of an LJ crystal in units real, compared by thermo (temp, ke), dumped
 *   positions and forces, and the bias energy f_ID.
 * - TORSION: Debian's fix restrain dihedral is E = K [1 + cos(φ - φ0)] (its minimum at φ0 + 180°,
 *   see docs/plumed.md), not PLUMED's harmonic restraint, so each dumped LAMMPS frame is checked
 *   through the shared factor ∇φ: F_LAMMPS = K sin(φ - φ0) ∇φ, with ∇φ from our RESTRAINT forces
 *   and φ from our TORSION, and E_LAMMPS = K [1 + cos(φ - φ0)].
 */

interface Frame {
  step: number;
  rows: number[][];
}

function parseDump(text: string): Frame[] {
  const lines = text.split('\n');
  const frames: Frame[] = [];
  for (let k = 0; k < lines.length; k++) {
    if (lines[k] !== 'ITEM: TIMESTEP') continue;
    const n = Number(lines[k + 3]);
    const rows = lines.slice(k + 9, k + 9 + n).map((l) => l.trim().split(/\s+/).map(Number));
    frames.push({ step: Number(lines[k + 1]), rows });
    k += 8 + n;
  }
  return frames;
}

function column(t: ThermoTable, name: string): number[] {
  const c = t.columns.indexOf(name);
  expect(c, `thermo column ${name}`).toBeGreaterThanOrEqual(0);
  return t.rows.map((r) => r[c]);
}

const BASE = `units real
atom_modify map array
lattice fcc 5.0
region box block 0 2 0 2 0 2
create_box 1 box
create_atoms 1 box
mass 1 39.95
velocity all create 100 4711 loop geom
pair_style lj/cut 8.0
pair_coeff * * 0.2 3.4
fix 1 all nve
`;
const OUT = `thermo 25
dump 1 all custom 25 out.dump id x y z fx fy fz
dump_modify 1 sort id format float %20.12g
run 100
`;
// K = 5 kcal/mol/Å², r0 = 4.2 Å  <=>  κ = 2K = 10 kcal/mol/Å² = 4184 kJ/mol/nm², AT = 0.42 nm.
const LAMMPS_DISTANCE = `${BASE}fix 2 all restrain bond 1 2 5.0 5.0 4.2
thermo_style custom step temp ke f_2
thermo_modify format float %20.12g
${OUT}`;
const PLUMED_DISTANCE = 'd: DISTANCE ATOMS=1,2\nr: RESTRAINT ARG=d AT=0.42 KAPPA=4184\n';
const DPMD_DISTANCE = `${BASE}fix 2 all plumed plumedfile plumed.dat outfile plumed.log
thermo_style custom step temp ke
thermo_modify format float %20.12g
${OUT}`;

describe('fix plumed against LAMMPS fix restrain', () => {
  it('RESTRAINT on DISTANCE = fix restrain bond: same trajectory, forces and bias energy', () => {
    const ref = lammpsReference(
      'fix_plumed_lammps/restrain_bond',
      { deck: LAMMPS_DISTANCE, outputs: ['out.dump'] },
      (live, golden) => {
        expect(live.files['out.dump']).toBe(golden.files['out.dump']);
      },
    );
    const dir = scratchDir();
    writeFileSync(join(dir, 'plumed.dat'), PLUMED_DISTANCE);
    const { tables, sim } = runDpmd(DPMD_DISTANCE, dir);
    const lmp = parseThermo(ref.screen);
    expect(lmp.length).toBe(1);
    expect(tables.length).toBe(1);
    for (const name of ['Step', 'Temp', 'KinEng']) {
      const a = column(tables[0], name);
      const b = column(lmp[0], name);
      expect(a.length).toBe(5);
      for (let k = 0; k < b.length; k++) expect(Math.abs(a[k] - b[k]) / Math.max(1, Math.abs(b[k]))).toBeLessThan(1e-9);
    }
    const theirs = parseDump(ref.files['out.dump']);
    const ours = parseDump(readFileSync(join(dir, 'out.dump'), 'utf8'));
    expect(ours.map((f) => f.step)).toEqual([0, 25, 50, 75, 100]);
    let worst = 0;
    for (let k = 0; k < theirs.length; k++)
      for (let i = 0; i < theirs[k].rows.length; i++)
        for (let c = 1; c < 7; c++)
          worst = Math.max(
            worst,
            Math.abs(ours[k].rows[i][c] - theirs[k].rows[i][c]) / Math.max(1, Math.abs(theirs[k].rows[i][c])),
          );
    expect(worst).toBeLessThan(1e-9);
    // The restraint matters: its force on atom 1 at step 0 is 2K(r - r0) = 10 (4.2 - 3.5355) kcal/mol/Å.
    const f1 = theirs[0].rows[0];
    expect(Math.hypot(f1[4], f1[5], f1[6])).toBeGreaterThan(5);
    const fix = sim.fixes.find((f) => f.style === 'plumed') as FixPlumed;
    const bias = column(lmp[0], 'f_2');
    expect(Math.abs(fix.computeScalar() - bias[bias.length - 1])).toBeLessThan(
      1e-9 * Math.max(1, bias[bias.length - 1]),
    );
  });

  it('TORSION gradient and sign agree with fix restrain dihedral on every dumped frame', () => {
    const K = 3.0;
    const phi0 = (60 * Math.PI) / 180;
    const deck = `units real
atom_style atomic
atom_modify map array
region box block 0 20 0 20 0 20
create_box 1 box
create_atoms 1 single 4.5 11.2 10.0 units box
create_atoms 1 single 5.0 10.0 10.0 units box
create_atoms 1 single 6.5 10.0 10.0 units box
create_atoms 1 single 7.0 10.8 10.9 units box
mass 1 12.0
velocity all create 600 4711 loop geom
pair_style lj/cut 8.0
pair_coeff * * 0.0 3.4
fix 1 all nve
fix 2 all restrain dihedral 1 2 3 4 ${K} ${K} 60.0
thermo_style custom step f_2
thermo_modify format float %20.12g
thermo 20
dump 1 all custom 20 tors.dump id x y z fx fy fz
dump_modify 1 format float %20.12g sort id
run 400
`;
    const ref = lammpsReference(
      'fix_plumed_lammps/restrain_dihedral',
      { deck, outputs: ['tors.dump'] },
      (live, golden) => {
        expect(live.files['tors.dump']).toBe(golden.files['tors.dump']);
      },
    );
    const frames = parseDump(ref.files['tors.dump']);
    const energy = column(parseThermo(ref.screen)[0], 'f_2');
    expect(frames.length).toBe(21);
    const kappa = 50; // kJ/mol/rad², AT = 1 rad
    const { engine } = engineFor(`t: TORSION ATOMS=1,2,3,4\nRESTRAINT ARG=t AT=1.0 KAPPA=${kappa}`);
    let span = [Infinity, -Infinity];
    for (let k = 0; k < frames.length; k++) {
      const rows = frames[k].rows;
      const atoms = atomsAt(
        rows.flatMap((r) => [r[1], r[2], r[3]]),
        20,
      );
      engine.calc(atoms, 0, false);
      const phi = engine.values.value[engine.values.find('t')];
      span = [Math.min(span[0], phi), Math.max(span[1], phi)];
      expect(energy[k]).toBeCloseTo(K * (1 + Math.cos(phi - phi0)), 9);
      const delta = Math.atan2(Math.sin(phi - 1.0), Math.cos(phi - 1.0)); // PLUMED's periodic difference
      const dBdphi = (kappa * delta) / 4.184; // kcal/mol/rad
      for (let i = 0; i < 4; i++)
        for (let c = 0; c < 3; c++) {
          const gradPhi = atoms.f[3 * i + c] / -dBdphi;
          expect(rows[i][4 + c]).toBeCloseTo(K * Math.sin(phi - phi0) * gradPhi, 9);
        }
    }
    // The frames sample a range of torsions, not one geometry.
    expect(span[1] - span[0]).toBeGreaterThan(0.2);
  });
});
