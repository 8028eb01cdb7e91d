/**
 * `dpmd export-onnx`: write the ONNX graph of a DeePMD-kit model (onnx_export.ts). Everything is
 * checked (options, output path, the whole model) before the graph is written, and the write goes
 * through a temporary file in the output's directory, so an error never leaves a damaged output.
 */
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { runCommand, strOption, UsageError, type CommandSpec } from '../cli_args.js';
import { checkOutputPath } from './cli_output.js';
import { loadModelFile, tempPathFor } from './model_file.js';
import { buildOnnxModel } from './onnx_export.js';

const USAGE = `usage: dpmd export-onnx -m MODEL -o OUT.onnx [--precision float64|float32]
  -m, --model MODEL      DeePMD-kit model (.yaml, .json, .dp, or a TensorFlow graph .pb/.pbtxt)
  -o, --output OUT.onnx  where to write the graph (inputs env_<t>, outputs energy_<t>, denv_<t>; see docs/deepmd.md)
  --precision P          float64 (default) or float32
  -h, --help             this text`;

const SPEC: CommandSpec = {
  usage: USAGE,
  options: {
    model: { type: 'string', short: 'm' },
    output: { type: 'string', short: 'o' },
    precision: { type: 'string' },
  },
};

/** Entry point of `dpmd export-onnx`. argv: arguments after "export-onnx". Returns the exit status. */
export async function exportOnnxMain(argv: string[]): Promise<number> {
  return runCommand(SPEC, argv, async ({ values }) => {
    const model = strOption(values, 'model'),
      out = strOption(values, 'output');
    const precision = strOption(values, 'precision') ?? 'float64';
    if (precision !== 'float64' && precision !== 'float32')
      throw new UsageError(`--precision must be float64 or float32 (got '${precision}')`);
    if (!model || !out) throw new UsageError('-m MODEL and -o OUT are required');
    checkOutputPath(out, [model], ['.onnx']);
    const bytes = buildOnnxModel(await loadModelFile(model), precision);
    const tmp = tempPathFor(out);
    try {
      writeFileSync(tmp, bytes);
      renameSync(tmp, out);
    } finally {
      rmSync(tmp, { force: true });
    }
    process.stdout.write(`wrote ${out} (${bytes.length} bytes, ${precision}) from ${model}\n`);
    return 0;
  });
}
