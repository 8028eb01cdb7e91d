/**
 * Dense networks of DeePMD-kit bound to flat Float64Array kernels.
 *
 * Layer rule (DeePMD-kit NativeLayer): y = act(x W + b) * idt, then + x when the width is unchanged and
 * + [x, x] when it doubles (only when the layer's `resnet` flag is set; also for a first layer 1 -> 2).
 *
 * Two kernels:
 *  - embedForwardD: scalar-input nets (embedding), forward value G and forward-mode derivative dG/ds in one
 *    pass (no activations stored: the input is one scalar per row, so dG/ds is one extra row per row);
 *  - mlpForward / mlpBackward: fitting nets, reverse mode with the pre-activations kept per layer.
 * All loops are allocation-free; callers own the buffers.
 */
import type { Activation, NetSpec } from './spec.js';

export const ACT_TANH = 0, ACT_NONE = 1, ACT_RELU = 2, ACT_RELU6 = 3, ACT_SOFTPLUS = 4, ACT_SIGMOID = 5, ACT_GELU = 6;

const ACT_CODE: Record<Activation, number> = {
  tanh: ACT_TANH, none: ACT_NONE, linear: ACT_NONE, relu: ACT_RELU, relu6: ACT_RELU6, softplus: ACT_SOFTPLUS,
  sigmoid: ACT_SIGMOID, gelu: ACT_GELU, gelu_tf: ACT_GELU,
};

export interface BoundLayer {
  nin: number;
  nout: number;
  /** nin x nout row-major. */
  w: Float64Array;
  /** nout x nin (W transposed: column j of W contiguous, for dot-product kernels). */
  wT: Float64Array;
  /** nout (zeros when the layer has no bias). */
  b: Float64Array;
  /** nout (ones when no timestep). */
  idt: Float64Array;
  act: number;
  /** 0 none, 1 identity (+x), 2 concat (+[x, x]). */
  res: number;
}

export interface BoundNet {
  layers: BoundLayer[];
  nin: number;
  nout: number;
  /** Largest layer width (incl. the input). */
  maxWidth: number;
}

function transpose(w: Float64Array, nin: number, nout: number): Float64Array {
  const t = new Float64Array(nin * nout);
  for (let k = 0; k < nin; k++) for (let j = 0; j < nout; j++) t[j * nin + k] = w[k * nout + j];
  return t;
}

export function bindNet(n: NetSpec): BoundNet {
  const layers = n.layers.map((l): BoundLayer => ({
    nin: l.nin, nout: l.nout, w: Float64Array.from(l.w), wT: transpose(l.w, l.nin, l.nout),
    b: l.b ? Float64Array.from(l.b) : new Float64Array(l.nout),
    idt: l.idt ? Float64Array.from(l.idt) : new Float64Array(l.nout).fill(1),
    act: ACT_CODE[l.activation],
    res: !l.resnet ? 0 : l.nout === l.nin ? 1 : l.nout === 2 * l.nin ? 2 : 0,
  }));
  let maxWidth = n.inDim;
  for (const l of layers) maxWidth = Math.max(maxWidth, l.nout);
  return { layers, nin: n.inDim, nout: layers[layers.length - 1].nout, maxWidth };
}

const SQRT_2_PI = Math.sqrt(2 / Math.PI);

/** act(z). */
function actValue(act: number, z: number): number {
  switch (act) {
    case ACT_TANH: return Math.tanh(z);
    case ACT_NONE: return z;
    case ACT_RELU: return z > 0 ? z : 0;
    case ACT_RELU6: return z > 0 ? (z < 6 ? z : 6) : 0;
    case ACT_SOFTPLUS: return z > 30 ? z : Math.log1p(Math.exp(z));
    case ACT_SIGMOID: return 1 / (1 + Math.exp(-z));
    default: return 0.5 * z * (1 + Math.tanh(SQRT_2_PI * (z + 0.044715 * z * z * z)));
  }
}

/** d act / dz at z, given y = act(z). */
function actDeriv(act: number, z: number, y: number): number {
  switch (act) {
    case ACT_TANH: return 1 - y * y;
    case ACT_NONE: return 1;
    case ACT_RELU: return z > 0 ? 1 : 0;
    case ACT_RELU6: return z > 0 && z < 6 ? 1 : 0;
    case ACT_SOFTPLUS: return 1 / (1 + Math.exp(-z));
    case ACT_SIGMOID: return y * (1 - y);
    default: {
      const u = SQRT_2_PI * (z + 0.044715 * z * z * z);
      const t = Math.tanh(u);
      return 0.5 * (1 + t) + 0.5 * z * (1 - t * t) * SQRT_2_PI * (1 + 3 * 0.044715 * z * z);
    }
  }
}

/**
 * One layer on n rows with its forward-mode derivative:
 * x, dx: n x nin (at xo); y, dy: n x nout (at yo).
 */
function layerForwardD(L: BoundLayer, x: Float64Array, dx: Float64Array, xo: number, n: number,
  y: Float64Array, dy: Float64Array, yo: number): void {
  const nin = L.nin, nout = L.nout, wT = L.wT, b = L.b;
  // z = x W + b and dz = dx W, four rows at a time: per output j, dot products of contiguous rows of
  // x/dx with row j of W^T (8 accumulators in registers, 9 loads per 16 flops).
  let r = 0;
  for (; r + 4 <= n; r += 4) {
    const x0 = xo + r * nin, x1 = x0 + nin, x2 = x1 + nin, x3 = x2 + nin;
    const y0 = yo + r * nout, y1 = y0 + nout, y2 = y1 + nout, y3 = y2 + nout;
    for (let j = 0; j < nout; j++) {
      const wo = j * nin;
      let a0 = b[j], a1 = a0, a2 = a0, a3 = a0, d0 = 0, d1 = 0, d2 = 0, d3 = 0;
      for (let k = 0; k < nin; k++) {
        const w = wT[wo + k];
        a0 += x[x0 + k] * w; a1 += x[x1 + k] * w; a2 += x[x2 + k] * w; a3 += x[x3 + k] * w;
        d0 += dx[x0 + k] * w; d1 += dx[x1 + k] * w; d2 += dx[x2 + k] * w; d3 += dx[x3 + k] * w;
      }
      y[y0 + j] = a0; y[y1 + j] = a1; y[y2 + j] = a2; y[y3 + j] = a3;
      dy[y0 + j] = d0; dy[y1 + j] = d1; dy[y2 + j] = d2; dy[y3 + j] = d3;
    }
  }
  for (; r < n; r++) {
    const xr = xo + r * nin, yr = yo + r * nout;
    for (let j = 0; j < nout; j++) {
      const wo = j * nin;
      let a = b[j], d = 0;
      for (let k = 0; k < nin; k++) { const w = wT[wo + k]; a += x[xr + k] * w; d += dx[xr + k] * w; }
      y[yr + j] = a; dy[yr + j] = d;
    }
  }
  activateD(L, x, dx, xo, n, y, dy, yo);
}

/** y = act(z) * idt (+ residual), dy = act'(z) dz * idt (+ residual), in place on rows holding z, dz. */
function activateD(L: BoundLayer, x: Float64Array, dx: Float64Array, xo: number, n: number,
  y: Float64Array, dy: Float64Array, yo: number): void {
  const nin = L.nin, nout = L.nout, idt = L.idt, act = L.act, res = L.res;
  for (let r = 0; r < n; r++) {
    const xr = xo + r * nin, yr = yo + r * nout;
    if (act === ACT_TANH) {
      for (let j = 0; j < nout; j++) {
        const t = Math.tanh(y[yr + j]);
        dy[yr + j] *= (1 - t * t) * idt[j];
        y[yr + j] = t * idt[j];
      }
    } else {
      for (let j = 0; j < nout; j++) {
        const z = y[yr + j], v = actValue(act, z);
        dy[yr + j] *= actDeriv(act, z, v) * idt[j];
        y[yr + j] = v * idt[j];
      }
    }
    if (res === 1) {
      for (let j = 0; j < nout; j++) { y[yr + j] += x[xr + j]; dy[yr + j] += dx[xr + j]; }
    } else if (res === 2) {
      for (let j = 0; j < nin; j++) {
        y[yr + j] += x[xr + j]; dy[yr + j] += dx[xr + j];
        y[yr + nin + j] += x[xr + j]; dy[yr + nin + j] += dx[xr + j];
      }
    }
  }
}

/** Scratch for embedForwardD: 4 buffers of maxRows x maxWidth. */
export class EmbedScratch {
  a: Float64Array; da: Float64Array; b: Float64Array; db: Float64Array; ones: Float64Array;
  constructor(maxRows: number, maxWidth: number) {
    const n = maxRows * maxWidth;
    this.a = new Float64Array(n); this.da = new Float64Array(n);
    this.b = new Float64Array(n); this.db = new Float64Array(n);
    this.ones = new Float64Array(maxRows).fill(1);
  }
}

/**
 * Embedding net on n scalar inputs s[so .. so+n) with forward-mode derivative.
 * g, dg: n x nout at go (G(s) and dG/ds).
 */
export function embedForwardD(net: BoundNet, s: Float64Array, so: number, n: number,
  g: Float64Array, dg: Float64Array, go: number, sc: EmbedScratch): void {
  const L = net.layers;
  let x = s, dx = sc.ones, xo = so; // (x, dx) feed layers >= 1
  let useA = true;
  for (let l = 0; l < L.length; l++) {
    const last = l === L.length - 1;
    const y = last ? g : useA ? sc.a : sc.b;
    const dy = last ? dg : useA ? sc.da : sc.db;
    const yo = last ? go : 0;
    if (l === 0) layerForwardD1(L[0], s, so, n, y, dy, yo);
    else layerForwardD(L[l], x, dx, xo, n, y, dy, yo);
    x = y; dx = dy; xo = yo;
    useA = !useA;
  }
}

/** First layer with scalar input at an offset (nin must be 1 when so != 0). */
function layerForwardD1(L: BoundLayer, s: Float64Array, so: number, n: number, y: Float64Array, dy: Float64Array, yo: number): void {
  if (L.nin !== 1) throw new Error('embedding net: first layer must take 1 input');
  const nout = L.nout, w = L.w, b = L.b, idt = L.idt, act = L.act, res = L.res;
  for (let r = 0; r < n; r++) {
    const sr = s[so + r], yr = yo + r * nout;
    for (let j = 0; j < nout; j++) {
      const z = sr * w[j] + b[j];
      const v = act === ACT_TANH ? Math.tanh(z) : actValue(act, z);
      const d = act === ACT_TANH ? 1 - v * v : actDeriv(act, z, v);
      y[yr + j] = v * idt[j];
      dy[yr + j] = d * w[j] * idt[j];
    }
    if (res === 1) { y[yr] += sr; dy[yr] += 1; }
    else if (res === 2) { y[yr] += sr; dy[yr] += 1; y[yr + 1] += sr; dy[yr + 1] += 1; }
  }
}

/** Per-layer storage for mlpForward/mlpBackward: xs[l] layer inputs (xs[L] = output), ds[l] = act'(z) * idt. */
export class MlpTape {
  xs: Float64Array[];
  ds: Float64Array[];
  ga: Float64Array;
  gb: Float64Array;
  constructor(net: BoundNet, readonly maxRows: number) {
    this.xs = [new Float64Array(maxRows * net.nin), ...net.layers.map((l) => new Float64Array(maxRows * l.nout))];
    this.ds = net.layers.map((l) => new Float64Array(maxRows * l.nout));
    this.ga = new Float64Array(maxRows * net.maxWidth);
    this.gb = new Float64Array(maxRows * net.maxWidth);
  }
}

/** z = x W + b for n rows (x: n x nin, z: n x nout), four rows at a time with W^T rows. */
function affine(L: BoundLayer, x: Float64Array, n: number, z: Float64Array): void {
  const nin = L.nin, nout = L.nout, wT = L.wT, b = L.b;
  let r = 0;
  for (; r + 4 <= n; r += 4) {
    const x0 = r * nin, x1 = x0 + nin, x2 = x1 + nin, x3 = x2 + nin;
    const y0 = r * nout;
    for (let j = 0; j < nout; j++) {
      const wo = j * nin;
      let a0 = b[j], a1 = a0, a2 = a0, a3 = a0;
      for (let k = 0; k < nin; k++) {
        const w = wT[wo + k];
        a0 += x[x0 + k] * w; a1 += x[x1 + k] * w; a2 += x[x2 + k] * w; a3 += x[x3 + k] * w;
      }
      z[y0 + j] = a0; z[y0 + nout + j] = a1; z[y0 + 2 * nout + j] = a2; z[y0 + 3 * nout + j] = a3;
    }
  }
  for (; r < n; r++) {
    const xr = r * nin, yr = r * nout;
    for (let j = 0; j < nout; j++) {
      const wo = j * nin;
      let a = b[j];
      for (let k = 0; k < nin; k++) a += x[xr + k] * wT[wo + k];
      z[yr + j] = a;
    }
  }
}

/** Forward on n rows of tape.xs[0] (n x nin); output in tape.xs[L] (n x nout). */
export function mlpForward(net: BoundNet, n: number, tape: MlpTape): void {
  const L = net.layers;
  for (let l = 0; l < L.length; l++) {
    const { nin, nout, idt, act, res } = L[l];
    const x = tape.xs[l], y = tape.xs[l + 1], ds = tape.ds[l];
    affine(L[l], x, n, y);
    for (let r = 0; r < n; r++) {
      const xr = r * nin, yr = r * nout;
      if (act === ACT_TANH) {
        for (let j = 0; j < nout; j++) {
          const t = Math.tanh(y[yr + j]);
          ds[yr + j] = (1 - t * t) * idt[j];
          y[yr + j] = t * idt[j];
        }
      } else {
        for (let j = 0; j < nout; j++) {
          const z = y[yr + j], v = actValue(act, z);
          ds[yr + j] = actDeriv(act, z, v) * idt[j];
          y[yr + j] = v * idt[j];
        }
      }
      if (res === 1) for (let j = 0; j < nout; j++) y[yr + j] += x[xr + j];
      else if (res === 2) for (let j = 0; j < nin; j++) { y[yr + j] += x[xr + j]; y[yr + nin + j] += x[xr + j]; }
    }
  }
}

/**
 * Reverse pass after mlpForward: gOut n x nout (d loss / d output) -> gIn n x nin (d loss / d input).
 */
export function mlpBackward(net: BoundNet, n: number, tape: MlpTape, gOut: Float64Array, gIn: Float64Array): void {
  const L = net.layers;
  let gy = gOut;
  for (let l = L.length - 1; l >= 0; l--) {
    const { nin, nout, w, res } = L[l];
    const ds = tape.ds[l];
    const gx = l === 0 ? gIn : gy === tape.ga ? tape.gb : tape.ga;
    const gz = tape.xs[l + 1]; // reuse the layer output buffer (forward values no longer needed)
    for (let q = 0; q < n * nout; q++) gz[q] = gy[q] * ds[q];
    // gx = gz W^T: per input k, dot products of gz rows with row k of W (four rows at a time)
    let r = 0;
    for (; r + 4 <= n; r += 4) {
      const g0 = r * nout, g1 = g0 + nout, g2 = g1 + nout, g3 = g2 + nout, xr = r * nin;
      for (let k = 0; k < nin; k++) {
        const wk = k * nout;
        let a0 = 0, a1 = 0, a2 = 0, a3 = 0;
        for (let j = 0; j < nout; j++) {
          const wkj = w[wk + j];
          a0 += gz[g0 + j] * wkj; a1 += gz[g1 + j] * wkj; a2 += gz[g2 + j] * wkj; a3 += gz[g3 + j] * wkj;
        }
        gx[xr + k] = a0; gx[xr + nin + k] = a1; gx[xr + 2 * nin + k] = a2; gx[xr + 3 * nin + k] = a3;
      }
    }
    for (; r < n; r++) {
      const yr = r * nout, xr = r * nin;
      for (let k = 0; k < nin; k++) {
        const wk = k * nout;
        let acc = 0;
        for (let j = 0; j < nout; j++) acc += gz[yr + j] * w[wk + j];
        gx[xr + k] = acc;
      }
    }
    if (res === 1) for (let q = 0; q < n * nout; q++) gx[q] += gy[q];
    else if (res === 2) {
      for (let rr = 0; rr < n; rr++) for (let j = 0; j < nin; j++) gx[rr * nin + j] += gy[rr * nout + j] + gy[rr * nout + nin + j];
    }
    gy = gx;
  }
}
