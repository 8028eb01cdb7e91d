import type { Ghosts } from './ghosts.js';
import { bboxWasm, binWasm, neighborSliceAny, neighborWasmSwitch } from './neighbor_wasm.js';
import { BOUNDS, RES_STRIDE } from './parallel/job_context.js';
import {
  A_HALF,
  A_MAXCAND,
  A_NS,
  A_NSSAME,
  A_TSTRIDE,
  A_NALL,
  A_NBINS,
  A_TYPECUT,
  A_WASM,
  BASES,
  BIN_OF,
  BIN_START,
  F_NBCUTSQ,
  JOB_NEIGH_BUILD,
  JOB_NEIGH_COPY,
  LIST,
  NEIGHBOR_JOBS,
  OFFSET,
  OUT,
  SORTED,
  STENCIL,
  TS,
  TYPE,
  TYPE_CUT,
  X,
  XS,
} from './neighbor_jobs.js';
import { f64, i32, isShared } from './parallel/shared_alloc.js';
import type { WorkerPool } from './parallel/worker_pool.js';

/**
 * A Verlet neighbor list over extended (local + ghost) atoms, in CSR form: the neighbors of local
 * atom i are list[offset[i] .. offset[i+1]) and index into Ghosts.xAll. Built by binning.
 *
 * half: each pair appears once (as LAMMPS's "half/bin/newton/tri"): (i, j) is kept when j lies
 * "above" i in (z, y, x) order, which for a periodic pair picks exactly one of its two mirror
 * copies (i, image of j) and (j, image of i). Forces on ghosts are then folded back to owners.
 * full: every neighbor of every local atom (what many-body styles and the Deep Potential read).
 */
export class NeighborList {
  offset = new Int32Array(1);
  list = new Int32Array(1024);
  nlocal = 0;
  /** Bumped by every build (a list derived from this one, e.g. pair hybrid's per-sub-style lists, is stale when it changed). */
  version = 0;
  /** Allocate in shared memory (set when a worker pool builds or reads this list). */
  shared = false;
  // Binning scratch, grown on demand and reused across builds.
  private binStart = new Int32Array(0);
  private binOf = new Int32Array(0);
  private sorted = new Int32Array(0);
  private xs = new Float64Array(0);
  private ts = new Int32Array(0);
  private stencil = new Int32Array(0);
  private typeCut = new Float64Array(0);
  private readonly res = new Int32Array(2);
  private readonly bbox = new Float64Array(6);
  /** Per-worker output buffers of a threaded build (index = thread id; 0 unused). */
  private outs: Int32Array<ArrayBuffer>[] = [];

  constructor(readonly half: boolean) {}

  /** Number of neighbors stored (sum over local atoms). */
  get size(): number {
    return this.offset[this.nlocal];
  }

  /**
   * Build for all atoms of g within cut (length units; pass cutoff + skin). With typeCutSq (a
   * (ntypes+1)^2 table of squared per-type-pair list cutoffs, LAMMPS cutneighsq[i][j]), a pair is
   * kept only within its own cutoff: LAMMPS lists exactly those pairs, which matters for matching
   * its numbers when atoms move more than skin/2 between builds. With a worker pool the candidate
   * loop is split over threads by slices of local atoms; the list is the same as the serial one.
   */
  build(
    g: Ghosts,
    cut: number,
    typeCutSq: Float64Array | null = null,
    ntypes = 0,
    pool: WorkerPool | null = null,
  ): void {
    const nlocal = g.nlocal,
      nall = g.nall,
      x = g.xAll;
    const sh = this.shared;
    this.nlocal = nlocal;
    this.version++;
    if (this.offset.length < nlocal + 1 || isShared(this.offset) !== sh)
      this.offset = i32(Math.ceil(nlocal * 1.2) + 16, sh);
    if (isShared(this.list) !== sh) this.list = i32(this.list.length, sh);
    const offset = this.offset;
    offset[0] = 0;
    if (nall === 0) return;

    // Bounding box of the extended atoms, bins of size cut/2 (LAMMPS's default binsize). The binning
    // passes and the candidate loop run in WebAssembly (src/neighbor_wasm.ts: compiled optimized at
    // once, where these JavaScript loops, called once per ~20 steps, ran unoptimized code in the
    // first builds of a run; docs/md_performance.md) unless DPMD_NEIGH_WASM=0, WebAssembly is
    // missing, a coordinate is NaN or the module memory would pass 1 GiB. Same arrays either way.
    const bb = this.bbox;
    let wasm = neighborWasmSwitch.on && bboxWasm(x, nall, bb);
    if (!wasm) boundingBox(x, nall, bb);
    let xmin = bb[0],
      ymin = bb[1],
      zmin = bb[2];
    const xmax = bb[3],
      ymax = bb[4],
      zmax = bb[5];
    if (!Number.isFinite(xmin + xmax + ymin + ymax + zmin + zmax)) {
      throw new Error('Non-numeric atom coords: positions are NaN or Inf (the simulation blew up)');
    }
    const binsize = 0.5 * cut;
    const inv = 1 / binsize;
    // The grid is padded with `s` empty layers on every side so stencil offsets never leave it
    // and the candidate loop needs no bounds checks.
    const s = Math.ceil(cut * inv);
    xmin -= s * binsize;
    ymin -= s * binsize;
    zmin -= s * binsize;
    const nbx = Math.floor((xmax - xmin) * inv) + 1 + s;
    const nby = Math.floor((ymax - ymin) * inv) + 1 + s;
    const nbz = Math.floor((zmax - zmin) * inv) + 1 + s;
    const nbins = nbx * nby * nbz;
    if (!(nbins < 2 ** 31)) throw new Error(`Neighbor binning needs ${nbins} bins: cutoff too small for the box`);
    // Counting sort of all extended atoms by bin: bins become contiguous index ranges and the
    // sorted coordinate copy makes the candidate loop stream through memory.
    if (this.binStart.length < nbins + 1 || isShared(this.binStart) !== sh)
      this.binStart = i32(Math.ceil(nbins * 1.2) + 1, sh);
    if (this.binOf.length < nall || isShared(this.binOf) !== sh) {
      const cap = Math.ceil(nall * 1.2);
      this.binOf = i32(cap, sh);
      this.sorted = i32(cap, sh);
      this.xs = f64(3 * cap, sh);
      this.ts = i32(cap, sh);
    }
    const start = this.binStart,
      binOf = this.binOf,
      sorted = this.sorted,
      xs = this.xs,
      ts = this.ts;
    const gtype = g.type;
    let maxBin = wasm ? binWasm(gtype, nall, xmin, ymin, zmin, inv, nbx, nby, nbins, binOf, start, sorted, xs, ts) : -1;
    if (maxBin < 0) {
      wasm = false;
      start.fill(0, 0, nbins + 1);
      binAtoms(x, nall, xmin, ymin, zmin, inv, nbx, nby, binOf, start);
      maxBin = countsToEnds(start, nbins);
      scatterSorted(x, gtype, nall, binOf, start, sorted, xs, ts);
      // start[b] now holds the end of bin b; shift back to starts.
      for (let b = nbins; b > 0; b--) start[b] = start[b - 1];
      start[0] = 0;
    }

    // Stencil: bin offsets whose closest approach is within cut; a half list needs only dz >= 0
    // because pairs are then kept when j lies above i in (z, y, x) order. The dz = 0 layer comes
    // first (nsSame entries): only there is the order test needed.
    const half = this.half;
    const stencilList: number[] = [];
    let nsSame = 0;
    for (let dz = half ? 0 : -s; dz <= s; dz++) {
      for (let dy = -s; dy <= s; dy++) {
        for (let dx = -s; dx <= s; dx++) {
          const gx = Math.max(0, Math.abs(dx) - 1) * binsize;
          const gy = Math.max(0, Math.abs(dy) - 1) * binsize;
          const gz = Math.max(0, Math.abs(dz) - 1) * binsize;
          if (gx * gx + gy * gy + gz * gz < cut * cut) {
            stencilList.push((dz * nby + dy) * nbx + dx);
            if (dz === 0) nsSame++;
          }
        }
      }
    }
    if (!half) nsSame = 0;
    const ns = stencilList.length;
    if (this.stencil.length < ns || isShared(this.stencil) !== sh) this.stencil = i32(ns + 16, sh);
    const stencil = this.stencil;
    for (let t = 0; t < ns; t++) stencil[t] = stencilList[t];
    const maxCand = ns * maxBin;
    const cutsq = cut * cut;
    const tstride = ntypes + 1;
    if (typeCutSq && sh) {
      if (this.typeCut.length < typeCutSq.length || !isShared(this.typeCut)) this.typeCut = f64(typeCutSq.length, true);
      this.typeCut.set(typeCutSq);
    }
    const tcut = typeCutSq && sh ? this.typeCut : typeCutSq;

    // The WebAssembly candidate loop (half lists) when the binning ran there: decided
    // here, on the main thread, and handed to the jobs.
    if (pool && sh && nlocal >= 2 * pool.nthreads) {
      this.buildThreaded(pool, g, nsSame, ns, cutsq, tcut, tstride, maxCand, nbins, wasm);
      return;
    }
    // Serial: build into the list, growing it (outside the candidate loop) when it runs short.
    const res = this.res;
    let n = 0,
      i = 0;
    for (;;) {
      neighborSliceAny(
        x,
        gtype,
        binOf,
        start,
        sorted,
        xs,
        ts,
        stencil,
        nsSame,
        ns,
        half,
        cutsq,
        tcut,
        tstride,
        maxCand,
        i,
        nlocal,
        offset,
        0,
        this.list,
        n,
        res,
        0,
        nall,
        nbins,
        wasm,
      );
      i = res[0];
      n = res[1];
      if (i >= nlocal) break;
      this.list = grow(this.list, n, roomFor(this.list.length, n, i, nlocal - i, nall, maxCand), sh);
    }
  }

  /**
   * Threaded candidate loop: thread t builds atoms [b_t, b_t+1) into its own buffer (thread 0 into
   * the list itself), then each worker copies its part behind the previous threads' and shifts its
   * offsets. A buffer that ran short is grown here and its slice finished on this thread.
   */
  private buildThreaded(
    pool: WorkerPool,
    g: Ghosts,
    nsSame: number,
    ns: number,
    cutsq: number,
    tcut: Float64Array | null,
    tstride: number,
    maxCand: number,
    nbins: number,
    wasm: boolean,
  ): void {
    const nt = pool.nthreads,
      nlocal = g.nlocal,
      nall = g.nall;
    const c = pool.ctx,
      a = c.iargs;
    const jobs = pool.jobs(NEIGHBOR_JOBS);
    for (let t = 0; t <= nt; t++) a[BOUNDS + t] = Math.floor((t * nlocal) / nt);
    // Size each buffer for its share of the previous build (or an even share of the list).
    const want = Math.ceil((this.list.length / nt) * 1.05) + maxCand + 1;
    for (let t = 1; t < nt; t++) {
      // A new buffer takes 20% slack: maxCand moves a little from build to build, and each new
      // shared buffer costs its page faults again when first written (measured: ~8 ms per build
      // on the 32k LJ melt while it was reallocated every build).
      if (!this.outs[t] || this.outs[t].length < want) this.outs[t] = i32(Math.ceil(want * 1.2), true);
      jobs.bind(OUT[t], this.outs[t]);
    }
    if (this.list.length < want) this.list = i32(Math.ceil(want * 1.2), true);
    jobs.bind(X, g.xAll);
    jobs.bind(TYPE, g.type);
    jobs.bind(BIN_OF, this.binOf);
    jobs.bind(BIN_START, this.binStart);
    jobs.bind(SORTED, this.sorted);
    jobs.bind(XS, this.xs);
    jobs.bind(TS, this.ts);
    jobs.bind(STENCIL, this.stencil);
    if (tcut) jobs.bind(TYPE_CUT, tcut);
    jobs.bind(OFFSET, this.offset);
    jobs.bind(LIST, this.list);
    a[A_HALF] = this.half ? 1 : 0;
    a[A_NSSAME] = nsSame;
    a[A_NS] = ns;
    a[A_TSTRIDE] = tstride;
    a[A_MAXCAND] = maxCand;
    a[A_TYPECUT] = tcut ? 1 : 0;
    a[A_NALL] = nall;
    a[A_NBINS] = nbins;
    a[A_WASM] = wasm ? 1 : 0;
    c.fargs[F_NBCUTSQ] = cutsq;
    jobs.run(JOB_NEIGH_BUILD);
    // Finish slices whose buffer ran short (rare: first builds, density growth).
    const r = c.ires;
    for (let t = 0; t < nt; t++) {
      let i = r[t * RES_STRIDE],
        n = r[t * RES_STRIDE + 1];
      const i1 = a[BOUNDS + t + 1];
      while (i < i1) {
        const buf = t === 0 ? this.list : this.outs[t];
        const grown = grow(buf, n, roomFor(buf.length, n, i - a[BOUNDS + t], i1 - i, nall, maxCand), true);
        if (t === 0) {
          this.list = grown;
          jobs.bind(LIST, grown);
        } else {
          this.outs[t] = grown;
          jobs.bind(OUT[t], grown);
        }
        neighborSliceAny(
          g.xAll,
          g.type,
          this.binOf,
          this.binStart,
          this.sorted,
          this.xs,
          this.ts,
          this.stencil,
          nsSame,
          ns,
          this.half,
          cutsq,
          tcut,
          tstride,
          maxCand,
          i,
          i1,
          this.offset,
          0,
          grown,
          n,
          r,
          t * RES_STRIDE,
          nall,
          nbins,
          wasm,
        );
        i = r[t * RES_STRIDE];
        n = r[t * RES_STRIDE + 1];
      }
    }
    let total = 0;
    for (let t = 0; t < nt; t++) {
      a[BASES + t] = total;
      total += r[t * RES_STRIDE + 1];
    }
    if (this.list.length < total) {
      this.list = grow(this.list, r[1], Math.ceil(total * 1.2), true);
      jobs.bind(LIST, this.list);
    }
    jobs.run(JOB_NEIGH_COPY);
  }
}

/** (xmin, ymin, zmin, xmax, ymax, zmax) of the nall atoms of x into bb. */
function boundingBox(x: Float64Array, nall: number, bb: Float64Array): void {
  let xmin = Infinity,
    ymin = Infinity,
    zmin = Infinity,
    xmax = -Infinity,
    ymax = -Infinity,
    zmax = -Infinity;
  for (let k = 0; k < nall; k++) {
    const a = x[3 * k],
      b = x[3 * k + 1],
      c = x[3 * k + 2];
    if (a < xmin) xmin = a;
    if (a > xmax) xmax = a;
    if (b < ymin) ymin = b;
    if (b > ymax) ymax = b;
    if (c < zmin) zmin = c;
    if (c > zmax) zmax = c;
  }
  bb[0] = xmin;
  bb[1] = ymin;
  bb[2] = zmin;
  bb[3] = xmax;
  bb[4] = ymax;
  bb[5] = zmax;
}

/** Bin of each atom into binOf, and the count of bin b into start[b + 1]. */
function binAtoms(
  x: Float64Array,
  nall: number,
  xmin: number,
  ymin: number,
  zmin: number,
  inv: number,
  nbx: number,
  nby: number,
  binOf: Int32Array,
  start: Int32Array,
): void {
  for (let k = 0; k < nall; k++) {
    const bx = Math.floor((x[3 * k] - xmin) * inv);
    const by = Math.floor((x[3 * k + 1] - ymin) * inv);
    const bz = Math.floor((x[3 * k + 2] - zmin) * inv);
    const b = (bz * nby + by) * nbx + bx;
    binOf[k] = b;
    start[b + 1]++;
  }
}

/** Counts start[b + 1] to running sums (start[b + 1] = end of bin b); returns the largest count. */
function countsToEnds(start: Int32Array, nbins: number): number {
  let maxBin = 0;
  for (let b = 0; b < nbins; b++) {
    if (start[b + 1] > maxBin) maxBin = start[b + 1];
    start[b + 1] += start[b];
  }
  return maxBin;
}

/** The counting sort's scatter: atom k to position start[binOf[k]]++ (sorted, xs, ts). */
function scatterSorted(
  x: Float64Array,
  gtype: Int32Array,
  nall: number,
  binOf: Int32Array,
  start: Int32Array,
  sorted: Int32Array,
  xs: Float64Array,
  ts: Int32Array,
): void {
  for (let k = 0; k < nall; k++) {
    const p = start[binOf[k]]++;
    sorted[p] = k;
    xs[3 * p] = x[3 * k];
    xs[3 * p + 1] = x[3 * k + 1];
    xs[3 * p + 2] = x[3 * k + 2];
    ts[p] = gtype[k];
  }
}

/**
 * The new length of a list buffer of length len that ran short after `done` atoms filled n entries,
 * with `left` atoms to go: at least twice as long, and room for the rest at the rate so far (+10%),
 * so that the first build of a run (from a 1024-entry list) grows once or twice, not ten times
 * (each growth copies the list so far and restarts the candidate loop).
 */
function roomFor(len: number, n: number, done: number, left: number, nall: number, maxCand: number): number {
  const rate = done > 0 ? n / done : 0;
  return Math.max(2 * len, n + nall + maxCand + 1, Math.ceil(n + 1.1 * rate * left) + maxCand + 1);
}

/** A copy of a[0..n) in a new buffer of length len. */
function grow(a: Int32Array, n: number, len: number, shared: boolean): Int32Array<ArrayBuffer> {
  const b = i32(len, shared);
  b.set(a.subarray(0, n));
  return b;
}
