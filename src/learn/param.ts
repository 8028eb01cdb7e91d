/**
 * param.json of `dpmd learn`, with DP-GEN's key names (dpgen/generator/arginfo.py) where they
 * exist. Read through the project's one JSON reader: an unknown key or a bad value is a ConfigError
 * naming the file and the key path (`model_devi_jobs[1].sys_idx[0]`). Relative paths are relative to
 * the directory holding param.json, so a shipped configuration runs from any working directory.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, resolve } from 'node:path';
import { ConfigError, ConfigObject, isJsonObject, readConfigFile } from '../config_reader.js';
import { parseInput } from '../train/input.js';
import { readFp, type FpSpec } from './fp_params.js';

export interface ModelDeviJob {
  sysIdx: number[];
  temps: number[];
  /** bar; [] for nvt. */
  press: number[];
  trjFreq: number;
  nsteps: number;
  ensemble: 'nvt' | 'npt';
  /**
   * DP-GEN's iteration-dependent trust levels: a job's own model_devi_f_trust_lo/hi (eV/Å) replace
   * the top-level ones for its exploration (null: the top-level value).
   */
  trustLo: number | null;
  trustHi: number | null;
}

export interface LearnParam {
  file: string;
  typeMap: string[];
  massMap: number[];
  /** Absolute paths of the initial deepmd/npy data. */
  initDataSys: string[];
  /** Per system index, absolute paths of its starting configurations. */
  sysConfigs: string[][];
  numbModels: number;
  /** The dpmd train input.json to start from (systems and seeds are replaced per model). */
  trainingParam: Record<string, unknown>;
  trainingInitModel: boolean;
  /** numb_steps of a warm-started training (default: the input's own). */
  trainingReuseNumbSteps: number | null;
  /**
   * learning_rate.start_lr, loss.start_pref_e and loss.start_pref_f of a warm-started training
   * (DP-GEN's training_reuse_start_lr / _start_pref_e / _start_pref_f; null: the input's own).
   */
  trainingReuseStartLr: number | null;
  trainingReuseStartPrefE: number | null;
  trainingReuseStartPrefF: number | null;
  modelDeviJobs: ModelDeviJob[];
  modelDeviDt: number;
  modelDeviTaut: number;
  modelDeviTaup: number;
  /** Frames whose step is below this are not examined (equilibration). */
  modelDeviSkip: number;
  trustLo: number;
  trustHi: number;
  fpStyle: FpSpec['style'];
  fp: FpSpec;
  fpTaskMax: number;
  fpTaskMin: number;
  /** Stop when the accurate share of an exploration reaches this. */
  stopAccurateRatio: number;
  seed: number;
}

const KEYS = [
  'type_map',
  'mass_map',
  'init_data_prefix',
  'init_data_sys',
  'sys_configs_prefix',
  'sys_configs',
  'numb_models',
  'default_training_param',
  'training_init_model',
  'training_reuse_numb_steps',
  'training_reuse_start_lr',
  'training_reuse_start_pref_e',
  'training_reuse_start_pref_f',
  'model_devi_jobs',
  'model_devi_dt',
  'model_devi_taut',
  'model_devi_taup',
  'model_devi_skip',
  'model_devi_f_trust_lo',
  'model_devi_f_trust_hi',
  'fp_style',
  'fp_params',
  'fp_task_max',
  'fp_task_min',
  'stop_accurate_ratio',
  'seed',
];

/** A path, or a file-name pattern with '*' / '?' in its last component, expanded and sorted. */
function expand(pattern: string): string[] {
  const name = basename(pattern);
  if (!/[*?]/.test(name)) return [pattern];
  const dir = dirname(pattern);
  if (!existsSync(dir)) return [];
  const re = new RegExp(
    '^' +
      name
        .replace(/[.+^${}()|[\]\\]/g, '\\$&')
        .replace(/\*/g, '.*')
        .replace(/\?/g, '.') +
      '$',
  );
  return readdirSync(dir)
    .filter((e) => re.test(e))
    .sort()
    .map((e) => join(dir, e));
}

export function readParam(path: string): LearnParam {
  const root = readConfigFile(path);
  root.only(KEYS);
  const base = dirname(resolve(path));
  const abs = (p: string) => (isAbsolute(p) ? p : join(base, p));
  const typeMap = root.strs('type_map', { minLength: 1, maxLength: 64 });
  const massMap = root.nums('mass_map', { above: 0 }, { length: typeMap.length });
  const initPrefix = root.str('init_data_prefix', '');
  const initDataSys = root.strs('init_data_sys', { minLength: 1 }).map((p, i) => {
    const a = abs(initPrefix ? join(initPrefix, p) : p);
    if (!existsSync(a)) root.fail(`init_data_sys[${i}]`, `${a}: no such data system`);
    return a;
  });
  const cfgPrefix = root.str('sys_configs_prefix', '');
  const rawCfg = root.raw('sys_configs');
  if (!Array.isArray(rawCfg) || rawCfg.length === 0)
    root.fail('sys_configs', 'expected a non-empty list of lists of configuration files');
  const sysConfigs = (rawCfg as unknown[]).map((list, i) => {
    const key = `sys_configs[${i}]`;
    const pats = typeof list === 'string' ? [list] : list;
    if (!Array.isArray(pats) || pats.some((p) => typeof p !== 'string'))
      root.fail(key, 'expected a list of file names (patterns with * allowed)');
    const files = (pats as string[]).flatMap((p) => expand(abs(cfgPrefix ? join(cfgPrefix, p) : p)));
    if (files.length === 0) root.fail(key, `no configuration file matches ${JSON.stringify(pats)}`);
    for (const f of files)
      if (!existsSync(f) || !statSync(f).isFile()) root.fail(key, `${f}: no such configuration file`);
    return files;
  });
  const numbModels = root.int('numb_models', { min: 2, max: 32 });
  const tp = root.obj('default_training_param');
  checkTrainingParam(tp, typeMap);
  const jobsRaw = root.raw('model_devi_jobs');
  if (!Array.isArray(jobsRaw) || jobsRaw.length === 0)
    root.fail('model_devi_jobs', 'expected a non-empty list of exploration jobs');
  const trustLo = root.num('model_devi_f_trust_lo', { min: 0 });
  const trustHi = root.num('model_devi_f_trust_hi', { above: 0 });
  if (!(trustLo < trustHi))
    root.fail('model_devi_f_trust_lo', `must be below model_devi_f_trust_hi (${trustLo} >= ${trustHi})`);
  const modelDeviJobs = (jobsRaw as unknown[]).map((_, i) => readJob(root, i, sysConfigs.length, trustLo, trustHi));
  const fp = readFp(root, abs, typeMap.length);
  const fpStyle = fp.style;
  const fpTaskMax = root.int('fp_task_max', { min: 0 });
  const fpTaskMin = root.int('fp_task_min', { min: 0 }, 0);
  if (fpTaskMin > fpTaskMax) root.fail('fp_task_min', `must not exceed fp_task_max (${fpTaskMin} > ${fpTaskMax})`);
  const out: LearnParam = {
    file: path,
    typeMap,
    massMap,
    initDataSys,
    sysConfigs,
    numbModels,
    trainingParam: tp.data,
    trainingInitModel: root.bool('training_init_model', true),
    trainingReuseNumbSteps: root.has('training_reuse_numb_steps')
      ? root.int('training_reuse_numb_steps', { min: 1 })
      : null,
    trainingReuseStartLr: root.has('training_reuse_start_lr')
      ? root.num('training_reuse_start_lr', { above: 0 })
      : null,
    trainingReuseStartPrefE: root.has('training_reuse_start_pref_e')
      ? root.num('training_reuse_start_pref_e', { min: 0 })
      : null,
    trainingReuseStartPrefF: root.has('training_reuse_start_pref_f')
      ? root.num('training_reuse_start_pref_f', { min: 0 })
      : null,
    modelDeviJobs,
    modelDeviDt: root.num('model_devi_dt', { above: 0, max: 0.1 }),
    modelDeviTaut: root.num('model_devi_taut', { above: 0 }, 0.1),
    modelDeviTaup: root.num('model_devi_taup', { above: 0 }, 0.5),
    modelDeviSkip: root.int('model_devi_skip', { min: 0 }, 0),
    trustLo,
    trustHi,
    fpStyle,
    fp,
    fpTaskMax,
    fpTaskMin,
    stopAccurateRatio: root.num('stop_accurate_ratio', { min: 0, max: 1 }, 0.99),
    seed: root.int('seed', { min: 0, max: 2 ** 31 - 1 }, 1),
  };
  root.done();
  return out;
}

function readJob(root: ConfigObject, i: number, nsys: number, trustLo: number, trustHi: number): ModelDeviJob {
  const v = (root.raw('model_devi_jobs') as unknown[])[i];
  if (!isJsonObject(v)) root.fail(`model_devi_jobs[${i}]`, 'expected an object');
  const o = new ConfigObject(root.file, `model_devi_jobs[${i}]`, v);
  o.only([
    'sys_idx',
    'temps',
    'press',
    'trj_freq',
    'nsteps',
    'ensemble',
    'model_devi_f_trust_lo',
    'model_devi_f_trust_hi',
  ]);
  const sysIdx = o.ints('sys_idx', { min: 0 }, { minLength: 1 });
  sysIdx.forEach((s, k) => {
    if (s >= nsys)
      o.fail(
        `sys_idx[${k}]`,
        `${s} is out of range: sys_configs has ${nsys} entr${nsys === 1 ? 'y' : 'ies'} (0..${nsys - 1})`,
      );
  });
  const ensemble = o.str('ensemble', 'nvt', ['nvt', 'npt']) as 'nvt' | 'npt';
  if (ensemble === 'nvt') o.ignore('press'); // DP-GEN's jobs may list press for nvt too
  const job: ModelDeviJob = {
    sysIdx,
    temps: o.nums('temps', { above: 0 }, { minLength: 1 }),
    press: ensemble === 'npt' ? o.nums('press', {}, { minLength: 1 }) : [],
    trjFreq: o.int('trj_freq', { min: 1 }),
    nsteps: o.int('nsteps', { min: 1 }),
    ensemble,
    trustLo: o.has('model_devi_f_trust_lo') ? o.num('model_devi_f_trust_lo', { min: 0 }) : null,
    trustHi: o.has('model_devi_f_trust_hi') ? o.num('model_devi_f_trust_hi', { above: 0 }) : null,
  };
  if (job.nsteps < job.trjFreq) o.fail('nsteps', `must be at least trj_freq (${job.trjFreq})`);
  const lo = job.trustLo ?? trustLo,
    hi = job.trustHi ?? trustHi;
  if (!(lo < hi))
    o.fail(
      job.trustLo !== null ? 'model_devi_f_trust_lo' : 'model_devi_f_trust_hi',
      `the job's trust interval is empty: trust_lo ${lo} >= trust_hi ${hi}`,
    );
  o.done();
  return job;
}

/** Validate default_training_param as `dpmd train` would, with its keys named under this key. */
function checkTrainingParam(tp: ConfigObject, typeMap: string[]): void {
  // the loop fills in the data systems; give the check a placeholder where the input has none
  const copy = JSON.parse(JSON.stringify(tp.data)) as Record<string, Record<string, unknown>>;
  if (isJsonObject(copy.training)) {
    const td = isJsonObject(copy.training.training_data)
      ? copy.training.training_data
      : (copy.training.training_data = {});
    if (td.systems === undefined) td.systems = ['.'];
  }
  let input: ReturnType<typeof parseInput>;
  try {
    input = parseInput(JSON.stringify(copy), tp.file);
  } catch (e) {
    if (e instanceof ConfigError) {
      // unknown keys come with an empty path and the key names quoted in the cause
      if (!e.path) throw new ConfigError(tp.file, '', e.cause_.replace(/'([^']+)'/g, `'${tp.path}.$1'`));
      throw new ConfigError(tp.file, `${tp.path}.${e.path}`, e.cause_);
    }
    throw e;
  }
  const tm = input.model.typeMap;
  if (tm.join(' ') !== typeMap.join(' ')) tp.fail('model.type_map', `[${tm}] differs from type_map [${typeMap}]`);
}
