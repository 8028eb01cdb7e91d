import { describe, expect, it } from 'vitest';
import { ljHalfForces, ljHalfForcesList, ljTableSize } from '../../potentials/lj_cut_kernel.js';
import { ljSimd } from '../../potentials/lj_cut_simd.js';
import { Box } from '../../src/box.js';
import { Ghosts } from '../../src/ghosts.js';
import { NeighborList } from '../../src/neighbor_list.js';

/**
 * The WebAssembly SIMD lj/cut loop (potentials/lj_cut_simd.ts) must give the JavaScript loop's
 * forces and energy bit for bit (the JavaScript loop is the one checked against LAMMPS and central
 * differences): same IEEE operations per pair, sums in list order. Uniform random atoms at liquid
 * density put pairs on both sides of the cutoff (and some very close: large forces), rows of odd and
 * even length, and slices that start mid-list.
 */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function liquid(n: number, seed: number): { g: Ghosts; list: NeighborList } {
  const L = Math.cbrt(n / 0.8);
  const box = new Box([0, 0, 0], [L, L, L]);
  const r = rng(seed);
  const x = new Float64Array(3 * n);
  for (let k = 0; k < 3 * n; k++) x[k] = r() * L;
  const g = new Ghosts();
  g.build(box, x, new Int32Array(n).fill(1), n, 2.8);
  const list = new NeighborList(true);
  list.build(g, 2.8);
  return { g, list };
}

/** lj/cut table for one type (eps 1, sigma 1, cut 2.5, shifted), single-type flag set. */
function table(): Float64Array {
  const tab = new Float64Array(ljTableSize(1));
  const t = 3; // index (1, 1) of a 2 x 2 block
  const sq = 4;
  const cut = 2.5,
    eps = 1,
    s6 = 1;
  tab[t] = cut * cut;
  tab[sq + t] = 48 * eps * s6 * s6;
  tab[2 * sq + t] = 24 * eps * s6;
  tab[3 * sq + t] = 4 * eps * s6 * s6;
  tab[4 * sq + t] = 4 * eps * s6;
  tab[5 * sq + t] = 4 * eps * (cut ** -12 - cut ** -6);
  tab[6 * sq] = 1;
  return tab;
}

describe('lj/cut WebAssembly SIMD loop', () => {
  it('is available on this runtime', () => {
    expect(ljSimd).not.toBeNull();
  });

  it('gives the JavaScript loop bit for bit: whole list and slices, with and without energy, onto nonzero forces', () => {
    const { g, list } = liquid(600, 7);
    const tab = table();
    const nall = g.nall;
    const r = rng(3);
    const f0 = new Float64Array(3 * nall);
    for (let k = 0; k < f0.length; k++) f0[k] = r() - 0.5; // the loop adds to what is there
    const odd = list.offset.findIndex((o, i) => i < g.nlocal && (list.offset[i + 1] - o) % 2 === 1);
    expect(odd, 'a row of odd length (the one-pair tail)').toBeGreaterThanOrEqual(0);
    for (const [i0, i1] of [
      [0, g.nlocal],
      [0, 217],
      [217, g.nlocal],
      [odd, odd + 1],
    ]) {
      for (const eflag of [false, true]) {
        const fa = f0.slice(),
          fb = f0.slice();
        const ea = ljHalfForces(g.xAll, g.type, list.offset, list.list, i0, i1, fa, tab, 1, eflag, null);
        const eb = ljHalfForcesList(g.xAll, g.type, list, i0, i1, nall, fb, tab, 1, eflag, null);
        expect(eb).toBe(ea);
        let diff = 0;
        for (let k = 0; k < fa.length; k++) if (fa[k] !== fb[k]) diff++;
        expect(diff, `slice ${i0}..${i1} eflag ${eflag}`).toBe(0);
        if (eflag && i1 - i0 > 10) expect(Number.isFinite(ea) && ea !== 0).toBe(true);
      }
    }
  });

  it('recopies the rows when the list is rebuilt (a new version), not when it is not', () => {
    const a = liquid(400, 11);
    const tab = table();
    const run = (g: Ghosts, list: NeighborList, simd: boolean) => {
      const f = new Float64Array(3 * g.nall);
      const e = simd
        ? ljHalfForcesList(g.xAll, g.type, list, 0, g.nlocal, g.nall, f, tab, 1, true, null)
        : ljHalfForces(g.xAll, g.type, list.offset, list.list, 0, g.nlocal, f, tab, 1, true, null);
      return { e, f };
    };
    expect(run(a.g, a.list, true).e).toBe(run(a.g, a.list, false).e);
    // Move the atoms and rebuild the same list object: the cached rows must not be reused.
    const x = a.g.xAll.slice(0, 3 * a.g.nlocal);
    for (let k = 0; k < x.length; k++) x[k] += 0.05 * Math.sin(k);
    const L = Math.cbrt(400 / 0.8);
    a.g.build(new Box([0, 0, 0], [L, L, L]), x, new Int32Array(400).fill(1), 400, 2.8);
    a.list.build(a.g, 2.8);
    const s = run(a.g, a.list, true),
      j = run(a.g, a.list, false);
    expect(s.e).toBe(j.e);
    expect(Array.from(s.f)).toEqual(Array.from(j.f));
  });
});
