/**
 * machine.json of `dpmd learn` (dpdispatcher's names where they exist): which back end runs the
 * tasks, how many jobs at once, how many tasks a job holds per stage, how often a failed job is
 * retried. Without a file: local back end, one job per core, one task per job, 3 retries.
 *
 *   batch_type      "local" (child processes here) or "Slurm" (sbatch/squeue/scancel; backend_slurm.ts)
 *   context_type    Slurm only: "LazyLocal" (tasks run where they are: a shared file system) or "Local"
 *                   (task directories are copied to remote_root before the job and back after it);
 *                   dpdispatcher's spellings "LazyLocalContext"/"LocalContext" are accepted
 *   local_root      where the task directories are (default: the --out directory of dpmd learn);
 *                   relative to the working directory, as in dpdispatcher
 *   remote_root     Local context: the directory jobs run in (a mirror of local_root)
 *   resources       Slurm: number_node, cpu_per_node, gpu_per_node, queue_name, group_size, custom_flags,
 *                   source_list, envs (dpdispatcher's Resources)
 *   slots           jobs at once (local default: the cores; Slurm default: 32 queued or running)
 *   train_group_size, model_devi_group_size, fp_group_size   tasks per job (default resources.group_size, 1)
 *   retry_count     submissions of a failed job after the first (default 3)
 *   poll_interval   Slurm: seconds between squeue polls (default 2)
 */
import { cpus } from 'node:os';
import { resolve } from 'node:path';
import { readConfigFile, type ConfigObject } from '../config_reader.js';

export interface SlurmResources {
  numberNode: number;
  cpuPerNode: number;
  gpuPerNode: number;
  /** Partition ('' = the cluster's default). */
  queueName: string;
  /** Extra lines written verbatim after the generated #SBATCH lines (e.g. "#SBATCH --mem=4G"). */
  customFlags: string[];
  /** Files sourced by the job script before the tasks (environment modules, conda). */
  sourceList: string[];
  /** Environment variables exported by the job script. */
  envs: Record<string, string>;
}

export interface SlurmMachine {
  context: 'lazy-local' | 'local';
  /** Absolute, or null: the loop's output directory. */
  localRoot: string | null;
  /** Absolute; Local context only. */
  remoteRoot: string | null;
  resources: SlurmResources;
  pollMs: number;
}

export interface Machine {
  batchType: 'local' | 'slurm';
  /** Jobs at once. */
  slots: number;
  groupSize: { train: number; model_devi: number; fp: number };
  retryCount: number;
  /** Present when batchType is 'slurm'. */
  slurm: SlurmMachine | null;
}

export function defaultMachine(): Machine {
  return {
    batchType: 'local',
    slots: cpus().length,
    groupSize: { train: 1, model_devi: 1, fp: 1 },
    retryCount: 3,
    slurm: null,
  };
}

const BATCH_TYPES = ['local', 'Local', 'Shell', 'Slurm', 'slurm'];
const CONTEXTS: Record<string, SlurmMachine['context']> = {
  LazyLocal: 'lazy-local',
  LazyLocalContext: 'lazy-local',
  'lazy-local': 'lazy-local',
  Local: 'local',
  LocalContext: 'local',
  local: 'local',
};

function readResources(o: ConfigObject | null): { r: SlurmResources; groupSize: number } {
  const d: SlurmResources = {
    numberNode: 1,
    cpuPerNode: 1,
    gpuPerNode: 0,
    queueName: '',
    customFlags: [],
    sourceList: [],
    envs: {},
  };
  if (!o) return { r: d, groupSize: 1 };
  o.only([
    'number_node',
    'cpu_per_node',
    'gpu_per_node',
    'queue_name',
    'group_size',
    'custom_flags',
    'source_list',
    'envs',
  ]);
  const envs: Record<string, string> = {};
  const e = o.obj('envs', true);
  if (e) {
    for (const k of Object.keys(e.data)) {
      if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(k)) e.fail(k, 'not a valid environment variable name');
      const v = e.raw(k);
      if (typeof v !== 'string' && typeof v !== 'number') e.fail(k, 'expected a string or a number');
      envs[k] = String(v);
    }
  }
  const r: SlurmResources = {
    numberNode: o.int('number_node', { min: 1 }, 1),
    cpuPerNode: o.int('cpu_per_node', { min: 1 }, 1),
    gpuPerNode: o.int('gpu_per_node', { min: 0 }, 0),
    queueName: o.str('queue_name', ''),
    customFlags: o.strs('custom_flags', {}, []),
    sourceList: o.strs('source_list', {}, []),
    envs,
  };
  r.customFlags.forEach((f, k) => {
    if (f.includes('\n')) o.fail(`custom_flags[${k}]`, 'one line per entry');
  });
  const groupSize = o.int('group_size', { min: 1 }, 1);
  o.done();
  return { r, groupSize };
}

export function readMachine(path: string): Machine {
  const o = readConfigFile(path);
  o.only([
    'batch_type',
    'context_type',
    'local_root',
    'remote_root',
    'resources',
    'slots',
    'train_group_size',
    'model_devi_group_size',
    'fp_group_size',
    'retry_count',
    'poll_interval',
  ]);
  const bt = o.str('batch_type', 'local', BATCH_TYPES);
  const batchType = bt.toLowerCase() === 'slurm' ? 'slurm' : 'local';
  const res = readResources(o.obj('resources', true));
  let slurm: SlurmMachine | null = null;
  if (batchType === 'slurm') {
    const ctx = o.str('context_type', 'LazyLocal', Object.keys(CONTEXTS));
    const lr = o.str('local_root', '');
    const rr = o.str('remote_root', '');
    const context = CONTEXTS[ctx];
    if (context === 'local' && !rr)
      o.fail('remote_root', `context_type ${ctx} copies the tasks there: give a directory`);
    slurm = {
      context,
      localRoot: lr ? resolve(lr) : null,
      remoteRoot: rr ? resolve(rr) : null,
      resources: res.r,
      pollMs: Math.round(1000 * o.num('poll_interval', { min: 0.05, max: 3600 }, 2)),
    };
  } else {
    for (const k of ['context_type', 'local_root', 'remote_root', 'poll_interval'])
      if (o.has(k)) o.fail(k, `only for batch_type "Slurm" (this machine is ${bt})`);
  }
  const d = defaultMachine();
  const m: Machine = {
    batchType,
    slots: o.int('slots', { min: 1, max: 4096 }, batchType === 'slurm' ? 32 : d.slots),
    groupSize: {
      train: o.int('train_group_size', { min: 1 }, res.groupSize),
      model_devi: o.int('model_devi_group_size', { min: 1 }, res.groupSize),
      fp: o.int('fp_group_size', { min: 1 }, res.groupSize),
    },
    retryCount: o.int('retry_count', { min: 0, max: 100 }, 3),
    slurm,
  };
  o.done();
  return m;
}
