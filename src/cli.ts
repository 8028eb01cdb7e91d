#!/usr/bin/env node
import { registerAll } from './commands/index.js';
import { Deck, DeckError } from './deck.js';
import { Output } from './output.js';
import { Simulation } from './simulation.js';
import { reportError } from './cli_args.js';

const USAGE = `dpmd - molecular dynamics with Deep Potential models

Usage:
  dpmd run DECK [-var NAME VALUE ...] [-log FILE|none] [-screen none] [-echo screen] [-threads N|auto]
  dpmd export-onnx -m MODEL -o OUT.onnx [--precision float64|float32]
  dpmd compress -i MODEL -o OUT [-d MIN_NBOR_DIST] [-s STEP] [-e EXTRAPOLATE]
  dpmd convert -i MODEL -o OUT                      .pb/.pbtxt/.dp/.yaml -> DeePMD-kit .dp/.yaml (docs/deepmd.md)
  dpmd train input.json [--restart CKPT] [--init-model MODEL]   DeePMD-kit-style training (docs/training.md)
  dpmd test -m MODEL -s SYSTEM [-n N]                           dp test's RMSEs and parity plots
  dpmd bsde CONFIG.json [--seed S] [--out DIR]     Deep BSDE solver (docs/bsde.md)
  dpmd control CONFIG.json [--seed S] [--out DIR]  deep stochastic control (docs/bsde.md)
  dpmd help

Decks are LAMMPS input scripts (units, lattice, create_atoms, pair_style, fix, run, minimize ...).
`;

/**
 * Subcommands provided by other modules, loaded on demand so `dpmd run` starts fast. A Map, so that
 * `dpmd toString` is an unknown command rather than an Object.prototype member.
 */
const SUBCOMMANDS = new Map<string, () => Promise<(argv: string[]) => Promise<number>>>(Object.entries({
  bsde: async () => (await import('./bsde/cli.js')).bsdeMain,
  control: async () => (await import('./control/cli.js')).controlMain,
  'export-onnx': async () => (await import('./deepmd/cli.js')).exportOnnxMain,
  compress: async () => (await import('./deepmd/compress_cli.js')).compressMain,
  convert: async () => (await import('./deepmd/convert_cli.js')).convertMain,
  train: async () => (await import('./train/cli.js')).trainMain,
  test: async () => (await import('./train/cli.js')).testMain,
}));

/** `dpmd run DECK ...`: the LAMMPS-style command line. Returns the exit status. */
export function runDeckCli(argv: string[]): number {
  let deckPath: string | null = null;
  let log: string | null = 'log.dpmd';
  let screen = true;
  let echo = false;
  let threads: number | 'auto' | null = null;
  const vars: [string, string[]][] = [];
  for (let k = 0; k < argv.length; k++) {
    const a = argv[k];
    if (a === '-var' || a === '-v') {
      const name = argv[++k];
      const values: string[] = [];
      while (k + 1 < argv.length && !argv[k + 1].startsWith('-')) values.push(argv[++k]);
      if (!name || values.length === 0) { process.stderr.write('ERROR: -var needs a name and at least one value\n'); return 1; }
      vars.push([name, values]);
    } else if (a === '-log' || a === '-l') {
      const v = argv[++k];
      log = v === 'none' ? null : v;
    } else if (a === '-screen' || a === '-sc') {
      screen = argv[++k] !== 'none';
    } else if (a === '-echo' || a === '-e') {
      echo = argv[++k] !== 'none';
    } else if (a === '-threads' || a === '-nt') {
      const v = argv[++k];
      const n = Number(v);
      if (v !== 'auto' && !(Number.isInteger(n) && n >= 1)) { process.stderr.write(`ERROR: -threads needs a positive integer or 'auto', got '${v}'\n`); return 1; }
      threads = v === 'auto' ? 'auto' : n;
    } else if (a === '-in' || a === '-i') {
      deckPath = argv[++k];
    } else if (!deckPath && !a.startsWith('-')) {
      deckPath = a;
    } else {
      process.stderr.write(`ERROR: unknown option '${a}'\n${USAGE}`);
      return 1;
    }
  }
  if (!deckPath) { process.stderr.write(`ERROR: no input deck given\n${USAGE}`); return 1; }
  registerAll();
  const out = new Output({ log, screen });
  const sim = new Simulation(out);
  if (threads !== null) sim.threads = threads;
  for (const [name, values] of vars) sim.variables.preset(name, values);
  const deck = new Deck(sim);
  deck.echo = echo;
  out.print('dpmd-ts (LAMMPS-compatible deck interpreter)');
  try {
    deck.runFile(deckPath);
    out.print('Total wall time: ' + formatWall(performance.now()));
    return 0;
  } catch (e) {
    const msg = e instanceof DeckError ? e.message : `ERROR: ${(e as Error).message}`;
    out.print(msg);
    if (!screen) process.stderr.write(msg + '\n');
    return 1;
  } finally {
    sim.dispose();
    out.flush();
  }
}

function formatWall(ms: number): string {
  const s = Math.floor(ms / 1000);
  const h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60), sec = s % 60;
  return `${h}:${String(m).padStart(2, '0')}:${String(sec).padStart(2, '0')}`;
}

export async function main(argv: string[]): Promise<number> {
  const [cmd, ...rest] = argv;
  if (!cmd || cmd === 'help' || cmd === '--help' || cmd === '-h') {
    process.stdout.write(USAGE);
    return cmd ? 0 : 1;
  }
  if (cmd === 'run') return runDeckCli(rest);
  const sub = SUBCOMMANDS.get(cmd);
  if (!sub) {
    process.stderr.write(`ERROR: unknown command '${cmd}'\n${USAGE}`);
    return 1;
  }
  try {
    return await (await sub())(rest);
  } catch (e) {
    reportError(e); // subcommands report their own errors; anything escaping is still one ERROR line, exit 1
    return 1;
  }
}

// Run when executed directly (node dist/src/cli.js / the dpmd bin), not when imported by tests.
const invoked = process.argv[1] ?? '';
if (/cli\.(js|ts)$/.test(invoked) || /[\\/]dpmd$/.test(invoked)) {
  main(process.argv.slice(2)).then((code) => { process.exitCode = code; }, (e) => {
    reportError(e); // `ERROR: <message>`, the stack only with DPMD_DEBUG=1
    process.exitCode = 1;
  });
}
