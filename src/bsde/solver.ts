import { piecewiseConstant } from '../nn/lr_schedule.js';
import { Rng } from '../nn/rng.js';
import type { BsdeConfig } from './config.js';
import { DeepBsdeModel, forwardMacs, type DeepBsdeNetOptions } from './deep_bsde_model.js';
import type { Equation } from './equation.js';
import { resolveThreads } from './subnet_team.js';

/**
 * Training diverged (or the config describes a problem whose values overflow): stop at the first
 * non-finite loss rather than report NaN. The message names the step and suggests the usual causes.
 */
export class NonFiniteLossError extends Error {
  constructor(
    readonly step: number,
    readonly value: number,
    what: string,
  ) {
    super(
      `${what} ${what === 'Y0' ? 'estimate' : 'loss'} is ${value} at step ${step}: training diverged ` +
        '(lower net_config.lr_values, or check eqn_config/problem_config values such as total_time)',
    );
    this.name = 'NonFiniteLossError';
  }
}

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
  /**
   * Threads for the subnetworks: a positive integer or 'auto' (default: 2 on a machine with 2+ cores
   * unless the networks are tiny, see resolveThreads). Results are bit-identical for any thread count.
   */
  threads?: number | 'auto';
  /** One-line notices (default console.error), e.g. when worker threads cannot start. */
  warn?: (msg: string) => void;
}

export interface TrainResult {
  /** The reported estimate: the final y_init, or its mean over the last y0_average_last steps. */
  y0: number;
  /** y_init after each Adam step (index s: after step s + 1), for averaging and diagnostics. */
  y0Trace: Float64Array;
  history: HistoryRow[];
  wallSeconds: number;
  /** Threads the subnetworks ran on. */
  threads: number;
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
  const model = new DeepBsdeModel(eq, netOptions(cfg), {
    threads: opts.threads ?? 'auto',
    batch: net.batch_size,
    warn: opts.warn,
    adam: { beta1: 0.9, beta2: 0.999, eps: 1e-8 },
  });
  try {
    model.init(initRng);
    const lr = piecewiseConstant(net.lr_boundaries, net.lr_values);
    const iters = opts.numIterations ?? net.num_iterations;
    const valid = net.valid_size,
      batch = net.batch_size;
    model.sample(dataRng, valid, 'valid');
    if (net.y_init_from_terminal) model.y0.value[0] = terminalMean(eq, model.workspace(valid, 'valid').x, valid);
    // Training batches alternate between two workspaces so that batch step+1 can be drawn while the
    // worker threads finish step's backward pass; the data stream is consumed in the same order as
    // drawing each batch just before its step, so results do not change.
    const slot = (s: number) => (s % 2 === 0 ? 'train' : 'train1');
    let next = 1;
    const sampleNext = () => model.sample(dataRng, batch, slot(next));
    const history: HistoryRow[] = [];
    const y0Trace = new Float64Array(iters);
    const t0 = performance.now();
    if (iters > 0) model.sample(dataRng, batch, slot(0));
    for (let step = 0; step <= iters; step++) {
      if (step % net.logging_frequency === 0 || step === iters) {
        const loss = model.forward(valid, false, 'valid');
        const row = { step, loss, y0: model.y0.value[0], elapsed: (performance.now() - t0) / 1000 };
        if (!Number.isFinite(loss) || !Number.isFinite(row.y0))
          throw new NonFiniteLossError(
            step,
            Number.isFinite(loss) ? row.y0 : loss,
            Number.isFinite(loss) ? 'Y0' : 'validation',
          );
        history.push(row);
        opts.onLog?.(row);
      }
      if (step === iters) break;
      const loss = model.forward(batch, true, slot(step));
      if (!Number.isFinite(loss)) throw new NonFiniteLossError(step, loss, 'training');
      // zero gradients, backward, Adam: one parallel phase over the subnetworks' threads
      next = step + 1;
      model.backwardAdam(lr(model.adamSteps), next < iters ? sampleNext : undefined);
      y0Trace[step] = model.y0.value[0];
    }
    const y0 = tailMean(y0Trace, net.y0_average_last ?? 0, model.y0.value[0]);
    return { y0, y0Trace, history, wallSeconds: (performance.now() - t0) / 1000, threads: model.threads };
  } finally {
    model.close();
  }
}

/**
 * mean_b g(X_N^b) over the paths in x ((N+1) x batch x d): the y_init that minimises the loss when every Z is zero
 * (then Y_N = y_init for f(t,x,y,0) = 0, as for HJBLQ). Starting there spares the first few hundred Adam steps that
 * y_init otherwise spends walking from y_init_range at about lr per step.
 */
export function terminalMean(eq: Equation, x: Float64Array, batch: number): number {
  const gT = new Float64Array(batch);
  eq.g(x, eq.numTimeInterval * batch * eq.dim, batch, gT);
  let s = 0;
  for (let b = 0; b < batch; b++) s += gT[b];
  return s / batch;
}

/**
 * Polyak-Ruppert average of the last k entries of trace (fallback when k = 0 or the trace is empty). With Adam at a
 * constant or slowly decaying rate y_init keeps moving by about lr per step around the optimum of the current
 * Z networks; the mean over the last k steps removes most of that jitter (its bias is the drift of the optimum
 * over those steps). Summed in index order, so the value is reproducible.
 */
export function tailMean(trace: Float64Array, k: number, fallback: number): number {
  const n = Math.min(k, trace.length);
  if (n <= 0) return fallback;
  let s = 0;
  for (let i = trace.length - n; i < trace.length; i++) s += trace[i];
  return s / n;
}

function netOptions(cfg: BsdeConfig): DeepBsdeNetOptions {
  return {
    numHiddens: cfg.net_config.num_hiddens,
    yInitRange: cfg.net_config.y_init_range,
    zScale: cfg.net_config.z_scale,
  };
}

/** Threads trainDeepBsde(eq, cfg, { threads }) asks for (it runs on 1 if worker threads cannot start). */
export function plannedThreads(eq: Equation, cfg: BsdeConfig, threads: number | 'auto'): number {
  const options = DeepBsdeModel.subnetOptions(eq, netOptions(cfg));
  return resolveThreads(threads, options.length, forwardMacs(options, cfg.net_config.batch_size));
}
