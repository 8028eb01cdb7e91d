import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { capDeck } from '../../scripts/survey_lammps_examples.js';
import { expectSameThermo, runDpmd } from '../helpers/lammps.js';

/**
 * A curated subset of LAMMPS's own example decks (vendored unchanged in test/fixtures/lammps-examples,
 * GPL-2.0, from Debian's lammps-examples), run as the survey runs them (every `run` capped at 300
 * steps, `minimize` at 300 iterations) in dpmd and compared with LAMMPS 29 Sep 2021 (goldens in
 * test/golden/examples, live lmp where installed): every thermo row of every run and minimization
 * within 1e-6 relative, the survey's criterion.
 */
const CAP = 300;
const DECKS = [
  'melt/in.melt',
  'min/in.min',
  'UNITS/in.ar.lj',
  'UNITS/in.ar.metal',
  'UNITS/in.ar.real',
  'pour/in.pour',
  'pour/in.pour.2d',
  'colloid/in.colloid',
  'deposit/in.deposit.atom',
];

function deckText(path: string): string {
  return capDeck(readFileSync(new URL(`../fixtures/lammps-examples/${path}`, import.meta.url), 'utf8'), CAP);
}

describe("LAMMPS's examples, unchanged: same thermo as LAMMPS", () => {
  for (const path of DECKS) {
    it(path, () => {
      const deck = deckText(path);
      expect(runDpmd(deck).tables.length).toBeGreaterThan(0);
      expectSameThermo(`examples/${path.replace(/[/.]/g, '_')}`, deck, 1e-6);
    });
  }

  it('capDeck caps literal run and minimize lengths and leaves the rest', () => {
    expect(capDeck('run 1000\nrun 10 post no\nrun ${n}\nminimize 1e-6 1e-8 5000 100000\n', 300)).toBe(
      'run 300\nrun 10 post no\nrun ${n}\nminimize 1e-6 1e-8 300 300\n',
    );
  });
});
