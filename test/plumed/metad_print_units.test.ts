import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readHills } from '../../src/plumed/hills_file.js';
import { PLUMED_KB } from '../../src/plumed/units.js';
import { atomsAt, engineFor } from './plumed_helpers.js';

/** Two atoms along x at separation r (Å), in a 30 Å box. */
const pair = (r: number) => atomsAt([5, 5, 5, 5 + r, 5, 5], 30);

describe('PLUMED units', () => {
  it('RESTRAINT on DISTANCE in real and metal units: energy and force by hand', () => {
    // d = 6 Å = 0.6 nm, V = ½ 100 (0.6 - 0.5)² = 0.5 kJ/mol, dV/dd = 10 kJ/mol/nm.
    for (const [units, eUnit] of [
      ['real', 4.184],
      ['metal', 96.48530749925791],
    ] as const) {
      const { engine } = engineFor('d: DISTANCE ATOMS=1,2\nRESTRAINT ARG=d AT=0.5 KAPPA=100', units);
      const atoms = pair(6);
      const e = engine.calc(atoms, 0);
      expect(e).toBeCloseTo(0.5 / eUnit, 14);
      // Force on atom 2 along -x: 10 kJ/mol/nm = 1 kJ/mol/Å.
      expect(atoms.f[3]).toBeCloseTo(-1 / eUnit, 14);
      expect(atoms.f[0]).toBeCloseTo(1 / eUnit, 14);
    }
  });

  it('UNITS LENGTH=A ENERGY=kcal/mol in real units passes numbers through', () => {
    const { engine } = engineFor(
      'UNITS LENGTH=A ENERGY=kcal/mol TIME=fs\nd: DISTANCE ATOMS=1,2\nRESTRAINT ARG=d AT=5 KAPPA=3',
    );
    const atoms = pair(6);
    expect(engine.calc(atoms, 0)).toBeCloseTo(1.5, 14);
    expect(atoms.f[3]).toBeCloseTo(-3, 14);
  });
});

describe('PLUMED METAD', () => {
  const input = (extra: string) =>
    `UNITS LENGTH=A\nd: DISTANCE ATOMS=1,2\nm: METAD ARG=d SIGMA=0.2 HEIGHT=1.5 PACE=3 BIASFACTOR=4 TEMP=300${extra}`;
  const path = (s: number) => 4 + 0.05 * s; // d at step s, Å

  it('deposits hills every PACE steps (not at the first step) with well-tempered heights', () => {
    const { engine, dir } = engineFor(input(' FILE=HILLS'));
    engine.dt = 2; // fs
    for (let s = 0; s <= 12; s++) engine.calc(pair(path(s)), s);
    const kT = PLUMED_KB * 300;
    const centers: number[] = [];
    const heights: number[] = [];
    for (const s of [3, 6, 9, 12]) {
      // Bias at the deposit point from the hills so far, by hand.
      let v = 0;
      for (let k = 0; k < centers.length; k++) {
        const u = (path(s) - centers[k]) / 0.2;
        if (0.5 * u * u < 6.25) v += heights[k] * Math.exp(-0.5 * u * u);
      }
      heights.push(1.5 * Math.exp(-v / (kT * 3)));
      centers.push(path(s));
    }
    const hills = readHills(join(dir, 'HILLS'), ['d']);
    expect(hills.map((h) => h.time)).toEqual([0.006, 0.012, 0.018, 0.024].map((t) => expect.closeTo(t, 15)));
    for (let k = 0; k < 4; k++) {
      expect(hills[k].center[0]).toBeCloseTo(centers[k], 12);
      expect(hills[k].sigma[0]).toBe(0.2);
      // Written height = deposited × γ/(γ-1).
      expect(hills[k].height).toBeCloseTo((heights[k] * 4) / 3, 12);
    }
    const text = readFileSync(join(dir, 'HILLS'), 'utf8').split('\n');
    expect(text[0]).toBe('#! FIELDS time d sigma_d height biasf');
    expect(text[1]).toBe('#! SET multivariate false');
    expect(text[3].trim().split(/\s+/).length).toBe(5);
  });

  it('grid bias equals the direct sum of hills at grid points, and within spline error between', () => {
    const direct = engineFor(input('')).engine;
    const grid = engineFor(input(' GRID_MIN=2 GRID_MAX=7 GRID_BIN=500')).engine;
    for (let s = 0; s <= 12; s++) {
      direct.calc(pair(path(s)), s);
      grid.calc(pair(path(s)), s);
    }
    // PLUMED truncates hills at dp2 = 6.25 (a step of e^-6.25 of the height): cells holding a
    // hill's edge are left out of the spline comparison.
    const centers = [3, 6, 9, 12].map(path);
    const edge = Math.sqrt(12.5) * 0.2;
    const nearEdge = (r: number) => centers.some((c) => Math.abs(Math.abs(r - c) - edge) < 0.0101);
    let worst = 0;
    let compared = 0;
    for (let q = 0; q <= 400; q++) {
      const r = 3.5 + q * 0.0025; // every quarter grid spacing (dx = 0.01 Å)
      if (nearEdge(r)) continue;
      compared++;
      const a = pair(r);
      const b = pair(r);
      const ed = direct.calc(a, 13, false);
      const eg = grid.calc(b, 13, false);
      if (q % 4 === 0) expect(eg).toBeCloseTo(ed, 12);
      worst = Math.max(worst, Math.abs(eg - ed), Math.abs(a.f[3] - b.f[3]) * 0.01);
    }
    // Hills of height ~1.5 kJ/mol = 0.36 kcal/mol: cubic interpolation error ~ (dx/σ)^4 of that.
    expect(compared).toBeGreaterThan(300);
    expect(worst).toBeLessThan(1e-6);
    expect(worst).toBeGreaterThan(0); // the points between nodes are interpolated, not summed
  });

  it('RESTART reads the HILLS file back: same bias as the run that wrote it', () => {
    const first = engineFor(input(''));
    for (let s = 0; s <= 12; s++) first.engine.calc(pair(path(s)), s);
    first.engine.close();
    const again = engineFor(`RESTART\n${input('')}`, 'real', first.dir).engine;
    for (const r of [4.1, 4.3, 4.55])
      expect(again.calc(pair(r), 13, false)).toBeCloseTo(first.engine.calc(pair(r), 13, false), 12);
  });
});

describe('PLUMED PRINT', () => {
  it('writes COLVAR in PLUMED layout: FIELDS, periodic SET lines, time in ps', () => {
    const { engine, dir } = engineFor(
      'd: DISTANCE ATOMS=1,2\nt: TORSION ATOMS=1,2,3,4\nr: RESTRAINT ARG=d AT=0.5 KAPPA=10\nPRINT ARG=d,t,r.bias STRIDE=2 FILE=COLVAR',
    );
    engine.dt = 1; // fs
    const atoms = atomsAt([5, 6, 5, 5, 5, 5, 6, 5, 5, 6, 5, 6], 20);
    for (let s = 0; s <= 4; s++) engine.calc(atoms, s);
    const lines = readFileSync(join(dir, 'COLVAR'), 'utf8').split('\n');
    expect(lines.slice(0, 3)).toEqual(['#! FIELDS time d t r.bias', '#! SET min_t -pi', '#! SET max_t pi']);
    // IUPAC: seen along 2→3 (+x), atom 1 (+y) turns clockwise onto atom 4 (+z): +90°.
    expect(lines[3]).toBe(' 0.000000 0.100000 1.570796 0.800000');
    expect(lines[4].startsWith(' 0.002000 ')).toBe(true);
    expect(lines[5].startsWith(' 0.004000 ')).toBe(true);
    expect(lines[6]).toBe('');
  });
});

describe('PLUMED input errors name the file, line and cause', () => {
  it.each([
    ['d: DISTANCE ATOMS=1,2\n\nGYRATION ATOMS=1-4', /plumed\.dat:3: action GYRATION is not supported/],
    ['d: DISTANCE ATOMS=1,2 FOO=3', /plumed\.dat:1: DISTANCE: keyword FOO is not supported/],
    ['RESTRAINT ARG=x AT=0', /plumed\.dat:1: RESTRAINT: ARG x: no action labelled x/],
    ['r: RESTRAINT ...\n  ARG=d\n', /plumed\.dat:1: "\.\.\." block is not closed/],
    [
      'd: DISTANCE ATOMS=1,2\nr: RESTRAINT ARG=d AT=0\nRESTRAINT ARG=r AT=0',
      /plumed\.dat:3: RESTRAINT: ARG r: RESTRAINT r has no value r \(it has r\.bias, r\.force2\)/,
    ],
    ['d: DISTANCE ATOMS=1,2\nRESTRAINT ARG=d AT=0,1', /plumed\.dat:2: RESTRAINT: keyword AT needs 1 value/],
    [
      'd: DISTANCE ATOMS=1,2\nMETAD ARG=d SIGMA=0.1 HEIGHT=1 PACE=10 BIASFACTOR=8',
      /plumed\.dat:2: METAD: well-tempered METAD .* needs TEMP/,
    ],
  ])('%s', (text, re) => {
    expect(() => engineFor(text)).toThrow(re);
  });
});
