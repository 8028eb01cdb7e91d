/**
 * `dpmd train` and `dpmd test` (to be wired into src/cli.ts as `train` -> trainMain, `test` -> testMain).
 */
import { existsSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { readInput } from './input.js';
import { train } from './trainer.js';
import { DeepPot } from '../deepmd/deep_pot.js';
import { formatErrors, testSystems, weightedErrors } from './test_model.js';
import { writeLcurvePlot, writeParityPlot } from './plots.js';

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

/** Entry point of `dpmd train`. argv: arguments after "train". Returns the exit status. */
export async function trainMain(argv: string[]): Promise<number> {
  let input: string | undefined, restart: string | undefined, initModel: string | undefined, output: string | undefined, workers = -1;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--restart') restart = argv[++i];
    else if (a === '--init-model' || a === '--init_model') initModel = argv[++i];
    else if (a === '-o' || a === '--output') output = argv[++i];
    else if (a === '--workers') { const w = argv[++i]; workers = w === 'auto' ? -1 : Number(w); if (w !== 'auto' && !(Number.isInteger(workers) && workers >= 0)) { process.stderr.write(`ERROR: --workers must be a non-negative integer or auto\n`); return 1; } }
    else if (a === '-h' || a === '--help') { process.stdout.write(TRAIN_USAGE + '\n'); return 0; }
    else if (!a.startsWith('-') && !input) input = a;
    else { process.stderr.write(`ERROR: unexpected argument '${a}'\n${TRAIN_USAGE}\n`); return 1; }
  }
  if (!input) { process.stderr.write(`ERROR: INPUT.json is required\n${TRAIN_USAGE}\n`); return 1; }
  if (restart && initModel) { process.stderr.write('ERROR: --restart and --init-model exclude each other\n'); return 1; }
  if (workers < 0) workers = autoWorkers();
  try {
    await train(readInput(input), { restart, initModel, output, workers });
    return 0;
  } catch (e) {
    process.stderr.write(`ERROR: ${(e as Error).message}\n`);
    return 1;
  }
}

/** Entry point of `dpmd test`. argv: arguments after "test". Returns the exit status. */
export async function testMain(argv: string[]): Promise<number> {
  let model: string | undefined, prefix = 'dp_test', lcurve: string | undefined, n = 0;
  const systems: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '-m' || a === '--model') model = argv[++i];
    else if (a === '-s' || a === '--system') systems.push(argv[++i]);
    else if (a === '-n' || a === '--numb-test') n = Number(argv[++i]);
    else if (a === '-d' || a === '--detail') prefix = argv[++i];
    else if (a === '--lcurve') lcurve = argv[++i];
    else if (a === '-h' || a === '--help') { process.stdout.write(TEST_USAGE + '\n'); return 0; }
    else { process.stderr.write(`ERROR: unexpected argument '${a}'\n${TEST_USAGE}\n`); return 1; }
  }
  if (!model || systems.length === 0) { process.stderr.write(`ERROR: -m MODEL and -s SYSTEM are required\n${TEST_USAGE}\n`); return 1; }
  if (!Number.isInteger(n) || n < 0) { process.stderr.write('ERROR: -n must be a non-negative integer (0 = all frames)\n'); return 1; }
  try {
    const dp = await DeepPot.load(model);
    const all = testSystems(dp, systems, n === 0 ? Infinity : n);
    for (const e of all) process.stdout.write(formatErrors(e) + '\n');
    const w = all.length > 1 ? weightedErrors(all) : all[0];
    if (all.length > 1) process.stdout.write(formatErrors(w) + '\n');
    if (w.eRef.length > 0) { writeParityPlot(`${prefix}.e.png`, w.eRef, w.ePred, { quantity: 'energy per atom', unit: 'eV/atom', points: 'frames' }); process.stdout.write(`wrote ${prefix}.e.png (energy per atom, reference vs model)\n`); }
    if (w.fRef.length > 0) { writeParityPlot(`${prefix}.f.png`, w.fRef, w.fPred, { quantity: 'force', unit: 'eV/Å', title: 'force components', points: 'components' }); process.stdout.write(`wrote ${prefix}.f.png (force components)\n`); }
    const lc = lcurve ?? (existsSync('lcurve.out') ? 'lcurve.out' : undefined);
    if (lc) { writeLcurvePlot(`${prefix}.lcurve.png`, lc); process.stdout.write(`wrote ${prefix}.lcurve.png from ${lc}\n`); }
    return 0;
  } catch (e) {
    process.stderr.write(`ERROR: ${(e as Error).message}\n`);
    return 1;
  }
}
