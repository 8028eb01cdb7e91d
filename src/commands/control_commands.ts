import { appendFileSync, writeFileSync } from 'node:fs';
import { Args } from '../args.js';
import { COMMANDS, type Deck } from '../deck.js';

/** Variables, loops, includes and messages: the deck's control flow. */
export function registerControlCommands(): void {
  COMMANDS.register('variable', (args, deck) => {
    if (args.length < 2) throw new Error('Illegal variable command');
    const rest = args.slice(2);
    // atomfile reads its file now, found as other input files are
    if (args[1] === 'atomfile' && rest.length === 1) rest[0] = deck.inputPath(rest[0]);
    deck.sim.variables.define(args[0], args[1], rest);
  });
  COMMANDS.register('next', (args, deck) => {
    if (args.length < 1) throw new Error('Illegal next command');
    deck.nextCount++;
    // An exhausted variable makes the following jump a no-op (LAMMPS Input::jump_skip).
    if (deck.sim.variables.next(args)) deck.skipNextJump = true;
  });
  COMMANDS.register('jump', (args, deck) => {
    if (args.length < 1 || args.length > 2) throw new Error('Illegal jump command');
    if (deck.skipNextJump) {
      deck.skipNextJump = false;
      return;
    }
    deck.jump(args[0], args[1]);
  });
  COMMANDS.register('label', (args) => {
    const a = new Args('label', args);
    a.word('label ID');
    a.end();
  });
  COMMANDS.register('include', (args, deck) => {
    if (args.length !== 1) throw new Error('Illegal include command');
    const saveDir = deck.dir;
    deck.runFile(deck.inputPath(args[0]));
    deck.dir = saveDir;
  });
  COMMANDS.register('print', (args, deck) => {
    const a = new Args('print', args);
    const text = a.word('text');
    let screen = true;
    // file F truncates, append F appends (LAMMPS Input::print: the last of them wins).
    let target: { path: string; append: boolean } | null = null;
    a.keywords({
      screen: (k) => {
        screen = k.bool('screen');
      },
      universe: (k) => {
        k.bool('universe');
      }, // one partition: the universe screen is the screen
      file: (k) => {
        target = { path: deck.outputPath(k.word('file name')), append: false };
      },
      append: (k) => {
        target = { path: deck.outputPath(k.word('file name')), append: true };
      },
    });
    // LAMMPS substitutes the (now unquoted) text again, so "$a" inside quotes is printed as its value.
    const line = deck.substitute(text);
    if (screen) deck.sim.out.print(line);
    else deck.sim.out.logOnly(line);
    const t = target as { path: string; append: boolean } | null;
    if (t !== null) {
      try {
        if (t.append) appendFileSync(t.path, `${line}\n`);
        else writeFileSync(t.path, `${line}\n`);
      } catch (e) {
        throw new Error(`Cannot open print file ${t.path}: ${(e as Error).message}`);
      }
    }
  });
  COMMANDS.register('log', (args, deck) => {
    const a = new Args('log', args);
    const file = a.word('file name');
    const append = a.more() ? a.oneOf('mode', ['append'] as const) === 'append' : false;
    a.end();
    if (file === 'none') deck.sim.out.closeLog();
    else deck.sim.out.openLog(deck.outputPath(file), append);
  });
  COMMANDS.register('echo', (args, deck: Deck) => {
    const a = new Args('echo', args);
    deck.setEcho(a.oneOf('style', ['none', 'screen', 'log', 'both'] as const));
    a.end();
  });
}
