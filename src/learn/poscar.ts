/**
 * VASP POSCAR/CONTCAR (VASP 5 format: element names on line 6) in and out, the structure format
 * DP-GEN users have. Reading rotates a general cell into LAMMPS's lower-triangular form (a along x,
 * b in the xy plane), which keeps every distance and angle.
 */
import { readFileSync } from 'node:fs';
import { StructureError, type Frame } from './structure.js';

const f16 = (v: number) => (Object.is(v, -0) ? 0 : v).toFixed(10).padStart(16);

/** POSCAR text (Cartesian), atoms grouped by type in type_map order as VASP requires. */
export function poscarText(f: Frame, typeMap: string[], comment = 'dpmd-ts'): string {
  const order = Array.from({ length: f.natoms }, (_, i) => i).sort((i, j) => f.types[i] - f.types[j] || i - j);
  const present = typeMap.map((_, t) => t).filter((t) => order.some((i) => f.types[i] === t));
  const lines = [comment, '1.0'];
  for (let r = 0; r < 3; r++) lines.push([0, 1, 2].map((d) => f16(f.box[3 * r + d])).join(' '));
  lines.push(
    present.map((t) => typeMap[t]).join(' '),
    present.map((t) => order.filter((i) => f.types[i] === t).length).join(' '),
    'Cartesian',
  );
  for (const i of order) lines.push([0, 1, 2].map((d) => f16(f.coord[3 * i + d])).join(' '));
  return `${lines.join('\n')}\n`;
}

/** Read a VASP 5 POSCAR (Direct or Cartesian, optional Selective dynamics); elements must be in typeMap. */
export function readPoscar(path: string, typeMap: string[]): Frame {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new StructureError(`${path}: cannot read the POSCAR file`);
  }
  const L = text.split('\n').map((l) => l.trim());
  const bad = (n: number, what: string): never => {
    throw new StructureError(`${path}:${n + 1}: ${what}`);
  };
  const scale = Number(L[1]);
  if (!(scale > 0)) bad(1, `expected a positive scale factor, got '${L[1]}'`);
  const rows = [2, 3, 4].map((n) => {
    const v = L[n]?.split(/\s+/).map(Number) ?? [];
    if (v.length < 3 || !v.slice(0, 3).every(Number.isFinite)) bad(n, 'expected three cell components');
    return v.slice(0, 3).map((x) => x * scale);
  });
  const names = L[5]?.split(/\s+/) ?? [];
  if (names.some((n) => /^\d+$/.test(n))) bad(5, 'element names are required (VASP 5 format)');
  const counts = (L[6]?.split(/\s+/) ?? []).map(Number);
  if (counts.length !== names.length || !counts.every((c) => Number.isInteger(c) && c >= 0))
    bad(6, 'expected one atom count per element');
  let k = 7;
  if (/^s/i.test(L[k])) k++;
  const direct = /^d/i.test(L[k]);
  if (!direct && !/^[ck]/i.test(L[k])) bad(k, `expected Direct or Cartesian, got '${L[k]}'`);
  k++;
  const natoms = counts.reduce((a, b) => a + b, 0);
  const types = new Int32Array(natoms);
  const raw = new Float64Array(3 * natoms);
  let i = 0;
  names.forEach((name, e) => {
    const t = typeMap.indexOf(name);
    if (t < 0) bad(5, `element '${name}' is not in type_map [${typeMap.join(', ')}]`);
    for (let c = 0; c < counts[e]; c++, i++, k++) {
      const v = L[k]?.split(/\s+/).slice(0, 3).map(Number) ?? [];
      if (v.length < 3 || !v.every(Number.isFinite)) bad(k, 'expected three coordinates');
      types[i] = t;
      for (let d = 0; d < 3; d++)
        raw[3 * i + d] = direct ? v[0] * rows[0][d] + v[1] * rows[1][d] + v[2] * rows[2][d] : v[d] * scale;
    }
  });
  return toLammpsFrame(rows, raw, types);
}

/** Rotate cell rows (and Cartesian coordinates) into LAMMPS's lower-triangular form. */
export function toLammpsFrame(rows: number[][], coord: Float64Array, types: Int32Array): Frame {
  const [a, b, c] = rows;
  const dot = (u: number[], v: number[]) => u[0] * v[0] + u[1] * v[1] + u[2] * v[2];
  const cross = (u: number[], v: number[]) => [
    u[1] * v[2] - u[2] * v[1],
    u[2] * v[0] - u[0] * v[2],
    u[0] * v[1] - u[1] * v[0],
  ];
  const norm = (u: number[]) => Math.sqrt(dot(u, u));
  const ex = a.map((x) => x / norm(a));
  const axb = cross(a, b);
  if (dot(axb, c) <= 0) throw new StructureError('the cell is left-handed or degenerate (a x b . c <= 0)');
  const ez = axb.map((x) => x / norm(axb));
  const ey = cross(ez, ex);
  const q = (u: number[]) => [dot(u, ex), dot(u, ey), dot(u, ez)];
  const n = types.length;
  const out = new Float64Array(3 * n);
  for (let i = 0; i < n; i++) out.set(q([coord[3 * i], coord[3 * i + 1], coord[3 * i + 2]]), 3 * i);
  const [qa, qb, qc] = [q(a), q(b), q(c)];
  return {
    natoms: n,
    types: types.slice(),
    coord: out,
    box: Float64Array.from([qa[0], 0, 0, qb[0], qb[1], 0, qc[0], qc[1], qc[2]]),
  };
}

/** A structure file by its name: VASP (POSCAR*, CONTCAR*, *.vasp, *.poscar) or a LAMMPS data file. */
export function isPoscarName(path: string): boolean {
  const b = path.split(/[\\/]/).pop() ?? '';
  return /^(POSCAR|CONTCAR)/i.test(b) || /\.(vasp|poscar)$/i.test(b);
}
