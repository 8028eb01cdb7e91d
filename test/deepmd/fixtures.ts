/** Shared helpers for the deepmd tests: DeePMD-kit's fixtures vendored under test/fixtures/deepmd-kit (see its README). */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import YAML from 'yaml';

export const FIXTURES = fileURLToPath(new URL('../fixtures/deepmd-kit/', import.meta.url));

export interface Block {
  coord: number[];
  atype: number[];
  box: number[] | null;
  atomic_energy: number[];
  force: number[];
  atomic_virial: number[];
}

export function readCases(name: string): Block[] {
  return (YAML.parse(readFileSync(FIXTURES + name, 'utf8')) as { results: Block[] }).results;
}

export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`length ${a.length} != ${b.length}`);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

/** Reference totals: energy = sum of atomic energies, virial = sum of atomic virials. */
export function totals(c: Block): { energy: number; virial: number[] } {
  const virial = new Array<number>(9).fill(0);
  for (let i = 0; i < c.atype.length; i++) for (let k = 0; k < 9; k++) virial[k] += c.atomic_virial[9 * i + k];
  return { energy: c.atomic_energy.reduce((s, e) => s + e, 0), virial };
}

/** Rotation matrix (row-major) about axis u by angle t. */
export function rotation(u: [number, number, number], t: number): number[] {
  const n = Math.hypot(...u);
  const [x, y, z] = u.map((v) => v / n);
  const c = Math.cos(t),
    s = Math.sin(t),
    C = 1 - c;
  return [
    c + x * x * C,
    x * y * C - z * s,
    x * z * C + y * s,
    y * x * C + z * s,
    c + y * y * C,
    y * z * C - x * s,
    z * x * C - y * s,
    z * y * C + x * s,
    c + z * z * C,
  ];
}

/** Apply row-major 3x3 m to each 3-vector of v. */
export function rotateVecs(m: number[], v: ArrayLike<number>): number[] {
  const out: number[] = [];
  for (let i = 0; i < v.length; i += 3) {
    for (let a = 0; a < 3; a++) out.push(m[3 * a] * v[i] + m[3 * a + 1] * v[i + 1] + m[3 * a + 2] * v[i + 2]);
  }
  return out;
}
