import { expect } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { registerAll } from '../../src/commands/index.js';
import { Deck } from '../../src/deck.js';
import { Output } from '../../src/output.js';
import { Simulation } from '../../src/simulation.js';
import type { GoldenSpec, LammpsOutput } from './golden.js';
import { probeLammps, readGolden, recordGolden, runLive, staleReason, writeInputs } from './golden.js';

export type { GoldenSpec, LammpsOutput } from './golden.js';
export { compareThermo, parseThermo, type ThermoTable } from '../../src/thermo_tables.js';
import { compareThermo, parseThermo, type ThermoTable } from '../../src/thermo_tables.js';

/**
 * LAMMPS's output for a deck, from the committed golden test/golden/<name>/ (always) and, when
 * LAMMPS is installed, from a live run as well: `agree(live, golden)` must then pass with the
 * tolerance the test uses, so a golden that no longer matches the installed LAMMPS fails loudly.
 * Without LAMMPS the live part is required under CI=true (the test fails) and skipped otherwise
 * (the lammps project's global setup says so once). A golden whose deck or inputs differ from the
 * test's is an error; with LAMMPS installed, UPDATE_GOLDENS=1 records it afresh.
 */
export function lammpsReference(
  name: string,
  spec: GoldenSpec,
  agree: (live: LammpsOutput, golden: LammpsOutput) => void,
): LammpsOutput {
  const probe = probeLammps();
  const stale = staleReason(name, spec);
  let recorded = false;
  if (stale) {
    if (process.env.UPDATE_GOLDENS !== '1' || !probe.ok) {
      throw new Error(
        `golden test/golden/${name} does not belong to this test (${stale}): with LAMMPS installed, ` +
          'record it with UPDATE_GOLDENS=1 npx vitest run --project lammps (see test/golden/README.md)',
      );
    }
    recordGolden(name, spec);
    recorded = true;
  }
  const golden = readGolden(name);
  if (probe.ok) {
    if (!recorded) agree(runLive(spec), golden);
  } else if (process.env.CI === 'true') {
    throw new Error(
      `LAMMPS is required under CI=true for the live cross-check of ${name} but is not usable ` +
        `(${probe.why}): apt-get install lammps lammps-data, or set LMP to the executable`,
    );
  }
  return golden;
}

/** Thermo tables of a LAMMPS output equal to the golden's within tol (compareThermo). */
export function thermoAgrees(tol: number): (live: LammpsOutput, golden: LammpsOutput) => void {
  return (live, golden) =>
    expectThermoClose(parseThermo(live.screen), parseThermo(golden.screen), tol, 'live LAMMPS vs golden');
}

/** Every table of `ours` within tol of `ref` (same count, more than one row each). */
export function expectThermoClose(ours: ThermoTable[], ref: ThermoTable[], tol: number, what: string): number {
  expect(ref.length, what).toBeGreaterThan(0);
  expect(ours.length, what).toBe(ref.length);
  let worst = 0;
  for (let k = 0; k < ref.length; k++) {
    expect(ref[k].rows.length, what).toBeGreaterThan(1);
    const { maxRel, where } = compareThermo(ours[k], ref[k]);
    expect(maxRel, `${what}: ${where}`).toBeLessThan(tol);
    worst = Math.max(worst, maxRel);
  }
  return worst;
}

/** A deck from test/decks/ (decks several tests share). */
export function sharedDeck(file: string): string {
  return readFileSync(new URL(`../decks/${file}`, import.meta.url), 'utf8');
}

/** Repository potential files by the name decks use for them. */
export const POTENTIAL_FILES: Record<string, string> = {
  'AlMg_Mendelev2009.eam.fs': 'potentials/data/AlMg_Mendelev2009.eam.fs',
  'Cu_u3.eam': 'test/fixtures/lammps-potentials/Cu_u3.eam',
  'Ag_u3.eam': 'test/fixtures/lammps-potentials/Ag_u3.eam',
  'Ni_u3.eam': 'test/fixtures/lammps-potentials/Ni_u3.eam',
  'Al_jnp.eam': 'test/fixtures/lammps-potentials/Al_jnp.eam',
  'CuNi.eam.alloy': 'test/fixtures/lammps-potentials/CuNi.eam.alloy',
  'Si.sw': 'test/fixtures/lammps-potentials/Si.sw',
  'CdTeZnSeHgS0.sw': 'test/fixtures/lammps-potentials/CdTeZnSeHgS0.sw',
  'Si.tersoff': 'test/fixtures/lammps-potentials/Si.tersoff',
  'BNC.tersoff': 'test/fixtures/lammps-potentials/BNC.tersoff',
  'InP.vashishta': 'test/fixtures/lammps-potentials/InP.vashishta',
  'SiO.1990.vashishta': 'test/fixtures/lammps-potentials/SiO.1990.vashishta',
  'Si.tersoff.mod': 'test/fixtures/lammps-potentials/Si.tersoff.mod',
  'Si.tersoff.modc': 'test/fixtures/lammps-potentials/Si.tersoff.modc',
  'Si.edip': 'test/fixtures/lammps-potentials/Si.edip',
  'SiC.edip': 'test/fixtures/lammps-potentials/SiC.edip',
  'Al_jpc.agni': 'test/fixtures/lammps-potentials/Al_jpc.agni',
  'Si_1.meam.spline': 'test/fixtures/lammps-potentials/Si_1.meam.spline',
  'TiO.meam.spline': 'test/fixtures/lammps-potentials/TiO.meam.spline',
  'ffield.eim': 'test/fixtures/lammps-potentials/ffield.eim',
};

/** The repository potentials a deck names (by the file names above). */
export function potentialsIn(deck: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [f, path] of Object.entries(POTENTIAL_FILES)) if (deck.includes(f)) out[f] = path;
  return out;
}

export function scratchDir(prefix = 'dpmd-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Run a deck through dpmd's interpreter in-process; returns thermo tables and the simulation. */
export function runDpmd(
  deck: string,
  dir: string = scratchDir(),
  inputs?: GoldenSpec,
): { tables: ThermoTable[]; sim: Simulation; text: string } {
  if (inputs) writeInputs(inputs, dir);
  registerAll();
  const out = new Output({ screen: false, capture: true });
  const sim = new Simulation(out);
  const d = new Deck(sim);
  d.cwd = dir;
  const path = join(dir, 'in.dpmd');
  writeFileSync(path, deck);
  d.runFile(path);
  const text = out.captured!.join('\n');
  return { tables: parseThermo(text), sim, text };
}

/**
 * Run one deck through LAMMPS (golden `name`, live too where installed) and dpmd, and require
 * every thermo table to agree to tol relative. Potential files the deck names by their bare
 * file names (POTENTIAL_FILES) are copied in beside it for both programs. Returns the worst difference.
 */
export function expectSameThermo(name: string, deck: string, tol = 1e-6): number {
  const spec: GoldenSpec = { deck, repoFiles: potentialsIn(deck) };
  const ref = lammpsReference(name, spec, thermoAgrees(tol));
  const ours = runDpmd(deck, scratchDir(), spec).tables;
  return expectThermoClose(ours, parseThermo(ref.screen), tol, 'dpmd vs LAMMPS');
}
