/**
 * DeePMD-kit `input.json` for training (a registered descriptor, ener fitting, exp learning rate,
 * ener loss). Defaults are DeePMD-kit's. Keys beginning with '_' are comments. Any other key this
 * code does not know is an error naming it with its path (e.g. `input.json: unknown key
 * 'training.numb_step'`), as are known DeePMD-kit features not implemented here.
 */
import { readFileSync } from 'node:fs';
import type { ModelConfig } from './model.js';
import type { LossConfig } from './loss.js';
import { exponentialDecay } from '../nn/lr_schedule.js';
import { descriptorNames, findDescriptor } from '../deepmd/descriptors/registry.js';
import { ConfigError, ConfigObject, parseConfigText } from '../config_reader.js';

/** Errors in input.json: a ConfigError (file, key path, cause). */
export { ConfigError as InputError };

export interface DataConfig {
  /** Key path of this block ('training.training_data'), for messages about its systems. */
  key: string;
  systems: string[];
  /** 'auto' rule N (batch so that batch * natoms >= N), or a fixed size. */
  batchSize: { auto: number } | { fixed: number };
  numbBtch: number;
}

export interface TrainInput {
  /** The input's `model` section as written (kept as the model file's model_def_script). */
  modelDefScript: Record<string, unknown>;
  model: ModelConfig & {
    descSeed: number | null;
    fitSeed: number | null;
    dataStatNbatch: number;
    dataStatProtect: number;
  };
  lr: { startLr: number; stopLr: number; decaySteps: number };
  loss: LossConfig;
  training: {
    train: DataConfig;
    valid: DataConfig | null;
    numbSteps: number;
    seed: number | null;
    dispFile: string;
    dispFreq: number;
    saveFreq: number;
    saveCkpt: string;
  };
}

/** Sizes beyond these are typos (1e12) that would exhaust memory or never finish. */
const MAX_WIDTH = 10_000,
  MAX_LAYERS = 16,
  MAX_SEL = 10_000,
  MAX_STEPS = 1_000_000_000,
  MAX_BATCH = 1_000_000,
  MAX_PARAMS = 5e7;

function batchSize(d: ConfigObject): DataConfig['batchSize'] {
  const v = d.raw('batch_size');
  if (v === undefined || v === 'auto') return { auto: 32 };
  if (typeof v === 'string' && /^auto:\d+$/.test(v)) {
    const n = Number(v.slice(5));
    if (n >= 1 && n <= MAX_BATCH) return { auto: n };
  }
  if (Number.isInteger(v) && (v as number) > 0 && (v as number) <= MAX_BATCH) return { fixed: v as number };
  return d.fail('batch_size', `expected "auto", "auto:N" or an integer in 1..${MAX_BATCH}, got ${JSON.stringify(v)}`);
}

function dataConfig(d: ConfigObject, base: string): DataConfig {
  d.only(['systems', 'batch_size', 'numb_btch', 'set_prefix', 'auto_prob', 'auto_prob_style', 'sys_probs']);
  const raw = d.raw('systems');
  const sys = typeof raw === 'string' ? [raw] : d.strs('systems', { minLength: 1 });
  sys.forEach((s, i) => {
    if (s.length === 0) throw new ConfigError(d.file, `${d.keyPath('systems')}[${i}]`, 'empty path');
  });
  const prob = d.raw('auto_prob') ?? d.raw('auto_prob_style');
  if (prob !== undefined && prob !== 'prob_sys_size')
    d.fail('auto_prob', `only "prob_sys_size" is supported, got ${JSON.stringify(prob)}`);
  const sp = d.raw('sys_probs');
  if (sp !== undefined && sp !== null) d.fail('sys_probs', 'sys_probs is not supported');
  const pre = d.raw('set_prefix');
  if (pre !== undefined && pre !== 'set') d.fail('set_prefix', 'only "set" is supported');
  return {
    key: d.path,
    systems: sys.map((s) => (s.startsWith('/') || base === '.' ? s : `${base}/${s}`)),
    batchSize: batchSize(d),
    numbBtch: d.int('numb_btch', { min: 1, max: MAX_BATCH }, 1),
  };
}

const widths = (o: ConfigObject, key: string, dflt: number[]) =>
  o.ints(key, { min: 1, max: MAX_WIDTH }, { minLength: 1, maxLength: MAX_LAYERS }, dflt);

/** Parse input.json text; relative system paths are resolved against baseDir (DeePMD-kit: the working directory). */
export function parseInput(text: string, file = 'input.json', baseDir = '.'): TrainInput {
  const root = parseConfigText(text, file);
  root.only(['model', 'learning_rate', 'loss', 'training']);
  const m = root.obj('model');
  m.only(['type_map', 'descriptor', 'fitting_net', 'data_stat_nbatch', 'data_stat_protect', 'type']);
  const mtype = m.raw('type');
  if (mtype !== undefined && mtype !== 'standard')
    m.fail('type', `only standard energy models are supported, got ${JSON.stringify(mtype)}`);
  const typeMap = m.strs('type_map', { minLength: 1, maxLength: 256 });
  typeMap.forEach((t, i) => {
    if (typeMap.indexOf(t) !== i) m.fail('type_map', `'${t}' appears twice`);
  });
  const nt = typeMap.length;
  const d = m.obj('descriptor');
  const dtype = d.str('type');
  const desc =
    findDescriptor(dtype) ??
    d.fail('type', `unsupported descriptor '${dtype}' (supported: ${descriptorNames().join(', ')})`);
  d.only([
    'type',
    'sel',
    'rcut',
    'rcut_smth',
    'neuron',
    ...desc.inputKeys,
    'resnet_dt',
    'type_one_side',
    'seed',
    'activation_function',
    'precision',
    'trainable',
    'exclude_types',
    'set_davg_zero',
    'env_protection',
  ]);
  d.ignore('precision');
  const act = d.str('activation_function', 'tanh');
  if (act !== 'tanh') d.fail('activation_function', `only tanh is supported for training, got '${act}'`);
  if (d.raw('trainable') === false) d.fail('trainable', 'frozen descriptors are not supported');
  const ex = d.raw('exclude_types');
  if (Array.isArray(ex) && ex.length > 0) d.fail('exclude_types', 'exclude_types is not supported for training');
  if (typeof d.raw('sel') === 'string') d.fail('sel', 'sel "auto" is not supported: give the neighbor counts per type');
  const sel = d.ints('sel', { min: 1, max: MAX_SEL }, { length: nt });
  const rcut = d.num('rcut', { above: 0, max: 100 }, 6.0);
  const rcutSmth = d.num('rcut_smth', { min: 0 }, 0.5);
  if (!(rcutSmth < rcut)) d.fail('rcut_smth', `need 0 <= rcut_smth < rcut, got ${rcutSmth}, ${rcut}`);
  const neuron = widths(d, 'neuron', [10, 20, 40]);
  const own = desc.readInput(d, neuron[neuron.length - 1]);
  const f = m.obj('fitting_net');
  f.only([
    'type',
    'neuron',
    'resnet_dt',
    'seed',
    'activation_function',
    'precision',
    'trainable',
    'rcond',
    'numb_fparam',
    'numb_aparam',
    'atom_ener',
  ]);
  f.ignore('precision');
  if ((f.raw('type') ?? 'ener') !== 'ener')
    f.fail('type', `only 'ener' is supported, got ${JSON.stringify(f.raw('type'))}`);
  if (f.str('activation_function', 'tanh') !== 'tanh')
    f.fail('activation_function', 'only tanh is supported for training');
  for (const k of ['numb_fparam', 'numb_aparam'])
    if ((f.raw(k) ?? 0) !== 0) f.fail(k, 'frame/atomic parameters are not supported');
  const ae = f.raw('atom_ener');
  if (Array.isArray(ae) && ae.length > 0) f.fail('atom_ener', 'atom_ener is not supported');
  const ft = f.raw('trainable');
  if (ft === false || Array.isArray(ft)) f.fail('trainable', 'frozen fitting layers are not supported');
  const seedOf = (x: ConfigObject): number | null =>
    x.raw('seed') === undefined || x.raw('seed') === null ? null : x.int('seed', { min: 0, max: 2 ** 53 - 1 });
  const model: TrainInput['model'] = {
    typeMap,
    descriptor: desc.type,
    rcut,
    rcutSmth,
    sel,
    neuron,
    axisNeuron: own.axisNeuron,
    typeOneSide: d.bool('type_one_side', false),
    embResnetDt: d.bool('resnet_dt', false),
    envProtection: d.num('env_protection', { min: 0 }, 0),
    setDavgZero: d.bool('set_davg_zero', false),
    fitNeuron: widths(f, 'neuron', [120, 120, 120]),
    fitResnetDt: f.bool('resnet_dt', true),
    rcond: f.raw('rcond') === undefined || f.raw('rcond') === null ? null : f.num('rcond', { min: 0 }),
    descSeed: seedOf(d),
    fitSeed: seedOf(f),
    dataStatNbatch: m.int('data_stat_nbatch', { min: 1, max: MAX_STEPS }, 10),
    dataStatProtect: m.num('data_stat_protect', { above: 0 }, 1e-2),
  };
  // parameters of the embedding nets (one per type pair) and fitting nets (one per type): bounded, so a
  // 1e4 x 16-layer typo is a message rather than an out-of-memory crash
  const chain = (sizes: number[]) => sizes.slice(1).reduce((a, n, i) => a + sizes[i] * n + n, 0);
  const nParams =
    nt * nt * chain([1, ...neuron]) +
    nt * chain([desc.trainDimD(neuron[neuron.length - 1], own), ...model.fitNeuron, 1]);
  if (nParams > MAX_PARAMS) {
    m.fail(
      null,
      `model.descriptor.neuron [${neuron}] and model.fitting_net.neuron [${model.fitNeuron}] with ${nt} types give ` +
        `${nParams.toExponential(2)} parameters, more than the bound ${MAX_PARAMS.toExponential(0)}`,
    );
  }
  const l = root.obj('learning_rate', true) ?? emptyBlock(root, 'learning_rate');
  l.only(['type', 'start_lr', 'stop_lr', 'decay_steps', 'scale_by_worker', 'decay_rate']);
  l.ignore('scale_by_worker');
  if ((l.raw('type') ?? 'exp') !== 'exp')
    l.fail('type', `only 'exp' is supported, got ${JSON.stringify(l.raw('type'))}`);
  const dr = l.raw('decay_rate');
  if (dr !== undefined && dr !== null) l.fail('decay_rate', 'give stop_lr instead (decay_rate is not supported)');
  const lr = {
    startLr: l.num('start_lr', { above: 0, max: 10 }, 1e-3),
    stopLr: l.num('stop_lr', { above: 0, max: 10 }, 1e-8),
    decaySteps: l.int('decay_steps', { min: 1, max: MAX_STEPS }, 5000),
  };
  const lo = root.obj('loss', true) ?? emptyBlock(root, 'loss');
  lo.only([
    'type',
    'start_pref_e',
    'limit_pref_e',
    'start_pref_f',
    'limit_pref_f',
    'start_pref_v',
    'limit_pref_v',
    'start_pref_ae',
    'limit_pref_ae',
    'start_pref_pf',
    'limit_pref_pf',
    'relative_f',
    'enable_atom_ener_coeff',
  ]);
  lo.ignore('enable_atom_ener_coeff');
  if ((lo.raw('type') ?? 'ener') !== 'ener')
    lo.fail('type', `only 'ener' is supported, got ${JSON.stringify(lo.raw('type'))}`);
  for (const k of ['start_pref_ae', 'limit_pref_ae', 'start_pref_pf', 'limit_pref_pf'])
    if ((lo.raw(k) ?? 0) !== 0) lo.fail(k, 'atomic-energy and prefactor-force losses are not supported');
  const rf = lo.raw('relative_f');
  if (rf !== undefined && rf !== null) lo.fail('relative_f', 'relative_f is not supported');
  const pref = { min: 0, max: 1e12 };
  const loss: LossConfig = {
    startPrefE: lo.num('start_pref_e', pref, 0.02),
    limitPrefE: lo.num('limit_pref_e', pref, 1),
    startPrefF: lo.num('start_pref_f', pref, 1000),
    limitPrefF: lo.num('limit_pref_f', pref, 1),
    startPrefV: lo.num('start_pref_v', pref, 0),
    limitPrefV: lo.num('limit_pref_v', pref, 0),
  };
  if (loss.startPrefE + loss.limitPrefE + loss.startPrefF + loss.limitPrefF + loss.startPrefV + loss.limitPrefV === 0) {
    lo.fail(null, 'every prefactor is 0: nothing to train on');
  }
  const t = root.obj('training');
  t.only([
    'training_data',
    'validation_data',
    'numb_steps',
    'stop_batch',
    'seed',
    'disp_file',
    'disp_freq',
    'save_freq',
    'save_ckpt',
    'disp_training',
    'time_training',
    'profiling',
    'profiling_file',
    'tensorboard',
    'tensorboard_log_dir',
    'tensorboard_freq',
    'numb_test',
    'max_ckpt_keep',
  ]);
  t.ignore(
    'disp_training',
    'time_training',
    'profiling',
    'profiling_file',
    'tensorboard',
    'tensorboard_log_dir',
    'tensorboard_freq',
    'numb_test',
    'max_ckpt_keep',
  );
  const steps = { min: 1, max: MAX_STEPS };
  if (!t.has('numb_steps') && !t.has('stop_batch'))
    t.fail('numb_steps', 'missing (the number of training steps; stop_batch is its old name)');
  const numbSteps = t.has('numb_steps') ? t.int('numb_steps', steps) : t.int('stop_batch', steps);
  const nonEmpty = (k: string, dflt: string) => {
    const v = t.str(k, dflt);
    if (v.length === 0) t.fail(k, 'empty path');
    return v;
  };
  const training: TrainInput['training'] = {
    train: dataConfig(t.obj('training_data'), baseDir),
    valid:
      t.raw('validation_data') === undefined || t.raw('validation_data') === null
        ? null
        : dataConfig(t.obj('validation_data'), baseDir),
    numbSteps,
    seed: t.raw('seed') === undefined || t.raw('seed') === null ? null : t.int('seed', { min: 0, max: 2 ** 53 - 1 }),
    dispFile: nonEmpty('disp_file', 'lcurve.out'),
    dispFreq: t.int('disp_freq', { min: 1 }, 1000),
    saveFreq: t.int('save_freq', { min: 1 }, 1000),
    saveCkpt: nonEmpty('save_ckpt', 'model.ckpt'),
  };
  for (const o of [root, m, d, f, l, lo, t]) o.done();
  return { modelDefScript: JSON.parse(JSON.stringify(m.data)) as Record<string, unknown>, model, lr, loss, training };
}

/** An absent optional block reads as {} (every key at its default). */
function emptyBlock(parent: ConfigObject, key: string): ConfigObject {
  return new ConfigObject(parent.file, parent.keyPath(key), {});
}

/** Read input.json; as with `dp train`, relative paths inside are relative to the working directory. */
export function readInput(path: string): TrainInput {
  return parseInput(readFileSync(path, 'utf8'), path, '.');
}

/** DeePMD-kit's LearningRateExp: start_lr * rate^floor(step / decay_steps), rate from stop_lr at numb_steps, >= stop_lr. */
export function expLr(
  startLr: number,
  stopLr: number,
  decaySteps: number,
  numbSteps: number,
): (step: number) => number {
  let ds = decaySteps;
  if (ds >= numbSteps) ds = Math.max(1, Math.min(100, Math.floor(numbSteps / 10) || 1));
  const rate = Math.exp(Math.log(stopLr / startLr) / (numbSteps / ds));
  const sched = exponentialDecay(startLr, ds, rate, true);
  return (step: number) => Math.max(sched(step), stopLr);
}
