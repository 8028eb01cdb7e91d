import { BnMlp, type BnMlpOptions } from '../nn/bn_mlp.js';
import { makeParam, type Param } from '../nn/param.js';
import type { Rng } from '../nn/rng.js';
import type { Equation } from './equation.js';

/** Clip of the terminal mismatch: quadratic loss inside, linear outside (as in the reference solver). */
export const DELTA_CLIP = 50;

/** Per-batch-size buffers of one forward/backward pass. */
class Workspace {
  readonly dw: Float64Array; // N x B x d
  readonly x: Float64Array; // (N+1) x B x d
  readonly y: Float64Array; // (N+1) x B
  readonly z: Float64Array; // N x B x d
  readonly fv: Float64Array; // B
  readonly fy: Float64Array; // N x B
  readonly fz: Float64Array; // N x B x d
  readonly gT: Float64Array; // B
  readonly dy: Float64Array; // B
  readonly dz: Float64Array; // B x d
  constructor(readonly batch: number, N: number, d: number) {
    const bd = batch * d;
    this.dw = new Float64Array(N * bd);
    this.x = new Float64Array((N + 1) * bd);
    this.y = new Float64Array((N + 1) * batch);
    this.z = new Float64Array(N * bd);
    this.fv = new Float64Array(batch);
    this.fy = new Float64Array(N * batch);
    this.fz = new Float64Array(N * bd);
    this.gT = new Float64Array(batch);
    this.dy = new Float64Array(batch);
    this.dz = new Float64Array(bd);
  }
}

/** Shape of the Deep BSDE networks. */
export interface DeepBsdeNetOptions {
  numHiddens: number[];
  yInitRange: [number, number];
  /** Overrides of the subnetwork options (experiments; defaults follow the reference solver). */
  subnet?: Partial<BnMlpOptions>;
  /** Z_n = zScale * subnet_n(X_n); default 1/d as in the reference solver. */
  zScale?: number;
}

/**
 * The Deep BSDE model of Han, Jentzen & E (2018): trainable Y0 = u(0,x0) (1 scalar) and Z0 = sigma^T grad u(0,x0)
 * (d), and for n = 1..N-1 a subnetwork x_n -> Z_n / ... (d -> h1 -> ... -> d, bn -> (dense -> bn -> relu)* -> dense -> bn,
 * output divided by d). The Euler scheme Y_{n+1} = Y_n - f dt + Z_n . dW_n is rolled forward and the loss is
 * mean_b clip(Y_N - g(X_N))^2. backward() gives exact gradients of that loss for all parameters.
 */
export class DeepBsdeModel {
  readonly y0: Param;
  readonly z0: Param;
  readonly subnets: BnMlp[];
  private readonly work = new Map<string, Workspace>();
  private last: Workspace | null = null;
  private lastTraining = false;

  constructor(readonly eq: Equation, readonly net: DeepBsdeNetOptions) {
    const d = eq.dim;
    this.y0 = makeParam('y_init', [1]);
    this.z0 = makeParam('z_init', [1, d]);
    this.subnets = [];
    for (let n = 0; n < eq.numTimeInterval - 1; n++) {
      this.subnets.push(new BnMlp({
        sizes: [d, ...net.numHiddens, d],
        activation: 'relu',
        inputBn: true, hiddenBn: true, outputBn: true,
        hiddenBias: false, outputBias: true,
        bnMomentum: 0.99, bnEps: 1e-6, bnGammaRange: [0.1, 0.5], bnBetaStd: 0.1,
        name: `subnet${n}`,
        ...net.subnet,
      }));
    }
  }

  /** Y0 ~ U(y_init_range), Z0 ~ U(-0.1, 0.1), subnetworks as in the reference code. */
  init(rng: Rng): void {
    const [lo, hi] = this.net.yInitRange;
    this.y0.value[0] = lo + (hi - lo) * rng.uniform();
    for (let i = 0; i < this.z0.value.length; i++) this.z0.value[i] = -0.1 + 0.2 * rng.uniform();
    for (const s of this.subnets) s.init(rng);
  }

  params(): Param[] {
    const out = [this.y0, this.z0];
    for (const s of this.subnets) out.push(...s.params());
    return out;
  }

  /**
   * Buffers (sample paths dw: N x batch x d, x: (N+1) x batch x d included) for a slot name and batch size;
   * created once. Slots keep e.g. a fixed validation set apart from the training batches.
   */
  workspace(batch: number, slot = 'train'): { dw: Float64Array; x: Float64Array } {
    const key = `${slot}:${batch}`;
    let w = this.work.get(key);
    if (!w) {
      w = new Workspace(batch, this.eq.numTimeInterval, this.eq.dim);
      this.work.set(key, w);
    }
    return w;
  }

  /** Draw a batch of paths into the workspace (slot, batch). */
  sample(rng: Rng, batch: number, slot = 'train'): void {
    const w = this.workspace(batch, slot) as Workspace;
    this.eq.sample(rng, batch, w.dw, w.x);
  }

  /**
   * Loss on the paths currently in workspace(batch, slot): mean_b of the clipped squared terminal mismatch.
   * Training mode uses batch statistics in BN and updates the moving averages.
   */
  forward(batch: number, training: boolean, slot = 'train'): number {
    const eq = this.eq, N = eq.numTimeInterval, d = eq.dim, dt = eq.deltaT, bd = batch * d;
    const w = this.workspace(batch, slot) as Workspace;
    this.last = w;
    this.lastTraining = training;
    const { x, dw, y, z, fv, fy, fz } = w;
    const y0 = this.y0.value[0], z0 = this.z0.value;
    for (let b = 0; b < batch; b++) {
      y[b] = y0;
      for (let i = 0; i < d; i++) z[b * d + i] = z0[i];
    }
    for (let n = 0; n < N; n++) {
      const yOff = n * batch, zOff = n * bd;
      if (n > 0) {
        const out = this.subnets[n - 1].forward(x.subarray(n * bd, (n + 1) * bd), batch, training);
        const inv = this.net.zScale ?? 1 / d;
        for (let i = 0; i < bd; i++) z[zOff + i] = out[i] * inv;
      }
      const yn = y.subarray(yOff, yOff + batch), zn = z.subarray(zOff, zOff + bd);
      eq.f(n * dt, x, n * bd, yn, zn, batch, fv, fy.subarray(yOff, yOff + batch), fz.subarray(zOff, zOff + bd));
      for (let b = 0; b < batch; b++) {
        let s = 0;
        const o = zOff + b * d;
        for (let i = 0; i < d; i++) s += z[o + i] * dw[o + i];
        y[yOff + batch + b] = y[yOff + b] - dt * fv[b] + s;
      }
    }
    eq.g(x, N * bd, batch, w.gT);
    let loss = 0;
    const yN = N * batch;
    for (let b = 0; b < batch; b++) {
      const delta = y[yN + b] - w.gT[b];
      const a = Math.abs(delta);
      loss += a < DELTA_CLIP ? delta * delta : 2 * DELTA_CLIP * a - DELTA_CLIP * DELTA_CLIP;
    }
    return loss / batch;
  }

  /** Accumulate dLoss/dparam for the latest training-mode forward into the parameters' grad buffers. */
  backward(): void {
    const w = this.last;
    if (!w || !this.lastTraining) throw new Error('DeepBsdeModel.backward: needs a preceding training-mode forward');
    const eq = this.eq, N = eq.numTimeInterval, d = eq.dim, dt = eq.deltaT, batch = w.batch, bd = batch * d;
    const { y, dw, fy, fz, dy, dz } = w;
    const yN = N * batch;
    for (let b = 0; b < batch; b++) {
      const delta = y[yN + b] - w.gT[b];
      const a = Math.abs(delta);
      dy[b] = (a < DELTA_CLIP ? 2 * delta : 2 * DELTA_CLIP * Math.sign(delta)) / batch;
    }
    for (let n = N - 1; n >= 0; n--) {
      const yOff = n * batch, zOff = n * bd;
      // Y_{n+1} = Y_n - dt f(Y_n, Z_n) + Z_n . dW_n
      for (let b = 0; b < batch; b++) {
        const g = dy[b];
        const o = b * d;
        for (let i = 0; i < d; i++) dz[o + i] = g * (dw[zOff + o + i] - dt * fz[zOff + o + i]);
        dy[b] = g * (1 - dt * fy[yOff + b]);
      }
      if (n > 0) {
        const inv = this.net.zScale ?? 1 / d;
        for (let i = 0; i < bd; i++) dz[i] *= inv;
        this.subnets[n - 1].backward(dz, batch, false);
      } else {
        const gz = this.z0.grad;
        let gy = 0;
        for (let b = 0; b < batch; b++) {
          gy += dy[b];
          for (let i = 0; i < d; i++) gz[i] += dz[b * d + i];
        }
        this.y0.grad[0] += gy;
      }
    }
  }
}
