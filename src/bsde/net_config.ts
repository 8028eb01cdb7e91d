/**
 * The net_config block shared by `dpmd bsde` and `dpmd control` configs (the reference DeepBSDE layout):
 * read once here through the config reader, with the ranges both solvers need. Each solver reads its own
 * extra keys (bsde: y_init_range, verbose, z_scale; control: output_scale, eval_size) and calls done().
 */
import { checkProduct, type ConfigObject } from '../config_reader.js';

/** Limits that keep a config from allocating or running without bound (a typo like 1e12). */
export const LIMITS = {
  /** Width of any hidden layer, and of the state (dim, devices). */
  width: 100_000,
  hiddenLayers: 16,
  /** Samples per batch (batch_size, valid_size, eval_size). */
  samples: 10_000_000,
  timeSteps: 100_000,
  iterations: 1_000_000_000,
  /** float64 entries of one batch workspace: steps x samples x width (about 800 MB). */
  workspace: 1e8,
  /** Trainable parameters: steps x (sum of layer matrices). */
  params: 1e8,
} as const;

export interface SharedNetConfig {
  num_hiddens: number[];
  lr_values: number[];
  lr_boundaries: number[];
  num_iterations: number;
  batch_size: number;
  valid_size: number;
  logging_frequency: number;
  dtype: string;
}

export const SHARED_NET_KEYS = [
  'num_hiddens',
  'lr_values',
  'lr_boundaries',
  'num_iterations',
  'batch_size',
  'valid_size',
  'logging_frequency',
  'dtype',
] as const;

export function readSharedNetConfig(n: ConfigObject): SharedNetConfig {
  const num_hiddens = n.ints('num_hiddens', { min: 1, max: LIMITS.width }, { maxLength: LIMITS.hiddenLayers });
  // Adam steps beyond 10 only diverge; the bound turns a typo into a message instead of a NaN at step 1
  const lr_values = n.nums('lr_values', { above: 0, max: 10 }, { minLength: 1 });
  const lr_boundaries = n.nums('lr_boundaries', { min: 0 });
  if (lr_values.length !== lr_boundaries.length + 1) {
    n.fail(
      'lr_values',
      `lr_values needs one more entry than lr_boundaries (${lr_values.length} and ${lr_boundaries.length})`,
    );
  }
  for (let i = 1; i < lr_boundaries.length; i++) {
    if (!(lr_boundaries[i] > lr_boundaries[i - 1])) n.fail('lr_boundaries', 'must be increasing');
  }
  const net: SharedNetConfig = {
    num_hiddens,
    lr_values,
    lr_boundaries,
    num_iterations: n.int('num_iterations', { min: 1, max: LIMITS.iterations }),
    batch_size: n.int('batch_size', { min: 1, max: LIMITS.samples }),
    valid_size: n.int('valid_size', { min: 1, max: LIMITS.samples }),
    logging_frequency: n.int('logging_frequency', { min: 1 }),
    dtype: n.str('dtype', 'float64'),
  };
  if (net.dtype !== 'float64') n.fail('dtype', `dtype '${net.dtype}' not supported; these solvers compute in float64`);
  return net;
}

/**
 * Bound the memory of a run: per time step the networks map `width`-wide states for `samples` paths.
 * stepsKey/widthKey name the problem's keys in messages.
 */
export function checkNetSizes(
  file: string,
  net: SharedNetConfig,
  steps: [string, number],
  width: [string, number],
  samples: [string, number],
  outWidth: number,
): void {
  const hidden = Math.max(...net.num_hiddens);
  const wide: [string, number] = width[1] >= hidden ? width : ['max net_config.num_hiddens', hidden];
  checkProduct(file, [steps, samples, wide], LIMITS.workspace, 'the float64 entries of one batch workspace');
  let perStep = 0;
  const sizes = [width[1], ...net.num_hiddens, outWidth];
  for (let i = 0; i + 1 < sizes.length; i++) perStep += sizes[i] * sizes[i + 1];
  checkProduct(
    file,
    [steps, ['weights per step of dim, num_hiddens', perStep]],
    LIMITS.params,
    'the number of trainable parameters',
  );
}
