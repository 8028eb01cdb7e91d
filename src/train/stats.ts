/**
 * Data statistics as DeePMD-kit computes them.
 *
 * davg/dstd (se_e2_a / se_e2_r `compute_input_stats`; any descriptor whose environment rows are the
 * radial component followed by ncomp - 1 directional ones, i.e. every module in src/deepmd/descriptors/
 * with its `ncomp`): the raw environment matrix (davg 0, dstd 1;
 * padded slots are zero rows and are counted) of every atom of centre type t in the statistics
 * frames; per type, with n rows:
 *   davg = [sum r / n, 0, 0, 0]   (all zero with set_davg_zero)
 *   dstd_r = sqrt(sum r^2 / n - (sum r / n)^2),  dstd_a = sqrt(sum a^2 / 3n - (sum a / 3n)^2)
 * each floored at `protection` (data_stat_protect, 1e-2), 1/rcut when a type has no atoms; tiled over
 * the nnei slots.
 * Energy bias (compute_output_stats): bias_atom_e = argmin |A b - E|, A[f, t] = number of atoms of
 * type t in frame f, by minimum-norm least squares (numpy lstsq: compositions that never vary, like
 * water's fixed O:H = 1:2, are rank deficient and get the minimum-norm solution).
 */
import { envMat, type EnvParams } from '../deepmd/kernels.js';
import type { PreparedFrame } from './frame.js';

export function envStats(
  frames: PreparedFrame[],
  ntypes: number,
  nnei: number,
  ncomp: number,
  cut: { rcut: number; rcutSmth: number; protection: number },
  protect = 1e-2,
  setDavgZero = false,
): { davg: Float64Array; dstd: Float64Array } {
  const p: EnvParams = {
    rcut: cut.rcut,
    rcutSmth: cut.rcutSmth,
    protection: cut.protection,
    ntypes,
    nnei,
    ncomp,
    davg: new Float64Array(ntypes * nnei * ncomp),
    dstd: new Float64Array(ntypes * nnei * ncomp).fill(1),
    excl: null,
  };
  const sr = new Float64Array(ntypes),
    sr2 = new Float64Array(ntypes),
    sa = new Float64Array(ntypes),
    sa2 = new Float64Array(ntypes),
    n = new Float64Array(ntypes);
  const env = new Float64Array(nnei * ncomp),
    envD = new Float64Array(nnei * ncomp * 3),
    rij = new Float64Array(nnei * 3);
  for (const fr of frames) {
    for (let i = 0; i < fr.nloc; i++) {
      envMat(p, i, 1, fr.nlist.subarray(i * nnei, (i + 1) * nnei), fr.xAll, fr.type, env, envD, rij);
      const t = fr.type[i];
      for (let s = 0; s < nnei; s++) {
        const r = env[s * ncomp];
        sr[t] += r;
        sr2[t] += r * r;
        for (let c = 1; c < ncomp; c++) {
          const a = env[s * ncomp + c];
          sa[t] += a;
          sa2[t] += a * a;
        }
      }
      n[t] += nnei;
    }
  }
  const std = (s2: number, s: number, m: number): number => {
    if (m === 0) return 1 / cut.rcut;
    let v = Math.sqrt(Math.max(0, s2 / m - (s / m) ** 2));
    if (Math.abs(v) < protect) v = protect;
    return v;
  };
  const davg = new Float64Array(ntypes * nnei * ncomp),
    dstd = new Float64Array(ntypes * nnei * ncomp);
  for (let t = 0; t < ntypes; t++) {
    const avgR = setDavgZero || n[t] === 0 ? 0 : sr[t] / n[t];
    const stdR = std(sr2[t], sr[t], n[t]),
      stdA = std(sa2[t] / 3, sa[t] / 3, n[t]);
    for (let s = 0; s < nnei; s++) {
      const o = (t * nnei + s) * ncomp;
      davg[o] = avgR;
      dstd[o] = stdR;
      for (let c = 1; c < ncomp; c++) {
        davg[o + c] = 0;
        dstd[o + c] = stdA;
      }
    }
  }
  return { davg, dstd };
}

/** Symmetric eigen-decomposition (cyclic Jacobi) of a k x k matrix; returns eigenvalues, vectors as columns of V. */
function jacobiEigen(A: Float64Array, k: number): { w: Float64Array; V: Float64Array } {
  const a = Float64Array.from(A),
    V = new Float64Array(k * k);
  for (let i = 0; i < k; i++) V[i * k + i] = 1;
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    for (let p = 0; p < k; p++) for (let q = p + 1; q < k; q++) off += a[p * k + q] ** 2;
    if (off < 1e-30) break;
    for (let p = 0; p < k; p++)
      for (let q = p + 1; q < k; q++) {
        const apq = a[p * k + q];
        if (Math.abs(apq) < 1e-300) continue;
        const theta = (a[q * k + q] - a[p * k + p]) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1),
          s = t * c;
        for (let r = 0; r < k; r++) {
          const arp = a[r * k + p],
            arq = a[r * k + q];
          a[r * k + p] = c * arp - s * arq;
          a[r * k + q] = s * arp + c * arq;
        }
        for (let r = 0; r < k; r++) {
          const apr = a[p * k + r],
            aqr = a[q * k + r];
          a[p * k + r] = c * apr - s * aqr;
          a[q * k + r] = s * apr + c * aqr;
        }
        for (let r = 0; r < k; r++) {
          const vrp = V[r * k + p],
            vrq = V[r * k + q];
          V[r * k + p] = c * vrp - s * vrq;
          V[r * k + q] = s * vrp + c * vrq;
        }
      }
  }
  return { w: Float64Array.from({ length: k }, (_, i) => a[i * k + i]), V };
}

/**
 * Minimum-norm least squares b (ntypes) for sum_t A[f, t] b[t] = E[f]: b = pinv(A^T A) A^T E, singular
 * values below rcond * max (default 1e-10 relative on A^T A's eigenvalues) dropped.
 */
export function energyBias(
  counts: Float64Array[],
  energies: number[],
  ntypes: number,
  rcond: number | null = null,
): Float64Array {
  const AtA = new Float64Array(ntypes * ntypes),
    AtE = new Float64Array(ntypes);
  counts.forEach((c, f) => {
    for (let i = 0; i < ntypes; i++) {
      AtE[i] += c[i] * energies[f];
      for (let j = 0; j < ntypes; j++) AtA[i * ntypes + j] += c[i] * c[j];
    }
  });
  const { w, V } = jacobiEigen(AtA, ntypes);
  const wmax = Math.max(...w.map(Math.abs));
  const tol = (rcond ?? 1e-10) ** (rcond === null ? 1 : 2) * wmax;
  const b = new Float64Array(ntypes);
  for (let e = 0; e < ntypes; e++) {
    if (!(Math.abs(w[e]) > tol)) continue;
    let proj = 0;
    for (let i = 0; i < ntypes; i++) proj += V[i * ntypes + e] * AtE[i];
    for (let i = 0; i < ntypes; i++) b[i] += (V[i * ntypes + e] * proj) / w[e];
  }
  return b;
}
