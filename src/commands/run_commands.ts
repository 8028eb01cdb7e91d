import { existsSync } from 'node:fs';
import { COMMANDS, type Deck } from '../deck.js';
import { int, num, positive, yesNo } from '../parse.js';
import { FIX_STYLES, MIN_STYLES, PAIR_STYLES } from '../styles.js';
import { runMinimize } from '../../integrators/minimize.js';

/** Commands that set up interactions and integration and run them. */
export function registerRunCommands(): void {
  COMMANDS.register('pair_style', (args, deck) => {
    if (args.length < 1) throw new Error('Illegal pair_style command');
    const pair = PAIR_STYLES.get(args[0])();
    // Model files named here (pair_style deepmd graph.yaml) resolve like other input files.
    pair.settings(args.slice(1).map((a) => (looksLikeFile(a) && existsSync(deck.inputPath(a)) ? deck.inputPath(a) : a)));
    deck.sim.pair = pair;
  });
  COMMANDS.register('pair_coeff', (args, deck) => {
    const sim = deck.sim;
    if (!sim.system.boxExists) throw new Error('Pair_coeff command before simulation box is defined');
    if (!sim.pair) throw new Error('Pair_coeff command before pair_style is defined');
    sim.pair.coeff(args.map((a, k) => (k === 2 && looksLikeFile(a) ? deck.inputPath(a) : a)), sim.system);
  });
  COMMANDS.register('pair_modify', (args, deck) => {
    if (!deck.sim.pair) throw new Error('Pair_modify command before pair_style is defined');
    deck.sim.pair.modify(args);
  });
  COMMANDS.register('neighbor', (args, deck) => {
    if (args.length !== 2) throw new Error('Illegal neighbor command: expected "neighbor skin bin"');
    const skin = num(args[0], 'neighbor skin');
    if (skin < 0) throw new Error('Illegal neighbor command: skin must be >= 0');
    if (args[1] !== 'bin' && args[1] !== 'nsq') throw new Error(`Illegal neighbor style '${args[1]}' (bin or nsq)`);
    deck.sim.neighbor.skin = skin;
  });
  COMMANDS.register('neigh_modify', (args, deck) => {
    const nb = deck.sim.neighbor;
    for (let k = 0; k < args.length; k += 2) {
      const v = args[k + 1];
      switch (args[k]) {
        case 'every': nb.every = int(v, 'neigh_modify every'); if (nb.every < 1) throw new Error('neigh_modify every must be >= 1'); break;
        case 'delay': nb.delay = int(v, 'neigh_modify delay'); if (nb.delay < 0) throw new Error('neigh_modify delay must be >= 0'); break;
        case 'check': nb.check = yesNo(v, 'neigh_modify check'); break;
        case 'once': if (yesNo(v, 'neigh_modify once')) throw new Error('neigh_modify once yes is not supported'); break;
        case 'one': case 'page': int(v, `neigh_modify ${args[k]}`); break; // lists grow as needed
        default: throw new Error(`Illegal neigh_modify keyword '${args[k]}'`);
      }
    }
  });
  // `package omp N [keyword value ...]`: LAMMPS's way to ask for N threads per process; dpmd uses
  // N worker threads (0 = auto). Other OPENMP keywords are accepted and ignored.
  COMMANDS.register('package', (args, deck) => {
    if (args[0] !== 'omp' || args.length < 2 || (args.length - 2) % 2 !== 0) {
      throw new Error("Illegal package command: dpmd supports 'package omp Nthreads [keyword value ...]'");
    }
    const n = int(args[1], 'package omp threads');
    if (n < 0) throw new Error('Illegal package omp command: thread count must be >= 0');
    deck.sim.threads = n === 0 ? 'auto' : n;
  });
  COMMANDS.register('timestep', (args, deck) => {
    if (args.length !== 1) throw new Error('Illegal timestep command');
    deck.sim.dt = positive(args[0], 'timestep');
  });
  COMMANDS.register('fix', (args, deck) => {
    if (args.length < 3) throw new Error('Illegal fix command: expected "fix ID group style args"');
    const [id, group, style, ...rest] = args;
    const sim = deck.sim;
    const fix = FIX_STYLES.get(style)(id, group, rest, sim, deck);
    const old = sim.fixes.findIndex((f) => f.id === id);
    if (old >= 0) sim.fixes[old] = fix; // LAMMPS: redefining a fix ID replaces it in place
    else sim.fixes.push(fix);
  });
  COMMANDS.register('unfix', (args, deck) => {
    const k = deck.sim.fixes.findIndex((f) => f.id === args[0]);
    if (k < 0) throw new Error(`Could not find fix ID '${args[0]}' to delete`);
    deck.sim.fixes.splice(k, 1);
  });
  COMMANDS.register('run', run);
  COMMANDS.register('reset_timestep', (args, deck) => {
    deck.sim.step = int(args[0], 'reset_timestep');
    if (deck.sim.step < 0) throw new Error('Timestep must be >= 0');
  });
  COMMANDS.register('min_style', (args, deck) => {
    if (args.length !== 1) throw new Error('Illegal min_style command');
    deck.sim.minStyle = MIN_STYLES.get(args[0])();
  });
  COMMANDS.register('min_modify', (args, deck) => {
    const sim = deck.sim;
    sim.minStyle ??= MIN_STYLES.get('cg')();
    for (let k = 0; k < args.length; k += 2) {
      if (args[k + 1] === undefined) throw new Error(`Illegal min_modify command: '${args[k]}' needs a value`);
      if (!sim.minStyle.modify(args[k], args[k + 1])) throw new Error(`Illegal min_modify keyword '${args[k]}' for min_style ${sim.minStyle.style}`);
    }
  });
  COMMANDS.register('minimize', (args, deck) => {
    if (args.length !== 4) throw new Error('Illegal minimize command: expected "minimize etol ftol maxiter maxeval"');
    const sim = deck.sim;
    sim.minStyle ??= MIN_STYLES.get('cg')();
    runMinimize(sim, {
      etol: num(args[0], 'etol'), ftol: num(args[1], 'ftol'),
      maxiter: int(args[2], 'maxiter'), maxeval: int(args[3], 'maxeval'),
    });
  });
}

function looksLikeFile(a: string): boolean {
  return /[./]/.test(a) && !/^[-+]?\d*\.?\d+([eE][-+]?\d+)?$/.test(a);
}

/** run N [upto] [pre yes|no] [post yes|no] [every M "command"] (every is not supported). */
function run(args: string[], deck: Deck): void {
  if (args.length < 1) throw new Error('Illegal run command');
  let n = int(args[0], 'run steps');
  const opts: { pre?: boolean; post?: boolean } = {};
  for (let k = 1; k < args.length;) {
    const key = args[k];
    if (key === 'upto') { n -= deck.sim.step; k++; }
    else if (key === 'pre' || key === 'post') { opts[key] = yesNo(args[k + 1], `run ${key}`); k += 2; }
    else if (key === 'start' || key === 'stop') { int(args[k + 1], `run ${key}`); k += 2; }
    else throw new Error(`Illegal run keyword '${key}'`);
  }
  if (n < 0) throw new Error('Invalid run command: number of steps must be >= 0');
  deck.sim.run(n, opts);
}
