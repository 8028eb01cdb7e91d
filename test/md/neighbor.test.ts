import { describe, expect, it } from 'vitest';
import { Box } from '../../src/box.js';
import { Ghosts } from '../../src/ghosts.js';
import { NeighborList } from '../../src/neighbor_list.js';

/** Deterministic uniform numbers (test data only). */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/**
 * Brute force over all periodic images: for each local i, the multiset of (owner j, distance)
 * with |r_j + n.h - r_i| < cut, n over a range of images big enough for any cutoff.
 */
function bruteForce(box: Box, x: Float64Array, n: number, cut: number): string[][] {
  const face = box.faceDistances();
  const range = [0, 1, 2].map((d) => (box.periodic[d] ? Math.ceil(cut / face[d]) + 1 : 0));
  const sh = new Float64Array(3);
  const out: string[][] = [];
  for (let i = 0; i < n; i++) {
    const found: string[] = [];
    for (let j = 0; j < n; j++) {
      for (let a = -range[0]; a <= range[0]; a++)
        for (let b = -range[1]; b <= range[1]; b++)
          for (let c = -range[2]; c <= range[2]; c++) {
            if (i === j && a === 0 && b === 0 && c === 0) continue;
            box.imageShift(a, b, c, sh);
            const dx = x[3 * j] + sh[0] - x[3 * i],
              dy = x[3 * j + 1] + sh[1] - x[3 * i + 1],
              dz = x[3 * j + 2] + sh[2] - x[3 * i + 2];
            const r = Math.sqrt(dx * dx + dy * dy + dz * dz);
            if (r < cut) found.push(`${j}:${r.toFixed(9)}`);
          }
    }
    out.push(found.sort());
  }
  return out;
}

function fromList(g: Ghosts, nl: NeighborList, i: number): string[] {
  const x = g.xAll;
  const res: string[] = [];
  for (let k = nl.offset[i]; k < nl.offset[i + 1]; k++) {
    const j = nl.list[k];
    const r = Math.hypot(x[3 * j] - x[3 * i], x[3 * j + 1] - x[3 * i + 1], x[3 * j + 2] - x[3 * i + 2]);
    res.push(`${g.map[j]}:${r.toFixed(9)}`);
  }
  return res;
}

const CASES = [
  {
    name: 'cubic, cutoff < half box',
    lo: [0, 0, 0],
    hi: [10, 10, 10],
    tilt: undefined,
    cut: 3.1,
    n: 60,
    periodic: [true, true, true],
  },
  {
    name: 'skewed triclinic, cutoff > half box',
    lo: [-1, 0.5, 2],
    hi: [5, 6, 7.5],
    tilt: { xy: 2.1, xz: -1.7, yz: 1.3 },
    cut: 4.2,
    n: 25,
    periodic: [true, true, true],
  },
  {
    name: 'tiny triclinic cell, cutoff spans several images',
    lo: [0, 0, 0],
    hi: [2.5, 2.2, 2.8],
    tilt: { xy: 1.1, xz: 0.9, yz: -1.0 },
    cut: 5.0,
    n: 4,
    periodic: [true, true, true],
  },
  {
    name: 'mixed boundaries p f p',
    lo: [0, 0, 0],
    hi: [6, 8, 5],
    tilt: { xy: 1.5, xz: 0, yz: 0 },
    cut: 3.5,
    n: 30,
    periodic: [true, false, true],
  },
] as const;

describe('neighbor lists equal an all-images brute force', () => {
  for (const c of CASES) {
    it(c.name, () => {
      const box = new Box(c.lo, c.hi, c.tilt);
      box.periodic = [...c.periodic] as [boolean, boolean, boolean];
      const r = rng(42);
      const x = new Float64Array(3 * c.n);
      const lam = new Float64Array(3);
      const type = new Int32Array(c.n).fill(1);
      for (let i = 0; i < c.n; i++) {
        // Random fractional positions, some slightly outside [0,1) in periodic dims (atoms drift between wraps).
        for (let d = 0; d < 3; d++) lam[d] = c.periodic[d] ? r() * 1.2 - 0.1 : r();
        box.fromLamda(lam, 0, x, 3 * i);
      }
      const ref = bruteForce(box, x, c.n, c.cut);
      const g = new Ghosts();
      g.build(box, x, type, c.n, c.cut);
      const full = new NeighborList(false);
      full.build(g, c.cut);
      const half = new NeighborList(true);
      half.build(g, c.cut);
      let pairsHalf = 0;
      for (let i = 0; i < c.n; i++) {
        expect(fromList(g, full, i).sort(), `full list of atom ${i}`).toEqual(ref[i]);
        pairsHalf += half.offset[i + 1] - half.offset[i];
      }
      // Every pair appears once in the half list: union over both directions equals the full list.
      const total = ref.reduce((a, l) => a + l.length, 0);
      expect(2 * pairsHalf).toBe(total);
      const halfSets: string[][] = Array.from({ length: c.n }, () => []);
      for (let i = 0; i < c.n; i++) {
        for (let k = half.offset[i]; k < half.offset[i + 1]; k++) {
          const j = half.list[k];
          const rr = Math.hypot(
            g.xAll[3 * j] - x[3 * i],
            g.xAll[3 * j + 1] - x[3 * i + 1],
            g.xAll[3 * j + 2] - x[3 * i + 2],
          ).toFixed(9);
          halfSets[i].push(`${g.map[j]}:${rr}`);
          halfSets[g.map[j]].push(`${i}:${rr}`);
        }
      }
      for (let i = 0; i < c.n; i++) expect(halfSets[i].sort(), `half list, atom ${i}`).toEqual(ref[i]);
    });
  }
});
