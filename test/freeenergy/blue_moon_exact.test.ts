import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { blueMoonMeanForce } from '../../src/freeenergy/blue_moon.js';
import { runDeckIn } from '../../src/freeenergy/run_deck.js';
import {
  distanceExactMeanForce,
  fourAtomData,
  fourAtomDeck,
  torsionExactMeanForce,
  twoAtomData,
  twoAtomDeck,
} from './exact_systems.js';

const kT = 0.0019872067 * 300; // LAMMPS real boltz × 300 K, kcal/mol

function samples(path: string) {
  const rows = readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l !== '' && !l.startsWith('#'))
    .map((l) => l.split(' ').map(Number));
  return { lam: rows.map((r) => r[2]), z: rows.map((r) => r[3]), g: rows.map((r) => r[4]) };
}

/**
 * Constrained Langevin MD of exactly solvable systems (test/freeenergy/exact_systems.ts): the blue-moon
 * mean force must equal the exact dA/dξ within 3 block-average standard errors. Seeds are fixed, so the
 * runs are reproducible; the margins were not tuned to them (the measured deviations are in
 * docs/freeenergy.md).
 */
describe('blue-moon mean force equals the exact free-energy derivative', () => {
  for (const phi of [-60, 90]) {
    it(`four-atom torsion held at ${phi}°: dA/dφ = V′(φ), metric (Z^{-1/2}, kT G) terms included`, () => {
      const dir = mkdtempSync(join(tmpdir(), 'bluemoon-'));
      runDeckIn(dir, fourAtomDeck({ phiDeg: phi, steps: 40000, seed: 4711, file: 'lam.txt' }), {
        'four.data': fourAtomData(phi),
      });
      const s = samples(join(dir, 'lam.txt'));
      const e = blueMoonMeanForce(s.lam, s.z, s.g, kT);
      const exact = torsionExactMeanForce((phi * Math.PI) / 180);
      expect(e.samples).toBe(39999);
      expect(e.plateau).toBe(true);
      expect(e.error).toBeLessThan(0.03); // kcal/mol/rad: tight enough that the test can fail
      expect(Math.abs(e.meanForce - exact)).toBeLessThan(3 * e.error);
      // the metric terms are of the size of the error, not negligible: kT⟨G⟩ ~ 0.03 kcal/mol/rad
      expect(Math.abs(e.correction)).toBeGreaterThan(0.003);
    }, 120000);
  }

  it('two atoms held at r = 1.0 Å: dA/dr = U′(r) − 2kT/r (the Jacobian term comes from the centrifugal part of λ)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bluemoon-'));
    runDeckIn(dir, twoAtomDeck({ r: 1.0, steps: 30000, seed: 4711, file: 'lam.txt' }), {
      'two.data': twoAtomData(1.0),
    });
    const s = samples(join(dir, 'lam.txt'));
    const e = blueMoonMeanForce(s.lam, s.z, s.g, kT);
    const exact = distanceExactMeanForce(1.0, 300);
    expect(e.error).toBeLessThan(0.15);
    expect(Math.abs(e.meanForce - exact)).toBeLessThan(3 * e.error);
    // without the −2kT/r term the answer would be off by 1.19 kcal/mol/Å, many error bars
    expect(Math.abs(e.meanForce - (exact + (2 * kT) / 1.0))).toBeGreaterThan(8 * e.error);
  }, 120000);
});
