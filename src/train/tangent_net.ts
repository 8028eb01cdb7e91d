/**
 * A trainable DeePMD-kit network (embedding or fitting net) that runs in "dual" mode: every layer
 * carries values and a forward-mode tangent, and the reverse pass differentiates BOTH with respect to
 * the parameters. This is how training gets the parameter gradient of the force loss without a
 * general autodiff: the force term of the loss is a directional derivative of the energy (see
 * engine.ts), so its parameter gradient is reverse mode through a forward-mode (tangent) pass
 * (forward-over-reverse = reverse-over-forward for this scalar).
 *
 * Layer (DeePMD-kit NativeLayer): z = x W + b, y = act(z) * idt + res(x), res = x (same width),
 * [x, x] (width doubles) or 0. Tangents: zd = xd W, yd = act'(z) zd idt + res(xd).
 * Reverse with adjoints (yb, ydb) of (y, yd):
 *   zdb = ydb idt act'(z);   zb = yb idt act'(z) + ydb idt zd act''(z)
 *   idt_b += yb act(z) + ydb act'(z) zd;   W_b += x^T zb + xd^T zdb;   b_b += sum zb
 *   xb = zb W^T + res^T(yb);  xdb = zdb W^T + res^T(ydb)
 * Activations: tanh (act' = 1 - t^2, act'' = -2 t act') and linear ('none'/'linear').
 * Shapes: n rows, row-major; parameters are src/nn Params (w: nin x nout, Keras layout) updated by
 * src/nn's Adam. Matrix products are src/nn/matmul.ts.
 */
import { matmul, matmulTA, matmulTB } from '../nn/matmul.js';
import { makeParam, type Param } from '../nn/param.js';

export interface TangentLayer {
  nin: number;
  nout: number;
  w: Param;
  b: Param;
  idt: Param | null;
  /** true: tanh, false: linear. */
  tanh: boolean;
  /** 0 none, 1 +x, 2 +[x, x]. */
  res: number;
  /** Serialisation flags (DeePMD-kit Layer). */
  resnetFlag: boolean;
  activation: string;
}

/** Per-layer storage of one dual forward, for up to maxRows rows. */
export class NetTape {
  /** X[l]: input of layer l (n x nin_l); X[L] = output. Xd: tangents. */
  X: Float64Array[];
  Xd: Float64Array[];
  /** T[l]: act(z) of layer l (n x nout_l); Zd[l]: zd. */
  T: Float64Array[];
  Zd: Float64Array[];
  /** Reverse scratch (n x maxWidth each). */
  gA: Float64Array;
  gB: Float64Array;
  gdA: Float64Array;
  gdB: Float64Array;
  zb: Float64Array;
  zdb: Float64Array;
  /** With `scratchFrom` (a tape of the same net and at least as many rows) the reverse scratch is shared. */
  constructor(
    net: TangentNet,
    readonly maxRows: number,
    scratchFrom?: NetTape,
  ) {
    const L = net.layers;
    this.X = [new Float64Array(maxRows * net.nin), ...L.map((l) => new Float64Array(maxRows * l.nout))];
    this.Xd = [new Float64Array(maxRows * net.nin), ...L.map((l) => new Float64Array(maxRows * l.nout))];
    this.T = L.map((l) => new Float64Array(maxRows * l.nout));
    this.Zd = L.map((l) => new Float64Array(maxRows * l.nout));
    const m = maxRows * net.maxWidth;
    if (scratchFrom && scratchFrom.maxRows >= maxRows) {
      const o = scratchFrom;
      this.gA = o.gA;
      this.gB = o.gB;
      this.gdA = o.gdA;
      this.gdB = o.gdB;
      this.zb = o.zb;
      this.zdb = o.zdb;
    } else {
      this.gA = new Float64Array(m);
      this.gB = new Float64Array(m);
      this.gdA = new Float64Array(m);
      this.gdB = new Float64Array(m);
      this.zb = new Float64Array(m);
      this.zdb = new Float64Array(m);
    }
  }
}

export class TangentNet {
  readonly layers: TangentLayer[] = [];
  readonly nin: number;
  readonly nout: number;
  readonly maxWidth: number;

  constructor(layers: TangentLayer[]) {
    this.layers = layers;
    this.nin = layers[0].nin;
    this.nout = layers[layers.length - 1].nout;
    this.maxWidth = Math.max(this.nin, ...layers.map((l) => l.nout));
  }

  params(): Param[] {
    const out: Param[] = [];
    for (const l of this.layers) {
      out.push(l.w, l.b);
      if (l.idt) out.push(l.idt);
    }
    return out;
  }

  /**
   * Dual forward on n rows of tape.X[0] (values) and tape.Xd[0] (tangents; ignored when !tangent).
   * Output in tape.X[L] / tape.Xd[L].
   */
  forward(tape: NetTape, n: number, tangent: boolean): void {
    const L = this.layers;
    for (let l = 0; l < L.length; l++) {
      const { nin, nout, w, b, idt, tanh, res } = L[l];
      const x = tape.X[l],
        xd = tape.Xd[l],
        t = tape.T[l],
        zd = tape.Zd[l],
        y = tape.X[l + 1],
        yd = tape.Xd[l + 1];
      matmul(n, nin, nout, x, w.value, t, false);
      if (tangent) matmul(n, nin, nout, xd, w.value, zd, false);
      const bv = b.value,
        iv = idt ? idt.value : null;
      for (let r = 0; r < n; r++) {
        const ro = r * nout,
          xo = r * nin;
        for (let j = 0; j < nout; j++) {
          const z = t[ro + j] + bv[j];
          const a = tanh ? Math.tanh(z) : z;
          t[ro + j] = a;
          const s = iv ? iv[j] : 1;
          y[ro + j] = a * s;
          if (tangent) yd[ro + j] = (tanh ? 1 - a * a : 1) * zd[ro + j] * s;
        }
        if (res === 1) {
          for (let j = 0; j < nout; j++) {
            y[ro + j] += x[xo + j];
            if (tangent) yd[ro + j] += xd[xo + j];
          }
        } else if (res === 2) {
          for (let j = 0; j < nin; j++) {
            y[ro + j] += x[xo + j];
            y[ro + nin + j] += x[xo + j];
            if (tangent) {
              yd[ro + j] += xd[xo + j];
              yd[ro + nin + j] += xd[xo + j];
            }
          }
        }
      }
    }
  }

  /**
   * Reverse of the last forward. yb (n x nout): adjoint of the output values; ydb: adjoint of the
   * output tangents or null (first-order reverse only). Accumulates parameter gradients into
   * Param.grad when paramGrads. Writes the input adjoints into xb / xdb when they are not null.
   */
  backward(
    tape: NetTape,
    n: number,
    yb: Float64Array,
    ydb: Float64Array | null,
    paramGrads: boolean,
    xb: Float64Array | null,
    xdb: Float64Array | null,
  ): void {
    const L = this.layers;
    let gy: Float64Array = yb,
      gyd: Float64Array | null = ydb;
    for (let l = L.length - 1; l >= 0; l--) {
      const { nin, nout, w, b, idt, tanh, res } = L[l];
      const x = tape.X[l],
        xd = tape.Xd[l],
        t = tape.T[l],
        zd = tape.Zd[l];
      const zb = tape.zb,
        zdb = tape.zdb;
      const iv = idt ? idt.value : null,
        ig = idt ? idt.grad : null;
      for (let r = 0; r < n; r++) {
        const ro = r * nout;
        for (let j = 0; j < nout; j++) {
          const q = ro + j;
          const a = t[q],
            s = iv ? iv[j] : 1;
          const d1 = tanh ? 1 - a * a : 1;
          let v = gy[q] * s * d1;
          if (gyd) {
            const d2 = tanh ? -2 * a * d1 : 0;
            v += gyd[q] * s * zd[q] * d2;
            zdb[q] = gyd[q] * s * d1;
            if (ig && paramGrads) ig[j] += gy[q] * a + gyd[q] * d1 * zd[q];
          } else if (ig && paramGrads) ig[j] += gy[q] * a;
          zb[q] = v;
        }
      }
      if (paramGrads) {
        matmulTA(n, nin, nout, x, zb, w.grad, true);
        if (gyd) matmulTA(n, nin, nout, xd, zdb, w.grad, true);
        const bg = b.grad;
        for (let r = 0; r < n; r++) {
          const ro = r * nout;
          for (let j = 0; j < nout; j++) bg[j] += zb[ro + j];
        }
      }
      if (l === 0 && !xb && !xdb) break;
      const outX = l === 0 ? xb : gy === tape.gA ? tape.gB : tape.gA;
      const outXd = gyd === null ? null : l === 0 ? xdb : gyd === tape.gdA ? tape.gdB : tape.gdA;
      if (outX) {
        matmulTB(n, nout, nin, zb, w.value, outX, false);
        addRes(res, n, nin, nout, gy, outX);
      }
      if (outXd && gyd) {
        matmulTB(n, nout, nin, zdb, w.value, outXd, false);
        addRes(res, n, nin, nout, gyd, outXd);
      }
      if (l === 0) break;
      gy = outX!;
      gyd = outXd;
    }
  }
}

function addRes(res: number, n: number, nin: number, nout: number, gy: Float64Array, gx: Float64Array): void {
  if (res === 1) for (let q = 0; q < n * nout; q++) gx[q] += gy[q];
  else if (res === 2) {
    for (let r = 0; r < n; r++)
      for (let j = 0; j < nin; j++) gx[r * nin + j] += gy[r * nout + j] + gy[r * nout + nin + j];
  }
}

/** Layer with fresh Params named `${name}.layer${l}.{w,b,idt}`. */
export function makeTangentLayer(
  name: string,
  nin: number,
  nout: number,
  opts: { tanh: boolean; resnet: boolean; timestep: boolean },
): TangentLayer {
  const res = !opts.resnet ? 0 : nout === nin ? 1 : nout === 2 * nin ? 2 : 0;
  return {
    nin,
    nout,
    w: makeParam(`${name}.w`, [nin, nout]),
    b: makeParam(`${name}.b`, [nout]),
    idt: opts.timestep ? makeParam(`${name}.idt`, [nout]) : null,
    tanh: opts.tanh,
    res,
    resnetFlag: opts.resnet,
    activation: opts.tanh ? 'tanh' : 'none',
  };
}
