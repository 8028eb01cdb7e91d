#!/usr/bin/env node
import { registerAll } from './commands/index.js';
import { readFileSync } from 'node:fs';
import { Deck, DeckError, errorText } from './deck.js';
import { Output } from './output.js';
import { Simulation } from './simulation.js';
import { reportError } from './cli_args.js';

const USAGE = `dpmd - molecular dynamics with Deep Potential models

Usage:
  dpmd run DECK [-var NAME VALUE ...] [-log FILE|none] [-screen none] [-echo screen|log|both|none] [-threads N|auto]
        [-skiprun] [-pk omp N] [-sf STYLE] [-nocite]        (also as lmp: dpmd -in DECK ..., dpmd < DECK; dpmd --version)
  dpmd export-onnx -m MODEL -o OUT.onnx [--precision float64|float32]
  dpmd compress -i MODEL -o OUT [-d MIN_NBOR_DIST] [-s STEP] [-e EXTRAPOLATE]
  dpmd convert -i MODEL -o OUT                      .pb/.pbtxt/.dp/.yaml -> DeePMD-kit .dp/.yaml (docs/deepmd.md)
  dpmd train input.json [--restart CKPT] [--init-model MODEL]   DeePMD-kit-style training (docs/training.md)
  dpmd test -m MODEL -s SYSTEM [-n N]                           dp test's RMSEs and parity plots
  dpmd bsde CONFIG.json [--seed S] [--out DIR]     Deep BSDE solver (docs/bsde.md)
  dpmd control CONFIG.json [--seed S] [--out DIR]  deep stochastic control (docs/bsde.md)
  dpmd kinetic [solve] CONFIG.json --out DIR      BGK solver and learned moment closure (docs/kinetic.md)
  dpmd learn PARAM.json [--machine M.json] [--out DIR]  concurrent learning, DP-GEN's loop (docs/learn.md)
  dpmd init-bulk PARAM.json [--out DIR]   dpmd init-surf PARAM.json [--out DIR]   labelled initial data
  dpmd properties CONFIG.json [--out DIR]   Al-Mg material properties, model vs labeler (docs/learn.md)
  dpmd rid CONFIG.json [--out DIR]        reinforced dynamics: free energy surface of CVs (docs/rid.md)
  dpmd help

Decks are LAMMPS input scripts (units, lattice, create_atoms, pair_style, fix, run, minimize ...).
`;

/**
 * Subcommands provided by other modules, loaded on demand so `dpmd run` starts fast. A Map, so that
 * `dpmd toString` is an unknown command rather than an Object.prototype member.
 */
const SUBCOMMANDS = new Map<string, () => Promise<(argv: string[]) => Promise<number>>>(
  Object.entries({
    bsde: async () => (await import('./bsde/cli.js')).bsdeMain,
    control: async () => (await import('./control/cli.js')).controlMain,
    kinetic: async () => (await import('./kinetic/cli.js')).kineticMain,
    'export-onnx': async () => (await import('./deepmd/cli.js')).exportOnnxMain,
    compress: async () => (await import('./deepmd/compress_cli.js')).compressMain,
    convert: async () => (await import('./deepmd/convert_cli.js')).convertMain,
    train: async () => (await import('./train/cli.js')).trainMain,
    test: async () => (await import('./train/cli.js')).testMain,
    learn: async () => (await import('./learn/cli.js')).learnMain,
    'init-bulk': async () => (await import('./learn/init_cli.js')).initBulkMain,
    'init-surf': async () => (await import('./learn/init_cli.js')).initSurfMain,
    properties: async () => (await import('./learn/properties_cli.js')).propertiesMain,
    rid: async () => (await import('./rid/cli.js')).ridMain,
  }),
);

/**
 * `dpmd run DECK ...` (or LAMMPS's own `dpmd -in DECK ...`): the LAMMPS-style command line.
 * Returns the exit status; every failure is one ERROR line, never a stack trace.
 */
export function runDeckCli(argv: string[]): number {
  let deckPath: string | null = null;
  let log: string | null = 'log.dpmd';
  let screen = true;
  let echo: 'none' | 'screen' | 'log' | 'both' | null = null;
  let threads: number | 'auto' | null = null;
  let skipRun = false;
  const notes: string[] = [];
  const vars: [string, string[]][] = [];
  const fail = (msg: string): number => {
    process.stderr.write(`ERROR: ${msg}\n`);
    return 1;
  };
  // The value after an option; an option with none (or with another option after it) is an error.
  const value = (k: number): string | null => (k < argv.length && !/^-[a-z]/i.test(argv[k]) ? argv[k] : null);
  for (let k = 0; k < argv.length; k++) {
    const a = argv[k];
    if (a === '-var' || a === '-v') {
      const name = value(++k);
      const values: string[] = [];
      while (k + 1 < argv.length && !/^-[a-z]/i.test(argv[k + 1])) values.push(argv[++k]);
      if (!name || values.length === 0) return fail(`${a} needs a name and at least one value`);
      vars.push([name, values]);
    } else if (a === '-log' || a === '-l') {
      const v = value(++k);
      if (v === null) return fail(`${a} needs a file name (or none)`);
      log = v === 'none' ? null : v;
    } else if (a === '-screen' || a === '-sc') {
      const v = value(++k);
      if (v === null) return fail(`${a} needs a file name or none`);
      if (v !== 'none') notes.push(`-screen ${v}: screen output goes to stdout; redirect it to write a file`);
      screen = v !== 'none';
    } else if (a === '-echo' || a === '-e') {
      const v = value(++k);
      if (v !== 'none' && v !== 'screen' && v !== 'log' && v !== 'both')
        return fail(`${a} needs none, screen, log or both, got '${v ?? ''}'`);
      echo = v;
    } else if (a === '-threads' || a === '-nt') {
      const v = value(++k);
      const n = Number(v);
      if (v !== 'auto' && !(v !== null && /^\d+$/.test(v) && n >= 1))
        return fail(`${a} needs a positive integer or 'auto', got '${v ?? ''}'`);
      threads = v === 'auto' ? 'auto' : n;
    } else if (a === '-in' || a === '-i') {
      const v = value(++k);
      if (v === null) return fail(`${a} needs an input file`);
      deckPath = v;
    } else if (a === '-sf' || a === '-suffix') {
      const v = value(++k);
      if (v === null) return fail(`${a} needs a suffix style`);
      notes.push(`${a} ${v}: dpmd has one version of each style, so the suffix changes nothing`);
    } else if (a === '-pk' || a === '-package') {
      const style = value(++k);
      if (style === null) return fail(`${a} needs a package style`);
      const rest: string[] = [];
      while (k + 1 < argv.length && !/^-[a-z]/i.test(argv[k + 1])) rest.push(argv[++k]);
      // -pk omp N is `package omp N`: N threads (0 = auto); other packages do not exist here.
      if (style === 'omp' && rest.length >= 1 && /^\d+$/.test(rest[0]))
        threads = Number(rest[0]) === 0 ? 'auto' : Number(rest[0]);
      else notes.push(`${a} ${[style, ...rest].join(' ')}: no such package in dpmd, ignored`);
    } else if (a === '-nocite' || a === '-nc') {
      // dpmd writes no citation file, so there is nothing to suppress.
    } else if (a === '-skiprun' || a === '-sr') {
      skipRun = true;
    } else if (a === '-h' || a === '-help' || a === '--help') {
      process.stdout.write(USAGE);
      return 0;
    } else if (a === '--version' || a === '-version') {
      process.stdout.write(`dpmd-ts ${packageVersion()}\n`);
      return 0;
    } else if (!deckPath && !a.startsWith('-')) {
      deckPath = a;
    } else {
      process.stderr.write(`ERROR: unknown option '${a}'\n${USAGE}`);
      return 1;
    }
  }
  // No deck named: as lmp, read the deck from standard input (`dpmd < in.deck`), unless that is a terminal.
  let stdinText: string | null = null;
  if (!deckPath) {
    if (process.stdin.isTTY) {
      process.stderr.write(`ERROR: no input deck given (name one, or pipe it: dpmd < in.deck)\n${USAGE}`);
      return 1;
    }
    try {
      stdinText = readFileSync(0, 'utf8');
    } catch (e) {
      return fail(`cannot read the deck from standard input: ${errorText(e)}`);
    }
  }
  registerAll();
  let out: Output;
  try {
    out = new Output({ log, screen });
  } catch (e) {
    return fail((e as Error).message);
  }
  let sim: Simulation | null = null;
  try {
    sim = new Simulation(out);
    if (threads !== null) sim.threads = threads;
    const budget = process.env.DPMD_STEP_BUDGET;
    if (budget) {
      if (!/^\d+$/.test(budget)) return fail(`DPMD_STEP_BUDGET must be a non-negative integer, got '${budget}'`);
      sim.stepBudget = Number(budget);
    }
    for (const [name, values] of vars) sim.variables.preset(name, values);
    const deck = new Deck(sim);
    if (echo) deck.setEcho(echo);
    deck.skipRuns = skipRun;
    out.print('dpmd-ts (LAMMPS-compatible deck interpreter)');
    for (const n of notes) out.print(`NOTE: ${n}`);
    if (skipRun) out.print('NOTE: -skiprun: run and minimize commands are skipped');
    if (stdinText !== null) deck.runText(stdinText, 'stdin');
    else deck.runFile(deckPath!);
    out.print(`Total wall time: ${formatWall(performance.now())}`);
    return 0;
  } catch (e) {
    const msg = e instanceof DeckError ? e.message : `ERROR: ${errorText(e)}`;
    out.print(msg);
    if (!screen) process.stderr.write(`${msg}\n`);
    return 1;
  } finally {
    sim?.dispose();
    out.flush();
  }
}

/** The version in package.json (dist/src/cli.js and src/cli.ts both find it). */
function packageVersion(): string {
  for (const rel of ['../../package.json', '../package.json']) {
    try {
      return JSON.parse(readFileSync(new URL(rel, import.meta.url), 'utf8')).version;
    } catch {
      /* try the next layout */
    }
  }
  return 'unknown';
}

function formatWall(ms: number): string {
  const s = Math.floor(ms / 1000);
  const h = Math.floor(s / 3600),
    m = Math.floor((s % 3600) / 60),
    sec = s % 60;
  return `${h}:${String(m).padStart(2, '0')}:${String(sec).padStart(2, '0')}`;
}

export async function main(argv: string[]): Promise<number> {
  const [cmd, ...rest] = argv;
  // `dpmd < in.deck`: LAMMPS's invocation with the deck on standard input.
  if (!cmd && !process.stdin.isTTY) return runDeckCli([]);
  if (!cmd || cmd === 'help' || cmd === '--help' || cmd === '-h') {
    process.stdout.write(USAGE);
    return cmd ? 0 : 1;
  }
  if (cmd === 'run') return runDeckCli(rest);
  // LAMMPS's own invocation (lmp -in deck -var ...; --version): options without a subcommand.
  if (cmd.startsWith('-')) return runDeckCli(argv);
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
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (e) => {
      // A message, never a stack trace (DPMD_DEBUG=1 shows the stack when debugging dpmd itself).
      process.stderr.write(`ERROR: ${process.env.DPMD_DEBUG ? (e as Error).stack : errorText(e)}\n`);
      process.exitCode = 1;
    },
  );
}
