import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { PairEDIPMulti } from '../../potentials/pair_edip_multi.js';
import { PairTersoffMod, PairTersoffModC } from '../../potentials/pair_tersoff_mod.js';
import { PairVashishta } from '../../potentials/pair_vashishta.js';
import type { PairStyle } from '../../src/potential.js';
import { fdForces, fdVirial, makeAtoms, makeSim, POT_DIR } from '../helpers/eam_systems.js';

/**
 * Central differences for the many-body styles added after sw and tersoff (vashishta, tersoff/mod,
 * tersoff/mod/c, edip/multi) on jittered triclinic boxes with random type assignments: forces are −dE/dx and
 * the virial is −dE/d(strain). (vashishta/table is checked against LAMMPS only: its linearly
 * interpolated force and energy tables are not exact derivatives of each other.)
 */
const POT = (f: string) => join(POT_DIR, f);
const TRI: [number, number, number] = [0.2, -0.1, 0.15];

/** A pair style with its pair_style arguments already applied (makeSim calls settings([])). */
function withSettings(pair: PairStyle, args: string[]): PairStyle {
  pair.settings(args);
  pair.settings = () => {};
  return pair;
}

const cases: { name: string; pair: () => PairStyle; coeff: string[][]; a: number; ntypes: number }[] = [
  {
    name: 'vashishta (In/P)',
    pair: () => new PairVashishta(),
    coeff: [['*', '*', POT('InP.vashishta'), 'In', 'P']],
    a: 4.8,
    ntypes: 2,
  },
  {
    name: 'vashishta (Si/O)',
    pair: () => new PairVashishta(),
    coeff: [['*', '*', POT('SiO.1990.vashishta'), 'Si', 'O']],
    a: 3.6,
    ntypes: 2,
  },
  {
    name: 'tersoff/mod (Si)',
    pair: () => new PairTersoffMod(),
    coeff: [['*', '*', POT('Si.tersoff.mod'), 'Si']],
    a: 4.3,
    ntypes: 1,
  },
  {
    name: 'tersoff/mod shift',
    pair: () => withSettings(new PairTersoffMod(), ['shift', '0.05']),
    coeff: [['*', '*', POT('Si.tersoff.mod'), 'Si']],
    a: 4.3,
    ntypes: 1,
  },
  {
    name: 'tersoff/mod/c (Si, m = 3)',
    pair: () => new PairTersoffModC(),
    coeff: [['*', '*', POT('Si.tersoff.modc'), 'Si']],
    a: 4.3,
    ntypes: 1,
  },
  {
    name: 'edip/multi (Si/C)',
    pair: () => new PairEDIPMulti(),
    coeff: [['*', '*', POT('SiC.edip'), 'Si', 'C']],
    a: 3.9,
    ntypes: 2,
  },
  {
    name: 'edip/multi (Si, coordination transition region)',
    pair: () => new PairEDIPMulti(),
    coeff: [['*', '*', POT('Si.edip'), 'Si']],
    a: 4.1,
    ntypes: 1,
  },
];

/** makeSim for styles whose files set no masses: every type gets mass 28. */
function sim(at: ReturnType<typeof makeAtoms>, pair: PairStyle, coeff: string[][]) {
  const s = makeSim(at, pair, coeff);
  for (let t = 1; t <= at.ntypes; t++) {
    s.system.mass[t] = 28.0;
    s.system.massSet[t] = true;
  }
  return s;
}

describe('many-body pair styles: derivatives on a triclinic box', () => {
  for (const c of cases) {
    const at = makeAtoms({
      a: c.a,
      cells: [2, 2, 2],
      ntypes: c.ntypes,
      tilt: TRI,
      jitter: 0.1,
      seed: 11,
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
