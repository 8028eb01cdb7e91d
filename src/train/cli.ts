/**
 * `dpmd train` and `dpmd test` (to be wired into src/cli.ts as `train` -> trainMain, `test` -> testMain).
 */
import { existsSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { readInput } from './input.js';
import { train } from './trainer.js';
import { DeepPot } from '../deepmd/deep_pot.js';
import { formatErrors, testSystems, weightedErrors } from './test_model.js';
import { readLcurve, writeLcurvePlot, writeParityPlot } from './plots.js';
import { countOrAuto, intOption, runCommand, strOption, UsageError, type CommandSpec } from '../cli_args.js';

const TRAIN_USAGE = `usage: dpmd train INPUT.json [--restart CKPT.json | --init-model MODEL] [-o MODEL.yaml|.dp] [--workers N]
  INPUT.json            DeePMD-kit training input (se_e2_a/se_e2_r, ener fitting, exp lr, ener loss)
  --restart CKPT.json   continue from a checkpoint written by a previous run (<save_ckpt>.json)
  --init-model MODEL    start from a trained model's weights and statistics (.yaml/.dp)
  -o, --output MODEL    where to write the trained model (default model.yaml; .dp for HDF5)
  --workers N|auto      worker threads besides the main one (default auto: the cores left idle by the
                        1-minute load average, at most cores - 1; see docs/training.md)`;

/** Idle cores beyond this thread: min(cores - 1, round(cores - 1 - load1)), at least 0. */
export function autoWorkers(): number {
  const n = cpus().length;
  return Math.max(0, Math.min(n - 1, Math.round(n - 1 - loadavg()[0])));
}

const TEST_USAGE = `usage: dpmd test -m MODEL -s SYSTEM [-n N] [-d PREFIX] [--lcurve lcurve.out]
  -m, --model MODEL     DeePMD-kit model (.yaml/.json/.dp)
  -s, --system SYSTEM   deepmd/npy or deepmd/raw system, or a directory holding systems
  -n, --numb-test N     frames per system (default 0 = all, as dp test)
  -d, --detail PREFIX   parity plots PREFIX.e.png, PREFIX.f.png (default dp_test)
  --lcurve FILE         also plot this learning curve to PREFIX.lcurve.png (default: lcurve.out if present)`;

const TRAIN_SPEC: CommandSpec = {
  usage: TRAIN_USAGE,
  options: {
    restart: { type: 'string' },
    'init-model': { type: 'string' },
    init_model: { type: 'string' },
    output: { type: 'string', short: 'o' },
    workers: { type: 'string' },
  },
  positionals: { min: 1, max: 1, names: 'INPUT.json' },
};

/** Entry point of `dpmd train`. argv: arguments after "train". Returns the exit status (1 on any error). */
export async function trainMain(argv: string[]): Promise<number> {
  return runCommand(TRAIN_SPEC, argv, async ({ values, positionals }) => {
    const restart = strOption(values, 'restart'),
      initModel = strOption(values, 'init-model') ?? strOption(values, 'init_model');
    if (restart && initModel) throw new UsageError('--restart and --init-model exclude each other');
    const w = countOrAuto(values, 'workers', 0) ?? 'auto';
    const input = readInput(positionals[0]);
    await train(input, {
      restart,
      initModel,
      output: strOption(values, 'output'),
      workers: w === 'auto' ? autoWorkers() : w,
    });
    return 0;
  });
}

const TEST_SPEC: CommandSpec = {
  usage: TEST_USAGE,
  options: {
    model: { type: 'string', short: 'm' },
    system: { type: 'string', short: 's', multiple: true },
    'numb-test': { type: 'string', short: 'n' },
    detail: { type: 'string', short: 'd' },
    lcurve: { type: 'string' },
  },
};

/** Entry point of `dpmd test`. argv: arguments after "test". Returns the exit status (1 on any error). */
export async function testMain(argv: string[]): Promise<number> {
  return runCommand(TEST_SPEC, argv, async ({ values }) => {
    const model = strOption(values, 'model'),
      systems = (values.system ?? []) as string[];
    if (!model || systems.length === 0) throw new UsageError('-m MODEL and -s SYSTEM are required');
    const n = intOption(values, 'numb-test', { min: 0 }) ?? 0;
    const prefix = strOption(values, 'detail') ?? 'dp_test';
    const lc = strOption(values, 'lcurve') ?? (existsSync('lcurve.out') ? 'lcurve.out' : undefined);
    // validate and compute everything first; files are written last, so a failure leaves old plots alone
    if (lc && readLcurve(lc).rows.length === 0) throw new Error(`${lc}: no learning-curve rows to plot`);
    const dp = await DeepPot.load(model);
    const all = testSystems(dp, systems, n === 0 ? Infinity : n);
    const w = all.length > 1 ? weightedErrors(all) : all[0];
    if (w.eRef.length === 0 && w.fRef.length === 0)
      throw new Error(`${systems.join(', ')}: no energy or force labels to test against`);
    for (const e of all) process.stdout.write(`${formatErrors(e)}\n`);
    if (all.length > 1) process.stdout.write(`${formatErrors(w)}\n`);
    if (w.eRef.length > 0) {
      writeParityPlot(`${prefix}.e.png`, w.eRef, w.ePred, {
        quantity: 'energy per atom',
        unit: 'eV/atom',
        points: 'frames',
      });
      process.stdout.write(`wrote ${prefix}.e.png (energy per atom, reference vs model)\n`);
    }
    if (w.fRef.length > 0) {
      writeParityPlot(`${prefix}.f.png`, w.fRef, w.fPred, {
        quantity: 'force',
        unit: 'eV/Å',
        title: 'force components',
        points: 'components',
      });
      process.stdout.write(`wrote ${prefix}.f.png (force components)\n`);
    }
    if (lc) {
      writeLcurvePlot(`${prefix}.lcurve.png`, lc);
      process.stdout.write(`wrote ${prefix}.lcurve.png from ${lc}\n`);
    }
    return 0;
  });
}
