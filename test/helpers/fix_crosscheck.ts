import { expect } from 'vitest';
import { compareThermo, runDpmd, runLammps } from './lammps.js';

/**
 * Run one deck through LAMMPS (decks.lmp) and dpmd (decks.dpmd; the same deck unless a line only
 * LAMMPS needs differs) and require every thermo table to agree to tol relative. Returns the worst
 * relative difference seen.
 */
export function checkAgainstLammps(decks: { lmp: string; dpmd: string }, tol = 1e-6): number {
  const ref = runLammps(decks.lmp);
  const ours = runDpmd(decks.dpmd).tables;
  expect(ref.length).toBeGreaterThan(0);
  expect(ours.length).toBe(ref.length);
  let worst = 0;
  for (let k = 0; k < ref.length; k++) {
    const { maxRel, where } = compareThermo(ours[k], ref[k]);
    expect(maxRel, where).toBeLessThan(tol);
    worst = Math.max(worst, maxRel);
  }
  return worst;
}
