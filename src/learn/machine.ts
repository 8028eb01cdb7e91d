/**
 * machine.json of `dpmd learn` (dpdispatcher's names where they exist): which back end runs the
 * tasks, how many jobs at once, how many tasks a job holds per stage, how often a failed job is
 * retried. Without a file: local back end, one job per core, one task per job, 3 retries.
 */
import { cpus } from 'node:os';
import { readConfigFile } from '../config_reader.js';

export interface Machine {
  batchType: 'local';
  /** Jobs at once. */
  slots: number;
  groupSize: { train: number; model_devi: number; fp: number };
  retryCount: number;
}

export function defaultMachine(): Machine {
  return { batchType: 'local', slots: cpus().length, groupSize: { train: 1, model_devi: 1, fp: 1 }, retryCount: 3 };
}

export function readMachine(path: string): Machine {
  const o = readConfigFile(path);
  o.only(['batch_type', 'slots', 'train_group_size', 'model_devi_group_size', 'fp_group_size', 'retry_count']);
  const d = defaultMachine();
  const m: Machine = {
    batchType: o.str('batch_type', 'local', ['local']) as 'local',
    slots: o.int('slots', { min: 1, max: 4096 }, d.slots),
    groupSize: {
      train: o.int('train_group_size', { min: 1 }, 1),
      model_devi: o.int('model_devi_group_size', { min: 1 }, 1),
      fp: o.int('fp_group_size', { min: 1 }, 1),
    },
    retryCount: o.int('retry_count', { min: 0, max: 100 }, 3),
  };
  o.done();
  return m;
}
