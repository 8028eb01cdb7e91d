import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Box } from '../../src/box.js';
import { Ghosts } from '../../src/ghosts.js';
import { NeighborList } from '../../src/neighbor_list.js';
import { neighborWasmSwitch } from '../../src/neighbor_wasm.js';
import { WorkerPool } from '../../src/parallel/worker_pool.js';

/**
 * The WebAssembly binning and candidate loop (src/neighbor_wasm.ts) must build the JavaScript
 * build's half list (src/neighbor_kernel.ts, checked against an all-images brute force in
 * neighbor.test.ts) entry for entry and in the same order, with the same offsets and binning arrays:
 * random positions and lattices (whole planes of equal z, where the (z, y, x) order test and its
 * tie rules decide; coincident atoms), orthogonal and triclinic boxes, cutoffs below and above half
 * the box, uniform and per-type cutoffs, serially and on two threads; full lists (JavaScript
 * candidate loop after the WebAssembly binning) and a NaN coordinate (all JavaScript) likewise. The
 * switch is flipped to compare both on the same input.
 */

/** Deterministic uniform numbers (test data only). */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

interface Case {
  name: string;
  lo: [number, number, number];
  hi: [number, number, number];
  tilt?: { xy: number; xz: number; yz: number };
  cut: number;
  /** 'random': n random positions; 'lattice': a simple cubic grid of `cells` per side (equal-z planes). */
  kind: 'random' | 'lattice';
  n: number;
  /** Put atom 10 exactly on atom 3 (and atom 20 on atom 30): the index tie rule decides. */
  coincide?: boolean;
}

const CASES: Case[] = [
  { name: 'random, orthogonal, cutoff < half box', lo: [0, 0, 0], hi: [10, 10, 10], cut: 3.1, kind: 'random', n: 300 },
  {
    name: 'random with coincident atoms',
    lo: [0, 0, 0],
    hi: [8, 8, 8],
    cut: 2.5,
    kind: 'random',
    n: 100,
    coincide: true,
  },
  {
    name: 'random, skewed triclinic, cutoff > half box',
    lo: [-1, 0.5, 2],
    hi: [5, 6, 7.5],
    tilt: { xy: 2.1, xz: -1.7, yz: 1.3 },
    cut: 4.2,
    kind: 'random',
    n: 40,
  },
  {
    name: 'random, tiny triclinic cell, cutoff spans several images',
    lo: [0, 0, 0],
    hi: [2.5, 2.2, 2.8],
    tilt: { xy: 1.1, xz: 0.9, yz: -1.0 },
    cut: 5.0,
    kind: 'random',
    n: 5,
  },
  { name: 'lattice, orthogonal (equal-z planes)', lo: [0, 0, 0], hi: [6, 6, 6], cut: 2.05, kind: 'lattice', n: 6 },
  {
    name: 'lattice, triclinic, cutoff > half box',
    lo: [0, 0, 0],
    hi: [4, 4, 4],
    tilt: { xy: 1, xz: 0, yz: 0 },
    cut: 2.5,
    kind: 'lattice',
    n: 4,
  },
  // The cutoff at a neighbor shell (twice the spacing): pairs at rsq = cutsq or an ulp away.
  { name: 'lattice, cutoff at a shell distance', lo: [0, 0, 0], hi: [5, 5, 5], cut: 2, kind: 'lattice', n: 5 },
];

function ghostsOf(c: Case, shared: boolean, jitter: number, ntypes = 1): Ghosts {
  const box = new Box(c.lo, c.hi, c.tilt);
  box.periodic = [true, true, true];
  const r = rng(7);
  const n = c.kind === 'random' ? c.n : c.n ** 3;
  const x = new Float64Array(3 * n);
  const lam = new Float64Array(3);
  for (let i = 0; i < n; i++) {
    if (c.kind === 'random') for (let d = 0; d < 3; d++) lam[d] = r() * 1.2 - 0.1;
    else {
      lam[0] = (i % c.n) / c.n;
      lam[1] = (Math.floor(i / c.n) % c.n) / c.n;
      lam[2] = Math.floor(i / (c.n * c.n)) / c.n;
      // jitter in x and y only: the z planes stay exactly equal
      lam[0] += jitter * (r() - 0.5);
      lam[1] += jitter * (r() - 0.5);
    }
    box.fromLamda(lam, 0, x, 3 * i);
  }
  if (c.coincide) {
    x.copyWithin(30, 9, 12);
    x.copyWithin(60, 90, 93);
  }
  const g = new Ghosts();
  g.shared = shared;
  g.build(
    box,
    x,
    Int32Array.from({ length: n }, (_, i) => 1 + (i % ntypes)),
    n,
    c.cut,
  );
  return g;
}

/** One serial build (uniform cutoff, one type) into a fresh list, with the WebAssembly build on or off. */
function serialBuild(g: Ghosts, cut: number, half: boolean, wasm: boolean): { offset: number[]; list: number[] } {
  const saved = neighborWasmSwitch.on;
  neighborWasmSwitch.on = wasm;
  try {
    const nl = new NeighborList(half);
    nl.build(g, cut, null, 1, null);
    return {
      offset: Array.from(nl.offset.subarray(0, g.nlocal + 1)),
      list: Array.from(nl.list.subarray(0, nl.size)),
    };
  } finally {
    neighborWasmSwitch.on = saved;
  }
}

/** The half list built with the switch set to `wasm`: a copy of (offsets, entries). */
function halfList(
  g: Ghosts,
  cut: number,
  wasm: boolean,
  pool: WorkerPool | null,
  typeCutSq: Float64Array | null = null,
): { offset: Int32Array; list: Int32Array; binning: number[][] } {
  const saved = neighborWasmSwitch.on;
  neighborWasmSwitch.on = wasm;
  try {
    const nl = new NeighborList(true);
    nl.shared = pool !== null;
    const ntypes = typeCutSq === null ? 1 : Math.sqrt(typeCutSq.length) - 1;
    nl.build(g, cut, typeCutSq, ntypes, pool);
    // and a second build into the same (now sized) buffers
    nl.build(g, cut, typeCutSq, ntypes, pool);
    // the binning's arrays (private fields) too: bins, sorted order and copies, bin starts
    const b = nl as unknown as Record<'binOf' | 'sorted' | 'ts' | 'binStart', Int32Array> & { xs: Float64Array };
    const nall = g.nall;
    const binning = [
      Array.from(b.binOf.subarray(0, nall)),
      Array.from(b.sorted.subarray(0, nall)),
      Array.from(b.ts.subarray(0, nall)),
      Array.from(b.xs.subarray(0, 3 * nall)),
      Array.from(b.binStart.subarray(0, b.binStart.lastIndexOf(nall) + 1)),
    ];
    return { offset: nl.offset.slice(0, g.nlocal + 1), list: nl.list.slice(0, nl.size), binning };
  } finally {
    neighborWasmSwitch.on = saved;
  }
}

let pool: WorkerPool;
beforeAll(() => {
  const notes: string[] = [];
  const p = WorkerPool.create(2, (m) => notes.push(m));
  if (!p) throw new Error(`worker pool did not start: ${notes.join('; ')}`);
  pool = p;
});
afterAll(() => pool?.close());

describe("WebAssembly neighbor candidate loop: the JavaScript loop's half list, entry for entry", () => {
  it('is available in this runtime (the comparisons below would otherwise compare JavaScript with itself)', () => {
    expect(neighborWasmSwitch.on).toBe(true);
  });
  for (const c of CASES) {
    for (const jitter of c.kind === 'lattice' ? [0, 1e-3] : [0]) {
      for (const threads of [1, 2]) {
        it(`${c.name}${jitter ? ', jittered in x, y' : ''}, ${threads} thread(s)`, () => {
          const p = threads === 2 ? pool : null;
          const g = ghostsOf(c, p !== null, jitter);
          if (p) expect(g.nlocal).toBeGreaterThanOrEqual(2 * p.nthreads); // the threaded path runs
          const js = halfList(g, c.cut, false, p);
          const wasm = halfList(g, c.cut, true, p);
          expect(js.list.length).toBeGreaterThan(0);
          expect(Array.from(wasm.offset)).toEqual(Array.from(js.offset));
          expect(Array.from(wasm.list)).toEqual(Array.from(js.list));
          expect(wasm.binning).toEqual(js.binning);
          // and the serial JavaScript list (threads change nothing)
          if (p) expect(Array.from(wasm.list)).toEqual(Array.from(halfList(g, c.cut, false, null).list));
        });
      }
    }
  }

  // Per-type-pair cutoffs (3 types; LAMMPS's cutneighsq, the largest being the list cutoff): one
  // pair type far inside, one at the list cutoff, one at a lattice shell.
  for (const c of [CASES[0], CASES[1], CASES[2], CASES[4], CASES[6]]) {
    for (const threads of [1, 2]) {
      it(`per-type cutoffs: ${c.name}, ${threads} thread(s)`, () => {
        const p = threads === 2 ? pool : null;
        const g = ghostsOf(c, p !== null, 0, 3);
        const pair = [
          [1, 1, c.cut],
          [1, 2, 0.45 * c.cut],
          [1, 3, 0.8 * c.cut],
          [2, 2, 0.3 * c.cut],
          [2, 3, c.cut],
          [3, 3, c.kind === 'lattice' ? 1 : 0.6 * c.cut],
        ];
        const tcut = new Float64Array(16);
        for (const [a, b, r] of pair) tcut[4 * a + b] = tcut[4 * b + a] = r * r;
        const js = halfList(g, c.cut, false, p, tcut);
        const wasm = halfList(g, c.cut, true, p, tcut);
        expect(js.list.length).toBeGreaterThan(0);
        expect(js.list.length).toBeLessThan(halfList(g, c.cut, false, p).list.length); // the cutoffs act
        expect(Array.from(wasm.offset)).toEqual(Array.from(js.offset));
        expect(Array.from(wasm.list)).toEqual(Array.from(js.list));
      });
    }
  }

  it('full lists (JavaScript candidate loop) are the same with the WebAssembly binning', () => {
    for (const c of CASES) {
      const g = ghostsOf(c, false, 0);
      const js = serialBuild(g, c.cut, false, false),
        wasm = serialBuild(g, c.cut, false, true);
      expect(js.list.length, c.name).toBeGreaterThan(0);
      expect(wasm, c.name).toEqual(js);
    }
  });

  it('a NaN coordinate leaves the whole build to JavaScript: the same list as the JavaScript build', () => {
    const g = ghostsOf(CASES[0], false, 0);
    g.xAll[3 * 5 + 1] = Number.NaN;
    const js = halfList(g, CASES[0].cut, false, null),
      wasm = halfList(g, CASES[0].cut, true, null);
    expect(Array.from(wasm.offset)).toEqual(Array.from(js.offset));
    expect(Array.from(wasm.list)).toEqual(Array.from(js.list));
  });

  it('a list buffer that runs short mid-build (serial growth from 1024 entries) gives the same list', () => {
    const c = CASES[0];
    const g = ghostsOf({ ...c, n: 1500, hi: [14, 14, 14] }, false, 0);
    // one build into a fresh list: it starts with 1024 entries and is grown several times
    const js = serialBuild(g, c.cut, true, false),
      wasm = serialBuild(g, c.cut, true, true);
    expect(js.list.length).toBeGreaterThan(4096);
    expect(wasm.offset).toEqual(js.offset);
    expect(wasm.list).toEqual(js.list);
  });
});
