/**
 * `dpmd compress -i MODEL -o OUT [-s STEP] [-e EXTRAPOLATE] [-d MIN_NBOR_DIST] [-f CHECK_FREQUENCY]`
 * (DeePMD-kit's `dp compress`): tabulate the se_e2_a embedding nets (compress.ts) and write the model
 * with the tables in the descriptor's `compress` entry. STEP is the first table's stride (default 0.01);
 * the extrapolation table uses 10 x STEP, as in DeePMD-kit. MIN_NBOR_DIST (Å) is the smallest
 * interatomic distance of the training data; it sets the table's upper bound. DeePMD-kit stores it
 * with the trained model or recomputes it from the training data (`-t input.json`); here it is read
 * from the model's `min_nbor_dist` (top level, or an already compressed model) or given with -d.
 * Output format by extension (.dp recommended: the tables are large; .yaml/.json also work).
 */
import { loadModelFile, MODEL_OUTPUT_EXTENSIONS, writeModelFile } from './model_file.js';
import { compressionOf, compressModel, envMatRange } from './compress.js';
import { descriptorModule, descriptorNames } from './descriptors/registry.js';
import { runCommand, strOption, UsageError, type CommandSpec } from '../cli_args.js';
import { checkOutputPath } from './cli_output.js';
import type { ModelSpec } from './spec.js';

/** Largest table (doubles, all nets) a compress run may allocate: 2^26 doubles = 512 MB. */
const MAX_TABLE_DOUBLES = 2 ** 26;

/** Table size in doubles before building it (the same ranges as compressModel), to refuse huge -s / -e. */
function tableDoubles(spec: ModelSpec, dmin: number, step: number, extrapolate: number): number {
  const [lower, upper] = envMatRange(spec.descriptor, dmin);
  const rows = Math.ceil((upper - lower) / step) + Math.ceil(((extrapolate - 1) * upper) / (10 * step)) + 2;
  const ng = spec.descriptor.neuron[spec.descriptor.neuron.length - 1];
  return rows * ng * 6 * spec.descriptor.embeddings.filter((n) => n).length;
}

const USAGE = `usage: dpmd compress -i MODEL -o OUT [-s STEP=0.01] [-e EXTRAPOLATE=5] [-d MIN_NBOR_DIST] [-f CHECK_FREQUENCY=-1]
  -i, --input MODEL        .yaml/.json/.dp/.pb/.pbtxt (se_e2_a)
  -o, --output OUT         .dp (recommended), .yaml or .json
  -s, --step STEP          stride of the first table (the extrapolation table uses 10 x STEP)
  -e, --extrapolate E      the tables reach E x the upper bound of the environment matrix
  -d, --min-nbor-dist D    smallest interatomic distance of the training data (A), when the model lacks it
  -f, --frequency N        DeePMD-kit's overflow-check frequency (recorded in the model)
  -h, --help               this text
  (a value that starts with '-' is given as --step=-0.01 or -s-0.01)`;

const SPEC: CommandSpec = {
  usage: USAGE,
  options: {
    input: { type: 'string', short: 'i' },
    output: { type: 'string', short: 'o' },
    step: { type: 'string', short: 's' },
    extrapolate: { type: 'string', short: 'e' },
    'min-nbor-dist': { type: 'string', short: 'd' },
    frequency: { type: 'string', short: 'f' },
  },
};

/** Entry point of `dpmd compress`. argv: arguments after "compress". Returns the exit status. */
export async function compressMain(argv: string[]): Promise<number> {
  return runCommand(SPEC, argv, async ({ values }) => {
    const input = strOption(values, 'input'),
      output = strOption(values, 'output');
    if (!input || !output) throw new UsageError('-i MODEL and -o OUT are required');
    const numOpt = (k: string, flag: string, dflt: number): number => {
      const raw = strOption(values, k);
      if (raw === undefined) return dflt;
      const v = Number(raw);
      if (raw.trim() === '' || !Number.isFinite(v)) throw new UsageError(`${flag} must be a number, got '${raw}'`);
      return v;
    };
    const step = numOpt('step', '-s STEP', 0.01),
      extrapolate = numOpt('extrapolate', '-e EXTRAPOLATE', 5),
      frequency = numOpt('frequency', '-f CHECK_FREQUENCY', -1);
    if (!(step > 0)) throw new UsageError(`-s STEP must be > 0, got ${step}`);
    if (!(extrapolate >= 1)) throw new UsageError(`-e EXTRAPOLATE must be >= 1, got ${extrapolate}`);
    if (!Number.isInteger(frequency)) throw new UsageError(`-f CHECK_FREQUENCY must be an integer, got ${frequency}`);
    const spec = await loadModelFile(input);
    const dsc = spec.descriptor;
    if (!descriptorModule(dsc).compressible) {
      throw new Error(
        `only ${descriptorNames((m) => m.compressible).join(', ')} models can be compressed (this is ${dsc.type})`,
      );
    }
    const fromModel =
      typeof spec.meta.min_nbor_dist === 'number' ? spec.meta.min_nbor_dist : compressionOf(dsc)?.minNborDist;
    const dmin = numOpt('min-nbor-dist', '-d MIN_NBOR_DIST', fromModel ?? NaN);
    if (!(dmin > 0)) {
      throw new Error(
        'the model does not record min_nbor_dist: give the smallest interatomic distance of the ' +
          'training data with -d MIN_NBOR_DIST (Å)',
      );
    }
    checkOutputPath(output, [input], MODEL_OUTPUT_EXTENSIONS);
    if (dmin >= spec.descriptor.rcut)
      throw new Error(`MIN_NBOR_DIST ${dmin} must be below rcut ${spec.descriptor.rcut}`);
    const size = tableDoubles(spec, dmin, step, extrapolate);
    if (!(size <= MAX_TABLE_DOUBLES)) {
      throw new Error(
        `-s ${step} / -e ${extrapolate} would make tables of ${size.toExponential(2)} doubles, ` +
          `more than the bound ${MAX_TABLE_DOUBLES} (512 MB): use a larger -s`,
      );
    }
    const t0 = performance.now();
    const out = compressModel(spec, {
      minNborDist: dmin,
      stride0: step,
      stride1: 10 * step,
      extrapolate,
      checkFrequency: frequency,
    });
    await writeModelFile(out, output);
    const tables = compressionOf(out.descriptor)!.tables;
    const t = tables.find((x) => x !== null)!;
    process.stdout.write(
      `dpmd compress: ${input} -> ${output}: ${tables.filter((x) => x).length} table(s), ` +
        `s in [${t.lower}, ${t.upper}) by ${step}, [${t.upper}, ${t.max.toFixed(6)}) by ${10 * step}, min_nbor_dist ${dmin} Å ` +
        `(${((performance.now() - t0) / 1000).toFixed(2)} s)\n`,
    );
    return 0;
  });
}
