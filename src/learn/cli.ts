/** `dpmd learn param.json [--machine machine.json] [--out DIR]`: the concurrent-learning loop (docs/learn.md). */
import { resolve } from 'node:path';
import { runCommand, strOption, type CommandSpec } from '../cli_args.js';
import { LocalBackend } from './backend_local.js';
import { makeLabeler } from './labeler.js';
import { defaultMachine, readMachine } from './machine.js';
import { readParam } from './param.js';
import { runLoop } from './loop.js';

const LEARN_USAGE = `usage: dpmd learn PARAM.json [--machine MACHINE.json] [--out DIR]
  PARAM.json            DP-GEN-style parameters: type_map, mass_map, init_data_sys, sys_configs, numb_models,
                        default_training_param, model_devi_jobs, model_devi_f_trust_lo/hi, fp_style, fp_params,
                        fp_task_max, ... (docs/learn.md); relative paths are relative to PARAM.json's directory
  --machine FILE        back end and job sizes (default: local, one job per core, 3 retries)
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
    const backend = new LocalBackend(machine.slots);
    const log = (l: string) => process.stdout.write(`${l}\n`);
    const r = await runLoop(param, machine, out, backend, labeler, log);
    log(
      `${r.converged ? 'converged' : 'finished'} after ${r.iterations} iteration(s); table in ${resolve(out, 'learn_table.txt')}`,
    );
    return 0;
  });
}
