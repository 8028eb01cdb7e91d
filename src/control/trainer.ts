import { Adam } from '../nn/adam.js';
import { piecewiseConstant } from '../nn/lr_schedule.js';
import { zeroGrads } from '../nn/param.js';
import { Rng } from '../nn/rng.js';
import type { ControlNetConfig } from './config.js';
import { DeepControlModel } from './deep_control_model.js';
import { NonFiniteLossError } from '../bsde/solver.js';
import type { ControlProblem } from './problem.js';

export interface ControlHistoryRow {
  step: number;
  /** Mean cost on the fixed validation batch (BN in eval mode). */
  cost: number;
  elapsed: number;
}

export interface ControlTrainResult {
  model: DeepControlModel;
  history: ControlHistoryRow[];
  wallSeconds: number;
  /** Data stream after training, for fresh evaluation samples. */
  rng: Rng;
}

/**
 * Train the deep control policy: num_iterations Adam steps on the Monte Carlo cost of fresh batches,
 * piecewise-constant learning rate, validation cost logged every logging_frequency steps. Deterministic per seed.
 */
export function trainDeepControl(
  problem: ControlProblem,
  net: ControlNetConfig,
  seed: number,
  onLog?: (r: ControlHistoryRow) => void,
  numIterations?: number,
): ControlTrainResult {
  const master = new Rng(seed);
  const initRng = master.split(),
    dataRng = master.split();
  const model = new DeepControlModel(problem, { numHiddens: net.num_hiddens, outputScale: net.output_scale });
  model.init(initRng);
  const params = model.params();
  const adam = new Adam(params);
  const lr = piecewiseConstant(net.lr_boundaries, net.lr_values);
  const iters = numIterations ?? net.num_iterations;
  model.sample(dataRng, net.valid_size, 'valid');
  const history: ControlHistoryRow[] = [];
  const t0 = performance.now();
  for (let step = 0; step <= iters; step++) {
    if (step % net.logging_frequency === 0 || step === iters) {
      const row = {
        step,
        cost: model.forward(net.valid_size, false, 'valid'),
        elapsed: (performance.now() - t0) / 1000,
      };
      if (!Number.isFinite(row.cost)) throw new NonFiniteLossError(step, row.cost, 'validation');
      history.push(row);
      onLog?.(row);
    }
    if (step === iters) break;
    model.sample(dataRng, net.batch_size);
    zeroGrads(params);
    const cost = model.forward(net.batch_size, true);
    if (!Number.isFinite(cost)) throw new NonFiniteLossError(step, cost, 'training');
    model.backward();
    adam.step(lr(adam.t));
  }
  return { model, history, wallSeconds: (performance.now() - t0) / 1000, rng: dataRng };
}

/** Mean and standard error of a sample. */
export function meanStdErr(x: ArrayLike<number>, n = x.length): { mean: number; stdErr: number } {
  let s = 0;
  for (let i = 0; i < n; i++) s += x[i];
  const m = s / n;
  let v = 0;
  for (let i = 0; i < n; i++) v += (x[i] - m) ** 2;
  return { mean: m, stdErr: Math.sqrt(v / (n - 1) / n) };
}
