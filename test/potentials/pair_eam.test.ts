/**
 * pair_style eam (DYNAMO funcfl): central differences of forces and virial, single-point
 * cross-checks against LAMMPS (29 Sep 2021; goldens in test/golden/pair_eam) incl. the multi-file grid merging and mixing
 * rules, rho > rhomax, unit conversion, and the failure modes.
 */
import { describe, expect, test } from 'vitest';
import { PairEAM } from '../../potentials/pair_eam.js';
import { Ghosts } from '../../src/ghosts.js';
import { NeighborList } from '../../src/neighbor_list.js';
import { ForceBuffers } from '../../src/potential.js';
import type { Atoms } from '../helpers/eam_systems.js';
import { POT_DIR, crossCheck, fdForces, fdVirial, makeAtoms, makeSim } from '../helpers/eam_systems.js';

const P = (f: string): string => `${POT_DIR}/${f}`;
const TRI: [number, number, number] = [0.2, -0.1, 0.15];
const CUAG = [
  ['1', '1', P('Cu_u3.eam')],
  ['2', '2', P('Ag_u3.eam')],
];
const CUAG_LMP = ['pair_style eam', 'pair_coeff 1 1 Cu_u3.eam', 'pair_coeff 2 2 Ag_u3.eam'];

describe('pair eam: derivatives', () => {
  for (const tilt of [undefined, TRI]) {
    const at = makeAtoms({ a: 3.8, cells: [2, 2, 3], ntypes: 2, tilt, jitter: 0.3, seed: 11, lo: [-1, 0.5, 2] });
    const box = tilt ? 'triclinic' : 'orthogonal';
    test(`forces are -dE/dx (Cu+Ag mixed funcfl, ${box})`, () => {
      const { err, fmax } = fdForces(makeSim(at, new PairEAM(), CUAG), 8);
      expect(fmax).toBeGreaterThan(0.1);
      expect(err).toBeLessThan(1e-6 * fmax);
    });
    test(`virial is -dE/d(strain) (Cu+Ag mixed funcfl, ${box})`, () => {
      const { err, wmax } = fdVirial(makeSim(at, new PairEAM(), CUAG), at, 1e-5);
      expect(wmax).toBeGreaterThan(1);
      expect(err).toBeLessThan(1e-6 * wmax);
    });
  }
});

describe('pair eam: same numbers as LAMMPS', () => {
  const tol = 1e-10;
  const check = (r: ReturnType<typeof crossCheck>): void => {
    expect(r.pe).toBeLessThan(tol);
    expect(r.f).toBeLessThan(tol);
    expect(r.eatom).toBeLessThan(tol);
    expect(r.pvir).toBeLessThan(tol);
  };

  test('single Cu file, triclinic box', () => {
    const at = makeAtoms({ a: 3.615, cells: [3, 3, 3], ntypes: 1, tilt: TRI, jitter: 0.25, seed: 1 });
    check(
      crossCheck(
        'pair_eam/cu_triclinic',
        at,
        new PairEAM(),
        [['*', '*', P('Cu_u3.eam')]],
        ['pair_style eam', 'pair_coeff * * Cu_u3.eam'],
      ),
    );
  });

  test('Cu + Ag: files on different r grids are merged and mixed as LAMMPS does', () => {
    const at = makeAtoms({ a: 3.8, cells: [3, 3, 3], ntypes: 2, tilt: TRI, jitter: 0.3, seed: 2 });
    check(crossCheck('pair_eam/cu_ag_merged_grids', at, new PairEAM(), CUAG, CUAG_LMP));
  });

  test('Al (drho 1e-4, cut 6) + Cu (drho 5e-4, cut 4.95): different rho grids and cutoffs', () => {
    const at = makeAtoms({ a: 3.8, cells: [3, 3, 3], ntypes: 2, jitter: 0.3, seed: 3 });
    check(
      crossCheck(
        'pair_eam/al_cu_rho_grids',
        at,
        new PairEAM(),
        [
          ['1', '1', P('Al_jnp.eam')],
          ['2', '2', P('Cu_u3.eam')],
        ],
        ['pair_style eam', 'pair_coeff 1 1 Al_jnp.eam', 'pair_coeff 2 2 Cu_u3.eam'],
      ),
    );
  });

  test('type ranges: two types share one file, a third uses another', () => {
    const at = makeAtoms({ a: 3.6, cells: [3, 3, 3], ntypes: 3, tilt: TRI, jitter: 0.3, seed: 4 });
    check(
      crossCheck(
        'pair_eam/type_ranges',
        at,
        new PairEAM(),
        [
          ['1*2', '*', P('Cu_u3.eam')],
          ['3', '3', P('Ni_u3.eam')],
        ],
        ['pair_style eam', 'pair_coeff 1*2 * Cu_u3.eam', 'pair_coeff 3 3 Ni_u3.eam'],
      ),
    );
  });

  test('compressed crystal: rho beyond the F(rho) table is extended linearly as LAMMPS does', () => {
    const at = makeAtoms({ a: 2.4, cells: [3, 3, 3], ntypes: 1, jitter: 0.2, seed: 5 });
    const pair = new PairEAM();
    const r = crossCheck(
      'pair_eam/rho_beyond_table',
      at,
      pair,
      [['*', '*', P('Cu_u3.eam')]],
      ['pair_style eam', 'pair_coeff * * Cu_u3.eam'],
    );
    check(r);
    const rho = pair.densities(r.sim.system.n);
    expect(Math.max(...rho)).toBeGreaterThan(pair.rhoMax);
  });

  test("units real: energies converted from the file's metal units as LAMMPS does", () => {
    const at = makeAtoms({ a: 3.8, cells: [3, 3, 3], ntypes: 2, jitter: 0.3, seed: 6 });
    const r = crossCheck('pair_eam/units_real', at, new PairEAM(), CUAG, CUAG_LMP, 'real');
    expect(r.pe).toBeLessThan(tol);
    expect(r.f).toBeLessThan(tol);
    expect(r.eatom).toBeLessThan(tol);
  });
});

describe('pair eam: setup and failures', () => {
  const at: Atoms = makeAtoms({ a: 3.615, cells: [2, 2, 2], ntypes: 2, jitter: 0.1, seed: 9 });

  test('pair_coeff sets the type mass from the file and the cutoff is the largest file cutoff', () => {
    const pair = new PairEAM();
    const sim = makeSim(at, pair, CUAG);
    expect(sim.system.mass[1]).toBe(63.55);
    expect(sim.system.mass[2]).toBe(107.87);
    sim.setup();
    expect(pair.cutoff()).toBe(5.5500000000000114);
  });

  test('a missing potential file is an error naming the path', () => {
    expect(() => makeSim(at, new PairEAM(), [['*', '*', '/nonexistent/Cu_nope.eam']])).toThrow(
      /Cannot open EAM potential file \/nonexistent\/Cu_nope\.eam/,
    );
  });

  test('pair_coeff I J with I != J only, and pair_style arguments, are refused', () => {
    expect(() => makeSim(at, new PairEAM(), [['1', '2', P('Cu_u3.eam')]])).toThrow(
      /Incorrect args for pair coefficients/,
    );
    expect(() => new PairEAM().settings(['2.5'])).toThrow(/Illegal pair_style eam/);
  });

  test('a type without a file stops at init', () => {
    const sim = makeSim(at, new PairEAM(), [['1', '1', P('Cu_u3.eam')]]);
    sim.system.massSet[2] = true;
    expect(() => sim.setup()).toThrow(/All pair coeffs are not set.*type 2/);
  });

  test('a file in other units than the deck is refused (lj units, metal file)', () => {
    expect(() => makeSim(at, new PairEAM(), [['*', '*', P('Cu_u3.eam')]], 'lj')).toThrow(
      /requires metal units but lj units are in use/,
    );
  });

  test('coincident atoms give an error, not NaN', () => {
    // Drive the style directly with a list holding the coincident pair, independent of how the
    // neighbor list treats such pairs.
    const sim = makeSim(at, new PairEAM(), CUAG);
    sim.setup();
    const sys = sim.system;
    const g = new Ghosts();
    const x = Float64Array.from(sys.x.subarray(0, 3 * sys.n));
    x.set(x.subarray(0, 3), 3);
    g.build(sys.box, x, sys.type, sys.n, 0);
    const list = new NeighborList(true);
    list.nlocal = sys.n;
    list.offset = new Int32Array(sys.n + 1).fill(1, 1);
    list.list = Int32Array.of(1);
    const out = new ForceBuffers();
    out.clear(g.nall, sim.flags);
    expect(() =>
      sim.pair!.compute({ system: sys, ghosts: g, list }, out, {
        energy: true,
        virial: true,
        eatom: false,
        vatom: false,
      }),
    ).toThrow(/non-numeric energy/);
  });
});
