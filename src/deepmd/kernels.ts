/**
 * Pure float64 kernels of the Deep Potential (se_e2_a / se_e2_r), on flat arrays, one chunk of local
 * atoms at a time. Shapes in comments: nc = atoms in the chunk, nnei = sum(sel), ncomp = 4 (se_e2_a) or
 * 1 (se_e2_r), ng = last embedding width, axis = axis_neuron. Extended atoms (locals then ghosts) are
 * indexed 0..nall-1; coordinates x are nall x 3.
 *
 * Data flow: formatNeighbors -> envMat -> (embedding, network.ts) -> contractA/contractR ->
 * (fitting, network.ts) -> contractABackward/contractRBackward -> prodForceVirial.
 */
import type { ModelSpec } from './spec.js';
import { descriptorModule } from './descriptors/registry.js';

/** Scratch for formatNeighbors, grown on demand. */
export class NeighborScratch {
  r2 = new Float64Array(256);
  idx = new Int32Array(256);
  ensure(n: number): void {
    if (this.r2.length < n) {
      this.r2 = new Float64Array(Math.ceil(n * 1.5));
      this.idx = new Int32Array(Math.ceil(n * 1.5));
    }
  }
}

/** In-place sort of (key, idx) pairs on [lo, hi) ascending by key, then by idx (deterministic). */
function sortPairs(key: Float64Array, idx: Int32Array, lo: number, hi: number): void {
  while (hi - lo > 16) {
    const mid = (lo + hi) >>> 1;
    const pk = key[mid],
      pi = idx[mid];
    let i = lo,
      j = hi - 1;
    while (i <= j) {
      while (key[i] < pk || (key[i] === pk && idx[i] < pi)) i++;
      while (key[j] > pk || (key[j] === pk && idx[j] > pi)) j--;
      if (i <= j) {
        const tk = key[i];
        key[i] = key[j];
        key[j] = tk;
        const ti = idx[i];
        idx[i] = idx[j];
        idx[j] = ti;
        i++;
        j--;
      }
    }
    // Recurse into the smaller part, loop on the larger.
    if (j - lo < hi - i) {
      sortPairs(key, idx, lo, j + 1);
      lo = i;
    } else {
      sortPairs(key, idx, i, hi);
      hi = j + 1;
    }
  }
  for (let i = lo + 1; i < hi; i++) {
    const k = key[i],
      v = idx[i];
    let j = i - 1;
    while (j >= lo && (key[j] > k || (key[j] === k && idx[j] > v))) {
      key[j + 1] = key[j];
      idx[j + 1] = idx[j];
      j--;
    }
    key[j + 1] = k;
    idx[j + 1] = v;
  }
}

/**
 * DeePMD-kit's dense neighbor slots for local atom i (dpmodel build_neighbor_list +
 * nlist_distinguish_types): candidates list[from..to) (extended indices, any order, may exceed rcut)
 * -> the nearest nnei = sum(sel) with r <= rcut, then split by type in ascending distance, truncated to
 * sel[t]. Writes out[oo .. oo+nnei) (extended index or -1). pairExcl (ntypes x ntypes, 1 = excluded,
 * or null) turns excluded pairs into padding after the selection (DeePMD-kit's pair_exclude_types).
 * Returns the number of neighbors within rcut that got no slot.
 */
export function formatNeighbors(
  i: number,
  list: Int32Array,
  from: number,
  to: number,
  x: Float64Array,
  type: Int32Array,
  rcut: number,
  sel: number[],
  sec: Int32Array,
  ntypes: number,
  pairExcl: Uint8Array | null,
  out: Int32Array,
  oo: number,
  sc: NeighborScratch,
): number {
  sc.ensure(to - from);
  const r2 = sc.r2,
    idx = sc.idx;
  const xi = x[3 * i],
    yi = x[3 * i + 1],
    zi = x[3 * i + 2];
  const rc2 = rcut * rcut;
  let n = 0;
  for (let p = from; p < to; p++) {
    const j = list[p];
    if (j === i) continue;
    const dx = x[3 * j] - xi,
      dy = x[3 * j + 1] - yi,
      dz = x[3 * j + 2] - zi;
    const d2 = dx * dx + dy * dy + dz * dz;
    if (d2 <= rc2) {
      r2[n] = d2;
      idx[n] = j;
      n++;
    }
  }
  sortPairs(r2, idx, 0, n);
  const nnei = sec[ntypes];
  for (let s = 0; s < nnei; s++) out[oo + s] = -1;
  const m = n < nnei ? n : nnei;
  // fill[t]: next free slot of type t (relative to sec[t])
  let placed = 0;
  const ti = type[i];
  for (let t = 0; t < ntypes; t++) {
    let f = 0;
    const cap = sel[t];
    for (let q = 0; q < m && f < cap; q++) {
      const j = idx[q];
      if (type[j] !== t) continue;
      out[oo + sec[t] + f] = pairExcl?.[ti * ntypes + t] ? -1 : j;
      f++;
    }
    placed += f;
  }
  return n - placed;
}

/** Smooth switch w(r) and dw/dr (DeePMD-kit compute_smooth_weight); out[0] = w, out[1] = dw/dr. */
function smoothWeight(r: number, rmin: number, rmax: number, out: Float64Array): void {
  if (r <= rmin) {
    out[0] = 1;
    out[1] = 0;
    return;
  }
  if (r >= rmax) {
    out[0] = 0;
    out[1] = 0;
    return;
  }
  const inv = 1 / (rmax - rmin);
  const u = (r - rmin) * inv;
  const u2 = u * u;
  out[0] = u2 * u * (-6 * u2 + 15 * u - 10) + 1;
  out[1] = -30 * u2 * (u - 1) * (u - 1) * inv;
}

export interface EnvParams {
  rcut: number;
  rcutSmth: number;
  protection: number;
  ntypes: number;
  nnei: number;
  /** 4 (se_e2_a) or 1 (se_e2_r). */
  ncomp: number;
  /** ntypes x nnei x ncomp. */
  davg: Float64Array;
  dstd: Float64Array;
  /** ntypes x ntypes, 1 where the descriptor excludes the pair (rows zeroed), or null. */
  excl: Uint8Array | null;
}

/** Model-derived neighbor bookkeeping shared by every evaluator (TS, ONNX, training). */
export interface BoundEnvironment {
  /** Σ sel: neighbor slots per atom. */
  nnei: number;
  /** 4 (se_e2_a) or 1 (se_e2_r). */
  ncomp: number;
  /** ntypes+1 prefix sums of sel: type t owns slots sec[t]..sec[t+1]. */
  sec: Int32Array;
  env: EnvParams;
  /** ntypes x ntypes model pair exclusions (1 = excluded), or null. */
  pairExcl: Uint8Array | null;
}

/** Bind a model's descriptor settings to the flat tables the kernels read. */
export function bindEnvironment(spec: ModelSpec): BoundEnvironment {
  const d = spec.descriptor;
  const nt = spec.typeMap.length;
  const nnei = d.sel.reduce((a, b) => a + b, 0);
  const ncomp = descriptorModule(d).ncomp;
  const sec = new Int32Array(nt + 1);
  for (let t = 0; t < nt; t++) sec[t + 1] = sec[t] + d.sel[t];
  const pairMask = (pairs: [number, number][]): Uint8Array | null => {
    if (pairs.length === 0) return null;
    const m = new Uint8Array(nt * nt);
    for (const [a, b] of pairs) {
      m[a * nt + b] = 1;
      m[b * nt + a] = 1;
    }
    return m;
  };
  const env: EnvParams = {
    rcut: d.rcut,
    rcutSmth: d.rcutSmth,
    protection: d.envProtection,
    ntypes: nt,
    nnei,
    ncomp,
    davg: Float64Array.from(d.davg),
    dstd: Float64Array.from(d.dstd),
    excl: pairMask(d.excludeTypes),
  };
  return { nnei, ncomp, sec, env, pairExcl: pairMask(spec.pairExcludeTypes) };
}

const wbuf = new Float64Array(2);

/**
 * Environment matrix for nc atoms (locals i0..i0+nc), from their slots nlist (nc x nnei):
 *   env  nc x nnei x ncomp   normalised rows (R - davg[ti]) / dstd[ti]; padded slots -davg/dstd;
 *                            slots of excluded pairs 0
 *   envD nc x nnei x ncomp x 3  d env / d r_ij (r_ij = x_j - x_i), 0 for padded/excluded slots
 *   rij  nc x nnei x 3       (0 for padded slots)
 * Row of R for neighbor j: w(r) (1/r, x/r^2, y/r^2, z/r^2) (se_e2_a) or w(r)/r (se_e2_r), with
 * r -> r + protection in the denominators.
 */
export function envMat(
  p: EnvParams,
  i0: number,
  nc: number,
  nlist: Int32Array,
  x: Float64Array,
  type: Int32Array,
  env: Float64Array,
  envD: Float64Array,
  rij: Float64Array,
): void {
  const { nnei, ncomp, davg, dstd, excl, ntypes, protection } = p;
  for (let a = 0; a < nc; a++) {
    const i = i0 + a;
    const ti = type[i];
    const xi = x[3 * i],
      yi = x[3 * i + 1],
      zi = x[3 * i + 2];
    for (let s = 0; s < nnei; s++) {
      const slot = a * nnei + s;
      const eo = slot * ncomp,
        no = (ti * nnei + s) * ncomp,
        ro = slot * 3,
        dO = eo * 3;
      const j = nlist[slot];
      for (let c = 0; c < 3 * ncomp; c++) envD[dO + c] = 0;
      if (j < 0) {
        for (let c = 0; c < ncomp; c++) env[eo + c] = -davg[no + c] / dstd[no + c];
        rij[ro] = rij[ro + 1] = rij[ro + 2] = 0;
        continue;
      }
      const dx = x[3 * j] - xi,
        dy = x[3 * j + 1] - yi,
        dz = x[3 * j + 2] - zi;
      rij[ro] = dx;
      rij[ro + 1] = dy;
      rij[ro + 2] = dz;
      if (excl?.[ti * ntypes + type[j]]) {
        for (let c = 0; c < ncomp; c++) env[eo + c] = 0;
        continue;
      }
      const r = Math.sqrt(dx * dx + dy * dy + dz * dz);
      smoothWeight(r, p.rcutSmth, p.rcut, wbuf);
      const w = wbuf[0],
        dw = wbuf[1];
      const rp = r + protection,
        inv = 1 / rp,
        inv2 = inv * inv;
      const ir = 1 / r;
      // t0 = w / rp ; d t0 / d x_d = (dw/rp - w/rp^2) x_d / r
      const c0 = (dw * inv - w * inv2) * ir;
      const s0 = 1 / dstd[no];
      env[eo] = (w * inv - davg[no]) * s0;
      envD[dO] = c0 * dx * s0;
      envD[dO + 1] = c0 * dy * s0;
      envD[dO + 2] = c0 * dz * s0;
      if (ncomp === 4) {
        // t_c = w x_c / rp^2 ; d t_c / d x_d = w delta_cd / rp^2 + x_c x_d (dw/rp^2 - 2 w/rp^3) / r
        const c1 = (dw * inv2 - 2 * w * inv2 * inv) * ir;
        const wi2 = w * inv2;
        for (let c = 0; c < 3; c++) {
          const dc = c === 0 ? dx : c === 1 ? dy : dz;
          const sc = 1 / dstd[no + 1 + c];
          env[eo + 1 + c] = (wi2 * dc - davg[no + 1 + c]) * sc;
          const o = dO + 3 * (1 + c);
          const f = c1 * dc;
          envD[o] = (f * dx + (c === 0 ? wi2 : 0)) * sc;
          envD[o + 1] = (f * dy + (c === 1 ? wi2 : 0)) * sc;
          envD[o + 2] = (f * dz + (c === 2 ? wi2 : 0)) * sc;
        }
      }
    }
  }
}

/**
 * se_e2_a contraction for nc atoms:
 *   gr = (1/nnei) sum_j G_j^T R_j       G: nc x nnei x ng, env: nc x nnei x 4  ->  gr: nc x ng x 4
 *   D[m, n] = sum_c gr[m, c] gr[n, c]    D: nc x (ng x axis), m < ng, n < axis
 */
export function contractA(
  nc: number,
  nnei: number,
  ng: number,
  axis: number,
  G: Float64Array,
  env: Float64Array,
  gr: Float64Array,
  D: Float64Array,
): void {
  const inv = 1 / nnei;
  for (let a = 0; a < nc; a++) {
    const go = a * ng * 4;
    for (let q = 0; q < ng * 4; q++) gr[go + q] = 0;
    for (let s = 0; s < nnei; s++) {
      const slot = a * nnei + s;
      const e0 = env[4 * slot],
        e1 = env[4 * slot + 1],
        e2 = env[4 * slot + 2],
        e3 = env[4 * slot + 3];
      const gs = slot * ng;
      for (let m = 0; m < ng; m++) {
        const g = G[gs + m];
        const o = go + 4 * m;
        gr[o] += g * e0;
        gr[o + 1] += g * e1;
        gr[o + 2] += g * e2;
        gr[o + 3] += g * e3;
      }
    }
    for (let q = 0; q < ng * 4; q++) gr[go + q] *= inv;
    const dO = a * ng * axis;
    for (let m = 0; m < ng; m++) {
      const om = go + 4 * m;
      for (let n = 0; n < axis; n++) {
        const on = go + 4 * n;
        D[dO + m * axis + n] =
          gr[om] * gr[on] + gr[om + 1] * gr[on + 1] + gr[om + 2] * gr[on + 2] + gr[om + 3] * gr[on + 3];
      }
    }
  }
}

/**
 * dE/dgr for one atom (the part of contractA's backward before the rows):
 *   dgr[m, c] = (1/nnei) (sum_n dD[m, n] gr[n, c] + [m < axis] sum_m' dD[m', m] gr[m', c])
 * gr at go (ng x 4), dD at dO (ng x axis) -> dgr (ng x 4).
 */
export function grBackward(
  ng: number,
  axis: number,
  inv: number,
  gr: Float64Array,
  go: number,
  dD: Float64Array,
  dO: number,
  dgr: Float64Array,
): void {
  for (let m = 0; m < ng; m++) {
    let s0 = 0,
      s1 = 0,
      s2 = 0,
      s3 = 0;
    for (let n = 0; n < axis; n++) {
      const d = dD[dO + m * axis + n],
        on = go + 4 * n;
      s0 += d * gr[on];
      s1 += d * gr[on + 1];
      s2 += d * gr[on + 2];
      s3 += d * gr[on + 3];
    }
    if (m < axis) {
      for (let mp = 0; mp < ng; mp++) {
        const d = dD[dO + mp * axis + m],
          om = go + 4 * mp;
        s0 += d * gr[om];
        s1 += d * gr[om + 1];
        s2 += d * gr[om + 2];
        s3 += d * gr[om + 3];
      }
    }
    dgr[4 * m] = s0 * inv;
    dgr[4 * m + 1] = s1 * inv;
    dgr[4 * m + 2] = s2 * inv;
    dgr[4 * m + 3] = s3 * inv;
  }
}

/**
 * Backward of contractA: dD (nc x ng x axis) -> dEnv (nc x nnei x 4) = dE/dR, through both the row
 * R_j and the embedding input s_j = R_j0 (via dG = dG/ds, nc x nnei x ng). dgr: scratch ng x 4.
 * With nlist (nc x nnei), padded slots (-1) get dEnv = 0: their rows have no derivative (envD = 0),
 * so prodForceVirial never reads them.
 */
export function contractABackward(
  nc: number,
  nnei: number,
  ng: number,
  axis: number,
  G: Float64Array,
  dG: Float64Array,
  env: Float64Array,
  gr: Float64Array,
  dD: Float64Array,
  dgr: Float64Array,
  dEnv: Float64Array,
  nlist: Int32Array | null = null,
): void {
  const inv = 1 / nnei;
  for (let a = 0; a < nc; a++) {
    grBackward(ng, axis, inv, gr, a * ng * 4, dD, a * ng * axis, dgr);
    for (let s = 0; s < nnei; s++) {
      const slot = a * nnei + s;
      if (nlist !== null && nlist[slot] < 0) {
        dEnv[4 * slot] = dEnv[4 * slot + 1] = dEnv[4 * slot + 2] = dEnv[4 * slot + 3] = 0;
        continue;
      }
      const e0 = env[4 * slot],
        e1 = env[4 * slot + 1],
        e2 = env[4 * slot + 2],
        e3 = env[4 * slot + 3];
      const gs = slot * ng;
      let r0 = 0,
        r1 = 0,
        r2 = 0,
        r3 = 0,
        ds = 0;
      for (let m = 0; m < ng; m++) {
        const g = G[gs + m];
        const q0 = dgr[4 * m],
          q1 = dgr[4 * m + 1],
          q2 = dgr[4 * m + 2],
          q3 = dgr[4 * m + 3];
        r0 += q0 * g;
        r1 += q1 * g;
        r2 += q2 * g;
        r3 += q3 * g;
        ds += (q0 * e0 + q1 * e1 + q2 * e2 + q3 * e3) * dG[gs + m];
      }
      dEnv[4 * slot] = r0 + ds;
      dEnv[4 * slot + 1] = r1;
      dEnv[4 * slot + 2] = r2;
      dEnv[4 * slot + 3] = r3;
    }
  }
}

/** se_e2_r descriptor: D = (1/5) (1/nnei) sum_j G_j      G: nc x nnei x ng -> D: nc x ng. */
export function contractR(nc: number, nnei: number, ng: number, G: Float64Array, D: Float64Array): void {
  const scale = 1 / (5 * nnei);
  for (let a = 0; a < nc; a++) {
    const dO = a * ng;
    for (let m = 0; m < ng; m++) D[dO + m] = 0;
    for (let s = 0; s < nnei; s++) {
      const gs = (a * nnei + s) * ng;
      for (let m = 0; m < ng; m++) D[dO + m] += G[gs + m];
    }
    for (let m = 0; m < ng; m++) D[dO + m] *= scale;
  }
}

/** Backward of contractR: dD (nc x ng) -> dEnv (nc x nnei x 1) = (1/(5 nnei)) sum_m dD[m] dG_j[m]. */
export function contractRBackward(
  nc: number,
  nnei: number,
  ng: number,
  dG: Float64Array,
  dD: Float64Array,
  dEnv: Float64Array,
): void {
  const scale = 1 / (5 * nnei);
  for (let a = 0; a < nc; a++) {
    const dO = a * ng;
    for (let s = 0; s < nnei; s++) {
      const gs = (a * nnei + s) * ng;
      let acc = 0;
      for (let m = 0; m < ng; m++) acc += dD[dO + m] * dG[gs + m];
      dEnv[a * nnei + s] = acc * scale;
    }
  }
}

/**
 * ProdForce / ProdVirial: g_ij = dE/dr_ij = sum_c dEnv[c] envD[c, :] for every real slot, then
 *   f[i] += g, f[j] -= g                      f: nall x 3 (accumulated, ghosts folded by the caller)
 *   virial[a, b] -= g_a r_ij,b                virial: 9 (accumulated), W_ab = sum_i r_ia F_ib
 *   atomVirial[j, a, b] -= g_a r_ij,b         atomVirial: nall x 9 or null (DeePMD-kit puts the pair
 *                                             term on the neighbor j)
 */
export function prodForceVirial(
  i0: number,
  nc: number,
  nnei: number,
  ncomp: number,
  nlist: Int32Array,
  dEnv: Float64Array,
  envD: Float64Array,
  rij: Float64Array,
  f: Float64Array,
  virial: Float64Array,
  atomVirial: Float64Array | null,
): void {
  let v0 = 0,
    v1 = 0,
    v2 = 0,
    v3 = 0,
    v4 = 0,
    v5 = 0,
    v6 = 0,
    v7 = 0,
    v8 = 0;
  for (let a = 0; a < nc; a++) {
    const i = i0 + a;
    let fx = 0,
      fy = 0,
      fz = 0;
    for (let s = 0; s < nnei; s++) {
      const slot = a * nnei + s;
      const j = nlist[slot];
      if (j < 0) continue;
      let gx = 0,
        gy = 0,
        gz = 0;
      for (let c = 0; c < ncomp; c++) {
        const d = dEnv[slot * ncomp + c],
          o = (slot * ncomp + c) * 3;
        gx += d * envD[o];
        gy += d * envD[o + 1];
        gz += d * envD[o + 2];
      }
      fx += gx;
      fy += gy;
      fz += gz;
      f[3 * j] -= gx;
      f[3 * j + 1] -= gy;
      f[3 * j + 2] -= gz;
      const rx = rij[3 * slot],
        ry = rij[3 * slot + 1],
        rz = rij[3 * slot + 2];
      const w0 = gx * rx,
        w1 = gx * ry,
        w2 = gx * rz,
        w3 = gy * rx,
        w4 = gy * ry,
        w5 = gy * rz,
        w6 = gz * rx,
        w7 = gz * ry,
        w8 = gz * rz;
      v0 -= w0;
      v1 -= w1;
      v2 -= w2;
      v3 -= w3;
      v4 -= w4;
      v5 -= w5;
      v6 -= w6;
      v7 -= w7;
      v8 -= w8;
      if (atomVirial !== null) {
        const o = 9 * j;
        atomVirial[o] -= w0;
        atomVirial[o + 1] -= w1;
        atomVirial[o + 2] -= w2;
        atomVirial[o + 3] -= w3;
        atomVirial[o + 4] -= w4;
        atomVirial[o + 5] -= w5;
        atomVirial[o + 6] -= w6;
        atomVirial[o + 7] -= w7;
        atomVirial[o + 8] -= w8;
      }
    }
    f[3 * i] += fx;
    f[3 * i + 1] += fy;
    f[3 * i + 2] += fz;
  }
  virial[0] += v0;
  virial[1] += v1;
  virial[2] += v2;
  virial[3] += v3;
  virial[4] += v4;
  virial[5] += v5;
  virial[6] += v6;
  virial[7] += v7;
  virial[8] += v8;
}
