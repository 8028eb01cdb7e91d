import { Args } from '../args.js';
import { COMMANDS, type Deck } from '../deck.js';

/**
 * Commands that only shape a parallel LAMMPS run: how ranks tile the box (`processors`,
 * `comm_style`, `balance`), what ghosts carry (`comm_modify`) and whether ghost forces are sent back
 * (`newton`). dpmd runs one process whose ghosts always reach cutoff + skin and always carry
 * velocities, and it always folds ghost forces back (newton on), so none of them changes a number
 * here. They are read with LAMMPS's syntax, so a mistyped line still fails, and each prints one note.
 */
/** The `newton` bond setting per simulation (default on). */
const newtonBond = new WeakMap<object, boolean>();

export function registerSerialCommands(): void {
  COMMANDS.register('processors', (args, deck) => {
    const a = new Args('processors', args);
    a.need(3, 'Px Py Pz [keyword args ...]');
    for (const dim of ['Px', 'Py', 'Pz']) {
      const w = a.word(dim);
      if (w === '*') continue;
      // One process: any grid other than 1 x 1 x 1 is LAMMPS's own error in a serial run.
      const p = new Args('processors', [w]).int(dim, { ge: 1 });
      if (p !== 1) a.fail(`Specified processors != physical processors (${dim} = ${p}, dpmd runs 1 process)`);
    }
    note(deck, 'processors', 'dpmd runs as one process');
  });
  COMMANDS.register('newton', (args, deck) => {
    const a = new Args('newton', args);
    a.need(1, 'on|off [on|off]');
    const pair = a.oneOf('pair/bond setting', ['on', 'off']) === 'on';
    const bond = a.more() ? a.oneOf('bond setting', ['on', 'off']) === 'on' : pair;
    a.end();
    // LAMMPS: the bond setting fixes how bonded terms are stored, so it cannot change once a box exists.
    const sim = deck.sim;
    if (sim.system.boxExists && bond !== (newtonBond.get(sim) ?? true))
      a.fail('Newton bond change after simulation box is defined');
    newtonBond.set(sim, bond);
    // newton off would compute each cross-process pair twice; with one process the forces are the same.
    note(deck, 'newton', pair && bond ? 'ghost forces are always folded back' : 'same forces with one process');
  });
  COMMANDS.register('comm_modify', (args, deck) => {
    const a = new Args('comm_modify', args);
    a.need(2, 'keyword value ...');
    a.keywords({
      mode: (k) => k.oneOf('mode', ['single', 'multi', 'multi/old']),
      cutoff: (k) => k.num('cutoff', { ge: 0 }),
      'cutoff/multi': (k) => {
        k.word('type range');
        k.num('cutoff', { ge: 0 });
      },
      'cutoff/multi/old': (k) => {
        k.word('type range');
        k.num('cutoff', { ge: 0 });
      },
      reduce: (k) => k.oneOf('reduce', ['multi']),
      'reduce/multi': () => {},
      group: (k) => k.word('group'),
      vel: (k) => k.bool('vel'),
    });
    note(deck, 'comm_modify', 'ghosts reach cutoff + skin and carry velocities');
  });
  COMMANDS.register('comm_style', (args, deck) => {
    const a = new Args('comm_style', args);
    a.oneOf('style', ['brick', 'tiled']);
    a.end();
    note(deck, 'comm_style', 'one process owns the whole box');
  });
  COMMANDS.register('balance', (args, deck) => {
    const a = new Args('balance', args);
    if (!deck.sim.system.boxExists) a.fail('Balance command before simulation box is defined');
    a.need(2, 'thresh style args ...');
    a.num('thresh', { ge: 0 });
    // The style words and their options are LAMMPS's; with one process there is nothing to move.
    const style = a.oneOf('style', ['x', 'y', 'z', 'shift', 'rcb']);
    note(deck, 'balance', `style ${style}: one process owns every atom`);
  });
}

/** The one-line note of a serial no-op (screen and log). */
function note(deck: Deck, command: string, why: string): void {
  deck.sim.out.print(`NOTE: ${command} changes nothing in a serial run (${why})`);
}
