/** `dpmd export-onnx`: write the ONNX graph of a DeePMD-kit model (onnx_export.ts). */
import { exportOnnx } from './onnx_export.js';

const USAGE = `usage: dpmd export-onnx -m MODEL -o OUT.onnx [--precision float64|float32]
  -m, --model MODEL      DeePMD-kit model (.yaml, .json or .dp)
  -o, --output OUT.onnx  where to write the graph (inputs env_<t>, outputs energy_<t>, denv_<t>; see docs/deepmd.md)
  --precision P          float64 (default) or float32`;

/** Entry point of `dpmd export-onnx`. argv: arguments after "export-onnx". Returns the exit status. */
export async function exportOnnxMain(argv: string[]): Promise<number> {
  let model: string | undefined, out: string | undefined;
  let precision: 'float64' | 'float32' = 'float64';
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = (): string | undefined => argv[++i];
    if (a === '-m' || a === '--model') model = value();
    else if (a === '-o' || a === '--output') out = value();
    else if (a === '--precision') {
      const p = value();
      if (p !== 'float64' && p !== 'float32') { process.stderr.write(`ERROR: --precision must be float64 or float32 (got '${p}')\n${USAGE}\n`); return 1; }
      precision = p;
    } else if (a === '-h' || a === '--help') { process.stdout.write(USAGE + '\n'); return 0; }
    else { process.stderr.write(`ERROR: unexpected argument '${a}'\n${USAGE}\n`); return 1; }
  }
  if (!model || !out) { process.stderr.write(`ERROR: -m MODEL and -o OUT are required\n${USAGE}\n`); return 1; }
  try {
    const bytes = await exportOnnx(model, out, precision);
    process.stdout.write(`wrote ${out} (${bytes} bytes, ${precision}) from ${model}\n`);
    return 0;
  } catch (e) {
    process.stderr.write(`ERROR: ${(e as Error).message}\n`);
    return 1;
  }
}
