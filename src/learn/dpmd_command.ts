/**
 * The argv that runs this dpmd-ts as a child process: the running Node executable on the compiled
 * CLI (dist/src/cli.js). Tasks of the learning loop (train, explore, label) are such commands, so
 * every back end (local processes, a batch queue) runs them alike. Loaded from source (src/learn/*.ts
 * under tsx or vitest), it still points at dist/src/cli.js: build with tsc first.
 */
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export function dpmdCli(): string {
  const here = fileURLToPath(import.meta.url);
  const cli = here.endsWith('.ts')
    ? resolve(dirname(here), '../../dist/src/cli.js')
    : resolve(dirname(here), '../cli.js');
  if (!existsSync(cli)) throw new Error(`${cli} not found: build dpmd-ts first (npx tsc -p tsconfig.json)`);
  return cli;
}

export function dpmdCommand(args: string[]): string[] {
  return [process.execPath, dpmdCli(), ...args];
}
