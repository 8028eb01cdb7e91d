/**
 * Slabs for initial data (as dpgen init_surf): fcc(100), fcc(110), fcc(111), hcp(0001), hcp(10-10),
 * hcp(11-20), `layers` atomic layers thick, `cells` repeats in the surface plane, with `vacuum` Å of
 * empty space above the top layer (periodic in all three directions, so the vacuum separates the
 * slab from its image). The surface normal is z; the bottom layer sits at z = 0.
 *
 * Oriented cells: fcc uses an orthogonal cell spanned by integer directions x, y, z (times a) of the
 * cubic lattice, filled with the lattice points inside it; hcp uses the orthohexagonal cell
 * A = (a, 0, 0), B = (0, a sqrt3, 0), C = (0, 0, c) with 4 atoms, axes permuted so the normal is z.
 */
import type { Frame } from './structure.js';

export const SURFACES = { fcc: ['100', '110', '111'], hcp: ['0001', '10-10', '11-20'] } as const;

interface Oriented {
  len: [number, number, number];
  frac: number[][];
}

/** fcc directions (x, y, z) per Miller plane: orthogonal, right-handed, z along the normal. */
const FCC_AXES: Record<string, number[][]> = {
  '100': [
    [1, 0, 0],
    [0, 1, 0],
    [0, 0, 1],
  ],
  '110': [
    [0, 0, 1],
    [1, -1, 0],
    [1, 1, 0],
  ],
  '111': [
    [1, -1, 0],
    [1, 1, -2],
    [1, 1, 1],
  ],
};

function fccOriented(miller: string, a: number): Oriented {
  const ax = FCC_AXES[miller];
  const n2 = ax.map((u) => u[0] * u[0] + u[1] * u[1] + u[2] * u[2]);
  const basis = [
    [0, 0, 0],
    [0.5, 0.5, 0],
    [0.5, 0, 0.5],
    [0, 0.5, 0.5],
  ];
  const seen = new Set<string>(),
    frac: number[][] = [];
  for (let i = -4; i <= 4; i++)
    for (let j = -4; j <= 4; j++)
      for (let k = -4; k <= 4; k++)
        for (const b of basis) {
          const p = [i + b[0], j + b[1], k + b[2]]; // in units of a
          const f = ax.map((u, d) => (p[0] * u[0] + p[1] * u[1] + p[2] * u[2]) / n2[d]);
          if (f.some((x) => x < -1e-9 || x >= 1 - 1e-9)) continue;
          const r = f.map((x) => (Math.abs(x) < 1e-9 ? 0 : x));
          const key = r.map((x) => x.toFixed(6)).join(',');
          if (!seen.has(key)) {
            seen.add(key);
            frac.push(r);
          }
        }
  return { len: n2.map((m) => a * Math.sqrt(m)) as [number, number, number], frac };
}

function hcpOriented(miller: string, a: number, c: number): Oriented {
  const A = a,
    B = a * Math.sqrt(3),
    frac = [
      [0, 0, 0],
      [0.5, 0.5, 0],
      [0.5, 1 / 6, 0.5],
      [0, 2 / 3, 0.5],
    ];
  // permutations keep the cell right-handed: (A,B,C), (C,A,B), (B,C,A)
  if (miller === '0001') return { len: [A, B, c], frac };
  if (miller === '10-10') return { len: [c, A, B], frac: frac.map(([x, y, z]) => [z, x, y]) };
  return { len: [B, c, A], frac: frac.map(([x, y, z]) => [y, z, x]) };
}

/** Distinct values of sorted zs within tol. */
function layersOf(zs: number[], tol: number): number[] {
  const s = [...zs].sort((p, q) => p - q),
    out: number[] = [];
  for (const z of s) if (out.length === 0 || z - out[out.length - 1] > tol) out.push(z);
  return out;
}

export interface SlabSpec {
  lattice: 'fcc' | 'hcp';
  miller: string;
  a: number;
  /** hcp c/a (default ideal). */
  cOverA?: number;
  layers: number;
  cells: [number, number];
  vacuum: number;
}

export function slab(s: SlabSpec): Frame {
  const o =
    s.lattice === 'fcc' ? fccOriented(s.miller, s.a) : hcpOriented(s.miller, s.a, s.a * (s.cOverA ?? Math.sqrt(8 / 3)));
  const perLayer = layersOf(
    o.frac.map((f) => f[2] * o.len[2]),
    1e-6,
  ).length;
  const periods = Math.ceil(s.layers / perLayer);
  const pts: number[][] = [];
  for (let i = 0; i < s.cells[0]; i++)
    for (let j = 0; j < s.cells[1]; j++)
      for (let k = 0; k < periods; k++)
        for (const f of o.frac) {
          pts.push([(f[0] + i) * o.len[0], (f[1] + j) * o.len[1], (f[2] + k) * o.len[2]]);
        }
  const zl = layersOf(
    pts.map((p) => p[2]),
    1e-6,
  ).slice(0, s.layers);
  const top = zl[zl.length - 1];
  const kept = pts.filter((p) => p[2] <= top + 1e-6);
  const n = kept.length;
  const f: Frame = {
    natoms: n,
    types: new Int32Array(n),
    coord: new Float64Array(3 * n),
    box: Float64Array.from([s.cells[0] * o.len[0], 0, 0, 0, s.cells[1] * o.len[1], 0, 0, 0, top + s.vacuum]),
  };
  kept.forEach((p, i) => {
    f.coord.set(p, 3 * i);
  });
  return f;
}
