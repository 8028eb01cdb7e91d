import { Adam } from '../nn/adam.js';
import { BnMlp, type BnMlpOptions } from '../nn/bn_mlp.js';
import type { Param } from '../nn/param.js';

/**
 * What every thread needs to know about the Deep BSDE subnetworks (structured-cloneable: it is sent to
 * the worker threads once). Subnetwork k maps X_{k+1} to Z_{k+1}; its whole state (parameter values
 * and gradients, BN moving averages) lives at offsets[k] of one shared state array.
 */
export interface SubnetSpec {
  /** d: width of X_n and Z_n. */
  dim: number;
  /** Z_n = zScale * subnet(X_n). */
  zScale: number;
  options: BnMlpOptions[];
  offsets: number[];
  /** Thread that runs subnetwork k (forward, backward, Adam, BN moving averages). */
  owner: number[];
  adam: { beta1: number; beta2: number; eps: number };
}

/**
 * Thread t's part of subnetworks 0..count-1: contiguous blocks, the main thread (t = 0) taking a
 * smallest one because it also runs the sampling and the Y recursion between the parallel phases.
 */
export function partitionSubnets(count: number, threads: number): number[] {
  const owner: number[] = [];
  const base = Math.floor(count / threads),
    extra = count % threads;
  for (let t = 0; t < threads; t++) {
    const n = base + (t >= threads - extra ? 1 : 0);
    for (let i = 0; i < n; i++) owner.push(t);
  }
  return owner;
}

/**
 * The subnetworks one thread owns, and the operations on them that need no other thread: forward
 * (X_n -> Z_n for its n), backward (dL/dZ_n -> parameter gradients), zeroing gradients and Adam.
 * The same code runs each subnetwork whatever the thread count, so results do not depend on it.
 * Arrays: x (N+1) x batch x d, z and dz N x batch x d, time-major as in DeepBsdeModel.
 */
export class SubnetShare {
  private readonly ks: number[] = [];
  private readonly nets: BnMlp[] = [];
  private readonly params: Param[];
  private adam: Adam | null = null;

  /** nets(k): this thread's object for subnetwork k (called for the owned k only). */
  constructor(
    readonly spec: SubnetSpec,
    readonly tid: number,
    nets: (k: number) => BnMlp,
  ) {
    for (let k = 0; k < spec.owner.length; k++) {
      if (spec.owner[k] !== tid) continue;
      this.ks.push(k);
      this.nets.push(nets(k));
    }
    this.params = this.nets.flatMap((n) => n.params());
  }

  /** A worker's share: its own BnMlp objects on the state that thread 0 initialised in shared memory. */
  static onSharedState(spec: SubnetSpec, tid: number, state: Float64Array): SubnetShare {
    return new SubnetShare(spec, tid, (k) => {
      const net = new BnMlp(spec.options[k]);
      net.useStateStorage(state, spec.offsets[k], false);
      return net;
    });
  }

  /** z_n = zScale * subnet_{n-1}(x_n) for the owned subnetworks. */
  forward(x: Float64Array, z: Float64Array, batch: number, training: boolean): void {
    const bd = batch * this.spec.dim,
      s = this.spec.zScale;
    for (let j = 0; j < this.ks.length; j++) {
      const o = (this.ks[j] + 1) * bd;
      const out = this.nets[j].forward(x.subarray(o, o + bd), batch, training);
      for (let i = 0; i < bd; i++) z[o + i] = out[i] * s;
    }
  }

  /**
   * Accumulate the parameter gradients of the owned subnetworks from dz_n = dL/dZ_n (dz is left
   * unchanged: the factor zScale of Z = zScale * out is applied as the subnetwork copies dz in).
   */
  backward(dz: Float64Array, batch: number): void {
    const bd = batch * this.spec.dim,
      s = this.spec.zScale;
    for (let j = 0; j < this.ks.length; j++) {
      const o = (this.ks[j] + 1) * bd;
      this.nets[j].backward(dz.subarray(o, o + bd), batch, false, s);
    }
  }

  zeroGrads(): void {
    for (const p of this.params) p.grad.fill(0);
  }

  /** One Adam step on the owned parameters (moments kept here, created on the first step). */
  adamStep(lr: number): void {
    if (!this.adam) {
      const a = this.spec.adam;
      this.adam = new Adam(this.params, a.beta1, a.beta2, a.eps);
    }
    this.adam.step(lr);
  }
}
