import { makeParam, type Param } from './param.js';
import type { Rng } from './rng.js';

/**
 * Batch normalisation over the batch axis of a batch x n matrix, as Keras' BatchNormalization on 2-D input:
 *   training: y = gamma * (x - mean_B) / sqrt(var_B + eps) + beta, var_B the biased batch variance, and the
 *             moving averages updated as m <- momentum * m + (1 - momentum) * batch_stat;
 *   eval:     the same with the moving mean and variance (initially 0 and 1).
 * Holds its own cache (x-hat, 1/std) sized for the largest batch seen; allocation-free once warm.
 */
export class BatchNorm {
  readonly gamma: Param;
  readonly beta: Param;
  readonly movingMean: Float64Array;
  readonly movingVar: Float64Array;
  private xhat = new Float64Array(0);
  private readonly invStd: Float64Array;
  private readonly sumDy: Float64Array;
  private readonly sumDyXhat: Float64Array;
  private lastTraining = true;

  constructor(readonly n: number, readonly momentum = 0.99, readonly eps = 1e-3, name = 'bn') {
    this.gamma = makeParam(`${name}.gamma`, [n]);
    this.beta = makeParam(`${name}.beta`, [n]);
    this.gamma.value.fill(1);
    this.movingMean = new Float64Array(n);
    this.movingVar = new Float64Array(n).fill(1);
    this.invStd = new Float64Array(n);
    this.sumDy = new Float64Array(n);
    this.sumDyXhat = new Float64Array(n);
  }

  /** gamma ~ U[gLo, gHi), beta ~ N(0, betaStd^2) (DeepBSDE uses [0.1, 0.5) and 0.1; Keras 1, 0). */
  init(rng: Rng, gLo = 1, gHi = 1, betaStd = 0): void {
    for (let j = 0; j < this.n; j++) this.gamma.value[j] = gLo === gHi ? gLo : gLo + (gHi - gLo) * rng.uniform();
    for (let j = 0; j < this.n; j++) this.beta.value[j] = betaStd === 0 ? 0 : betaStd * rng.normal();
    this.movingMean.fill(0);
    this.movingVar.fill(1);
  }

  params(): Param[] {
    return [this.gamma, this.beta];
  }

  /** y(batch x n) = BN(x(batch x n)); x and y must not alias. Training mode updates moving averages. */
  forward(x: Float64Array, y: Float64Array, batch: number, training: boolean): void {
    const n = this.n;
    if (this.xhat.length < batch * n) this.xhat = new Float64Array(batch * n);
    const xh = this.xhat, inv = this.invStd, g = this.gamma.value, b = this.beta.value;
    this.lastTraining = training;
    if (training) {
      const mean = this.sumDy; // scratch
      const vr = this.sumDyXhat; // scratch
      mean.fill(0);
      vr.fill(0);
      for (let r = 0; r < batch; r++) {
        const o = r * n;
        for (let j = 0; j < n; j++) mean[j] += x[o + j];
      }
      for (let j = 0; j < n; j++) mean[j] /= batch;
      for (let r = 0; r < batch; r++) {
        const o = r * n;
        for (let j = 0; j < n; j++) {
          const d = x[o + j] - mean[j];
          vr[j] += d * d;
        }
      }
      const mom = this.momentum, mm = this.movingMean, mv = this.movingVar;
      for (let j = 0; j < n; j++) {
        vr[j] /= batch;
        inv[j] = 1 / Math.sqrt(vr[j] + this.eps);
        mm[j] = mom * mm[j] + (1 - mom) * mean[j];
        mv[j] = mom * mv[j] + (1 - mom) * vr[j];
      }
      for (let r = 0; r < batch; r++) {
        const o = r * n;
        for (let j = 0; j < n; j++) {
          const h = (x[o + j] - mean[j]) * inv[j];
          xh[o + j] = h;
          y[o + j] = g[j] * h + b[j];
        }
      }
    } else {
      const mm = this.movingMean, mv = this.movingVar;
      for (let j = 0; j < n; j++) inv[j] = 1 / Math.sqrt(mv[j] + this.eps);
      for (let r = 0; r < batch; r++) {
        const o = r * n;
        for (let j = 0; j < n; j++) {
          const h = (x[o + j] - mm[j]) * inv[j];
          xh[o + j] = h;
          y[o + j] = g[j] * h + b[j];
        }
      }
    }
  }

  /**
   * Backward of the last forward call. dy: batch x n. gamma.grad += sum dy*xhat, beta.grad += sum dy;
   * when dx is not null, dx(batch x n) = dL/dx (overwritten; dx may alias dy).
   * Training mode: dx = gamma/std * (dy - mean(dy) - xhat * mean(dy * xhat)); eval mode: dx = gamma/std * dy.
   */
  backward(dy: Float64Array, dx: Float64Array | null, batch: number): void {
    const n = this.n, xh = this.xhat, inv = this.invStd, g = this.gamma.value;
    const sdy = this.sumDy, sdx = this.sumDyXhat;
    sdy.fill(0);
    sdx.fill(0);
    for (let r = 0; r < batch; r++) {
      const o = r * n;
      for (let j = 0; j < n; j++) {
        sdy[j] += dy[o + j];
        sdx[j] += dy[o + j] * xh[o + j];
      }
    }
    const gg = this.gamma.grad, gb = this.beta.grad;
    for (let j = 0; j < n; j++) {
      gg[j] += sdx[j];
      gb[j] += sdy[j];
    }
    if (!dx) return;
    if (this.lastTraining) {
      const ib = 1 / batch;
      for (let r = 0; r < batch; r++) {
        const o = r * n;
        for (let j = 0; j < n; j++) {
          dx[o + j] = g[j] * inv[j] * (dy[o + j] - ib * sdy[j] - xh[o + j] * ib * sdx[j]);
        }
      }
    } else {
      for (let r = 0; r < batch; r++) {
        const o = r * n;
        for (let j = 0; j < n; j++) dx[o + j] = g[j] * inv[j] * dy[o + j];
      }
    }
  }
}
