/**
 * Model compression (DeePMD-kit `dp compress`, deepmd/utils/tabulate.py): each se_e2_a embedding net
 * G(s), a map from the scalar s = R̃_j0 to ng features, is replaced by fifth-order piecewise
 * polynomials on a grid of s that match G, dG/ds and d²G/ds² at both ends of every interval.
 *
 * Grid (DeePMD-kit's two sub-tables): [lower, upper) with stride0 (default 0.01), then
 * [upper, extrapolate·upper) with stride1 (default 0.1). lower = floor(min over centre types and slots
 * of −davg/dstd) (padding), upper = ceil(max of (sw(d_min)/d_min − davg)/dstd), the largest s a
 * neighbor at the training data's minimum distance d_min produces (DeePMD-kit _get_env_mat_range).
 * Here upper is then rounded to lower + n0·stride0 so both strides tile their ranges exactly.
 *
 * Interval k, x = s − x_k ∈ [0, h): G_m(s) = Σ_{p=0..5} c[k, m, p] x^p with (DeePMD-kit's formulas)
 *   c0 = v0, c1 = d0, c2 = d2_0/2,
 *   c3 = (20Δ − (8d1 + 12d0)h − (3d2_0 − d2_1)h²) / (2h³),
 *   c4 = (−30Δ + (14d1 + 16d0)h + (3d2_0 − 2d2_1)h²) / (2h⁴),
 *   c5 = (12Δ − 6(d1 + d0)h + (d2_1 − d2_0)h²) / (2h⁵),       Δ = v1 − v0.
 * Beyond the table (s ≥ extrapolate·upper) the last polynomial is evaluated at its right end
 * (constant G); the evaluator counts such slots. Below lower: the first polynomial at x = 0.
 *
 * Stored in the descriptor's serialized dict under `compress` (a dpmd-ts layout modelled on DeePMD-kit's
 * PyTorch compress state: `compress_info` rows [lower, upper, max, stride0, stride1, check_frequency]
 * and one `compress_data_<k>` table per embedding net, nspline x (ng·6), c[k, m, p] at m·6 + p).
 */
import type { DescriptorSpec, ModelSpec, NetSpec } from './spec.js';
import { arr, checkKeys, fail, isDict, num, vars, type Dict } from './spec_read.js';
import { descriptorModule, descriptorNames } from './descriptors/registry.js';

export interface CompressTable {
  lower: number;
  /** End of the stride0 part (lower + n0·stride0). */
  upper: number;
  /** End of the table (upper + n1·stride1). */
  max: number;
  stride0: number;
  stride1: number;
  n0: number;
  n1: number;
  /** (n0 + n1) x ng x 6 polynomial coefficients. */
  data: Float64Array;
}

export interface CompressSpec {
  minNborDist: number;
  extrapolate: number;
  stride0: number;
  stride1: number;
  checkFrequency: number;
  /** One per embedding net (same indexing as DescriptorSpec.embeddings); null for cleared nets. */
  tables: (CompressTable | null)[];
}

export interface CompressOptions {
  /** Minimum neighbor distance of the training data (Å). */
  minNborDist: number;
  extrapolate?: number;
  stride0?: number;
  stride1?: number;
  checkFrequency?: number;
}

function smooth(r: number, rmin: number, rmax: number): number {
  if (r <= rmin) return 1;
  if (r >= rmax) return 0;
  const u = (r - rmin) / (rmax - rmin);
  return u * u * u * (-6 * u * u + 15 * u - 10) + 1;
}

/** DeePMD-kit's table range from davg/dstd: [floor(min(−davg/dstd, 0)), ceil(max((sw(d)/d − davg)/dstd))]. */
export function envMatRange(d: DescriptorSpec, minNborDist: number): [number, number] {
  const ncomp = descriptorModule(d).ncomp;
  const s = smooth(minNborDist, d.rcutSmth, d.rcut) / (minNborDist + d.envProtection);
  let lo = 0,
    hi = -Infinity;
  for (let q = 0; q < d.davg.length; q += ncomp) {
    lo = Math.min(lo, -d.davg[q] / d.dstd[q]);
    hi = Math.max(hi, (s - d.davg[q]) / d.dstd[q]);
  }
  return [Math.floor(lo), Math.ceil(Math.max(hi, 0))];
}

/**
 * G, dG/ds, d²G/ds² of an embedding net at n points xs: v, d1, d2 are n x ng.
 * Supports tanh and none/linear layers (what DeePMD-kit's tabulation of se_e2_a handles with tanh).
 */
export function embedSecondOrder(
  net: NetSpec,
  xs: Float64Array,
  v: Float64Array,
  d1: Float64Array,
  d2: Float64Array,
): void {
  const maxW = Math.max(1, ...net.layers.map((l) => l.nout));
  let x = new Float64Array(maxW),
    dx = new Float64Array(maxW),
    ddx = new Float64Array(maxW);
  let y = new Float64Array(maxW),
    dy = new Float64Array(maxW),
    ddy = new Float64Array(maxW);
  const ng = net.layers[net.layers.length - 1].nout;
  for (let p = 0; p < xs.length; p++) {
    x[0] = xs[p];
    dx[0] = 1;
    ddx[0] = 0;
    for (const L of net.layers) {
      if (L.activation !== 'tanh' && L.activation !== 'none' && L.activation !== 'linear') {
        throw new Error(`compress: activation '${L.activation}' is not supported (tanh, none)`);
      }
      const tanh = L.activation === 'tanh';
      for (let j = 0; j < L.nout; j++) {
        let z = L.b ? L.b[j] : 0,
          dz = 0,
          ddz = 0;
        for (let k = 0; k < L.nin; k++) {
          const w = L.w[k * L.nout + j];
          z += x[k] * w;
          dz += dx[k] * w;
          ddz += ddx[k] * w;
        }
        const idt = L.idt ? L.idt[j] : 1;
        if (tanh) {
          const t = Math.tanh(z),
            g1 = 1 - t * t;
          y[j] = t * idt;
          dy[j] = g1 * dz * idt;
          ddy[j] = (-2 * t * g1 * dz * dz + g1 * ddz) * idt;
        } else {
          y[j] = z * idt;
          dy[j] = dz * idt;
          ddy[j] = ddz * idt;
        }
      }
      if (L.resnet && (L.nout === L.nin || L.nout === 2 * L.nin)) {
        for (let j = 0; j < L.nout; j++) {
          const k = j % L.nin;
          y[j] += x[k];
          dy[j] += dx[k];
          ddy[j] += ddx[k];
        }
      }
      [x, y] = [y, x];
      [dx, dy] = [dy, dx];
      [ddx, ddy] = [ddy, ddx];
    }
    v.set(x.subarray(0, ng), p * ng);
    d1.set(dx.subarray(0, ng), p * ng);
    d2.set(ddx.subarray(0, ng), p * ng);
  }
}

/** Tabulate one embedding net on [lower, upper) by stride0 and [upper, max) by stride1. */
export function tabulateNet(
  net: NetSpec,
  lower: number,
  upperRaw: number,
  maxRaw: number,
  stride0: number,
  stride1: number,
): CompressTable {
  const n0 = Math.max(1, Math.ceil((upperRaw - lower) / stride0 - 1e-9));
  const upper = lower + n0 * stride0;
  const n1 = Math.max(1, Math.ceil((maxRaw - upper) / stride1 - 1e-9));
  const max = upper + n1 * stride1;
  const npt = n0 + n1 + 1;
  const xs = new Float64Array(npt);
  for (let k = 0; k <= n0; k++) xs[k] = lower + k * stride0;
  for (let k = 1; k <= n1; k++) xs[n0 + k] = upper + k * stride1;
  const ng = net.layers[net.layers.length - 1].nout;
  const v = new Float64Array(npt * ng),
    d1 = new Float64Array(npt * ng),
    d2 = new Float64Array(npt * ng);
  embedSecondOrder(net, xs, v, d1, d2);
  const data = new Float64Array((n0 + n1) * ng * 6);
  for (let k = 0; k < n0 + n1; k++) {
    const h = xs[k + 1] - xs[k],
      h2 = h * h,
      h3 = h2 * h,
      h4 = h3 * h,
      h5 = h4 * h;
    for (let m = 0; m < ng; m++) {
      const a = k * ng + m,
        b = a + ng;
      const dv = v[b] - v[a],
        da = d1[a],
        db = d1[b],
        sa = d2[a],
        sb = d2[b];
      const o = (k * ng + m) * 6;
      data[o] = v[a];
      data[o + 1] = da;
      data[o + 2] = 0.5 * sa;
      data[o + 3] = (20 * dv - (8 * db + 12 * da) * h - (3 * sa - sb) * h2) / (2 * h3);
      data[o + 4] = (-30 * dv + (14 * db + 16 * da) * h + (3 * sa - 2 * sb) * h2) / (2 * h4);
      data[o + 5] = (12 * dv - 6 * (db + da) * h + (sb - sa) * h2) / (2 * h5);
    }
  }
  return { lower, upper, max, stride0, stride1, n0, n1, data };
}

/** Tables for every embedding net of an se_e2_a model (DeePMD-kit defaults: extrapolate 5, strides 0.01 / 0.1). */
export function buildCompression(spec: ModelSpec, o: CompressOptions): CompressSpec {
  const d = spec.descriptor;
  if (!descriptorModule(d).compressible) {
    throw new Error(
      `compress: descriptor '${d.type}' is not supported (compressible: ${descriptorNames((m) => m.compressible).join(', ')})`,
    );
  }
  if (!(o.minNborDist > 0)) throw new Error(`compress: min_nbor_dist must be > 0, got ${o.minNborDist}`);
  const extrapolate = o.extrapolate ?? 5,
    stride0 = o.stride0 ?? 0.01,
    stride1 = o.stride1 ?? 0.1;
  if (!(stride0 > 0 && stride1 > 0 && extrapolate >= 1))
    throw new Error('compress: need step > 0 and extrapolate >= 1');
  const [lower, upper] = envMatRange(d, o.minNborDist);
  const max = Math.max(extrapolate * upper, upper + stride1);
  return {
    minNborDist: o.minNborDist,
    extrapolate,
    stride0,
    stride1,
    checkFrequency: o.checkFrequency ?? -1,
    tables: d.embeddings.map((net) => (net ? tabulateNet(net, lower, upper, max, stride0, stride1) : null)),
  };
}

/** The compression tables a descriptor spec carries, or null (none, or a descriptor without tables). */
export function compressionOf(d: DescriptorSpec): CompressSpec | null {
  return d.compress ?? null;
}

/** Copy of spec with compression tables attached to the descriptor. */
export function compressModel(spec: ModelSpec, o: CompressOptions): ModelSpec {
  return { ...spec, descriptor: { ...spec.descriptor, compress: buildCompression(spec, o) } as DescriptorSpec };
}

/**
 * Row offset and local coordinate of s in a table: returns the coefficient offset (k·ng·6) and writes
 * x = s − x_k to loc[0]. Outside [lower, max): clamps (the caller may count s >= max).
 */
export function locate(t: CompressTable, ng: number, s: number, loc: Float64Array): number {
  let k: number, x: number;
  if (s < t.lower) {
    k = 0;
    x = 0;
  } else if (s < t.upper) {
    k = Math.floor((s - t.lower) / t.stride0);
    if (k >= t.n0) k = t.n0 - 1;
    x = s - (t.lower + k * t.stride0);
  } else if (s < t.max) {
    let q = Math.floor((s - t.upper) / t.stride1);
    if (q >= t.n1) q = t.n1 - 1;
    k = t.n0 + q;
    x = s - (t.upper + q * t.stride1);
  } else {
    k = t.n0 + t.n1 - 1;
    x = t.stride1;
  }
  loc[0] = x;
  return k * ng * 6;
}

/** The descriptor's `compress` entry (dpmd-ts layout, see compress.ts). */
export function compressFromDict(c: unknown, nets: (NetSpec | null)[], ng: number): CompressSpec {
  const cls = 'Descriptor compress';
  if (!isDict(c)) fail(cls, 'compress', 'expected a mapping');
  checkKeys(c, cls, ['@version', '@variables', 'min_nbor_dist', 'table_config']);
  const cfg = c.table_config;
  if (!Array.isArray(cfg) || cfg.length !== 4 || !cfg.every((x) => typeof x === 'number' && Number.isFinite(x))) {
    fail(cls, 'table_config', 'expected [extrapolate, stride0, stride1, check_frequency]');
  }
  const v = vars(c, cls);
  const info = arr(v.compress_info, cls, 'compress_info', nets.length * 6).data;
  const tables = nets.map((net, k): CompressTable | null => {
    if (!net) return null;
    const [lower, upper, max, stride0, stride1] = info.subarray(6 * k, 6 * k + 5);
    const n0 = Math.round((upper - lower) / stride0),
      n1 = Math.round((max - upper) / stride1);
    if (!(stride0 > 0 && stride1 > 0 && n0 >= 1 && n1 >= 1)) fail(cls, 'compress_info', `bad table range for net ${k}`);
    const data = arr(v[`compress_data_${k}`], cls, `compress_data_${k}`, (n0 + n1) * ng * 6).data;
    return { lower, upper, max, stride0, stride1, n0, n1, data };
  });
  return {
    minNborDist: num(c, cls, 'min_nbor_dist'),
    extrapolate: cfg[0],
    stride0: cfg[1],
    stride1: cfg[2],
    checkFrequency: cfg[3],
    tables,
  };
}

export function compressToDict(c: CompressSpec, ng: number): Dict {
  const info = new Float64Array(c.tables.length * 6);
  const variables: Dict = {};
  c.tables.forEach((t, k) => {
    if (!t) return;
    info.set([t.lower, t.upper, t.max, t.stride0, t.stride1, c.checkFrequency], 6 * k);
    variables[`compress_data_${k}`] = { shape: [t.n0 + t.n1, ng * 6], data: Float64Array.from(t.data) };
  });
  variables.compress_info = { shape: [c.tables.length, 6], data: info };
  return {
    '@version': 1,
    min_nbor_dist: c.minNborDist,
    table_config: [c.extrapolate, c.stride0, c.stride1, c.checkFrequency],
    '@variables': variables,
  };
}
