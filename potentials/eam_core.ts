import { acceptNoOpModify } from './pair_modify_noop.js';
import type { ComputeFlags, ForceBuffers, PairContext, PairStyle } from '../src/potential.js';
import type { AtomSystem } from '../src/system.js';
import { eamEmbedAtom, eamForceSlice, eamRhoSlice } from './eam_kernel.js';
import { eamSimdForce, eamSimdRho, eamSimdSwitch } from './eam_simd.js';
import {
  A_EFLAG,
  A_NALL,
  A_NRHOM1,
  A_NRM1,
  A_NTP,
  A_SIMD,
  A_VERSION,
  EAM_JOBS,
  F_CUTSQ,
  F_RDR,
  F_RDRHO,
  F_RHOMAX,
  FORCES,
  FP,
  FRHO_OFF,
  FRHO_TAB,
  JOB_EAM_EMBED,
  JOB_EAM_FORCE,
  JOB_EAM_RHO,
  LIST,
  OFFSET,
  OWNER_START,
  PAIR_END,
  PAIR_J,
  PAIR_R,
  RHO,
  RHO_KNOTS,
  TAB,
  TAB_OFF,
  TYPE,
  X,
} from './eam_jobs.js';
import { RES_STRIDE } from '../src/parallel/job_context.js';
import { f64, i32, isShared } from '../src/parallel/shared_alloc.js';
import {
  ThreadForces,
  reduceFolded,
  setPairBounds,
  sumPartials,
  type ThreadedPair,
} from '../src/parallel/threaded_forces.js';
import type { Jobs, WorkerPool } from '../src/parallel/worker_pool.js';

/**
 * The embedded-atom method kernel shared by `eam`, `eam/alloy` and `eam/fs`: LAMMPS's PairEAM
 * (29 Sep 2021) from the tabulated arrays on, i.e. array2spline/interpolate, compute, and the
 * rho/fp communication pattern. Subclasses read their file(s) and fill the 1-based tables and the
 * type maps in file2array(), exactly as LAMMPS's file2array does.
 *
 * E = sum_i F_i(rho_i) + sum_{i<j} phi_ij(r_ij),  rho_i = sum_j rho_{t_j -> t_i}(r_ij).
 * Units: lengths Angstrom, energies eV in metal units (whatever the file holds after conversion).
 *
 * Splines: every table of n points becomes n+1 rows (row 0 unused) of 7 coefficients (LAMMPS
 * interpolate): value = ((c3 p + c4) p + c5) p + c6, derivative (per unit r or rho) =
 * (c0 p + c1) p + c2, for p in [0,1] within row m. F(rho) is used as is. For speed the r-tables
 * are regrouped per ordered type pair (ti, tj) into one compact table of knots:
 *   pairTab knot m (4 doubles): rho_{tj->ti} c6, c5, z2r_{ti,tj} c6, c5
 * from which both loops rebuild row m's c3, c4 exactly as interpolate does (eam_kernel.ts; the
 * density at j due to i is block (tj, ti)). Coefficients and energies are LAMMPS's doubles; the
 * derivatives (forces) match it to rounding (a few ulps).
 */
export abstract class PairEAMBase implements PairStyle, ThreadedPair {
  abstract readonly style: string;
  readonly neighborKind = 'half' as const;
  readonly computesVirial = false;

  // --- tables filled by file2array() (LAMMPS names) ---
  protected nrho = 0;
  protected drho = 0;
  protected nr = 0;
  protected dr = 0;
  protected rhomax = 0;
  protected cutmax = 0;
  /** F(rho) tables, each nrho+1 entries, 1-based; the last one is all zeros (unmapped types). */
  protected frho: Float64Array[] = [];
  /** rho(r) tables, each nr+1 entries, 1-based. */
  protected rhor: Float64Array[] = [];
  /** r*phi(r) tables, each nr+1 entries, 1-based. */
  protected z2r: Float64Array[] = [];
  /** type -> frho table (index 1..ntypes). */
  protected type2frho = new Int32Array(0);
  /** (ntypes+1)^2, [i*(ntypes+1)+j] -> rhor table of the density at j due to i (LAMMPS type2rhor[i][j]). */
  protected type2rhor = new Int32Array(0);
  /** (ntypes+1)^2 -> z2r table of the pair i,j. */
  protected type2z2r = new Int32Array(0);
  /** map[t] = element / file index of type t, -1 for NULL (1..ntypes). */
  protected map: number[] = [];

  // --- bound spline tables ---
  private rdr = 0;
  private rdrho = 0;
  private cutforcesq = 0;
  private ntp = 0;
  private frhoSpl: Float64Array = new Float64Array(0);
  private pairTab: Float64Array = new Float64Array(0);
  /** pairTab's density knots alone (2 doubles a knot, offsets pairOff / 2): the density loop's table. */
  private rhoKnots: Float64Array = new Float64Array(0);
  /** Offsets in doubles: frhoOff[t] of row 0 into frhoSpl, pairOff[i*ntp+j] of knot 0 into pairTab. */
  private frhoOff = new Int32Array(0);
  private pairOff = new Int32Array(0);
  private ready = false;

  // --- per-atom work arrays over extended atoms, grown by capacity ---
  private rho = new Float64Array(0);
  private fp = new Float64Array(0);
  /** Pairs inside the cutoff found by the density loop, reused by the force loop (CSR by i):
   * j and r (eam_kernel.ts). */
  private pairJ = new Int32Array(0);
  private pairR = new Float64Array(0);
  private pairEnd = new Int32Array(0);
  /** Worker threads' density accumulators (index = thread id; 0 is rho itself). */
  private rhoT: Float64Array[] = [];
  private readonly threadForces = new ThreadForces();

  settings(args: string[]): void {
    if (args.length > 0)
      throw new Error(`Illegal pair_style ${this.style} command: it takes no arguments (got '${args.join(' ')}')`);
  }

  /** pair_modify: LAMMPS's generic mix/shift/tail change nothing for EAM; accepted as LAMMPS does. */
  modify(args: string[]): void {
    acceptNoOpModify(this.style, args);
  }

  abstract coeff(args: string[], system: AtomSystem): void;

  /** Convert the read file(s) into the tables and type maps (LAMMPS file2array). */
  protected abstract file2array(ntypes: number): void;

  /** Every atom type must be mapped (LAMMPS Pair::init: "All pair coeffs are not set"). */
  protected checkAllSet(ntypes: number): void {
    for (let t = 1; t <= ntypes; t++) {
      if (!(this.map[t] >= 0)) {
        throw new Error(
          `All pair coeffs are not set: atom type ${t} has no ${this.style} element/file (a NULL type needs pair_style hybrid with another sub-style for its pairs)`,
        );
      }
    }
  }

  init(system: AtomSystem): void {
    this.checkAllSet(system.ntypes);
    this.bind(system.ntypes);
  }

  /** pair hybrid: pair_coeff mapped both types to elements (LAMMPS setflag; plain eam overrides). */
  coeffSet(i: number, j: number): boolean {
    return this.map[i] >= 0 && this.map[j] >= 0;
  }

  /**
   * init() for the pairs pair hybrid maps to this style (null: all): only their types need an
   * element. A NULL type keeps the zero F(rho) table, and hybrid's skip list hands it no
   * neighbors, so its atoms add nothing (LAMMPS leaves them out of the style's list).
   */
  initMapped(system: AtomSystem, mapped: ((i: number, j: number) => boolean) | null): void {
    if (mapped === null) {
      this.init(system);
      return;
    }
    const nt = system.ntypes;
    for (let i = 1; i <= nt; i++)
      for (let j = i; j <= nt; j++)
        if (mapped(i, j) && !(this.map[i] >= 0 && this.map[j] >= 0))
          throw new Error(`All pair coeffs are not set (pair ${this.style} types ${i} ${j})`);
    this.bind(nt);
  }

  /** Tables and splines for nt types (LAMMPS file2array + array2spline). */
  private bind(nt: number): void {
    this.file2array(nt);
    this.rdr = 1.0 / this.dr;
    this.rdrho = 1.0 / this.drho;
    const ntp = (this.ntp = nt + 1);
    const nr = this.nr,
      rows = nr + 1;
    // F(rho) splines as LAMMPS stores them.
    const frhoSpl = splineAll(this.frho, this.nrho, this.drho);
    this.frhoSpl = f64(frhoSpl.length, true); // shared: the threads embed
    this.frhoSpl.set(frhoSpl);
    this.frhoOff = i32(ntp, true);
    for (let i = 1; i <= nt; i++) this.frhoOff[i] = this.type2frho[i] * (this.nrho + 1) * 7;
    // r-splines (array2spline), regrouped per distinct (rho_{tj->ti}, z2r_{ti,tj}) combination of
    // an ordered type pair: knot m = the two functions' values and knot slopes (eam_kernel.ts).
    const rhorSpl = splineAll(this.rhor, nr, this.dr);
    const z2rSpl = splineAll(this.z2r, nr, this.dr);
    const combos = new Map<string, number>();
    const keys: number[][] = [];
    const idx = new Int32Array(ntp * ntp);
    for (let i = 1; i <= nt; i++) {
      for (let j = 1; j <= nt; j++) {
        // type2rhor[j][i]: the density at an atom of type i due to one of type j.
        const k = [this.type2rhor[j * ntp + i], this.type2z2r[i * ntp + j]];
        const key = k.join(',');
        let c = combos.get(key);
        if (c === undefined) {
          c = keys.length;
          combos.set(key, c);
          keys.push(k);
        }
        idx[i * ntp + j] = c;
      }
    }
    // Shared memory so worker threads can read the table.
    const tab = (this.pairTab = f64(keys.length * rows * 4, true));
    const rk = (this.rhoKnots = f64(keys.length * rows * 2, true));
    keys.forEach(([ra, z], c) => {
      for (let m = 0; m <= nr; m++) {
        const o = (c * rows + m) * 4,
          sa = (ra * rows + m) * 7,
          sz = (z * rows + m) * 7;
        tab[o] = rhorSpl[sa + 6];
        tab[o + 1] = rhorSpl[sa + 5];
        tab[o + 2] = z2rSpl[sz + 6];
        tab[o + 3] = z2rSpl[sz + 5];
        rk[o >> 1] = tab[o];
        rk[(o >> 1) + 1] = tab[o + 1];
      }
    });
    this.pairOff = i32(ntp * ntp, true);
    for (let k = 0; k < ntp * ntp; k++) this.pairOff[k] = idx[k] * rows * 4;
    this.cutforcesq = this.cutmax * this.cutmax;
    this.ready = true;
  }

  cutoff(): number {
    return this.cutmax;
  }

  /** The error for a non-numeric density at local atom i. */
  private badDensity(ctx: PairContext, i: number): never {
    throw new Error(
      `pair ${this.style}: non-numeric electron density at atom ID ${ctx.system.tag[i]} (atoms overlapping or the run blew up)`,
    );
  }

  /** Electron densities of the local atoms from the last compute() (n entries; diagnostics, tests). */
  densities(n: number): Float64Array {
    return this.rho.subarray(0, n);
  }

  /** Largest density the F(rho) table covers; beyond it F is extended linearly (LAMMPS rhomax). */
  get rhoMax(): number {
    return this.rhomax;
  }

  compute(ctx: PairContext, out: ForceBuffers, flags: ComputeFlags): void {
    this.evaluate(ctx, out, flags, null);
  }

  /** compute() with both pair loops split over the pool's threads, plus the virial. */
  computeThreaded(ctx: PairContext, out: ForceBuffers, flags: ComputeFlags, pool: WorkerPool): boolean {
    if (flags.eatom || flags.vatom) return false;
    this.evaluate(ctx, out, flags, pool);
    return true;
  }

  private evaluate(ctx: PairContext, out: ForceBuffers, flags: ComputeFlags, pool: WorkerPool | null): void {
    if (!this.ready) throw new Error(`pair ${this.style}: compute() before init()`);
    const g = ctx.ghosts,
      list = ctx.list;
    const nlocal = g.nlocal,
      nall = g.nall;
    const x = g.xAll,
      type = g.type,
      map = g.map;
    const eatom = out.eatom;
    const eflag = flags.energy || flags.eatom;
    const eglobal = flags.energy,
      eatomOn = flags.eatom;
    const sh = pool !== null;
    if (this.rho.length < nall || isShared(this.rho) !== sh) {
      const cap = Math.ceil(nall * 1.2) + 16;
      this.rho = f64(cap, sh);
      this.fp = f64(cap, sh);
    }
    const rho = this.rho,
      fp = this.fp;
    rho.fill(0, 0, nall);
    const offset = list.offset,
      nl = list.list;
    if (this.pairJ.length < offset[nlocal] || isShared(this.pairJ) !== sh) {
      const cap = Math.ceil(offset[nlocal] * 1.2) + 16;
      this.pairJ = i32(cap, sh);
      this.pairR = f64(cap, sh);
    }
    if (this.pairEnd.length < nlocal || isShared(this.pairEnd) !== sh)
      this.pairEnd = i32(Math.ceil(nlocal * 1.2) + 16, sh);
    const pairJ = this.pairJ,
      pairR = this.pairR,
      pairEnd = this.pairEnd;
    const cutsq = this.cutforcesq,
      rdr = this.rdr,
      nrm1 = this.nr - 1;
    const ntp = this.ntp;
    const F = this.frhoSpl,
      fOff = this.frhoOff;

    // Local coordinates must be numbers: a NaN pair distance would fail `rsq < cutsq` and vanish.
    let xs = 0;
    for (let k = 0; k < 3 * nlocal; k++) xs += x[k];
    if (!Number.isFinite(xs))
      throw new Error(`pair ${this.style}: non-numeric atom coordinates (NaN or Inf): the run blew up`);

    // rho = density at each atom, each half-list pair adds to both ends (newton on). The
    // WebAssembly kernel (eam_simd.ts, the same doubles) runs both loops unless per-atom energies are
    // wanted or it is switched off; a thread whose density call it declines runs both in JavaScript.
    const simd = eamSimdSwitch.on && !eatomOn;
    // Version 0: never built by NeighborList.build: no row caching.
    const version = list.version > 0 ? list.version : -1;
    let serialSimd = false;
    let jobs: Jobs | null = null;
    if (pool) {
      jobs = pool.jobs(EAM_JOBS);
      const a = pool.ctx.iargs;
      for (let t = 1; t < pool.nthreads; t++) {
        if (!this.rhoT[t] || this.rhoT[t].length < rho.length) this.rhoT[t] = f64(rho.length, true);
        jobs.bind(RHO[t], this.rhoT[t]);
      }
      jobs.bind(RHO[0], rho);
      jobs.bind(FP, fp);
      jobs.bind(X, x);
      jobs.bind(TYPE, type);
      jobs.bind(OFFSET, offset);
      jobs.bind(LIST, nl);
      jobs.bind(PAIR_J, pairJ);
      jobs.bind(PAIR_R, pairR);
      jobs.bind(PAIR_END, pairEnd);
      jobs.bind(TAB, this.pairTab);
      jobs.bind(RHO_KNOTS, this.rhoKnots);
      jobs.bind(FRHO_TAB, F);
      jobs.bind(FRHO_OFF, fOff);
      jobs.bind(TAB_OFF, this.pairOff);
      a[A_NALL] = nall;
      a[A_NRM1] = nrm1;
      a[A_NTP] = ntp;
      a[A_EFLAG] = eflag ? 1 : 0;
      a[A_SIMD] = simd ? 1 : 0;
      a[A_VERSION] = version;
      pool.ctx.fargs[F_CUTSQ] = cutsq;
      pool.ctx.fargs[F_RDR] = rdr;
      setPairBounds(pool, offset, nlocal);
      jobs.run(JOB_EAM_RHO);
    } else {
      serialSimd =
        simd &&
        eamSimdRho(
          x,
          type,
          offset,
          nl,
          version,
          0,
          nlocal,
          nall,
          rho,
          cutsq,
          rdr,
          nrm1,
          ntp,
          this.rhoKnots,
          this.pairTab,
          this.pairOff,
        );
    }
    if (!pool && !serialSimd) {
      eamRhoSlice(
        x,
        type,
        offset,
        nl,
        0,
        nlocal,
        rho,
        pairJ,
        pairR,
        pairEnd,
        cutsq,
        rdr,
        nrm1,
        ntp,
        this.rhoKnots,
        this.pairOff,
      );
    }

    // fp = F'(rho), embedding energy; beyond rhomax the table's last value is extended linearly.
    const rdrho = this.rdrho,
      nrhom1 = this.nrho - 1,
      rhomax = this.rhomax;
    let eng = 0;
    if (pool && jobs) {
      // One job: each thread sums the threads' densities at its atoms and their ghost images
      // (reverse communication), embeds them and hands fp to the images (forward communication).
      jobs.bind(OWNER_START, g.ownerStart);
      pool.ctx.iargs[A_NRHOM1] = nrhom1;
      pool.ctx.fargs[F_RDRHO] = rdrho;
      pool.ctx.fargs[F_RHOMAX] = rhomax;
      jobs.run(JOB_EAM_EMBED);
      const res = pool.ctx.fres;
      for (let t = 0; t < pool.nthreads; t++) {
        const bad = res[t * RES_STRIDE + 2];
        if (bad >= 0) this.badDensity(ctx, bad);
      }
      eng = sumPartials(pool, 1);
    } else {
      // Reverse communication: ghost densities to their owners.
      g.fold(rho, 1);
      for (let i = 0; i < nlocal; i++) {
        const r = rho[i];
        if (!Number.isFinite(r)) this.badDensity(ctx, i);
        const phi = eamEmbedAtom(r, type[i], i, fp, F, fOff, rdrho, nrhom1, rhomax, eflag);
        eng += phi;
        if (eatomOn) eatom[i] += phi;
      }
      // Forward communication: ghosts take their owner's fp.
      for (let k = nlocal; k < nall; k++) fp[k] = fp[map[k]];
    }

    // Forces (and pair energy) over the pairs kept by the density loop.
    let epair: number;
    if (pool && jobs) {
      this.threadForces.prepare(jobs, FORCES, out, nall);
      jobs.run(JOB_EAM_FORCE);
      epair = sumPartials(pool, 0);
      reduceFolded(pool, out, g, flags.virial);
    } else if (serialSimd) {
      epair = eamSimdForce(0, nlocal, fp, out.f, rdr, nrm1, ntp, eflag);
    } else {
      epair = eamForceSlice(
        x,
        type,
        offset,
        0,
        nlocal,
        fp,
        pairJ,
        pairR,
        pairEnd,
        out.f,
        rdr,
        nrm1,
        ntp,
        this.pairTab,
        this.pairOff,
        eflag,
        eatomOn ? eatom : null,
      );
    }
    if (eglobal) {
      const e = eng + epair;
      if (!Number.isFinite(e))
        throw new Error(`pair ${this.style}: non-numeric energy (atoms overlapping or the run blew up)`);
      out.energy += e;
    }
  }
}

/**
 * Splines of tables f[t][1..n] on spacing delta into one flat array: table t's row m at
 * ((t*(n+1)) + m)*7 (LAMMPS PairEAM::interpolate, same arithmetic in the same order).
 */
export function splineAll(tables: Float64Array[], n: number, delta: number): Float64Array {
  const rows = n + 1;
  const out = new Float64Array(tables.length * rows * 7);
  for (let t = 0; t < tables.length; t++) interpolate(n, delta, tables[t], out, t * rows * 7);
  return out;
}

/** LAMMPS PairEAM::interpolate: f is 1-based (f[1..n]); s receives rows 0..n of 7 at offset o. */
export function interpolate(n: number, delta: number, f: Float64Array, s: Float64Array, o: number): void {
  const S = (m: number, k: number): number => o + 7 * m + k;
  for (let m = 1; m <= n; m++) s[S(m, 6)] = f[m];
  s[S(1, 5)] = s[S(2, 6)] - s[S(1, 6)];
  s[S(2, 5)] = 0.5 * (s[S(3, 6)] - s[S(1, 6)]);
  s[S(n - 1, 5)] = 0.5 * (s[S(n, 6)] - s[S(n - 2, 6)]);
  s[S(n, 5)] = s[S(n, 6)] - s[S(n - 1, 6)];
  for (let m = 3; m <= n - 2; m++) {
    s[S(m, 5)] = (s[S(m - 2, 6)] - s[S(m + 2, 6)] + 8.0 * (s[S(m + 1, 6)] - s[S(m - 1, 6)])) / 12.0;
  }
  for (let m = 1; m <= n - 1; m++) {
    s[S(m, 4)] = 3.0 * (s[S(m + 1, 6)] - s[S(m, 6)]) - 2.0 * s[S(m, 5)] - s[S(m + 1, 5)];
    s[S(m, 3)] = s[S(m, 5)] + s[S(m + 1, 5)] - 2.0 * (s[S(m + 1, 6)] - s[S(m, 6)]);
  }
  s[S(n, 4)] = 0.0;
  s[S(n, 3)] = 0.0;
  for (let m = 1; m <= n; m++) {
    s[S(m, 2)] = s[S(m, 5)] / delta;
    s[S(m, 1)] = (2.0 * s[S(m, 4)]) / delta;
    s[S(m, 0)] = (3.0 * s[S(m, 3)]) / delta;
  }
}

/**
 * Lower-triangular index of the element pair (a, b) in a z2r list stored for i >= j
 * (LAMMPS: sum of row lengths before irow, plus icol).
 */
export function lowerTriangle(a: number, b: number): number {
  let irow = a,
    icol = b;
  if (irow < icol) {
    irow = b;
    icol = a;
  }
  let n = 0;
  for (let m = 0; m < irow; m++) n += m + 1;
  return n + icol;
}
