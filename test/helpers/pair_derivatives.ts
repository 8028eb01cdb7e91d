import { describe, expect, test } from 'vitest';
import type { PairStyle } from '../../src/potential.js';
import { fdForces, fdVirial, makeAtoms, makeSim } from './eam_systems.js';

/**
 * The central-difference check of a list of pair styles on a jittered triclinic box with random type
 * assignments (the LAMMPS goldens use orthogonal boxes): forces are −dE/dx and the virial is
 * −dE/d(strain), each within 1e-6 of its largest component.
 */
export interface PairCase {
  name: string;
  pair: () => PairStyle;
  coeff: string[][];
  /** Lattice constant of the 2×2×2 fcc-like cell. */
  a: number;
  ntypes: number;
}

/** A pair style with its pair_style arguments already applied (makeSim calls settings([])). */
export function withSettings(pair: PairStyle, args: string[]): PairStyle {
  pair.settings(args);
  pair.settings = () => {};
  return pair;
}

const TRI: [number, number, number] = [0.2, -0.1, 0.15];

/** makeSim for styles whose files set no masses (EAM's do): every type gets mass 28. */
function sim(at: ReturnType<typeof makeAtoms>, pair: PairStyle, coeff: string[][]) {
  const s = makeSim(at, pair, coeff);
  for (let t = 1; t <= at.ntypes; t++) {
    s.system.mass[t] = 28.0;
    s.system.massSet[t] = true;
  }
  return s;
}

export function describeDerivatives(title: string, cases: PairCase[], seed: number): void {
  describe(title, () => {
    for (const c of cases) {
      const at = makeAtoms({
        a: c.a,
        cells: [2, 2, 2],
        ntypes: c.ntypes,
        tilt: TRI,
        jitter: 0.1,
        seed,
        lo: [-1, 0.5, 2],
      });
      test(`${c.name}: forces are -dE/dx`, () => {
        const { err, fmax } = fdForces(sim(at, c.pair(), c.coeff), 8);
        expect(fmax).toBeGreaterThan(0.01);
        expect(err).toBeLessThan(1e-6 * fmax);
      });
      test(`${c.name}: virial is -dE/d(strain)`, () => {
        const { err, wmax } = fdVirial(sim(at, c.pair(), c.coeff), at, 1e-5);
        expect(wmax).toBeGreaterThan(0.01);
        expect(err).toBeLessThan(1e-6 * wmax);
      });
    }
  });
}
