import { existsSync } from 'node:fs';
import { COMMANDS, type Deck } from '../deck.js';
import { FIX_STYLES, MIN_STYLES, PAIR_STYLES } from '../styles.js';
import { Args, MAXSMALLINT } from '../args.js';
import type { RunOptions } from '../simulation.js';
import { runMinimize } from '../../integrators/minimize.js';
import { recordPairCommand } from '../pair_restart.js';

/** Commands that set up interactions and integration and run them. */
export function registerRunCommands(): void {
  COMMANDS.register('pair_style', (args, deck) => {
    if (args.length < 1) throw new Error('Illegal pair_style command');
    const pair = PAIR_STYLES.get(args[0])();
    // Model files named here (pair_style deepmd graph.yaml) resolve like other input files.
    pair.settings(
      args.slice(1).map((a) => (looksLikeFile(a) && existsSync(deck.inputPath(a)) ? deck.inputPath(a) : a)),
    );
    deck.sim.pair = pair;
    recordPairCommand(pair, 'pair_style', args);
  });
  COMMANDS.register('pair_coeff', (args, deck) => {
    const sim = deck.sim;
    if (!sim.system.boxExists) throw new Error('Pair_coeff command before simulation box is defined');
    if (!sim.pair) throw new Error('Pair_coeff command before pair_style is defined');
    const fileArg = sim.pair.coeffFileArg?.(args) ?? 2;
    sim.pair.coeff(
      args.map((a, k) => (k === fileArg && looksLikeFile(a) ? deck.inputPath(a) : a)),
      sim.system,
    );
    recordPairCommand(sim.pair, 'pair_coeff', args);
  });
  COMMANDS.register('pair_modify', (args, deck) => {
    if (!deck.sim.pair) throw new Error('Pair_modify command before pair_style is defined');
    deck.sim.pair.modify(args);
    recordPairCommand(deck.sim.pair, 'pair_modify', args);
  });
  COMMANDS.register('neighbor', (args, deck) => {
    const a = new Args('neighbor', args);
    a.need(2, 'skin bin|nsq|multi');
    const skin = a.num('skin', { ge: 0 });
    const style = a.oneOf('style', ['bin', 'nsq', 'multi', 'multi/old'] as const);
    a.end();
    // Binned, all-pairs and multi (per-size-collection bins) builds find the same pairs; only the cost differs.
    if (style !== 'bin')
      deck.sim.out.print(`NOTE: neighbor ${style}: dpmd builds binned lists, which hold the same pairs as ${style}`);
    deck.sim.neighbor.skin = skin;
  });
  COMMANDS.register('neigh_modify', (args, deck) => {
    const nb = deck.sim.neighbor;
    const a = new Args('neigh_modify', args);
    let one = 2000,
      page = 100000;
    a.keywords({
      every: (k) => {
        nb.every = k.int('every', { ge: 1 });
      },
      delay: (k) => {
        nb.delay = k.int('delay', { ge: 0 });
      },
      check: (k) => {
        nb.check = k.bool('check');
      },
      once: (k) => {
        if (k.bool('once')) k.fail('once yes is not supported');
      },
      one: (k) => {
        one = k.int('one', { gt: 0 });
      },
      page: (k) => {
        page = k.int('page', { gt: 0 });
      },
      // neighbor multi's size collections (by type lists or by cutoff intervals) only change the binning.
      'collection/type': (k) => {
        const n = k.int('collection/type N', { ge: 1 });
        for (let c = 0; c < n; c++) k.word('collection type list');
      },
      'collection/interval': (k) => {
        const n = k.int('collection/interval N', { ge: 1 });
        for (let c = 0; c < n; c++) k.num('collection cutoff', { gt: 0 });
      },
      exclude: (k) => {
        const ex = nb.exclusion;
        const kind = k.oneOf('exclude style', ['type', 'group', 'molecule/intra', 'molecule/inter', 'none'] as const);
        if (kind === 'none') ex.clear();
        else if (kind === 'type') {
          const ntypes = deck.sim.system.ntypes;
          const range = ntypes > 0 ? { ge: 1, le: ntypes } : { ge: 1 };
          ex.addType(k.int('exclude type I', range), k.int('exclude type J', range));
        } else if (kind === 'group') {
          const g1 = deck.sim.groups.bit(k.word('exclude group ID'), 'neigh_modify exclude');
          ex.addGroup(g1, deck.sim.groups.bit(k.word('exclude group ID'), 'neigh_modify exclude'));
        } else {
          // LAMMPS: "Neighbor multiple exclude molecule requires atom attribute molecule".
          if (!deck.sim.system.atomStyle.molecule)
            k.fail(
              `exclude ${kind} requires an atom style with molecule IDs (atom_style ${deck.sim.system.atomStyle.name})`,
            );
          ex.addMolecule(
            deck.sim.groups.bit(k.word('exclude group ID'), 'neigh_modify exclude'),
            kind === 'molecule/intra',
          );
        }
      },
    });
    if (args.includes('one') || args.includes('page')) {
      if (page < 10 * one) a.fail(`page (${page}) must be at least 10 times one (${one}), as in LAMMPS`);
      deck.sim.out.print(
        'NOTE: neigh_modify one/page: dpmd neighbor lists grow as needed, so these limits never truncate a list',
      );
    }
  });
  // `package omp N [keyword value ...]`: LAMMPS's way to ask for N threads per process; dpmd uses
  // N worker threads (0 = auto). Other OPENMP keywords are accepted and ignored.
  COMMANDS.register('package', (args, deck) => {
    // Accelerator packages (gpu, intel, kokkos) select variants of styles dpmd has once: a note, no change.
    if (args[0] === 'gpu' || args[0] === 'intel' || args[0] === 'kokkos') {
      if (args.length < 2) throw new Error(`Illegal package command: package ${args[0]} needs its count argument`);
      deck.sim.out.print(`NOTE: package ${args[0]} changes nothing in dpmd (one version of each style)`);
      return;
    }
    if (args[0] !== 'omp' || args.length < 2 || (args.length - 2) % 2 !== 0) {
      throw new Error("Illegal package command: dpmd supports 'package omp Nthreads [keyword value ...]'");
    }
    const n = new Args('package omp', args.slice(1)).int('Nthreads', { ge: 0 });
    deck.sim.threads = n === 0 ? 'auto' : n;
  });
  COMMANDS.register('timestep', (args, deck) => {
    const a = new Args('timestep', args);
    const dt = a.num('dt', { gt: 0 });
    deck.sim.updateTime();
    deck.sim.dt = dt;
    a.end();
  });
  COMMANDS.register('fix', (args, deck) => {
    if (args.length < 3) throw new Error('Illegal fix command: expected "fix ID group style args"');
    const [id, group, style, ...rest] = args;
    const sim = deck.sim;
    if (sim.groups.find(group) < 0) throw new Error(`Could not find fix group ID '${group}'`);
    const fix = FIX_STYLES.get(style)(id, group, rest, sim, deck);
    fix.group = group;
    sim.adoptRestartState(fix);
    const old = sim.fixes.findIndex((f) => f.id === id);
    if (old >= 0)
      sim.fixes[old] = fix; // LAMMPS: redefining a fix ID replaces it in place
    else sim.fixes.push(fix);
  });
  COMMANDS.register('unfix', (args, deck) => {
    const a = new Args('unfix', args);
    const id = a.word('fix ID');
    a.end();
    const k = deck.sim.fixes.findIndex((f) => f.id === id);
    if (k < 0) throw new Error(`Could not find fix ID '${id}' to delete`);
    deck.sim.fixes.splice(k, 1);
  });
  COMMANDS.register('run', run);
  COMMANDS.register('reset_timestep', (args, deck) => {
    const a = new Args('reset_timestep', args);
    const step = a.int('step', { ge: 0 }, true);
    a.end();
    deck.sim.updateTime();
    deck.sim.step = step;
    deck.sim.atimestep = step;
  });
  // run_style verlet is what dpmd's run loop is (LAMMPS Verlet::run order); rRESPA is not written.
  COMMANDS.register('run_style', (args) => {
    const a = new Args('run_style', args);
    const style = a.oneOf('style', ['verlet', 'respa', 'verlet/split', 'respa/omp'] as const);
    if (style !== 'verlet') a.fail(`style ${style} is not supported by dpmd yet (verlet is)`);
    a.end();
  });
  COMMANDS.register('min_style', (args, deck) => {
    const a = new Args('min_style', args);
    const style = a.word('style');
    a.end();
    deck.sim.minStyle = MIN_STYLES.get(style)();
  });
  COMMANDS.register('min_modify', (args, deck) => {
    const sim = deck.sim;
    sim.minStyle ??= MIN_STYLES.get('cg')();
    for (let k = 0; k < args.length; k += 2) {
      if (args[k + 1] === undefined) throw new Error(`Illegal min_modify command: '${args[k]}' needs a value`);
      if (!sim.minStyle.modify(args[k], args[k + 1]))
        throw new Error(`Illegal min_modify keyword '${args[k]}' for min_style ${sim.minStyle.style}`);
    }
  });
  COMMANDS.register('minimize', (args, deck) => {
    const a = new Args('minimize', args);
    a.need(4, 'etol ftol maxiter maxeval');
    const c = {
      etol: a.num('etol'),
      ftol: a.num('ftol'),
      maxiter: a.int('maxiter', { le: MAXSMALLINT }),
      maxeval: a.int('maxeval', { le: MAXSMALLINT }),
    };
    a.end();
    const sim = deck.sim;
    sim.minStyle ??= MIN_STYLES.get('cg')();
    if (deck.skipRuns) return;
    runMinimize(sim, c);
  });
}

function looksLikeFile(a: string): boolean {
  return /[./]/.test(a) && !/^[-+]?\d*\.?\d+([eE][-+]?\d+)?$/.test(a);
}

/**
 * run N [upto] [start S] [stop E] [pre yes|no] [post yes|no] [every M cmd ... | NULL] with LAMMPS's
 * meaning (Run::command): start/stop set the steps ramped targets interpolate between; every M
 * splits the run into M-step runs with the quoted commands executed after each.
 */
function run(args: string[], deck: Deck): void {
  const a = new Args('run', args);
  a.need(1, 'N');
  const nIn = a.int('N', {}, true);
  let upto = false;
  let start: number | undefined, stop: number | undefined;
  let every = 0;
  let commands: string[] = [];
  const opts: RunOptions = {};
  a.keywords({
    upto: () => {
      upto = true;
    },
    start: (k) => {
      start = k.int('start', { ge: 0 }, true);
    },
    stop: (k) => {
      stop = k.int('stop', { ge: 0 }, true);
    },
    pre: (k) => {
      opts.pre = k.bool('pre');
    },
    post: (k) => {
      opts.post = k.bool('post');
    },
    every: (k) => {
      every = k.int('every', { gt: 0 });
      commands = k.words.slice(k.pos);
      if (commands.length === 0) k.fail('every M needs commands (or NULL) after M');
      if (commands.length === 1 && commands[0] === 'NULL') commands = [];
      k.pos = k.words.length;
    },
  });
  const sim = deck.sim;
  const n = upto ? nIn - sim.step : nIn;
  if (n < 0 || n > MAXSMALLINT)
    a.fail(upto ? `upto ${nIn} is before the current step ${sim.step}` : `N must be in 0..${MAXSMALLINT}, got ${nIn}`);
  if (start !== undefined && start > sim.step)
    a.fail(`start ${start} is after the start of the run (step ${sim.step})`);
  if (stop !== undefined && stop < sim.step + n)
    a.fail(`stop ${stop} is before the end of the run (step ${sim.step + n})`);
  opts.start = start;
  opts.stop = stop;
  if (deck.skipRuns) return;
  if (every === 0) {
    sim.run(n, opts);
    return;
  }
  for (let left = n, iter = 0; left > 0 || iter === 0; iter++) {
    const chunk = Math.min(left, every);
    sim.run(chunk, { ...opts, pre: iter === 0 ? true : opts.pre, post: opts.post !== false || left <= chunk });
    for (const c of commands) deck.execute(c);
    left -= chunk;
  }
}
