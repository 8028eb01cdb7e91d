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
  /** Moving averages (reassigned only by useMovingStorage). */
  movingMean: Float64Array;
  movingVar: Float64Array;
  private xhat = new Float64Array(0);
  private readonly invStd: Float64Array;
  private readonly sumDy: Float64Array;
  private readonly sumDyXhat: Float64Array;
  private readonly colA: Float64Array;
  private readonly colB: Float64Array;
  private lastTraining = true;

  constructor(
    readonly n: number,
    readonly momentum = 0.99,
    readonly eps = 1e-3,
    name = 'bn',
  ) {
    this.gamma = makeParam(`${name}.gamma`, [n]);
    this.beta = makeParam(`${name}.beta`, [n]);
    this.gamma.value.fill(1);
    this.movingMean = new Float64Array(n);
    this.movingVar = new Float64Array(n).fill(1);
    this.invStd = new Float64Array(n);
    this.sumDy = new Float64Array(n);
    this.sumDyXhat = new Float64Array(n);
    this.colA = new Float64Array(n);
    this.colB = new Float64Array(n);
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

  /**
   * Keep the moving averages in the given arrays (n entries each, e.g. views of shared memory so that
   * another thread sees them), copying the current values into them when copy is set.
   */
  useMovingStorage(mean: Float64Array, variance: Float64Array, copy: boolean): void {
    if (mean.length !== this.n || variance.length !== this.n)
      throw new Error('BatchNorm.useMovingStorage: length differs from n');
    if (copy) {
      mean.set(this.movingMean);
      variance.set(this.movingVar);
    }
    this.movingMean = mean;
    this.movingVar = variance;
  }

  /**
   * y(batch x n) = BN(x(batch x n)), followed by ReLU (y = max(BN(x), 0) as activationForward) when relu is
   * set; x and y must not alias. Training mode updates moving averages.
   */
  forward(x: Float64Array, y: Float64Array, batch: number, training: boolean, relu = false): void {
    const n = this.n;
    if (this.xhat.length < batch * n) this.xhat = new Float64Array(batch * n);
    const inv = this.invStd;
    this.lastTraining = training;
    if (training) {
      const mean = this.sumDy; // scratch
      const vr = this.sumDyXhat; // scratch
      columnSums(x, null, null, batch, n, mean);
      for (let j = 0; j < n; j++) mean[j] /= batch;
      columnSums(x, mean, null, batch, n, vr);
      const mom = this.momentum,
        mm = this.movingMean,
        mv = this.movingVar;
      for (let j = 0; j < n; j++) {
        vr[j] /= batch;
        inv[j] = 1 / Math.sqrt(vr[j] + this.eps);
        mm[j] = mom * mm[j] + (1 - mom) * mean[j];
        mv[j] = mom * mv[j] + (1 - mom) * vr[j];
      }
      this.normalize(x, mean, y, batch, relu);
    } else {
      const mv = this.movingVar;
      for (let j = 0; j < n; j++) inv[j] = 1 / Math.sqrt(mv[j] + this.eps);
      this.normalize(x, this.movingMean, y, batch, relu);
    }
  }

  /** xhat = (x - mean) * invStd, y = gamma * xhat + beta (then ReLU). */
  private normalize(x: Float64Array, mean: Float64Array, y: Float64Array, batch: number, relu: boolean): void {
    const n = this.n,
      xh = this.xhat,
      inv = this.invStd,
      g = this.gamma.value,
      b = this.beta.value;
    for (let r = 0; r < batch; r++) {
      const o = r * n;
      if (relu) {
        for (let j = 0; j < n; j++) {
          const h = (x[o + j] - mean[j]) * inv[j];
          xh[o + j] = h;
          const v = g[j] * h + b[j];
          y[o + j] = v > 0 ? v : 0;
        }
      } else {
        for (let j = 0; j < n; j++) {
          const h = (x[o + j] - mean[j]) * inv[j];
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
   * reluOut: the forward ran with relu and dy is the gradient after the ReLU, whose output reluOut is
   * (dy is first masked in place by reluOut > 0, as activationBackward).
   */
  backward(dy: Float64Array, dx: Float64Array | null, batch: number, reluOut: Float64Array | null = null): void {
    const n = this.n,
      xh = this.xhat,
      inv = this.invStd,
      g = this.gamma.value;
    const sdy = this.sumDy,
      sdx = this.sumDyXhat;
    if (reluOut) for (let i = 0; i < batch * n; i++) dy[i] = reluOut[i] > 0 ? dy[i] : 0;
    columnSums(dy, null, xh, batch, n, sdx);
    columnSums(dy, null, null, batch, n, sdy);
    const gg = this.gamma.grad,
      gb = this.beta.grad;
    for (let j = 0; j < n; j++) {
      gg[j] += sdx[j];
      gb[j] += sdy[j];
    }
    if (!dx) return;
    // per-column factors of the expressions below, evaluated once (the same products, so the same bits)
    const gi = this.colA,
      ms = this.colB;
    for (let j = 0; j < n; j++) gi[j] = g[j] * inv[j];
    if (this.lastTraining) {
      const ib = 1 / batch;
      for (let j = 0; j < n; j++) ms[j] = ib * sdy[j];
      for (let r = 0; r < batch; r++) {
        const o = r * n;
        // = g * inv * (dy - ib * sdy - xhat * ib * sdx)
        for (let j = 0; j < n; j++) dx[o + j] = gi[j] * (dy[o + j] - ms[j] - xh[o + j] * ib * sdx[j]);
      }
    } else {
      for (let r = 0; r < batch; r++) {
        const o = r * n;
        for (let j = 0; j < n; j++) dx[o + j] = gi[j] * dy[o + j];
      }
    }
  }
}

/**
 * out[j] = sum over rows r = 0..batch-1, in that order from 0, of a[r*n + j] (plain), (a - c[j])^2
 * (c given) or a * w[r*n + j] (w given). Four columns at a time in registers: the same sums, in the same
 * order, as accumulating row by row into out, without a load and store of out per element.
 */
function columnSums(
  a: Float64Array,
  c: Float64Array | null,
  w: Float64Array | null,
  batch: number,
  n: number,
  out: Float64Array,
): void {
  const n4 = n - (n % 4);
  for (let j = 0; j < n4; j += 4) {
    let s0 = 0,
      s1 = 0,
      s2 = 0,
      s3 = 0;
    if (c) {
      const c0 = c[j],
        c1 = c[j + 1],
        c2 = c[j + 2],
        c3 = c[j + 3];
      for (let o = j; o < batch * n; o += n) {
        const d0 = a[o] - c0,
          d1 = a[o + 1] - c1,
          d2 = a[o + 2] - c2,
          d3 = a[o + 3] - c3;
        s0 += d0 * d0;
        s1 += d1 * d1;
        s2 += d2 * d2;
        s3 += d3 * d3;
      }
    } else if (w) {
      for (let o = j; o < batch * n; o += n) {
        s0 += a[o] * w[o];
        s1 += a[o + 1] * w[o + 1];
        s2 += a[o + 2] * w[o + 2];
        s3 += a[o + 3] * w[o + 3];
      }
    } else {
      for (let o = j; o < batch * n; o += n) {
        s0 += a[o];
        s1 += a[o + 1];
        s2 += a[o + 2];
        s3 += a[o + 3];
      }
    }
    out[j] = s0;
    out[j + 1] = s1;
    out[j + 2] = s2;
    out[j + 3] = s3;
  }
  for (let j = n4; j < n; j++) {
    let s = 0;
    for (let o = j; o < batch * n; o += n) {
      const v = c ? (a[o] - c[j]) * (a[o] - c[j]) : w ? a[o] * w[o] : a[o];
      s += v;
    }
    out[j] = s;
  }
}
