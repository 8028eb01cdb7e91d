/**
 * The Deep BSDE jobs of a WorkerPool (src/parallel/worker_pool.ts, given as its job module): each
 * thread runs its SubnetShare on arrays bound to slots: STATE (all subnetworks' parameters,
 * gradients and BN moving averages at SubnetSpec.offsets) and the workspaces' x ((N+1) x batch x d),
 * z and dz (N x batch x d), bound once each to workspaceSlot(id) and chosen per job by id in iargs, so
 * alternating workspaces (training batches, the validation set) never rebinds. Batch size and mode
 * are in iargs, the learning rate in fargs. Workers import this module and build their share on
 * first use from ctx.data (the SubnetSpec); thread 0 passes its own share to runShareJob.
 */
import { arrayOf, f64Slot, type JobContext, type Slot } from '../parallel/job_context.js';
import { SubnetShare, type SubnetSpec } from './subnet_share.js';

/** z = subnets(x) (iargs A_TRAINING: batch statistics and moving-average updates). */
export const JOB_FORWARD = 1;
/** zero own gradients, accumulate them from dz, one Adam step with fargs[F_LR]: one training step's second half. */
export const JOB_BACKWARD_ADAM = 2;
/** accumulate gradients from dz (no zeroing, no Adam). */
export const JOB_BACKWARD = 3;
export const JOB_ZERO_GRADS = 4;
export const JOB_ADAM = 5;

export const A_BATCH = 0,
  A_TRAINING = 1,
  A_X = 2,
  A_Z = 3,
  A_DZ = 4;
export const F_LR = 0;

/** All subnetworks' state (SubnetShare.onSharedState). */
export const STATE = f64Slot(0, 'state');
const workspaces: Slot<Float64Array>[] = [];
/** Slot of workspace array id. */
export function workspaceSlot(id: number): Slot<Float64Array> {
  return (workspaces[id] ??= f64Slot(1 + id, `ws${id}`));
}

let workerShare: SubnetShare | null = null;

/** Entry point on a worker thread. */
export function runJob(job: number, ctx: JobContext): void {
  workerShare ??= SubnetShare.onSharedState(ctx.data as SubnetSpec, ctx.tid, arrayOf(ctx, STATE));
  runShareJob(workerShare, job, ctx);
}

/** Run one job on a thread's share. */
export function runShareJob(share: SubnetShare, job: number, ctx: JobContext): void {
  const a = ctx.iargs,
    batch = a[A_BATCH];
  const arr = (slot: number): Float64Array => arrayOf(ctx, workspaceSlot(a[slot]));
  switch (job) {
    case JOB_FORWARD:
      share.forward(arr(A_X), arr(A_Z), batch, a[A_TRAINING] !== 0);
      return;
    case JOB_BACKWARD_ADAM:
      share.zeroGrads();
      share.backward(arr(A_DZ), batch);
      share.adamStep(ctx.fargs[F_LR]);
      return;
    case JOB_BACKWARD:
      share.backward(arr(A_DZ), batch);
      return;
    case JOB_ZERO_GRADS:
      share.zeroGrads();
      return;
    case JOB_ADAM:
      share.adamStep(ctx.fargs[F_LR]);
      return;
    default:
      throw new Error(`Deep BSDE worker: unknown job ${job}`);
  }
}
