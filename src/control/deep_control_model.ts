import { BnMlp } from '../nn/bn_mlp.js';
import { makeParam, type Param } from '../nn/param.js';
import type { Rng } from '../nn/rng.js';
import type { ControlProblem } from './problem.js';

/** Buffers of one batch: states (N+1) x B x ds, raw controls N x B x dc, noise N x B x dn. */
class Workspace {
  readonly s: Float64Array;
  readonly o: Float64Array;
  readonly noise: Float64Array;
  readonly cost: Float64Array; // B
  readonly total: Float64Array; // B, per-sample total cost
  readonly lam: Float64Array; // B x ds
  readonly dS: Float64Array; // B x ds
  readonly dO: Float64Array; // B x dc
  constructor(
    readonly batch: number,
    p: ControlProblem,
  ) {
    const N = p.numSteps;
    this.s = new Float64Array((N + 1) * batch * p.stateDim);
    this.o = new Float64Array(N * batch * p.controlDim);
    this.noise = new Float64Array(N * batch * p.noiseDim);
    this.cost = new Float64Array(batch);
    this.total = new Float64Array(batch);
    this.lam = new Float64Array(batch * p.stateDim);
    this.dS = new Float64Array(batch * p.stateDim);
    this.dO = new Float64Array(batch * p.controlDim);
  }
}

export interface DeepControlNetOptions {
  numHiddens: number[];
  /** Scale applied to subnetwork outputs (1 by default). */
  outputScale?: number;
}

/**
 * Deep stochastic control (Han & E 2016): the feedback control at step n >= 1 is a subnetwork of the state,
 * o_n = scale * net_n(s_n) (ds -> hidden -> dc, bn -> (dense -> bn -> relu)* -> dense -> bn); at n = 0 the state
 * is deterministic and o_0 is a free trainable vector. The Monte Carlo cost mean_b J_b is differentiated through
 * the dynamics exactly (adjoint recursion lam_n = dJ/ds_n) in backward().
 */
export class DeepControlModel {
  readonly o0: Param;
  readonly subnets: BnMlp[] = [];
  private readonly work = new Map<string, Workspace>();
  private last: Workspace | null = null;
  private lastTraining = false;
  private readonly scale: number;
  private readonly s0: Float64Array;

  constructor(
    readonly problem: ControlProblem,
    readonly net: DeepControlNetOptions,
  ) {
    this.o0 = makeParam('control_init', [problem.controlDim]);
    this.scale = net.outputScale ?? 1;
    for (let n = 1; n < problem.numSteps; n++) {
      this.subnets.push(
        new BnMlp({
          sizes: [problem.stateDim, ...net.numHiddens, problem.controlDim],
          activation: 'relu',
          inputBn: true,
          hiddenBn: true,
          outputBn: true,
          hiddenBias: false,
          outputBias: true,
          bnMomentum: 0.99,
          bnEps: 1e-6,
          bnGammaRange: [0.1, 0.5],
          bnBetaStd: 0.1,
          name: `control${n}`,
        }),
      );
    }
    this.s0 = new Float64Array(problem.stateDim);
    problem.initialState(this.s0);
  }

  init(rng: Rng): void {
    for (let i = 0; i < this.o0.value.length; i++) this.o0.value[i] = 0.1 * (2 * rng.uniform() - 1);
    for (const s of this.subnets) s.init(rng);
  }

  params(): Param[] {
    const out = [this.o0];
    for (const s of this.subnets) out.push(...s.params());
    return out;
  }

  private ws(batch: number, slot: string): Workspace {
    const key = `${slot}:${batch}`;
    let w = this.work.get(key);
    if (!w) {
      w = new Workspace(batch, this.problem);
      this.work.set(key, w);
    }
    return w;
  }

  /** Draw noise for a batch into slot. */
  sample(rng: Rng, batch: number, slot = 'train'): void {
    this.problem.sampleNoise(rng, batch, this.ws(batch, slot).noise);
  }

  /** Noise buffer (N x batch x noiseDim) of a slot, e.g. to evaluate a baseline policy on the same paths. */
  noise(batch: number, slot = 'train'): Float64Array {
    return this.ws(batch, slot).noise;
  }

  /** Per-sample total costs of the latest forward (length >= batch). */
  lastCosts(): Float64Array {
    if (!this.last) throw new Error('no forward yet');
    return this.last.total;
  }

  /** Mean cost over the batch in slot. Training mode: BN batch statistics and moving-average updates. */
  forward(batch: number, training: boolean, slot = 'train'): number {
    const p = this.problem,
      N = p.numSteps,
      ds = p.stateDim,
      dc = p.controlDim,
      dn = p.noiseDim;
    const w = this.ws(batch, slot);
    this.last = w;
    this.lastTraining = training;
    const { s, o, noise, cost, total } = w;
    for (let b = 0; b < batch; b++) {
      s.set(this.s0, b * ds);
      for (let i = 0; i < dc; i++) o[b * dc + i] = this.o0.value[i];
    }
    total.fill(0);
    for (let n = 0; n < N; n++) {
      const sOff = n * batch * ds,
        oOff = n * batch * dc;
      const sn = s.subarray(sOff, sOff + batch * ds);
      if (n > 0) {
        const out = this.subnets[n - 1].forward(sn, batch, training);
        for (let i = 0; i < batch * dc; i++) o[oOff + i] = this.scale * out[i];
      }
      p.step(
        n,
        sn,
        o.subarray(oOff, oOff + batch * dc),
        noise,
        n * batch * dn,
        batch,
        s.subarray(sOff + batch * ds, sOff + 2 * batch * ds),
        cost,
      );
      for (let b = 0; b < batch; b++) total[b] += cost[b];
    }
    p.terminal(s.subarray(N * batch * ds, (N + 1) * batch * ds), batch, cost, null);
    let mean = 0;
    for (let b = 0; b < batch; b++) {
      total[b] += cost[b];
      mean += total[b];
    }
    return mean / batch;
  }

  /** Accumulate d(mean cost)/dparam of the latest training-mode forward. */
  backward(): void {
    const w = this.last;
    if (!w || !this.lastTraining) throw new Error('DeepControlModel.backward: needs a preceding training-mode forward');
    const p = this.problem,
      N = p.numSteps,
      ds = p.stateDim,
      dc = p.controlDim,
      dn = p.noiseDim,
      batch = w.batch;
    const { s, o, noise, lam, dS, dO } = w;
    const inv = 1 / batch;
    p.terminal(s.subarray(N * batch * ds, (N + 1) * batch * ds), batch, w.cost, lam);
    for (let i = 0; i < batch * ds; i++) lam[i] *= inv;
    for (let n = N - 1; n >= 0; n--) {
      const sOff = n * batch * ds,
        oOff = n * batch * dc;
      p.stepBackward(
        n,
        s.subarray(sOff, sOff + batch * ds),
        o.subarray(oOff, oOff + batch * dc),
        noise,
        n * batch * dn,
        batch,
        lam,
        inv,
        dS,
        dO,
      );
      if (n > 0) {
        for (let i = 0; i < batch * dc; i++) dO[i] *= this.scale;
        const dx = this.subnets[n - 1].backward(dO, batch, true)!;
        for (let i = 0; i < batch * ds; i++) lam[i] = dS[i] + dx[i];
      } else {
        const g = this.o0.grad;
        for (let b = 0; b < batch; b++) for (let i = 0; i < dc; i++) g[i] += dO[b * dc + i];
      }
    }
  }
}
