import { Dense } from './dense.js';
import { BatchNorm } from './batch_norm.js';
import { activationBackward, activationForward, type ActivationName } from './activation.js';
import { moveParam, type Param } from './param.js';
import type { Rng } from './rng.js';

/** Options of a feed-forward network with optional batch normalisation. */
export interface BnMlpOptions {
  /** Widths [nIn, h1, ..., hL, nOut]; at least [nIn, nOut]. */
  sizes: number[];
  /** Hidden activation (default relu). */
  activation?: ActivationName;
  /** Batch-normalise the input (default true). */
  inputBn?: boolean;
  /** Batch-normalise hidden pre-activations (default true). */
  hiddenBn?: boolean;
  /** Batch-normalise the output (default true). */
  outputBn?: boolean;
  /** Bias on hidden dense layers (default: !hiddenBn, a bias before BN is redundant). */
  hiddenBias?: boolean;
  /** Bias on the output dense layer (default true). */
  outputBias?: boolean;
  bnMomentum?: number;
  bnEps?: number;
  /** BN gamma ~ U[lo, hi) at init (default [1, 1]). */
  bnGammaRange?: [number, number];
  /** BN beta ~ N(0, std^2) at init (default 0). */
  bnBetaStd?: number;
  name?: string;
}

/**
 * Feed-forward network  [bn] -> (dense -> [bn] -> act) x L -> dense -> [bn],
 * the Deep BSDE / deep control subnetwork (Han, Jentzen & E 2018) and a plain MLP when BN is off.
 * Shapes: input batch x sizes[0], output batch x sizes[L+1]. Activations are cached per call so
 * backward() follows the latest forward(); buffers grow to the largest batch and are then reused.
 */
export class BnMlp {
  readonly dense: Dense[] = [];
  readonly bn: (BatchNorm | null)[] = []; // bn[0] input, bn[l] after dense l-1 (l = 1..L+1)
  readonly activation: ActivationName;
  readonly nIn: number;
  readonly nOut: number;
  private cap = 0;
  private h0 = new Float64Array(0); // input after input-BN
  private pre: Float64Array[] = []; // dense outputs, per dense layer
  private post: Float64Array[] = []; // after bn (+ act for hidden), per dense layer
  private gA = new Float64Array(0);
  private gB = new Float64Array(0);
  private xIn: Float64Array = new Float64Array(0);
  private readonly opts: Required<Omit<BnMlpOptions, 'hiddenBias'>> & { hiddenBias: boolean };

  constructor(options: BnMlpOptions) {
    const s = options.sizes;
    if (s.length < 2) throw new Error('BnMlp: sizes needs at least [nIn, nOut]');
    const hiddenBn = options.hiddenBn ?? true;
    this.opts = {
      sizes: [...s],
      activation: options.activation ?? 'relu',
      inputBn: options.inputBn ?? true,
      hiddenBn,
      outputBn: options.outputBn ?? true,
      hiddenBias: options.hiddenBias ?? !hiddenBn,
      outputBias: options.outputBias ?? true,
      bnMomentum: options.bnMomentum ?? 0.99,
      bnEps: options.bnEps ?? 1e-3,
      bnGammaRange: options.bnGammaRange ?? [1, 1],
      bnBetaStd: options.bnBetaStd ?? 0,
      name: options.name ?? 'mlp',
    };
    const o = this.opts;
    this.activation = o.activation;
    this.nIn = s[0];
    this.nOut = s[s.length - 1];
    const L = s.length - 1;
    this.bn.push(o.inputBn ? new BatchNorm(s[0], o.bnMomentum, o.bnEps, `${o.name}.bn0`) : null);
    for (let l = 0; l < L; l++) {
      const last = l === L - 1;
      this.dense.push(
        new Dense(s[l], s[l + 1], { useBias: last ? o.outputBias : o.hiddenBias, name: `${o.name}.dense${l}` }),
      );
      const useBn = last ? o.outputBn : o.hiddenBn;
      this.bn.push(useBn ? new BatchNorm(s[l + 1], o.bnMomentum, o.bnEps, `${o.name}.bn${l + 1}`) : null);
    }
  }

  /** Initialise all weights (Glorot kernels, zero biases, BN gamma/beta as configured). */
  init(rng: Rng): void {
    const [gLo, gHi] = this.opts.bnGammaRange;
    for (let l = 0; l < this.bn.length; l++) {
      this.bn[l]?.init(rng, gLo, gHi, this.opts.bnBetaStd);
      if (l < this.dense.length) this.dense[l].init(rng);
    }
  }

  params(): Param[] {
    const out: Param[] = [];
    for (let l = 0; l < this.bn.length; l++) {
      const b = this.bn[l];
      if (b) out.push(...b.params());
      if (l < this.dense.length) out.push(...this.dense[l].params());
    }
    return out;
  }

  /** Float64 entries of the network's state: each parameter's value and gradient, each BN layer's moving mean and variance. */
  stateSize(): number {
    let n = 0;
    for (const p of this.params()) n += 2 * p.value.length;
    for (const b of this.bn) if (b) n += 2 * b.n;
    return n;
  }

  /**
   * Keep the whole state in buf[offset, offset + stateSize()) (parameters in params() order, value then
   * gradient, then the BN moving mean and variance per BN layer), so that BnMlp objects of the same
   * shape on other threads can share it through a SharedArrayBuffer. copy: move the current state
   * there (the owner that initialised it); otherwise adopt what buf holds.
   */
  useStateStorage(buf: Float64Array, offset: number, copy: boolean): void {
    let o = offset;
    const take = (n: number): Float64Array => {
      if (o + n > buf.length) throw new Error('BnMlp.useStateStorage: buffer too small');
      const v = buf.subarray(o, o + n);
      o += n;
      return v;
    };
    for (const p of this.params()) {
      const n = p.value.length;
      moveParam(p, take(n), take(n), copy);
    }
    for (const b of this.bn) if (b) b.useMovingStorage(take(b.n), take(b.n), copy);
  }

  private ensure(batch: number): void {
    if (batch <= this.cap) return;
    const s = this.opts.sizes;
    const maxW = Math.max(...s);
    this.cap = batch;
    this.h0 = new Float64Array(batch * s[0]);
    this.pre = this.dense.map((d) => new Float64Array(batch * d.nOut));
    this.post = this.dense.map((d) => new Float64Array(batch * d.nOut));
    this.gA = new Float64Array(batch * maxW);
    this.gB = new Float64Array(batch * maxW);
  }

  /**
   * out = net(x). x: batch x nIn (must stay unchanged until backward). Returns the internal output
   * buffer (first batch*nOut entries valid; overwritten by the next forward).
   */
  forward(x: Float64Array, batch: number, training: boolean): Float64Array {
    this.ensure(batch);
    this.xIn = x;
    let h: Float64Array = x;
    if (this.bn[0]) {
      this.bn[0].forward(x, this.h0, batch, training);
      h = this.h0;
    }
    const L = this.dense.length;
    for (let l = 0; l < L; l++) {
      const d = this.dense[l];
      d.forward(h, this.pre[l], batch);
      const b = this.bn[l + 1];
      const out = this.post[l];
      const hidden = l < L - 1;
      // BN and ReLU in one pass (same arithmetic as BN then activationForward)
      const fuse = hidden && b !== null && this.activation === 'relu';
      if (b) b.forward(this.pre[l], out, batch, training, fuse);
      else out.set(this.pre[l].subarray(0, batch * d.nOut));
      if (hidden && !fuse) activationForward(this.activation, out, out, batch * d.nOut);
      h = out;
    }
    return h;
  }

  /**
   * Backward of the latest forward. dOut: batch x nOut = dL/dout, multiplied by dOutScale on the way in
   * (a caller's output scaling, without writing to dOut). Accumulates parameter gradients;
   * when wantInputGrad, returns dL/dx (batch x nIn, internal buffer), else null.
   */
  backward(dOut: Float64Array, batch: number, wantInputGrad: boolean, dOutScale = 1): Float64Array | null {
    const L = this.dense.length;
    let g = this.gA,
      gOther = this.gB;
    // gradient wrt output of layer L-1 (after its bn)
    const nOut = this.nOut;
    if (dOutScale === 1) for (let i = 0; i < batch * nOut; i++) g[i] = dOut[i];
    else for (let i = 0; i < batch * nOut; i++) g[i] = dOut[i] * dOutScale;
    for (let l = L - 1; l >= 0; l--) {
      const d = this.dense[l];
      const n = batch * d.nOut;
      const b = this.bn[l + 1];
      const fuse = l < L - 1 && b !== null && this.activation === 'relu';
      if (l < L - 1 && !fuse) activationBackward(this.activation, this.post[l], g, g, n);
      if (b) b.backward(g, g, batch, fuse ? this.post[l] : null);
      const input = l > 0 ? this.post[l - 1] : this.bn[0] ? this.h0 : this.xIn;
      const needDx = l > 0 || wantInputGrad || this.bn[0] !== null;
      d.backward(input, g, needDx ? gOther : null, batch);
      const t = g;
      g = gOther;
      gOther = t;
    }
    if (this.bn[0]) {
      this.bn[0].backward(g, wantInputGrad ? g : null, batch);
    }
    return wantInputGrad ? g : null;
  }
}
