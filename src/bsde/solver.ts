import { Adam } from '../nn/adam.js';
import { piecewiseConstant } from '../nn/lr_schedule.js';
import { zeroGrads } from '../nn/param.js';
import { Rng } from '../nn/rng.js';
import type { BsdeConfig } from './config.js';
import { DeepBsdeModel } from './deep_bsde_model.js';
import type { Equation } from './equation.js';

/** One logged row: step, validation loss, Y0 estimate, seconds since the start of training. */
export interface HistoryRow {
  step: number;
  loss: number;
  y0: number;
  elapsed: number;
}

export interface TrainOptions {
  seed: number;
  /** Called for each logged row (for printing). */
  onLog?: (row: HistoryRow) => void;
  /** Override net_config.num_iterations (benchmarks with a reduced budget). */
  numIterations?: number;
}

export interface TrainResult {
  y0: number;
  history: HistoryRow[];
  wallSeconds: number;
}

/**
 * Train the Deep BSDE model of `cfg` on equation `eq` as the reference solver does: a fixed validation
 * batch (valid_size) drawn first, then num_iterations Adam steps on fresh batches of batch_size with the
 * piecewise-constant learning rate; validation loss (BN in eval mode) and Y0 logged every logging_frequency
 * steps and at the end. Deterministic for a given seed.
 */
export function trainDeepBsde(eq: Equation, cfg: BsdeConfig, opts: TrainOptions): TrainResult {
  const net = cfg.net_config;
  const master = new Rng(opts.seed);
  const initRng = master.split();
  const dataRng = master.split();
  const model = new DeepBsdeModel(eq, { numHiddens: net.num_hiddens, yInitRange: net.y_init_range });
  model.init(initRng);
  const params = model.params();
  const adam = new Adam(params, 0.9, 0.999, 1e-8);
  const lr = piecewiseConstant(net.lr_boundaries, net.lr_values);
  const iters = opts.numIterations ?? net.num_iterations;
  const valid = net.valid_size, batch = net.batch_size;
  model.sample(dataRng, valid, 'valid');
  const history: HistoryRow[] = [];
  const t0 = performance.now();
  for (let step = 0; step <= iters; step++) {
    if (step % net.logging_frequency === 0 || step === iters) {
      const loss = model.forward(valid, false, 'valid');
      const row = { step, loss, y0: model.y0.value[0], elapsed: (performance.now() - t0) / 1000 };
      history.push(row);
      opts.onLog?.(row);
    }
    if (step === iters) break;
    model.sample(dataRng, batch);
    zeroGrads(params);
    model.forward(batch, true);
    model.backward();
    adam.step(lr(adam.t));
  }
  return { y0: model.y0.value[0], history, wallSeconds: (performance.now() - t0) / 1000 };
}
