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

const USAGE =
  'usage: dpmd compress -i MODEL -o OUT [-s STEP=0.01] [-e EXTRAPOLATE=5] [-d MIN_NBOR_DIST] [-f CHECK_FREQUENCY=-1]\n' +
  '  -i MODEL  .yaml/.json/.dp/.pb/.pbtxt (se_e2_a)   -o OUT  .dp (recommended), .yaml or .json   -h, --help  this text';

export async function compressMain(argv: string[]): Promise<number> {
  const opt: Record<string, string> = {};
  const alias: Record<string, string> = {
    '-i': 'input',
    '--input': 'input',
    '-o': 'output',
    '--output': 'output',
    '-s': 'step',
    '--step': 'step',
    '-e': 'extrapolate',
    '--extrapolate': 'extrapolate',
    '-d': 'min-nbor-dist',
    '--min-nbor-dist': 'min-nbor-dist',
    '-f': 'frequency',
    '--frequency': 'frequency',
  };
  for (let k = 0; k < argv.length; k++) {
    const a = argv[k];
    if (a === '-h' || a === '--help') {
      console.log(USAGE);
      return 0;
    }
    const key = alias[a];
    if (!key || k + 1 >= argv.length) {
      console.error(`dpmd compress: ${key ? `missing value for ${a}` : `unknown argument '${a}'`}\n${USAGE}`);
      return 1;
    }
    opt[key] = argv[++k];
  }
  if (!opt.input || !opt.output) {
    console.error(`dpmd compress: -i and -o are required\n${USAGE}`);
    return 1;
  }
  if (opt.input.startsWith('-') || opt.output.startsWith('-')) {
    console.error(`dpmd compress: missing value for -i or -o\n${USAGE}`);
    return 1;
  }
  const numOpt = (k: string, dflt: number): number => {
    if (opt[k] === undefined) return dflt;
    const v = Number(opt[k]);
    if (!Number.isFinite(v)) throw new Error(`dpmd compress: --${k} must be a number, got '${opt[k]}'`);
    return v;
  };
  try {
    const step = numOpt('step', 0.01),
      extrapolate = numOpt('extrapolate', 5),
      frequency = numOpt('frequency', -1);
    if (!(step > 0)) throw new Error(`dpmd compress: -s STEP must be > 0, got ${step}`);
    if (!(extrapolate >= 1)) throw new Error(`dpmd compress: -e EXTRAPOLATE must be >= 1, got ${extrapolate}`);
    if (!Number.isInteger(frequency))
      throw new Error(`dpmd compress: -f CHECK_FREQUENCY must be an integer, got ${frequency}`);
    const spec = await loadModelFile(opt.input);
    const dsc = spec.descriptor;
    if (!descriptorModule(dsc).compressible) {
      throw new Error(
        `dpmd compress: only ${descriptorNames((m) => m.compressible).join(', ')} models can be compressed (this is ${dsc.type})`,
      );
    }
    const fromModel =
      typeof spec.meta.min_nbor_dist === 'number' ? spec.meta.min_nbor_dist : compressionOf(dsc)?.minNborDist;
    const dmin = numOpt('min-nbor-dist', fromModel ?? NaN);
    if (!(dmin > 0)) {
      console.error(
        'dpmd compress: the model does not record min_nbor_dist: give the smallest interatomic distance of the ' +
          'training data with -d MIN_NBOR_DIST (Å)',
      );
      return 1;
    }
    checkOutputPath(opt.output, [opt.input], MODEL_OUTPUT_EXTENSIONS);
    if (dmin >= spec.descriptor.rcut)
      throw new Error(`dpmd compress: MIN_NBOR_DIST ${dmin} must be below rcut ${spec.descriptor.rcut}`);
    const size = tableDoubles(spec, dmin, step, extrapolate);
    if (!(size <= MAX_TABLE_DOUBLES)) {
      throw new Error(
        `dpmd compress: -s ${step} / -e ${extrapolate} would make tables of ${size.toExponential(2)} doubles, ` +
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
    await writeModelFile(out, opt.output);
    const tables = compressionOf(out.descriptor)!.tables;
    const t = tables.find((x) => x !== null)!;
    console.log(
      `dpmd compress: ${opt.input} -> ${opt.output}: ${tables.filter((x) => x).length} table(s), ` +
        `s in [${t.lower}, ${t.upper}) by ${step}, [${t.upper}, ${t.max.toFixed(6)}) by ${10 * step}, min_nbor_dist ${dmin} Å ` +
        `(${((performance.now() - t0) / 1000).toFixed(2)} s)`,
    );
    return 0;
  } catch (e) {
    console.error(`dpmd compress: ${(e as Error).message}`);
    return 1;
  }
}
