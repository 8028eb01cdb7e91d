import { mkdirSync, renameSync, rmSync, rmdirSync } from 'node:fs';
import { Args } from '../args.js';
import { COMMANDS, type Deck } from '../deck.js';
import { Lattice } from '../lattice.js';
import { readRestart, writeRestart } from '../restart_file.js';
import { Simulation, type PeriodicOutput } from '../simulation.js';

/**
 * write_restart, read_restart, restart (periodic restart files), clear and shell: a deck that
 * saves its state and starts again from it, as LAMMPS decks do. Restart files are dpmd's own
 * format (src/restart_file.ts).
 */
export function registerRestartCommands(): void {
  COMMANDS.register('write_restart', (args, deck) => {
    const a = new Args('write_restart', args);
    const file = a.word('file name');
    // LAMMPS's keywords (fileper, nfile, noinit) only concern MPI output or init: nothing to do here.
    while (a.more()) {
      const w = a.word('keyword');
      if (w === 'fileper' || w === 'nfile') a.int(w, { ge: 1 });
      else if (w !== 'noinit') a.fail(`unknown keyword '${w}'`);
    }
    writeRestart(deck.outputPath(expandStep(file, deck.sim.step)), deck.sim);
  });
  COMMANDS.register('read_restart', (args, deck) => {
    const a = new Args('read_restart', args);
    const file = a.word('file name');
    if (a.more()) {
      const w = a.word('keyword');
      if (w !== 'remap') a.fail(`unknown keyword '${w}'`);
    }
    a.end();
    if (file.includes('*')) throw new Error('read_restart: file names with * (latest step) are not supported yet');
    const sim = deck.sim;
    const pair = readRestart(deck.inputPath(file), sim);
    const b = sim.system.box;
    const f = (v: number) => v.toPrecision(8);
    sim.out.print(
      `Reading restart file ...\n  ${b.triclinic ? 'triclinic' : 'orthogonal'} box = (${f(b.lo[0])} ${f(b.lo[1])} ${f(b.lo[2])}) to (${f(b.hi[0])} ${f(b.hi[1])} ${f(b.hi[2])})\n  ${sim.system.n} atoms`,
    );
    // The pair style LAMMPS restores (src/pair_restart.ts): replay the commands that built it.
    if (pair.length > 0) sim.out.print(`  restoring pair style ${pair[0][1][0]} from restart`);
    for (const [command, words] of pair) COMMANDS.get(command)(words, deck);
  });
  COMMANDS.register('restart', (args, deck) => {
    const a = new Args('restart', args);
    const every = a.int('N', { ge: 0 });
    const sim = deck.sim;
    sim.outputs = sim.outputs.filter((o) => !(o instanceof RestartOutput));
    if (every === 0) {
      a.end();
      return;
    }
    const files = [a.word('file name')];
    if (a.more() && !['fileper', 'nfile'].includes(a.peek()!)) files.push(a.word('second file name'));
    while (a.more()) {
      const w = a.word('keyword');
      if (w === 'fileper' || w === 'nfile') a.int(w, { ge: 1 });
      else a.fail(`unknown keyword '${w}'`);
    }
    sim.outputs.push(new RestartOutput(every, files, deck));
  });
  COMMANDS.register('clear', (args, deck) => {
    new Args('clear', args).end();
    clearDeck(deck);
  });
  COMMANDS.register('shell', (args, deck) => shell(args, deck));
}

/** `*` in a restart file name is the current step (LAMMPS). */
function expandStep(file: string, step: number): string {
  return file.replace('*', String(step));
}

/**
 * restart N file | restart N file1 file2: write a restart file every N steps (LAMMPS Output);
 * with two names the files alternate, with one a `*` becomes the step.
 */
class RestartOutput implements PeriodicOutput {
  readonly id = '__restart';
  private toggle = 0;
  private lastStep = -1;

  constructor(
    public every: number,
    private readonly files: string[],
    private readonly deck: Deck,
  ) {}

  write(sim: Simulation): void {
    // Not at the setup of a run (LAMMPS writes periodic restarts only on multiples reached by a step).
    if (sim.step === sim.firstStep || sim.step === this.lastStep) return;
    this.lastStep = sim.step;
    const name = this.files.length === 2 ? this.files[this.toggle] : expandStep(this.files[0], sim.step);
    this.toggle ^= 1;
    writeRestart(this.deck.outputPath(name), sim);
  }
}

/**
 * clear (LAMMPS Input::clear): delete the atoms, box, styles, fixes, computes, groups and
 * settings, as a new start; variables stay, and so do the screen and log.
 */
function clearDeck(deck: Deck): void {
  const old = deck.sim;
  for (const o of old.outputs) o.close?.();
  const fresh = new Simulation(old.out);
  fresh.threads = old.threads;
  fresh.stepBudget = old.stepBudget;
  fresh.stepsClaimed = old.stepsClaimed;
  fresh.variables.adopt(old.variables);
  old.dispose();
  deck.sim = fresh;
  deck.lattice = Lattice.parse(['none', '1.0'], 'lj');
  deck.regions.clear();
  deck.boundary = [true, true, true];
  deck.tiltLarge = false;
}

/** shell cd|mkdir|mv|rm|rmdir|putenv ... (LAMMPS's shell command, without arbitrary programs). */
function shell(args: string[], deck: Deck): void {
  if (args.length < 1) throw new Error('Illegal shell command');
  const [cmd, ...rest] = args;
  const path = (p: string) => deck.outputPath(p);
  switch (cmd) {
    case 'mkdir':
      for (const d of rest) mkdirSync(path(d), { recursive: true });
      return;
    case 'rm':
      for (const f of rest) rmSync(path(f), { force: true });
      return;
    case 'rmdir':
      for (const d of rest) rmdirSync(path(d));
      return;
    case 'mv':
      if (rest.length !== 2) throw new Error('Illegal shell mv command: expected "mv old new"');
      renameSync(path(rest[0]), path(rest[1]));
      return;
    case 'cd':
      if (rest.length !== 1) throw new Error('Illegal shell cd command');
      deck.cwd = path(rest[0]);
      return;
    case 'putenv':
      for (const kv of rest) {
        const k = kv.indexOf('=');
        if (k > 0) process.env[kv.slice(0, k)] = kv.slice(k + 1);
        else process.env[kv] = '';
      }
      return;
    default:
      throw new Error(`shell ${cmd}: only cd mkdir mv rm rmdir putenv are supported (dpmd runs no other programs)`);
  }
}
