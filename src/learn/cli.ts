/** `dpmd learn param.json [--machine machine.json] [--out DIR]`: the concurrent-learning loop (docs/learn.md). */
import { resolve } from 'node:path';
import { runCommand, strOption, type CommandSpec } from '../cli_args.js';
import type { Backend } from './backend.js';
import { LocalBackend } from './backend_local.js';
import { SlurmBackend } from './backend_slurm.js';
import { makeLabeler } from './labeler.js';
import { defaultMachine, readMachine, type Machine } from './machine.js';
import { LazyLocalContext, LocalContext } from './transfer.js';
import { readParam } from './param.js';
import { runLoop } from './loop.js';

const LEARN_USAGE = `usage: dpmd learn PARAM.json [--machine MACHINE.json] [--out DIR]
  PARAM.json            DP-GEN-style parameters: type_map, mass_map, init_data_sys, sys_configs, numb_models,
                        default_training_param, model_devi_jobs, model_devi_f_trust_lo/hi, fp_style, fp_params,
                        fp_task_max, ... (docs/learn.md); relative paths are relative to PARAM.json's directory
  --machine FILE        back end and job sizes (default: local, one job per core, 3 retries); batch_type
                        "Slurm" submits every task through sbatch (docs/slurm_cp2k.md)
  --out DIR             where iter.000000/... and record.dpmd go (default: the working directory);
                        rerunning with the same DIR resumes after the last finished stage`;

const SPEC: CommandSpec = {
  usage: LEARN_USAGE,
  options: { machine: { type: 'string' }, out: { type: 'string' } },
  positionals: { min: 1, max: 1, names: 'PARAM.json' },
};

export async function learnMain(argv: string[]): Promise<number> {
  return runCommand(SPEC, argv, async ({ values, positionals }) => {
    const param = readParam(positionals[0]);
    const mfile = strOption(values, 'machine');
    const machine = mfile ? readMachine(mfile) : defaultMachine();
    const out = resolve(strOption(values, 'out') ?? '.');
    const labeler = makeLabeler(param.fp, param.typeMap, param.massMap);
    const log = (l: string) => process.stdout.write(`${l}\n`);
    const backend = makeBackend(machine, out, log);
    const r = await runLoop(param, machine, out, backend, labeler, log);
    log(
      `${r.converged ? 'converged' : 'finished'} after ${r.iterations} iteration(s); table in ${resolve(out, 'learn_table.txt')}`,
    );
    return 0;
  });
}

/** The back end a machine names; `out` is the default local_root. */
export function makeBackend(machine: Machine, out: string, log: (line: string) => void): Backend {
  const s = machine.slurm;
  if (machine.batchType === 'local' || !s) return new LocalBackend(machine.slots, { log });
  const context = s.context === 'local' ? new LocalContext(s.localRoot ?? out, s.remoteRoot!) : new LazyLocalContext();
  return new SlurmBackend({ resources: s.resources, context, slots: machine.slots, pollMs: s.pollMs, log });
}
