import { Adam } from '../nn/adam.js';
import { BnMlp, type BnMlpOptions } from '../nn/bn_mlp.js';
import { makeParam, type Param } from '../nn/param.js';
import type { Rng } from '../nn/rng.js';
import { f64 } from '../parallel/shared_alloc.js';
import type { Equation } from './equation.js';
import { resolveThreads, SubnetTeam } from './subnet_team.js';

/** Clip of the terminal mismatch: quadratic loss inside, linear outside (as in the reference solver). */
export const DELTA_CLIP = 50;

/** Per-batch-size buffers of one forward/backward pass (x, z, dz shared with worker threads when threaded). */
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
  readonly dz: Float64Array; // N x B x d: dL/dZ_n, all n, so the subnetworks' backward passes can run together
  constructor(
    readonly batch: number,
    N: number,
    d: number,
    shared: boolean,
  ) {
    const bd = batch * d;
    this.dw = new Float64Array(N * bd);
    this.x = f64((N + 1) * bd, shared);
    this.y = new Float64Array((N + 1) * batch);
    this.z = f64(N * bd, shared);
    this.fv = new Float64Array(batch);
    this.fy = new Float64Array(N * batch);
    this.fz = new Float64Array(N * bd);
    this.gT = new Float64Array(batch);
    this.dy = new Float64Array(batch);
    this.dz = f64(N * bd, shared);
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

/** How the model runs (not part of the network's definition: results do not depend on it). */
export interface DeepBsdeRunOptions {
  /**
   * Threads for the subnetworks: a positive integer or 'auto' (2 on a machine with 2+ cores when a
   * training batch of `batch` paths is large enough work, see resolveThreads). Default 1.
   */
  threads?: number | 'auto';
  /** Training batch size, for threads 'auto' (default 64). */
  batch?: number;
  /** One-line notices, e.g. when worker threads cannot start (default: console.error). */
  warn?: (msg: string) => void;
  /** Adam constants of adamStep/backwardAdam (default 0.9, 0.999, 1e-8 as the reference solver). */
  adam?: { beta1: number; beta2: number; eps: number };
}

/**
 * The Deep BSDE model of Han, Jentzen & E (2018): trainable Y0 = u(0,x0) (1 scalar) and Z0 = sigma^T grad u(0,x0)
 * (d), and for n = 1..N-1 a subnetwork x_n -> Z_n / ... (d -> h1 -> ... -> d, bn -> (dense -> bn -> relu)* -> dense -> bn,
 * output divided by d). The Euler scheme Y_{n+1} = Y_n - f dt + Z_n . dW_n is rolled forward and the loss is
 * mean_b clip(Y_N - g(X_N))^2. backward() gives exact gradients of that loss for all parameters.
 * The subnetworks run on `threads` threads (SubnetTeam); the recursion and the loss always run here,
 * in the same order, so results are bit-identical for any thread count.
 */
export class DeepBsdeModel {
  readonly y0: Param;
  readonly z0: Param;
  readonly subnets: BnMlp[];
  private readonly team: SubnetTeam;
  private readonly work = new Map<string, Workspace>();
  private last: Workspace | null = null;
  private lastTraining = false;
  private readonly zScale: number;
  /** Adam on y0 and z0 (this thread's own parameters), in step with the subnetworks' Adam in the team. */
  private readonly adam: Adam;

  constructor(
    readonly eq: Equation,
    readonly net: DeepBsdeNetOptions,
    run: DeepBsdeRunOptions = {},
  ) {
    const d = eq.dim;
    this.y0 = makeParam('y_init', [1]);
    this.z0 = makeParam('z_init', [1, d]);
    this.zScale = net.zScale ?? 1 / d;
    const options = DeepBsdeModel.subnetOptions(eq, net);
    this.subnets = options.map((o) => new BnMlp(o));
    const adam = run.adam ?? { beta1: 0.9, beta2: 0.999, eps: 1e-8 };
    this.adam = new Adam([this.y0, this.z0], adam.beta1, adam.beta2, adam.eps);
    this.team = new SubnetTeam(this.subnets, options, {
      dim: d,
      zScale: this.zScale,
      adam,
      threads: resolveThreads(run.threads ?? 1, this.subnets.length, forwardMacs(options, run.batch ?? 64)),
      warn: run.warn ?? ((m) => console.error(m)),
    });
  }

  /** Options of subnetworks 0..N-2 (Z_1..Z_{N-1}). */
  static subnetOptions(eq: Equation, net: DeepBsdeNetOptions): BnMlpOptions[] {
    const d = eq.dim;
    return Array.from({ length: eq.numTimeInterval - 1 }, (_, n) => ({
      sizes: [d, ...net.numHiddens, d],
      activation: 'relu' as const,
      inputBn: true,
      hiddenBn: true,
      outputBn: true,
      hiddenBias: false,
      outputBias: true,
      bnMomentum: 0.99,
      bnEps: 1e-6,
      bnGammaRange: [0.1, 0.5] as [number, number],
      bnBetaStd: 0.1,
      name: `subnet${n}`,
      ...net.subnet,
    }));
  }

  /** Threads the subnetworks run on (1 when serial or when workers could not start). */
  get threads(): number {
    return this.team.threads;
  }

  /** Stop worker threads (safe to skip: they never keep the process alive). */
  close(): void {
    this.team.close();
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
      w = new Workspace(batch, this.eq.numTimeInterval, this.eq.dim, this.team.shared);
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
    const eq = this.eq,
      N = eq.numTimeInterval,
      d = eq.dim,
      dt = eq.deltaT,
      bd = batch * d;
    const w = this.workspace(batch, slot) as Workspace;
    this.last = w;
    this.lastTraining = training;
    const { x, dw, y, z, fv, fy, fz } = w;
    // Z_1..Z_{N-1} from the subnetworks (all at once: they depend on X only), then the recursion.
    this.team.forward(x, z, batch, training);
    const y0 = this.y0.value[0],
      z0 = this.z0.value;
    for (let b = 0; b < batch; b++) {
      y[b] = y0;
      for (let i = 0; i < d; i++) z[b * d + i] = z0[i];
    }
    for (let n = 0; n < N; n++) {
      const yOff = n * batch,
        zOff = n * bd;
      const yn = y.subarray(yOff, yOff + batch),
        zn = z.subarray(zOff, zOff + bd);
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
    const w = this.recursionBackward();
    this.team.backward(w.dz, w.batch);
  }

  /** Zero all gradients (each subnetwork's on the thread that owns it). */
  zeroGrads(): void {
    this.y0.grad.fill(0);
    this.z0.grad.fill(0);
    this.team.zeroGrads();
  }

  /** Adam steps taken (the optimizer step that indexes the learning-rate schedule). */
  get adamSteps(): number {
    return this.adam.t;
  }

  /**
   * One Adam step with rate lr on all parameters from the accumulated gradients (TF/Keras form, as
   * nn/adam.ts; each subnetwork's moments live on its thread).
   */
  adamStep(lr: number): void {
    this.team.adamStep(lr);
    this.adam.step(lr);
  }

  /**
   * The second half of a training step after forward(batch, true): gradients of that forward from zero,
   * then one Adam step with rate lr. The same arithmetic as zeroGrads(); backward(); adamStep(lr), with
   * one parallel phase instead of three. meanwhile runs on this thread while worker threads finish their
   * larger shares (the solver samples the next batch there; it must not touch this step's workspace).
   */
  backwardAdam(lr: number, meanwhile?: () => void): void {
    this.y0.grad.fill(0);
    this.z0.grad.fill(0);
    const w = this.recursionBackward();
    this.team.backwardAdam(w.dz, w.batch, lr, meanwhile);
    this.adam.step(lr);
  }

  /** Backward through the Y recursion: dz (all n) = dL/dZ_n, and the gradients of y0 and z0 (accumulated). */
  private recursionBackward(): Workspace {
    const w = this.last;
    if (!w || !this.lastTraining) throw new Error('DeepBsdeModel.backward: needs a preceding training-mode forward');
    const eq = this.eq,
      N = eq.numTimeInterval,
      d = eq.dim,
      dt = eq.deltaT,
      batch = w.batch,
      bd = batch * d;
    const { y, dw, fy, fz, dy, dz } = w;
    const yN = N * batch;
    for (let b = 0; b < batch; b++) {
      const delta = y[yN + b] - w.gT[b];
      const a = Math.abs(delta);
      dy[b] = (a < DELTA_CLIP ? 2 * delta : 2 * DELTA_CLIP * Math.sign(delta)) / batch;
    }
    for (let n = N - 1; n >= 0; n--) {
      const yOff = n * batch,
        zOff = n * bd;
      // Y_{n+1} = Y_n - dt f(Y_n, Z_n) + Z_n . dW_n
      for (let b = 0; b < batch; b++) {
        const g = dy[b];
        const o = zOff + b * d;
        for (let i = 0; i < d; i++) dz[o + i] = g * (dw[o + i] - dt * fz[o + i]);
        dy[b] = g * (1 - dt * fy[yOff + b]);
      }
    }
    const gz = this.z0.grad;
    let gy = 0;
    for (let b = 0; b < batch; b++) {
      gy += dy[b];
      for (let i = 0; i < d; i++) gz[i] += dz[b * d + i];
    }
    this.y0.grad[0] += gy;
    return w;
  }
}

/** Multiply-adds of the dense layers of all subnetworks for one forward pass of `batch` paths. */
export function forwardMacs(options: BnMlpOptions[], batch: number): number {
  let m = 0;
  for (const o of options) for (let l = 0; l + 1 < o.sizes.length; l++) m += o.sizes[l] * o.sizes[l + 1];
  return m * batch;
}
