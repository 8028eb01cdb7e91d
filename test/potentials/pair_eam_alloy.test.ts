/**
 * pair_style eam/alloy (setfl): central differences of forces and virial, single-point
 * cross-checks against LAMMPS (29 Sep 2021; goldens in test/golden/pair_eam_alloy), element mapping and its failure modes.
 */
import { describe, expect, test } from 'vitest';
import { PairEAMAlloy } from '../../potentials/pair_eam_alloy.js';
import { syntheticPotential } from '../helpers/eam_synthetic.js';
import { POT_DIR, crossCheck, fdForces, fdVirial, makeAtoms, makeSim } from '../helpers/eam_systems.js';

const CUNI = `${POT_DIR}/CuNi.eam.alloy`;
const TRI: [number, number, number] = [0.2, -0.1, 0.15];

describe('pair eam/alloy: derivatives', () => {
  for (const tilt of [undefined, TRI]) {
    const at = makeAtoms({ a: 3.55, cells: [2, 2, 3], ntypes: 3, tilt, jitter: 0.3, seed: 21, lo: [0.5, -2, 1] });
    const box = tilt ? 'triclinic' : 'orthogonal';
    const coeff = [['*', '*', CUNI, 'Cu', 'Ni', 'Cu']];
    test(`forces are -dE/dx (Cu-Ni, 3 types, ${box})`, () => {
      const { err, fmax } = fdForces(makeSim(at, new PairEAMAlloy(), coeff), 8);
      expect(fmax).toBeGreaterThan(0.1);
      expect(err).toBeLessThan(1e-6 * fmax);
    });
    test(`virial is -dE/d(strain) (Cu-Ni, 3 types, ${box})`, () => {
      const { err, wmax } = fdVirial(makeSim(at, new PairEAMAlloy(), coeff), at, 1e-5);
      expect(wmax).toBeGreaterThan(1);
      expect(err).toBeLessThan(1e-6 * wmax);
    });
  }
});

describe('pair eam/alloy: same numbers as LAMMPS', () => {
  const tol = 1e-10;
  // Cu-Ni is LAMMPS's own file (test/fixtures/lammps-potentials); the others are synthetic setfl
  // files (test/helpers/eam_synthetic.ts) that both programs read.
  const cases: {
    key: string;
    name: string;
    file: string;
    synthetic?: boolean;
    els: string[];
    a: number;
    cells: [number, number, number];
    tilt?: [number, number, number];
  }[] = [
    {
      key: 'cuni_triclinic',
      name: 'Cu-Ni, types Cu Ni Cu, triclinic',
      file: 'CuNi.eam.alloy',
      els: ['Cu', 'Ni', 'Cu'],
      a: 3.55,
      cells: [3, 3, 3],
      tilt: TRI,
    },
    {
      key: 'nicu_reversed',
      name: 'Ni-Cu reversed mapping',
      file: 'CuNi.eam.alloy',
      els: ['Ni', 'Cu'],
      a: 3.55,
      cells: [3, 3, 3],
    },
    {
      key: 'alcu_small_box',
      name: 'Al-Cu (synthetic), small triclinic box (cutoff beyond half the box)',
      file: 'AlCu.synthetic.eam.alloy',
      synthetic: true,
      els: ['Al', 'Cu'],
      a: 3.9,
      cells: [2, 2, 2],
      tilt: TRI,
    },
    {
      key: 'al_one_element',
      name: 'Al (synthetic), one element',
      file: 'Al.synthetic.eam.alloy',
      synthetic: true,
      els: ['Al'],
      a: 4.05,
      cells: [3, 3, 3],
      tilt: TRI,
    },
  ];
  for (const c of cases) {
    test(c.name, () => {
      const at = makeAtoms({ a: c.a, cells: c.cells, ntypes: c.els.length, tilt: c.tilt, jitter: 0.3, seed: 22 });
      const pots = c.synthetic
        ? { [c.file]: syntheticPotential(c.file as Parameters<typeof syntheticPotential>[0]) }
        : {};
      const r = crossCheck(
        `pair_eam_alloy/${c.key}`,
        at,
        new PairEAMAlloy(),
        [['*', '*', c.file, ...c.els]],
        ['pair_style eam/alloy', `pair_coeff * * ${c.file} ${c.els.join(' ')}`],
        'metal',
        pots,
      );
      expect(r.pe).toBeLessThan(tol);
      expect(r.f).toBeLessThan(tol);
      expect(r.eatom).toBeLessThan(tol);
      expect(r.pvir).toBeLessThan(tol);
    });
  }
});

describe('pair eam/alloy: setup and failures', () => {
  const at = makeAtoms({ a: 3.55, cells: [2, 2, 2], ntypes: 2, jitter: 0.1, seed: 23 });

  test('pair_coeff sets the masses of the mapped elements', () => {
    const sim = makeSim(at, new PairEAMAlloy(), [['*', '*', CUNI, 'Ni', 'Cu']]);
    expect(sim.system.mass[1]).toBe(58.689);
    expect(sim.system.mass[2]).toBe(63.546);
  });

  test('an element not in the file, a wrong element count, or not * * is refused', () => {
    expect(() => makeSim(at, new PairEAMAlloy(), [['*', '*', CUNI, 'Cu', 'Al']])).toThrow(
      /No matching element in EAM potential file: 'Al'/,
    );
    expect(() => makeSim(at, new PairEAMAlloy(), [['*', '*', CUNI, 'Cu']])).toThrow(
      /one element \(or NULL\) per atom type/,
    );
    expect(() => makeSim(at, new PairEAMAlloy(), [['1', '1', CUNI, 'Cu', 'Ni']])).toThrow(/pair_coeff \* \* file/);
  });

  test('a NULL type is accepted by pair_coeff but stops at init (needs pair hybrid)', () => {
    const sim = makeSim(at, new PairEAMAlloy(), [['*', '*', CUNI, 'Cu', 'NULL']]);
    sim.system.massSet[2] = true;
    expect(() => sim.setup()).toThrow(/All pair coeffs are not set.*type 2/);
  });

  test('a missing file is an error naming the path', () => {
    expect(() => makeSim(at, new PairEAMAlloy(), [['*', '*', 'no_such_dir/CuNi.eam.alloy', 'Cu', 'Ni']])).toThrow(
      /Cannot open EAM potential file no_such_dir\/CuNi\.eam\.alloy/,
    );
  });
});
