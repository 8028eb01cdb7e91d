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
import { gemmStrided } from '../nn/matmul.js';
import type { Activation, NetSpec } from './spec.js';

export const ACT_TANH = 0,
  ACT_NONE = 1,
  ACT_RELU = 2,
  ACT_RELU6 = 3,
  ACT_SOFTPLUS = 4,
  ACT_SIGMOID = 5,
  ACT_GELU = 6;

const ACT_CODE: Record<Activation, number> = {
  tanh: ACT_TANH,
  none: ACT_NONE,
  linear: ACT_NONE,
  relu: ACT_RELU,
  relu6: ACT_RELU6,
  softplus: ACT_SOFTPLUS,
  sigmoid: ACT_SIGMOID,
  gelu: ACT_GELU,
  gelu_tf: ACT_GELU,
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
  const layers = n.layers.map(
    (l): BoundLayer => ({
      nin: l.nin,
      nout: l.nout,
      w: Float64Array.from(l.w),
      wT: transpose(l.w, l.nin, l.nout),
      b: l.b ? Float64Array.from(l.b) : new Float64Array(l.nout),
      idt: l.idt ? Float64Array.from(l.idt) : new Float64Array(l.nout).fill(1),
      act: ACT_CODE[l.activation],
      res: !l.resnet ? 0 : l.nout === l.nin ? 1 : l.nout === 2 * l.nin ? 2 : 0,
    }),
  );
  let maxWidth = n.inDim;
  for (const l of layers) maxWidth = Math.max(maxWidth, l.nout);
  return { layers, nin: n.inDim, nout: layers[layers.length - 1].nout, maxWidth };
}

const SQRT_2_PI = Math.sqrt(2 / Math.PI);

/** act(z). */
function actValue(act: number, z: number): number {
  switch (act) {
    case ACT_TANH:
      return Math.tanh(z);
    case ACT_NONE:
      return z;
    case ACT_RELU:
      return z > 0 ? z : 0;
    case ACT_RELU6:
      return z > 0 ? (z < 6 ? z : 6) : 0;
    case ACT_SOFTPLUS:
      return z > 30 ? z : Math.log1p(Math.exp(z));
    case ACT_SIGMOID:
      return 1 / (1 + Math.exp(-z));
    default:
      return 0.5 * z * (1 + Math.tanh(SQRT_2_PI * (z + 0.044715 * z * z * z)));
  }
}

/** d act / dz at z, given y = act(z). */
function actDeriv(act: number, z: number, y: number): number {
  switch (act) {
    case ACT_TANH:
      return 1 - y * y;
    case ACT_NONE:
      return 1;
    case ACT_RELU:
      return z > 0 ? 1 : 0;
    case ACT_RELU6:
      return z > 0 && z < 6 ? 1 : 0;
    case ACT_SOFTPLUS:
      return 1 / (1 + Math.exp(-z));
    case ACT_SIGMOID:
      return y * (1 - y);
    default: {
      const u = SQRT_2_PI * (z + 0.044715 * z * z * z);
      const t = Math.tanh(u);
      return 0.5 * (1 + t) + 0.5 * z * (1 - t * t) * SQRT_2_PI * (1 + 3 * 0.044715 * z * z);
    }
  }
}

/**
 * out[oo + r*M + j] = (bias ? bias[j] : 0) + sum_k A[ao + r*K + k] * B[j*K + k]   (r < n, j < M)
 * i.e. out (n x M) = A (n x K) B^T with B (M x K) row-major. Register-blocked 2 rows x 4 columns
 * (8 accumulators, 6 loads per 16 flops): the fastest of 4x1, 4x2, 4x4, 2x4, 3x4, 2x6 measured in V8
 * (Node 20) on the 1600 x 240 fitting layer (scripts/bench_deepmd.ts notes).
 */
export function gemmABt(
  A: Float64Array,
  ao: number,
  n: number,
  K: number,
  B: Float64Array,
  M: number,
  out: Float64Array,
  oo: number,
  bias: Float64Array | null,
): void {
  const M4 = M - (M % 4);
  let r = 0;
  for (; r + 2 <= n; r += 2) {
    const x0 = ao + r * K,
      x1 = x0 + K,
      o0 = oo + r * M,
      o1 = o0 + M;
    let j = 0;
    for (; j < M4; j += 4) {
      const wa = j * K,
        wb = wa + K,
        wc = wb + K,
        wd = wc + K;
      let a0 = 0,
        a1 = 0,
        b0 = 0,
        b1 = 0,
        c0 = 0,
        c1 = 0,
        d0 = 0,
        d1 = 0;
      for (let k = 0; k < K; k++) {
        const p0 = A[x0 + k],
          p1 = A[x1 + k];
        let w = B[wa + k];
        a0 += p0 * w;
        a1 += p1 * w;
        w = B[wb + k];
        b0 += p0 * w;
        b1 += p1 * w;
        w = B[wc + k];
        c0 += p0 * w;
        c1 += p1 * w;
        w = B[wd + k];
        d0 += p0 * w;
        d1 += p1 * w;
      }
      if (bias !== null) {
        const ba = bias[j],
          bb = bias[j + 1],
          bc = bias[j + 2],
          bd = bias[j + 3];
        a0 += ba;
        a1 += ba;
        b0 += bb;
        b1 += bb;
        c0 += bc;
        c1 += bc;
        d0 += bd;
        d1 += bd;
      }
      out[o0 + j] = a0;
      out[o0 + j + 1] = b0;
      out[o0 + j + 2] = c0;
      out[o0 + j + 3] = d0;
      out[o1 + j] = a1;
      out[o1 + j + 1] = b1;
      out[o1 + j + 2] = c1;
      out[o1 + j + 3] = d1;
    }
    for (; j < M; j++) {
      const wa = j * K;
      let a0 = 0,
        a1 = 0;
      for (let k = 0; k < K; k++) {
        const w = B[wa + k];
        a0 += A[x0 + k] * w;
        a1 += A[x1 + k] * w;
      }
      const bj = bias !== null ? bias[j] : 0;
      out[o0 + j] = a0 + bj;
      out[o1 + j] = a1 + bj;
    }
  }
  for (; r < n; r++) {
    const x0 = ao + r * K,
      o0 = oo + r * M;
    for (let j = 0; j < M; j++) {
      const wa = j * K;
      let a0 = 0;
      for (let k = 0; k < K; k++) a0 += A[x0 + k] * B[wa + k];
      out[o0 + j] = a0 + (bias !== null ? bias[j] : 0);
    }
  }
}

/**
 * out[oo + r*M + j] = sum_k A[ao + r*K + k] * W[k*M + j] (+ bias[j])   (r < n, j < M), W (K x M) row-major:
 * the dense-layer product on the GEMM of src/nn/matmul.ts (the WebAssembly SIMD kernel for all but tiny
 * shapes). Same bits as gemmABt: each element summed from 0 over k in order, then the bias added once.
 * Measured on the water-size fitting layer (76 x 1600 x 240): 3-4x gemmABt's throughput.
 */
export function denseRows(
  A: Float64Array,
  ao: number,
  n: number,
  K: number,
  W: Float64Array,
  M: number,
  out: Float64Array,
  oo: number,
  bias: Float64Array | null,
): void {
  if (n <= 0) return;
  const a = ao === 0 ? A : A.subarray(ao, ao + n * K);
  const c = oo === 0 ? out : out.subarray(oo, oo + n * M);
  gemmStrided(n, M, K, a, K, 1, W, M, 1, c, false);
  if (bias !== null) {
    for (let r = 0, q = 0; r < n; r++) for (let j = 0; j < M; j++, q++) c[q] += bias[j];
  }
}

/**
 * One layer on n rows with its forward-mode derivative:
 * x, dx: n x nin (at xo); y, dy: n x nout (at yo).
 */
function layerForwardD(
  L: BoundLayer,
  x: Float64Array,
  dx: Float64Array,
  xo: number,
  n: number,
  y: Float64Array,
  dy: Float64Array,
  yo: number,
): void {
  // z = x W + b and dz = dx W
  denseRows(x, xo, n, L.nin, L.w, L.nout, y, yo, L.b);
  denseRows(dx, xo, n, L.nin, L.w, L.nout, dy, yo, null);
  activateD(L, x, dx, xo, n, y, dy, yo);
}

/** y = act(z) * idt (+ residual), dy = act'(z) dz * idt (+ residual), in place on rows holding z, dz. */
function activateD(
  L: BoundLayer,
  x: Float64Array,
  dx: Float64Array,
  xo: number,
  n: number,
  y: Float64Array,
  dy: Float64Array,
  yo: number,
): void {
  const nin = L.nin,
    nout = L.nout,
    idt = L.idt,
    act = L.act,
    res = L.res;
  for (let r = 0; r < n; r++) {
    const xr = xo + r * nin,
      yr = yo + r * nout;
    if (act === ACT_TANH) {
      for (let j = 0; j < nout; j++) {
        const t = Math.tanh(y[yr + j]);
        dy[yr + j] *= (1 - t * t) * idt[j];
        y[yr + j] = t * idt[j];
      }
    } else {
      for (let j = 0; j < nout; j++) {
        const z = y[yr + j],
          v = actValue(act, z);
        dy[yr + j] *= actDeriv(act, z, v) * idt[j];
        y[yr + j] = v * idt[j];
      }
    }
    if (res === 1) {
      for (let j = 0; j < nout; j++) {
        y[yr + j] += x[xr + j];
        dy[yr + j] += dx[xr + j];
      }
    } else if (res === 2) {
      for (let j = 0; j < nin; j++) {
        y[yr + j] += x[xr + j];
        dy[yr + j] += dx[xr + j];
        y[yr + nin + j] += x[xr + j];
        dy[yr + nin + j] += dx[xr + j];
      }
    }
  }
}

/** Scratch for embedForwardD: 4 buffers of maxRows x maxWidth. */
export class EmbedScratch {
  a: Float64Array;
  da: Float64Array;
  b: Float64Array;
  db: Float64Array;
  ones: Float64Array;
  constructor(maxRows: number, maxWidth: number) {
    const n = maxRows * maxWidth;
    this.a = new Float64Array(n);
    this.da = new Float64Array(n);
    this.b = new Float64Array(n);
    this.db = new Float64Array(n);
    this.ones = new Float64Array(maxRows).fill(1);
  }
}

/**
 * Embedding net on n scalar inputs s[so .. so+n) with forward-mode derivative.
 * g, dg: n x nout at go (G(s) and dG/ds).
 */
export function embedForwardD(
  net: BoundNet,
  s: Float64Array,
  so: number,
  n: number,
  g: Float64Array,
  dg: Float64Array,
  go: number,
  sc: EmbedScratch,
): void {
  const L = net.layers;
  let x = s,
    dx = sc.ones,
    xo = so; // (x, dx) feed layers >= 1
  let useA = true;
  for (let l = 0; l < L.length; l++) {
    const last = l === L.length - 1;
    const y = last ? g : useA ? sc.a : sc.b;
    const dy = last ? dg : useA ? sc.da : sc.db;
    const yo = last ? go : 0;
    if (l === 0) layerForwardD1(L[0], s, so, n, y, dy, yo);
    else layerForwardD(L[l], x, dx, xo, n, y, dy, yo);
    x = y;
    dx = dy;
    xo = yo;
    useA = !useA;
  }
}

/** First layer with scalar input at an offset (nin must be 1 when so != 0). */
function layerForwardD1(
  L: BoundLayer,
  s: Float64Array,
  so: number,
  n: number,
  y: Float64Array,
  dy: Float64Array,
  yo: number,
): void {
  if (L.nin !== 1) throw new Error('embedding net: first layer must take 1 input');
  const nout = L.nout,
    w = L.w,
    b = L.b,
    idt = L.idt,
    act = L.act,
    res = L.res;
  for (let r = 0; r < n; r++) {
    const sr = s[so + r],
      yr = yo + r * nout;
    for (let j = 0; j < nout; j++) {
      const z = sr * w[j] + b[j];
      const v = act === ACT_TANH ? Math.tanh(z) : actValue(act, z);
      const d = act === ACT_TANH ? 1 - v * v : actDeriv(act, z, v);
      y[yr + j] = v * idt[j];
      dy[yr + j] = d * w[j] * idt[j];
    }
    if (res === 1) {
      y[yr] += sr;
      dy[yr] += 1;
    } else if (res === 2) {
      y[yr] += sr;
      dy[yr] += 1;
      y[yr + 1] += sr;
      dy[yr + 1] += 1;
    }
  }
}

/** Per-layer storage for mlpForward/mlpBackward: xs[l] layer inputs (xs[L] = output), ds[l] = act'(z) * idt. */
export class MlpTape {
  xs: Float64Array[];
  ds: Float64Array[];
  ga: Float64Array;
  gb: Float64Array;
  constructor(
    net: BoundNet,
    readonly maxRows: number,
  ) {
    this.xs = [new Float64Array(maxRows * net.nin), ...net.layers.map((l) => new Float64Array(maxRows * l.nout))];
    this.ds = net.layers.map((l) => new Float64Array(maxRows * l.nout));
    this.ga = new Float64Array(maxRows * net.maxWidth);
    this.gb = new Float64Array(maxRows * net.maxWidth);
  }
}

/** z = x W + b for n rows (x: n x nin, z: n x nout). */
function affine(L: BoundLayer, x: Float64Array, n: number, z: Float64Array): void {
  denseRows(x, 0, n, L.nin, L.w, L.nout, z, 0, L.b);
}

/** Forward on n rows of tape.xs[0] (n x nin); output in tape.xs[L] (n x nout). */
export function mlpForward(net: BoundNet, n: number, tape: MlpTape): void {
  const L = net.layers;
  for (let l = 0; l < L.length; l++) {
    const { nin, nout, idt, act, res } = L[l];
    const x = tape.xs[l],
      y = tape.xs[l + 1],
      ds = tape.ds[l];
    affine(L[l], x, n, y);
    for (let r = 0; r < n; r++) {
      const xr = r * nin,
        yr = r * nout;
      if (act === ACT_TANH) {
        for (let j = 0; j < nout; j++) {
          const t = Math.tanh(y[yr + j]);
          ds[yr + j] = (1 - t * t) * idt[j];
          y[yr + j] = t * idt[j];
        }
      } else {
        for (let j = 0; j < nout; j++) {
          const z = y[yr + j],
            v = actValue(act, z);
          ds[yr + j] = actDeriv(act, z, v) * idt[j];
          y[yr + j] = v * idt[j];
        }
      }
      if (res === 1) for (let j = 0; j < nout; j++) y[yr + j] += x[xr + j];
      else if (res === 2)
        for (let j = 0; j < nin; j++) {
          y[yr + j] += x[xr + j];
          y[yr + nin + j] += x[xr + j];
        }
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
    const { nin, nout, wT, res } = L[l];
    const ds = tape.ds[l];
    const gx = l === 0 ? gIn : gy === tape.ga ? tape.gb : tape.ga;
    const gz = tape.xs[l + 1]; // reuse the layer output buffer (forward values no longer needed)
    for (let q = 0; q < n * nout; q++) gz[q] = gy[q] * ds[q];
    // gx = gz W^T: W^T (nout x nin) row-major is the right operand of denseRows
    denseRows(gz, 0, n, nout, wT, nin, gx, 0, null);
    if (res === 1) for (let q = 0; q < n * nout; q++) gx[q] += gy[q];
    else if (res === 2) {
      for (let rr = 0; rr < n; rr++)
        for (let j = 0; j < nin; j++) gx[rr * nin + j] += gy[rr * nout + j] + gy[rr * nout + nin + j];
    }
    gy = gx;
  }
}
