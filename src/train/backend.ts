/**
 * Where a batch's loss and gradient are computed: on this thread (LocalBackend) or split over atoms
 * between this thread and worker threads (pool.ts). Both zero the model's gradient first and leave
 * dL/dtheta in model.flatGrad.
 */
import { batchLossGrad, type Has } from './batch_grad.js';
import { FrameEngine } from './engine.js';
import type { PreparedFrame } from './frame.js';
import type { ErrorSums, Prefactors } from './loss.js';
import type { TrainModel } from './model.js';

export interface FrameRef { frame: PreparedFrame; id: string }

export interface GradBackend {
  /** Loss sums of a batch (frames of one system); with grad, model.flatGrad = dL/dtheta. */
  lossGrad(frames: FrameRef[], has: Has, p: Prefactors, grad: boolean): Promise<ErrorSums>;
  close(): Promise<void>;
  readonly threads: number;
}

export class LocalBackend implements GradBackend {
  readonly threads = 1;
  private readonly engine: FrameEngine;
  constructor(readonly model: TrainModel, chunk = 16) { this.engine = new FrameEngine(model, chunk); }
  async lossGrad(frames: FrameRef[], has: Has, p: Prefactors, grad: boolean): Promise<ErrorSums> {
    if (grad) this.model.flatGrad.fill(0);
    return batchLossGrad(this.engine, frames.map((f) => f.frame), has, p, grad);
  }
  async close(): Promise<void> { /* nothing */ }
}
