/**
 * Bulk crystal cells for initial data and exploration (as dpgen init_bulk): conventional cells of
 * fcc, bcc, sc, diamond and hcp, replicated; scaled, perturbed (cell strain and atom displacement,
 * as dpdata's perturb) and substituted (alloys) copies. Cells are in LAMMPS's lower-triangular form
 * (structure.ts). Lengths in Å.
 */
import type { Rng } from '../nn/rng.js';
import type { Frame } from './structure.js';

export const LATTICES = ['fcc', 'bcc', 'sc', 'diamond', 'hcp'] as const;
export type Lattice = (typeof LATTICES)[number];

interface Cell {
  rows: number[];
  basis: number[][];
}

/** The conventional cell of a lattice with constant a (hcp: c = c_over_a * a, default ideal sqrt(8/3)). */
export function unitCell(lattice: Lattice, a: number, cOverA = Math.sqrt(8 / 3)): Cell {
  const cube = [a, 0, 0, 0, a, 0, 0, 0, a];
  const fcc = [
    [0, 0, 0],
    [0.5, 0.5, 0],
    [0.5, 0, 0.5],
    [0, 0.5, 0.5],
  ];
  switch (lattice) {
    case 'sc':
      return { rows: cube, basis: [[0, 0, 0]] };
    case 'bcc':
      return {
        rows: cube,
        basis: [
          [0, 0, 0],
          [0.5, 0.5, 0.5],
        ],
      };
    case 'fcc':
      return { rows: cube, basis: fcc };
    case 'diamond':
      return { rows: cube, basis: [...fcc, ...fcc.map((b) => b.map((x) => x + 0.25))] };
    case 'hcp':
      return {
        rows: [a, 0, 0, -a / 2, (a * Math.sqrt(3)) / 2, 0, 0, 0, cOverA * a],
        basis: [
          [1 / 3, 2 / 3, 0.25],
          [2 / 3, 1 / 3, 0.75],
        ],
      };
  }
}

/** The cell replicated n[0] x n[1] x n[2] times, every atom of type `type`. */
export function supercell(cell: Cell, n: [number, number, number], type = 0): Frame {
  const nat = cell.basis.length * n[0] * n[1] * n[2];
  const f: Frame = {
    natoms: nat,
    types: new Int32Array(nat).fill(type),
    coord: new Float64Array(3 * nat),
    box: new Float64Array(9),
  };
  for (let r = 0; r < 3; r++) for (let d = 0; d < 3; d++) f.box[3 * r + d] = cell.rows[3 * r + d] * n[r];
  let k = 0;
  for (let i = 0; i < n[0]; i++)
    for (let j = 0; j < n[1]; j++)
      for (let l = 0; l < n[2]; l++)
        for (const b of cell.basis) {
          const s = [(b[0] + i) / n[0], (b[1] + j) / n[1], (b[2] + l) / n[2]];
          for (let d = 0; d < 3; d++) f.coord[3 * k + d] = s[0] * f.box[d] + s[1] * f.box[3 + d] + s[2] * f.box[6 + d];
          k++;
        }
  return f;
}

/** A copy with cell and coordinates scaled by s (isotropic). */
export function scaled(f: Frame, s: number): Frame {
  return { natoms: f.natoms, types: f.types.slice(), coord: f.coord.map((x) => x * s), box: f.box.map((x) => x * s) };
}

/**
 * A perturbed copy (dpdata perturb): x -> x (I + e) for the cell and the atoms with e
 * lower-triangular, entries uniform in [-cellPert, cellPert] (keeps the LAMMPS cell form), then every
 * atom displaced by a vector uniform in [-atomPert, atomPert]^3 (Å).
 */
export function perturbed(f: Frame, cellPert: number, atomPert: number, rng: Rng): Frame {
  const e = [0, 0, 0, 0, 0, 0, 0, 0, 0];
  for (let i = 0; i < 3; i++) for (let j = 0; j <= i; j++) e[3 * i + j] = rng.uniformIn(-cellPert, cellPert);
  const map = (v: ArrayLike<number>, o: number, out: Float64Array) => {
    const x = v[o],
      y = v[o + 1],
      z = v[o + 2];
    for (let d = 0; d < 3; d++) out[o + d] = (d === 0 ? x : d === 1 ? y : z) + x * e[d] + y * e[3 + d] + z * e[6 + d];
  };
  const g: Frame = {
    natoms: f.natoms,
    types: f.types.slice(),
    coord: new Float64Array(3 * f.natoms),
    box: new Float64Array(9),
  };
  for (let r = 0; r < 3; r++) map(f.box, 3 * r, g.box);
  for (let i = 0; i < f.natoms; i++) {
    map(f.coord, 3 * i, g.coord);
    for (let d = 0; d < 3; d++) g.coord[3 * i + d] += rng.uniformIn(-atomPert, atomPert);
  }
  return g;
}

/** A copy with `count` atoms, drawn without replacement, changed to type `type` (alloys). */
export function substituted(f: Frame, type: number, count: number, rng: Rng): Frame {
  if (!(count >= 0 && count <= f.natoms)) throw new Error(`cannot substitute ${count} of ${f.natoms} atoms`);
  const g: Frame = { natoms: f.natoms, types: f.types.slice(), coord: f.coord.slice(), box: f.box.slice() };
  const idx = Array.from({ length: f.natoms }, (_, i) => i);
  for (let k = 0; k < count; k++) {
    const j = k + Math.floor(rng.uniform() * (f.natoms - k));
    [idx[k], idx[j]] = [idx[j], idx[k]];
    g.types[idx[k]] = type;
  }
  return g;
}
