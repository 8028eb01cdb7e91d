/**
 * Structures for init-bulk / init-surf and the loop: coordination shells of every bulk lattice,
 * slab layer counts, thickness, vacuum and surface coordination, scaled / perturbed / substituted
 * copies, and LAMMPS data and POSCAR round trips (including a general cell rotated into LAMMPS form).
 */
import { describe, it, expect } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Rng } from '../../src/nn/rng.js';
import { perturbed, scaled, substituted, supercell, unitCell } from '../../src/learn/crystal.js';
import { slab } from '../../src/learn/surface.js';
import { lammpsDataText, readLammpsData, type Frame } from '../../src/learn/structure.js';
import { poscarText, readPoscar } from '../../src/learn/poscar.js';

/** Distances from atom i to every other atom and image within rmax (brute force over images). */
function shell(f: Frame, i: number, rmax: number): number[] {
  const out: number[] = [],
    b = f.box;
  for (let j = 0; j < f.natoms; j++)
    for (let p = -2; p <= 2; p++)
      for (let q = -2; q <= 2; q++)
        for (let r = -2; r <= 2; r++) {
          const d = [0, 1, 2].map(
            (k) => f.coord[3 * j + k] + p * b[k] + q * b[3 + k] + r * b[6 + k] - f.coord[3 * i + k],
          );
          const x = Math.hypot(d[0], d[1], d[2]);
          if (x > 1e-8 && x < rmax) out.push(x);
        }
  return out.sort((u, v) => u - v);
}
const count = (ds: number[], r: number) => ds.filter((d) => Math.abs(d - r) < 1e-6).length;
/** Distinct z of the atoms (planes), grouped within 1e-6 Å, ascending. */
function planesOf(f: Frame): number[] {
  const zs = Array.from({ length: f.natoms }, (_, i) => f.coord[3 * i + 2]).sort((p, q) => p - q);
  const out: number[] = [];
  for (const z of zs) if (out.length === 0 || z - out[out.length - 1] > 1e-6) out.push(z);
  return out;
}

describe('bulk cells', () => {
  const a = 4.05;
  it.each([
    ['fcc', 4, a / Math.SQRT2, 12],
    ['bcc', 2, (a * Math.sqrt(3)) / 2, 8],
    ['sc', 1, a, 6],
    ['diamond', 8, (a * Math.sqrt(3)) / 4, 4],
    ['hcp', 2, a, 12],
  ] as const)('%s: %i atoms per cell, nearest neighbours at the right distance and count', (lat, nb, d1, z) => {
    const f = supercell(unitCell(lat, a), [3, 3, 3]);
    expect(f.natoms).toBe(27 * nb);
    for (let i = 0; i < f.natoms; i += 7) {
      const ds = shell(f, i, d1 * 1.05);
      expect(ds[0]).toBeCloseTo(d1, 9);
      expect(count(ds, d1)).toBe(z);
    }
  });
  it('scaled, perturbed and substituted copies', () => {
    const f = supercell(unitCell('fcc', a), [2, 2, 2]);
    expect(shell(scaled(f, 1.02), 0, 3.5)[0]).toBeCloseTo((1.02 * a) / Math.SQRT2, 9);
    const rng = new Rng(3);
    const p = perturbed(f, 0, 0.01, rng);
    let dmax = 0;
    for (let k = 0; k < 3 * f.natoms; k++) dmax = Math.max(dmax, Math.abs(p.coord[k] - f.coord[k]));
    expect(dmax).toBeGreaterThan(0.005);
    expect(dmax).toBeLessThanOrEqual(0.01);
    const c = perturbed(f, 0.03, 0, rng);
    expect(c.box[1] === 0 && c.box[2] === 0 && c.box[5] === 0).toBe(true); // still LAMMPS form
    for (const k of [0, 4, 8]) expect(Math.abs(c.box[k] / f.box[k] - 1)).toBeLessThanOrEqual(0.03);
    const s = substituted(f, 1, 5, rng);
    expect(Array.from(s.types).filter((t) => t === 1)).toHaveLength(5);
  });
});

describe('slabs', () => {
  const a = 4.05,
    vac = 10;
  it.each([
    ['fcc', '100', a / 2, 8],
    ['fcc', '110', (a * Math.SQRT2) / 4, 7],
    ['fcc', '111', a / Math.sqrt(3), 9],
    ['hcp', '0001', (a * Math.sqrt(8 / 3)) / 2, 9],
    // (11-20): of the 12 neighbours 5 lie above the plane (3 basal, 2 out-of-basal), so 7 remain
    ['hcp', '11-20', a / 2, 7],
  ] as const)(
    '%s(%s): layers, thickness, vacuum, atoms per layer, bulk and surface coordination',
    (lat, m, d, zSurf) => {
      const layers = 7;
      const f = slab({ lattice: lat, miller: m, a, layers, cells: [2, 2], vacuum: vac });
      const zs = Array.from({ length: f.natoms }, (_, i) => f.coord[3 * i + 2]);
      const planes = planesOf(f);
      expect(planes).toHaveLength(layers);
      expect(planes[0]).toBeCloseTo(0, 9);
      for (let k = 1; k < layers; k++) expect(planes[k] - planes[k - 1]).toBeCloseTo(d, 9);
      expect(f.box[8] - planes[layers - 1]).toBeCloseTo(vac, 9);
      const perPlane = planes.map((p) => zs.filter((z) => Math.abs(z - p) < 1e-6).length);
      expect(new Set(perPlane).size).toBe(1);
      expect(f.natoms).toBe(layers * perPlane[0]);
      const nn = lat === 'fcc' ? a / Math.SQRT2 : a;
      const coord = (i: number) => count(shell(f, i, nn * 1.05), nn);
      const mid = zs.findIndex((z) => Math.abs(z - planes[3]) < 1e-6);
      const top = zs.findIndex((z) => Math.abs(z - planes[layers - 1]) < 1e-6);
      expect(coord(mid)).toBe(12);
      expect(coord(top)).toBe(zSurf);
    },
  );
  it('hcp(10-10): the two layer spacings a/(2 sqrt3) and a/sqrt3 alternate', () => {
    const f = slab({ lattice: 'hcp', miller: '10-10', a, layers: 6, cells: [2, 2], vacuum: vac });
    const planes = planesOf(f);
    const gaps = planes
      .slice(1)
      .map((p, k) => p - planes[k])
      .map((g) => g / a);
    expect(gaps.map((g) => g.toFixed(6))).toEqual([1, 2, 1, 2, 1].map((k) => (k / (2 * Math.sqrt(3))).toFixed(6)));
  });
});

describe('file formats', () => {
  const dir = mkdtempSync(join(tmpdir(), 'dpmd-struct-'));
  const rng = new Rng(5);
  const f = perturbed(substituted(supercell(unitCell('hcp', 3.2), [2, 2, 2]), 1, 3, rng), 0.03, 0.05, rng);
  const same = (g: Frame, tol: number) => {
    expect(Array.from(g.types)).toEqual(Array.from(f.types.length === g.types.length ? g.types : f.types));
    for (let k = 0; k < 9; k++) expect(Math.abs(g.box[k] - f.box[k])).toBeLessThan(tol);
  };
  it('LAMMPS data files get tilts within half the box (an hcp cell perturbed past it), same lattice', () => {
    const h = perturbed(supercell(unitCell('hcp', 3.19), [2, 2, 2]), 0.03, 0, new Rng(11));
    h.box[3] = -0.55 * h.box[0]; // b tilted past -lx/2 (what the perturbation of hcp's -lx/2 can do)
    writeFileSync(join(dir, 'h.lmp'), lammpsDataText(h, [26.98, 24.305]));
    const g = readLammpsData(join(dir, 'h.lmp'), 2);
    expect(Math.abs(g.box[3])).toBeLessThanOrEqual(g.box[0] / 2);
    expect(Math.abs(g.box[6])).toBeLessThanOrEqual(g.box[0] / 2);
    expect(Math.abs(g.box[7])).toBeLessThanOrEqual(g.box[4] / 2);
    for (const i of [0, 5])
      expect(shell(g, i, 4.5).map((x) => x.toFixed(8))).toEqual(shell(h, i, 4.5).map((x) => x.toFixed(8)));
  });
  it('LAMMPS data round trip', () => {
    writeFileSync(join(dir, 'c.lmp'), lammpsDataText(f, [26.98, 24.305]));
    const g = readLammpsData(join(dir, 'c.lmp'), 2);
    same(g, 1e-12);
    expect(Array.from(g.types)).toEqual(Array.from(f.types));
    for (let k = 0; k < 3 * f.natoms; k++) expect(Math.abs(g.coord[k] - f.coord[k])).toBeLessThan(1e-12);
    expect(() => readLammpsData(join(dir, 'c.lmp'), 1)).toThrow(/2 atom types, but type_map has 1/);
  });
  it('POSCAR round trip (atoms grouped by element) and a general cell rotated into LAMMPS form', () => {
    writeFileSync(join(dir, 'POSCAR'), poscarText(f, ['Al', 'Mg']));
    const g = readPoscar(join(dir, 'POSCAR'), ['Al', 'Mg']);
    for (let k = 0; k < 9; k++) expect(Math.abs(g.box[k] - f.box[k])).toBeLessThan(1e-9);
    const key = (fr: Frame) =>
      Array.from(
        { length: fr.natoms },
        (_, i) => `${fr.types[i]}:${[0, 1, 2].map((d) => fr.coord[3 * i + d].toFixed(6)).join(',')}`,
      ).sort();
    expect(key(g)).toEqual(key(f));
    // fcc primitive cell, Direct coordinates, cell not in LAMMPS orientation
    writeFileSync(
      join(dir, 'prim.vasp'),
      'fcc Al primitive\n4.05\n0 0.5 0.5\n0.5 0 0.5\n0.5 0.5 0\nAl\n1\nDirect\n0 0 0\n',
    );
    const p = readPoscar(join(dir, 'prim.vasp'), ['Al']);
    expect(p.box[1] === 0 && p.box[2] === 0 && p.box[5] === 0).toBe(true);
    const vol = p.box[0] * p.box[4] * p.box[8];
    expect(vol).toBeCloseTo(4.05 ** 3 / 4, 9);
    expect(shell(p, 0, 3)[0]).toBeCloseTo(4.05 / Math.SQRT2, 9);
    expect(count(shell(p, 0, 3), 4.05 / Math.SQRT2)).toBe(12);
    writeFileSync(join(dir, 'POSCAR.bad'), 'x\n1.0\n1 0 0\n0 1 0\n0 0 1\nCu\n1\nDirect\n0 0 0\n');
    expect(() => readPoscar(join(dir, 'POSCAR.bad'), ['Al'])).toThrow(
      /POSCAR\.bad:6: element 'Cu' is not in type_map \[Al\]/,
    );
  });
});
