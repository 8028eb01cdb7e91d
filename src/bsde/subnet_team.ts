/**
 * The N-1 subnetworks of a Deep BSDE model on one or more threads.
 *
 * Given the sampled paths X, the subnetworks' forward passes are independent of each other (Z_n is a
 * function of X_n only), and so are their backward passes given dL/dZ_n, which the cheap Y recursion on
 * the main thread supplies. So each thread owns a fixed block of subnetworks (partitionSubnets) with
 * their Adam moments and BN moving averages, and a training step is two parallel phases: forward, then
 * zero-grad + backward + Adam. Parameters and activations that cross threads (the state, X, Z, dL/dZ)
 * live in SharedArrayBuffers, so nothing is copied per step.
 *
 * Threads: src/parallel's WorkerPool (the pool the MD engine and training use), given our job module
 * (subnet_jobs.ts). Its protocol fits this exactly: persistent workers blocked in Atomics.wait, a job
 * id per phase with thread 0 (the caller) running its share inline, arrays bound to typed slots and
 * posted only when they change, no message per step. Each subnetwork runs the same code on whichever
 * thread owns it, and the recursion and loss stay on the main thread, so results are bit-identical
 * for any thread count.
 */
import { availableParallelism } from 'node:os';
import type { BnMlp, BnMlpOptions } from '../nn/bn_mlp.js';
import { f64 } from '../parallel/shared_alloc.js';
import { jobModule, siblingUrl } from '../parallel/job_module.js';
import { WorkerPool, type Jobs } from '../parallel/worker_pool.js';
import {
  A_BATCH,
  A_DZ,
  A_TRAINING,
  A_X,
  A_Z,
  F_LR,
  JOB_ADAM,
  JOB_BACKWARD,
  JOB_BACKWARD_ADAM,
  JOB_FORWARD,
  JOB_ZERO_GRADS,
  runShareJob,
  STATE,
  workspaceSlot,
} from './subnet_jobs.js';
import { partitionSubnets, SubnetShare, type SubnetSpec } from './subnet_share.js';

/**
 * Smallest forward pass, in multiply-adds over all subnetworks for one training batch, for which 'auto'
 * uses 2 threads. Measured on the idle 2-core machine (ms per step, 1 -> 2 threads): 0.46e6 (d = 10,
 * N = 10) 2.0 -> 1.9, 2.6e6 (d = 20, N = 20) 8.1 -> 7.1, 4.9e6 (d = 30) 15 -> 10, 18e6 (d = 50, N = 30)
 * 40 -> 26; HJB d = 100 is 42e6. Below ~2e6 the gain is small and the two synchronisations per step
 * (and starting the worker) weigh more on a busy machine, so the d = 10 test configs stay serial.
 */
export const AUTO_THREADS_MIN_MACS = 2e6;

/**
 * Thread count for the subnetworks: a positive integer as given, or 'auto' = 2 when the machine has
 * 2+ cores and the step is large enough (as the MD engine's -threads auto); never more threads than
 * subnetworks. macsPerStep: forward multiply-adds of all subnetworks for one training batch.
 */
export function resolveThreads(threads: number | 'auto', subnets: number, macsPerStep: number): number {
  const want =
    threads === 'auto'
      ? availableParallelism() >= 2 && macsPerStep >= AUTO_THREADS_MIN_MACS
        ? 2
        : 1
      : Math.floor(threads);
  if (!(want >= 1)) throw new Error(`threads must be a positive integer or 'auto', got ${threads}`);
  return Math.max(1, Math.min(want, subnets));
}

export interface SubnetTeamOptions {
  dim: number;
  zScale: number;
  adam: { beta1: number; beta2: number; eps: number };
  /** Threads wanted (1 = serial, no worker); fewer are used if workers cannot start. */
  threads: number;
  /** One-line notices (e.g. falling back to 1 thread). */
  warn: (msg: string) => void;
}

export class SubnetTeam {
  /** Threads in use (1 when serial). */
  readonly threads: number;
  private readonly jobs: Jobs | null;
  private readonly local: SubnetShare;
  private readonly ids = new Map<Float64Array, number>();
  private closed = false;

  /** nets[k] and options[k]: subnetwork k (Z_{k+1}), already constructed (and possibly initialised) by the caller. */
  constructor(nets: BnMlp[], options: BnMlpOptions[], o: SubnetTeamOptions) {
    const offsets: number[] = [];
    let size = 0;
    for (const n of nets) {
      offsets.push(size);
      size += n.stateSize();
    }
    let jobs: Jobs | null = null;
    const spec: SubnetSpec = {
      dim: o.dim,
      zScale: o.zScale,
      options,
      offsets,
      owner: partitionSubnets(nets.length, o.threads),
      adam: o.adam,
    };
    if (o.threads > 1) {
      const state = f64(size, true);
      for (let k = 0; k < nets.length; k++) nets[k].useStateStorage(state, offsets[k], true);
      const workers = WorkerPool.create(o.threads, o.warn);
      if (workers) {
        try {
          jobs = workers.jobs(
            jobModule(
              siblingUrl(import.meta.url, 'subnet_jobs'),
              (job, ctx) => runShareJob(this.local, job, ctx),
              spec,
            ),
          );
          jobs.bind(STATE, state);
        } catch (e) {
          o.warn(`Deep BSDE: ${(e as Error).message}: running on 1 thread`);
          workers.close();
        }
      }
    }
    this.jobs = jobs;
    this.threads = jobs?.nthreads ?? 1;
    const owner = jobs ? spec.owner : partitionSubnets(nets.length, 1);
    this.local = new SubnetShare({ ...spec, owner }, 0, (k) => nets[k]);
  }

  /** Whether the caller's x, z and dz arrays must be on SharedArrayBuffers (see shared_alloc.f64). */
  get shared(): boolean {
    return this.jobs !== null;
  }

  /** z_n = zScale * subnet_{n-1}(x_n), n = 1..N-1. */
  forward(x: Float64Array, z: Float64Array, batch: number, training: boolean): void {
    if (!this.jobs) {
      this.local.forward(x, z, batch, training);
      return;
    }
    const pool = this.live();
    const a = pool.args.iargs;
    a[A_X] = this.idOf(x);
    a[A_Z] = this.idOf(z);
    a[A_BATCH] = batch;
    a[A_TRAINING] = training ? 1 : 0;
    pool.run(JOB_FORWARD);
  }

  /** Accumulate all subnetworks' parameter gradients from dz (N x batch x d, dL/dZ_n) of the latest training forward. */
  backward(dz: Float64Array, batch: number): void {
    if (!this.jobs) {
      this.local.backward(dz, batch);
      return;
    }
    this.runWith(JOB_BACKWARD, dz, batch, 0);
  }

  /**
   * Zero the subnetworks' gradients, accumulate them from dz, and take one Adam step with rate lr: one
   * parallel phase. meanwhile runs on this thread after its share (overlapping the workers' shares).
   */
  backwardAdam(dz: Float64Array, batch: number, lr: number, meanwhile?: () => void): void {
    if (!this.jobs) {
      this.local.zeroGrads();
      this.local.backward(dz, batch);
      this.local.adamStep(lr);
      meanwhile?.();
      return;
    }
    this.runWith(JOB_BACKWARD_ADAM, dz, batch, lr, meanwhile);
  }

  zeroGrads(): void {
    if (!this.jobs) {
      this.local.zeroGrads();
      return;
    }
    this.live().run(JOB_ZERO_GRADS);
  }

  adamStep(lr: number): void {
    if (!this.jobs) {
      this.local.adamStep(lr);
      return;
    }
    const pool = this.live();
    pool.args.fargs[F_LR] = lr;
    pool.run(JOB_ADAM);
  }

  /**
   * Stop the workers (they never keep the process alive, so a team that is not closed only holds
   * memory). Their subnetworks' Adam moments go with them: a closed threaded team cannot be used again.
   */
  close(): void {
    this.jobs?.pool.close();
    this.closed = true;
  }

  private live(): Jobs {
    if (this.closed) throw new Error("Deep BSDE: the model's worker threads were closed");
    return this.jobs!;
  }

  private runWith(job: number, dz: Float64Array, batch: number, lr: number, meanwhile?: () => void): void {
    const pool = this.live();
    pool.args.iargs[A_DZ] = this.idOf(dz);
    pool.args.iargs[A_BATCH] = batch;
    pool.args.fargs[F_LR] = lr;
    pool.run(job, meanwhile);
  }

  /** The id a workspace array is bound under (bound on first use; arrays are never freed while the team lives). */
  private idOf(a: Float64Array): number {
    let id = this.ids.get(a);
    if (id === undefined) {
      id = this.ids.size;
      this.ids.set(a, id);
      this.jobs!.bind(workspaceSlot(id), a);
    }
    return id;
  }
}
