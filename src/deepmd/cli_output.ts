/**
 * Checks every model-writing CLI (`dpmd export-onnx`, `compress`, `convert`) runs before it computes
 * or writes anything: the output has an extension it can write, is not one of its inputs (writing
 * `-o` over `-m` would destroy the model), and its directory exists and is writable. Writes then go
 * through a temporary file and a rename (model_file.ts writeAtomically), so a failed run leaves any
 * existing output untouched.
 */
import { accessSync, constants, existsSync, statSync } from 'node:fs';
import { dirname, extname } from 'node:path';
import { sameFile } from './model_file.js';

export class OutputPathError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OutputPathError';
  }
}

/** Throws OutputPathError naming the option and the problem. */
export function checkOutputPath(out: string, inputs: string[], extensions: string[], option = '-o'): void {
  const ext = extname(out).toLowerCase();
  if (!extensions.includes(ext)) {
    throw new OutputPathError(
      `${option} ${out}: unsupported output extension '${ext}' (expected ${extensions.join(', ')})`,
    );
  }
  for (const inp of inputs) {
    if (sameFile(inp, out))
      throw new OutputPathError(
        `${option} ${out} is the input model ${inp}: refusing to overwrite an input (choose another output name)`,
      );
  }
  const dir = dirname(out);
  if (!existsSync(dir) || !statSync(dir).isDirectory())
    throw new OutputPathError(`${option} ${out}: directory ${dir} does not exist`);
  try {
    accessSync(dir, constants.W_OK);
  } catch {
    throw new OutputPathError(`${option} ${out}: directory ${dir} is not writable`);
  }
  if (existsSync(out) && statSync(out).isDirectory()) throw new OutputPathError(`${option} ${out} is a directory`);
}
