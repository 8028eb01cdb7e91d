import { COMMANDS, type Deck } from '../deck.js';

/** Variables, loops, includes and messages: the deck's control flow. */
export function registerControlCommands(): void {
  COMMANDS.register('variable', (args, deck) => {
    if (args.length < 2) throw new Error('Illegal variable command');
    deck.sim.variables.define(args[0], args[1], args.slice(2));
  });
  COMMANDS.register('next', (args, deck) => {
    if (args.length < 1) throw new Error('Illegal next command');
    // An exhausted variable makes the following jump a no-op (LAMMPS Input::jump_skip).
    if (deck.sim.variables.next(args)) deck.skipNextJump = true;
  });
  COMMANDS.register('jump', (args, deck) => {
    if (args.length < 1 || args.length > 2) throw new Error('Illegal jump command');
    if (deck.skipNextJump) { deck.skipNextJump = false; return; }
    deck.jump(args[0], args[1]);
  });
  COMMANDS.register('label', () => {});
  COMMANDS.register('include', (args, deck) => {
    if (args.length !== 1) throw new Error('Illegal include command');
    const saveDir = deck.dir;
    deck.runFile(deck.inputPath(args[0]));
    deck.dir = saveDir;
  });
  COMMANDS.register('print', (args, deck) => {
    const words = [...args];
    let screen = true;
    let file: string | null = null;
    for (let k = 1; k < words.length; k += 2) {
      if (words[k] === 'screen') screen = words[k + 1] !== 'no';
      else if (words[k] === 'file' || words[k] === 'append') file = words[k + 1];
    }
    if (file) throw new Error('print ... file/append is not supported yet');
    // LAMMPS substitutes the (now unquoted) text again, so "$a" inside quotes is printed as its value.
    if (screen) deck.sim.out.print(deck.substitute(words[0] ?? ''));
  });
  COMMANDS.register('log', (args, deck) => {
    if (args.length < 1) throw new Error('Illegal log command');
    if (args[0] === 'none') return;
    deck.sim.out.openLog(deck.outputPath(args[0]), args[1] === 'append');
  });
  COMMANDS.register('echo', (args, deck: Deck) => {
    const v = args[0];
    if (!['none', 'screen', 'log', 'both'].includes(v)) throw new Error(`Illegal echo '${v}'`);
    deck.echo = v !== 'none';
  });
}
