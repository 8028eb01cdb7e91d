/**
 * pair_style eam/fs (Finnis-Sinclair setfl): central differences of forces and virial and
 * single-point cross-checks against LAMMPS (29 Sep 2021; goldens in test/golden/pair_eam_fs), with
 * the Mendelev 2009 Al-Mg potential (potentials/data) and synthetic Finnis-Sinclair files.
 */
import { describe, expect, test } from 'vitest';
import { PairEAMFS } from '../../potentials/pair_eam_fs.js';
import { syntheticPotential } from '../helpers/eam_synthetic.js';
import { ALMG, crossCheck, fdForces, fdVirial, makeAtoms, makeSim } from '../helpers/eam_systems.js';

const TRI: [number, number, number] = [0.2, -0.1, 0.15];

describe('pair eam/fs: derivatives (Al-Mg Mendelev 2009)', () => {
  for (const tilt of [undefined, TRI]) {
    const at = makeAtoms({ a: 4.1, cells: [2, 2, 3], ntypes: 2, tilt, jitter: 0.3, seed: 31, lo: [-1, 0.5, 2] });
    const box = tilt ? 'triclinic' : 'orthogonal';
    const coeff = [['*', '*', ALMG, 'Al', 'Mg']];
    test(`forces are -dE/dx (${box})`, () => {
      const { err, fmax } = fdForces(makeSim(at, new PairEAMFS(), coeff), 8);
      expect(fmax).toBeGreaterThan(0.1);
      expect(err).toBeLessThan(1e-6 * fmax);
    });
    test(`virial is -dE/d(strain) (${box})`, () => {
      const { err, wmax } = fdVirial(makeSim(at, new PairEAMFS(), coeff), at, 1e-5);
      expect(wmax).toBeGreaterThan(1);
      expect(err).toBeLessThan(1e-6 * wmax);
    });
  }
});

describe('pair eam/fs: same numbers as LAMMPS', () => {
  const tol = 1e-10;
  // Al-Mg is the real Mendelev 2009 file (potentials/data); the others are synthetic Finnis-Sinclair
  // files (test/helpers/eam_synthetic.ts) that both programs read.
  const AL_MG = 'AlMg_Mendelev2009.eam.fs';
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
      key: 'almg_triclinic',
      name: 'Al-Mg Mendelev 2009, triclinic',
      file: AL_MG,
      els: ['Al', 'Mg'],
      a: 4.1,
      cells: [3, 3, 3],
      tilt: TRI,
    },
    {
      key: 'almg_types_mg_al_al',
      name: 'Al-Mg with types mapped Mg Al Al',
      file: AL_MG,
      els: ['Mg', 'Al', 'Al'],
      a: 4.1,
      cells: [3, 3, 3],
    },
    {
      key: 'almg_small_box',
      name: 'Al-Mg in a small triclinic box (cutoff beyond half the box)',
      file: AL_MG,
      els: ['Al', 'Mg'],
      a: 4.05,
      cells: [2, 2, 2],
      tilt: TRI,
    },
    {
      key: 'al_one_element',
      name: 'Al (synthetic), one element',
      file: 'Al.synthetic.eam.fs',
      synthetic: true,
      els: ['Al'],
      a: 4.05,
      cells: [3, 3, 3],
      tilt: TRI,
    },
    {
      key: 'nialh_three_elements',
      name: 'Ni-Al-H (synthetic; three elements, asymmetric densities)',
      file: 'NiAlH.synthetic.eam.fs',
      synthetic: true,
      els: ['Ni', 'Al', 'H'],
      a: 3.7,
      cells: [3, 3, 3],
      tilt: TRI,
    },
  ];
  for (const c of cases) {
    test(c.name, () => {
      const at = makeAtoms({ a: c.a, cells: c.cells, ntypes: c.els.length, tilt: c.tilt, jitter: 0.3, seed: 32 });
      const pots = c.synthetic
        ? { [c.file]: syntheticPotential(c.file as Parameters<typeof syntheticPotential>[0]) }
        : {};
      const r = crossCheck(
        `pair_eam_fs/${c.key}`,
        at,
        new PairEAMFS(),
        [['*', '*', c.synthetic ? c.file : ALMG, ...c.els]],
        ['pair_style eam/fs', `pair_coeff * * ${c.file} ${c.els.join(' ')}`],
        'metal',
        pots,
      );
      expect(r.pe).toBeLessThan(tol);
      expect(r.f).toBeLessThan(tol);
      expect(r.eatom).toBeLessThan(tol);
      expect(r.pvir).toBeLessThan(tol);
      // per-atom energies add up to the total
      const n = r.sim.system.n;
      const sum = r.sim.forces.eatom.subarray(0, n).reduce((s, e) => s + e, 0);
      expect(Math.abs(sum - r.sim.pe)).toBeLessThan(1e-12 * Math.abs(r.sim.pe));
    });
  }
});

describe('pair eam/fs: setup', () => {
  test('energy is the same whether or not per-atom energies are requested, and with energy off forces are unchanged', () => {
    const at = makeAtoms({ a: 4.05, cells: [3, 3, 3], ntypes: 2, tilt: TRI, jitter: 0.3, seed: 33 });
    const sim = makeSim(at, new PairEAMFS(), [['*', '*', ALMG, 'Al', 'Mg']]);
    sim.setup();
    const pe = sim.pe;
    const f = Float64Array.from(sim.system.f.subarray(0, 3 * sim.system.n));
    sim.eatomRequested = true;
    sim.computeForces(true);
    expect(sim.pe).toBe(pe);
    sim.computeForces(false);
    expect(Array.from(sim.system.f.subarray(0, 3 * sim.system.n))).toEqual(Array.from(f));
  });

  test('masses come from the file (Al 26.9815, Mg 24.305)', () => {
    const at = makeAtoms({ a: 4.05, cells: [1, 1, 1], ntypes: 2, jitter: 0, seed: 34 });
    const sim = makeSim(at, new PairEAMFS(), [['*', '*', ALMG, 'Al', 'Mg']]);
    expect(sim.system.mass[1]).toBe(26.9815);
    expect(sim.system.mass[2]).toBeCloseTo(24.305, 10);
  });
});
