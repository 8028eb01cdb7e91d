/**
 * `dpmd convert -i MODEL -o OUT`: read any model dpmd-ts loads (DeePMD-kit `.yaml`/`.json`/`.dp`, or a
 * TensorFlow frozen graph `.pb`/`.pbtxt`) and write DeePMD-kit's serialized form (`.dp` HDF5 or
 * `.yaml`/`.json`), the form `dp convert-backend` reads. The model is validated completely and the
 * output path checked before anything is written; the write is atomic (temporary file + rename).
 */
import { runCommand, strOption, UsageError, type CommandSpec } from '../cli_args.js';
import { checkOutputPath } from './cli_output.js';
import { loadModelFile, MODEL_OUTPUT_EXTENSIONS, writeModelFile } from './model_file.js';

const USAGE = `usage: dpmd convert -i MODEL -o OUT
  -i, --input MODEL   .yaml/.json/.dp (DeePMD-kit serialized) or .pb/.pbtxt (TensorFlow frozen graph)
  -o, --output OUT    .dp (HDF5), .yaml or .json in DeePMD-kit's serialized layout
  -h, --help          this text`;

const SPEC: CommandSpec = {
  usage: USAGE,
  options: { input: { type: 'string', short: 'i' }, output: { type: 'string', short: 'o' } },
};

/** Entry point of `dpmd convert`. argv: arguments after "convert". Returns the exit status. */
export async function convertMain(argv: string[]): Promise<number> {
  return runCommand(SPEC, argv, async ({ values }) => {
    const input = strOption(values, 'input'),
      output = strOption(values, 'output');
    if (!input || !output) throw new UsageError('-i MODEL and -o OUT are required');
    checkOutputPath(output, [input], MODEL_OUTPUT_EXTENSIONS);
    const spec = await loadModelFile(input);
    await writeModelFile(spec, output);
    const d = spec.descriptor;
    process.stdout.write(
      `dpmd convert: ${input} -> ${output}: ${d.type}, types [${spec.typeMap.join(', ')}], sel [${d.sel}], ` +
        `rcut ${d.rcut}, embedding [${d.neuron}], fitting [${spec.fitting.neuron}]\n`,
    );
    return 0;
  });
}
