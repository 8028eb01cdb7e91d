import { readdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { describe, expect, it } from 'vitest';
import { capDeck } from '../../scripts/survey_lammps_examples.js';
import {
  expectThermoClose,
  type GoldenSpec,
  lammpsReference,
  parseThermo,
  potentialsIn,
  runDpmd,
  scratchDir,
  thermoAgrees,
} from '../helpers/lammps.js';

/**
 * A curated subset of LAMMPS's own example decks (vendored unchanged in test/fixtures/lammps-examples,
 * GPL-2.0, from Debian's lammps-examples), run as the survey runs them (every `run` capped at 300
 * steps, `minimize` at 300 iterations) in dpmd and compared with LAMMPS 29 Sep 2021 (goldens in
 * test/golden/examples, live lmp where installed): every thermo row of every run and minimization
 * within 1e-6 relative, the survey's criterion. Potential files a deck names are the vendored copies
 * in test/fixtures/lammps-potentials (POTENTIAL_FILES).
 */
const CAP = 300;
const DECKS = [
  'melt/in.melt',
  'min/in.min',
  'UNITS/in.ar.lj',
  'UNITS/in.ar.metal',
  'UNITS/in.ar.real',
  'gjf/in.gjf.vfull',
  'gjf/in.gjf.vhalf',
  'steinhardt/in.icos',
  'fire/in.fire_old',
  'hugoniostat/in.hugoniostat',
  'ellipse/in.ellipse.gayberne',
  'ellipse/in.ellipse.resquared',
  'rigid/in.rigid',
  'rigid/in.rigid.nve.early',
  'rigid/in.rigid.atomfile',
  'threebody/in.threebody',
  'tersoff/in.tersoff',
  'DIFFUSE/in.msd.2d',
  'DIFFUSE/in.vacf.2d',
  'VISCOSITY/in.wall.2d',
  'VISCOSITY/in.nemd.2d',
  'pour/in.pour',
  'pour/in.pour.2d',
  'colloid/in.colloid',
  'deposit/in.deposit.atom',
  'edip/in.edip-Si',
  'PACKAGES/grem/lj-single/in.gREM-nvt',
  'PACKAGES/grem/lj-single/in.gREM-npt',
  'deposit/in.deposit.molecule',
  'balance/in.balance.bond.fast',
  'balance/in.balance.bond.slow',
  'micelle/in.micelle',
  'friction/in.friction',
];
const FIXTURES = 'test/fixtures/lammps-examples';

/** The data and include files beside a deck in its fixture folder (name -> repository path); decks are in.*. */
function besideFiles(path: string): Record<string, string> {
  const dir = dirname(path);
  const files: Record<string, string> = {};
  for (const f of readdirSync(new URL(`../fixtures/lammps-examples/${dir}`, import.meta.url)))
    if (!f.startsWith('in.')) files[f] = `${FIXTURES}/${dir}/${f}`;
  return files;
}

function deckText(path: string): string {
  return capDeck(readFileSync(new URL(`../fixtures/lammps-examples/${path}`, import.meta.url), 'utf8'), CAP);
}

describe("LAMMPS's examples, unchanged: same thermo as LAMMPS", () => {
  for (const path of DECKS) {
    it(path, () => {
      const deck = deckText(path);
      const spec: GoldenSpec = { deck, repoFiles: { ...potentialsIn(deck), ...besideFiles(path) } };
      const ref = lammpsReference(`examples/${path.replace(/[/.]/g, '_')}`, spec, thermoAgrees(1e-6));
      const ours = runDpmd(deck, scratchDir(), spec).tables;
      expect(ours.length).toBeGreaterThan(0);
      expectThermoClose(ours, parseThermo(ref.screen), 1e-6, 'dpmd vs LAMMPS');
    });
  }

  it('capDeck caps literal run and minimize lengths and leaves the rest', () => {
    expect(capDeck('run 1000\nrun 10 post no\nrun ${n}\nminimize 1e-6 1e-8 5000 100000\n', 300)).toBe(
      'run 300\nrun 10 post no\nrun ${n}\nminimize 1e-6 1e-8 300 300\n',
    );
  });
});
