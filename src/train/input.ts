/**
 * DeePMD-kit `input.json` for training (se_e2_a / se_e2_r descriptor, ener fitting, exp learning rate,
 * ener loss). Defaults are DeePMD-kit's. Keys beginning with '_' are comments. Any other key this
 * code does not know is an error naming it with its path (e.g. `input.json: unknown key
 * 'training.numb_step'`), as are known DeePMD-kit features not implemented here.
 */
import { readFileSync } from 'node:fs';
import type { ModelConfig } from './model.js';
import type { LossConfig } from './loss.js';
import { exponentialDecay } from '../nn/lr_schedule.js';

export class InputError extends Error {
  constructor(message: string) { super(message); this.name = 'InputError'; }
}

export interface DataConfig {
  systems: string[];
  /** 'auto' rule N (batch so that batch * natoms >= N), or a fixed size. */
  batchSize: { auto: number } | { fixed: number };
  numbBtch: number;
}

export interface TrainInput {
  /** The input's `model` section as written (kept as the model file's model_def_script). */
  modelDefScript: Record<string, unknown>;
  model: ModelConfig & { descSeed: number | null; fitSeed: number | null; dataStatNbatch: number; dataStatProtect: number };
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

type Dict = Record<string, unknown>;

function isDict(v: unknown): v is Dict { return typeof v === 'object' && v !== null && !Array.isArray(v); }

class Reader {
  constructor(readonly file: string) {}
  fail(path: string, msg: string): never { throw new InputError(`${this.file}: ${path}: ${msg}`); }
  keys(d: Dict, path: string, allowed: string[]): void {
    const bad = Object.keys(d).filter((k) => !k.startsWith('_') && !allowed.includes(k));
    if (bad.length) throw new InputError(`${this.file}: unknown key${bad.length > 1 ? 's' : ''} ${bad.map((k) => `'${path ? path + '.' : ''}${k}'`).join(', ')}`);
  }
  dict(d: Dict, k: string, path: string, required = true): Dict {
    const v = d[k];
    if (v === undefined && !required) return {};
    if (!isDict(v)) this.fail(`${path}${k}`, 'expected an object');
    return v;
  }
  num(d: Dict, k: string, path: string, dflt?: number): number {
    const v = d[k];
    if (v === undefined && dflt !== undefined) return dflt;
    if (typeof v !== 'number' || !Number.isFinite(v)) this.fail(`${path}${k}`, `expected a number, got ${JSON.stringify(v)}`);
    return v;
  }
  int(d: Dict, k: string, path: string, dflt?: number): number {
    const v = this.num(d, k, path, dflt);
    if (!Number.isInteger(v)) this.fail(`${path}${k}`, `expected an integer, got ${v}`);
    return v;
  }
  bool(d: Dict, k: string, path: string, dflt: boolean): boolean {
    const v = d[k];
    if (v === undefined) return dflt;
    if (typeof v !== 'boolean') this.fail(`${path}${k}`, `expected true/false, got ${JSON.stringify(v)}`);
    return v;
  }
  str(d: Dict, k: string, path: string, dflt?: string): string {
    const v = d[k];
    if (v === undefined && dflt !== undefined) return dflt;
    if (typeof v !== 'string') this.fail(`${path}${k}`, `expected a string, got ${JSON.stringify(v)}`);
    return v;
  }
  ints(d: Dict, k: string, path: string, dflt?: number[]): number[] {
    const v = d[k];
    if (v === undefined && dflt) return dflt;
    if (!Array.isArray(v) || !v.every((x) => Number.isInteger(x) && x > 0)) this.fail(`${path}${k}`, `expected a list of positive integers, got ${JSON.stringify(v)}`);
    return v as number[];
  }
}

function batchSize(r: Reader, v: unknown, path: string): DataConfig['batchSize'] {
  if (v === undefined || v === 'auto') return { auto: 32 };
  if (typeof v === 'string' && /^auto:\d+$/.test(v)) return { auto: Number(v.slice(5)) };
  if (Number.isInteger(v) && (v as number) > 0) return { fixed: v as number };
  return r.fail(path, `expected "auto", "auto:N" or a positive integer, got ${JSON.stringify(v)}`);
}

function dataConfig(r: Reader, d: Dict, path: string, base: string): DataConfig {
  r.keys(d, path, ['systems', 'batch_size', 'numb_btch', 'set_prefix', 'auto_prob', 'auto_prob_style', 'sys_probs']);
  let sys = d.systems;
  if (typeof sys === 'string') sys = [sys];
  if (!Array.isArray(sys) || sys.length === 0 || !sys.every((s) => typeof s === 'string')) r.fail(`${path}.systems`, 'expected a path or a list of paths');
  const prob = d.auto_prob ?? d.auto_prob_style;
  if (prob !== undefined && prob !== 'prob_sys_size') r.fail(`${path}.auto_prob`, `only "prob_sys_size" is supported, got ${JSON.stringify(prob)}`);
  if (d.sys_probs !== undefined && d.sys_probs !== null) r.fail(`${path}.sys_probs`, 'sys_probs is not supported');
  if (d.set_prefix !== undefined && d.set_prefix !== 'set') r.fail(`${path}.set_prefix`, 'only "set" is supported');
  return {
    systems: (sys as string[]).map((s) => (s.startsWith('/') || base === '.' ? s : `${base}/${s}`)),
    batchSize: batchSize(r, d.batch_size, `${path}.batch_size`),
    numbBtch: r.int(d, 'numb_btch', `${path}.`, 1),
  };
}

/** Parse input.json text; relative system paths are resolved against baseDir (DeePMD-kit: the working directory). */
export function parseInput(text: string, file = 'input.json', baseDir = '.'): TrainInput {
  const r: Reader = new Reader(file);
  let root: unknown;
  try { root = JSON.parse(text); } catch (e) { throw new InputError(`${file}: invalid JSON: ${(e as Error).message}`); }
  if (!isDict(root)) r.fail('(top level)', 'expected an object');
  r.keys(root, '', ['model', 'learning_rate', 'loss', 'training']);
  const m = r.dict(root, 'model', '');
  r.keys(m, 'model', ['type_map', 'descriptor', 'fitting_net', 'data_stat_nbatch', 'data_stat_protect', 'type']);
  if (m.type !== undefined && m.type !== 'standard') r.fail('model.type', `only standard energy models are supported, got ${JSON.stringify(m.type)}`);
  const typeMap = m.type_map;
  if (!Array.isArray(typeMap) || typeMap.length === 0 || !typeMap.every((t) => typeof t === 'string')) r.fail('model.type_map', 'expected a list of element names');
  const nt = typeMap.length;
  const d = r.dict(m, 'descriptor', 'model.');
  const dtype = r.str(d, 'type', 'model.descriptor.');
  const isA = dtype === 'se_e2_a' || dtype === 'se_a';
  if (!isA && dtype !== 'se_e2_r' && dtype !== 'se_r') r.fail('model.descriptor.type', `unsupported descriptor '${dtype}' (supported: se_e2_a, se_e2_r)`);
  r.keys(d, 'model.descriptor', ['type', 'sel', 'rcut', 'rcut_smth', 'neuron', ...(isA ? ['axis_neuron'] : []), 'resnet_dt', 'type_one_side',
    'seed', 'activation_function', 'precision', 'trainable', 'exclude_types', 'set_davg_zero', 'env_protection']);
  const act = r.str(d, 'activation_function', 'model.descriptor.', 'tanh');
  if (act !== 'tanh') r.fail('model.descriptor.activation_function', `only tanh is supported for training, got '${act}'`);
  if (d.trainable === false) r.fail('model.descriptor.trainable', 'frozen descriptors are not supported');
  if (Array.isArray(d.exclude_types) && d.exclude_types.length > 0) r.fail('model.descriptor.exclude_types', 'exclude_types is not supported for training');
  if (d.sel === 'auto' || typeof d.sel === 'string') r.fail('model.descriptor.sel', 'sel "auto" is not supported: give the neighbor counts per type');
  const sel = r.ints(d, 'sel', 'model.descriptor.');
  if (sel.length !== nt) r.fail('model.descriptor.sel', `has ${sel.length} entries for ${nt} types`);
  const rcut = r.num(d, 'rcut', 'model.descriptor.', 6.0);
  const rcutSmth = r.num(d, 'rcut_smth', 'model.descriptor.', 0.5);
  if (!(rcutSmth >= 0 && rcutSmth < rcut)) r.fail('model.descriptor.rcut_smth', `need 0 <= rcut_smth < rcut, got ${rcutSmth}, ${rcut}`);
  const neuron = r.ints(d, 'neuron', 'model.descriptor.', [10, 20, 40]);
  const axis = isA ? r.int(d, 'axis_neuron', 'model.descriptor.', 4) : 0;
  if (isA && (axis < 1 || axis > neuron[neuron.length - 1])) r.fail('model.descriptor.axis_neuron', `must be in 1..${neuron[neuron.length - 1]}`);
  const f = r.dict(m, 'fitting_net', 'model.');
  r.keys(f, 'model.fitting_net', ['type', 'neuron', 'resnet_dt', 'seed', 'activation_function', 'precision', 'trainable', 'rcond', 'numb_fparam', 'numb_aparam', 'atom_ener']);
  if ((f.type ?? 'ener') !== 'ener') r.fail('model.fitting_net.type', `only 'ener' is supported, got ${JSON.stringify(f.type)}`);
  if (r.str(f, 'activation_function', 'model.fitting_net.', 'tanh') !== 'tanh') r.fail('model.fitting_net.activation_function', 'only tanh is supported for training');
  for (const k of ['numb_fparam', 'numb_aparam']) if ((f[k] ?? 0) !== 0) r.fail(`model.fitting_net.${k}`, 'frame/atomic parameters are not supported');
  if (Array.isArray(f.atom_ener) && f.atom_ener.length > 0) r.fail('model.fitting_net.atom_ener', 'atom_ener is not supported');
  if (f.trainable === false || Array.isArray(f.trainable)) r.fail('model.fitting_net.trainable', 'frozen fitting layers are not supported');
  const seedOf = (x: Dict, p: string): number | null => (x.seed === undefined || x.seed === null ? null : r.int(x, 'seed', p));
  const model: TrainInput['model'] = {
    typeMap: typeMap as string[], descriptor: isA ? 'se_e2_a' : 'se_e2_r', rcut, rcutSmth, sel, neuron, axisNeuron: axis,
    typeOneSide: r.bool(d, 'type_one_side', 'model.descriptor.', false), embResnetDt: r.bool(d, 'resnet_dt', 'model.descriptor.', false),
    envProtection: r.num(d, 'env_protection', 'model.descriptor.', 0), setDavgZero: r.bool(d, 'set_davg_zero', 'model.descriptor.', false),
    fitNeuron: r.ints(f, 'neuron', 'model.fitting_net.', [120, 120, 120]), fitResnetDt: r.bool(f, 'resnet_dt', 'model.fitting_net.', true),
    rcond: f.rcond === undefined || f.rcond === null ? null : r.num(f, 'rcond', 'model.fitting_net.'),
    descSeed: seedOf(d, 'model.descriptor.'), fitSeed: seedOf(f, 'model.fitting_net.'),
    dataStatNbatch: r.int(m, 'data_stat_nbatch', 'model.', 10), dataStatProtect: r.num(m, 'data_stat_protect', 'model.', 1e-2),
  };
  const l = r.dict(root, 'learning_rate', '', false);
  r.keys(l, 'learning_rate', ['type', 'start_lr', 'stop_lr', 'decay_steps', 'scale_by_worker', 'decay_rate']);
  if ((l.type ?? 'exp') !== 'exp') r.fail('learning_rate.type', `only 'exp' is supported, got ${JSON.stringify(l.type)}`);
  if (l.decay_rate !== undefined && l.decay_rate !== null) r.fail('learning_rate.decay_rate', 'give stop_lr instead (decay_rate is not supported)');
  const lr = { startLr: r.num(l, 'start_lr', 'learning_rate.', 1e-3), stopLr: r.num(l, 'stop_lr', 'learning_rate.', 1e-8), decaySteps: r.int(l, 'decay_steps', 'learning_rate.', 5000) };
  const lo = r.dict(root, 'loss', '', false);
  r.keys(lo, 'loss', ['type', 'start_pref_e', 'limit_pref_e', 'start_pref_f', 'limit_pref_f', 'start_pref_v', 'limit_pref_v',
    'start_pref_ae', 'limit_pref_ae', 'start_pref_pf', 'limit_pref_pf', 'relative_f', 'enable_atom_ener_coeff']);
  if ((lo.type ?? 'ener') !== 'ener') r.fail('loss.type', `only 'ener' is supported, got ${JSON.stringify(lo.type)}`);
  for (const k of ['start_pref_ae', 'limit_pref_ae', 'start_pref_pf', 'limit_pref_pf']) if ((lo[k] ?? 0) !== 0) r.fail(`loss.${k}`, 'atomic-energy and prefactor-force losses are not supported');
  if (lo.relative_f !== undefined && lo.relative_f !== null) r.fail('loss.relative_f', 'relative_f is not supported');
  const loss: LossConfig = {
    startPrefE: r.num(lo, 'start_pref_e', 'loss.', 0.02), limitPrefE: r.num(lo, 'limit_pref_e', 'loss.', 1),
    startPrefF: r.num(lo, 'start_pref_f', 'loss.', 1000), limitPrefF: r.num(lo, 'limit_pref_f', 'loss.', 1),
    startPrefV: r.num(lo, 'start_pref_v', 'loss.', 0), limitPrefV: r.num(lo, 'limit_pref_v', 'loss.', 0),
  };
  const t = r.dict(root, 'training', '');
  r.keys(t, 'training', ['training_data', 'validation_data', 'numb_steps', 'stop_batch', 'seed', 'disp_file', 'disp_freq', 'save_freq', 'save_ckpt',
    'disp_training', 'time_training', 'profiling', 'profiling_file', 'tensorboard', 'tensorboard_log_dir', 'tensorboard_freq', 'numb_test', 'max_ckpt_keep']);
  const numbSteps = t.numb_steps !== undefined ? r.int(t, 'numb_steps', 'training.') : r.int(t, 'stop_batch', 'training.');
  const training: TrainInput['training'] = {
    train: dataConfig(r, r.dict(t, 'training_data', 'training.'), 'training.training_data', baseDir),
    valid: t.validation_data === undefined || t.validation_data === null ? null : dataConfig(r, r.dict(t, 'validation_data', 'training.'), 'training.validation_data', baseDir),
    numbSteps, seed: t.seed === undefined || t.seed === null ? null : r.int(t, 'seed', 'training.'),
    dispFile: r.str(t, 'disp_file', 'training.', 'lcurve.out'), dispFreq: r.int(t, 'disp_freq', 'training.', 1000),
    saveFreq: r.int(t, 'save_freq', 'training.', 1000), saveCkpt: r.str(t, 'save_ckpt', 'training.', 'model.ckpt'),
  };
  if (training.dispFreq < 1 || training.saveFreq < 1) r.fail('training.disp_freq', 'disp_freq and save_freq must be >= 1');
  return { modelDefScript: JSON.parse(JSON.stringify(m)) as Record<string, unknown>, model, lr, loss, training };
}

/** Read input.json; as with `dp train`, relative paths inside are relative to the working directory. */
export function readInput(path: string): TrainInput {
  return parseInput(readFileSync(path, 'utf8'), path, '.');
}

/** DeePMD-kit's LearningRateExp: start_lr * rate^floor(step / decay_steps), rate from stop_lr at numb_steps, >= stop_lr. */
export function expLr(startLr: number, stopLr: number, decaySteps: number, numbSteps: number): (step: number) => number {
  let ds = decaySteps;
  if (ds >= numbSteps) ds = Math.max(1, Math.min(100, Math.floor(numbSteps / 10) || 1));
  const rate = Math.exp(Math.log(stopLr / startLr) / (numbSteps / ds));
  const sched = exponentialDecay(startLr, ds, rate, true);
  return (step: number) => Math.max(sched(step), stopLr);
}
