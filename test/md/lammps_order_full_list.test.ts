import { describe, expect, it } from 'vitest';
import { LammpsOrderFullList } from '../../src/lammps_order_full_list.js';
import type { AtomSystem } from '../../src/system.js';
import { makeAtoms } from '../helpers/eam_systems.js';

/**
 * The LAMMPS-ordered full list (compute orientorder/atom's) holds exactly the pairs within the
 * list cutoff over all periodic images: checked against all pairs by brute force, with a cutoff
 * below half the box, above the box length (several ghost swaps per dimension), and with a
 * non-periodic dimension (no ghosts across it).
 */
function pairsBrute(at: ReturnType<typeof makeAtoms>, n: number, cut: number, periodic: boolean[]): string[][] {
  const L = [0, 1, 2].map((d) => at.box.hi[d] - at.box.lo[d]);
  const span = periodic.map((p, d) => (p ? Math.ceil(cut / L[d]) + 1 : 0));
  const out: string[][] = [];
  for (let i = 0; i < n; i++) {
    const row: string[] = [];
    for (let j = 0; j < n; j++)
      for (let a = -span[0]; a <= span[0]; a++)
        for (let b = -span[1]; b <= span[1]; b++)
          for (let c = -span[2]; c <= span[2]; c++) {
            if (i === j && a === 0 && b === 0 && c === 0) continue;
            const d = [0, 1, 2].map((k) => at.x[3 * i + k] - (at.x[3 * j + k] + [a, b, c][k] * L[k]));
            if (d[0] * d[0] + d[1] * d[1] + d[2] * d[2] <= cut * cut) row.push(d.map((v) => v.toFixed(9)).join(','));
          }
    out.push(row.sort());
  }
  return out;
}

function pairsList(at: ReturnType<typeof makeAtoms>, n: number, cut: number, periodic: boolean[]): string[][] {
  at.box.periodic = periodic as [boolean, boolean, boolean];
  const sys = { box: at.box, x: at.x, type: at.type, n } as unknown as AtomSystem;
  const l = new LammpsOrderFullList();
  l.build(sys, cut, null, at.ntypes);
  const out: string[][] = [];
  for (let i = 0; i < n; i++) {
    const row: string[] = [];
    for (let p = l.offset[i]; p < l.offset[i + 1]; p++) {
      const j = l.list[p];
      row.push([0, 1, 2].map((k) => (l.xAll[3 * i + k] - l.xAll[3 * j + k]).toFixed(9)).join(','));
    }
    out.push(row.sort());
  }
  return out;
}

describe('LAMMPS-ordered full neighbor list: the pairs of all periodic images', () => {
  const cases: [string, number, boolean[]][] = [
    ['cutoff below half the box', 2.6, [true, true, true]],
    ['cutoff above the box length', 7.5, [true, true, true]],
    ['non-periodic z', 3.1, [true, true, false]],
  ];
  for (const [name, cut, periodic] of cases) {
    it(name, () => {
      const at = makeAtoms({ a: 3.0, cells: [2, 2, 2], ntypes: 1, jitter: 0.2, seed: 11 });
      const n = at.x.length / 3;
      const brute = pairsBrute(at, n, cut, periodic);
      const mine = pairsList(at, n, cut, periodic);
      expect(brute.reduce((s, r) => s + r.length, 0)).toBeGreaterThan(n);
      expect(mine).toEqual(brute);
    });
  }
});
