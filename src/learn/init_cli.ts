/** `dpmd init-bulk PARAM.json [--out DIR]` and `dpmd init-surf PARAM.json [--out DIR]` (docs/learn.md). */
import { resolve } from 'node:path';
import { runCommand, strOption, type CommandSpec } from '../cli_args.js';
import { initBulk, initSurf } from './init_data.js';

const spec = (name: string, what: string): CommandSpec => ({
  usage: `usage: dpmd ${name} PARAM.json [--out DIR]
  PARAM.json   ${what}; scale, pert_numb, pert_box, pert_atom, substitute; fp_style, fp_params (docs/learn.md)
  --out DIR    where POSCAR, conf.lmp, 01.scale_pert/, 02.label/ and data/ go (default: the working directory)`,
  options: { out: { type: 'string' } },
  positionals: { min: 1, max: 1, names: 'PARAM.json' },
});

const BULK = spec(
  'init-bulk',
  'elements, mass_map, cell_type (fcc|hcp|bcc|sc|diamond), latt, c_over_a, super_cell [3]',
);
const SURF = spec(
  'init-surf',
  'elements, mass_map, cell_type (fcc|hcp), latt, c_over_a, millers, layer_numb, vacuum_max, super_cell [2]',
);
const log = (l: string) => process.stdout.write(`${l}\n`);

export async function initBulkMain(argv: string[]): Promise<number> {
  return runCommand(BULK, argv, ({ values, positionals }) =>
    initBulk(positionals[0], resolve(strOption(values, 'out') ?? '.'), log),
  );
}

export async function initSurfMain(argv: string[]): Promise<number> {
  return runCommand(SURF, argv, ({ values, positionals }) =>
    initSurf(positionals[0], resolve(strOption(values, 'out') ?? '.'), log),
  );
}
