import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { FixCvConstraint } from '../../integrators/fix_cv_constraint.js';
import { TorsionCv } from '../../src/freeenergy/constraint_cv.js';
import { runDeckIn } from '../../src/freeenergy/run_deck.js';
import type { Simulation } from '../../src/simulation.js';
import { fourAtomData, fourAtomDeck, twoAtomData } from './exact_systems.js';

const REPO = new URL('../..', import.meta.url).pathname;

/** Dihedral of atoms with IDs ids (minimum image is not needed: one molecule in a big box) and ∇φ·v. */
function torsionState(sim: Simulation, ids: number[]): { phi: number; rate: number } {
  const s = sim.system;
  const idx = ids.map((t) => Array.from(s.tag.subarray(0, s.n)).indexOf(t));
  const p = Float64Array.from(idx.flatMap((i) => [s.x[3 * i], s.x[3 * i + 1], s.x[3 * i + 2]]));
  const g = new Float64Array(12);
  const phi = new TorsionCv().gradient(p, g);
  let rate = 0;
  idx.forEach((i, a) => {
    for (let c = 0; c < 3; c++) rate += g[3 * a + c] * s.v[3 * i + c];
  });
  return { phi, rate };
}

describe('fix cv/constraint', () => {
  it('holds the torsion to the tolerance and its rate at zero; removes one degree of freedom', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cvcon-'));
    const { sim, screen } = runDeckIn(dir, fourAtomDeck({ phiDeg: -60, steps: 2000, seed: 9, file: 'lam.txt' }), {
      'four.data': fourAtomData(-55), // 5° off: projected onto the target at init
    });
    const st = torsionState(sim, [1, 2, 3, 4]);
    expect(Math.abs(st.phi - (-60 * Math.PI) / 180)).toBeLessThan(1e-9);
    expect(Math.abs(st.rate)).toBeLessThan(1e-12);
    const fix = sim.fixes.find((f) => f.id === '3') as FixCvConstraint;
    expect(fix.dofRemoved(sim, 1)).toBe(1);
    // thermo temp = 2 KE / ((3N − 3 − 1) k): check against the velocities
    let ke = 0;
    const s = sim.system;
    for (let i = 0; i < s.n; i++)
      for (let c = 0; c < 3; c++) ke += 0.5 * s.mass[s.type[i]] * s.v[3 * i + c] ** 2 * s.units.mvv2e;
    const rows = screen.split('\n').filter((l) => /^\s+2000\s/.test(l));
    const tThermo = Number(rows[0].trim().split(/\s+/)[1]);
    expect(tThermo).toBeCloseTo((2 * ke) / ((3 * 4 - 3 - 1) * s.units.boltz), 3);
    const lines = readFileSync(join(dir, 'lam.txt'), 'utf8').trim().split('\n');
    expect(lines[0]).toMatch(/^# fix 3 cv\/constraint torsion: step xi\(deg\) lambda/);
    expect(lines.length).toBe(2000); // header + steps 1..1999 (the sample at x_n is written at step n+1)
    expect(Number.isFinite(fix.computeScalar())).toBe(true);
  });

  it('distance: held exactly through a run', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cvcon-'));
    const deck = `units real
atom_style bond
boundary p p p
pair_style lj/cut 5.0
bond_style harmonic
read_data two.data
pair_coeff * * 0.0 1.0
bond_coeff 1 100 1.2
velocity all create 300 5 mom yes rot yes
fix 1 all nve
fix 3 all cv/constraint distance 1 2 temp 300 target 1.3
run 500
`;
    const { sim } = runDeckIn(dir, deck, { 'two.data': twoAtomData(1.25) });
    const s = sim.system;
    const d = [0, 1, 2].map((c) => s.x[3 + c] - s.x[c]);
    expect(Math.hypot(...d)).toBeCloseTo(1.3, 10);
  });

  it('errors: keywords, temp required, order after the integrators, too far from the target', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cvcon-'));
    const base = fourAtomDeck({ phiDeg: -60, steps: 10, seed: 9, file: 'lam.txt' });
    const withFix = (line: string, extra = '') => base.replace(/fix 3 all cv\/constraint .*\n/, `${line}\n${extra}`);
    const run =
      (deck: string, phi = -60) =>
      () =>
        runDeckIn(dir, deck, { 'four.data': fourAtomData(phi) });
    expect(run(withFix('fix 3 all cv/constraint torsion 1 2 3 4 target -60'))).toThrow(/temp T is required/);
    expect(run(withFix('fix 3 all cv/constraint angle 1 2 3 temp 300'))).toThrow(/unknown CV 'angle'/);
    expect(run(withFix('fix 3 all cv/constraint torsion 1 2 3 4 temp 300 bogus 1'))).toThrow(/unknown keyword 'bogus'/);
    expect(run(withFix('fix 3 all cv/constraint torsion 1 2 3 3 temp 300'))).toThrow(/repeated atom ID/);
    expect(run(withFix('fix 3 all cv/constraint torsion 1 2 3 9 temp 300'))).toThrow(/no atom with ID 9/);
    expect(run(withFix('fix 3 all cv/constraint torsion 1 2 3 4 temp 300', 'fix 4 all nve\n'))).toThrow(
      /must come after all integration fixes \(fix 4 nve/,
    );
    expect(run(withFix('fix 3 all cv/constraint torsion 1 2 3 4 temp 300 target 60'))).toThrow(
      /too far from the target 60\.000 degrees .*equilibrate with a restraint first/,
    );
  });

  it('alanine dipeptide φ held at −60° under Langevin dynamics: finite mean force, constraint kept (smoke)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cvcon-ala2-'));
    copyFileSync(join(REPO, 'systems/ala2/ala2.data'), join(dir, 'ala2.data'));
    const deck = `units real
atom_style full
boundary f f f
pair_style lj/cut/coul/cut 50.0
pair_modify mix arithmetic
bond_style harmonic
angle_style harmonic
dihedral_style charmm
read_data ala2.data
special_bonds lj 0.0 0.0 0.5 coul 0.0 0.0 0.833333
timestep 1.0
velocity all create 300 77 mom yes rot yes dist gaussian
fix 1 all nve
fix 2 all langevin 300 300 100 77 zero yes
fix 3 all plumed plumedfile plumed.dat
run 600
unfix 3
fix 4 all cv/constraint torsion 5 7 9 15 temp 300 target -60 file lam.txt
thermo 500
run 1000
`;
    const plumed = 'phi: TORSION ATOMS=5,7,9,15\nRESTRAINT ARG=phi AT=-1.0471975511965976 KAPPA=200\n';
    const { sim } = runDeckIn(dir, deck, { 'plumed.dat': plumed });
    const st = torsionState(sim, [5, 7, 9, 15]);
    expect(Math.abs(st.phi - (-60 * Math.PI) / 180)).toBeLessThan(1e-9);
    const fix = sim.fixes.find((f) => f.id === '4') as FixCvConstraint;
    expect(Number.isFinite(fix.computeScalar())).toBe(true);
    expect(Math.abs(fix.computeScalar())).toBeLessThan(100); // kcal/mol/rad: a sane mean force
  });

  it('through the CLI: a bad fix line is an ERROR naming the deck line, exit 1, no stack trace', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cvcon-cli-'));
    writeFileSync(join(dir, 'four.data'), fourAtomData(-60));
    const deck = fourAtomDeck({ phiDeg: -60, steps: 10, seed: 9, file: 'lam.txt' }).replace(' temp 300 ', ' temp -5 ');
    writeFileSync(join(dir, 'in.deck'), deck);
    const r = spawnSync(process.execPath, [join(REPO, 'dist/src/cli.js'), 'run', 'in.deck'], {
      cwd: dir,
      encoding: 'utf8',
    });
    const out = r.stdout + r.stderr;
    expect(r.status).toBe(1);
    expect(out).toMatch(/ERROR: .*temp must be > 0, got -5/);
    const line = deck.split('\n').findIndex((l) => l.startsWith('fix 3 ')) + 1;
    expect(out).toContain(`in.deck:${line}`);
    expect(out).not.toMatch(/\n\s+at /);
  });
});
