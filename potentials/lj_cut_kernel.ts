import { below, WIDE_SCALE } from '../src/branchless.js';
import { tallyPairVirial } from './vatom_tally.js';
import { ljSimd } from './lj_cut_simd.js';

/**
 * The lj/cut force loop as a pure function over flat arrays, shared by the serial pair style and
 * the worker threads (lj_cut_jobs.ts): atoms i0 <= i < i1 of a half (newton-on) list, each
 * pair adding to both ends. Units: lengths, energies and forces in the deck's units.
 *
 * tab layout (Float64Array, 6 blocks of (ntypes+1)^2, index ti*(ntypes+1)+tj):
 *   [cutsq | lj1 | lj2 | lj3 | lj4 | offset], then one flag: 1 when every type pair has the same
 *   coefficients (the single-type fast path reads them once instead of per pair).
 */
export function ljTableSize(ntypes: number): number {
  return 6 * (ntypes + 1) * (ntypes + 1) + 1;
}

/**
 * Forces of pairs (i, list[k]) for i in [i0, i1): x is nall x 3 (extended coordinates), f the
 * nall x 3 accumulator this call adds to, eatom (nall) per-atom energies or null, vatom (nall x 6)
 * per-atom virials or null. Returns the pair
 * energy sum (0 when eflag is false).
 */
export function ljHalfForces(
  x: Float64Array,
  type: Int32Array,
  first: Int32Array,
  list: Int32Array,
  i0: number,
  i1: number,
  f: Float64Array,
  tab: Float64Array,
  ntypes: number,
  eflag: boolean,
  eatom: Float64Array | null,
  vatom: Float64Array | null = null,
): number {
  const stride = ntypes + 1;
  const sq = stride * stride;
  if (tab[6 * sq] === 1 && eatom === null && vatom === null) {
    const k0 = stride + 1;
    return ljHalfForcesSingle(
      x,
      first,
      list,
      i0,
      i1,
      f,
      tab[k0],
      tab[sq + k0],
      tab[2 * sq + k0],
      tab[3 * sq + k0],
      tab[4 * sq + k0],
      tab[5 * sq + k0],
      eflag,
    );
  }
  let energy = 0;
  for (let i = i0; i < i1; i++) {
    const xi = x[3 * i],
      yi = x[3 * i + 1],
      zi = x[3 * i + 2];
    const row = type[i] * stride;
    let fxi = 0,
      fyi = 0,
      fzi = 0;
    const end = first[i + 1];
    for (let k = first[i]; k < end; k++) {
      const j = list[k];
      const dx = xi - x[3 * j],
        dy = yi - x[3 * j + 1],
        dz = zi - x[3 * j + 2];
      const rsq = dx * dx + dy * dy + dz * dz;
      const t = row + type[j];
      // Every list entry is evaluated and masked by the cutoff test (0/1): cheaper than a
      // mispredicted branch. Out of range the mask zeroes finite values (rsq >= cutsq > 0).
      const inside = below(rsq - tab[t], WIDE_SCALE);
      const r2inv = 1 / rsq;
      const r6inv = r2inv * r2inv * r2inv;
      const fpair = r6inv * (tab[sq + t] * r6inv - tab[2 * sq + t]) * r2inv * inside;
      fxi += dx * fpair;
      fyi += dy * fpair;
      fzi += dz * fpair;
      f[3 * j] -= dx * fpair;
      f[3 * j + 1] -= dy * fpair;
      f[3 * j + 2] -= dz * fpair;
      if (vatom !== null && inside !== 0) tallyPairVirial(vatom, i, j, dx, dy, dz, fpair);
      if (eflag) {
        const e = (r6inv * (tab[3 * sq + t] * r6inv - tab[4 * sq + t]) - tab[5 * sq + t]) * inside;
        energy += e;
        if (eatom !== null) {
          eatom[i] += 0.5 * e;
          eatom[j] += 0.5 * e;
        }
      }
    }
    f[3 * i] += fxi;
    f[3 * i + 1] += fyi;
    f[3 * i + 2] += fzi;
  }
  return energy;
}

/** One set of coefficients for every pair: no type lookups in the inner loop. */
function ljHalfForcesSingle(
  x: Float64Array,
  first: Int32Array,
  list: Int32Array,
  i0: number,
  i1: number,
  f: Float64Array,
  cutsq: number,
  lj1: number,
  lj2: number,
  lj3: number,
  lj4: number,
  off: number,
  eflag: boolean,
): number {
  let energy = 0;
  let k = first[i0];
  for (let i = i0; i < i1; i++) {
    const i3 = 3 * i;
    const xi = x[i3],
      yi = x[i3 + 1],
      zi = x[i3 + 2];
    let fxi = 0,
      fyi = 0,
      fzi = 0;
    const end = first[i + 1];
    for (; k < end; k++) {
      const j3 = 3 * list[k];
      const dx = xi - x[j3],
        dy = yi - x[j3 + 1],
        dz = zi - x[j3 + 2];
      const rsq = dx * dx + dy * dy + dz * dz;
      // Masked instead of branched (see ljHalfForces).
      const inside = below(rsq - cutsq, WIDE_SCALE);
      const r2inv = 1 / rsq;
      const r6inv = r2inv * r2inv * r2inv;
      const fpair = r6inv * (lj1 * r6inv - lj2) * r2inv * inside;
      const fx = dx * fpair,
        fy = dy * fpair,
        fz = dz * fpair;
      fxi += fx;
      fyi += fy;
      fzi += fz;
      f[j3] -= fx;
      f[j3 + 1] -= fy;
      f[j3 + 2] -= fz;
      if (eflag) energy += (r6inv * (lj3 * r6inv - lj4) - off) * inside;
    }
    f[i3] += fxi;
    f[i3 + 1] += fyi;
    f[i3 + 2] += fzi;
  }
  return energy;
}

/**
 * ljHalfForces over a neighbor list, through the WebAssembly SIMD kernel (lj_cut_simd.ts, the same
 * doubles) where it applies: one set of coefficients, no per-atom energies or virials, SIMD
 * available and not switched off (DPMD_LJ_SIMD=0). nall: extended atoms (x and f hold nall x 3);
 * list.version: NeighborList.version (rows are cached in the kernel's memory between builds).
 */
export function ljHalfForcesList(
  x: Float64Array,
  type: Int32Array,
  list: { offset: Int32Array; list: Int32Array; version: number },
  i0: number,
  i1: number,
  nall: number,
  f: Float64Array,
  tab: Float64Array,
  ntypes: number,
  eflag: boolean,
  eatom: Float64Array | null,
  vatom: Float64Array | null = null,
): number {
  const stride = ntypes + 1;
  const sq = stride * stride;
  if (ljSimd !== null && SIMD_ON && tab[6 * sq] === 1 && eatom === null && vatom === null) {
    const k0 = stride + 1;
    const e = ljSimd(
      x,
      list.offset,
      list.list,
      // Version 0: never built by NeighborList.build: no caching.
      list.version > 0 ? list.version : -1,
      i0,
      i1,
      nall,
      f,
      tab[k0],
      tab[sq + k0],
      tab[2 * sq + k0],
      tab[3 * sq + k0],
      tab[4 * sq + k0],
      tab[5 * sq + k0],
      eflag,
    );
    if (e !== null) return e;
  }
  return ljHalfForces(x, type, list.offset, list.list, i0, i1, f, tab, ntypes, eflag, eatom, vatom);
}

/** DPMD_LJ_SIMD=0 keeps the JavaScript loop (A/B measurements). */
const SIMD_ON = typeof process === 'undefined' || process.env.DPMD_LJ_SIMD !== '0';
