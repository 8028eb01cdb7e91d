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
  type ThermoTable,
} from '../helpers/lammps.js';
import type { GoldenSpec, LammpsOutput } from '../helpers/lammps.js';
import { REPO_ROOT } from '../helpers/golden.js';
import { ALA2_DATA, ala2WithImpropers, periodicAla2, perturbedAla2 } from './ala2_systems.js';

/**
 * The alanine dipeptide (AMBER ff99SB, systems/ala2/) and variants against LAMMPS 29 Sep 2021:
 * run 0 energy terms and forces to 1e-8 relative, 1000 steps of NVE and of fix langevin to 1e-6.
 */

const STYLES = (data: string, pair = 'lj/cut/coul/cut 50.0', boundary = 'f f f', extra = '') => `
units           real
atom_style      full
boundary        ${boundary}
pair_style      ${pair}
pair_modify     mix arithmetic
bond_style      harmonic
angle_style     harmonic
dihedral_style  charmm
${extra}
read_data       ${data}
special_bonds   lj 0.0 0.0 0.5 coul 0.0 0.0 0.833333
neighbor        2.0 bin
neigh_modify    delay 0 every 1 check yes
`;

const THERMO = `thermo_style custom step pe ebond eangle edihed eimp evdwl ecoul emol epair press pxx pyy pzz pxy pxz pyz
thermo_modify format float %.15g`;

const RUN0 = `${THERMO}
dump f all custom 1 forces.dump id fx fy fz
dump_modify f sort id format float %.15e
run 0
`;

/** id -> [fx, fy, fz] of the last frame of a dump. */
function dumpForces(text: string): Map<number, number[]> {
  const lines = text.trim().split('\n');
  const k = lines.lastIndexOf(lines.find((l) => l.startsWith('ITEM: ATOMS'))!);
  const out = new Map<number, number[]>();
  for (const l of lines.slice(k + 1)) {
    const w = l.trim().split(/\s+/).map(Number);
    out.set(w[0], w.slice(1));
  }
  return out;
}

/** Largest |F_ours - F_ref| / max(|F_ref| of that atom, 1e-3 max |F_ref|) over atoms and components. */
function forceDiff(ours: Map<number, number[]>, ref: Map<number, number[]>): number {
  expect(ours.size).toBe(ref.size);
  let fmax = 0;
  for (const f of ref.values()) fmax = Math.max(fmax, Math.hypot(f[0], f[1], f[2]));
  let worst = 0;
  for (const [id, f] of ref) {
    const g = ours.get(id)!;
    const scale = Math.max(Math.hypot(f[0], f[1], f[2]), 1e-3 * fmax);
    for (let d = 0; d < 3; d++) worst = Math.max(worst, Math.abs(g[d] - f[d]) / scale);
  }
  return worst;
}

/**
 * Largest relative difference of the single thermo row of two run-0 outputs; the pressure
 * columns (Press and after, which pass through zero) relative to the largest of them.
 */
function oneRowDiff(ours: ThermoTable[], ref: ThermoTable[]): number {
  expect(ours.length).toBe(1);
  expect(ref.length).toBe(1);
  expect(ours[0].columns).toEqual(ref[0].columns);
  const a = ours[0].rows[0],
    b = ref[0].rows[0];
  const p0 = ref[0].columns.indexOf('Press');
  const pscale = Math.max(...b.slice(p0).map(Math.abs));
  let worst = 0;
  for (let c = 1; c < b.length; c++) {
    const floor = c >= p0 ? 1e-3 * pscale : 1e-12;
    worst = Math.max(worst, Math.abs(a[c] - b[c]) / Math.max(Math.abs(b[c]), floor));
  }
  return worst;
}

/** LAMMPS (golden + live) and dpmd on one run-0 deck: thermo and forces to tol. */
function expectRun0(name: string, spec: GoldenSpec, tol = 1e-8): { thermo: number; forces: number } {
  const agree = (live: LammpsOutput, golden: LammpsOutput) => {
    expect(oneRowDiff(parseThermo(live.screen), parseThermo(golden.screen))).toBeLessThan(tol);
    expect(forceDiff(dumpForces(live.files['forces.dump']), dumpForces(golden.files['forces.dump']))).toBeLessThan(tol);
  };
  const full = { ...spec, outputs: ['forces.dump'] };
  const ref = lammpsReference(name, full, agree);
  const dir = scratchDir();
  const ours = runDpmd(spec.deck, dir, full);
  const thermo = oneRowDiff(ours.tables, parseThermo(ref.screen));
  expect(thermo, `thermo ${ours.text}`).toBeLessThan(tol);
  const forces = forceDiff(
    dumpForces(readFileSync(join(dir, 'forces.dump'), 'utf8')),
    dumpForces(ref.files['forces.dump']),
  );
  expect(forces).toBeLessThan(tol);
  return { thermo, forces };
}

describe('alanine dipeptide (amber99sb) against LAMMPS', () => {
  it('run 0: energy terms, pressure tensor and forces of the shipped structure', () => {
    expectRun0('ala2_run0', { deck: STYLES('ala2.data') + RUN0, repoFiles: { 'ala2.data': ALA2_DATA } });
  });

  it('run 0 on three perturbed configurations (seeded displacements up to 0.15 A)', () => {
    for (const seed of [1, 2, 3]) {
      const files = { 'ala2.data': perturbedAla2(seed * 7919, 0.15) };
      expectRun0(`ala2_perturbed_${seed}`, { deck: STYLES('ala2.data') + RUN0, files });
    }
  });

  it('1000 steps of NVE: thermo to 1e-6', () => {
    const deck = `${STYLES('ala2.data')}
velocity all create 300 4928459 loop geom
fix 1 all nve
thermo 100
${THERMO.replace(' press pxx pyy pzz pxy pxz pyz', ' temp ke etotal press')}
run 1000
`;
    const spec: GoldenSpec = { deck, repoFiles: { 'ala2.data': ALA2_DATA } };
    const ref = lammpsReference('ala2_nve', spec, thermoAgrees(1e-6));
    const ours = runDpmd(deck, scratchDir(), spec).tables;
    expectThermoClose(ours, parseThermo(ref.screen), 1e-6, 'dpmd vs LAMMPS');
  });

  it('1000 steps of fix langevin + nve: thermo to 1e-6 (LAMMPS random streams)', () => {
    const deck = `${STYLES('ala2.data')}
velocity all create 300 4928459 loop geom
fix 1 all langevin 300 300 100 2023
fix 2 all nve
thermo 100
${THERMO.replace(' press pxx pyy pzz pxy pxz pyz', ' temp ke etotal press')}
run 1000
`;
    const spec: GoldenSpec = { deck, repoFiles: { 'ala2.data': ALA2_DATA } };
    const ref = lammpsReference('ala2_langevin', spec, thermoAgrees(1e-6));
    const ours = runDpmd(deck, scratchDir(), spec).tables;
    expectThermoClose(ours, parseThermo(ref.screen), 1e-6, 'dpmd vs LAMMPS');
  });
});

describe('periodic molecular box against LAMMPS', () => {
  // Three copies in a 22 A cube, two straddling box faces: bonded terms across the boundary use
  // the closest image, and special pairs are found on ghosts by atom ID.
  const data = periodicAla2(22, [
    [-16, -14, -16],
    [-3, -12, -5],
    [-12, -2, -3],
  ]);
  const styles = STYLES('box.data', 'lj/cut/coul/cut 9.0 10.0', 'p p p');

  it('run 0: energy terms, virial and forces', () => {
    expectRun0('ala2_periodic_run0', { deck: styles + RUN0, files: { 'box.data': data } });
  });

  it('500 steps of NVE with image flags and rebuilds: thermo to 1e-6', () => {
    const deck = `${styles}
velocity all create 400 8812 loop geom
fix 1 all nve
thermo 50
${THERMO.replace(' press pxx pyy pzz pxy pxz pyz', ' temp etotal press pxy')}
run 500
`;
    const spec: GoldenSpec = { deck, files: { 'box.data': data } };
    const ref = lammpsReference('ala2_periodic_nve', spec, thermoAgrees(1e-6));
    const ours = runDpmd(deck, scratchDir(), spec).tables;
    expectThermoClose(ours, parseThermo(ref.screen), 1e-6, 'dpmd vs LAMMPS');
  });
});

describe('improper styles and dihedral fourier against LAMMPS', () => {
  const data = perturbedAla2(4242, 0.2);
  const withImpropers = ala2WithImpropers().replace(
    /(Atoms # full\n\n)([\s\S]*?)\n\n/,
    (_m, h) => `${h}${data.split('Atoms # full\n\n')[1].split('\n\n')[0]}\n\n`,
  );

  it('improper_style harmonic: run 0 energy terms and forces', () => {
    const extra = 'improper_style harmonic';
    const deck = `${STYLES('imp.data', undefined, undefined, extra)}improper_coeff 1 10.5 0.0\nimproper_coeff 2 2.5 5.0\n${RUN0}`;
    expectRun0('ala2_improper_harmonic', { deck, files: { 'imp.data': withImpropers } });
  });

  it('improper_style cvff: run 0 energy terms and forces', () => {
    const extra = 'improper_style cvff';
    const deck = `${STYLES('imp.data', undefined, undefined, extra)}improper_coeff 1 10.5 -1 2\nimproper_coeff 2 1.1 1 3\n${RUN0}`;
    expectRun0('ala2_improper_cvff', { deck, files: { 'imp.data': withImpropers } });
  });

  it('dihedral_style fourier (one term per type) gives LAMMPS charmm weight-0 numbers', () => {
    // LAMMPS 29 Sep 2021 on Debian has no dihedral fourier: the reference is charmm with the same K, n, d.
    const files = { 'ala2.data': perturbedAla2(99, 0.15) };
    const ref = lammpsReference(
      'ala2_fourier_as_charmm',
      { deck: STYLES('ala2.data') + RUN0, files, outputs: ['forces.dump'] },
      () => {},
    );
    const coeffs = readFileSync(join(REPO_ROOT, ALA2_DATA), 'utf8')
      .split('Dihedral Coeffs')[1]
      .split('Atoms')[0]
      .trim()
      .split('\n')
      .slice(1)
      .filter((l) => l.trim())
      .map((l) => {
        const [t, k, n, d] = l.trim().split(/\s+/);
        return `dihedral_coeff ${t} 1 ${k} ${n} ${d}`;
      });
    // Data file without its charmm Dihedral Coeffs section: the deck sets fourier ones.
    const noCoeff = files['ala2.data'].replace(/Dihedral Coeffs[\s\S]*?\n\nAtoms/, 'Atoms');
    const deck =
      STYLES('ala2.data').replace('dihedral_style  charmm', 'dihedral_style  fourier') +
      `${coeffs.join('\n')}\n${RUN0}`;
    const dir = scratchDir();
    const ours = runDpmd(deck, dir, { deck, files: { 'ala2.data': noCoeff } });
    const a = ours.tables[0].rows[0],
      b = parseThermo(ref.screen)[0].rows[0];
    for (let c = 1; c < 10; c++) expect(Math.abs(a[c] - b[c])).toBeLessThan(1e-8 * Math.max(1, Math.abs(b[c])));
    const fd = forceDiff(
      dumpForces(readFileSync(join(dir, 'forces.dump'), 'utf8')),
      dumpForces(ref.files['forces.dump']),
    );
    expect(fd).toBeLessThan(1e-8);
  });
});
