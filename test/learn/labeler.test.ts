/**
 * The eam labeler (dpmd-ts evaluating the Mendelev Al-Mg eam/fs file) against LAMMPS on the same
 * deck: energy, forces and the virial of a perturbed, triclinic 32-atom Al-Mg cell. The LAMMPS
 * result is committed in test/learn/golden/eam_label (recorded by this test with UPDATE_GOLDENS=1 and
 * LAMMPS installed: `lmp -in input.lammps -log log.lammps -screen none` on the files the labeler
 * writes); a live `lmp` run is compared as well where LAMMPS exists (required under CI=true).
 */
import { describe, it, expect } from 'vitest';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { Rng } from '../../src/nn/rng.js';
import { perturbed, substituted, supercell, unitCell } from '../../src/learn/crystal.js';
import { EamLabeler, LammpsLabeler, readLabels } from '../../src/learn/labeler.js';
import { findProgram } from '../../src/learn/fp_params.js';
import { lammpsDataText, type Frame } from '../../src/learn/structure.js';
import type { Labeled } from '../../src/learn/labeled_data.js';
import { REPO_ROOT } from '../helpers/golden.js';
import { ALMG, MASSES, TYPE_MAP } from './mini_setup.js';

const GOLDEN = join(REPO_ROOT, 'test/learn/golden/eam_label');
const LMP = process.env.LMP ?? '/usr/bin/lmp';

function frame(): Frame {
  const rng = new Rng(2024);
  return perturbed(substituted(supercell(unitCell('fcc', 4.05), [2, 2, 2]), 1, 8, rng), 0.03, 0.15, rng);
}

function runIn(dir: string, argv: string[]): void {
  const r = spawnSync(argv[0], argv.slice(1), { cwd: dir, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${argv.join(' ')} failed in ${dir}: ${r.stderr}${r.stdout}`);
}

function expectSame(a: Labeled, b: Labeled, tol: number): void {
  expect(Math.abs(a.energy - b.energy)).toBeLessThan(tol * Math.abs(b.energy));
  let df = 0,
    fmax = 0;
  for (let k = 0; k < b.force.length; k++) {
    df = Math.max(df, Math.abs(a.force[k] - b.force[k]));
    fmax = Math.max(fmax, Math.abs(b.force[k]));
  }
  expect(fmax).toBeGreaterThan(0.1); // the frame is far enough from equilibrium to test forces
  expect(df).toBeLessThan(tol * fmax);
  let dv = 0,
    vmax = 0;
  for (let k = 0; k < 9; k++) {
    dv = Math.max(dv, Math.abs(a.virial[k] - b.virial[k]));
    vmax = Math.max(vmax, Math.abs(b.virial[k]));
  }
  expect(dv).toBeLessThan(tol * vmax);
}

describe('lammps labeler', () => {
  it('runs lmp as a separate program on the same deck and reads its labels (live; golden compared)', () => {
    const lmp = findProgram(LMP);
    if (!lmp) {
      if (process.env.CI === 'true')
        throw new Error(`LAMMPS (${LMP}) is required under CI=true for the lammps labeler`);
      console.log(`lammps labeler: LAMMPS not found at ${LMP}; skipping the live part`);
      return;
    }
    const f = frame();
    const dir = mkdtempSync(join(tmpdir(), 'dpmd-label-lammps-'));
    const lab = new LammpsLabeler({ pairStyle: 'eam/fs', pairCoeff: [`* * ${ALMG} Al Mg`], command: lmp }, MASSES);
    const argv = lab.prepare(dir, f);
    expect(argv[0]).toBe(lmp);
    runIn(dir, argv);
    expectSame(lab.collect(dir, f), readLabels(GOLDEN, f), 1e-12);
  });
});

describe('eam labeler', () => {
  it("gives LAMMPS's energy, forces and virial (golden, and live lmp where installed)", () => {
    const f = frame();
    expect(f.box[3] !== 0 && f.box[6] !== 0 && f.box[7] !== 0).toBe(true); // triclinic
    const dir = mkdtempSync(join(tmpdir(), 'dpmd-label-'));
    const lab = new EamLabeler({ pairStyle: 'eam/fs', potFiles: [ALMG] }, TYPE_MAP, MASSES);
    runIn(dir, lab.prepare(dir, f));
    const ours = lab.collect(dir, f);
    const haveLmp = existsSync(LMP) && spawnSync(LMP, ['-h'], { encoding: 'utf8' }).status === 0;
    if (process.env.UPDATE_GOLDENS === '1') {
      if (!haveLmp) throw new Error('UPDATE_GOLDENS=1 needs LAMMPS');
      mkdirSync(GOLDEN, { recursive: true });
      copyFileSync(join(dir, 'conf.lmp'), join(GOLDEN, 'conf.lmp'));
      runIn(GOLDEN, [LMP, '-in', join(dir, 'input.lammps'), '-log', 'log.lammps', '-screen', 'none']);
      // the log echoes the potential's path: keep the clone's location out of the committed file
      const log = join(GOLDEN, 'log.lammps');
      writeFileSync(log, readFileSync(log, 'utf8').split(REPO_ROOT).join('<repository>'));
    }
    expect(readFileSync(join(GOLDEN, 'conf.lmp'), 'utf8')).toBe(lammpsDataText(f, MASSES));
    const golden = readLabels(GOLDEN, f);
    expectSame(ours, golden, 1e-9);
    // W = sum r F: its trace is minus the volume times the virial pressure; a compressed cell of
    // this kind has a clearly non-zero virial, so the unit conversion is exercised
    expect(Math.abs(golden.virial[0] + golden.virial[4] + golden.virial[8])).toBeGreaterThan(0.1);
    if (haveLmp) {
      const live = mkdtempSync(join(tmpdir(), 'dpmd-label-lmp-'));
      for (const n of ['conf.lmp', 'input.lammps']) copyFileSync(join(dir, n), join(live, n));
      try {
        runIn(live, [LMP, '-in', 'input.lammps', '-log', 'log.lammps', '-screen', 'none']);
        expectSame(readLabels(live, f), golden, 1e-12);
      } finally {
        rmSync(live, { recursive: true, force: true });
      }
    } else if (process.env.CI === 'true') {
      throw new Error(`LAMMPS (${LMP}) is required under CI=true for the live labeler cross-check`);
    } else {
      console.log(`eam labeler: LAMMPS not found at ${LMP}; skipping the live part (the golden was compared)`);
    }
  });
});
